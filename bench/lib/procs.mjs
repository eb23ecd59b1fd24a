// Child processes of the bench (the fake, Prism, the baseline, the contract suite), plain HTTP
// requests, and the RSS of a process. Every child runs in its own process group, so that it can
// be stopped with whatever it spawned itself, and is killed when the bench exits.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { request as httpRequestRaw } from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {object} Child
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} process
 * @property {number} pid
 * @property {number} spawnedAt performance.now() at the spawn
 * @property {Promise<number | null>} exited resolves with the exit code (null after a signal)
 * @property {number | null | undefined} exitCode undefined while it runs
 * @property {string} output stdout and stderr so far, while `keepOutput` is set (else only until the first waitFor match)
 * @property {string[]} stderrTail the last stderr lines
 * @property {{ stderrLines: number, warnings: number, errors: number, stdoutBytes: number }} counts
 * @property {(pattern: RegExp, timeoutMs: number) => Promise<RegExpExecArray>} waitFor waits for the pattern in the output
 */

/** @type {Set<Child>} */
const children = new Set();

/**
 * Starts a child in its own process group, draining its output (a fake logs a line per request;
 * a full pipe would stall it).
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, keepOutput?: boolean }} [options]
 * @returns {Child}
 */
export function startChild(name, command, args, { cwd, keepOutput = false } = {}) {
  const proc = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {Child} */
  const child = {
    name,
    process: proc,
    pid: /** @type {number} */ (proc.pid),
    spawnedAt: performance.now(),
    exited: Promise.resolve(null),
    exitCode: undefined,
    output: '',
    stderrTail: [],
    counts: { stderrLines: 0, warnings: 0, errors: 0, stdoutBytes: 0 },
    waitFor: () => Promise.reject(new Error('not started')),
  };
  /** @type {{ pattern: RegExp, resolve: (m: RegExpExecArray) => void }[]} */
  let waiters = [];
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
  proc.stdout?.on('data', (/** @type {Buffer} */ chunk) => {
    child.counts.stdoutBytes += chunk.length;
    if (collecting) {
      child.output += chunk.toString('utf8');
      look();
    }
  });
  proc.stderr?.on('data', (/** @type {Buffer} */ chunk) => {
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
    const done = (/** @type {RegExpExecArray} */ m) => {
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

/**
 * @param {Child} child
 * @param {NodeJS.Signals} signal
 */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Stops a child: SIGTERM to its process group, SIGKILL after `graceMs`.
 * @param {Child | null | undefined} child
 * @param {number} [graceMs]
 */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== undefined) return;
  signalGroup(child, 'SIGTERM');
  const timer = sleep(graceMs).then(() => 'late');
  if ((await Promise.race([child.exited, timer])) === 'late') {
    signalGroup(child, 'SIGKILL');
    await Promise.race([child.exited, sleep(2000)]);
  }
}

/** Kills every child still running (synchronously: usable in an 'exit' handler). */
export function killAllChildren() {
  for (const child of children) signalGroup(child, 'SIGKILL');
}

/** @returns {number} children still running */
export function runningChildren() {
  return children.size;
}

/**
 * @typedef {object} HttpAnswer
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body
 */

/**
 * One HTTP request (node:http, no keep-alive).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string, timeoutMs?: number }} [options]
 * @returns {Promise<HttpAnswer>}
 */
export function httpRequest(url, { method = 'GET', headers = {}, body, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequestRaw(url, { method, headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
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
 * @param {string} url
 * @param {{ headers?: Record<string, string>, status?: number, intervalMs?: number, timeoutMs?: number, child?: Child }} [options]
 */
export async function pollUntil(url, { headers = {}, status = 200, intervalMs = 20, timeoutMs = 120_000, child } = {}) {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child && child.exitCode !== undefined) throw new Error(`${child.name} exited (${child.exitCode}):\n${child.stderrTail.slice(-10).join('\n')}`);
    try {
      const answer = await httpRequest(url, { headers, timeoutMs: Math.max(1000, deadline - performance.now()) });
      if (answer.status === status) return performance.now();
      last = `status ${answer.status}`;
    } catch (error) {
      last = /** @type {Error} */ (error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

/**
 * A process's resident memory in bytes (Linux /proc), or null elsewhere.
 * @param {number} pid
 */
export function readRss(pid) {
  try {
    const kib = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}
