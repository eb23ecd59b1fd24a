import { describe, expect, it } from 'vitest';
import { createFake } from '../../src/core/fake.ts';
import { loadSpec } from '../../src/openapi/load.ts';
import { createApp } from '../../src/http/app.ts';
import { ALL_CHECKS } from '../../src/contract/checks/index.ts';
import type { ContractConfig } from '../../src/contract/context.ts';
import { runChecks, type CheckResult } from '../../src/contract/runner.ts';
import { createContext, fakeAccounts } from '../../src/cli/contract-target.ts';
import { MUTANTS, type Mutant } from './mutants.ts';

/**
 * Proves the contract suite is sharp: it passes the unbroken fake and catches every realistic
 * defect injected around it.
 */
const CONFIG: ContractConfig = {
  key: 'SelfTestKeyOne00000000000000000000000000000000000000000000000001',
  key2: 'SelfTestKeyTwo00000000000000000000000000000000000000000000000002',
  keyRu: 'SelfTestKeyRussian0000000000000000000000000000000000000000000003',
  keyUsedUp: 'SelfTestKeyUsedUp00000000000000000000000000000000000000000000004',
  readOnly: false,
  rate: 0,
  fakeExtras: true,
};

async function runSuite(mutant?: Mutant): Promise<CheckResult[]> {
  const fake = createFake({ ...fakeAccounts(CONFIG), noApiKeys: [], count: 30, seed: 11, spec: loadSpec() });
  mutant?.inject(fake);
  return runChecks(createContext(CONFIG, createApp({ fake })), ALL_CHECKS);
}

describe('contract suite self-test', () => {
  it('passes the unbroken fake', async () => {
    const failed = (await runSuite()).filter((r) => r.outcome !== 'passed');
    expect(failed).toEqual([]);
  });

  const killed: string[] = [];
  for (const mutant of MUTANTS) {
    it(`catches a fake that ${mutant.name}`, async () => {
      const failed = (await runSuite(mutant)).filter((r) => r.outcome === 'failed');
      expect(failed.length, `no check failed against a fake that ${mutant.name}`).toBeGreaterThan(0);
      if (mutant.caughtBy !== undefined) {
        expect(failed.map((r) => r.name).filter((name) => name.startsWith(mutant.caughtBy as string)), `the check written for it ("${mutant.caughtBy}…") passed; failed: ${failed.map((r) => r.name).join(' | ')}`).not.toEqual([]);
      }
      killed.push(mutant.name);
    });
  }

  it('reports the kill ratio', () => {
    console.log(`contract self-test: ${killed.length}/${MUTANTS.length} mutants killed`);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(15);
    expect(killed.length).toBe(MUTANTS.length);
  });
});
