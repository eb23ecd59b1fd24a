/**
 * The fake's documented defaults. The keys look like real ones (64 letters and digits) and are
 * printed at start; they are placeholders with no meaning outside the fake.
 */
export const DEFAULT_KEYS: readonly string[] = [
  'demoKeyOne000000000000000000000000000000000000000000000000000001',
  'demoKeyTwo000000000000000000000000000000000000000000000000000002',
];

/** A key whose plan has no API access: every images route answers it with 403. */
export const DEFAULT_NOAPI_KEYS: readonly string[] = ['demoKeyNoApiAccess0000000000000000000000000000000000000000000003'];

export const DEFAULT_SEED = 1;
export const DEFAULT_COUNT = 40;
/** ailuna.ru's page size (its docs page); the software ships with 10. */
export const DEFAULT_PER_PAGE = 25;
/** Seeded images are dated in the half year before this instant, whatever today is. */
export const DEFAULT_REFERENCE_DATE = Date.UTC(2026, 10, 1);
/** Upstream's throttle: 60 requests a minute per client address. */
export const UPSTREAM_RATE_LIMIT = 60;
/** The throttle's window: a minute from the first counted request. */
export const UPSTREAM_RATE_WINDOW_SECONDS = 60;
/** The site's default locale (Laravel's `app.locale`), for accounts without an installed one. */
export const DEFAULT_LOCALE = 'en';
/** Where `serve` listens by default. */
export const DEFAULT_PORT = 4010;
/** The origin a local app calls by default: what `npm start` serves (and what fixtures are recorded for). */
export const DEFAULT_ORIGIN = `http://localhost:${DEFAULT_PORT}`;
