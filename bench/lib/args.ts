// Command line of bench/bench.ts: pure parsing, no I/O (unit-tested in scripts/bench-lib.test.ts).

/** Every scenario, in the order they run against one fake (mixed last: it changes the state). */
export const SCENARIOS = ['list', 'filtered', 'show', 'jpeg-hit', 'jpeg-first', 'mixed'];
/** Names --scenarios also takes for a group of scenarios. */
const SCENARIO_GROUPS: Record<string, string[]> = { jpeg: ['jpeg-hit', 'jpeg-first'] };
/**
 * Every target: the fake, a bare node:http server (the baseline), an Express 5 app with one route
 * sending the same body (the ceiling of anything served through Express), `prism mock` of
 * openapi/openapi.yaml.
 */
export const TARGETS = ['fake', 'baseline', 'express', 'prism'];
/** The scenarios --instructions counts: those with a target on the ceiling (JPEG and mixed have none). */
export const INSTRUCTION_SCENARIOS = ['list', 'filtered', 'show'];

export const USAGE = `Usage: npm run bench -- [flags]     (tsx bench/bench.ts [flags])

Measures the fake (node bin/ailuna-images.mjs serve), prism mock of openapi/openapi.yaml and a bare
node:http baseline with autocannon, and writes bench/results/<date>.json|.svg, latest.json|.svg|.md.
The headline is the fake's req/s ÷ the Express ceiling's (an Express 5 app sending ready bodies of
the same size as the fake's answers in that scenario), beside the same ratio to bare node:http.

  --quick              default and filtered list at 10k only, fake and Express ceiling only, short runs
  --duration S         measured seconds per run                       (default 5; quick 3)
  --warmup S           warm-up seconds before the measured runs       (default 2; quick 1)
  --runs N             measured runs per figure, the median is kept   (default 2)
  --connections N      autocannon connections                         (default 50)
  --timeout S          autocannon per-request timeout                 (default 10)
  --sizes A,B          images per key (two keys)                      (default 1000,10000,100000; quick 10000)
  --scenarios A,B      of ${SCENARIOS.join(', ')} (jpeg: both JPEG scenarios;
                       default all; quick list,filtered)
  --targets A,B        of ${TARGETS.join(', ')} (fake required; default all; quick fake,express)
  --no-startup         skip the start-up and RSS measurements         (quick skips them)
  --no-contract        skip the contract suite's wall time            (quick skips it)
  --no-cluster         skip list and mixed through 2 replicas on Redis (quick skips it;
                       skipped with a note when redis-server is not installed)
  --profile            also run the fake under each scenario and size with node --cpu-prof (a fresh
                       fake per profile, after the measured figures): writes
                       <out>/profiles/<date>/<scenario>-<size>.cpuprofile and summary.md|.json,
                       and prints the top self-time functions and areas per scenario
  --instructions       instead of timing: count the instructions per request of the fake and of its
                       Express ceiling under valgrind's callgrind (steady however busy the machine
                       is; needs valgrind), for list, filtered and show; writes
                       <out>/instructions/<date>.md|.json             (sizes default 10000)
  --requests N         requests counted per target with --instructions, after 5000 for
                       warm-up                                        (default 3000)
  --out DIR            where the results go                           (default bench/results)
  -h, --help           this text
`;

export interface BenchOptions {
  help: boolean;
  quick: boolean;
  /** seconds per measured run */
  duration: number;
  /** seconds of warm-up (not measured) */
  warmup: number;
  /** measured runs per figure */
  runs: number;
  connections: number;
  /** autocannon's per-request timeout, seconds */
  timeout: number;
  /** images per key */
  sizes: number[];
  scenarios: string[];
  targets: string[];
  /** measure start-up time and RSS */
  startup: boolean;
  /** time the contract suite */
  contract: boolean;
  /** measure 2 replicas on Redis (issue 10) */
  cluster: boolean;
  /** CPU-profile the fake under each scenario and size */
  profile: boolean;
  /** count instructions under callgrind instead of timing */
  instructions: boolean;
  /** requests counted per target with --instructions */
  requests: number;
  /** results directory (null: bench/results) */
  out: string | null;
}

