import { ensure, ensureEqual, ensureStatus } from '../support/context.ts';
import type { Check } from './check.ts';

export const routingChecks: Check[] = [
  {
    negative: true,
    name: 'routing: a wrong method answers 405 with Allow, before auth',
    async run({ client }) {
      const cases: Array<[string, string, string]> = [
        ['PUT', '/images', 'GET, HEAD, POST'],
        ['DELETE', '/images', 'GET, HEAD, POST'],
        ['POST', '/images/1', 'GET, HEAD, PUT, PATCH, DELETE'],
      ];
      for (const [method, path, allow] of cases) {
        const response = await client.api(method, path, { headers: { Accept: 'application/json' } });
        ensureStatus(response, 405);
        ensureEqual(response.header('allow'), allow, `${response.label} Allow`);
        const route = `${client.basePath}${path}`.replace(/^\//, '');
        ensureEqual(response.json, { message: `The ${method} method is not supported for route ${route}. Supported methods: ${allow}.` }, `${response.label} body`);
        ensure(response.header('x-ratelimit-limit') === undefined, `${response.label} carries rate-limit headers, but 405s are decided before the API's middleware`);
      }
    },
  },
  {
    negative: true,
    name: 'routing: an unknown /api/v1 path is 401 without a key and 404 "Resource not found." with one',
    async run(ctx) {
      const anonymous = await ctx.client.api('GET', '/no-such-resource', { headers: { Accept: 'application/json' } });
      ensureStatus(anonymous, 401);
      const known = await ctx.client.api('GET', '/no-such-resource', { headers: ctx.auth() });
      ensureStatus(known, 404);
      ensureEqual(known.json, { message: 'Resource not found.', status: 404 }, `${known.label} body`);
      const nested = await ctx.client.api('GET', '/images/1/extra', { headers: ctx.auth() });
      ensureStatus(nested, 404);
    },
  },
  {
    negative: true,
    name: 'routing: a path outside /api/v1 is a route 404 naming the path',
    async run(ctx) {
      for (const path of ['/api/no-such-api', '/api/v2/images']) {
        const full = `${ctx.client.sitePrefix}${path}`;
        const response = await ctx.client.site('GET', full, { headers: ctx.auth(), unchecked: true });
        ensureStatus(response, 404);
        ensureEqual(response.json, { message: `The route ${full.replace(/^\//, '')} could not be found.` }, `${response.label} body`);
      }
    },
  },
];
