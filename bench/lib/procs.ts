// Child processes of the bench (the fake, Prism, the baseline, the contract suite), plain HTTP
// requests, and the RSS of a process. Every child runs in its own process group, so that it can
// be stopped with whatever it spawned itself, and is killed when the bench exits.
import { Buffer } from 'node:buffer';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

/** A child process of the bench. */
export interface Child {
  name: string;
  process: ChildProcess;
  pid: number;
  /** performance.now() at the spawn */
  spawnedAt: number;
  /** resolves with the exit code (null after a signal) */
  exited: Promise<number | null>;
  /** undefined while it runs */
  exitCode: number | null | undefined;
  /** stdout and stderr so far, while `keepOutput` is set (else only until the first waitFor match) */
  output: string;
  /** the last stderr lines */
  stderrTail: string[];
  counts: { stderrLines: number; warnings: number; errors: number; stdoutBytes: number };
  /** waits for the pattern in the output */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<RegExpExecArray>;
}

const children = new Set<Child>();

/**
 * Starts a child in its own process group, draining its output (a fake logs a line per request;
 * a full pipe would stall it).
 */
export function startChild(name: string, command: string, args: string[], { cwd, keepOutput = false }: { cwd?: string; keepOutput?: boolean } = {}): Child {
  const proc = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const child: Child = {
    name,
    process: proc,
    pid: proc.pid!,
    spawnedAt: performance.now(),
    exited: Promise.resolve(null),
    exitCode: undefined,
    output: '',
    stderrTail: [],
    counts: { stderrLines: 0, warnings: 0, errors: 0, stdoutBytes: 0 },
    waitFor: () => Promise.reject(new Error('not started')),
  };
  let waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  // The output is kept until a waitFor has matched and none is pending (or for good with keepOutput).
  let collecting = true;
  let matched = false;
  const look = () => {
    waiters = waiters.filter((w) => {
      const match = w.pattern.exec(child.output);
      if (match) {
        matched = true;
        w.resolve(match);
      }
      return !match;
    });
    if (waiters.length === 0 && matched && !keepOutput) {
      collecting = false;
      child.output = '';
    } else if (child.output.length > 4_000_000) {
      child.output = child.output.slice(-1_000_000);
    }
  };
  let partial = '';
  proc.stdout?.on('data', (chunk: Buffer) => {
    child.counts.stdoutBytes += chunk.length;
    if (collecting) {
      child.output += chunk.toString('utf8');
      look();
    }
  });
  proc.stderr?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      child.counts.stderrLines++;
      if (line.startsWith('warning:')) child.counts.warnings++;
      if (line.startsWith('error:')) child.counts.errors++;
      child.stderrTail.push(line);
    }
    if (child.stderrTail.length > 40) child.stderrTail.splice(0, child.stderrTail.length - 40);
    if (collecting) {
      child.output += chunk.toString('utf8');
      look();
    }
  });
  child.exited = new Promise((resolve) => {
    proc.on('exit', (code) => {
      child.exitCode = code;
      children.delete(child);
      resolve(code);
    });
    proc.on('error', (error) => {
      child.exitCode = -1;
      child.stderrTail.push(String(error));
      children.delete(child);
      resolve(-1);
    });
  });
  child.waitFor = (pattern, timeoutMs) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: no ${pattern} in its output within ${timeoutMs} ms`)), timeoutMs);
    const done = (m: RegExpExecArray) => {
      clearTimeout(timer);
      resolve(m);
    };
    child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before printing ${pattern}:\n${child.stderrTail.slice(-10).join('\n')}`));
    });
    collecting = true;
    waiters.push({ pattern, resolve: done });
    look();
  });
  children.add(child);
  return child;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Stops a child: SIGTERM to its process group, SIGKILL after `graceMs`.
 */
export async function stopChild(child: Child | null | undefined, graceMs = 3000): Promise<void> {
  if (!child || child.exitCode !== undefined) return;
  signalGroup(child, 'SIGTERM');
  const timer = sleep(graceMs).then(() => 'late');
  if ((await Promise.race([child.exited, timer])) === 'late') {
    signalGroup(child, 'SIGKILL');
    await Promise.race([child.exited, sleep(2000)]);
  }
}

/** Kills every child still running (synchronously: usable in an 'exit' handler). */
export function killAllChildren(): void {
  for (const child of children) signalGroup(child, 'SIGKILL');
}

/** Children still running. */
export function runningChildren(): number {
  return children.size;
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request (node:http, no keep-alive).
 */
export function httpRequest(
  url: string,
  { method = 'GET', headers = {}, body, timeoutMs = 30_000 }: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequestRaw(url, { method, headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Polls until the URL answers `status`; returns the performance.now() of that answer.
 */
export async function pollUntil(
  url: string,
  { headers = {}, status = 200, intervalMs = 20, timeoutMs = 120_000, child }: { headers?: Record<string, string>; status?: number; intervalMs?: number; timeoutMs?: number; child?: Child } = {},
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child && child.exitCode !== undefined) throw new Error(`${child.name} exited (${child.exitCode}):\n${child.stderrTail.slice(-10).join('\n')}`);
    try {
      const answer = await httpRequest(url, { headers, timeoutMs: Math.max(1000, deadline - performance.now()) });
      if (answer.status === status) return performance.now();
      last = `status ${answer.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * A process's resident memory in bytes (Linux /proc), or null elsewhere.
 */
/**
 * CPU time (user + system) a process's main thread has used so far, in µs (Linux /proc; null
 * elsewhere). Unlike a profile's sample spans, it does not grow while the thread waits for a core.
 */
export function readMainThreadCpuUs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ');
    const ticks = Number(fields?.[11]) + Number(fields?.[12]);
    // /proc counts in clock ticks of 1/100 s on Linux.
    return Number.isFinite(ticks) ? ticks * 10_000 : null;
  } catch {
    return null;
  }
}

export function readRss(pid: number): number | null {
  try {
    const kib = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}
