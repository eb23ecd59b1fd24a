import { setupServer } from 'msw/node';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { createApp } from '../http/app.ts';
import { createImagesHandlers } from './index.ts';

/**
 * One table of requests, sent to the Express fake (supertest) and to the MSW handlers (fetch through
 * setupServer), each over its own fake with the same seed and clock: the answers must be identical.
 */
const KEY = 'ParityKeyOne000000000000000000000000000000000000000000000000000001';
const KEY2 = 'ParityKeyTwo000000000000000000000000000000000000000000000000000002';
const ORIGIN = 'http://localhost:4010';
const OPTIONS = { seed: 9, count: 8, keys: [KEY, KEY2], noApiKeys: ['ParityNoApi'] };
const JSON_AUTH = { accept: 'application/json', authorization: `Bearer ${KEY}` };

interface Row { name: string; method: string; path: string; headers?: Record<string, string>; body?: string }

const ROWS: Row[] = [
  { name: 'list', method: 'GET', path: '/api/v1/images', headers: JSON_AUTH },
  { name: 'list with filters and a fallback', method: 'GET', path: '/api/v1/images?per_page=20&sort_by=name&sort=asc&style=ANIME', headers: JSON_AUTH },
  { name: 'list, page 2', method: 'GET', path: '/api/v1/images?page=2&per_page=5', headers: JSON_AUTH },
  { name: 'search[] is a 500', method: 'GET', path: '/api/v1/images?search%5B%5D=x', headers: JSON_AUTH },
  { name: 'HEAD', method: 'HEAD', path: '/api/v1/images', headers: JSON_AUTH },
  { name: 'show', method: 'GET', path: '/api/v1/images/3', headers: JSON_AUTH },
  { name: 'show by odd id', method: 'GET', path: '/api/v1/images/03abc', headers: JSON_AUTH },
  { name: 'store (JSON)', method: 'POST', path: '/api/v1/images', headers: { ...JSON_AUTH, 'content-type': 'application/json' }, body: '{"name":"Кот","description":"a cat","resolution":"512x512","style":"anime"}' },
  { name: 'store (form)', method: 'POST', path: '/api/v1/images', headers: { ...JSON_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Owl&description=owl&resolution=256x256' },
  { name: 'store (multipart)', method: 'POST', path: '/api/v1/images', headers: { ...JSON_AUTH, 'content-type': 'multipart/form-data; boundary=XX' }, body: '--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nCrane\r\n--XX\r\nContent-Disposition: form-data; name="description"\r\n\r\nd\r\n--XX\r\nContent-Disposition: form-data; name="resolution"\r\n\r\n256x256\r\n--XX--\r\n' },
  { name: 'store invalid', method: 'POST', path: '/api/v1/images', headers: { ...JSON_AUTH, 'content-type': 'application/json' }, body: '{"resolution":512}' },
  { name: 'update', method: 'PATCH', path: '/api/v1/images/3', headers: { ...JSON_AUTH, 'content-type': 'application/json' }, body: '{"favorite":1,"name":"Renamed"}' },
  { name: 'method override', method: 'POST', path: '/api/v1/images/3', headers: { ...JSON_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: '_method=PUT&name=Again' },
  { name: 'update with user_id', method: 'PUT', path: '/api/v1/images/3', headers: { ...JSON_AUTH, 'content-type': 'application/json' }, body: '{"user_id":1}' },
  { name: 'delete', method: 'DELETE', path: '/api/v1/images/3', headers: JSON_AUTH },
  { name: 'delete again', method: 'DELETE', path: '/api/v1/images/3', headers: JSON_AUTH },
  { name: 'no key, JSON', method: 'GET', path: '/api/v1/images', headers: { accept: 'application/json' } },
  { name: 'no key, browser', method: 'GET', path: '/api/v1/images', headers: { accept: 'text/html' } },
  { name: 'no API access', method: 'GET', path: '/api/v1/images', headers: { accept: 'application/json', authorization: 'Bearer ParityNoApi' } },
  { name: '405', method: 'PUT', path: '/api/v1/images', headers: JSON_AUTH },
  { name: 'unknown API path', method: 'GET', path: '/api/v1/foo', headers: JSON_AUTH },
  { name: 'route 404', method: 'GET', path: '/api/xyz', headers: { accept: 'text/html' } },
  { name: 'preflight', method: 'OPTIONS', path: '/api/v1/images', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } },
  { name: 'plain OPTIONS', method: 'OPTIONS', path: '/api/v1/images/3' },
];

const COMPARED = ['content-type', 'location', 'allow', 'vary', 'cache-control', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'access-control-allow-origin', 'access-control-allow-methods', 'x-mock-warning'];

interface Answer { status: number; headers: Record<string, string | undefined>; body: string }

function pick(headers: (name: string) => string | undefined): Record<string, string | undefined> {
  return Object.fromEntries(COMPARED.map((name) => [name, headers(name)]));
}

describe('the MSW handlers answer exactly like the Express fake', () => {
  const app = createApp({ ...OPTIONS, clock: manualClock(Date.UTC(2026, 10, 20)) });
  const handlers = createImagesHandlers({ ...OPTIONS, clock: manualClock(Date.UTC(2026, 10, 20)), baseUrl: ORIGIN });
  const server = setupServer(...handlers);
  const viaMsw: Answer[] = [];
  const viaExpress: Answer[] = [];

  beforeAll(async () => {
    // Express first: once MSW listens it intercepts supertest's requests too.
    for (const row of ROWS) {
      let pending = (request(app) as unknown as Record<string, (u: string) => request.Test>)[row.method.toLowerCase()]!(row.path).set('Host', 'localhost:4010');
      for (const [name, value] of Object.entries(row.headers ?? {})) pending = pending.set(name, value);
      if (row.body !== undefined) pending = pending.send(row.body);
      const response = await pending.buffer(true).parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { text += chunk; });
        res.on('end', () => done(null, text));
      });
      const headers = response.headers as Record<string, string | string[] | undefined>;
      viaExpress.push({ status: response.status, headers: pick((n) => { const v = headers[n]; return Array.isArray(v) ? v.join(', ') : v; }), body: row.method === 'HEAD' ? '' : String(response.body ?? '') });
    }
    server.listen({ onUnhandledRequest: 'error' });
    for (const row of ROWS) {
      const response = await fetch(`${ORIGIN}${row.path}`, { method: row.method, headers: row.headers ?? {}, body: row.body, redirect: 'manual' });
      viaMsw.push({ status: response.status, headers: pick((n) => response.headers.get(n) ?? undefined), body: await response.text() });
    }
  });

  afterAll(() => server.close());

  ROWS.forEach((row, index) => {
    it(row.name, () => {
      expect(viaMsw[index]).toEqual(viaExpress[index]);
    });
  });

  it('shares one state between requests, like the server', () => {
    expect(handlers.fake.store.findTenantByToken(KEY)?.images.has(3)).toBe(false);
  });
});
