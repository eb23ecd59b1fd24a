import { parseArgs } from 'node:util';
import { formatDelayRange, parseDelayRange, parseErrorRate } from '../core/faults.ts';
import { formatRedisAddress, parseRedisUrl, StoreUrlError } from '../cluster/redis-url.ts';
import {
  DEFAULT_COUNT, DEFAULT_KEYS, DEFAULT_NOAPI_KEYS, DEFAULT_PER_PAGE, DEFAULT_REFERENCE_DATE, DEFAULT_SEED,
} from '../core/defaults.ts';

/** One `serve` flag: its environment variable, help text and parser. */
interface FlagSpec<T> {
  env: string;
  help: string;
  type: 'string' | 'boolean';
  parse: (text: string, flag: string) => T;
}

export interface ServeSettings {
  port: number;
  host: string;
  seed: number;
  count: number;
  keys: string[];
  noApiKeys: string[];
  quota: number | null;
  perPageDefault: number;
  rateLimit: number;
  trustProxy: boolean;
  referenceDate: number;
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
}

/** Thrown for bad command lines: the message says what is wrong and how to fix it. */
export class UsageError extends Error {}

const integer = (min: number, max: number) => (text: string, flag: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}.`);
  }
  return value;
};

const keyList = (text: string, flag: string): string[] => {
  const keys = text.split(',').map((k) => k.trim()).filter((k) => k !== '');
  const bad = keys.find((k) => !/^[A-Za-z0-9._~-]+$/.test(k));
  if (bad !== undefined) {
    throw new UsageError(`${flag}: the key ${JSON.stringify(bad)} has characters a client cannot send in a Bearer header; use letters, digits, "-", "_", "." or "~".`);
  }
  return keys;
};

const booleanFlag = (text: string, flag: string): boolean => {
  if (['1', 'true', 'yes', 'on', ''].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  throw new UsageError(`${flag} must be true or false, not ${JSON.stringify(text)}.`);
};

const date = (text: string, flag: string): number => {
  const value = Date.parse(text);
  if (Number.isNaN(value)) throw new UsageError(`${flag} must be a date such as 2026-11-01 or 2026-11-01T12:00:00Z, not ${JSON.stringify(text)}.`);
  return value;
};

const delay = (text: string, flag: string): string | null => {
  try {
    return formatDelayRange(parseDelayRange(text, flag));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

const share = (text: string, flag: string): number => {
  try {
    return parseErrorRate(text, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
};

const storeUrl = (text: string, flag: string): string => {
  try {
    return formatRedisAddress(parseRedisUrl(text, flag));
  } catch (error) {
    if (error instanceof StoreUrlError) throw new UsageError(error.message);
    throw error;
  }
};

const origins = (text: string, flag: string): string[] => {
  const list = text.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const bad = list.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (bad !== undefined || list.length === 0) throw new UsageError(`${flag} takes origins such as http://localhost:5173 (scheme and host, no path), not ${JSON.stringify(bad ?? text)}.`);
  return list;
};

export const SERVE_FLAGS = {
  port: { env: 'AILUNA_PORT', type: 'string', help: 'port to listen on (0 = any free port)', parse: integer(0, 65535) },
  host: { env: 'AILUNA_HOST', type: 'string', help: 'address to bind', parse: (t: string) => t },
  seed: { env: 'AILUNA_SEED', type: 'string', help: 'seed of the generated images', parse: integer(0, 2 ** 31 - 1) },
  count: { env: 'AILUNA_COUNT', type: 'string', help: 'images per key', parse: integer(0, 100_000) },
  keys: { env: 'AILUNA_KEYS', type: 'string', help: 'comma-separated API keys with full access', parse: keyList },
  'noapi-keys': { env: 'AILUNA_NOAPI_KEYS', type: 'string', help: 'keys that authenticate but whose plan has no API access (403)', parse: keyList },
  quota: { env: 'AILUNA_QUOTA', type: 'string', help: 'images each key may create (then 422 "You created too many images.")', parse: integer(0, 1_000_000) },
  'per-page-default': { env: 'AILUNA_PER_PAGE_DEFAULT', type: 'string', help: 'page size when per_page is missing or not allowed', parse: integer(1, 1000) },
  'rate-limit': { env: 'AILUNA_RATE_LIMIT', type: 'string', help: 'requests per minute per client; 0 = headers only, never 429', parse: integer(0, 1_000_000) },
  'trust-proxy': { env: 'AILUNA_TRUST_PROXY', type: 'boolean', help: 'take the client address from X-Forwarded-For', parse: booleanFlag },
  'ref-date': { env: 'AILUNA_REF_DATE', type: 'string', help: 'seeded images are dated in the half year before this date', parse: date },
  latency: { env: 'AILUNA_LATENCY', type: 'string', help: 'a random delay before every answer, ms or a range (200-800)', parse: delay },
  'error-rate': { env: 'AILUNA_ERROR_RATE', type: 'string', help: "share of API requests answered with upstream's 500 (0.05)", parse: share },
  'generation-delay': { env: 'AILUNA_GENERATION_DELAY', type: 'string', help: 'a store takes this long, as a real generation (2000-5000)', parse: delay },
  'no-admin': { env: 'AILUNA_NO_ADMIN', type: 'boolean', help: 'leave out the /__admin API', parse: booleanFlag },
  'no-pages': { env: 'AILUNA_NO_PAGES', type: 'boolean', help: 'leave out the /docs page and the / gallery', parse: booleanFlag },
  data: { env: 'AILUNA_DATA', type: 'string', help: 'keep the state in this JSON file across restarts', parse: (t: string) => t },
  store: { env: 'AILUNA_STORE', type: 'string', help: 'share the state with other replicas through Redis: redis://HOST:PORT[/DB]', parse: storeUrl },
  'admin-token': { env: 'AILUNA_ADMIN_TOKEN', type: 'string', help: 'require this token on /__admin (X-Admin-Token or Bearer)', parse: (t: string) => t },
  'cors-origin': { env: 'AILUNA_CORS_ORIGIN', type: 'string', help: 'only these origins (comma-separated) get CORS headers; default * as upstream', parse: origins },
} satisfies Record<string, FlagSpec<unknown>>;

