// Benchmark (npm run bench; not part of npm test). Starts, each in its own process, the fake
// (bin/ailuna-images.mjs serve, as a user runs it), `prism mock` of openapi/openapi.yaml, and per
// scenario an Express 5 ceiling and a bare node:http baseline sending the fake's own answers
// ready-made, drives each with autocannon (in this process) through the same scenarios, and
// writes bench/results/<date>.json|.svg and latest.json|.svg|.md; with --profile also CPU
// profiles of the fake per scenario; with --instructions, instead, instruction counts under
// callgrind (lib/instructions.ts). `npm run bench -- --help` lists the flags.
//
// The parts, in the order a run takes them: lib/args.ts (flags), lib/targets.ts (starting the
// targets, collecting the scenarios' data and the ceilings' bodies), lib/measure.ts (running the
// scenarios), the sizes and start-up below, lib/profiling.ts (--profile), lib/cluster.ts and
// lib/contract.ts, lib/results.ts (writing the report).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, USAGE, UsageError, type BenchOptions } from './lib/args.ts';
import { measureCluster } from './lib/cluster.ts';
import { callgrindMissing, countInstructions, formatInstructions, WARMUP_REQUESTS } from './lib/instructions.ts';
import { timeContract } from './lib/contract.ts';
import { measure, measureInTurn, stopCannons, type MeasuredFigure, type MeasureJob } from './lib/measure.ts';
import { killAllChildren, readRss, runningChildren, stopChild } from './lib/procs.ts';
import { profileScenarios, writeProfileSummaries, type ProfileReport } from './lib/profiling.ts';
import { sizeLabel } from './lib/report.ts';
import { writeResults, type BenchRun, type Machine, type SizeFacts } from './lib/results.ts';
import { enumsFromDocument, type Enums, type ScenarioData } from './lib/scenarios.ts';
import { loadSpec } from '../src/openapi/load.ts';
import { writeFileAtomically } from '../src/node/atomic-file.ts';
import { BASELINE, EXPRESS, git, isoDate, JSON_ONE, KEYS, log, ROOT, T0 } from './lib/setup.ts';
import { median } from './lib/stats.ts';
import { collect, sampleBodies, startBodyServer, startFake, startPrism } from './lib/targets.ts';

/** Start-up time and RSS are measured (and have targets) at these sizes. */
const STARTUP_SIZES = [10_000, 100_000];

/** The flags, or the usage and exit 2 for a mistake (exit 0 for --help). */
function readOptions(): BenchOptions {
  let options: BenchOptions;
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
  return options;
}

