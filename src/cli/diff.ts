import { htmlReport } from '../diff/html-report.ts';
import { UnreachableError } from '../diff/http-send.ts';
import { jsonReport } from '../diff/json-report.ts';
import { runDiff, type SideConfig } from '../diff/runner.ts';
import { consoleSummary } from '../diff/summary.ts';
import { allDifferences } from '../diff/types.ts';
import type { FlagValues } from './flags.ts';
import { requireReachable, unreachableMessage } from './network.ts';
import { DIFF, parse, UsageError, type DIFF_FLAGS } from './options.ts';
import { writeFileAtomically } from '../node/atomic-file.ts';
import { diffProgress } from './progress.ts';
import { colours, type Console } from './terminal.ts';

/** `ailuna-images diff`: returns the exit code. */
export async function diff(argv: string[], env: Record<string, string | undefined>, io: Console): Promise<number> {
  const parsed = parse(DIFF, argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return 0;
  }
  const values = parsed.values;
  const [a, b] = [side(values, 'a'), side(values, 'b')];
  if ((a.keyRu === undefined) !== (b.keyRu === undefined)) {
    throw new UsageError(`--${a.keyRu === undefined ? 'b' : 'a'}-key-ru was given without --${a.keyRu === undefined ? 'a' : 'b'}-key-ru: the Russian account is compared on both sides or on neither.`);
  }
  const { rate } = values;
  const readOnly = values['read-only'] ?? false;
  // Before the first request: a side that does not answer is one line and exit code 2.
  for (const { base } of [a, b]) await requireReachable(base);
  io.out(`Differential check: A ${a.base}, B ${b.base}${readOnly ? ', read-only' : ''}${rate > 0 ? `, at most ${rate} requests/minute each` : ''}${a.key2 && b.key2 ? '' : ' (no --key2: no isolation requests)'}${a.keyRu && b.keyRu ? ', with a Russian account' : ' (no --key-ru: the Russian account is not compared)'}`);

  let result;
  try {
    const progress = diffProgress(io, rate);
    result = await runDiff({
      a, b, readOnly, rate,
      onPlan: (total) => progress.start(total),
      onExchange: (exchange) => progress.advance({ problems: exchange.differences.length, skipped: exchange.skipped !== undefined }),
    }).finally(() => progress.finish());
  } catch (error) {
    // A side that went away during the run: the environment, not a difference.
    if (error instanceof UnreachableError) throw new UsageError(unreachableMessage(error.url, error.cause));
    throw error;
  }
  if (result.cleanup > 0) io.out(`Cleaned up: ${result.cleanup} deletes for the images this run created.`);
  for (const [flag, render] of [['json', jsonReport], ['html', htmlReport]] as const) {
    const file = values[flag];
    if (file === undefined) continue;
    // Written atomically, so a CI step never reads half a report.
    try {
      writeFileAtomically(file, render(result));
    } catch (error) {
      throw new UsageError(`--${flag} ${file}: could not write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    io.out(`${flag.toUpperCase()} report: ${file}`);
  }
  const differences = allDifferences(result).length;
  const paint = colours(io, 'out');
  for (const line of consoleSummary(result)) {
    io.out(line.startsWith('diff: ') ? (differences > 0 ? paint.red(line) : paint.green(line)) : line.replace(/^✗/, paint.red('✗')));
  }
  return differences > 0 ? 1 : 0;
}

/** A side's base and keys: its own flags (--a-key) over the shared ones (--key). */
function side(values: FlagValues<typeof DIFF_FLAGS>, name: 'a' | 'b'): SideConfig {
  const key = values[`${name}-key`] ?? values.key;
  if (key === undefined) throw new UsageError(`--key (or --${name}-key) is required: an API key valid on ${name.toUpperCase()}.`);
  const key2 = values[`${name}-key2`] ?? values.key2;
  const noApiKey = values[`${name}-noapi-key`] ?? values['noapi-key'];
  const keyRu = values[`${name}-key-ru`] ?? values['key-ru'];
  if (keyRu !== undefined && keyRu === key) throw new UsageError(`--key-ru (or --${name}-key-ru) must be the key of another account than --key on ${name.toUpperCase()}: a Russian one.`);
  return {
    base: values[name], key,
    ...(key2 === undefined ? {} : { key2 }), ...(noApiKey === undefined ? {} : { noApiKey }), ...(keyRu === undefined ? {} : { keyRu }),
  };
}
