import { ALL_CHECKS } from '../contract/checks/index.ts';
import { junitReport } from '../contract/junit.ts';
import { runChecks, type CheckResult } from '../contract/runner.ts';
import { createContext } from './contract-target.ts';
import { requireReachable } from './network.ts';
import { parseContractArgs, UsageError } from './options.ts';
import { writeFileAtomically } from '../node/atomic-file.ts';
import { contractProgress } from './progress.ts';
import { colours, type Console, type Palette } from './terminal.ts';

/** `ailuna-images contract`: runs the checks and prints a readable summary; returns the exit code. */
export async function contract(argv: string[], env: Record<string, string | undefined>, io: Console): Promise<number> {
  const parsed = parseContractArgs(argv, env);
  if (parsed.show !== undefined) {
    io.out(parsed.show);
    return 0;
  }
  const { config, junit } = parsed;
  // Before the first check: a server that does not answer is one line and exit code 2, not every check failing.
  if (config.baseUrl !== undefined) await requireReachable(config.baseUrl);
  const ctx = createContext(config);
  const paint = colours(io, 'out');
  io.out(`Contract check of ${config.baseUrl ?? "ailuna-images-kit's fake (in-process)"}${config.readOnly ? ', read-only' : ''}${config.rate > 0 ? `, at most ${config.rate} requests/minute` : ''}`);
  const progress = contractProgress(io, config.rate, () => ctx.client.requestCount);
  const results = await runChecks(ctx, ALL_CHECKS, {
    onStart: ({ total, toRun }) => progress.start(total, toRun),
    onResult: (result) => {
      progress.io.out(formatResult(result, paint));
      progress.advance({ problems: result.outcome === 'failed' ? 1 : 0, skipped: result.outcome === 'skipped' });
    },
  }).finally(() => progress.finish());
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const passed = results.filter((r) => r.outcome === 'passed').length;
  const skipped = results.length - failed - passed;
  if (junit !== undefined) {
    // Written atomically, so a CI step never reads half a report.
    try {
      writeFileAtomically(junit, junitReport(`ailuna-images contract ${config.baseUrl ?? 'in-process fake'}`, results));
    } catch (error) {
      throw new UsageError(`--junit ${junit}: could not write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    io.out(`JUnit report: ${junit}`);
  }
  io.out(`${ctx.client.requestCount} requests.`);
  io.out(`${paint.green(`${passed} passed`)}, ${failed > 0 ? paint.red(`${failed} failed`) : `${failed} failed`}, ${skipped} skipped`);
  for (const line of skippedByReason(results)) io.out(paint.dim(line));
  return failed > 0 ? 1 : 0;
}


/** `Skipped (why): check; check`, one line per reason, so a summary says what was not checked. */
function skippedByReason(results: readonly CheckResult[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const result of results) {
    if (result.outcome === 'skipped') byReason.set(result.detail ?? '', [...(byReason.get(result.detail ?? '') ?? []), result.name]);
  }
  return [...byReason].map(([reason, names]) => `Skipped (${reason}): ${names.join('; ')}`);
}

function formatResult(result: CheckResult, paint: Palette): string {
  if (result.outcome === 'passed') return `  ${paint.green('✓')} ${result.name} ${paint.dim(`(${Math.round(result.ms)} ms)`)}`;
  if (result.outcome === 'skipped') return `  ${paint.dim(`- ${result.name} (skipped: ${result.detail})`)}`;
  return `  ${paint.red('✗')} ${result.name}\n      ${(result.detail ?? '').split('\n').join('\n      ')}`;
}
