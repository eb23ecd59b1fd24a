// The bench's results: the table, the target verdicts and the notes, written to
// <out>/<date>[-quick].json|.svg and latest[-quick].json|.svg|.md, and printed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchOptions } from './args.ts';
import type { ContractTiming } from './contract.ts';
import type { MeasuredFigure } from './measure.ts';
import { markdownTable, renderChart, SCENARIO_LABELS, sizeLabel, targetLines, type Row } from './report.ts';
import { isoDate } from './setup.ts';
import { CEILING_TARGETS, evaluateTargets, ratio } from './stats.ts';
import { writeFileAtomically } from '../../src/node/atomic-file.ts';

/** The machine and the commit the figures come from. */
export interface Machine {
  cpuModel: string;
  cpuCount: number;
  totalMemoryBytes: number;
  node: string;
  platform: string;
  commit: string;
  /** `git status --porcelain` lines under src/ */
  srcUncommitted: string[];
}

/** What one size measured besides the figures. */
export interface SizeFacts {
  startupMs: number;
  bannerMs: number;
  rssAfterSeedBytes: number | null;
  rssAfterLoadBytes: number | null;
  listBodyBytes: number;
  /** the mean size of the bodies the ceilings sent, by scenario */
  meanBodyBytes: Record<string, number>;
  words: number;
  ids: number;
  files: number;
  /** never-requested files kept for the first renders */
  freshFiles: number;
  fakeLog: { stdoutBytes: number; stderrLines: number; warnings: number; errors: number; stderrTail: string[] };
}

/** Everything a run measured. */
export interface BenchRun {
  opts: BenchOptions;
  machine: Machine;
  startedAt: Date;
  wallSeconds: number;
  sizes: Record<string, SizeFacts>;
  startup: Record<string, { samplesMs: number[]; medianMs: number }>;
  rss: Record<string, { bytes: number }>;
  contract: ContractTiming | null;
  /** why the cluster figures are missing */
  cluster: { skipped: string } | null;
  measurements: MeasuredFigure[];
}

