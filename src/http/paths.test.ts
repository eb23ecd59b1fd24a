import { describe, expect, it } from 'vitest';
import { call } from '../test-support/api-client.ts';
import { HOST, KEY, jsonHeaders, prettyJson, testApp } from '../test-support/app-helpers.ts';

const HTML = 'text/html; charset=UTF-8';
const NOT_FOUND = '{"message":"Resource not found.","status":404}';

describe('405 on a known path with another method (before auth)', () => {
  const ITEM = 'GET, HEAD, PUT, PATCH, DELETE';
  const COLLECTION = 'GET, HEAD, POST';
  const UNKNOWN = 'GET, HEAD';

  it.each<[string, string, string, string]>([
    ['POST', '/api/v1/images/5', 'api/v1/images/5', ITEM],
    ['PUT', '/api/v1/images', 'api/v1/images', COLLECTION],
    ['PATCH', '/api/v1/images', 'api/v1/images', COLLECTION],
    ['DELETE', '/api/v1/images', 'api/v1/images', COLLECTION],
    ['POST', '/api/v1/foo', 'api/v1/foo', UNKNOWN],
    ['PUT', '/api/v1/foo', 'api/v1/foo', UNKNOWN],
    ['PATCH', '/api/v1/images/5/x', 'api/v1/images/5/x', UNKNOWN],
    ['DELETE', '/api/v1/foo/bar', 'api/v1/foo/bar', UNKNOWN],
    ['POST', '/api/v1/images/5/', 'api/v1/images/5', ITEM],
  ])('%s %s → 405, Allow: GET, HEAD…', async (method, path, route, allowed) => {
    for (const headers of [{ Host: HOST, Accept: 'application/json' }, jsonHeaders()]) {
      const response = await call(testApp(), method, path, { headers });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe(allowed);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.text).toBe(prettyJson({
        message: `The ${method} method is not supported for route ${route}. Supported methods: ${allowed}.`,
      }));
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('without a JSON Accept: the Symfony 405 page, with Allow', async () => {
    const response = await call(testApp(), 'POST', '/api/v1/images/5', { headers: { Host: HOST } });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(ITEM);
    expect(response.headers['content-type']).toBe(HTML);
    expect(response.text).toContain('<title>An Error Occurred: Method Not Allowed</title>');
    expect(response.text).toContain('The server returned a "405 Method Not Allowed".');
  });

  it('a key without API access still gets the 405', async () => {
    const response = await call(testApp(), 'PUT', '/api/v1/images', { headers: jsonHeaders('TestKeyNoApi0000000000000000000000000000000000000000000000000003') });
    expect(response.status).toBe(405);
  });
});

describe('unknown paths under /api/v1/', () => {
  it.each(['/api/v1/foo', '/api/v1/images/5/x', '/api/v1/images/'.concat('5/x/y')])('GET %s without a key → 401', async (path) => {
    const response = await call(testApp(), 'GET', path, { headers: jsonHeaders(null) });
    expect(response.status).toBe(401);
    expect(response.text).toBe('{"message":"Unauthenticated."}');
  });

  it.each(['/api/v1/foo', '/api/v1/images/5/x', '/api/v1/account/x'])('GET %s with a key → 404 Resource not found.', async (path) => {
    const response = await call(testApp(), 'GET', path, { headers: jsonHeaders() });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.text).toBe(NOT_FOUND);
    expect(response.headers['x-ratelimit-limit']).toBe('60');
  });

  it('HEAD /api/v1/foo with a key → 404 without a body', async () => {
    const response = await call(testApp(), 'HEAD', '/api/v1/foo', { headers: jsonHeaders() });
    expect(response.status).toBe(404);
    expect(response.text).toBe('');
  });
});

describe('route 404s outside /api/v1/ (any method, before auth)', () => {
  it.each<[string, string, string]>([
    ['GET', '/api/xyz', 'api/xyz'],
    ['POST', '/api/xyz', 'api/xyz'],
    ['DELETE', '/api/xyz', 'api/xyz'],
    ['GET', '/api/v1', 'api/v1'],
    ['GET', '/api/v1/', 'api/v1'],
    ['POST', '/api/v1', 'api/v1'],
    ['GET', '/api', 'api'],
    ['GET', '/nowhere', 'nowhere'],
    ['PUT', '/nowhere', 'nowhere'],
    ['GET', '/api/x%20y', 'api/x%20y'],
    ['GET', '/api/v2/images', 'api/v2/images'],
    ['GET', '/', '/'],
  ])('%s %s → 404 "The route %s could not be found."', async (method, path, route) => {
    for (const headers of [jsonHeaders(null), jsonHeaders()]) {
      const response = await call(testApp(), method, path, { headers, unchecked: true });
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.text).toBe(prettyJson({ message: `The route ${route} could not be found.` }));
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-cache, private');
    }
  });

  it.each(['/api/xyz', '/api/v1', '/api', '/nowhere'])('%s without a JSON Accept → the HTML 404 page', async (path) => {
    const response = await call(testApp(), 'GET', path, { headers: { Host: HOST }, unchecked: true });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe(HTML);
    expect(response.text).toContain('<title>Not Found</title>');
    expect(response.text).toMatch(/404\s*<\/div>/);
  });
});

