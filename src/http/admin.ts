import { Router, json, type Request, type Response } from 'express';
import type { Fake } from '../core/fake.ts';
import { constantTimeEquals } from '../core/constant-time.ts';
import { describeFaults, FaultSettingError, updateFaults } from '../core/faults.ts';
import { SharedStoreUnavailable } from '../core/shared-state.ts';

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
  router.all('/__admin/{*rest}', (req, res) => {
    problem(res, 404, `No admin endpoint ${req.method} ${req.path}. There are: GET /__admin/health, GET/DELETE /__admin/requests, GET /__admin/near-misses, POST /__admin/reset, POST /__admin/reseed, GET/PATCH /__admin/faults.`);
  });
  // A malformed JSON body sent to the admin API.
  router.use('/__admin', (error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (error instanceof SyntaxError) return problem(res, 400, `The body is not valid JSON: ${error.message}`);
    next(error);
  });
  return router;
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
