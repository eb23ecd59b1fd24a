// Figures from raw autocannon runs, and the target verdicts: pure, no I/O.

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One measured autocannon run, as kept in the JSON. */
export interface RawRun {
  /** mean requests per second (autocannon's requests.average) */
  rps: number;
  /** completed requests */
  requests: number;
  /** the run's length */
  seconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** connection errors and timeouts (autocannon's errors) */
  errors: number;
  timeouts: number;
  /** every answer outside 2xx, expected ones included */
  non2xx: number;
  /** 404s the scenario asked for (a show after a delete) */
  expected404: number;
  /** failed checks: a write not seen by a following read, a JPEG that is not one */
  violations: number;
  /** failed checks by reason */
  checks: Record<string, number>;
  /** answers by status code */
  statusCodes: Record<string, number>;
  bytesPerSecond: number;
  /** how long the target took to answer a probe after the run (its backlog) */
  drainMs: number;
  /** the run's start and end, µs of process.hrtime (to cut the run out of a CPU profile) */
  window?: { fromUs: number; toUs: number };
}

export interface Summary {
  /** the median of the runs' req/s */
  rps: number;
  /** the median of the runs' p50 latency, ms */
  p50: number;
  /** the median of the runs' p99 latency, ms */
  p99: number;
  /** completed requests, all measured runs */
  requests: number;
  /** connection errors, timeouts and failed checks, all measured runs */
  errors: number;
  timeouts: number;
  violations: number;
  /** answers outside 2xx that were not expected, all measured runs */
  non2xx: number;
  expected404: number;
  runs: number;
}

/**
 * The figure reported for one scenario × size × target: medians over the measured runs for the
 * rates and latencies, totals for the counts.
 */
export function summarise(runs: RawRun[]): Summary {
  const sum = (pick: (r: RawRun) => number) => runs.reduce((s, r) => s + pick(r), 0);
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.latencyMs.p50)),
    p99: median(runs.map((r) => r.latencyMs.p99)),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors + r.violations),
    timeouts: sum((r) => r.timeouts),
    violations: sum((r) => r.violations),
    non2xx: sum((r) => Math.max(0, r.non2xx - r.expected404)),
    expected404: sum((r) => r.expected404),
    runs: runs.length,
  };
}

/** a / b, or null when either is missing or b is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

/**
 * The pages to read to sample a list evenly: 1, the last, and evenly spaced ones between, at most
 * `max` in all, ascending.
 */
export function spreadPages(lastPage: number, max: number): number[] {
  if (lastPage <= max) return Array.from({ length: Math.max(1, lastPage) }, (_, i) => i + 1);
  const pages = new Set<number>();
  for (let i = 0; i < max; i++) pages.add(1 + Math.round((i * (lastPage - 1)) / (max - 1)));
  return [...pages].sort((a, b) => a - b);
}

/** One figure: a scenario × size × target. */
export interface Measurement {
  scenario: string;
  /** images per key; null for prism (no data size) */
  size: number | null;
  /** fake | prism | baseline | express | cluster (baseline and express: sending the fake's answers for the scenario) */
  target: string;
  summary: Summary;
}

/**
 * Issue 18's targets on the headline: the fake's req/s ÷ the Express ceiling's, the ceiling sending
 * the fake's own answers for the same scenario and size (the chart draws them too).
 */
export const CEILING_TARGETS: readonly { scenario: string; size: number; min: number; label: string }[] = [
  { scenario: 'list', size: 10_000, min: 0.85, label: 'default list' },
  { scenario: 'list', size: 100_000, min: 0.85, label: 'default list' },
  { scenario: 'filtered', size: 10_000, min: 0.70, label: 'filtered list' },
  { scenario: 'filtered', size: 100_000, min: 0.50, label: 'filtered list' },
  { scenario: 'show', size: 10_000, min: 0.85, label: 'show one' },
];

export interface Target {
  id: string;
  description: string;
  /** the measured figure (null: not measured) */
  value: number | null;
  limit: string;
  verdict: 'PASS' | 'MISS' | 'n/a';
}

/**
 * Checks the project's targets against the figures; a target whose figure was not measured (a
 * size, scenario or target left out) is 'n/a'.
 */
export function evaluateTargets({ measurements, startup, rss }: {
  measurements: Measurement[];
  startup: Record<string, { medianMs: number }>;
  rss: Record<string, { bytes: number }>;
}): Target[] {
  const find = (scenario: string, size: number | null, target: string): Summary | undefined =>
    measurements.find((m) => m.scenario === scenario && m.target === target && (target === 'prism' || m.size === size))?.summary;
  const targets: Target[] = [];
  const check = (id: string, description: string, value: number | null | undefined, op: '>=' | '<=', bound: number, unit: string) => {
    const measured = value != null && Number.isFinite(value);
    const ok = measured && (op === '>=' ? value >= bound : value <= bound);
    targets.push({
      id, description,
      value: measured ? value : null,
      limit: `${op} ${bound}${unit}`,
      verdict: !measured ? 'n/a' : ok ? 'PASS' : 'MISS',
    });
  };
  for (const t of CEILING_TARGETS) {
    check(`${t.scenario}-${t.size}-express`, `${t.label} at ${t.size / 1000}k: fake ÷ Express ceiling`,
      ratio(find(t.scenario, t.size, 'fake')?.rps, find(t.scenario, t.size, 'express')?.rps), '>=', t.min, '×');
  }
  // No worse than the bench of 2026-12-03.
  check('list-10000-p99', 'default list at 10k: p99 latency (2026-12-03: 14.5 ms)', find('list', 10_000, 'fake')?.p99, '<=', 14.5, ' ms');
  check('startup-10000', 'start-up to the first 200 at 10k per key (2026-12-03: 0.60 s)', startup['10000'] ? startup['10000'].medianMs / 1000 : null, '<=', 0.6, ' s');
  check('startup-100000', 'start-up to the first 200 at 100k per key (2026-12-03: 1.25 s)', startup['100000'] ? startup['100000'].medianMs / 1000 : null, '<=', 1.25, ' s');
  check('rss-100000', 'RSS after seeding 100k per key, MB = 10^6 bytes (2026-12-03: 238 MB)', rss['100000'] ? rss['100000'].bytes / 1e6 : null, '<=', 238, ' MB');
  // Earlier issues' targets that still hold.
  for (const size of [10_000, 100_000]) {
    check(`list-${size}-prism`, `default list at ${size / 1000}k: fake ÷ Prism`, ratio(find('list', size, 'fake')?.rps, find('list', null, 'prism')?.rps), '>=', 4, '×');
  }
  check('filtered-100000-p99', 'filtered list at 100k: p99 latency', find('filtered', 100_000, 'fake')?.p99, '<=', 35, ' ms');
  const fake = measurements.filter((m) => m.target === 'fake');
  const reads = fake.filter((m) => m.scenario !== 'mixed');
  const mixed = fake.filter((m) => m.scenario === 'mixed');
  check('no-unexpected-non2xx', 'fake: answers outside 2xx, all scenarios (expected 404s in mixed excluded)',
    fake.length ? fake.reduce((s, m) => s + m.summary.non2xx, 0) : null, '<=', 0, '');
  check('no-read-errors', 'fake: errors (connection, timeout, bad body) in the read scenarios',
    reads.length ? reads.reduce((s, m) => s + m.summary.errors, 0) : null, '<=', 0, '');
  check('no-mixed-errors', 'fake: errors in mixed (connection, timeout, a read that missed a write)',
    mixed.length ? mixed.reduce((s, m) => s + m.summary.errors, 0) : null, '<=', 0, '');
  return targets;
}
