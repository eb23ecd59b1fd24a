import { isIP } from 'node:net';
import { CONTRACT_MODES } from '../contract/modes.ts';
import type { ContractConfig } from '../contract/context.ts';
import { formatRedisAddress, parseRedisUrl } from '../cluster/redis-url.ts';
import {
  DEFAULT_COUNT, DEFAULT_KEYS, DEFAULT_LOCALE, DEFAULT_NOAPI_KEYS, DEFAULT_PER_PAGE, DEFAULT_PORT, DEFAULT_REFERENCE_DATE, DEFAULT_SEED,
} from '../core/defaults.ts';
import { formatDelayRange, parseDelayRange, parseErrorRate } from '../core/faults.ts';
import type { FakeSettings } from '../core/settings.ts';
import { parseCommandLine, UsageError, type CommandSpec, type Flag, type FlagTable, type FlagValues } from './flags.ts';
import { harFile, outputFile, outputFolder, readInputFile, stateFile } from './paths.ts';
import { LOCALE_CODE, LocaleError, parseTranslationFile, type TranslationFile } from '../core/locale/translator.ts';
import { basename } from 'node:path';
import { packageVersion } from './version.ts';

/*
 * The flag table of every command. Each flag's value is checked here, while the command line is
 * read: a bad value, or a path that cannot be used, stops the command before it does any work.
 */

export { UsageError };

// ---- Validators: each returns the setting or throws a message naming the flag (or variable).

const integer = (min: number, max: number) => (text: string, flag: string): number => {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}.`);
  }
  return value;
};

const booleanFlag = (text: string, flag: string): boolean => {
  if (['1', 'true', 'yes', 'on'].includes(text.trim().toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.trim().toLowerCase())) return false;
  throw new UsageError(`${flag} must be true or false, not ${JSON.stringify(text)}.`);
};

const oneOf = <T extends string>(choices: readonly T[]) => (text: string, flag: string): T => {
  const value = text.trim();
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be ${choices.length === 1 ? `"${choices[0]}"` : `one of ${choices.join(', ')}`}, not ${JSON.stringify(text)}.`);
  return value as T;
};

const keyList = (text: string, flag: string): string[] => {
  const keys = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const bad = keys.find((k) => !/^[A-Za-z0-9._~-]+$/.test(k));
  if (bad !== undefined) {
    throw new UsageError(`${flag}: the key ${JSON.stringify(bad)} has characters a client cannot send in a Bearer header; use letters, digits, "-", "_", "." or "~".`);
  }
  return keys;
};

const key = (text: string, flag: string): string => {
  if (text.trim() === '') throw new UsageError(`${flag} needs a key, not an empty value.`);
  return text.trim();
};

const date = (text: string, flag: string): number => {
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw new UsageError(`${flag} must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z, not ${JSON.stringify(text)}.`);
  return value;
};

const delay = (text: string, flag: string): string | null => formatDelayRange(parseDelayRange(text, flag));

const storeUrl = (text: string, flag: string): string => formatRedisAddress(parseRedisUrl(text, flag));

const origins = (text: string, flag: string): string[] => {
  const list = text.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const bad = list.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad !== undefined || list.length === 0) throw new UsageError(`${flag} takes origins such as http://localhost:5173 (scheme and host, no path), not ${JSON.stringify(bad ?? text)}.`);
  return list;
};

const localeCode = (text: string, flag: string): string => {
  const value = text.trim();
  if (!LOCALE_CODE.test(value)) throw new UsageError(`${flag} must be a locale code such as en, ru or pt_BR, not ${JSON.stringify(text)}.`);
  return value;
};

/** `KEY=VALUE[,KEY=VALUE…]`, each value read by `read`. */
const keyPairs = <T>(what: string, example: string, read: (text: string, flag: string) => T) => (text: string, flag: string): Record<string, T> => {
  const result: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const equals = pair.indexOf('=');
    const [name, value] = equals === -1 ? [pair, ''] : [pair.slice(0, equals).trim(), pair.slice(equals + 1).trim()];
    // The key is a secret: only its first characters are shown.
    if (name === '' || value === '') throw new UsageError(`${flag} takes KEY=${what} pairs separated by commas, e.g. ${example}, not ${JSON.stringify(`${name.slice(0, 6)}${name.length > 6 ? '…' : ''}${equals === -1 ? '' : `=${value}`}`)}.`);
    if (name in result) throw new UsageError(`${flag} names the key ${name.slice(0, 6)}… twice.`);
    result[name] = read(value, `${flag} (${name.slice(0, 6)}…)`);
  }
  return result;
};

