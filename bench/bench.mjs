#!/usr/bin/env node
// Benchmark (npm run bench; not part of npm test). Starts, each in its own process, the fake
// (bin/ailuna-images.mjs serve, as a user runs it), `prism mock` of openapi/openapi.yaml and a
// bare node:http baseline serving the fake's own default list body, drives each with autocannon
// (in this process) through the same scenarios, and writes bench/results/<date>.json|.svg and
// latest.json|.svg|.md. `npm run bench -- --help` lists the flags.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parse as parseYaml } from 'yaml';
import { parseArgs, USAGE, UsageError } from './lib/args.mjs';
import { httpRequest, killAllChildren, pollUntil, readRss, runningChildren, startChild, stopChild } from './lib/procs.mjs';
import { markdownTable, renderChart, SCENARIO_LABELS, sizeLabel, targetLines } from './lib/report.mjs';
import { findRedisServer, startRedis } from './lib/redis.mjs';
import { buildRequests, enumsFromDocument, extractWords, newTally, shuffled } from './lib/scenarios.mjs';
import { evaluateTargets, median, ratio, spreadPages, summarise } from './lib/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ailuna-images.mjs');
const PRISM = join(ROOT, 'node_modules', '.bin', 'prism');
const DOCUMENT = join(ROOT, 'openapi', 'openapi.yaml');
const BASELINE = join(ROOT, 'bench', 'lib', 'baseline-server.mjs');
const EXPRESS = join(ROOT, 'bench', 'lib', 'express-server.mjs');
/** @type {[string, string]} */
const KEYS = [
  'demoKeyOne000000000000000000000000000000000000000000000000000001',
  'demoKeyTwo000000000000000000000000000000000000000000000000000002',
];
const JSON_ONE = { accept: 'application/json', authorization: `Bearer ${KEYS[0]}` };
/** Start-up time and RSS are measured (and have targets) at these sizes. */
const STARTUP_SIZES = [10_000, 100_000];
/** Pages of 100 read per key to collect the words, ids and files (evenly spread over the list). */
const PAGES_PER_KEY = 20;
const FILES_PER_RESOLUTION = 10;
const MAX_WORDS = 1000;

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`bench: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const opts = options;

const startedAt = new Date();
const t0 = performance.now();
/** @param {string} message */
const log = (message) => {
  const s = Math.round((performance.now() - t0) / 1000);
  process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
};

// Children die with the bench, whatever ends it.
/** @type {Set<{ stop: () => void }>} */
const runningCannons = new Set();
process.on('exit', killAllChildren);
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping (${runningChildren()} child processes killed)\n`);
    for (const instance of runningCannons) instance.stop();
    killAllChildren();
    process.exit(130);
  });
}

/** A free TCP port on 127.0.0.1 (for Prism, which has no port 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** @param {string[]} args */
function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Local date as YYYY-MM-DD. */
function isoDate(date = new Date()) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * Starts the fake with `count` images per key (two keys), as a user does, and times it from the
 * spawn to the first 200 of GET /api/v1/images (polled every 20 ms once the port is known).
 * @param {number | null} count null: the default count
 */
async function startFake(count, extraArgs = /** @type {string[]} */ ([]), name = 'fake') {
  const args = [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...(count == null ? [] : ['--count', String(count)]), ...extraArgs];
  const child = startChild(`${name} (${count ?? 'default'} per key)`, process.execPath, args, { cwd: ROOT });
  const match = await child.waitFor(/listening on (http:\/\/\S+?)\/api\/v1/, 300_000);
  const origin = /** @type {string} */ (match[1]);
  const bannerMs = performance.now() - child.spawnedAt;
  const readyAt = await pollUntil(`${origin}/api/v1/images`, { headers: JSON_ONE, intervalMs: 20, timeoutMs: 300_000, child });
  const startupMs = readyAt - child.spawnedAt;
  const rssBytes = readRss(child.pid);
  return { child, origin, bannerMs, startupMs, rssBytes };
}

/**
 * What the scenarios need, from the running fake: its default list body (for the baseline), and
 * search words, ids and JPEG files from pages spread over both keys' lists.
 * @param {string} origin
 * @param {{ resolutions: string[] }} enums
 */