/** Writes the results to `outDir` and returns what to print: the table, the notes, the verdicts, and the files written. */
export function writeResults(run: BenchRun, outDir: string): { printed: string; written: string } {
  const { opts, machine, measurements } = run;
  const find = (scenario: string, size: number | null, target: string) =>
    measurements.find((m) => m.scenario === scenario && m.target === target && (target === 'prism' || m.size === size));
  const rows = tableRows(opts, find);
  const targets = evaluateTargets({ measurements, startup: run.startup, rss: run.rss });
  const date = isoDate(run.startedAt);
  const suffix = opts.quick ? '-quick' : '';
  const results = {
    tool: 'ailuna-images-kit bench/bench.ts',
    date,
    startedAt: run.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: run.wallSeconds,
    machine,
    settings: settingsOf(opts),
    sizes: run.sizes,
    startup: run.startup,
    rss: run.rss,
    contract: run.contract,
    measurements,
    table: rows,
    targets,
  };

  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  const svg = chart(run, date);
  const table = markdownTable(rows);
  const verdicts = targetLines(targets);
  const extras = notes(run, find);
  const md = [
    `# Benchmark, ${date}`,
    '',
    `\`npm run bench${opts.quick ? ' -- --quick' : ''}\` on ${machine.cpuCount} × ${machine.cpuModel}, ${(machine.totalMemoryBytes / 2 ** 30).toFixed(0)} GiB, node ${machine.node}, `
      + `commit ${machine.commit}${machine.srcUncommitted.length ? ` (with ${machine.srcUncommitted.length} uncommitted change(s) under src/)` : ''}. `
      + `autocannon, ${opts.connections} connections, ${opts.warmup} s warm-up, median of ${opts.runs} runs of ${opts.duration} s; `
      + 'in each scenario the runs of the fake and of its ceilings take turns (one of each, then the next), so a machine that changes pace moves them alike. '
      + 'Sizes are images per key (two keys). The headline, "× Express", divides by the Express 5 ceiling: one Express handler sending the fake\'s own '
      + 'answers for that scenario and size, ready-made and in rotation, to the same requests (nothing served through Express can be faster); '
      + '"× node:http" divides by a bare node:http server sending the same bodies. JPEG first renders run with 6 connections. '
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
  writeFileAtomically(join(outDir, `${base}.json`), json);
  writeFileAtomically(join(outDir, `latest${suffix}.json`), json);
  writeFileAtomically(join(outDir, `${base}.svg`), svg);
  writeFileAtomically(join(outDir, `latest${suffix}.svg`), svg);
  writeFileAtomically(join(outDir, `latest${suffix}.md`), md);
  return {
    printed: `\n${table}\n\n${extras.length ? `${extras.join('\n')}\n\n` : ''}Targets:\n${verdicts.join('\n')}\n\n`,
    written: `${join(outDir, `${base}.json`)}, ${base}.svg, latest${suffix}.json|.svg|.md`,
  };
}

type Find = (scenario: string, size: number | null, target: string) => MeasuredFigure | undefined;

/**
 * The table: per scenario and size the fake (and the replicas), then its Express ceiling and
 * node:http baseline (both sending the fake's answers for that scenario); Prism last.
 */
function tableRows(opts: BenchOptions, find: Find): Row[] {
  const rows: Row[] = [];
  const row = (m: MeasuredFigure, express: MeasuredFigure | undefined, baseline: MeasuredFigure | undefined, prism: MeasuredFigure | undefined) => rows.push({
    scenario: m.scenario, size: m.size, target: m.target,
    rps: m.summary.rps, p50: m.summary.p50, p99: m.summary.p99,
    errors: m.summary.errors, non2xx: m.summary.non2xx,
    expected404: m.scenario === 'mixed' ? m.summary.expected404 : null,
    vsExpress: ratio(m.summary.rps, express?.summary.rps),
    vsBaseline: ratio(m.summary.rps, baseline?.summary.rps),
    vsPrism: ratio(m.summary.rps, prism?.summary.rps),
  });
  for (const scenario of opts.scenarios) {
    const prism = find(scenario, null, 'prism');
    for (const size of opts.sizes) {
      const express = find(scenario, size, 'express');
      const baseline = find(scenario, size, 'baseline');
      for (const target of ['fake', 'cluster', 'express', 'baseline']) {
        const m = find(scenario, size, target);
        if (m) row(m, express, baseline, prism);
      }
    }
    if (prism) row(prism, undefined, undefined, prism);
  }
  return rows;
}

/** How the figures were taken, in the JSON. */
function settingsOf(opts: BenchOptions) {
  return {
    quick: opts.quick, connections: opts.connections, warmupSeconds: opts.warmup, durationSeconds: opts.duration,
    runs: opts.runs, timeoutSeconds: opts.timeout, sizes: opts.sizes, scenarios: opts.scenarios, targets: opts.targets,
    startup: opts.startup, contract: opts.contract, cluster: opts.cluster,
    keys: 2, imagesPerKey: 'sizes are images per key; each fake has two keys',
    fake: 'node bin/ailuna-images.mjs serve --host 127.0.0.1 --port 0 --count N (defaults otherwise: auth, CORS, rate-limit headers, request journal, pages and admin on)',
    prism: 'node_modules/.bin/prism mock --host 127.0.0.1 --port P openapi/openapi.yaml (its paths have no /api/v1 prefix)',
    baseline: 'bench/lib/baseline-server.ts: node:http sending, in rotation, the fake\'s own answers for the scenario and size (sampled before its run; sizes.meanBodyBytes)',
    express: 'bench/lib/express-server.ts: Express 5 (as the fake configures it) with one handler sending those same bodies: the ceiling of any app served through Express',
    autocannon: '8.0.0, in the bench process, pipelining 1; req/s, p50, p99 are medians over the measured runs, counts are totals',
    notes: [
      'filtered: every request has its own query: word × style × per_page cycle (search, style, favorite=1, sort_by=name&sort=asc, per_page), plus n=<counter>; keys one and two alternate',
      'mixed: cycles of 30 requests per connection (create, rename, delete = 10%); reads after each write check it is seen; a show after a delete is an expected 404; Prism is stateless, so nothing is checked there',
      'show: GET /api/v1/images/<id> over the ids of key one, rotating; its ceilings send 24 show bodies',
      'jpeg-hit: GET /uploads/users/images/<result> with Accept: image/jpeg over the same 10 images per resolution (rendered before the run: every answer is a cache hit); a 200 that is not a JPEG counts as an error',
      'jpeg-first: the same route over files never requested before (both keys, resolutions interleaved), each once: every answer is a first render; 6 connections (a browser\'s per-host limit), so the figure is renders, not a queue; its ceilings send the cache-hit bodies; running out of fresh files counts as an error',
      'ceilings: filtered sends 24 answers spread over the query cycle; mixed alternates the default list and show bodies (its plain reads)',
      'latencies come from autocannon\'s histogram in whole milliseconds; after every run a probe waits for the target\'s backlog (drainMs)',
      'RSS targets use MB = 10^6 bytes',
    ],
  };
}

/** The chart: the fake's req/s ÷ the Express ceiling's against data size, per scenario, with the targets. */
function chart({ opts, machine, measurements }: BenchRun, date: string): string {
  const byScenario = (target: string) => Object.fromEntries(opts.scenarios.map((scenario) => [scenario, Object.fromEntries(
    measurements.filter((m) => m.scenario === scenario && m.target === 'fake').flatMap((fake) => {
      const share = ratio(fake.summary.rps, measurements.find((m) => m.scenario === scenario && m.target === target && m.size === fake.size)?.summary.rps);
      return share === null ? [] : [[String(fake.size), share]];
    }))]));
  const targets: Record<string, Record<string, number>> = {};
  for (const t of CEILING_TARGETS) (targets[t.scenario] ??= {})[String(t.size)] = t.min;
  return renderChart({
    title: 'ailuna-images fake: req/s as a share of the Express ceiling',
    subtitle: `${date}, commit ${machine.commit}${machine.srcUncommitted.length ? '+' : ''}; ${machine.cpuCount} × ${machine.cpuModel}; node ${machine.node}; `
      + `${opts.connections} connections, median of ${opts.runs} × ${opts.duration} s`,
    scenarios: opts.scenarios,
    sizes: opts.sizes,
    vsExpress: byScenario('express'),
    vsBaseline: byScenario('baseline'),
    targets,
    notes: [
      'Sizes: images per key; every fake has two keys.',
      'Express ceiling: one Express 5 handler sending',
      '  the fake\'s own answers for the scenario, ready-made',
      '  (nothing served through Express can be faster).',
      'node:http baseline: the same bodies from bare node:http.',
      `autocannon in-process, ${opts.connections} connections (first renders 6),`,
      `  ${opts.warmup} s warm-up, median of ${opts.runs} runs of ${opts.duration} s.`,
      'req/s, latencies and errors: latest.md / latest.json.',
    ],
  });
}

/** The lines under the table: start-up, RSS, the contract suite, the cluster, the headline ratios. */
function notes({ opts, startup, rss, contract, cluster }: BenchRun, find: Find): string[] {
  return [
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
    ...opts.scenarios.flatMap((scenario) => opts.sizes.flatMap((size) => {
      const share = ratio(find(scenario, size, 'fake')?.summary.rps, find(scenario, size, 'express')?.summary.rps);
      return share === null ? [] : [`- ${SCENARIO_LABELS[scenario] ?? scenario} at ${sizeLabel(size)}: the fake makes ${(share * 100).toFixed(0)}% of its Express ceiling's req/s`];
    })),
  ];
}