const keyLocales = keyPairs('LOCALE', 'my-key=ru', localeCode);
const keyAllowances = keyPairs('N', 'my-key=0', integer(0, 1_000_000));

/**
 * `--translations FILE[,FILE…]`: each a site's `lang/<locale>.json`, read and checked now; the
 * locale is the file name's (`ru.json` → ru).
 */
const translationFiles = (text: string, flag: string): Record<string, TranslationFile> => {
  const files: Record<string, TranslationFile> = Object.create(null) as Record<string, TranslationFile>;
  for (const path of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const locale = basename(path).replace(/\.json$/i, '');
    if (!/\.json$/i.test(path) || !LOCALE_CODE.test(locale)) {
      throw new UsageError(`${flag} ${path}: the file must be named <locale>.json (ru.json, pt_BR.json), as in a Laravel site's lang folder.`);
    }
    if (locale in files) throw new UsageError(`${flag}: two files for the locale ${locale}.`);
    try {
      files[locale] = parseTranslationFile(readInputFile(path, flag), `${flag} ${path}`);
    } catch (error) {
      if (error instanceof LocaleError) throw new UsageError(error.message);
      throw error;
    }
  }
  return files;
};

/** An address or a host name to bind; whether this machine has it is checked when it listens (checkCanListen). */
const host = (text: string, flag: string): string => {
  const value = text.trim().replace(/^\[(.*)\]$/, '$1');
  // Four dotted numbers that are not an IPv4 address (999.1.1.1) would be looked up as a name.
  const ok = isIP(value) !== 0 || (!/^[\d.]+$/.test(value) && /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(value));
  if (!ok) throw new UsageError(`${flag} must be an IP address or a host name such as 127.0.0.1, 0.0.0.0, ::1 or localhost, not ${JSON.stringify(text)}.`);
  return value;
};

const httpUrl = (example: string) => (text: string, flag: string): string => {
  const value = text.trim();
  if (!/^https?:\/\/[^/]+/.test(value) || !URL.canParse(value)) throw new UsageError(`${flag} must be an http(s) URL such as ${example}, not ${JSON.stringify(text)}.`);
  return value;
};

const port = (fallback: number): Flag<number> & { default: string } => ({
  value: 'N', default: String(fallback), help: 'port to listen on (0 picks a free one)', parse: integer(0, 65535),
});

const bindHost = { value: 'H', default: '127.0.0.1', help: 'address to bind (0.0.0.0 to share it on your network)', parse: host } satisfies Flag;

// ---- serve

