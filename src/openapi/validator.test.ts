import { describe, expect, it } from 'vitest';
import { loadSpec, SPEC_PATH } from './load.ts';
import { createResponseValidator, routedMethod, validateExamples } from './validator.ts';
import type { ResponseToValidate } from './validator.ts';

const doc = loadSpec();
const validate = createResponseValidator(doc);

const apiHeaders = {
  'X-RateLimit-Limit': '60',
  'X-RateLimit-Remaining': '59',
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'no-cache, private',
};

function image(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 81,
    name: 'zqx Alpha cat',
    style: 'anime',
    medium: 'ink',
    filter: null,
    resolution: '256x256',
    result: '1f1bb027-6745-41cf-a2b1-b87e100385ce.jpg',
    url: 'https://ailuna.ru/uploads/users/images/1f1bb027-6745-41cf-a2b1-b87e100385ce.jpg',
    favorite: false,
    created_at: '2026-11-25T13:35:26.000000Z',
    updated_at: '2026-11-25T13:35:26.000000Z',
    ...overrides,
  };
}

function show(body: unknown, extra: Partial<ResponseToValidate> = {}): string[] {
  return validate({
    method: 'GET', path: '/api/v1/images/81', status: 200,
    contentType: 'application/json', headers: apiHeaders, body, ...extra,
  });
}

describe('loadSpec', () => {
  it('reads openapi/openapi.yaml once and caches it, frozen', () => {
    expect(SPEC_PATH).toMatch(/openapi[/\\]openapi\.yaml$/);
    expect(loadSpec()).toBe(doc);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.isFrozen(doc.paths)).toBe(true);
  });
});

