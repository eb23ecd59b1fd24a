import { describe, expect, it } from 'vitest';
import { ROUTES, VERBS } from './routes.ts';
import { route, suggestRoute } from './router.ts';

describe('the router over the route table', () => {
  it.each([
    ['GET', '/api/v1/images', 'images.collection', {}],
    ['POST', '/api/v1/images/', 'images.collection', {}],
    ['PATCH', '/api/v1/images/5', 'images.item', { id: '5' }],
    ['GET', '/api/v1/images/a%2Fb', 'api.fallback', { fallbackPlaceholder: 'images/a/b' }],
    ['GET', '/api/v1/images/%35', 'images.item', { id: '5' }],
    ['GET', '/api/v1/images/5/x', 'api.fallback', { fallbackPlaceholder: 'images/5/x' }],
  ])('%s %s → %s', (method, path, name, params) => {
    const result = route(method, path);
    expect(result.kind).toBe('matched');
    if (result.kind !== 'matched') return;
    expect(result.match.route.name).toBe(name);
    expect(result.match.params).toEqual(params);
    expect(result.match.controller).toBe(result.match.route.methods[method as 'GET']);
  });

  it("lists a 405's methods from the table, in Laravel's order", () => {
    expect(route('PUT', '/api/v1/images')).toEqual({ kind: 'other-methods', allowed: ['GET', 'HEAD', 'POST'] });
    expect(route('POST', '/api/v1/images/5')).toEqual({ kind: 'other-methods', allowed: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'] });
    expect(route('OPTIONS', '/api/v1/images')).toEqual({ kind: 'other-methods', allowed: ['GET', 'HEAD', 'POST'] });
    // A fallback takes GET and HEAD only (a%2Fb is decoded before matching: two segments).
    expect(route('DELETE', '/api/v1/images/a%2Fb')).toEqual({ kind: 'other-methods', allowed: ['GET', 'HEAD'] });
    expect(route('GET', '/api/v1')).toEqual({ kind: 'not-found' });
    expect(route('GET', '/api/xyz')).toEqual({ kind: 'not-found' });
  });

  it('suggests the table\'s routes with their methods', () => {
    expect(suggestRoute('POST', '/api/v1/images/5')).toBe('/api/v1/images/{id} takes GET, HEAD, PUT, PATCH, DELETE, not POST.');
    expect(suggestRoute('GET', '/api/v1/image')).toBe('Did you mean /api/v1/images (it takes GET, HEAD, POST)?');
    expect(suggestRoute('GET', '/completely/elsewhere/and/far/away')).toBeNull();
  });

  it('has rows with known methods, each running a controller, and the fallback last', () => {
    for (const row of ROUTES) {
      for (const [method, controller] of Object.entries(row.methods)) {
        expect(VERBS).toContain(method);
        expect(typeof controller).toBe('function');
      }
    }
    expect(ROUTES.findIndex((r) => r.fallback)).toBe(ROUTES.length - 1);
  });
});

describe('the route table', () => {
  // Laravel's Route::get registers HEAD with the same action; a row with GET alone would answer HEAD with 405.
  it.each(ROUTES.map((r) => [r.name, r] as const))('%s: a GET route takes HEAD too, with the same controller', (_name, r) => {
    if (r.methods.GET === undefined) return;
    expect(r.methods.HEAD).toBe(r.methods.GET);
  });
});
