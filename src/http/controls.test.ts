import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { call } from '../test-support/api-client.ts';
import { createAdminClient } from './admin-client.ts';
import { createApp, type CreateAppOptions } from './app.ts';

const KEY = 'ControlsKey00000000000000000000000000000000000000000000000000001';
const AUTH = { Host: 'api.test', Accept: 'application/json', Authorization: `Bearer ${KEY}` };

/** An app whose delays are recorded instead of waited out. */
function appWithRecordedSleeps(options: CreateAppOptions = {}) {
  const slept: number[] = [];
  const app = createApp({ keys: [KEY], noApiKeys: [], count: 6, sleep: async (ms) => { slept.push(ms); }, ...options });
  return { app, slept };
}

describe('Prefer (per request)', () => {
  it('code=500 answers the documented 500 with its example, checked against the document', async () => {
    const { app } = appWithRecordedSleeps();
    const response = await call(app, 'GET', '/api/v1/images', { headers: { ...AUTH, Prefer: 'code=500' } });
    expect(response.status).toBe(500);
    expect(response.text).toBe('{\n    "message": "Server Error"\n}');
    expect(String(response.headers['x-mock-warning'])).toMatch(/example, as Prefer asked/);
    expect(response.headers['x-ratelimit-limit']).toBe('60');
  });

  it('code=422 on store answers a documented validation example without creating anything', async () => {
    const { app } = appWithRecordedSleeps();
    const before = app.locals.fake.store.findTenantByToken(KEY)?.images.size;
    const response = await call(app, 'POST', '/api/v1/images', { headers: { ...AUTH, Prefer: 'code=422' }, json: { name: 'x', description: 'y', resolution: '256x256' } });
    expect(response.status).toBe(422);
    expect((response.json as { status: number }).status).toBe(422);
    expect(app.locals.fake.store.findTenantByToken(KEY)?.images.size).toBe(before);
  });

  it('example=NAME picks a named example; an undocumented code is refused with a reason', async () => {
    const { app } = appWithRecordedSleeps();
    const named = await call(app, 'GET', '/api/v1/images', { headers: { ...AUTH, Prefer: 'code=500, example=serverError' } });
    expect(named.status).toBe(500);
    const refused = await request(app).get('/api/v1/images').set(AUTH).set('Prefer', 'code=418');
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ message: 'Prefer: code=418 is not documented for GET /images (documented: 200, 302, 401, 403, 429, 500).', status: 400 });
  });

  it('delay=2000 waits 2 s before answering normally', async () => {
    const { app, slept } = appWithRecordedSleeps();
    const response = await call(app, 'GET', '/api/v1/images', { headers: { ...AUTH, Prefer: 'delay=2000' } });
    expect(response.status).toBe(200);
    expect(slept).toEqual([2000]);
  });
});