/** A command-line mistake: bench.ts prints it with the usage and exits 2. */
export class UsageError extends Error {}

function number(flag: string, value: string, { min = 1, integer = true }: { min?: number; integer?: boolean } = {}): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) {
    throw new UsageError(`${flag} wants ${integer ? 'an integer' : 'a number'} >= ${min}, got "${value}"`);
  }
  return n;
}

function list(flag: string, value: string, allowed: readonly string[], groups: Record<string, string[]> = {}): string[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean).flatMap((item) => groups[item] ?? [item]);
  if (items.length === 0) throw new UsageError(`${flag} wants a comma-separated list of ${allowed.join(', ')}`);
  for (const item of items) {
    if (!allowed.includes(item)) throw new UsageError(`${flag}: unknown "${item}" (known: ${allowed.join(', ')})`);
  }
  // Keep the canonical order, drop duplicates.
  return allowed.filter((a) => items.includes(a));
}

/**
 * Parses the flags (`--flag value` or `--flag=value`) of process.argv.slice(2). Flags given
 * explicitly win over --quick.
 */
export function parseArgs(argv: string[]): BenchOptions {
  const set: Partial<BenchOptions> = {};
  let quick = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '-h': case '--help': noValue(); help = true; break;
      case '--quick': noValue(); quick = true; break;
      case '--duration': set.duration = number(flag, value()); break;
      case '--warmup': set.warmup = number(flag, value(), { min: 0 }); break;
      case '--runs': set.runs = number(flag, value()); break;
      case '--connections': set.connections = number(flag, value()); break;
      case '--timeout': set.timeout = number(flag, value()); break;
      case '--sizes': {
        const sizes = value().split(',').map((s) => s.trim()).filter(Boolean).map((s) => number(flag, s));
        if (sizes.length === 0) throw new UsageError(`${flag} wants a comma-separated list of image counts, e.g. 1000,10000`);
        set.sizes = [...new Set(sizes)].sort((a, b) => a - b);
        break;
      }
      case '--scenarios': set.scenarios = list(flag, value(), SCENARIOS, SCENARIO_GROUPS); break;
      case '--targets': {
        set.targets = list(flag, value(), TARGETS);
        if (!set.targets.includes('fake')) throw new UsageError('--targets must include fake');
        break;
      }
      case '--no-startup': noValue(); set.startup = false; break;
      case '--no-contract': noValue(); set.contract = false; break;
      case '--no-cluster': noValue(); set.cluster = false; break;
      case '--profile': noValue(); set.profile = true; break;
      case '--instructions': noValue(); set.instructions = true; break;
      case '--requests': set.requests = number(flag, value()); break;
      case '--out': set.out = value(); break;
      default:
        throw new UsageError(`unknown ${arg.startsWith('-') ? 'flag' : 'argument'} "${arg}"`);
    }
  }
  const defaults: BenchOptions = quick
    ? { help, quick, duration: 3, warmup: 1, runs: 2, connections: 50, timeout: 10, sizes: [10_000], scenarios: ['list', 'filtered'], targets: ['fake', 'express'], startup: false, contract: false, cluster: false, profile: false, instructions: false, requests: 3000, out: null }
    : { help, quick, duration: 5, warmup: 2, runs: 2, connections: 50, timeout: 10, sizes: [1_000, 10_000, 100_000], scenarios: [...SCENARIOS], targets: [...TARGETS], startup: true, contract: true, cluster: true, profile: false, instructions: false, requests: 3000, out: null };
  if (set.instructions) {
    if (set.profile) throw new UsageError('--instructions and --profile are separate runs: give one of them');
    const scenarios = set.scenarios ?? INSTRUCTION_SCENARIOS;
    const other = scenarios.filter((s) => !INSTRUCTION_SCENARIOS.includes(s));
    if (other.length > 0) throw new UsageError(`--instructions counts ${INSTRUCTION_SCENARIOS.join(', ')}, not ${other.join(', ')}`);
    return { ...defaults, sizes: [10_000], ...set, scenarios, targets: ['fake', 'express'], startup: false, contract: false, cluster: false, profile: false };
  }
  if (set.requests !== undefined) throw new UsageError('--requests goes with --instructions');
  return { ...defaults, ...set };
}
