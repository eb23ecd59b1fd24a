import { Router } from 'express';
import type { Fake } from '../core/fake.ts';
import { checkHealth } from '../core/state/health.ts';

/** The health endpoint's path (under the admin API's prefix, but answered without it: see below). */
const HEALTH_PATH = '/__admin/health';

/**
 * `GET` (and `HEAD`) `/__admin/health` for readiness and liveness probes: 200
 * `{"status":"ok","store":…}`, or 503 `{"status":"unavailable",…,"reason":…}` while a shared store
 * is out of reach (writes are then refused). It changes nothing and shows nothing secret (no keys,
 * no images; a Redis address never carries credentials), so it needs no `--admin-token` and stays
 * with `--no-admin`: probes cannot well send secrets, and a shared deployment is where both are used.
 *
 * @example
 * app.use(createHealthRouter(fake, { dataFile: 'state.json' })); // before the admin router
 */
export function createHealthRouter(fake: Fake, options: { dataFile?: string } = {}): Router {
  const router = Router();
  router.get(HEALTH_PATH, async (_req, res) => {
    const { httpStatus, report } = await checkHealth(fake.coordinator, options);
    // A probe must see the state now, never a cached answer.
    res.status(httpStatus).setHeader('Cache-Control', 'no-store').json(report);
  });
  return router;
}