export const SERVE_FLAGS = {
  port: { ...port(DEFAULT_PORT), env: 'AILUNA_PORT' },
  host: { ...bindHost, env: 'AILUNA_HOST' },
  seed: { value: 'N', env: 'AILUNA_SEED', default: String(DEFAULT_SEED), help: 'seed of the generated images: the same seed gives the same ids, names and JPEG bytes everywhere', parse: integer(0, 2 ** 31 - 1) },
  count: { value: 'N', env: 'AILUNA_COUNT', default: String(DEFAULT_COUNT), help: 'seeded images per key', parse: integer(0, 100_000) },
  keys: { value: 'K1,K2', env: 'AILUNA_KEYS', otherwise: 'the two demo keys', help: 'keys with full access, each a separate user with its own images', parse: keyList },
  'noapi-keys': { value: 'K3', env: 'AILUNA_NOAPI_KEYS', otherwise: 'the demo no-access key', help: 'keys that authenticate but whose plan lacks API access (403)', parse: keyList },
  quota: { value: 'N', env: 'AILUNA_QUOTA', otherwise: 'unlimited', help: 'images each key may create through the API, then 422 "You created too many images."; seeded images do not count and a delete gives none back, as upstream', parse: integer(0, 1_000_000) },
  'user-quotas': { value: 'KEY=N,…', env: 'AILUNA_USER_QUOTAS', otherwise: 'none: --quota for every key', help: 'per account, the images it may still create this month (0 = used up), instead of --quota; next month --quota applies again', parse: keyAllowances },
  locale: { value: 'L', env: 'AILUNA_LOCALE', default: DEFAULT_LOCALE, help: "the site's default locale, for accounts without one of their own or with one not installed (en and ru are installed)", parse: localeCode },
  'user-locales': { value: 'KEY=L,…', env: 'AILUNA_USER_LOCALES', otherwise: 'none: the site default', help: "each account's locale: its validation messages and page arrows (and the site's strings, with --translations) come in it", parse: keyLocales },
  translations: { value: 'FILE,…', env: 'AILUNA_TRANSLATIONS', otherwise: "none: the site's strings stay English", help: "the site's lang/<locale>.json files (locale from the name): they translate its own strings (Resource not found., the quota message…) and install their locale", parse: translationFiles },
  'per-page-default': { value: 'N', env: 'AILUNA_PER_PAGE_DEFAULT', default: String(DEFAULT_PER_PAGE), help: 'page size when per_page is missing or not one of 10, 25, 50, 100 (ailuna.ru uses 25; the software ships with 10)', parse: integer(1, 1000) },
  'rate-limit': { value: 'N', env: 'AILUNA_RATE_LIMIT', default: '0', help: 'enforce N requests a minute per client address (429 after); 0: the X-RateLimit headers still count as upstream, but nothing is refused', parse: integer(0, 1_000_000) },
  'trust-proxy': { env: 'AILUNA_TRUST_PROXY', otherwise: 'off', help: 'take the client address (for the rate limit) from X-Forwarded-For; upstream ignores it', parse: booleanFlag },
  'ref-date': { value: 'D', env: 'AILUNA_REF_DATE', default: new Date(DEFAULT_REFERENCE_DATE).toISOString().slice(0, 10), help: 'seeded images are dated in the half year before this date, so a seed gives the same bytes on any day', parse: date },
  latency: { value: 'R', env: 'AILUNA_LATENCY', otherwise: 'none', help: 'a random delay before every answer, ms or a range (200-800)', parse: delay },
  'generation-delay': { value: 'R', env: 'AILUNA_GENERATION_DELAY', otherwise: 'none', help: 'a store takes this long (ms or a range), as a real generation does', parse: delay },
  'error-rate': { value: 'P', env: 'AILUNA_ERROR_RATE', default: '0', help: "share of API requests (0 to 1) answered with upstream's 500", parse: (text: string, flag: string) => parseErrorRate(text, flag) },
  'no-admin': { env: 'AILUNA_NO_ADMIN', otherwise: 'off', help: 'leave out the /__admin API', parse: booleanFlag },
  'no-pages': { env: 'AILUNA_NO_PAGES', otherwise: 'off', help: 'leave out the /docs page and the / gallery', parse: booleanFlag },
  'admin-token': { value: 'T', env: 'AILUNA_ADMIN_TOKEN', otherwise: 'none', help: 'require X-Admin-Token: T (or Authorization: Bearer T) on /__admin', parse: key },
  'cors-origin': { value: 'O,…', env: 'AILUNA_CORS_ORIGIN', otherwise: '* (any, as upstream)', help: 'only these origins (http://localhost:5173) get CORS headers', parse: origins },
  data: { value: 'FILE', env: 'AILUNA_DATA', otherwise: 'none (in memory)', help: "keep every user's images in this JSON file across restarts (its folder must exist); each change is written atomically", parse: stateFile },
  store: { value: 'URL', env: 'AILUNA_STORE', otherwise: 'none (in memory)', help: 'share the state with other replicas through Redis: redis://HOST:PORT[/DB]; excludes --data', parse: storeUrl },
  'log-format': { value: 'F', env: 'AILUNA_LOG_FORMAT', default: 'text', help: 'text: lines with a time; json: one JSON object per line', parse: oneOf(['text', 'json'] as const) },
  quiet: { env: 'AILUNA_QUIET', otherwise: 'off', help: 'leave out the banner, the request lines and notices; warnings and errors stay', parse: booleanFlag },
} satisfies FlagTable;

export const SERVE: CommandSpec<typeof SERVE_FLAGS> = {
  name: 'serve',
  usage: 'ailuna-images serve [flags]   (npm start -- [flags])',
  summary: 'serve the fake Images API (what npm start runs)',
  about: 'Serves a faithful, stateful fake of the ailuna.ru Images API v1 at http://HOST:PORT/api/v1.',
  flags: SERVE_FLAGS,
};

