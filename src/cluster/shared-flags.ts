import { createHash } from 'node:crypto';
import { DEFAULT_LOCALE } from '../core/defaults.ts';
import type { FakeSettings } from '../core/settings.ts';

/**
 * The `serve` flags that shape the state: every replica on one Redis database must agree on them.
 * Each account's locale and allowance (`--user-locales`, `--user-quotas`), the site default locale
 * (`--locale`, default en) and the site's translations (`--translations`) may be left out: none, en, none.
 */
export type StateShapingFlags =
  & Pick<FakeSettings, 'seed' | 'count' | 'keys' | 'noApiKeys' | 'quota' | 'perPageDefault' | 'rateLimit' | 'referenceDate'>
  & Partial<Pick<FakeSettings, 'userLocales' | 'userQuotas' | 'locale' | 'translations'>>;

/** What Redis keeps of the flags: keys only as a count and a SHA-256 (a key is a secret). */
export interface RecordedFlags {
  seed: number;
  count: number;
  keys: { count: number; sha256: string };
  noApiKeys: { count: number; sha256: string };
  quota: number | null;
  perPageDefault: number;
  rateLimit: number;
  referenceDate: number;
  /** Absent when recorded by a version before locales: the defaults (none, en, none). */
  userLocales?: { sha256: string };
  userQuotas?: { sha256: string };
  locale?: string;
  translations?: { locales: string[]; sha256: string };
}

export function recordFlags(flags: StateShapingFlags): RecordedFlags {
  const keyList = (keys: readonly string[]) => ({
    count: keys.length,
    // Order matters: an image's owner is the key's position.
    sha256: createHash('sha256').update(JSON.stringify(keys)).digest('hex'),
  });
  return {
    seed: flags.seed,
    count: flags.count,
    keys: keyList(flags.keys),
    noApiKeys: keyList(flags.noApiKeys),
    quota: flags.quota,
    perPageDefault: flags.perPageDefault,
    rateLimit: flags.rateLimit,
    referenceDate: flags.referenceDate,
    userLocales: { sha256: sha256(sortedEntries(flags.userLocales ?? {})) },
    userQuotas: { sha256: sha256(sortedEntries(flags.userQuotas ?? {})) },
    locale: flags.locale ?? DEFAULT_LOCALE,
    translations: {
      locales: Object.keys(flags.translations ?? {}).sort(),
      sha256: sha256(sortedEntries(flags.translations ?? {}).map(([code, file]) => [code, sortedEntries(file)])),
    },
  };
}

/** Fills in what a version before locales did not record: the defaults. */
function withDefaults(flags: RecordedFlags): Required<RecordedFlags> {
  const none = { sha256: sha256([]) };
  return {
    ...flags,
    userLocales: flags.userLocales ?? none,
    userQuotas: flags.userQuotas ?? none,
    locale: flags.locale ?? DEFAULT_LOCALE,
    translations: flags.translations ?? { locales: [], sha256: sha256([]) },
  };
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function sha256(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const SCALARS = [
  ['seed', '--seed', String],
  ['count', '--count', String],
  ['quota', '--quota', (v: unknown) => (v === null ? 'unlimited (not set)' : String(v))],
  ['perPageDefault', '--per-page-default', String],
  ['rateLimit', '--rate-limit', String],
  ['referenceDate', '--ref-date', (v: unknown) => new Date(v as number).toISOString()],
] as const;

/**
 * The first flag that differs between this replica and the one recorded in Redis, as a message
 * naming it (and never a key), or null when they agree.
 *
 * @example
 * flagsMismatch(recordFlags({ ...flags, seed: 2 }), recordFlags(flags), 'redis://127.0.0.1:6390/0')
 * // '--seed is 2 here but 1 in redis://127.0.0.1:6390/0 (recorded by the first replica); start every replica with the same --seed, or use another Redis database.'
 */
export function flagsMismatch(hereAsGiven: RecordedFlags, recordedAsGiven: RecordedFlags, where: string): string | null {
  const [here, recorded] = [withDefaults(hereAsGiven), withDefaults(recordedAsGiven)];
  const advice = (flag: string, note = '') => `(recorded by the first replica${note}); start every replica with the same ${flag}, or use another Redis database (for example ${where.replace(/\/(\d+)$/, (_, db: string) => `/${Number(db) + 1}`)}).`;
  for (const [field, flag, show] of SCALARS) {
    if (here[field] !== recorded[field]) {
      return `${flag} is ${show(here[field])} here but ${show(recorded[field])} in ${where} ${advice(flag)}`;
    }
  }
  for (const [field, flag] of [['keys', '--keys'], ['noApiKeys', '--noapi-keys']] as const) {
    const a = here[field];
    const b = recorded[field];
    if (a?.count !== b?.count || a?.sha256 !== b?.sha256) {
      const counts = a?.count === b?.count
        ? `has ${a.count} key${a.count === 1 ? '' : 's'} here as in ${where}, but not the same ones in the same order`
        : `has ${a.count} key${a.count === 1 ? '' : 's'} here but ${b?.count ?? 'an unknown number'} in ${where}`;
      return `${flag} ${counts} ${advice(flag, '; keys are compared by their SHA-256 and never shown')}`;
    }
  }
  if (here.locale !== recorded.locale) return `--locale is ${here.locale} here but ${recorded.locale} in ${where} ${advice('--locale')}`;
  if (here.translations.sha256 !== recorded.translations.sha256) {
    const show = (locales: string[]) => (locales.length === 0 ? 'none' : locales.map((l) => `${l}.json`).join(', '));
    return `--translations differ: ${show(here.translations.locales)} here, ${show(recorded.translations.locales)}${here.translations.locales.join() === recorded.translations.locales.join() ? ' with other lines' : ''} in ${where} ${advice('--translations')}`;
  }
  for (const [field, flag] of [['userLocales', '--user-locales'], ['userQuotas', '--user-quotas']] as const) {
    if (here[field].sha256 !== recorded[field].sha256) {
      return `${flag} differs here from ${where} ${advice(flag, '; compared by their SHA-256, keys are never shown')}`;
    }
  }
  return null;
}
