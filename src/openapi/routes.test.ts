import { describe, expect, it } from 'vitest';
import { OpenApiDocument } from '../upstream/openapi-document.ts';
import { ROUTES } from '../core/protocol/routes.ts';
import { loadSpec } from './load.ts';

describe('the route table and the OpenAPI document', () => {
  it('agree: every method of a route is a documented operation, and every operation under /api/v1 a route', () => {
    const doc = new OpenApiDocument(loadSpec());
    // HEAD runs the GET operation; a plain OPTIONS is answered by the router (documented as operations).
    const routed = ROUTES.filter((r) => !r.fallback)
      .flatMap((r) => Object.keys(r.methods).filter((m) => m !== 'HEAD').map((m) => `${m} ${r.path}`));
    const documented = doc.operations()
      .filter((o) => o.method !== 'OPTIONS' && o.path.bases.includes('/api/v1'))
      .map((o) => `${o.method} /api/v1${o.path.template}`);
    expect(routed.sort()).toEqual(documented.sort());
  });
});
