import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { killOnExit } from './kill-on-exit.ts';

/** The package's command, run as users run it: `node bin/ailuna-images.mjs …`. */
export const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));

/** The test's environment without colour settings (a developer's FORCE_COLOR must not change what a test reads), plus `extra`. */
export function cliEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env;
  return { ...env, ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command to its end. */
export function runCli(args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv(options.env), cwd: options.cwd });
  killOnExit(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export interface RunningCli {
  child: ChildProcess;
  /** The match of `marker` in its output. */
  match: RegExpExecArray;
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then its exit code (waits for its output to close). */
  stop(): Promise<number | null>;
}

/** Starts a long-running command (serve, record, replay) and resolves once `marker` appears on stdout or stderr. */
export function startCli(args: readonly string[], marker: RegExp, options: { env?: Record<string, string> } = {}): Promise<RunningCli> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv(options.env) });
  killOnExit(child);
  let stdout = '';
  let stderr = '';
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let found = false;
    const look = () => {
      const match = marker.exec(stdout) ?? marker.exec(stderr);
      if (found || match === null) return;
      found = true;
      resolve({
        child, match, output: () => ({ stdout, stderr }),
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return closed;
        },
      });
    };
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); look(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); look(); });
    void closed.then((code) => {
      if (!found) reject(new Error(`${args.join(' ')} exited with ${code} before printing ${String(marker)}:\n${stdout}\n${stderr}`));
    });
  });
}