/** Children die with the bench, whatever ends it. */
function stopEverythingOnExit(): void {
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping (${runningChildren()} child processes killed)\n`);
      stopCannons();
      killAllChildren();
      process.exit(130);
    });
  }
}

function describeMachine(): Machine {
  const cpus = os.cpus();
  const srcChanges = git(['status', '--porcelain', '--', 'src']).split('\n').filter(Boolean);
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    srcUncommitted: srcChanges,
  };
}

/** What measuring the sizes adds to the run. */
interface SizesMeasured {
  measurements: MeasuredFigure[];
  sizes: Record<string, SizeFacts>;
  startup: BenchRun['startup'];
  rss: BenchRun['rss'];
  /** the first size's data, for Prism */
  prismData: ScenarioData | null;
  profiles: ProfileReport[];
}

/**
 * One extra start of the fake at a size with a start-up target (the fake measured next is the
 * second sample): its time to the first 200.
 */
async function startupSample(label: string, size: number): Promise<number> {
  log(`${label}: start-up sample 1 (spawn → first 200 of GET /api/v1/images)`);
  const extra = await startFake(size);
  log(`${label}: start-up ${Math.round(extra.startupMs)} ms (banner after ${Math.round(extra.bannerMs)} ms), RSS ${Math.round((extra.rssBytes ?? 0) / 1048576)} MiB`);
  await stopChild(extra.child);
  return extra.startupMs;
}

/**
 * Per size: the start-up samples, then per scenario the fake, and the Express ceiling and the
 * node:http baseline sending the fake's own answers for that scenario (sampled before the run)
 * through the same requests; with --profile, a profiled fake per scenario afterwards.
 */
async function measureSizes(opts: BenchOptions, enums: Enums, tmp: string, profileDir: string): Promise<SizesMeasured> {
  const result: SizesMeasured = { measurements: [], sizes: {}, startup: {}, rss: {}, prismData: null, profiles: [] };
  for (const size of opts.sizes) {
    const label = sizeLabel(size);
    const measureStartup = opts.startup && STARTUP_SIZES.includes(size);
    const samples = measureStartup ? [await startupSample(label, size)] : [];
    log(`${label}: starting the fake (${size} images per key, two keys)`);
    const fake = await startFake(size);
    if (measureStartup) {
      samples.push(fake.startupMs);
      result.startup[String(size)] = { samplesMs: samples.map(Math.round), medianMs: Math.round(median(samples)) };
      if (fake.rssBytes != null) result.rss[String(size)] = { bytes: fake.rssBytes };
    }
    log(`${label}: ready after ${Math.round(fake.startupMs)} ms, RSS ${Math.round((fake.rssBytes ?? 0) / 1048576)} MiB; collecting words, ids and files`);
    const collected = await collect(fake.origin, enums);
    result.prismData ??= collected.data;
    log(`${label}: ${collected.data.words.length} words, ${collected.data.ids.length} ids, ${collected.data.files.length} files (+${collected.data.freshFiles.length} never requested) from ${collected.pagesRead} pages; default list body ${collected.listBody.length} bytes`);
    const probe = `${fake.origin}/api/v1/images/${collected.data.ids[0]}`;
    const ctx = (stateful: boolean, tag: string) => ({ prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful, tag });
    const bodyBytes: Record<string, number> = {};
    for (const scenario of opts.scenarios) {
      const sample = await sampleBodies(fake.origin, scenario, collected.listBody, collected.data, enums);
      bodyBytes[scenario] = Math.round(sample.bodies.reduce((n, b) => n + b.length, 0) / sample.bodies.length);
      // The ceilings send the fake's answers to this scenario, in rotation, to the same requests;
      // their runs alternate with the fake's (measureInTurn), so the ratios compare like with like.
      const jobs: MeasureJob[] = [{ label: `${label} fake ${scenario}`, target: 'fake', size, url: fake.origin, probe, probeHeaders: JSON_ONE, scenario, ctx: ctx(true, `${label}f`) }];
      const servers = [];
      for (const [target, script] of [['express', EXPRESS], ['baseline', BASELINE]] as const) {
        if (!opts.targets.includes(target)) continue;
        const server = await startBodyServer(`${target} (${label} ${scenario})`, script, join(tmp, `${scenario}-${size}`), sample);
        servers.push(server);
        jobs.push({ label: `${label} ${target} ${scenario}`, target, size, url: server.origin, probe: `${server.origin}/`, probeHeaders: {}, scenario, ctx: ctx(false, `${label}${target[0]}`) });
      }
      const [m, ...ceilings] = await measureInTurn(opts, jobs);
      for (const server of servers) await stopChild(server.child);
      // The fake's memory after each scenario: growth under load shows up here.
      m!.rssAfterBytes = readRss(fake.child.pid);
      log(`${label} fake ${scenario}: RSS now ${Math.round((m!.rssAfterBytes ?? 0) / 1048576)} MiB`);
      result.measurements.push(m!, ...ceilings);
    }
    const rssAfterLoad = readRss(fake.child.pid);
    await stopChild(fake.child);
    result.sizes[String(size)] = {
      startupMs: Math.round(fake.startupMs),
      bannerMs: Math.round(fake.bannerMs),
      rssAfterSeedBytes: fake.rssBytes,
      rssAfterLoadBytes: rssAfterLoad,
      listBodyBytes: collected.listBody.length,
      meanBodyBytes: bodyBytes,
      words: collected.data.words.length,
      ids: collected.data.ids.length,
      files: collected.data.files.length,
      freshFiles: collected.data.freshFiles.length,
      fakeLog: { stdoutBytes: fake.child.counts.stdoutBytes, stderrLines: fake.child.counts.stderrLines, warnings: fake.child.counts.warnings, errors: fake.child.counts.errors, stderrTail: fake.child.stderrTail.slice(-10) },
    };
    if (opts.profile) result.profiles.push(...await profileScenarios(opts, size, collected, enums, profileDir));
  }
  return result;
}

/** Prism answers from the document's examples: once per scenario, with the first size's data. */
async function measurePrism(opts: BenchOptions, enums: Enums, data: ScenarioData): Promise<MeasuredFigure[]> {
  const prism = await startPrism();
  const measurements: MeasuredFigure[] = [];
  for (const scenario of opts.scenarios) {
    measurements.push(await measure(opts, {
      label: `prism ${scenario}`, target: 'prism', size: null, url: prism.origin, probe: `${prism.origin}/images/1`, probeHeaders: JSON_ONE, scenario,
      ctx: { prefix: '', keys: KEYS, data, enums, stateful: false, tag: 'p' },
    }));
  }
  await stopChild(prism.child);
  return measurements;
}

/** --instructions: the counts, printed and written to <dir>/<date>.md|.json. */
async function countAndWriteInstructions(opts: BenchOptions, enums: Enums, tmp: string, dir: string, machine: Machine, startedAt: Date): Promise<void> {
  const missing = callgrindMissing();
  if (missing !== null) throw new Error(`--instructions needs callgrind: ${missing}`);
  const figures = await countInstructions(opts, enums, tmp);
  const table = formatInstructions(figures);
  const heading = `Instructions per request under callgrind (every thread), ${opts.requests} requests per target after ${WARMUP_REQUESTS} for warm-up, `
    + `${opts.connections} connections; commit ${machine.commit}${machine.srcUncommitted.length ? ' with uncommitted changes under src/' : ''}, node ${machine.node}.`;
  mkdirSync(dir, { recursive: true });
  const file = join(dir, isoDate(startedAt));
  writeFileAtomically(`${file}.md`, `# ${heading}\n\n${table}\n`);
  writeFileAtomically(`${file}.json`, `${JSON.stringify({ startedAt: startedAt.toISOString(), machine, requests: opts.requests, connections: opts.connections, figures }, null, 2)}\n`);
  process.stdout.write(`${heading}\n\n${table}\n\n`);
  log(`wrote ${relative(ROOT, file)}.md|.json`);
}