type FlagName = keyof typeof SERVE_FLAGS;

/**
 * Reads `serve` settings from argv, then the AILUNA_* environment variables, then the defaults.
 * Throws UsageError with a readable message for anything it cannot use.
 */
export function parseServeArgs(argv: string[], env: Record<string, string | undefined>): ServeSettings & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.entries(SERVE_FLAGS).map(([name, spec]) => [name, { type: spec.type }])),
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Run "ailuna-images serve --help" for the flags.`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const read = <N extends FlagName>(name: N): ReturnType<(typeof SERVE_FLAGS)[N]['parse']> | undefined => {
    const spec = SERVE_FLAGS[name];
    const fromArgv = values[name];
    if (fromArgv !== undefined) return spec.parse(fromArgv === true ? 'true' : String(fromArgv), `--${name}`) as never;
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv !== '') return spec.parse(fromEnv, spec.env) as never;
    return undefined;
  };
  const settings = {
    help: values.help === true,
    port: read('port') ?? 4010,
    host: read('host') ?? '127.0.0.1',
    seed: read('seed') ?? DEFAULT_SEED,
    count: read('count') ?? DEFAULT_COUNT,
    keys: read('keys') ?? [...DEFAULT_KEYS],
    noApiKeys: read('noapi-keys') ?? [...DEFAULT_NOAPI_KEYS],
    quota: read('quota') ?? null,
    perPageDefault: read('per-page-default') ?? DEFAULT_PER_PAGE,
    rateLimit: read('rate-limit') ?? 0,
    trustProxy: read('trust-proxy') ?? false,
    referenceDate: read('ref-date') ?? DEFAULT_REFERENCE_DATE,
    latency: read('latency') ?? null,
    errorRate: read('error-rate') ?? 0,
    generationDelay: read('generation-delay') ?? null,
    admin: !(read('no-admin') ?? false),
    pages: !(read('no-pages') ?? false),
    data: read('data') ?? null,
    store: read('store') ?? null,
    adminToken: read('admin-token'),
    corsOrigins: read('cors-origin'),
  };
  if (settings.data !== null && settings.store !== null) {
    throw new UsageError(`--data and --store exclude each other: --data keeps one process's state in a file, --store shares it between replicas through Redis (which keeps it with its own persistence). Pass one of them.`);
  }
  if (settings.keys.length === 0) throw new UsageError('--keys needs at least one key.');
  const shared = settings.noApiKeys.find((k) => settings.keys.some((key) => key.toLowerCase() === k.toLowerCase()));
  if (shared !== undefined) throw new UsageError(`The key ${shared} is in both --keys and --noapi-keys; a key is either one or the other.`);
  return settings;
}

export function serveHelp(): string {
  const lines = Object.entries(SERVE_FLAGS).map(([name, spec]) =>
    `  --${name.padEnd(18)} ${spec.help} [env ${spec.env}]`);
  return [
    'Usage: ailuna-images serve [flags]   (npm start -- [flags])',
    '',
    'Serves a faithful, stateful fake of the ailuna.ru Images API v1 at http://HOST:PORT/api/v1.',
    '',
    ...lines,
    '  -h, --help             this text',
  ].join('\n');
}
