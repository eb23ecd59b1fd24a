import { readFileSync } from 'node:fs';
import type { Fake } from '../core/fake.ts';
import { checkState, restoreState, saveState, StateFileError } from '../core/state-file.ts';
import { writeFileAtomically } from './paths.ts';

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
        fake.store.addTenant({ key, apiAccess, quota: fake.settings.userQuotas[key] ?? fake.settings.quota, locale: fake.settings.userLocales[key] ?? null });
        keysAdded.push(key);
      }
    }
    // An account's settings given on the command line win over the file's (which keeps the rest).
    const now = fake.clock.now();
    for (const [key, locale] of Object.entries(fake.settings.userLocales)) {
      const tenant = fake.store.findTenantByToken(key);
      if (tenant !== undefined) tenant.config.locale = locale;
    }
    for (const [key, remaining] of Object.entries(fake.settings.userQuotas)) {
      const tenant = fake.store.findTenantByToken(key);
      if (tenant !== undefined && !keysAdded.includes(key)) tenant.config.quota = tenant.createdThisMonth(now) + remaining;
    }
  }
  const save = () => writeFileAtomically(path, `${JSON.stringify(saveState(fake.store))}\n`);
  save();
  return { restored: text !== undefined, save, keysAdded };
}
