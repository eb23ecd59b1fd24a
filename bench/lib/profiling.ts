// `--profile`: the fake under each scenario with node --cpu-prof, one fresh fake per scenario and
// size (after the measured figures, so the profiler never slows them), summarised by
// lib/profile.ts. The fake is started as the bench starts it, plus node's profiling flags; it
// writes the profile when it exits, which it does with 0 on SIGTERM.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './args.ts';
import { measure } from './measure.ts';
import { readMainThreadCpuUs, stopChild } from './procs.ts';
import { defaultLocation, formatProfileSummary, summariseProfile, type CallFrame, type CpuProfile, type ProfileSummary } from './profile.ts';
import { SCENARIO_LABELS, sizeLabel } from './report.ts';
import type { Enums } from './scenarios.ts';
import { JSON_ONE, KEYS, log, ROOT } from './setup.ts';
import { sampleBodies, startFake, type Collected } from './targets.ts';
import { writeFileAtomically } from '../../src/node/atomic-file.ts';

/** One scenario's profile and its summary. */
export interface ProfileReport {
  scenario: string;
  size: number;
  /** the .cpuprofile, relative to the repository */
  file: string;
  /** req/s of the profiled run (the profiler on) */
  rps: number;
  summary: ProfileSummary;
}

/** A profile of a whole process can take a while to write at exit. */
const EXIT_GRACE_MS = 60_000;

/**
 * Where a function is declared. tsx hands V8 each TypeScript file as one line, so for a .ts file
 * the line is found by the function's name in the source (`function name`, `name(`, `name =`,
 * `name:`, `class name`); without a match the file alone. Other files keep V8's line.
 */
export function sourceLocator(root: string): (frame: CallFrame) => string {
  const sources = new Map<string, string[] | null>();
  const lines = (path: string) => {
    if (!sources.has(path)) {
      try {
        sources.set(path, readFileSync(path, 'utf8').split('\n'));
      } catch {
        sources.set(path, null);
      }
    }
    return sources.get(path) ?? null;
  };
  return (frame) => {
    if (!frame.url.startsWith('file://') || !/\.(ts|mts|tsx)(\?|$)/.test(frame.url)) return defaultLocation(frame, root);
    const path = fileURLToPath(frame.url.replace(/\?.*$/, ''));
    const file = relative(root, path);
    const name = frame.functionName.split('.').pop() ?? '';
    const text = name && /^[\w$]+$/.test(name) ? lines(path) : null;
    if (!text) return file;
    const declared = new RegExp(`(function\\*?\\s+|class\\s+|^\\s*(export\\s+)?(async\\s+)?(static\\s+)?(get\\s+|set\\s+)?(#)?)${name.replace(/\$/g, '\\$')}\\s*[(<=:]|\\b(const|let|var)\\s+${name.replace(/\$/g, '\\$')}\\s*[=:]|[\\s{,]${name.replace(/\$/g, '\\$')}\\s*[:=]\\s*(async\\s*)?(\\(|function|[\\w$]+\\s*=>)`);
    const index = text.findIndex((line) => declared.test(line));
    return index < 0 ? file : `${file}:${index + 1}`;
  };
}

/** Profiles the fake under each of `opts.scenarios` at `size`, with the data the measured fake gave. */
export async function profileScenarios(opts: BenchOptions, size: number, collected: Collected, enums: Enums, dir: string): Promise<ProfileReport[]> {
  const label = sizeLabel(size);
  const reports: ProfileReport[] = [];
  const locate = sourceLocator(ROOT);
  mkdirSync(dir, { recursive: true });
  for (const scenario of opts.scenarios) {
    const name = `${scenario}-${label}`;
    const scratch = join(dir, `.${name}`);
    rmSync(scratch, { recursive: true, force: true });
    log(`${label} profile ${scenario}: starting a fake with --cpu-prof`);
    const fake = await startFake(size, [], `fake (profiled, ${scenario})`, ['--cpu-prof', '--cpu-prof-dir', scratch]);
    // The cache hits must be hits from the first measured request, as in the measured figure.
    if (scenario === 'jpeg-hit') await sampleBodies(fake.origin, scenario, collected.listBody, collected.data, enums);
    const job = {
      label: `${label} profiled fake ${scenario}`, target: 'fake', size, url: fake.origin, probe: `${fake.origin}/api/v1/images/${collected.data.ids[0]}`,
      probeHeaders: JSON_ONE, scenario,
      ctx: { prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful: true, tag: `${label}p` },
    };
    // The warm-up apart, so the main thread's CPU time is read around the measured run alone.
    if (opts.warmup > 0) await measure({ ...opts, runs: 1, duration: opts.warmup, warmup: 0 }, { ...job, label: `${job.label} (warm-up)` });
    const cpuBefore = readMainThreadCpuUs(fake.child.pid);
    const figure = await measure({ ...opts, runs: 1, warmup: 0 }, job);
    const cpuAfter = readMainThreadCpuUs(fake.child.pid);
    const cpuUs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
    await stopChild(fake.child, EXIT_GRACE_MS);
    // One profile per thread (tsx's loader has its own); the main thread is thread 0.
    const written = readdirSync(scratch).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${fake.child.pid}.0.`));
    if (fake.child.exitCode !== 0 || !written) {
      log(`${label} profile ${scenario}: no profile (the fake exited with ${fake.child.exitCode}; files: ${readdirSync(scratch).join(', ') || 'none'})`);
      continue;
    }
    const file = join(dir, `${name}.cpuprofile`);
    renameSync(join(scratch, written), file);
    rmSync(scratch, { recursive: true, force: true });
    const run = figure.runs[0]!;
    const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, { window: run.window, requests: run.requests, cpuUs, locate });
    reports.push({ scenario, size, file: relative(ROOT, file).startsWith('..') ? file : relative(ROOT, file), rps: run.rps, summary });
  }
  return reports;
}

/** Writes summary.md and summary.json beside the profiles; returns the text to print. */
export function writeProfileSummaries(dir: string, reports: ProfileReport[]): string {
  const blocks = reports.map((r) => formatProfileSummary(
    `${SCENARIO_LABELS[r.scenario] ?? r.scenario} @${sizeLabel(r.size)} (${r.file}; ${Math.round(r.rps).toLocaleString('en-US')} req/s with the profiler on)`, r.summary).join('\n'));
  const text = blocks.join('\n\n');
  mkdirSync(dir, { recursive: true });
  writeFileAtomically(join(dir, 'summary.md'), `# CPU profiles of the fake\n\nSelf time on the fake's main thread during one measured run per scenario (node --cpu-prof, 1 ms samples). `
    + 'The percentages count busy samples (idle left out); µs/req is that share of the main thread\'s CPU time over the run (read from /proc, which a busy machine does not inflate), '
    + 'divided by the requests completed in it (where /proc is missing: the time each sample stands for, until the next one). '
    + 'TypeScript files are located by the function\'s name (tsx gives V8 each file as one line).\n\n```\n' + `${text}\n` + '```\n');
  writeFileAtomically(join(dir, 'summary.json'), `${JSON.stringify(reports, null, 2)}\n`);
  return text;
}