describe('server-wide faults', () => {
  it('latency delays every answer by a random amount within the range', async () => {
    const { app, slept } = appWithRecordedSleeps({ latency: '200-800' });
    for (let i = 0; i < 20; i++) await request(app).get('/api/v1/images').set(AUTH);
    expect(slept).toHaveLength(20);
    expect(slept.every((ms) => ms >= 200 && ms <= 800)).toBe(true);
    expect(new Set(slept).size).toBeGreaterThan(5);
  });

  it('errorRate answers that share of API requests with upstream\'s 500, saying so on the side', async () => {
    const { app } = appWithRecordedSleeps({ errorRate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await call(app, 'GET', '/api/v1/images?per_page=10', { headers: AUTH });
      statuses.push(response.status);
      if (response.status === 500) {
        expect(response.text).toBe('{\n    "message": "Server Error"\n}');
        expect(String(response.headers['x-mock-warning'])).toMatch(/fault the fake injected/);
      }
    }
    const failures = statuses.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(15);
    expect(failures).toBeLessThan(45);
  });

  it('generationDelay makes a store take as long as a generation', async () => {
    const { app, slept } = appWithRecordedSleeps({ generationDelay: '2000-5000' });
    await call(app, 'POST', '/api/v1/images', { headers: AUTH, json: { name: 'n', description: 'd', resolution: '256x256' } });
    await call(app, 'GET', '/api/v1/images', { headers: AUTH });
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(2000);
    expect(slept[0]).toBeLessThanOrEqual(5000);
  });

  it('refuses unusable settings with a message saying how to fix them', () => {
    expect(() => createApp({ latency: '800-200' })).toThrowError(/ends before it starts/);
    expect(() => createApp({ errorRate: 2 })).toThrowError(/from 0 to 1/);
  });
});

describe('the admin API', () => {
  it('journals requests newest first, with keys redacted, and clears the journal', async () => {
    const { app } = appWithRecordedSleeps();
    await request(app).post('/api/v1/images').set(AUTH).send({ name: 'Journaled', description: 'd', resolution: '256x256', api_token: KEY });
    await request(app).get(`/api/v1/images?api_token=${KEY}`).set('Accept', 'application/json');
    const journal = await request(app).get('/__admin/requests');
    const entries = journal.body.requests as Array<{ method: string; url: string; status: number; route: string; body: string; headers: Record<string, string> }>;
    expect(entries.map((e) => [e.method, e.status, e.route])).toEqual([['GET', 200, 'images.collection'], ['POST', 201, 'images.collection']]);
    expect(JSON.stringify(journal.body)).not.toContain(KEY);
    expect(entries[1]?.headers.authorization).toBe('Bearer REDACTED');
    expect(entries[1]?.body).toContain('"name":"Journaled"');
    await request(app).delete('/__admin/requests').expect(204);
    expect((await request(app).get('/__admin/requests')).body.requests).toEqual([]);
  });

  it('keeps the journal bounded', async () => {
    const { app } = appWithRecordedSleeps({ journalSize: 5 });
    for (let i = 0; i < 12; i++) await request(app).get(`/api/v1/images?page=${i}`).set(AUTH);
    const entries = (await request(app).get('/__admin/requests')).body.requests as Array<{ url: string }>;
    expect(entries.map((e) => e.url)).toEqual([11, 10, 9, 8, 7].map((i) => `/api/v1/images?page=${i}`));
  });

  it('lists near misses with what they probably meant', async () => {
    const { app } = appWithRecordedSleeps();
    await request(app).get('/api/v1/image').set(AUTH);
    await request(app).post('/api/v1/images/5').set(AUTH);
    await request(app).get('/api/images').set(AUTH);
    const misses = (await request(app).get('/__admin/near-misses')).body.nearMisses as Array<{ method: string; url: string; status: number; suggestion: string }>;
    expect(misses.map((m) => [m.method, m.url, m.status, m.suggestion])).toEqual([
      ['GET', '/api/images', 404, 'Did you mean /api/v1/images (it takes GET, HEAD, POST)?'],
      ['POST', '/api/v1/images/5', 405, '/api/v1/images/{id} takes GET, HEAD, PUT, PATCH, DELETE, not POST.'],
      ['GET', '/api/v1/image', 404, 'Did you mean /api/v1/images (it takes GET, HEAD, POST)?'],
    ]);
  });

  it('resets to the seed and reseeds', async () => {
    const { app } = appWithRecordedSleeps();
    const first = (await request(app).get('/api/v1/images').set(AUTH)).body.data[0].id as number;
    await request(app).delete(`/api/v1/images/${first}`).set(AUTH).expect(200);
    await request(app).get(`/api/v1/images/${first}`).set(AUTH).expect(404);
    expect((await request(app).post('/__admin/reset')).body).toMatchObject({ seed: 1, count: 6 });
    await request(app).get(`/api/v1/images/${first}`).set(AUTH).expect(200);
    expect((await request(app).post('/__admin/reseed').send({ seed: 7, count: 3 })).body).toEqual({ seed: 7, count: 3, users: [{ apiAccess: true, images: 3 }] });
    expect((await request(app).get('/api/v1/images').set(AUTH)).body.meta.total).toBe(3);
    const bad = await request(app).post('/__admin/reseed').send({ seed: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/seed must be a whole number/);
  });

  it('reads and changes faults at run time (a real 429 once a rate limit is set)', async () => {
    const { app } = appWithRecordedSleeps({ clock: manualClock(Date.UTC(2026, 10, 1)) });
    expect((await request(app).get('/__admin/faults')).body).toEqual({ latency: null, errorRate: 0, rateLimit: 0, generationDelay: null });
    const changed = await request(app).patch('/__admin/faults').send({ rateLimit: 2, latency: '100-200' });
    expect(changed.body).toEqual({ latency: '100-200', errorRate: 0, rateLimit: 2, generationDelay: null });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await request(app).get('/api/v1/images').set(AUTH)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const typo = await request(app).patch('/__admin/faults').send({ latencyMs: 5 });
    expect([typo.status, typo.body.message]).toEqual([400, 'Unknown fault setting "latencyMs"; the settings are latency, errorRate, rateLimit, generationDelay.']);
    const malformed = await request(app).patch('/__admin/faults').set('Content-Type', 'application/json').send('{"rateLimit":');
    expect(malformed.status).toBe(400);
  });

  it('is absent with admin: false (the path is then an ordinary route 404)', async () => {
    const { app } = appWithRecordedSleeps({ admin: false });
    const response = await request(app).get('/__admin/requests').set('Accept', 'application/json');
    expect([response.status, response.body.message]).toEqual([404, 'The route __admin/requests could not be found.']);
  });

  it('has a typed client for tests', async () => {
    const { app } = appWithRecordedSleeps();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const admin = createAdminClient(origin);
      await admin.clearRequests();
      await fetch(`${origin}/api/v1/images?per_page=10`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
      const [last] = await admin.requests();
      expect([last?.method, last?.url, last?.status]).toEqual(['GET', '/api/v1/images?per_page=10', 200]);
      expect((await admin.setFaults({ errorRate: 0.1 })).errorRate).toBe(0.1);
      expect((await admin.faults()).errorRate).toBe(0.1);
      await expect(admin.setFaults({ errorRate: 5 })).rejects.toThrow(/answered 400/);
      expect((await admin.reseed({ count: 2 })).count).toBe(2);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('the admin API from a page on another origin (CORS, as the API)', () => {
  const PAGE = 'http://localhost:5173';
  const preflight = (app: ReturnType<typeof createApp>, origin: string) => request(app).options('/__admin/faults').set({
    Origin: origin, 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'content-type,x-admin-token',
  });

  it('answers a preflight for PATCH with JSON and X-Admin-Token, before the token check, and allows any origin', async () => {
    const { app } = appWithRecordedSleeps({ adminToken: 'admin-secret' });
    const answer = await preflight(app, PAGE);
    expect([answer.status, answer.headers['access-control-allow-origin'], answer.headers['access-control-allow-methods'], answer.headers['access-control-allow-headers']])
      .toEqual([204, '*', 'PATCH', 'content-type,x-admin-token']);
    const patched = await request(app).patch('/__admin/faults').set({ Origin: PAGE, 'X-Admin-Token': 'admin-secret' }).send({ errorRate: 1 });
    expect([patched.status, patched.headers['access-control-allow-origin'], patched.body.errorRate]).toEqual([200, '*', 1]);
    // A refusal is readable by the page too, so it can say why.
    const refused = await request(app).post('/__admin/reset').set({ Origin: PAGE });
    expect([refused.status, refused.headers['access-control-allow-origin']]).toEqual([401, '*']);
  });

  it('with corsOrigins, names back only a listed origin (and varies on Origin)', async () => {
    const { app } = appWithRecordedSleeps({ corsOrigins: [PAGE] });
    const listed = await preflight(app, PAGE);
    expect([listed.status, listed.headers['access-control-allow-origin'], listed.headers.vary]).toEqual([204, PAGE, 'Origin']);
    const other = await preflight(app, 'http://evil.test');
    expect([other.status, other.headers['access-control-allow-origin'], other.headers['access-control-allow-methods']]).toEqual([204, undefined, undefined]);
    const reset = await request(app).post('/__admin/reset').set({ Origin: 'http://evil.test' });
    expect([reset.status, reset.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    expect((await request(app).post('/__admin/reset').set({ Origin: PAGE })).headers['access-control-allow-origin']).toBe(PAGE);
  });
});

describe('opt-in security settings', () => {
  it('an admin token guards /__admin', async () => {
    const { app } = appWithRecordedSleeps({ adminToken: 'admin-secret' });
    const refused = await request(app).get('/__admin/requests');
    expect([refused.status, refused.body.message]).toEqual([401, 'The admin API needs its token: send it as X-Admin-Token or Authorization: Bearer.']);
    expect((await request(app).get('/__admin/requests').set('X-Admin-Token', 'admin-secret')).status).toBe(200);
    expect((await request(app).get('/__admin/faults').set('Authorization', 'Bearer admin-secret')).status).toBe(200);
    expect((await request(app).get('/__admin/faults').set('X-Admin-Token', 'admin-secreT')).status).toBe(401);
  });

  it('CORS origins can be limited (upstream allows any)', async () => {
    const { app } = appWithRecordedSleeps({ corsOrigins: ['http://localhost:5173'] });
    const allowed = await request(app).get('/api/v1/images').set({ ...AUTH, Origin: 'http://localhost:5173' });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(allowed.headers.vary).toBe('Origin');
    const other = await request(app).get('/api/v1/images').set({ ...AUTH, Origin: 'http://evil.test' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app).options('/api/v1/images').set({ Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' });
    expect([preflight.status, preflight.headers['access-control-allow-origin']]).toEqual([204, undefined]);
    const open = appWithRecordedSleeps().app;
    expect((await request(open).get('/api/v1/images').set({ ...AUTH, Origin: 'http://evil.test' })).headers['access-control-allow-origin']).toBe('*');
  });
});