describe('CORS', () => {
  it.each<[string, string, Record<string, string>, number]>([
    ['GET', '/api/v1/images', jsonHeaders(), 200],
    ['GET', '/api/v1/images', jsonHeaders(null), 401],
    ['GET', '/api/v1/images', { Host: HOST }, 302],
    ['GET', '/api/v1/images', jsonHeaders('TestKeyNoApi0000000000000000000000000000000000000000000000000003'), 403],
    ['GET', '/api/v1/images/999', jsonHeaders(), 404],
    ['POST', '/api/v1/images', jsonHeaders(), 422],
    ['POST', '/api/v1/images/5', jsonHeaders(), 405],
    ['GET', '/api/v1/images?search[]=x', jsonHeaders(), 500],
    ['GET', '/api/xyz', jsonHeaders(), 404],
    ['GET', '/api/v1', jsonHeaders(), 404],
  ])('%s %s (%j) → %i with Access-Control-Allow-Origin: *', async (method, path, headers, status) => {
    for (const origin of [{}, { Origin: 'http://web.test' }] as Array<Record<string, string>>) {
      const response = await call(testApp(), method, path, { headers: { ...headers, ...origin }, unchecked: path === '/api/xyz' || path === '/api/v1' });
      expect(response.status).toBe(status);
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it.each(['/nowhere', '/api'])('%s has no CORS header', async (path) => {
    const response = await call(testApp(), 'GET', path, { headers: { ...jsonHeaders(), Origin: 'http://web.test' }, unchecked: true });
    expect(response.status).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each<[string, Record<string, string>, string]>([
    ['/api/v1/images', { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' }, 'authorization,content-type'],
    ['/api/v1/images/5', { 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'Authorization' }, 'Authorization'],
    ['/api/v1/foo', { 'Access-Control-Request-Method': 'GET', Origin: 'http://web.test' }, ''],
    ['/api/xyz', { 'Access-Control-Request-Method': 'PUT' }, ''],
  ])('preflight to %s: 204, no auth, echoed methods and headers', async (path, headers, allowHeaders) => {
    const response = await call(testApp(), 'OPTIONS', path, { headers: { Host: HOST, ...headers }, unchecked: path === '/api/xyz' });
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-methods']).toBe(headers['Access-Control-Request-Method']);
    expect(response.headers['access-control-allow-headers']).toBe(allowHeaders);
    expect(response.headers['access-control-max-age']).toBe('0');
    expect(response.headers.vary).toBe('Access-Control-Request-Method, Access-Control-Request-Headers');
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it.each<[string, string]>([
    ['/api/v1/images', 'GET,HEAD,POST'],
    ['/api/v1/images/5', 'GET,HEAD,PUT,PATCH,DELETE'],
    ['/api/v1/foo', 'GET,HEAD'],
  ])('plain OPTIONS %s: 200, empty, Allow: %s', async (path, allow) => {
    const response = await call(testApp(), 'OPTIONS', path, { headers: { Host: HOST } });
    expect(response.status).toBe(200);
    expect(response.text).toBe('');
    expect(response.headers.allow).toBe(allow);
    expect(response.headers.vary).toBe('Access-Control-Request-Method');
    expect(response.headers['content-type']).toBe(HTML);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cache-control']).toBe('no-cache, private');
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('plain OPTIONS on a path with no route: the route 404, with Vary', async () => {
    const response = await call(testApp(), 'OPTIONS', '/api/xyz', { headers: jsonHeaders(null), unchecked: true });
    expect(response.status).toBe(404);
    expect(response.text).toBe(prettyJson({ message: 'The route api/xyz could not be found.' }));
    expect(response.headers.vary).toBe('Access-Control-Request-Method');
  });
});

describe('headers on every app answer', () => {
  it.each<[string, string, Record<string, string>, number, string]>([
    ['GET', '/api/v1/images', jsonHeaders(), 200, 'application/json'],
    ['GET', '/api/v1/images/1', jsonHeaders(KEY), 200, 'application/json'],
    ['GET', '/api/v1/images', jsonHeaders(null), 401, 'application/json'],
    ['GET', '/api/v1/images', { Host: HOST }, 302, HTML],
    ['GET', '/api/v1/images/999', jsonHeaders(), 404, 'application/json'],
    ['POST', '/api/v1/images', jsonHeaders(), 422, 'application/json'],
    ['PATCH', '/api/v1/images/1?user_id=1', jsonHeaders(), 403, 'application/json'],
    ['PATCH', '/api/v1/images/1?user_id=1', { Host: HOST, Authorization: `Bearer ${KEY}` }, 403, HTML],
    ['POST', '/api/v1/images/1', jsonHeaders(), 405, 'application/json'],
    ['GET', '/api/v1/images?search[]=', jsonHeaders(), 500, 'application/json'],
    ['GET', '/nowhere', jsonHeaders(), 404, 'application/json'],
  ])('%s %s (%j) → %i: Cache-Control no-cache, private; Content-Type %s', async (method, path, headers, status, type) => {
    const response = await call(testApp({ keys: [KEY] }), method, path, { headers, unchecked: path === '/nowhere' });
    expect(response.status).toBe(status);
    expect(response.headers['cache-control']).toBe('no-cache, private');
    expect(response.headers['content-type']).toBe(type);
  });
});
