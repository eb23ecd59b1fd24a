import { Router, json, type Request, type Response } from 'express';
import type { Fake } from '../core/fake.ts';
import { constantTimeEquals } from '../core/constant-time.ts';
import { describeFaults, FaultSettingError, updateFaults } from '../core/faults.ts';
import { SharedStoreUnavailable } from '../core/state/coordinator.ts';
import { LocaleError } from '../core/locale/translator.ts';
import type { Tenant } from '../core/state/store.ts';

/**
 * The admin API under /__admin (off the public API; `--no-admin` leaves it out): the request
 * journal, near misses, reset and reseed, and the fault settings at run time.
 */
export function createAdminRouter(fake: Fake, options: { token?: string; corsOrigins?: readonly string[] } = {}): Router {
  const router = Router();
  router.use('/__admin', adminCors(options.corsOrigins));
  if (options.token !== undefined) {
    const token = options.token;
    router.use('/__admin', (req, res, next) => {
      const sent = req.get('x-admin-token') ?? /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      if (sent !== undefined && constantTimeEquals(sent, token)) return next();
      problem(res, 401, 'The admin API needs its token: send it as X-Admin-Token or Authorization: Bearer.');
    });
  }
  router.use('/__admin', json({ limit: '64kb' }));

  router.get('/__admin/requests', (req, res) => {
    const limit = req.query.limit === undefined ? undefined : Number(req.query.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return problem(res, 400, `limit must be a positive whole number, not ${JSON.stringify(req.query.limit)}.`);
    res.json({ requests: fake.journal.requests.newestFirst(limit), capacity: fake.journal.requests.capacity });
  });
  router.delete('/__admin/requests', (_req, res) => {
    fake.journal.requests.clear();
    res.status(204).end();
  });
  router.get('/__admin/near-misses', (_req, res) => {
    res.json({ nearMisses: fake.journal.nearMisses.newestFirst() });
  });
  router.post('/__admin/reset', async (_req, res) => {
    if (await reseeded(res, () => fake.reseed())) res.json(state(fake));
  });
  router.post('/__admin/reseed', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(body).filter((key) => key !== 'seed' && key !== 'count');
    if (unknown.length > 0) return problem(res, 400, `reseed takes "seed" and "count", not ${unknown.map((k) => JSON.stringify(k)).join(', ')}.`);
    for (const key of ['seed', 'count'] as const) {
      const value = body[key];
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= (key === 'seed' ? 2 ** 31 - 1 : 100_000))) {
        return problem(res, 400, `${key} must be a whole number${key === 'count' ? ' from 0 to 100000' : ''}, not ${JSON.stringify(value)}.`);
      }
    }
    const next = { ...(body.seed === undefined ? {} : { seed: body.seed as number }), ...(body.count === undefined ? {} : { count: body.count as number }) };
    if (await reseeded(res, () => fake.reseed(next))) res.json(state(fake));
  });
  router.get('/__admin/faults', (_req, res) => {
    res.json(describeFaults(fake.faults));
  });
  router.patch('/__admin/faults', (req, res) => {
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem(res, 400, 'Send a JSON object, e.g. {"latency":"200-800","errorRate":0.05}.');
    try {
      Object.assign(fake.faults, updateFaults(fake.faults, body as Record<string, unknown>));
    } catch (error) {
      if (error instanceof FaultSettingError) return problem(res, 400, error.message);
      throw error;
    }
    res.json(describeFaults(fake.faults));
  });
  router.get('/__admin/accounts', async (_req, res) => {
    if (!await caughtUp(res, fake)) return;
    const now = fake.clock.now();
    res.json({
      siteLocale: fake.locales.siteDefault,
      installedLocales: [...fake.locales.installed].sort(),
      accounts: fake.store.allTenants().map((tenant) => describeAccount(fake, tenant, now)),
    });
  });
  router.get('/__admin/accounts/:account', async (req, res) => {
    if (!await caughtUp(res, fake)) return;
    const tenant = findAccount(fake, req.params.account as string);
    if (tenant === undefined) return problem(res, 404, unknownAccount(fake));
    res.json(describeAccount(fake, tenant, fake.clock.now()));
  });
  router.patch('/__admin/accounts/:account', async (req, res) => {
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return problem(res, 400, 'Send a JSON object, e.g. {"locale":"ru"} or {"remaining":0}.');
    const fields = body as Record<string, unknown>;
    const unknown = Object.keys(fields).filter((key) => key !== 'locale' && key !== 'remaining');
    if (unknown.length > 0) return problem(res, 400, `An account takes "locale" and "remaining", not ${unknown.map((k) => JSON.stringify(k)).join(', ')}.`);
    if (fields.locale !== undefined && fields.locale !== null && typeof fields.locale !== 'string') return problem(res, 400, `locale must be a locale code such as "ru", or null for none, not ${JSON.stringify(fields.locale)}.`);
    if (fields.remaining !== undefined && fields.remaining !== null && !(Number.isSafeInteger(fields.remaining) && (fields.remaining as number) >= 0)) {
      return problem(res, 400, `remaining (images the account may still create this month) must be a whole number from 0, or null for unlimited, not ${JSON.stringify(fields.remaining)}.`);
    }
    if (!await caughtUp(res, fake)) return;
    const tenant = findAccount(fake, req.params.account as string);
    if (tenant === undefined) return problem(res, 404, unknownAccount(fake));
    try {
      await fake.setAccount(tenant, fields as { locale?: string | null; remaining?: number | null });
    } catch (error) {
      if (error instanceof SharedStoreUnavailable) return problem(res, 503, `${error.message} Nothing was changed.`);
      if (error instanceof LocaleError || error instanceof RangeError) return problem(res, 400, error.message);
      throw error;
    }
    const current = fake.store.allTenants()[tenant.userId - 1] ?? tenant;
    res.json(describeAccount(fake, current, fake.clock.now()));
  });
  router.all('/__admin/{*rest}', (req, res) => {
    problem(res, 404, `No admin endpoint ${req.method} ${req.path}. There are: GET /__admin/health, GET/DELETE /__admin/requests, GET /__admin/near-misses, POST /__admin/reset, POST /__admin/reseed, GET/PATCH /__admin/faults, GET /__admin/accounts, GET/PATCH /__admin/accounts/{key or number}.`);
  });
  // A malformed JSON body sent to the admin API, or a path Express cannot decode (`/accounts/%`).
  router.use('/__admin', (error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (error instanceof SyntaxError) return problem(res, 400, `The body is not valid JSON: ${error.message}`);
    if (error instanceof URIError) return problem(res, 400, 'The path is not valid percent-encoding: name an account by its number or its whole key.');
    next(error);
  });
  return router;
}

