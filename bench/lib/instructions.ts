// `--instructions`: the fake and its Express ceiling under valgrind's callgrind, which counts the
// instructions a process runs (every thread: JIT, GC and node's own work included) instead of
// timing it. The same code, data and requests give the same count within about 1% however busy
// the machine is, so a change too small for req/s on a shared machine (±15% between runs) shows.
// Counted over a fixed number of requests after a warm-up long enough for V8 to have compiled the
// hot code (fewer left the counts up to 2× higher): callgrind starts with its instrumentation off
// and callgrind_control switches it on for the counted requests alone.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { INSTRUCTION_SCENARIOS, type BenchOptions } from './args.ts';
import { stopChild, type Child } from './procs.ts';
import { SCENARIO_LABELS, sizeLabel } from './report.ts';
import { buildRequests, newTally, type Enums, type ScenarioContext } from './scenarios.ts';
import { EXPRESS, KEYS, log } from './setup.ts';
import { collect, sampleBodies, startBodyServer, startFake } from './targets.ts';


/** Requests before the counted ones, on every target (a ceiling starts cold for each scenario). */
export const WARMUP_REQUESTS = 5000;

/** One scenario at one size: instructions per request of the fake and of its Express ceiling. */
export interface InstructionFigure {
  scenario: string;
  size: number;
  requests: number;
  fake: number;
  express: number;
  /** express ÷ fake: the share of the ceiling's speed the fake would make if both were CPU-bound alike */
  ratio: number;
}

/** Why callgrind cannot run here, or null when it can. */
export function callgrindMissing(): string | null {
  for (const [command, args] of [['valgrind', ['--version']], ['callgrind_control', ['--version']]] as const) {
    const run = spawnSync(command, args, { encoding: 'utf8' });
    if (run.error || run.status !== 0) return `${command} is not installed (Debian: apt-get install valgrind)`;
  }
  return null;
}

/** The instructions a callgrind dump counted (its `totals:` line, else `summary:`), or null. */
export function parseCallgrindTotals(text: string): number | null {
  const line = /^totals:\s+(\d+)/m.exec(text) ?? /^summary:\s+(\d+)/m.exec(text);
  return line ? Number(line[1]) : null;
}

/** The command prefix that runs node under callgrind, instrumentation off, dumps going to `file`.N. */
function callgrindLauncher(file: string): string[] {
  // V8 writes machine code at run time: valgrind must look for it outside mapped files.
  return ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', '--instr-atstart=no', `--callgrind-out-file=${file}`];
}

const run = promisify(execFile);
const control = (pid: number, ...args: string[]) => run('callgrind_control', [...args, String(pid)], { timeout: 120_000 });

/** The newest dump of `file` (`file`.1, `file`.2, …): each holds what was counted since the one before. */
function newestDump(file: string): string {
  const dumps = readdirSync(dirname(file))
    .map((name) => ({ name, n: Number(name.slice(basename(file).length + 1)) }))
    .filter(({ name, n }) => name.startsWith(`${basename(file)}.`) && Number.isInteger(n))
    .sort((a, b) => b.n - a.n);
  if (dumps.length === 0) throw new Error(`callgrind wrote no dump next to ${file}`);
  return readFileSync(join(dirname(file), dumps[0]!.name), 'utf8');
}

/** `amount` requests of the scenario; throws when any failed (a count over failures would mislead). */
function drive(url: string, requests: autocannon.Request[], amount: number, connections: number): Promise<void> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, amount, timeout: 120, requests }, (error: unknown, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
        reject(new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} answers not 2xx`));
      } else resolve();
    });
  });
}

/** Instructions per request of one target over `opts.requests` requests, after the warm-up. */
async function count(child: Child, file: string, url: string, ctx: Omit<ScenarioContext, 'sequence'>, scenario: string, opts: BenchOptions): Promise<number> {
  const context = { ...ctx, sequence: { n: 0 } };
  const requests = buildRequests(scenario, context, newTally());
  await drive(url, requests, WARMUP_REQUESTS, opts.connections);
  await control(child.pid, '--zero');
  await control(child.pid, '--instr=on');
  await drive(url, requests, opts.requests, opts.connections);
  await control(child.pid, '--dump');
  await control(child.pid, '--instr=off');
  const total = parseCallgrindTotals(newestDump(file));
  if (total === null) throw new Error(`no totals in the callgrind dump of ${child.name}`);
  return total / opts.requests;
}

/**
 * Per size: one fake under callgrind (the data collected from it), then per scenario an Express
 * ceiling under callgrind sending the fake's own answers, each counted over the same requests.
 */
export async function countInstructions(opts: BenchOptions, enums: Enums, tmp: string): Promise<InstructionFigure[]> {
  const figures: InstructionFigure[] = [];
  const scenarios = opts.scenarios.filter((s) => INSTRUCTION_SCENARIOS.includes(s));
  for (const size of opts.sizes) {
    const label = sizeLabel(size);
    log(`${label}: starting the fake under callgrind (slow: seeding takes a while)`);
    const fakeFile = join(tmp, `fake-${size}.callgrind`);
    const fake = await startFake(size, [], 'fake (callgrind)', [], callgrindLauncher(fakeFile));
    try {
      const collected = await collect(fake.origin, enums);
      const ctx = (stateful: boolean, tag: string) => ({ prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful, tag });
      for (const scenario of scenarios) {
        const sample = await sampleBodies(fake.origin, scenario, collected.listBody, collected.data, enums);
        const fakeCount = await count(fake.child, fakeFile, fake.origin, ctx(true, `${label}i`), scenario, opts);
        const ceilingFile = join(tmp, `express-${scenario}-${size}.callgrind`);
        const ceiling = await startBodyServer(`express (${label} ${scenario}, callgrind)`, EXPRESS, join(tmp, `${scenario}-${size}`), sample, callgrindLauncher(ceilingFile));
        try {
          const ceilingCount = await count(ceiling.child, ceilingFile, ceiling.origin, ctx(false, `${label}e`), scenario, opts);
          const figure = { scenario, size, requests: opts.requests, fake: Math.round(fakeCount), express: Math.round(ceilingCount), ratio: ceilingCount / fakeCount };
          log(`${label} ${scenario}: fake ${figure.fake.toLocaleString('en-US')}, Express ceiling ${figure.express.toLocaleString('en-US')} instructions per request (${figure.ratio.toFixed(3)})`);
          figures.push(figure);
        } finally {
          await stopChild(ceiling.child, 60_000);
        }
      }
    } finally {
      await stopChild(fake.child, 60_000);
    }
  }
  return figures;
}

/** The figures as a Markdown table. */
export function formatInstructions(figures: InstructionFigure[]): string {
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    '| scenario | size | fake instructions/req | Express ceiling instructions/req | ceiling ÷ fake |',
    '|---|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${SCENARIO_LABELS[f.scenario] ?? f.scenario} | ${sizeLabel(f.size)} | ${n(f.fake)} | ${n(f.express)} | ${f.ratio.toFixed(3)} |`),
  ].join('\n');
}