async function collect(origin, enums) {
  const list = await httpRequest(`${origin}/api/v1/images`, { headers: JSON_ONE });
  if (list.status !== 200) throw new Error(`GET /api/v1/images answered ${list.status}`);
  /** @type {string[]} */
  const names = [];
  /** @type {number[]} */
  const ids = [];
  /** @type {Map<string, string[]>} */
  const files = new Map(enums.resolutions.map((r) => [r, []]));
  let pagesRead = 0;
  for (const key of KEYS) {
    const headers = { accept: 'application/json', authorization: `Bearer ${key}` };
    /** @param {number} page */
    const read = async (page) => {
      const answer = await httpRequest(`${origin}/api/v1/images?per_page=100&page=${page}`, { headers, timeoutMs: 60_000 });
      if (answer.status !== 200) throw new Error(`GET /api/v1/images?per_page=100&page=${page} answered ${answer.status}`);
      pagesRead++;
      return JSON.parse(answer.body.toString('utf8'));
    };
    const first = await read(1);
    const pages = spreadPages(Number(first.meta?.last_page ?? 1), PAGES_PER_KEY);
    for (const page of pages) {
      const body = page === 1 ? first : await read(page);
      for (const image of body.data) {
        names.push(String(image.name));
        if (key === KEYS[0]) {
          ids.push(Number(image.id));
          files.get(String(image.resolution))?.push(String(image.result));
        }
      }
    }
  }
  const words = shuffled(extractWords(names), 1).slice(0, MAX_WORDS);
  const chosenFiles = [...files.values()].flatMap((list) => shuffled(list, 3).slice(0, FILES_PER_RESOLUTION));
  if (words.length === 0 || ids.length === 0 || chosenFiles.length === 0) throw new Error('the fake\'s list gave no words, ids or files');
  return {
    listBody: list.body,
    listContentType: String(list.headers['content-type'] ?? 'application/json'),
    pagesRead,
    names: names.length,
    data: { words, ids: shuffled([...new Set(ids)], 2), files: chosenFiles },
  };
}

/**
 * One autocannon run in this process.
 * @param {string} url
 * @param {object[]} requests
 * @param {number} seconds
 * @param {number} [connections]
 * @returns {Promise<any>}
 */
function cannon(url, requests, seconds, connections = opts.connections) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: opts.timeout, requests }, (error, result) => {
      runningCannons.delete(instance);
      if (error) reject(error);
      else resolve(result);
    });
    runningCannons.add(instance);
  });
}

/**
 * After a run, the target may still be working through the requests autocannon dropped at the
 * end (a slow fake queues them): one probe, answered after that backlog, keeps it out of the next run.
 * @param {string} url
 * @param {Record<string, string>} headers
 * @returns {Promise<number | null>} ms until it answered
 */
async function drain(url, headers) {
  const started = performance.now();
  try {
    await httpRequest(url, { headers, timeoutMs: 180_000 });
    return Math.round(performance.now() - started);
  } catch (error) {
    log(`  drain probe failed: ${/** @type {Error} */ (error).message}`);
    return null;
  }
}

/**
 * @param {any} result autocannon's
 * @param {import('./lib/scenarios.mjs').Tally} tally
 * @param {number | null} drainMs
 * @returns {import('./lib/stats.mjs').RawRun}
 */
function rawRun(result, tally, drainMs) {
  /** @type {Record<string, number>} */
  const statusCodes = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count;
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    seconds: result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    expected404: tally.expected404,
    violations: tally.violations,
    checks: tally.checks,
    statusCodes,
    bytesPerSecond: result.throughput.average,
    drainMs: drainMs ?? -1,
  };
}