describe('createResponseValidator', () => {
  it('accepts a faithful response, by concrete path or template, and HEAD without a body', () => {
    expect(show({ data: image(), status: 200 })).toEqual([]);
    expect(show({ data: image(), status: 200 }, { path: '/images/{id}' })).toEqual([]);
    expect(show(JSON.stringify({ data: image(), status: 200 }), { path: '/api/v1/images/5abc?x=1' })).toEqual([]);
    expect(show('', { method: 'HEAD' })).toEqual([]);
    expect(show({ data: image(), status: 200 }, { headers: new Headers(apiHeaders) })).toEqual([]);
  });

  it('catches an extra field', () => {
    expect(show({ data: image({ user_id: 2 }), status: 200 })).toEqual([
      'GET /images/{id} 200: /data must NOT have additional properties (user_id)',
    ]);
  });

  it('catches a wrong type, a missing field and a wrong timestamp format', () => {
    expect(show({ data: image({ favorite: 1 }), status: 200 })).toEqual([
      'GET /images/{id} 200: /data/favorite must be boolean',
    ]);
    const withoutName = image();
    delete withoutName.name;
    expect(show({ data: withoutName, status: 200 })).toEqual([
      "GET /images/{id} 200: /data must have required property 'name'",
    ]);
    expect(show({ data: image({ created_at: '2026-11-25T13:35:26.000Z' }), status: 200 })[0]).toMatch(
      /^GET \/images\/\{id\} 200: \/data\/created_at must match pattern/,
    );
  });

  it('catches errors inside the list, with the item path', () => {
    const list = (doc.components?.examples?.ImageListSearch as { value: { data: unknown[] } }).value;
    const body = structuredClone(list) as { data: Record<string, unknown>[]; status: number };
    body.data[0] = image({ favorite: 'true' });
    expect(validate({ method: 'GET', path: '/api/v1/images?search=zqx', status: 200, contentType: 'application/json', headers: apiHeaders, body }))
      .toEqual(['GET /images 200: /data/0/favorite must be boolean']);
  });

  it('catches an undocumented status', () => {
    expect(show({ data: image(), status: 200 }, { status: 418 })).toEqual([
      'GET /images/{id} 418: status 418 is not documented (documented: 200, 302, 401, 403, 404, 429, 500)',
    ]);
    // Store answers 201, not 200.
    expect(validate({ method: 'POST', path: '/api/v1/images', status: 200, contentType: 'application/json', headers: apiHeaders, body: { data: image(), status: 200 } })[0])
      .toMatch(/^POST \/images 200: status 200 is not documented/);
  });

  it('catches an undocumented content type, a missing required header and a wrong header value', () => {
    expect(show({ data: image(), status: 200 }, { contentType: 'text/plain' })).toEqual([
      'GET /images/{id} 200: content type text/plain is not documented (documented: application/json)',
    ]);
    const { 'X-RateLimit-Limit': _limit, ...noLimit } = apiHeaders;
    expect(show({ data: image(), status: 200 }, { headers: noLimit })).toEqual([
      'GET /images/{id} 200: header X-RateLimit-Limit is required but missing',
    ]);
    expect(show({ data: image(), status: 200 }, { headers: { ...apiHeaders, 'X-RateLimit-Remaining': 'many' } })).toEqual([
      'GET /images/{id} 200: header X-RateLimit-Remaining: (body) must be integer',
    ]);
  });

  it('checks the error shapes: 422 message object, 404 status field', () => {
    const errors = validate({
      method: 'PATCH', path: '/api/v1/images/82', status: 422, contentType: 'application/json', headers: apiHeaders,
      body: { message: { favorite: 'The favorite must be an integer.' }, status: 422 },
    });
    expect(errors).toEqual(['PATCH /images/{id} 422: /message/favorite must be array']);
    expect(validate({
      method: 'DELETE', path: '/api/v1/images/82', status: 404, contentType: 'application/json', headers: apiHeaders,
      body: { message: 'Resource not found.' },
    })).toEqual(["DELETE /images/{id} 404: (body) must have required property 'status'"]);
  });

  it('routes what OpenAPI cannot: other methods, unknown paths under /api/v1, and nothing else', () => {
    const allow = { Allow: 'GET, HEAD, POST', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache, private' };
    const body = { message: 'The PUT method is not supported for route api/v1/images. Supported methods: GET, HEAD, POST.' };
    expect(validate({ method: 'PUT', path: '/api/v1/images', status: 405, contentType: 'application/json', headers: allow, body })).toEqual([]);
    expect(validate({ method: 'PUT', path: '/api/v1/images', status: 200, contentType: 'application/json', headers: allow, body })[0])
      .toMatch(/^PUT \/images 200: status 200 is not documented \(documented: 405\)/);
    expect(validate({ method: 'GET', path: '/api/v1/foo', status: 404, contentType: 'application/json', headers: apiHeaders, body: { message: 'Resource not found.', status: 404 } }))
      .toEqual([]);
    expect(validate({ method: 'GET', path: '/nowhere', status: 404, contentType: 'application/json', headers: {}, body: {} }))
      .toEqual(['GET /nowhere: no documented path matches']);
    expect(validate({ method: 'GET', path: '/api/v1', status: 404, contentType: 'application/json', headers: {}, body: {} }))
      .toEqual(['GET /api/v1: no documented path matches']);
  });

  it('knows the JPEG route outside /api/v1 (no auth, no API headers)', () => {
    expect(validate({ method: 'GET', path: '/uploads/users/images/1f1bb027-6745-41cf-a2b1-b87e100385ce.jpg', status: 200, contentType: 'image/jpeg', headers: {}, body: new Uint8Array([0xff, 0xd8]) }))
      .toEqual([]);
    expect(validate({ method: 'GET', path: '/uploads/users/images/x.jpg', status: 200, contentType: 'application/json', headers: {}, body: {} }))
      .toEqual(['GET /uploads/users/images/{file} 200: content type application/json is not documented (documented: image/jpeg)']);
  });
});

describe('routedMethod', () => {
  it('applies Laravel method override to POST only', () => {
    expect(routedMethod('post', { 'X-HTTP-Method-Override': 'patch' })).toBe('PATCH');
    expect(routedMethod('POST', {}, { _method: 'put' })).toBe('PUT');
    expect(routedMethod('POST', {}, {})).toBe('POST');
    expect(routedMethod('GET', { 'X-HTTP-Method-Override': 'DELETE' }, { _method: 'PUT' })).toBe('GET');
  });

  it('reads an override as the fake routes it (these two used to differ)', () => {
    expect(routedMethod('POST', { 'X-HTTP-Method-Override': '' }, { _method: 'patch' })).toBe('PATCH');
    expect(routedMethod('POST', {}, { _method: ' put' })).toBe('POST');
  });
});

describe('validateExamples', () => {
  it('reports an example that does not match its schema', () => {
    const broken = structuredClone(doc);
    const example = broken.components?.examples?.ImageDeleted as { value: Record<string, unknown> };
    example.value.deleted = 'yes';
    const { errors } = validateExamples(broken);
    expect(errors).toEqual([
      '/paths/~1images~1{id}/delete/responses/200/content/application~1json example "deleted": /deleted must be boolean',
      '/paths/~1images~1{id}/delete/responses/200/content/application~1json example "deleted": /deleted must be equal to constant (true)',
    ]);
  });
});
