import { systemClock, type Clock } from './clock.ts';
import {
  DEFAULT_COUNT, DEFAULT_KEYS, DEFAULT_NOAPI_KEYS, DEFAULT_PER_PAGE, DEFAULT_REFERENCE_DATE, DEFAULT_SEED, UPSTREAM_RATE_LIMIT,
} from './defaults.ts';
import { parseDelayRange, parseErrorRate, parseRateLimit, type FaultSettings } from './faults.ts';
import { RequestJournal } from './journal/request-journal.ts';
import { silentLogger, type Logger } from './logger.ts';
import { ApiHandler } from './protocol/handler.ts';
import { checkLocaleCode, Locales, type TranslationFile } from './locale/translator.ts';
import { seededRandom, type RandomSource } from './random.ts';
import { cachedRenderer } from './render/jpeg-cache.ts';
import { seedStore } from './seed/seed.ts';
import type { FakeSettings } from './settings.ts';
import { ImagesService } from './images/service.ts';
import { LocalCoordinator } from './state/local-coordinator.ts';
import { FixedWindowRateLimiter } from './protocol/rate-limit.ts';
import { andThen, type AccountChanges, type CoordinatorHost, type StateCoordinator } from './state/coordinator.ts';
import { MemoryStore, monthOf, type Tenant } from './state/store.ts';

export interface FakeOptions {
  /** Seed of the generated data (default 1): the same seed gives the same images and bytes. */
  seed?: number;
  /** Images per key (default 40). */
  count?: number;
  /** API keys with full access (default: the two documented demo keys). */
  keys?: readonly string[];
  /** Keys that authenticate but whose plan has no API access (403); not part of `keys`. */
  noApiKeys?: readonly string[];
  /** Images each key may create through the API; undefined or null = unlimited. */
  quota?: number | null;
  /**
   * Per account: the images it may still create this month (0 = used up), instead of `quota`.
   * Keys are API keys from `keys` or `noApiKeys`.
   */
  userQuotas?: Readonly<Record<string, number>>;
  /**
   * Each account's locale (`users.locale`), by API key: `{ [key]: 'ru' }`. An account without one,
   * or with one that is not installed, is answered in the site default (`locale`).
   */
  userLocales?: Readonly<Record<string, string>>;
  /** The site default locale (default `en`), for accounts without an installed locale of their own. */
  locale?: string;
  /**
   * The site's `lang/<code>.json` files by locale code (`{ ru: { 'Resource not found.': '…' } }`):
   * each translates the site's own strings and installs its locale. `en` and `ru` are installed
   * without one (the site's strings then stay English).
   */
  translations?: Readonly<Record<string, TranslationFile>>;
  /** Page size when `per_page` is missing or not allowed (default 25, as on ailuna.ru). */
  perPageDefault?: number;
  /** Requests per minute per client; 0 (default) counts in the headers but never refuses. */
  rateLimit?: number;
  /** A random delay before every API answer: ms or a range such as "200-800" (default none). */
  latency?: string | number | null;
  /** Share of API requests answered with upstream's 500 "Server Error" (default 0). */
  errorRate?: number;
  /** How long a store takes, as a real generation does: ms or a range (default instant). */
  generationDelay?: string | number | null;
  /**
   * The OpenAPI document, for `Prefer: code=…` and `Prefer: example=…`: parsed, or a function that
   * reads it when a request first asks (`createApp` passes `loadSpec` itself, so starting a server
   * never parses it).
   */
  spec?: unknown;
  /** How many requests the journal keeps (default 500). */
  journalSize?: number;
  /** How delays are waited out (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Called after every change of the stored images, and after a reset or reseed. */
  onChange?: () => void;
  /** Only these origins get CORS headers (default: `*` for any, as upstream). */
  corsOrigins?: readonly string[];
  /** Take the client address from X-Forwarded-For (default false, as upstream). */
  trustProxy?: boolean;
  /** Seeded images are dated before this instant (default 2026-11-01T00:00:00Z). */
  referenceDate?: Date | number;
  /** Banned words of the site (default none, as shipped). */
  bannedWords?: readonly string[];
  clock?: Clock;
  logger?: Logger;
  /** Source of created images' uuids (default: seeded from `seed`). */
  random?: RandomSource;
  /**
   * Decides and orders the changes of the state (default: in memory, `LocalCoordinator`). A shared
   * store (Redis, `--store`) passes its own, so several processes serve one state.
   */
  coordinator?: (host: CoordinatorHost) => StateCoordinator;
}

