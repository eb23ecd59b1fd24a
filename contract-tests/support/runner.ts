import { skipReason, type Check } from '../checks/index.ts';
import type { ContractContext } from './context.ts';

export interface CheckResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed (the violation, naming the request) or was skipped. */
  detail?: string;
  ms: number;
}

/**
 * Runs checks one after another (they share the server's state), then deletes whatever the run
 * created and closes the transport. Never throws for a failing check: the results say what failed.
 */
export async function runChecks(
  ctx: ContractContext,
  checks: readonly Check[],
  onResult: (result: CheckResult) => void = () => {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  try {
    for (const check of checks) {
      const started = performance.now();
      const reason = skipReason(check, ctx);
      let result: CheckResult;
      if (reason !== null) {
        result = { name: check.name, outcome: 'skipped', detail: reason, ms: 0 };
      } else {
        try {
          await check.run(ctx);
          result = { name: check.name, outcome: 'passed', ms: performance.now() - started };
        } catch (error) {
          result = { name: check.name, outcome: 'failed', detail: error instanceof Error ? error.message : String(error), ms: performance.now() - started };
        }
      }
      results.push(result);
      onResult(result);
    }
  } finally {
    try {
      await ctx.cleanUp();
    } finally {
      await ctx.client.close();
    }
  }
  return results;
}