/** The fake's settings as the `serve` flags give them (no flag for banned words), and the CLI's own. */
export interface ServeSettings extends Omit<FakeSettings, 'bannedWords'> {
  port: number;
  host: string;
  latency: string | null;
  errorRate: number;
  generationDelay: string | null;
  admin: boolean;
  pages: boolean;
  data: string | null;
  /** `redis://HOST:PORT/DB` when the state is shared with other replicas through Redis. */
  store: string | null;
  adminToken: string | undefined;
  corsOrigins: string[] | undefined;
  logFormat: 'text' | 'json';
  quiet: boolean;
}

/** The `serve` settings from its parsed flags; throws UsageError for flags that do not go together. */
export function serveSettings(values: FlagValues<typeof SERVE_FLAGS>): ServeSettings {
  const settings: ServeSettings = {
    port: values.port,
    host: values.host,
    seed: values.seed,
    count: values.count,
    keys: values.keys ?? [...DEFAULT_KEYS],
    noApiKeys: values['noapi-keys'] ?? [...DEFAULT_NOAPI_KEYS],
    quota: values.quota ?? null,
    userQuotas: values['user-quotas'] ?? {},
    locale: values.locale,
    userLocales: values['user-locales'] ?? {},
    translations: values.translations ?? {},
    perPageDefault: values['per-page-default'],
    rateLimit: values['rate-limit'],
    trustProxy: values['trust-proxy'] ?? false,
    referenceDate: values['ref-date'],
    latency: values.latency ?? null,
    errorRate: values['error-rate'],
    generationDelay: values['generation-delay'] ?? null,
    admin: !(values['no-admin'] ?? false),
    pages: !(values['no-pages'] ?? false),
    data: values.data ?? null,
    store: values.store ?? null,
    adminToken: values['admin-token'],
    corsOrigins: values['cors-origin'],
    logFormat: values['log-format'],
    quiet: values.quiet ?? false,
  };
  if (settings.data !== null && settings.store !== null) {
    throw new UsageError(`--data and --store exclude each other: --data keeps one process's state in a file, --store shares it between replicas through Redis (which keeps it with its own persistence). Pass one of them.`);
  }
  if (settings.keys.length === 0) throw new UsageError('--keys needs at least one key.');
  const shared = settings.noApiKeys.find((k) => settings.keys.some((known) => known.toLowerCase() === k.toLowerCase()));
  if (shared !== undefined) throw new UsageError(`The key ${shared} is in both --keys and --noapi-keys; a key is either one or the other.`);
  for (const [flag, accounts] of [['--user-locales', settings.userLocales], ['--user-quotas', settings.userQuotas]] as const) {
    const stranger = Object.keys(accounts).find((name) => !settings.keys.includes(name) && !settings.noApiKeys.includes(name));
    if (stranger !== undefined) throw new UsageError(`${flag} names a key that is in neither --keys nor --noapi-keys (${stranger.slice(0, 6)}…); an account's settings need its key among them.`);
  }
  return settings;
}

/**
 * Reads `serve` settings from argv, then the AILUNA_* environment variables, then the defaults
 * (no --help or --version: see parseCommandLine). Throws UsageError for anything it cannot use.
 */
export function parseServeArgs(argv: string[], env: Record<string, string | undefined>): ServeSettings {
  const parsed = parse(SERVE, argv, env);
  if (parsed.show !== undefined) throw new UsageError('--help and --version are not settings.');
  return serveSettings(parsed.values);
}

// ---- contract