/** Everything a running fake is made of; adapters wrap `handler`. */
export interface Fake {
  handler: ApiHandler;
  store: MemoryStore;
  service: ImagesService;
  /** Faults in force; change them with `updateFaults` (what PATCH /__admin/faults does). */
  faults: FaultSettings;
  journal: RequestJournal;
  /** Decides and orders every change (in memory unless `FakeOptions.coordinator` says otherwise). */
  coordinator: StateCoordinator;
  /** The site's languages: installed locales, the site default, the translations. */
  locales: Locales;
  /** The fake's clock (what "this month" means for an account's allowance). */
  clock: Clock;
  /**
   * Back to the seeded state (or a new seed and count): images, quotas and rate-limit windows.
   * In memory this is done when it returns; a shared store resolves once it is recorded there.
   */
  reseed(options?: { seed?: number; count?: number }): void | Promise<void>;
  /**
   * Changes an account at run time (the admin API): its locale (null = none, the site default
   * answers) and/or what it may still create this month (`remaining`, null = unlimited).
   * Resolves to the account's settings afterwards; a reset goes back to the configured ones.
   */
  setAccount(tenant: Tenant, change: { locale?: string | null; remaining?: number | null }): AccountChanges | Promise<AccountChanges>;
  /**
   * The options after defaults (seed and count change with a reseed). The rate limit in force is
   * in `faults`, the site's languages in `locales`.
   */
  settings: Omit<FakeSettings, 'rateLimit' | 'locale' | 'translations'>;
}

/**
 * Builds a seeded, stateful fake of the Images API, independent of any HTTP framework.
 *
 * @example
 * const fake = createFake({ seed: 7, count: 10 });
 * const response = await fake.handler.handle({
 *   method: 'GET', url: '/api/v1/images?per_page=10', origin: 'http://localhost:4010',
 *   headers: new Headers({ Accept: 'application/json', Authorization: `Bearer ${fake.settings.keys[0]}` }),
 *   body: null, clientAddress: '127.0.0.1',
 * });
 * // response.status === 200; response.body is the JSON text upstream would send
 */
