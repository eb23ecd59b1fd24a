import { describe, expect, it } from 'vitest';
import { call } from '../test-support/api-client.ts';
import { HOST, KEY, NOAPI_KEY, ORIGIN, OTHER_KEY, jsonHeaders, testApp, type TestApp } from '../test-support/app-helpers.ts';

/** Every operation of the Images API, plus the /api/v1 fallback (same auth). */
const OPERATIONS: ReadonlyArray<readonly [method: string, path: string]> = [
  ['GET', '/api/v1/images'],
  ['HEAD', '/api/v1/images'],
  ['POST', '/api/v1/images'],
  ['GET', '/api/v1/images/1'],
  ['HEAD', '/api/v1/images/1'],
  ['PUT', '/api/v1/images/1'],
  ['PATCH', '/api/v1/images/1'],
  ['DELETE', '/api/v1/images/1'],
  ['GET', '/api/v1/foo'],
];

const LOGIN = `${ORIGIN}/login`;
const REDIRECT_PAGE = `<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <meta http-equiv="refresh" content="0;url='${LOGIN}'" />

        <title>Redirecting to ${LOGIN}</title>
    </head>
    <body>
        Redirecting to <a href="${LOGIN}">${LOGIN}</a>.
    </body>
</html>`;

const UNAUTHENTICATED = '{"message":"Unauthenticated."}';
const NO_ACCESS = '{"message":"You don\'t have access to this feature.","status":403}';
const NOT_FOUND = '{"message":"Resource not found.","status":404}';

/** The first image id of a key, read through the list. */
async function firstImageId(app: TestApp, key: string): Promise<number> {
  const response = await call(app, 'GET', '/api/v1/images?sort=asc', { headers: jsonHeaders(key) });
  const id = (response.json as { data: Array<{ id: number }> }).data[0]?.id;
  if (id === undefined) throw new Error('the key has no images');
  return id;
}

describe('no key or an unknown key', () => {
  describe.each(OPERATIONS)('%s %s', (method, path) => {
    it.each([
      ['no key', {}],
      ['a wrong key', { Authorization: 'Bearer wrong' }],
    ])('%s, wanting JSON: 401 Unauthenticated.', async (_label, auth) => {
      const response = await call(testApp(), method, path, { headers: { Host: HOST, Accept: 'application/json', ...auth } });
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.text).toBe(method === 'HEAD' ? '' : UNAUTHENTICATED);
      expect(response.headers['access-control-allow-origin']).toBe('*');
    });

    it('without a JSON Accept: 302 to <origin>/login with the redirect page', async () => {
      const response = await call(testApp(), method, path, { headers: { Host: HOST } });
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(LOGIN);
      expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(response.text).toBe(method === 'HEAD' ? '' : REDIRECT_PAGE);
      expect(response.headers['access-control-allow-origin']).toBe('*');
    });
  });

  it('builds the login URL on the Host the client used', async () => {
    const response = await call(testApp(), 'GET', '/api/v1/images', { headers: { Host: 'other.example:8080' } });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('http://other.example:8080/login');
  });
});

describe('JSON or redirect: the most preferred Accept type, and X-Requested-With', () => {
  it.each<[string, Record<string, string>, 401 | 302]>([
    ['no Accept', {}, 302],
    ['Accept: application/json', { Accept: 'application/json' }, 401],
    ['Accept: application/vnd.api+json', { Accept: 'application/vnd.api+json' }, 401],
    ['Accept: */*', { Accept: '*/*' }, 302],
    ['Accept: text/html', { Accept: 'text/html' }, 302],
    ['Accept: text/html, application/json', { Accept: 'text/html, application/json' }, 302],
    ['Accept: application/json, text/html', { Accept: 'application/json, text/html' }, 401],
    ['Accept: text/html;q=0.5, application/json', { Accept: 'text/html;q=0.5, application/json' }, 401],
    ['Accept: application/json;q=0.1, text/html;q=0.9', { Accept: 'application/json;q=0.1, text/html;q=0.9' }, 302],
    ['Accept: text/plain;q=0.2, application/json;q=0.2 (ties keep header order)', { Accept: 'text/plain;q=0.2, application/json;q=0.2' }, 302],
    ['X-Requested-With, no Accept', { 'X-Requested-With': 'XMLHttpRequest' }, 401],
    ['X-Requested-With, Accept: */*', { 'X-Requested-With': 'XMLHttpRequest', Accept: '*/*' }, 401],
    ['X-Requested-With, Accept: text/html', { 'X-Requested-With': 'XMLHttpRequest', Accept: 'text/html' }, 302],
    ['X-Requested-With, */* first by q', { 'X-Requested-With': 'XMLHttpRequest', Accept: 'text/html;q=0.1, */*' }, 401],
    ['X-Requested-With: fetch (not XMLHttpRequest)', { 'X-Requested-With': 'fetch' }, 302],
  ])('%s → %i', async (_label, headers, status) => {
    const response = await call(testApp(), 'GET', '/api/v1/images', { headers: { Host: HOST, ...headers } });
    expect(response.status).toBe(status);
    if (status === 401) expect(response.text).toBe(UNAUTHENTICATED);
    else expect(response.headers.location).toBe(LOGIN);
  });
});