export const CONTRACT_FLAGS = {
  'base-url': { value: 'URL', env: 'CONTRACT_BASE_URL', otherwise: 'none: the fake, in-process', help: 'the API base, e.g. http://127.0.0.1:4011/api/v1; without it the fake is checked in-process', parse: httpUrl('http://127.0.0.1:4011/api/v1') },
  key: { value: 'KEY', env: 'CONTRACT_API_KEY', otherwise: 'required with --base-url', help: 'the key of the user whose images are read', parse: key },
  key2: { value: 'KEY', env: 'CONTRACT_API_KEY_2', otherwise: 'none: no isolation checks', help: 'a second user, for the isolation checks', parse: key },
  'key-ru': { value: 'KEY', env: 'CONTRACT_API_KEY_RU', otherwise: 'none: no locale checks', help: "a key of an account whose locale is ru, for the checks of its messages and page arrows (in-process: the fake's own)", parse: key },
  'key-used-up': { value: 'KEY', env: 'CONTRACT_API_KEY_USED_UP', otherwise: 'none: no quota check', help: "the key of an account that has used up this month's allowance, for the quota check (in-process: the fake's own)", parse: key },
  'read-only': { env: 'CONTRACT_READ_ONLY', otherwise: 'off', help: 'no creates, updates or deletes (the real API bills generation); everything checkable by reading still runs', parse: booleanFlag },
  rate: { value: 'N', env: 'CONTRACT_RATE', default: '0', help: 'at most N requests a minute (0: unpaced; the real API allows 60 per address); a 429 is waited out using Retry-After', parse: integer(0, 1_000_000) },
  fake: { env: 'CONTRACT_FAKE', otherwise: 'off', help: 'the server is ailuna-images serve: also check its extras (X-Mock-Warning)', parse: booleanFlag },
  mode: { value: 'MODE', env: 'CONTRACT_MODE', default: CONTRACT_MODES[0], help: 'full; schema-only for a stateless mock such as prism mock; behind-validating-proxy for prism proxy --errors, which answers negative requests itself', parse: oneOf(CONTRACT_MODES) },
  junit: { value: 'FILE', env: 'CONTRACT_JUNIT', otherwise: 'none', help: 'also write a JUnit XML report (atomically; its folder must exist)', parse: outputFile },
} satisfies FlagTable;

/**
 * Reads a contract run from argv, then the CONTRACT_* variables: the one reading that both
 * `ailuna-images contract` and the vitest suite (no argv) use. `show`: the --help or --version
 * text to print instead. Throws UsageError for anything it cannot use.
 */
export function parseContractArgs(argv: readonly string[], env: Record<string, string | undefined>):
  { show: string } | { show?: undefined; config: ContractConfig; junit: string | undefined } {
  const parsed = parse(CONTRACT, argv, env);
  if (parsed.show !== undefined) return { show: parsed.show };
  return { config: contractSettings(parsed.values), junit: parsed.values.junit };
}

/**
 * The accounts of the in-process contract run besides the two demo keys (placeholders that exist
 * only there): one whose locale is Russian and one whose monthly allowance is used up, so that
 * the locale and quota checks run too. `serve` has neither unless told (--user-locales,
 * --user-quotas).
 */
export const IN_PROCESS_KEY_RU = 'demoKeyRussian00000000000000000000000000000000000000000000000004';
export const IN_PROCESS_KEY_USED_UP = 'demoKeyUsedUp000000000000000000000000000000000000000000000000005';

/** The contract run the flag values describe (in-process: the fake's own accounts). */
function contractSettings(values: FlagValues<typeof CONTRACT_FLAGS>): ContractConfig {
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && values.key === undefined) throw new UsageError('--key (CONTRACT_API_KEY) is required with --base-url: the API key of the user whose images are checked.');
  const inProcess = baseUrl === undefined;
  return {
    baseUrl,
    key: values.key ?? (DEFAULT_KEYS[0] as string),
    key2: values.key2 ?? (inProcess ? DEFAULT_KEYS[1] : undefined),
    keyRu: values['key-ru'] ?? (inProcess ? IN_PROCESS_KEY_RU : undefined),
    keyUsedUp: values['key-used-up'] ?? (inProcess ? IN_PROCESS_KEY_USED_UP : undefined),
    readOnly: values['read-only'] ?? false,
    rate: values.rate,
    fakeExtras: inProcess || (values.fake ?? false),
    mode: values.mode,
  };
}

export const CONTRACT: CommandSpec<typeof CONTRACT_FLAGS> = {
  name: 'contract',
  usage: 'ailuna-images contract [--base-url URL --key KEY] [flags]',
  summary: 'check an implementation (the fake, Prism, a deployment) against the contract',
  about: [
    'Checks an implementation of the Images API v1 against the OpenAPI document and the real API\'s',
    'behaviour. Without --base-url it checks this package\'s fake, in-process. A server that cannot be',
    'reached stops it before the first check (exit code 2).',
  ].join('\n'),
  flags: CONTRACT_FLAGS,
};

// ---- diff

const sideKey = (side: 'A' | 'B', shared: string, what: string) => ({
  value: 'KEY', env: `AILUNA_DIFF_${side}_${shared.replace(/^--/, '').replaceAll('-', '_').toUpperCase()}`, otherwise: shared,
  help: `${side}'s ${what} when the sides use different keys (overrides ${shared})`, parse: key,
}) satisfies Flag;

