// Running the scenarios: autocannon in this process against one target (or two replicas at once),
// a warm-up, then the measured runs, each followed by a probe that waits for the target's backlog.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { BenchOptions } from './args.ts';
import { httpRequest } from './procs.ts';
import { buildRequests, connectionsFor, newTally, type ScenarioContext, type ScenarioRequest, type Tally } from './scenarios.ts';
import { JSON_ONE, log } from './setup.ts';
import { summarise, type Measurement, type RawRun } from './stats.ts';

/** The flags that shape a measurement. */
export type RunSettings = Pick<BenchOptions, 'warmup' | 'runs' | 'duration' | 'connections' | 'timeout'>;

/** One figure, as kept in the JSON: its summary and every run. */
export interface MeasuredFigure extends Measurement {
  runs: RawRun[];
  warmup: RawRun | null;
  /** the fake's RSS after the scenario */
  rssAfterBytes?: number | null;
}

/** The scenario context without the counter, which each figure starts afresh. */
export type JobContext = Omit<ScenarioContext, 'sequence'>;

// Running autocannon instances: stopped when the bench is interrupted or ends.
const runningCannons = new Set<autocannon.Instance>();

/** Stops every autocannon run still going. */
export function stopCannons(): void {
  for (const instance of runningCannons) instance.stop();
}

/** One autocannon run in this process. */
function cannon(settings: RunSettings, url: string, requests: ScenarioRequest[], seconds: number, connections = settings.connections): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: settings.timeout, requests }, (error: unknown, result) => {
      runningCannons.delete(instance);
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
    runningCannons.add(instance);
  });
}

/**
 * After a run, the target may still be working through the requests autocannon dropped at the
 * end (a slow fake queues them): one probe, answered after that backlog, keeps it out of the next
 * run. Resolves with the ms until it answered (null: it failed).
 */
async function drain(url: string, headers: Record<string, string>): Promise<number | null> {
  const started = performance.now();
  try {
    await httpRequest(url, { headers, timeoutMs: 180_000 });
    return Math.round(performance.now() - started);
  } catch (error) {
    log(`  drain probe failed: ${(error as Error).message}`);
    return null;
  }
}

/** process.hrtime in µs: the clock of V8's CPU profiles on Linux, so a run's window can be cut out of one. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

function rawRun(result: autocannon.Result, tally: Tally, drainMs: number | null, window?: RawRun['window']): RawRun {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count ?? 0;
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
    ...(window ? { window } : {}),
  };
}

function describeRun(r: RawRun): string {
  const extra = [
    r.timeouts ? `${r.timeouts} timeouts` : '',
    r.violations ? `${r.violations} violations (${Object.entries(r.checks).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '',
    r.expected404 ? `${r.expected404} expected 404` : '',
  ].filter(Boolean).join(', ');
  return `${r.rps.toFixed(r.rps >= 100 ? 0 : 1)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}${extra ? `, ${extra}` : ''} (drain ${r.drainMs} ms)`;
}

/** One target under one scenario: what a figure is measured with. */
export interface MeasureJob {
  label: string; target: string; size: number | null; url: string; probe: string; probeHeaders: Record<string, string>; scenario: string; ctx: JobContext;
}

/** Warm-up, then `settings.runs` measured runs of one scenario against one target. */
export async function measure(settings: RunSettings, job: MeasureJob): Promise<MeasuredFigure> {
  return (await measureInTurn(settings, [job]))[0]!;
}

/**
 * Several targets under one scenario, their runs taken in turn: each warms up, then the first run
 * of each, then the second of each… A shared machine that slows down or speeds up while they run
 * moves them alike, so the ratios between them (the headline divides the fake by its ceilings)
 * hold better than with every run of one target before the next.
 */
export async function measureInTurn(settings: RunSettings, jobs: MeasureJob[]): Promise<MeasuredFigure[]> {
  const figures = jobs.map((job) => ({
    job,
    ctx: { ...job.ctx, sequence: { n: 0 } },
    connections: connectionsFor(job.scenario, settings.connections),
    warmup: null as RawRun | null,
    runs: [] as RawRun[],
  }));
  if (settings.warmup > 0) {
    for (const figure of figures) {
      log(`${figure.job.label}: warm-up ${settings.warmup} s`);
      const tally = newTally();
      const result = await cannon(settings, figure.job.url, buildRequests(figure.job.scenario, figure.ctx, tally), settings.warmup, figure.connections);
      figure.warmup = rawRun(result, tally, await drain(figure.job.probe, figure.job.probeHeaders));
    }
  }
  for (let i = 1; i <= settings.runs; i++) {
    for (const figure of figures) {
      const tally = newTally();
      const fromUs = nowUs();
      const result = await cannon(settings, figure.job.url, buildRequests(figure.job.scenario, figure.ctx, tally), settings.duration, figure.connections);
      const window = { fromUs, toUs: nowUs() };
      const run = rawRun(result, tally, await drain(figure.job.probe, figure.job.probeHeaders), window);
      figure.runs.push(run);
      log(`${figure.job.label}: run ${i}/${settings.runs}: ${describeRun(run)}`);
    }
  }
  return figures.map(({ job, runs, warmup }) => ({ scenario: job.scenario, size: job.size, target: job.target, summary: summarise(runs), runs, warmup }));
}

/**
 * One scenario against two replicas at once: half the connections each, started together; the
 * figure is their sum (req/s, counts) and the worse of the two (latencies).
 */
export async function measurePair(settings: RunSettings, job: {
  label: string; size: number; urls: [string, string]; probes: [string, string]; scenario: string; ctx: JobContext;
}): Promise<MeasuredFigure> {
  const sequence = { n: 0 };
  const half = Math.max(1, Math.floor(settings.connections / 2));
  const once = async (seconds: number): Promise<RawRun> => {
    const tallies = [newTally(), newTally()] as const;
    const results = await Promise.all(job.urls.map((url, i) =>
      cannon(settings, url, buildRequests(job.scenario, { ...job.ctx, sequence, tag: `${job.ctx.tag}${i}` }, tallies[i]!), seconds, half)));
    const drains = await Promise.all(job.probes.map((probe) => drain(probe, JSON_ONE)));
    const [a, b] = results.map((result, i) => rawRun(result, tallies[i]!, drains[i] ?? null));
    return combineRuns(a!, b!);
  };
  if (settings.warmup > 0) {
    log(`${job.label}: warm-up ${settings.warmup} s`);
    await once(settings.warmup);
  }
  const runs: RawRun[] = [];
  for (let i = 1; i <= settings.runs; i++) {
    const run = await once(settings.duration);
    runs.push(run);
    log(`${job.label}: run ${i}/${settings.runs}: ${describeRun(run)}`);
  }
  return { scenario: job.scenario, size: job.size, target: 'cluster', summary: summarise(runs), runs, warmup: null };
}

function combineRuns(a: RawRun, b: RawRun): RawRun {
  const statusCodes: Record<string, number> = { ...a.statusCodes };
  for (const [code, count] of Object.entries(b.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const checks: Record<string, number> = { ...a.checks };
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
