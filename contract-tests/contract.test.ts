import { afterAll, describe, it } from 'vitest';
import { ALL_CHECKS, skipReason } from '../src/contract/checks/index.ts';
import { configFromEnv, createContext } from '../src/cli/contract-target.ts';

/**
 * The contract suite: every check as a named test, against CONTRACT_BASE_URL or, without it,
 * against our fake in-process. See README "Contract tests".
 */
const config = configFromEnv(process.env);
const ctx = createContext(config);

describe(`contract: ${config.baseUrl ?? 'the fake, in-process'}${config.readOnly ? ' (read-only)' : ''}`, () => {
  afterAll(async () => {
    try {
      await ctx.cleanUp();
    } finally {
      await ctx.client.close();
    }
  });
  for (const check of ALL_CHECKS) {
    const reason = skipReason(check, ctx);
    if (reason !== null) it.skip(`${check.name} [skipped: ${reason}]`, () => {});
    else it(check.name, () => check.run(ctx));
  }
});