describe('the accepted forms of the key', () => {
  const basic = (password: string, user = 'anyone') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it.each<[string, string, { headers?: Record<string, string>; json?: unknown; form?: string; method?: string }]>([
    ['Authorization: Bearer KEY', '/api/v1/images', { headers: { Authorization: `Bearer ${KEY}` } }],
    ['api_token in the query', `/api/v1/images?api_token=${KEY}`, {}],
    ['api_token in a JSON body on GET', '/api/v1/images', { json: { api_token: KEY } }],
    ['api_token in a form body (PUT)', '/api/v1/images/{id}', { method: 'PUT', form: `api_token=${KEY}` }],
    ['api_token in a form body (POST with _method=PATCH)', '/api/v1/images/{id}', { method: 'POST', form: `_method=PATCH&api_token=${KEY}` }],
    ['the password of Basic auth', '/api/v1/images', { headers: { Authorization: basic(KEY) } }],
    ['Basic auth with an empty user name', '/api/v1/images', { headers: { Authorization: basic(KEY, '') } }],
    ['Token Bearer KEY (text after the last "Bearer ")', '/api/v1/images', { headers: { Authorization: `Token Bearer ${KEY}` } }],
    ['Bearer KEY, x (cut at the first comma)', '/api/v1/images', { headers: { Authorization: `Bearer ${KEY}, x` } }],
    ['the upper-cased key', '/api/v1/images', { headers: { Authorization: `Bearer ${KEY.toUpperCase()}` } }],
    ['the lower-cased key in the query', `/api/v1/images?api_token=${KEY.toLowerCase()}`, {}],
    ['the key with a trailing space', '/api/v1/images', { headers: { Authorization: `Bearer ${KEY} ` } }],
    ['?api_token= falls through to Bearer', '/api/v1/images?api_token=', { headers: { Authorization: `Bearer ${KEY}` } }],
    ['?api_token=0 falls through to Bearer', '/api/v1/images?api_token=0', { headers: { Authorization: `Bearer ${KEY}` } }],
    ['a JSON api_token "" falls through to Bearer', '/api/v1/images', { json: { api_token: '' }, headers: { Authorization: `Bearer ${KEY}` } }],
    ['a JSON api_token "0" falls through to Bearer', '/api/v1/images', { json: { api_token: '0' }, headers: { Authorization: `Bearer ${KEY}` } }],
    ['?api_token=%20 (trimmed to empty) falls through to Bearer', '/api/v1/images?api_token=%20', { headers: { Authorization: `Bearer ${KEY}` } }],
  ])('%s → 200', async (_label, path, options) => {
    const app = testApp();
    const id = await firstImageId(app, KEY);
    const response = await call(app, options.method ?? 'GET', path.replace('{id}', String(id)), {
      ...options,
      headers: { Host: HOST, Accept: 'application/json', ...options.headers },
    });
    expect(response.status).toBe(200);
    expect((response.json as { status: number }).status).toBe(200);
  });

  it.each<[string, string, { headers?: Record<string, string>; form?: string; json?: unknown }]>([
    ['lower-case "bearer KEY"', '/api/v1/images', { headers: { Authorization: `bearer ${KEY}` } }],
    ['"Bearer  KEY" with two spaces', '/api/v1/images', { headers: { Authorization: `Bearer  ${KEY}` } }],
    ['a wrong ?api_token=x with a valid Bearer', '/api/v1/images?api_token=x', { headers: { Authorization: `Bearer ${KEY}` } }],
    ['a wrong api_token in a JSON body with a valid Bearer', '/api/v1/images', { json: { api_token: 'x' }, headers: { Authorization: `Bearer ${KEY}` } }],
    ['a wrong Bearer with the key as the Basic password', '/api/v1/images', { headers: { Authorization: `Bearer x, Basic ${Buffer.from(`u:${KEY}`).toString('base64')}` } }],
    ['Basic auth with a wrong password', '/api/v1/images', { headers: { Authorization: `Basic ${Buffer.from('u:wrong').toString('base64')}` } }],
    ['Basic auth with the key as the user name', '/api/v1/images', { headers: { Authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` } }],
    ['api_token in a form body on GET (not read)', '/api/v1/images', { form: `api_token=${KEY}` }],
    ['a prefix of the key', '/api/v1/images', { headers: { Authorization: `Bearer ${KEY.slice(0, 63)}` } }],
  ])('%s → 401', async (_label, path, options) => {
    const response = await call(testApp(), 'GET', path, { ...options, headers: { Host: HOST, Accept: 'application/json', ...options.headers } });
    expect(response.status).toBe(401);
    expect(response.text).toBe(UNAUTHENTICATED);
  });
});

describe('a key whose plan has no API access', () => {
  it.each<[string, string, { json?: unknown; form?: string }]>([
    ['GET', '/api/v1/images', {}],
    ['HEAD', '/api/v1/images', {}],
    ['POST', '/api/v1/images', {}],
    ['POST', '/api/v1/images', { json: { name: 'x', description: 'y', resolution: '256x256' } }],
    ['GET', '/api/v1/images/1', {}],
    ['GET', '/api/v1/images/999999', {}],
    ['HEAD', '/api/v1/images/1', {}],
    ['PUT', '/api/v1/images/1', { form: 'favorite=abc' }],
    ['PATCH', '/api/v1/images/999999', { json: { name: '' } }],
    ['PATCH', '/api/v1/images/1', { json: { user_id: 1 } }],
    ['DELETE', '/api/v1/images/999999', {}],
  ])('%s %s → 403 before validation and lookup', async (method, path, options) => {
    const response = await call(testApp(), method, path, { ...options, headers: jsonHeaders(NOAPI_KEY) });
    expect(response.status).toBe(403);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.text).toBe(method === 'HEAD' ? '' : NO_ACCESS);
  });

  it('gets the 403 as JSON without a JSON Accept too (a controller body)', async () => {
    const response = await call(testApp(), 'GET', '/api/v1/images', { headers: { Host: HOST, Authorization: `Bearer ${NOAPI_KEY}` } });
    expect(response.status).toBe(403);
    expect(response.text).toBe(NO_ACCESS);
  });

  it.each(['/api/v1/foo', '/api/v1/images/5/x'])('still gets the 404 on the unknown path %s', async (path) => {
    const response = await call(testApp(), 'GET', path, { headers: jsonHeaders(NOAPI_KEY) });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND);
  });
});

describe('every user sees only their own images', () => {
  it('lists only the own images', async () => {
    const app = testApp({ count: 4 });
    const mine = await call(app, 'GET', '/api/v1/images', { headers: jsonHeaders(KEY) });
    const theirs = await call(app, 'GET', '/api/v1/images', { headers: jsonHeaders(OTHER_KEY) });
    const ids = (r: typeof mine) => (r.json as { data: Array<{ id: number }> }).data.map((image) => image.id);
    expect(ids(mine)).toHaveLength(4);
    expect(ids(theirs)).toHaveLength(4);
    expect(ids(mine).filter((id) => ids(theirs).includes(id))).toEqual([]);
  });

  it.each<[string, { json?: unknown }]>([
    ['GET', {}],
    ['PUT', { json: { name: 'mine now' } }],
    ['PATCH', { json: { favorite: 1 } }],
    ['DELETE', {}],
  ])("another key's image id: %s → 404, and the image is untouched", async (method, options) => {
    const app = testApp();
    const foreignId = await firstImageId(app, OTHER_KEY);
    const before = await call(app, 'GET', `/api/v1/images/${foreignId}`, { headers: jsonHeaders(OTHER_KEY) });

    const response = await call(app, method, `/api/v1/images/${foreignId}`, { ...options, headers: jsonHeaders(KEY) });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND);

    const after = await call(app, 'GET', `/api/v1/images/${foreignId}`, { headers: jsonHeaders(OTHER_KEY) });
    expect(after.status).toBe(200);
    expect(after.text).toBe(before.text);
  });
});
