import { describe, expect, it } from 'vitest';
import { call } from '../test-support/api-client.ts';
import { jsonHeaders, testApp } from '../test-support/app-helpers.ts';

/**
 * Where the real API silently ignores what a client sent, the fake answers exactly the same and
 * says so in X-Mock-Warning (one sentence per header line) and in its log.
 */
describe('X-Mock-Warning for silently ignored input', () => {
  const warningsOf = (headers: Record<string, string | string[] | undefined>): string[] => {
    const value = headers['x-mock-warning'];
    return value === undefined ? [] : Array.isArray(value) ? value : value.split(/(?<=\.), /);
  };

  it('names fields that update ignores, and answers as without them', async () => {
    const app = testApp();
    const id = ((await call(app, 'GET', '/api/v1/images', { headers: jsonHeaders() })).json as { data: Array<{ id: number }> }).data[0]!.id;
    const ignored = await call(app, 'PUT', `/api/v1/images/${id}`, { headers: jsonHeaders(), json: { name: 'X', style: 'retro', resolution: '1024x1024' } });
    const plain = await call(app, 'PUT', `/api/v1/images/${id}`, { headers: jsonHeaders(), json: { name: 'X' } });
    expect(ignored.text).toBe(plain.text);
    expect(warningsOf(ignored.headers)).toEqual(['style, resolution are ignored: only name and favorite change on update.']);
    expect(warningsOf(plain.headers)).toEqual([]);
  });

  it('names fields that store ignores', async () => {
    const response = await call(testApp(), 'POST', '/api/v1/images', {
      headers: jsonHeaders(), json: { name: 'n', description: 'd', resolution: '256x256', user_id: 9 },
    });
    expect(response.status).toBe(201);
    expect(warningsOf(response.headers)).toEqual([
      'user_id is ignored: store reads only name, description, resolution, style, medium, filter and variations.',
    ]);
  });

  it('says when a body gives no fields', async () => {
    const app = testApp();
    const malformed = await call(app, 'POST', '/api/v1/images', {
      headers: jsonHeaders(undefined, { 'Content-Type': 'application/json' }), raw: '{"name":',
    });
    expect(malformed.status).toBe(422);
    expect(warningsOf(malformed.headers)).toEqual(['The JSON body is malformed, so the real API sees no fields in it.']);

    const formOnGet = await call(app, 'GET', '/api/v1/images', {
      headers: jsonHeaders(undefined, { 'Content-Type': 'application/x-www-form-urlencoded' }), raw: 'per_page=10',
    });
    expect((formOnGet.json as { meta: { per_page: number } }).meta.per_page).toBe(25);
    expect(warningsOf(formOnGet.headers)[0]).toMatch(/^A form body on GET is not read by the real API/);
  });

  it('keeps non-ASCII input readable but header-safe', async () => {
    const response = await call(testApp(), 'GET', '/api/v1/images?style=%D0%B0%D0%BD%D0%B8%D0%BC%D0%B5', { headers: jsonHeaders() });
    expect(warningsOf(response.headers)).toEqual([
      'style=%D0%B0%D0%BD%D0%B8%D0%BC%D0%B5 is not a known style; the real API returns no images for it rather than an error.',
    ]);
  });
});