export function createFake(options: FakeOptions = {}): Fake {
  const settings: Fake['settings'] = {
    seed: options.seed ?? DEFAULT_SEED,
    count: options.count ?? DEFAULT_COUNT,
    keys: options.keys ?? DEFAULT_KEYS,
    noApiKeys: options.noApiKeys ?? DEFAULT_NOAPI_KEYS,
    quota: options.quota ?? null,
    userQuotas: options.userQuotas ?? {},
    userLocales: options.userLocales ?? {},
    perPageDefault: options.perPageDefault ?? DEFAULT_PER_PAGE,
    trustProxy: options.trustProxy ?? false,
    referenceDate: options.referenceDate === undefined ? DEFAULT_REFERENCE_DATE : Number(options.referenceDate),
    bannedWords: options.bannedWords ?? [],
  };
  const faults: FaultSettings = {
    latency: parseDelayRange(options.latency, 'latency'),
    errorRate: parseErrorRate(options.errorRate ?? 0, 'errorRate'),
    rateLimit: parseRateLimit(options.rateLimit ?? 0, 'rateLimit'),
    generationDelay: parseDelayRange(options.generationDelay, 'generationDelay'),
  };
  const locales = new Locales({
    ...(options.locale === undefined ? {} : { siteDefault: options.locale }),
    ...(options.translations === undefined ? {} : { translations: options.translations }),
  });
  checkAccountSettings(settings);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const store = new MemoryStore();
  // Every user starts the month with nothing created: what it may still create is this month's
  // allowance; next month the plan's (`quota`) applies again.
  const account = (key: string, apiAccess: boolean) => ({
    key, apiAccess, quota: settings.quota, locale: settings.userLocales[key] ?? null,
    monthQuota: settings.userQuotas[key] === undefined ? null : { month: monthOf(clock.now()), quota: settings.userQuotas[key] },
  });
  const populate = () => {
    const tenants = settings.keys.map((key) => store.addTenant(account(key, true)));
    for (const key of settings.noApiKeys) store.addTenant(account(key, false));
    seedStore(store, tenants, { seed: settings.seed, count: settings.count, referenceDate: settings.referenceDate });
  };
  populate();

  // Laravel's throttle counts per client; the in-memory limiter is also a shared store's fallback.
  const localLimiter = new FixedWindowRateLimiter(clock, () => (faults.rateLimit > 0
    ? { limit: faults.rateLimit, enforce: true }
    : { limit: UPSTREAM_RATE_LIMIT, enforce: false }));
  const host: CoordinatorHost = {
    store, settings, faults, clock, logger, localLimiter,
    repopulate(seed, count) {
      settings.seed = seed;
      settings.count = count;
      store.clear();
      populate();
      localLimiter.reset();
      options.onChange?.();
    },
  };
  const coordinator = options.coordinator?.(host) ?? new LocalCoordinator(host);
  const service = new ImagesService({
    store,
    coordinator,
    clock,
    random: options.random ?? seededRandom(`created:${settings.seed}`),
    perPageDefault: settings.perPageDefault,
    bannedWords: settings.bannedWords,
    locales,
    ...(options.onChange ? { onChange: options.onChange } : {}),
  });
  const faultRandom = seededRandom(`faults:${settings.seed}`);
  const journal = new RequestJournal(clock, options.journalSize);
  const handler = new ApiHandler({
    store,
    service,
    coordinator,
    clock,
    logger,
    trustProxy: settings.trustProxy,
    renderJpeg: cachedRenderer(),
    faults,
    random: () => faultRandom.next(),
    sleep: options.sleep ?? ((ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve())),
    journal,
    locales,
    ...(options.spec === undefined ? {} : { spec: options.spec }),
    ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
  });
  return {
    handler, store, service, settings, faults, journal, coordinator, locales, clock,
    setAccount(tenant, change) {
      if (change.locale != null) checkLocaleCode(change.locale, 'locale');
      if (change.remaining != null && !(Number.isSafeInteger(change.remaining) && change.remaining >= 0)) {
        throw new RangeError(`remaining must be a whole number from 0 (or null for unlimited), not ${change.remaining}.`);
      }
      const saved = (settings: AccountChanges) => {
        options.onChange?.();
        return settings;
      };
      const caughtUp = coordinator.catchUp();
      const set = () => coordinator.setAccount(tenant, change, clock.now());
      const result = caughtUp === null || typeof caughtUp === 'string' ? set() : caughtUp.then(set);
      return andThen(result, saved);
    },
    reseed(next = {}) {
      const reseed = () => coordinator.reseed({ seed: next.seed ?? settings.seed, count: next.count ?? settings.count });
      // What is omitted stays as it is now: on a shared store another replica may have reseeded
      // since this one last caught up, so catch up before reading the seed and count in force
      // (a warning of an unreachable store is left to the reseed itself, which then fails).
      if (next.seed !== undefined && next.count !== undefined) return reseed();
      const caughtUp = coordinator.catchUp();
      return caughtUp === null || typeof caughtUp === 'string' ? reseed() : caughtUp.then(reseed);
    },
  };
}

/** The per-account options name configured keys with sensible values. */
function checkAccountSettings(settings: Fake['settings']): void {
  const known = new Set([...settings.keys, ...settings.noApiKeys]);
  for (const [option, values] of [['userLocales', settings.userLocales], ['userQuotas', settings.userQuotas]] as const) {
    for (const key of Object.keys(values)) {
      if (!known.has(key)) throw new RangeError(`${option} names a key that is neither in keys nor in noApiKeys (${key.slice(0, 6)}…).`);
    }
  }
  for (const locale of Object.values(settings.userLocales)) checkLocaleCode(locale, 'userLocales');
  for (const [key, quota] of Object.entries(settings.userQuotas)) {
    if (!Number.isInteger(quota) || quota < 0) throw new RangeError(`userQuotas: the allowance of ${key.slice(0, 6)}… must be a whole number from 0, not ${quota}.`);
  }
}
