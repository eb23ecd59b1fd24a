import { spawn, type ChildProcess } from 'node:child_process';
import { killOnExit } from './kill-on-exit.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { isExecutableFile, requireSystemCommand, type SystemCommandOptions } from './system-deps.ts';

/** Debian's redis-server (package `redis-server`), which the cluster tests start themselves. */
export const REDIS_SERVER_PATH = '/usr/bin/redis-server';

/** Where redis-server is: /usr/bin/redis-server, else the first one on PATH; null when there is none. */
export function findRedisServer(
  env: Record<string, string | undefined> = process.env,
  isExecutable: (path: string) => boolean = isExecutableFile,
): string | null {
  if (isExecutable(REDIS_SERVER_PATH)) return REDIS_SERVER_PATH;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'redis-server');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * Whether redis-server is installed (skip loudly when not, naming the apt-get command; fail under
 * AILUNA_REQUIRE_SYSTEM_DEPS=1, which .ci/run sets). Call at the top level of a test file and pass
 * the result to `describe.skipIf(!…)`.
 */
export function redisServerAvailable(options: SystemCommandOptions = {}): boolean {
  if (findRedisServer(options.env, options.isExecutable) !== null) return true;
  return requireSystemCommand(REDIS_SERVER_PATH, 'redis-server', { ...options, isExecutable: () => false });
}

export interface RedisServerOptions {
  /** `--appendonly yes|no` (default no: nothing survives a restart). */
  appendonly?: boolean;
  /** `--appendfsync` (default Redis' own, everysec); `always` makes every acknowledged write survive a kill -9. */
  appendfsync?: 'always' | 'everysec' | 'no';
  /** How long to wait for the first PONG (default 10 s). */
  startTimeoutMs?: number;
}

/** A redis-server this process started on 127.0.0.1, in a temporary directory of its own. */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Its `--dir` (AOF files live here). */
  readonly dir: string;
  /** `redis://127.0.0.1:PORT/DB`. */
  url(db?: number): string;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Its pid (of the current process, after a restart the new one). */
  readonly pid: number | undefined;
  /** What it printed (all runs). */
  log(): string;
  /** Whether it answers PING with PONG right now. */
  ping(): Promise<boolean>;
  /** Sends one command and returns the decoded reply (see `redisCommand`). */
  command(...args: string[]): Promise<RespValue>;
  /** SIGTERM and wait for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and directory with the same settings (stops it first if running). */
  restart(): Promise<void>;
  /** Stops it (SIGKILL if needed) and removes its directory. */
  dispose(): Promise<void>;
}


import { freePort } from './free-port.ts';

export { freePort };

/**
 * Starts Debian's redis-server in the foreground on a free port of 127.0.0.1 with a temporary
 * `--dir`, no RDB snapshots (`--save ''`), AOF as asked, and waits until it answers PING.
 *
 * @example
 * const redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
 * // … --store redis.url(3) …
 * await redis.dispose();
 */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === null) throw new Error(`redis-server is not installed: \`sudo apt-get install redis-server\`.`);
  const dir = mkdtempSync(join(tmpdir(), 'ailuna-redis-'));
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let port = 0;

  const args = (): string[] => [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--daemonize', 'no',
    '--save', '',
    '--appendonly', options.appendonly ? 'yes' : 'no',
    ...(options.appendfsync ? ['--appendfsync', options.appendfsync] : []),
    '--logfile', '',
  ];

  /** Spawns it and waits for PONG; rejects (with its output) when it exits first or stays silent. */
  const launch = async (): Promise<void> => {
    const started = spawn(binary, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
    killOnExit(started);
    child = started;
    let gone = false;
    exited = new Promise((resolve) => started.once('exit', () => { gone = true; resolve(); }));
    const collect = (chunk: Buffer) => { output += chunk.toString(); };
    started.stdout?.on('data', collect);
    started.stderr?.on('data', collect);
    const deadline = Date.now() + startTimeoutMs;
    while (!gone) {
      if (await ping(port)) return;
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        await exited;
        throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within ${startTimeoutMs} ms:\n${output}`);
      }
      await sleep(20);
    }
    throw new Error(`redis-server on 127.0.0.1:${port} exited at start (code ${started.exitCode}, signal ${started.signalCode}):\n${output}`);
  };

  const signalAndWait = async (signal: NodeJS.Signals, timeoutMs: number): Promise<void> => {
    const current = child;
    if (current === undefined || current.exitCode !== null || current.signalCode !== null) return;
    current.kill(signal);
    const timer = setTimeout(() => current.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  };

  // Another process may take the free port between asking and binding: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/i.test(output)) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }

  const server: RedisServer = {
    host: '127.0.0.1',
    get port() { return port; },
    dir,
    url: (db = 0) => `redis://127.0.0.1:${port}/${db}`,
    get running() { return child !== undefined && child.exitCode === null && child.signalCode === null; },
    get pid() { return child?.pid; },
    log: () => output,
    ping: () => ping(port),
    command: (...commandArgs: string[]) => redisCommand(port, commandArgs),
    stop: () => signalAndWait('SIGTERM', 10_000),
    kill9: () => signalAndWait('SIGKILL', 10_000),
    async restart() {
      await signalAndWait('SIGTERM', 10_000);
      await launch();
    },
    async dispose() {
      await signalAndWait('SIGTERM', 5_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether something on 127.0.0.1:port answers the RESP command PING with +PONG. */
export async function ping(port: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    return (await redisCommand(port, ['PING'], timeoutMs)) === 'PONG';
  } catch {
    return false;
  }
}

/** A decoded RESP2 reply: simple strings and bulk strings as strings, integers as numbers, nil as null. */
export type RespValue = string | number | null | RespError | RespValue[];

/** An error reply (`-ERR …`). */
export class RespError extends Error {}

/**
 * Sends one command over a fresh TCP connection in RESP and decodes the reply; no client library.
 *
 * @example
 * await redisCommand(6379, ['SET', 'k', 'v']); // 'OK'
 */
export function redisCommand(port: number, args: string[], timeoutMs = 5_000): Promise<RespValue> {
  const request = Buffer.concat([
    Buffer.from(`*${args.length}\r\n`),
    ...args.flatMap((arg) => {
      const bytes = Buffer.from(arg);
      return [Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')];
    }),
  ]);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => { socket.destroy(); reject(error); };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from 127.0.0.1:${port} within ${timeoutMs} ms to ${args[0]}`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      let parsed;
      try {
        parsed = parseResp(received, 0);
      } catch (error) {
        fail(error as Error);
        return;
      }
      if (parsed === undefined) return;
      socket.end();
      resolve(parsed.value);
    });
    socket.once('end', () => {
      if (!socket.destroyed && !socket.writableEnded) fail(new Error(`127.0.0.1:${port} closed the connection before a whole reply to ${args[0]}`));
    });
  });
}

/** One RESP value from `offset`, or undefined while it is incomplete. */
function parseResp(buffer: Buffer, offset: number): { value: RespValue; next: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+': return { value: line, next };
    case '-': return { value: new RespError(line), next };
    case ':': return { value: Number(line), next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next };
      const items: RespValue[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const item = parseResp(buffer, at);
        if (item === undefined) return undefined;
        items.push(item.value);
        at = item.next;
      }
      return { value: items, next: at };
    }
    default:
      throw new Error(`not a RESP reply: ${JSON.stringify(buffer.toString('utf8', offset, Math.min(buffer.length, offset + 40)))}`);
  }
}