/** An account as the admin API shows it: never its whole key. */
function describeAccount(fake: Fake, tenant: Tenant, nowMs: number) {
  return {
    account: tenant.userId,
    key: keyPreview(tenant.config.key),
    apiAccess: tenant.config.apiAccess,
    locale: tenant.config.locale ?? null,
    answeredIn: fake.locales.resolve(tenant.config.locale),
    quota: tenant.quotaAt(nowMs),
    createdThisMonth: tenant.createdThisMonth(nowMs),
    remaining: tenant.remainingAt(nowMs),
    images: tenant.images.size,
  };
}

/** An account named by its number (`/__admin/accounts/2`) or its whole key. */
function findAccount(fake: Fake, name: string): Tenant | undefined {
  const tenants = fake.store.allTenants();
  if (/^[1-9]\d*$/.test(name)) return tenants[Number(name) - 1];
  return tenants.find((tenant) => constantTimeEquals(tenant.config.key, name));
}

function unknownAccount(fake: Fake): string {
  return `No such account: name one by its number (1 to ${fake.store.allTenants().length}, as GET /__admin/accounts lists them) or by its whole API key.`;
}

/** The first and last characters of a key: enough to tell the demo keys apart, not to use one. */
function keyPreview(key: string): string {
  return key.length <= 12 ? `${key.slice(0, 2)}…` : `${key.slice(0, 6)}…${key.slice(-4)}`;
}

/** Catches up with a shared store before reading accounts; 503 when it is out of reach. */
async function caughtUp(res: Response, fake: Fake): Promise<boolean> {
  const warning = await fake.coordinator.catchUp();
  if (warning === null) return true;
  problem(res, 503, `${warning} Accounts are read from the shared store only.`);
  return false;
}

/**
 * CORS as the API has it, so a page on another origin (a front-end test) can reset the fake or
 * switch its faults: `*`, or with `corsOrigins` only the listed origins; a preflight names back
 * the method and headers asked for (X-Admin-Token, Content-Type), answered before the token check
 * since browsers send it without one.
 */
function adminCors(corsOrigins: readonly string[] | undefined) {
  return (req: Request, res: Response, next: () => void) => {
    const origin = req.get('origin');
    const allowed = corsOrigins === undefined ? '*' : origin !== undefined && corsOrigins.includes(origin) ? origin : null;
    if (corsOrigins !== undefined) res.vary('Origin');
    if (allowed !== null) res.set('Access-Control-Allow-Origin', allowed);
    const method = req.get('access-control-request-method');
    if (req.method !== 'OPTIONS' || method === undefined) return next();
    if (allowed !== null) {
      res.set({
        'Access-Control-Allow-Methods': method,
        'Access-Control-Allow-Headers': req.get('access-control-request-headers') ?? '',
        'Access-Control-Max-Age': '0',
      });
    }
    res.status(204).end();
  };
}

function state(fake: Fake) {
  return {
    seed: fake.settings.seed,
    count: fake.settings.count,
    users: fake.store.allTenants().map((tenant) => ({ apiAccess: tenant.config.apiAccess, images: tenant.images.size })),
  };
}

function problem(res: Response, status: number, message: string): void {
  res.status(status).json({ message, status });
}

/** Runs a reset or reseed; a shared store out of reach is answered 503 with its reason (nothing changed). */
async function reseeded(res: Response, reseed: () => void | Promise<void>): Promise<boolean> {
  try {
    await reseed();
    return true;
  } catch (error) {
    if (!(error instanceof SharedStoreUnavailable)) throw error;
    problem(res, 503, `${error.message} Nothing was reset.`);
    return false;
  }
}