export const DIFF_FLAGS = {
  a: { value: 'URL', env: 'AILUNA_DIFF_A', required: true, help: "the first implementation's API base, e.g. http://127.0.0.1:4010/api/v1", parse: httpUrl('http://127.0.0.1:4010/api/v1') },
  b: { value: 'URL', env: 'AILUNA_DIFF_B', required: true, help: "the second implementation's API base", parse: httpUrl('http://127.0.0.1:4010/api/v1') },
  key: { value: 'KEY', env: 'AILUNA_DIFF_KEY', otherwise: 'required (or --a-key and --b-key)', help: 'an API key valid on both sides', parse: key },
  key2: { value: 'KEY', env: 'AILUNA_DIFF_KEY2', otherwise: 'none: no isolation requests', help: "a second user's key on both sides, for the isolation requests", parse: key },
  'noapi-key': { value: 'KEY', env: 'AILUNA_DIFF_NOAPI_KEY', otherwise: 'none: no 403 requests', help: "a key that authenticates but whose plan has no API access, for the 403 requests (the fake's: demoKeyNoApiAccess…0003)", parse: key },
  'key-ru': { value: 'KEY', env: 'AILUNA_DIFF_KEY_RU', otherwise: 'none: the Russian account is not compared', help: "a key of an account whose locale is ru on both sides: its validation messages, page arrows and the site's strings are compared too, and headers must not change either account's language", parse: key },
  'a-key': sideKey('A', '--key', 'key'),
  'b-key': sideKey('B', '--key', 'key'),
  'a-key2': sideKey('A', '--key2', 'second key'),
  'b-key2': sideKey('B', '--key2', 'second key'),
  'a-noapi-key': sideKey('A', '--noapi-key', 'no-access key'),
  'b-noapi-key': sideKey('B', '--noapi-key', 'no-access key'),
  'a-key-ru': sideKey('A', '--key-ru', 'Russian account key'),
  'b-key-ru': sideKey('B', '--key-ru', 'Russian account key'),
  'read-only': { env: 'AILUNA_DIFF_READ_ONLY', otherwise: 'off', help: 'only GET, HEAD and OPTIONS; compares what does not depend on the data (status, headers, shapes, links and meta arithmetic): safe against the real API', parse: booleanFlag },
  rate: { value: 'N', env: 'AILUNA_DIFF_RATE', default: '0', help: 'at most N requests a minute to each side (0: unpaced; the real API allows 60); 429s are waited out (Retry-After)', parse: integer(0, 1_000_000) },
  json: { value: 'FILE', env: 'AILUNA_DIFF_JSON', otherwise: 'none', help: 'write every request with both answers and the differences as JSON (its folder must exist)', parse: outputFile },
  html: { value: 'FILE', env: 'AILUNA_DIFF_HTML', otherwise: 'none', help: 'write a self-contained HTML page with the differences side by side (its folder must exist)', parse: outputFile },
} satisfies FlagTable;

export const DIFF: CommandSpec<typeof DIFF_FLAGS> = {
  name: 'diff',
  usage: 'ailuna-images diff --a URL --b URL --key KEY [flags]',
  summary: 'send the same requests to two implementations and name every difference',
  about: [
    'Sends the same requests to two implementations of the Images API v1 (the real API, staging, the',
    'fake) and names every observable difference. It creates its own images on both sides (their names',
    'carry a unique token, the lists it compares are filtered to it) and deletes them at the end.',
  ].join('\n'),
  flags: DIFF_FLAGS,
  notes: 'The last line of output is "diff: N requests, M differences".',
};

// ---- record, replay, fixtures

export const RECORD_FLAGS = {
  upstream: { value: 'URL', env: 'AILUNA_RECORD_UPSTREAM', required: true, help: 'where to forward, e.g. https://ailuna.ru or http://127.0.0.1:4010', parse: httpUrl('https://ailuna.ru or http://127.0.0.1:4010') },
  out: { value: 'FILE', env: 'AILUNA_RECORD_OUT', required: true, help: 'the HAR file to write (replaced; its folder must exist)', parse: outputFile },
  port: { ...port(4020), env: 'AILUNA_RECORD_PORT' },
  host: { ...bindHost, env: 'AILUNA_RECORD_HOST' },
} satisfies FlagTable;