/** @param {import('./lib/stats.mjs').RawRun} r */
function describeRun(r) {
  const extra = [
    r.timeouts ? `${r.timeouts} timeouts` : '',
    r.violations ? `${r.violations} violations (${Object.entries(r.checks).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '',
    r.expected404 ? `${r.expected404} expected 404` : '',
  ].filter(Boolean).join(', ');
  return `${r.rps.toFixed(r.rps >= 100 ? 0 : 1)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}${extra ? `, ${extra}` : ''} (drain ${r.drainMs} ms)`;
}

/**
 * Warm-up, then `opts.runs` measured runs of one scenario against one target.
 * @param {{ label: string, target: string, size: number | null, url: string, probe: string, probeHeaders: Record<string, string>,
 *   scenario: string, ctx: Omit<import('./lib/scenarios.mjs').ScenarioContext, 'sequence'> }} job
 */
async function measure(job) {
  const sequence = { n: 0 };
  const ctx = { ...job.ctx, sequence };
  /** @type {import('./lib/stats.mjs').RawRun | null} */
  let warmup = null;
  if (opts.warmup > 0) {
    log(`${job.label}: warm-up ${opts.warmup} s`);
    const tally = newTally();
    const result = await cannon(job.url, buildRequests(job.scenario, ctx, tally), opts.warmup);
    warmup = rawRun(result, tally, await drain(job.probe, job.probeHeaders));
  }
  /** @type {import('./lib/stats.mjs').RawRun[]} */
  const runs = [];
  for (let i = 1; i <= opts.runs; i++) {
    const tally = newTally();
    const result = await cannon(job.url, buildRequests(job.scenario, ctx, tally), opts.duration);
    const run = rawRun(result, tally, await drain(job.probe, job.probeHeaders));
    runs.push(run);
    log(`${job.label}: run ${i}/${opts.runs}: ${describeRun(run)}`);
  }
  /** @type {{ scenario: string, size: number | null, target: string, summary: import('./lib/stats.mjs').Summary, runs: import('./lib/stats.mjs').RawRun[], warmup: import('./lib/stats.mjs').RawRun | null, rssAfterBytes?: number | null }} */
  const measurement = { scenario: job.scenario, size: job.size, target: job.target, summary: summarise(runs), runs, warmup };
  return measurement;
}

/**
 * One scenario against two replicas at once: half the connections each, started together; the
 * figure is their sum (req/s, counts) and the worse of the two (latencies).
 * @param {{ label: string, size: number, urls: [string, string], probes: [string, string], scenario: string,
 *   ctx: Omit<import('./lib/scenarios.mjs').ScenarioContext, 'sequence'> }} job
 */
async function measurePair(job) {
  const sequence = { n: 0 };
  const half = Math.max(1, Math.floor(opts.connections / 2));
  const once = async (/** @type {number} */ seconds) => {
    const tallies = [newTally(), newTally()];
    const results = await Promise.all(job.urls.map((url, i) =>
      cannon(url, buildRequests(job.scenario, { ...job.ctx, sequence, tag: `${job.ctx.tag}${i}` }, /** @type {any} */ (tallies[i])), seconds, half)));
    const drains = await Promise.all(job.probes.map((probe) => drain(probe, JSON_ONE)));
    const [a, b] = results.map((result, i) => rawRun(result, /** @type {any} */ (tallies[i]), drains[i] ?? null));
    return combineRuns(/** @type {any} */ (a), /** @type {any} */ (b));
  };
  if (opts.warmup > 0) {
    log(`${job.label}: warm-up ${opts.warmup} s`);
    await once(opts.warmup);
  }
  /** @type {import('./lib/stats.mjs').RawRun[]} */
  const runs = [];
  for (let i = 1; i <= opts.runs; i++) {
    const run = await once(opts.duration);
    runs.push(run);
    log(`${job.label}: run ${i}/${opts.runs}: ${describeRun(run)}`);
  }
  return { scenario: job.scenario, size: job.size, target: 'cluster', summary: summarise(runs), runs, warmup: null };
}

/**
 * @param {import('./lib/stats.mjs').RawRun} a
 * @param {import('./lib/stats.mjs').RawRun} b
 * @returns {import('./lib/stats.mjs').RawRun}
 */
function combineRuns(a, b) {
  /** @type {Record<string, number>} */
  const statusCodes = { ...a.statusCodes };
  for (const [code, count] of Object.entries(b.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  /** @type {Record<string, number>} */
  const checks = { ...a.checks };
  for (const [reason, count] of Object.entries(b.checks)) checks[reason] = (checks[reason] ?? 0) + count;
  return {
    rps: a.rps + b.rps,
    requests: a.requests + b.requests,
    seconds: Math.max(a.seconds, b.seconds),
    latencyMs: {
      p50: Math.max(a.latencyMs.p50, b.latencyMs.p50), p90: Math.max(a.latencyMs.p90, b.latencyMs.p90),
      p99: Math.max(a.latencyMs.p99, b.latencyMs.p99), max: Math.max(a.latencyMs.max, b.latencyMs.max),
      mean: (a.latencyMs.mean * a.requests + b.latencyMs.mean * b.requests) / Math.max(1, a.requests + b.requests),
    },
    errors: a.errors + b.errors, timeouts: a.timeouts + b.timeouts, non2xx: a.non2xx + b.non2xx,
    expected404: a.expected404 + b.expected404, violations: a.violations + b.violations, checks, statusCodes,
    bytesPerSecond: a.bytesPerSecond + b.bytesPerSecond, drainMs: Math.max(a.drainMs, b.drainMs),
  };
}

/**
 * Issue 10's cost of sharing: the default list and the mixed scenario through two replicas on one
 * Redis (each driven with half the connections), beside the one in-memory fake of the same size.
 * @param {number} size
 * @param {{ resolutions: string[] }} enums
 * @returns {Promise<any[] | { skipped: string }>}
 */
async function measureCluster(size, enums) {
  const binary = findRedisServer();
  if (binary === null) return { skipped: 'redis-server is not installed (sudo apt-get install redis-server)' };
  const port = await freePort();
  const redis = await startRedis(binary, port);
  /** @type {Awaited<ReturnType<typeof startFake>>[]} */
  const replicas = [];
  try {
    const store = ['--store', `redis://127.0.0.1:${port}/0`];
    for (let i = 1; i <= 2; i++) replicas.push(await startFake(size, store, `replica ${i}`));
    const [one, two] = /** @type {[any, any]} */ (replicas);
    log(`${sizeLabel(size)} cluster: 2 replicas on redis://127.0.0.1:${port}/0 ready (${Math.round(one.startupMs)} ms, ${Math.round(two.startupMs)} ms)`);
    const collected = await collect(one.origin, enums);
    const probes = /** @type {[string, string]} */ (replicas.map((r) => `${r.origin}/api/v1/images/${collected.data.ids[0]}`));
    const measurements = [];
    for (const scenario of ['list', 'mixed']) {
      measurements.push(await measurePair({
        label: `${sizeLabel(size)} 2 replicas on Redis ${scenario}`, size, scenario, probes,
        urls: [one.origin, two.origin],
        ctx: { prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful: true, tag: `${sizeLabel(size)}c` },
      }));
    }
    return measurements;
  } finally {
    for (const replica of replicas) await stopChild(replica.child);
    await stopChild(redis.child);
    redis.cleanUp();
  }
}

