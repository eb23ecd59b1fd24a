// The contract suite's wall time against a fresh fake (the `contract` command, as CI runs it).
import { clearTimeout, setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { startChild, stopChild } from './procs.ts';
import { BIN, KEYS, log, ROOT } from './setup.ts';
import { startFake } from './targets.ts';

export interface ContractTiming {
  wallMs: number;
  exitCode: number | null;
  /** the suite's last lines */
  tail: string[];
}

/** Starts a fresh fake (default count) and times the contract suite against it (stopped after 10 minutes). */
export async function timeContract(): Promise<ContractTiming> {
  log('contract: starting a fresh fake (default count) and timing the contract suite against it');
  const fake = await startFake(null);
  const args = [BIN, 'contract', '--base-url', `${fake.origin}/api/v1`, '--key', KEYS[0], '--key2', KEYS[1], '--fake'];
  const suite = startChild('contract suite', process.execPath, args, { cwd: ROOT, keepOutput: true });
  const limit = setTimeout(() => {
    log('contract: still running after 10 minutes, stopping it');
    void stopChild(suite);
  }, 600_000);
  const exitCode = await suite.exited;
  clearTimeout(limit);
  const wallMs = Math.round(performance.now() - suite.spawnedAt);
  const contract = { wallMs, exitCode, tail: suite.output.trim().split('\n').slice(-12) };
  log(`contract: exit ${exitCode} after ${(wallMs / 1000).toFixed(1)} s`);
  await stopChild(fake.child);
  return contract;
}
