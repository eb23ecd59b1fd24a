import { readFileSync } from 'node:fs';
import type { Fake } from '../core/fake.ts';
import { monthOf, type MonthQuota } from '../core/state/store.ts';
import { checkState, restoreState, saveState, StateFileError } from '../core/state/saved-state.ts';
import { writeFileAtomically } from '../node/atomic-file.ts';

/**
 * `--data FILE`: the fake's state on disk. At start an existing file is restored (a file that cannot
 * be read or is not a valid state stops the start with a message — never a silent reset); after
 * every change the whole state is written to a temporary file and renamed over the old one, so a
 * kill at any moment leaves the last good state.
 */
export function attachStateFile(fake: Fake, path: string): { restored: boolean; save(): void; keysAdded: string[] } {
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new StateFileError(`Cannot read the state file ${path} (${code ?? (error as Error).message}). Fix its permissions, or pass another --data file.`);
  }
  const keysAdded: string[] = [];
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new StateFileError(`The state file ${path} is not valid JSON (${(error as Error).message}). Restore it from a backup, or move it away to start from the seed.`);
    }
    restoreState(fake.store, checkState(parsed, `The state file ${path}`));
    // Keys on the command line that the file does not know start without images.
    for (const [key, apiAccess] of [...fake.settings.keys.map((k) => [k, true] as const), ...fake.settings.noApiKeys.map((k) => [k, false] as const)]) {
      if (!fake.store.findTenantByToken(key)) {
        fake.store.addTenant({ key, apiAccess, quota: fake.settings.quota, locale: fake.settings.userLocales[key] ?? null, monthQuota: thisMonthsAllowance(fake, key) });
        keysAdded.push(key);
      }
    }
    // The command line's locales apply over the file (they configure the accounts); an allowance
    // of --user-quotas only where the file holds none for this month (the file keeps what was
    // used: a restart with the same flags gives nothing back).
    const month = monthOf(fake.clock.now());
    for (const tenant of fake.store.allTenants()) {
      const locale = fake.settings.userLocales[tenant.config.key];
      if (locale !== undefined) tenant.config.locale = locale;
      if (tenant.config.monthQuota?.month !== month) tenant.config.monthQuota = thisMonthsAllowance(fake, tenant.config.key) ?? tenant.config.monthQuota ?? null;
    }
  }
  const save = () => writeFileAtomically(path, `${JSON.stringify(saveState(fake.store))}\n`);
  save();
  return { restored: text !== undefined, save, keysAdded };
}

/** This month's allowance that --user-quotas gives `key`, if any. */
function thisMonthsAllowance(fake: Fake, key: string): MonthQuota | null {
  const remaining = fake.settings.userQuotas[key];
  return remaining === undefined ? null : { month: monthOf(fake.clock.now()), quota: remaining };
}