async function main() {
  const doc = parseYaml(readFileSync(DOCUMENT, 'utf8'));
  const enums = enumsFromDocument(doc);
  const outDir = opts.out ?? join(ROOT, 'bench', 'results');
  const suffix = opts.quick ? '-quick' : '';
  const tmp = mkdtempSync(join(os.tmpdir(), 'ailuna-bench-'));
  const cpus = os.cpus();
  const srcChanges = git(['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean);
  const machine = {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    srcUncommitted: srcChanges,
  };
  log(`bench: ${opts.quick ? 'quick, ' : ''}sizes ${opts.sizes.map(sizeLabel).join(', ')}; scenarios ${opts.scenarios.join(', ')}; targets ${opts.targets.join(', ')}; `
    + `${opts.connections} connections, warm-up ${opts.warmup} s, ${opts.runs} × ${opts.duration} s; ${machine.cpuCount} × ${machine.cpuModel}, node ${machine.node}, commit ${machine.commit}`
    + `${srcChanges.length ? ` (+${srcChanges.length} uncommitted change(s) under src/)` : ''}`);

  /** @type {any[]} */
  const measurements = [];
  /** @type {Record<string, any>} */
  const sizes = {};
  /** @type {Record<string, { samplesMs: number[], medianMs: number }>} */
  const startup = {};
  /** @type {Record<string, { bytes: number }>} */
  const rss = {};
  /** @type {import('./lib/scenarios.mjs').ScenarioData | null} */
  let prismData = null;

  for (const size of opts.sizes) {
    const label = sizeLabel(size);
    const measureStartup = opts.startup && STARTUP_SIZES.includes(size);
    /** @type {number[]} */
    const samples = [];
    if (measureStartup) {
      log(`${label}: start-up sample 1 (spawn → first 200 of GET /api/v1/images)`);
      const extra = await startFake(size);
      samples.push(extra.startupMs);
      log(`${label}: start-up ${Math.round(extra.startupMs)} ms (banner after ${Math.round(extra.bannerMs)} ms), RSS ${Math.round((extra.rssBytes ?? 0) / 1048576)} MiB`);
      await stopChild(extra.child);
    }
    log(`${label}: starting the fake (${size} images per key, two keys)`);
    const fake = await startFake(size);
    if (measureStartup) {
      samples.push(fake.startupMs);
      startup[String(size)] = { samplesMs: samples.map(Math.round), medianMs: Math.round(median(samples)) };
      if (fake.rssBytes != null) rss[String(size)] = { bytes: fake.rssBytes };
    }
    log(`${label}: ready after ${Math.round(fake.startupMs)} ms, RSS ${Math.round((fake.rssBytes ?? 0) / 1048576)} MiB; collecting words, ids and files`);
    const collected = await collect(fake.origin, enums);
    prismData ??= collected.data;
    log(`${label}: ${collected.data.words.length} words, ${collected.data.ids.length} ids, ${collected.data.files.length} files from ${collected.pagesRead} pages; default list body ${collected.listBody.length} bytes`);
    const probe = `${fake.origin}/api/v1/images/${collected.data.ids[0]}`;
    for (const scenario of opts.scenarios) {
      const m = await measure({
        label: `${label} fake ${scenario}`, target: 'fake', size, url: fake.origin, probe, probeHeaders: JSON_ONE, scenario,
        ctx: { prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful: true, tag: `${label}f` },
      });
      // The fake's memory after each scenario: growth under load shows up here.
      m.rssAfterBytes = readRss(fake.child.pid);
      log(`${label} fake ${scenario}: RSS now ${Math.round((m.rssAfterBytes ?? 0) / 1048576)} MiB`);
      measurements.push(m);
    }
    const rssAfterLoad = readRss(fake.child.pid);
    await stopChild(fake.child);
    sizes[String(size)] = {
      startupMs: Math.round(fake.startupMs),
      bannerMs: Math.round(fake.bannerMs),
      rssAfterSeedBytes: fake.rssBytes,
      rssAfterLoadBytes: rssAfterLoad,
      listBodyBytes: collected.listBody.length,
      words: collected.data.words.length,
      ids: collected.data.ids.length,
      files: collected.data.files.length,
      fakeLog: { stdoutBytes: fake.child.counts.stdoutBytes, stderrLines: fake.child.counts.stderrLines, warnings: fake.child.counts.warnings, errors: fake.child.counts.errors, stderrTail: fake.child.stderrTail.slice(-10) },
    };

    // The baseline and the Express ceiling answer every request with the fake's default list body.
    const file = join(tmp, `list-${size}.json`);
    writeFileSync(file, collected.listBody);
    for (const [target, script] of /** @type {const} */ ([['baseline', BASELINE], ['express', EXPRESS]])) {
      if (!opts.targets.includes(target)) continue;
      const server = startChild(`${target} (${label})`, process.execPath, [script, file, collected.listContentType], { cwd: ROOT });
      const origin = /** @type {string} */ ((await server.waitFor(/listening on (http:\/\/\S+?)\//, 30_000))[1]);
      measurements.push(await measure({
        label: `${label} ${target}`, target, size, url: origin, probe: `${origin}/`, probeHeaders: {}, scenario: 'list',
        ctx: { prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful: false, tag: `${label}${target[0]}` },
      }));
      await stopChild(server);
    }
  }

  /** @type {{ skipped: string } | null} */
  let cluster = null;
  if (opts.cluster) {
    const size = opts.sizes.includes(10_000) ? 10_000 : /** @type {number} */ (opts.sizes[0]);
    // A cluster that cannot run (no redis-server, a replica that will not start) is reported, not fatal.
    const measured = await measureCluster(size, enums).catch((error) => ({ skipped: `failed: ${/** @type {Error} */ (error).message.split('\n')[0]}` }));
    if (Array.isArray(measured)) measurements.push(...measured);
    else {
      cluster = measured;
      log(`cluster: skipped, ${measured.skipped}`);
    }
  }

  if (opts.targets.includes('prism') && prismData) {
    const port = await freePort();
    log(`prism: starting prism mock on port ${port}`);
    const prism = startChild('prism mock', process.execPath, [PRISM, 'mock', '--host', '127.0.0.1', '--port', String(port), DOCUMENT], { cwd: ROOT });
    const origin = `http://127.0.0.1:${port}`;
    await pollUntil(`${origin}/images`, { headers: JSON_ONE, intervalMs: 100, timeoutMs: 120_000, child: prism });
    log('prism: answering');
    for (const scenario of opts.scenarios) {
      measurements.push(await measure({
        label: `prism ${scenario}`, target: 'prism', size: null, url: origin, probe: `${origin}/images/1`, probeHeaders: JSON_ONE, scenario,
        ctx: { prefix: '', keys: KEYS, data: prismData, enums, stateful: false, tag: 'p' },
      }));
    }
    await stopChild(prism);
  }

  /** @type {{ wallMs: number, exitCode: number | null, tail: string[] } | null} */
  let contract = null;
  if (opts.contract) {
    log('contract: starting a fresh fake (default count) and timing the contract suite against it');
    const fake = await startFake(null);
    const args = [BIN, 'contract', '--base-url', `${fake.origin}/api/v1`, '--key', KEYS[0], '--key2', KEYS[1], '--fake'];
    const suite = startChild('contract suite', process.execPath, args, { cwd: ROOT, keepOutput: true });
    const limit = setTimeout(() => {
      log('contract: still running after 10 minutes, stopping it');
      void stopChild(suite);
    }, 600_000);
    const exitCode = await suite.exited;
    clearTimeout(limit);
    const wallMs = Math.round(performance.now() - suite.spawnedAt);
    contract = { wallMs, exitCode, tail: suite.output.trim().split('\n').slice(-12) };
    log(`contract: exit ${exitCode} after ${(wallMs / 1000).toFixed(1)} s`);
    await stopChild(fake.child);
  }

  // The table: per scenario, the fake by size (with the baseline rows under the default list), then Prism.
  const find = (/** @type {string} */ scenario, /** @type {number | null} */ size, /** @type {string} */ target) =>
    measurements.find((m) => m.scenario === scenario && m.target === target && (target === 'prism' || m.size === size));
  /** @type {import('./lib/report.mjs').Row[]} */
  const rows = [];
  const row = (/** @type {any} */ m, /** @type {number | null} */ vsBaseline, /** @type {number | null} */ vsPrism) => rows.push({
    scenario: m.scenario, size: m.size, target: m.target,
    rps: m.summary.rps, p50: m.summary.p50, p99: m.summary.p99,
    errors: m.summary.errors, non2xx: m.summary.non2xx,
    expected404: m.scenario === 'mixed' ? m.summary.expected404 : null,
    vsBaseline, vsPrism,
  });
  for (const scenario of opts.scenarios) {
    const prism = find(scenario, null, 'prism');
    for (const size of opts.sizes) {
      const fake = find(scenario, size, 'fake');
      const baseline = find('list', size, 'baseline');
      const ceiling = find('list', size, 'express');
      const replicas = find(scenario, size, 'cluster');
      if (fake) row(fake, ratio(fake.summary.rps, baseline?.summary.rps), ratio(fake.summary.rps, prism?.summary.rps));
      if (replicas) row(replicas, ratio(replicas.summary.rps, baseline?.summary.rps), ratio(replicas.summary.rps, prism?.summary.rps));
      if (scenario === 'list' && ceiling) row(ceiling, ratio(ceiling.summary.rps, baseline?.summary.rps), ratio(ceiling.summary.rps, prism?.summary.rps));
      if (scenario === 'list' && baseline) row(baseline, 1, ratio(baseline.summary.rps, prism?.summary.rps));
    }
    if (prism) row(prism, null, 1);
  }
  const targets = evaluateTargets({ measurements, startup, rss });

  const finishedAt = new Date();
  const date = isoDate(startedAt);
  const wallSeconds = Math.round((performance.now() - t0) / 100) / 10;
  const results = {
    tool: 'ailuna-images-kit bench/bench.mjs',
    date,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallSeconds,
    machine,
    settings: {
      quick: opts.quick, connections: opts.connections, warmupSeconds: opts.warmup, durationSeconds: opts.duration,
      runs: opts.runs, timeoutSeconds: opts.timeout, sizes: opts.sizes, scenarios: opts.scenarios, targets: opts.targets,
      startup: opts.startup, contract: opts.contract, cluster: opts.cluster,
      keys: 2, imagesPerKey: 'sizes are images per key; each fake has two keys',
      fake: 'node bin/ailuna-images.mjs serve --host 127.0.0.1 --port 0 --count N (defaults otherwise: auth, CORS, rate-limit headers, request journal, pages and admin on)',
      prism: 'node_modules/.bin/prism mock --host 127.0.0.1 --port P openapi/openapi.yaml (its paths have no /api/v1 prefix)',
      baseline: 'bench/lib/baseline-server.mjs: node:http answering every request with the fake\'s default list body of that size',
      express: 'bench/lib/express-server.mjs: Express 5 (as the fake configures it) with one handler sending that same body: the ceiling of any app served through Express',
      autocannon: '8.0.0, in the bench process, pipelining 1; req/s, p50, p99 are medians over the measured runs, counts are totals',
      notes: [
        'filtered: every request has its own query: word × style × per_page cycle (search, style, favorite=1, sort_by=name&sort=asc, per_page), plus n=<counter>; keys one and two alternate',
        'mixed: cycles of 30 requests per connection (create, rename, delete = 10%); reads after each write check it is seen; a show after a delete is an expected 404; Prism is stateless, so nothing is checked there',
        'jpeg: GET /uploads/users/images/<result> with Accept: image/jpeg over 10 images per resolution; a 200 that is not a JPEG counts as an error',
        'latencies come from autocannon\'s histogram in whole milliseconds; after every run a probe waits for the target\'s backlog (drainMs)',
        'RSS targets use MB = 10^6 bytes',
      ],
    },
    sizes,
    startup,
    rss,
    contract,
    measurements,
    table: rows,
    targets,
  };

  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const fakeByScenario = Object.fromEntries(opts.scenarios.map((s) => [s, Object.fromEntries(
    measurements.filter((m) => m.scenario === s && m.target === 'fake').map((m) => [String(m.size), m.summary.rps]))]));
  const svg = renderChart({
    title: 'ailuna-images fake: requests per second against data size',
    subtitle: `${date}, commit ${machine.commit}${srcChanges.length ? '+' : ''}; ${machine.cpuCount} × ${machine.cpuModel}; node ${machine.node}; `
      + `${opts.connections} connections, median of ${opts.runs} × ${opts.duration} s`,
    scenarios: opts.scenarios,
    sizes: opts.sizes,
    fake: fakeByScenario,
    baseline: Object.fromEntries(measurements.filter((m) => m.target === 'baseline').map((m) => [String(m.size), m.summary.rps])),
    prism: Object.fromEntries(measurements.filter((m) => m.target === 'prism').map((m) => [m.scenario, m.summary.rps])),
    notes: [
      'Sizes: images per key; every fake has two keys.',
      'Baseline: bare node:http sending the fake\'s',
      '  default list body of that size (Node\'s ceiling).',
      'Prism: prism mock of openapi/openapi.yaml,',
      '  answering from examples (no data size).',
      `autocannon in-process, ${opts.connections} connections, ${opts.warmup} s warm-up,`,
      `  median of ${opts.runs} runs of ${opts.duration} s.`,
      'Figures and errors: latest.md / latest.json.',
    ],
  });
  const table = markdownTable(rows);
  const verdicts = targetLines(targets);
  const extras = [
    ...Object.entries(startup).map(([size, s]) => `- start-up to the first 200 at ${sizeLabel(Number(size))} per key: ${s.medianMs} ms (median of ${s.samplesMs.join(', ')} ms)`),
    ...Object.entries(rss).map(([size, r]) => `- RSS right after seeding ${sizeLabel(Number(size))} per key: ${(r.bytes / 1e6).toFixed(0)} MB (${(r.bytes / 1048576).toFixed(0)} MiB)`),
    ...(contract ? [`- contract suite against a fresh fake: ${(contract.wallMs / 1000).toFixed(1)} s, exit code ${contract.exitCode}`] : []),
    ...(cluster ? [`- 2 replicas on Redis: skipped, ${cluster.skipped}`] : []),
    ...['list', 'mixed'].flatMap((scenario) => opts.sizes.flatMap((size) => {
      const one = find(scenario, size, 'fake');
      const two = find(scenario, size, 'cluster');
      const share = ratio(two?.summary.rps, one?.summary.rps);
      return share === null ? [] : [`- ${SCENARIO_LABELS[scenario]} at ${sizeLabel(size)}: 2 replicas on one Redis make ${share.toFixed(2)}× the req/s of 1 in-memory fake`];
    })),
    ...opts.sizes.flatMap((size) => {
      const fake = find('list', size, 'fake');
      const ceiling = find('list', size, 'express');
      const share = ratio(fake?.summary.rps, ceiling?.summary.rps);
      return share === null ? [] : [`- default list at ${sizeLabel(size)}: the fake makes ${(share * 100).toFixed(0)}% of the Express ceiling's req/s`];
    }),
  ];
  const md = [
    `# Benchmark, ${date}`,
    '',
    `\`npm run bench${opts.quick ? ' -- --quick' : ''}\` on ${machine.cpuCount} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, node ${machine.node}, `
      + `commit ${machine.commit}${srcChanges.length ? ` (with ${srcChanges.length} uncommitted change(s) under src/)` : ''}. `
      + `autocannon, ${opts.connections} connections, ${opts.warmup} s warm-up, median of ${opts.runs} runs of ${opts.duration} s. `
      + 'Sizes are images per key (two keys). "× baseline" compares with a bare node:http server sending the fake\'s default list body of the same size; '
      + 'the Express 5 ceiling sends that body from a single Express handler (nothing served through Express can be faster); '
      + 'Prism has no data size and is measured once per scenario. Errors are connection errors, timeouts and failed checks.',
    '',
    table,
    '',
    ...(extras.length ? [...extras, ''] : []),
    '**Targets**',
    '',
    '```',
    ...verdicts,
    '```',
    '',
  ].join('\n');

  const base = `${date}${suffix}`;
  writeFileSync(join(outDir, `${base}.json`), json);
  writeFileSync(join(outDir, `latest${suffix}.json`), json);
  writeFileSync(join(outDir, `${base}.svg`), svg);
  writeFileSync(join(outDir, `latest${suffix}.svg`), svg);
  writeFileSync(join(outDir, `latest${suffix}.md`), md);
  rmSync(tmp, { recursive: true, force: true });

  process.stdout.write(`\n${table}\n\n${extras.length ? `${extras.join('\n')}\n\n` : ''}Targets:\n${verdicts.join('\n')}\n\n`);
  log(`done in ${wallSeconds} s; wrote ${join(outDir, `${base}.json`)}, ${base}.svg, latest${suffix}.json|.svg|.md`);
}

try {
  await main();
  process.exitCode = 0;
} catch (error) {
  log(`bench failed: ${/** @type {Error} */ (error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  for (const instance of runningCannons) instance.stop();
  killAllChildren();
}
// autocannon and the HTTP helpers leave nothing running that should keep the process alive,
// but a bench must not hang: leave explicitly.
process.exit(process.exitCode);