export const RECORD: CommandSpec<typeof RECORD_FLAGS> = {
  name: 'record',
  usage: 'ailuna-images record --upstream URL --out FILE.har [flags]',
  summary: 'a recording proxy that writes HAR files (keys redacted)',
  about: [
    'A recording proxy: point your app or the contract suite at it; it forwards every request to the',
    'upstream (the real API or the fake) and appends each exchange to FILE.har (HAR 1.2), with API keys',
    'redacted and every response checked against the OpenAPI document (violations on stderr and in the',
    'entry\'s comment). The file is complete after every exchange, even if the proxy is killed. An',
    'upstream that does not answer at start is a warning: requests get a 502 until it is up.',
  ].join('\n'),
  flags: RECORD_FLAGS,
};

export const REPLAY_FLAGS = {
  port: { ...port(4030), env: 'AILUNA_REPLAY_PORT' },
  host: { ...bindHost, env: 'AILUNA_REPLAY_HOST' },
  fallback: { value: 'fake', env: 'AILUNA_REPLAY_FALLBACK', otherwise: 'none: a JSON 404', help: 'answer requests no recording matches from the fake (its default keys and seed)', parse: oneOf(['fake'] as const) },
  'keep-urls': { env: 'AILUNA_REPLAY_KEEP_URLS', otherwise: 'off', help: "serve the exact recorded bytes (by default recorded URLs are rewritten to this server's origin)", parse: booleanFlag },
  locale: { value: 'L', env: 'AILUNA_REPLAY_LOCALE', otherwise: 'the first recorded account a client matches', help: "clients that were not recorded play an account in L (ru): only answers in L or in no language (the fallback fake's site default too)", parse: localeCode },
  'user-locales': { value: 'KEY=L,…', env: 'AILUNA_REPLAY_USER_LOCALES', otherwise: 'none', help: 'per client key, the language it plays (overrides --locale)', parse: keyLocales },
} satisfies FlagTable;

export const REPLAY: CommandSpec<typeof REPLAY_FLAGS> = {
  name: 'replay',
  usage: 'ailuna-images replay FILE.har [flags]',
  summary: 'serve a HAR recording offline',
  about: [
    'Serves the exchanges of a HAR recording: a request gets the recorded answer with the same method,',
    'path, query (any order) and body; repeated requests get the recorded answers in order, then the',
    'last again. A request nothing matches gets a JSON 404 naming the closest recordings and how they',
    'differ, unless --fallback fake answers it from the fake. A recorded key gets its own recordings; a',
    'key that was not recorded plays one recorded account (the first its requests match) and never gets',
    'an answer in another language than that account\'s.',
  ].join('\n'),
  flags: REPLAY_FLAGS,
  positional: { name: 'FILE', help: 'the HAR recording to serve' },
};

/** replay's FILE: read and checked as a HAR file before the server starts. */
export const replayFile = (path: string) => harFile(path, 'FILE');

export const FIXTURES_FLAGS = {
  dir: { value: 'DIR', env: 'AILUNA_FIXTURES_DIR', default: 'fixtures', help: 'where to write (created if missing; its parent folder must exist)', parse: outputFolder },
} satisfies FlagTable;

export const FIXTURES: CommandSpec<typeof FIXTURES_FLAGS> = {
  name: 'fixtures',
  usage: 'ailuna-images fixtures [--dir DIR]   (npm run fixtures)',
  summary: 'regenerate the committed fixtures (npm run fixtures)',
  about: [
    'Regenerates the committed fixtures: seed/default.json (the default data set) and the canonical',
    'recordings recordings/endpoints.har (every endpoint and error case), recordings/limits.har (the',
    'quota\'s 422 and the throttle\'s 429) and recordings/browser.har (a list and its JPEGs), recorded',
    'through the recording proxy from the fake with a fixed seed and clock. The same code always',
    'writes the same bytes; a test fails when the committed ones are stale.',
  ].join('\n'),
  flags: FIXTURES_FLAGS,
};

/** Every command, in the order of the top-level help. */
export const COMMANDS: readonly CommandSpec[] = [SERVE, CONTRACT, RECORD, REPLAY, FIXTURES, DIFF];

/** parseCommandLine with this package's version for `--version`. */
export function parse<F extends FlagTable>(spec: CommandSpec<F>, argv: readonly string[], env: Record<string, string | undefined>, options: { values?: boolean } = {}) {
  return parseCommandLine(spec, argv, env, () => packageVersion(), options);
}
