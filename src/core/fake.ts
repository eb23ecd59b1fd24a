import { systemClock, type Clock } from './clock.ts';
import {
  DEFAULT_COUNT, DEFAULT_KEYS, DEFAULT_NOAPI_KEYS, DEFAULT_PER_PAGE, DEFAULT_REFERENCE_DATE, DEFAULT_SEED,
  UPSTREAM_RATE_LIMIT,
} from './defaults.ts';
import type { StoredImage } from './image.ts';
import { silentLogger, type Logger } from './logger.ts';
import { ApiHandler } from './protocol/handler.ts';
import { seededRandom, type RandomSource } from './random.ts';
import { renderImageJpeg } from './render/index.ts';
import { seedStore } from './seed.ts';
import { ImagesService } from './service.ts';
import { MemoryStore } from './store.ts';

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
  /** Page size when `per_page` is missing or not allowed (default 25, as on ailuna.ru). */
  perPageDefault?: number;
  /** Requests per minute per client; 0 (default) counts in the headers but never refuses. */
  rateLimit?: number;
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
}

/** Everything a running fake is made of; adapters wrap `handler`. */
export interface Fake {
  handler: ApiHandler;
  store: MemoryStore;
  service: ImagesService;
  /** The options after defaults. */
  settings: Required<Omit<FakeOptions, 'clock' | 'logger' | 'random' | 'quota' | 'referenceDate'>> & {
    quota: number | null;
    referenceDate: number;
  };
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
    perPageDefault: options.perPageDefault ?? DEFAULT_PER_PAGE,
    rateLimit: options.rateLimit ?? 0,
    trustProxy: options.trustProxy ?? false,
    referenceDate: options.referenceDate === undefined ? DEFAULT_REFERENCE_DATE : Number(options.referenceDate),
    bannedWords: options.bannedWords ?? [],
  };
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const store = new MemoryStore();
  const tenants = settings.keys.map((key) => store.addTenant({ key, apiAccess: true, quota: settings.quota }));
  for (const key of settings.noApiKeys) store.addTenant({ key, apiAccess: false, quota: settings.quota });
  seedStore(store, tenants, { seed: settings.seed, count: settings.count, referenceDate: settings.referenceDate });

  const service = new ImagesService({
    store,
    clock,
    random: options.random ?? seededRandom(`created:${settings.seed}`),
    perPageDefault: settings.perPageDefault,
    bannedWords: settings.bannedWords,
  });
  const handler = new ApiHandler({
    store,
    service,
    clock,
    logger,
    rateLimit: settings.rateLimit > 0
      ? { limit: settings.rateLimit, enforce: true }
      : { limit: UPSTREAM_RATE_LIMIT, enforce: false },
    trustProxy: settings.trustProxy,
    renderJpeg: cachedRenderer(),
  });
  return { handler, store, service, settings };
}

/** Renders each image's JPEG once; images never change what their file shows. */
function cachedRenderer(maxEntries = 64): (image: StoredImage) => Uint8Array {
  const cache = new Map<string, Uint8Array>();
  return (image) => {
    const cached = cache.get(image.result);
    if (cached) {
      cache.delete(image.result);
      cache.set(image.result, cached); // most recently used last
      return cached;
    }
    const bytes = renderImageJpeg({
      seed: image.result,
      resolution: image.resolution,
      style: image.style,
      medium: image.medium,
      filter: image.filter,
    });
    cache.set(image.result, bytes);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    return bytes;
  };
}
