import { describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { call } from '../test-support/api-client.ts';
import { HOST, KEY, NOAPI_KEY, jsonHeaders, prettyJson, testApp, type TestApp } from '../test-support/app-helpers.ts';

const START = Date.UTC(2026, 10, 20, 12, 0, 0, 250);
const START_SECONDS = Math.floor(START / 1000);

const remaining = (response: { headers: Record<string, unknown> }) => response.headers['x-ratelimit-remaining'];

async function get(app: TestApp, headers: Record<string, string> = jsonHeaders()) {
  return call(app, 'GET', '/api/v1/images', { headers });
}

describe('the rate-limit headers', () => {
  it.each<[string, string, string, Record<string, string>, number]>([
    ['200', 'GET', '/api/v1/images', jsonHeaders(), 200],
    ['HEAD 200', 'HEAD', '/api/v1/images', jsonHeaders(), 200],
    ['401', 'GET', '/api/v1/images', jsonHeaders(null), 401],
    ['302', 'GET', '/api/v1/images', { Host: HOST }, 302],
    ['403 no API access', 'GET', '/api/v1/images', jsonHeaders(NOAPI_KEY), 403],
    ['404 missing image', 'GET', '/api/v1/images/999999', jsonHeaders(), 404],
    ['404 fallback', 'GET', '/api/v1/foo', jsonHeaders(), 404],
    ['422', 'POST', '/api/v1/images', jsonHeaders(), 422],
    ['403 user_id', 'PATCH', '/api/v1/images/1?user_id=1', jsonHeaders(), 403],
    ['500 search[]', 'GET', '/api/v1/images?search[]=x', jsonHeaders(), 500],
  ])('are on a %s, counting down', async (_label, method, path, headers, status) => {
    const app = testApp();
    for (const expected of ['59', '58', '57']) {
      const response = await call(app, method, path, { headers });
      expect(response.status).toBe(status);
      expect(response.headers['x-ratelimit-limit']).toBe('60');
      expect(remaining(response)).toBe(expected);
      expect(response.headers['retry-after']).toBeUndefined();
    }
  });

  it.each<[string, string, string, Record<string, string>, number, boolean]>([
    ['a 405', 'POST', '/api/v1/images/1', jsonHeaders(), 405, false],
    ['a route 404', 'GET', '/api/xyz', jsonHeaders(), 404, true],
    ['a plain OPTIONS', 'OPTIONS', '/api/v1/images', { Host: HOST }, 200, false],
    ['a preflight', 'OPTIONS', '/api/v1/images', { Host: HOST, 'Access-Control-Request-Method': 'GET' }, 204, false],
    ['a JPEG file', 'GET', '/uploads/users/images/{file}', { Host: HOST }, 200, false],
  ])('are not on %s, which is not counted either', async (_label, method, path, headers, status, unchecked) => {
    const app = testApp({ keys: [KEY] });
    const first = await get(app);
    const file = new URL((first.json as { data: Array<{ url: string }> }).data[0]?.url ?? '').pathname;
    for (let i = 0; i < 3; i++) {
      const response = await call(app, method, path.replace('/uploads/users/images/{file}', file), { headers, unchecked });
      expect(response.status).toBe(status);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      expect(remaining(response)).toBeUndefined();
    }
    expect(remaining(await get(app))).toBe('58');
  });

  it('by default never refuses, and Remaining floors at 0', async () => {
    const app = testApp();
    const seen: string[] = [];
    for (let i = 0; i < 63; i++) {
      const response = await get(app);
      expect(response.status).toBe(200);
      seen.push(String(remaining(response)));
    }
    expect(seen.slice(0, 3)).toEqual(['59', '58', '57']);
    expect(seen.slice(58)).toEqual(['1', '0', '0', '0', '0']);
  });

  it('counts per client across keys and unauthenticated requests', async () => {
    const app = testApp();
    expect(remaining(await get(app, jsonHeaders(null)))).toBe('59');
    expect(remaining(await get(app, jsonHeaders(KEY)))).toBe('58');
    expect(remaining(await get(app, { Host: HOST }))).toBe('57');
  });
});

describe('an enforced limit (createApp({ rateLimit }))', () => {
  it('refuses the 4th request of the window with 429 and the throttle headers', async () => {
    const clock = manualClock(START);
    const app = testApp({ rateLimit: 3, clock });
    expect([await get(app), await get(app), await get(app)].map(remaining)).toEqual(['2', '1', '0']);
    clock.advance(15_000);
    const refused = await get(app);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe('application/json');
    expect(refused.text).toBe(prettyJson({ message: 'Too Many Attempts.' }));
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.headers['x-ratelimit-reset']).toBe(String(START_SECONDS + 60));
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(remaining(refused)).toBe('0');
    expect(refused.headers['access-control-allow-origin']).toBe('*');
    expect(refused.headers['cache-control']).toBe('no-cache, private');
  });

  it('answers the 429 with the HTML page when the request does not want JSON', async () => {
    const app = testApp({ rateLimit: 1, clock: manualClock(START) });
    await get(app);
    const refused = await call(app, 'GET', '/api/v1/images', { headers: { Host: HOST } });
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(refused.text).toContain('<title>Too Many Requests</title>');
    expect(refused.text).toMatch(/429\s*<\/div>/);
    expect(refused.headers['retry-after']).toBe('60');
  });

  it('refuses before auth and before the route\'s own answer', async () => {
    const app = testApp({ rateLimit: 1, clock: manualClock(START) });
    await get(app);
    for (const [method, path, headers] of [
      ['GET', '/api/v1/images', jsonHeaders(null)],
      ['GET', '/api/v1/images/999999', jsonHeaders()],
      ['POST', '/api/v1/images', jsonHeaders()],
      ['GET', '/api/v1/foo', jsonHeaders(NOAPI_KEY)],
    ] as const) {
      const response = await call(app, method, path, { headers });
      expect(response.status).toBe(429);
    }
    // A 405 is decided by the router, before the throttle.
    expect((await call(app, 'PUT', '/api/v1/images', { headers: jsonHeaders() })).status).toBe(405);
  });

  it('keeps refusing until 60 s after the first request (refusals neither extend the window nor carry over), then opens a new one', async () => {
    const clock = manualClock(START);
    const app = testApp({ rateLimit: 3, clock });
    for (let i = 0; i < 3; i++) await get(app);
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      expect((await get(app)).status).toBe(429);
    }
    clock.set(START + 59_999);
    const last = await get(app);
    expect(last.status).toBe(429);
    expect(last.headers['retry-after']).toBe('1');
    clock.set(START + 60_000);
    const fresh = await get(app);
    expect(fresh.status).toBe(200);
    expect(remaining(fresh)).toBe('2');
    // The new window is fixed too: it opened now, and ends 60 s from now.
    await get(app);
    await get(app);
    clock.advance(30_000);
    const refused = await get(app);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.headers['x-ratelimit-reset']).toBe(String(START_SECONDS + 120));
  });

  it('ignores X-Forwarded-For by default: one counter for the connection', async () => {
    const app = testApp({ rateLimit: 2, clock: manualClock(START) });
    expect((await get(app, jsonHeaders(KEY, { 'X-Forwarded-For': '203.0.113.1' }))).status).toBe(200);
    expect((await get(app, jsonHeaders(KEY, { 'X-Forwarded-For': '203.0.113.2' }))).status).toBe(200);
    expect((await get(app, jsonHeaders(KEY, { 'X-Forwarded-For': '203.0.113.3' }))).status).toBe(429);
  });

  it('with trustProxy, counts each X-Forwarded-For client separately', async () => {
    const app = testApp({ rateLimit: 2, clock: manualClock(START), trustProxy: true });
    const as = (ip: string) => get(app, jsonHeaders(KEY, { 'X-Forwarded-For': `${ip}, 10.0.0.1` }));
    expect(remaining(await as('203.0.113.1'))).toBe('1');
    expect(remaining(await as('203.0.113.1'))).toBe('0');
    expect((await as('203.0.113.1')).status).toBe(429);
    const other = await as('203.0.113.2');
    expect(other.status).toBe(200);
    expect(remaining(other)).toBe('1');
  });

  it('with the default (not enforced) limit, X-Forwarded-For is ignored too', async () => {
    const app = testApp();
    expect(remaining(await get(app, jsonHeaders(KEY, { 'X-Forwarded-For': '203.0.113.1' })))).toBe('59');
    expect(remaining(await get(app, jsonHeaders(KEY, { 'X-Forwarded-For': '203.0.113.2' })))).toBe('58');
  });
});
