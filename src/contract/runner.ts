import { skipReason, type Check } from './checks/index.ts';
import type { ContractContext } from './context.ts';

export interface CheckResult {
  name: string;
  outcome: 'passed' | 'failed' | 'skipped';
  /** Why it failed (the violation, naming the request) or was skipped. */
  detail?: string;
  ms: number;
}

/** What a caller hears while the checks run (a command's output and progress). */
export interface RunHooks {
  /** Before the first check: how many there are, and how many of them run (the others are skipped). */
  onStart?(plan: { total: number; toRun: number }): void;
  /** After each check, skipped ones included, in order. */
  onResult?(result: CheckResult): void;
}

/**
 * Runs checks one after another (they share the server's state), then deletes whatever the run
 * created and closes the transport. Never throws for a failing check: the results say what failed.
 */
export async function runChecks(ctx: ContractContext, checks: readonly Check[], hooks: RunHooks = {}): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  hooks.onStart?.({ total: checks.length, toRun: checks.filter((check) => skipReason(check, ctx) === null).length });
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
      hooks.onResult?.(result);
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