async function main(opts: BenchOptions): Promise<void> {
  const startedAt = new Date();
  const enums = enumsFromDocument(loadSpec());
  const outDir = opts.out ?? join(ROOT, 'bench', 'results');
  const tmp = mkdtempSync(join(os.tmpdir(), 'ailuna-bench-'));
  const machine = describeMachine();
  const srcChanges = machine.srcUncommitted;
  log(`bench: ${opts.quick ? 'quick, ' : ''}sizes ${opts.sizes.map(sizeLabel).join(', ')}; scenarios ${opts.scenarios.join(', ')}; targets ${opts.targets.join(', ')}; `
    + `${opts.connections} connections, ${opts.instructions ? `instructions under callgrind over ${opts.requests} requests after ${WARMUP_REQUESTS}` : `warm-up ${opts.warmup} s, ${opts.runs} × ${opts.duration} s`}; ${machine.cpuCount} × ${machine.cpuModel}, node ${machine.node}, commit ${machine.commit}`
    + `${srcChanges.length ? ` (+${srcChanges.length} uncommitted change(s) under src/)` : ''}`);

  if (opts.instructions) {
    await countAndWriteInstructions(opts, enums, tmp, join(outDir, 'instructions'), machine, startedAt);
    rmSync(tmp, { recursive: true, force: true });
    return;
  }

  const profileDir = join(outDir, 'profiles', isoDate(startedAt));
  const { measurements, sizes, startup, rss, prismData, profiles } = await measureSizes(opts, enums, tmp, profileDir);

  let cluster: { skipped: string } | null = null;
  if (opts.cluster) {
    const size = opts.sizes.includes(10_000) ? 10_000 : opts.sizes[0]!;
    // A cluster that cannot run (no redis-server, a replica that will not start) is reported, not fatal.
    const measured = await measureCluster(opts, size, enums).catch((error: Error) => ({ skipped: `failed: ${error.message.split('\n')[0]}` }));
    if (Array.isArray(measured)) measurements.push(...measured);
    else {
      cluster = measured;
      log(`cluster: skipped, ${measured.skipped}`);
    }
  }
  if (opts.targets.includes('prism') && prismData) measurements.push(...await measurePrism(opts, enums, prismData));
  const contract = opts.contract ? await timeContract() : null;

  const wallSeconds = Math.round((performance.now() - T0) / 100) / 10;
  const { printed, written } = writeResults({ opts, machine, startedAt, wallSeconds, sizes, startup, rss, contract, cluster, measurements }, outDir);
  rmSync(tmp, { recursive: true, force: true });
  process.stdout.write(printed);
  if (opts.profile) {
    process.stdout.write(`CPU profiles of the fake (${profileDir}):\n\n${writeProfileSummaries(profileDir, profiles)}\n\n`);
  }
  log(`done in ${wallSeconds} s; wrote ${written}${opts.profile ? `, ${profileDir}/*.cpuprofile and summary.md|.json` : ''}`);
}

const opts = readOptions();
stopEverythingOnExit();
try {
  await main(opts);
  process.exitCode = 0;
} catch (error) {
  log(`bench failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
} finally {
  stopCannons();
  killAllChildren();
}
// autocannon and the HTTP helpers leave nothing running that should keep the process alive,
// but a bench must not hang: leave explicitly.
process.exit(process.exitCode);
