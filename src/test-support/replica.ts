import { spawn, type ChildProcess } from 'node:child_process';
import { killOnExit } from './kill-on-exit.ts';
import { fileURLToPath } from 'node:url';

/** The package's CLI, run with this Node as users run it. */
export const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));

const BANNER = /listening on (http:\/\/\S+)\/api\/v1/;

/** One `ailuna-images serve` process of a cluster. */
export interface Replica {
  /** `http://127.0.0.1:PORT` (from its banner). */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/api/v1`. */
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null after a signal) when the process ends. */
  readonly exited: Promise<number | null>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** SIGTERM and wait (SIGKILL after 10 s); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait. */
  kill9(): Promise<void>;
}

export interface ServeRunOptions {
  /** Extra environment variables (e.g. AILUNA_STORE). */
  env?: Record<string, string>;
  /** How long to wait for the banner or the exit (default 20 s). */
  timeoutMs?: number;
}


/** What `serve` did when it was started: printed its banner (and is running) or exited. */
export type ServeOutcome =
  | { started: true; replica: Replica }
  | { started: false; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/**
 * Spawns `node bin/ailuna-images.mjs serve --host 127.0.0.1 --port 0 [...args]` and waits until it
 * prints its banner or exits. For a command line that should be refused; `startReplica` for one
 * that should serve.
 */
export function runServe(args: readonly string[], options: ServeRunOptions = {}): Promise<ServeOutcome> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  killOnExit(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stopWith = async (signal: NodeJS.Signals, timeout: number): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };

  return new Promise<ServeOutcome>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`serve ${args.join(' ')} neither printed its banner nor exited within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = BANNER.exec(stdout);
      if (settled || !match?.[1]) return;
      settled = true;
      clearTimeout(timer);
      const origin = match[1];
      resolve({
        started: true,
        replica: {
          origin,
          baseUrl: `${origin}/api/v1`,
          child,
          exited,
          output: () => ({ stdout, stderr }),
          stop: () => stopWith('SIGTERM', 10_000),
          kill9: async () => { await stopWith('SIGKILL', 10_000); },
        },
      });
    });
    // 'close', not 'exit': the last chunks of its output are read by then.
    child.once('close', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ started: false, code, signal, stdout, stderr });
    });
  });
}

/**
 * Starts a replica on Redis: `serve --host 127.0.0.1 --port 0 --store STORE [...args]`, and waits
 * for its banner. Rejects with its output when it exits instead.
 *
 * @example
 * const a = await startReplica(redis.url(1), ['--count', '5']);
 * await fetch(`${a.baseUrl}/images`, { headers });
 * await a.stop();
 */
export async function startReplica(store: string | null, args: readonly string[] = [], options: ServeRunOptions = {}): Promise<Replica> {
  const outcome = await runServe([...(store === null ? [] : ['--store', store]), ...args], options);
  if (outcome.started) return outcome.replica;
  throw new Error(
    `serve ${[...(store === null ? [] : ['--store', store]), ...args].join(' ')} exited with ${outcome.code ?? outcome.signal} before listening.\n` +
      `stdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`,
  );
}
