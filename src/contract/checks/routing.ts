import type { ContractResponse } from '../client.ts';
import { ensure, ensureEqual, ensureStatus } from '../context.ts';
import type { Check } from './check.ts';

/**
 * What keeps an answer from being upstream's HTML error page for a 405 (the framework's page,
 * served to clients that do not ask for JSON): status, content type and the page's own lines.
 */
export function methodNotAllowedPageProblems(response: Pick<ContractResponse, 'status' | 'text' | 'header'>): string[] {
  const problems: string[] = [];
  if (response.status !== 405) problems.push(`status ${response.status}, expected 405`);
  const type = response.header('content-type');
  if (type !== 'text/html; charset=UTF-8') problems.push(`Content-Type ${JSON.stringify(type)}, expected "text/html; charset=UTF-8" (the HTML error page, not the JSON body)`);
  for (const line of ['<!DOCTYPE html>', '<title>An Error Occurred: Method Not Allowed</title>', 'The server returned a "405 Method Not Allowed".']) {
    if (!response.text.includes(line)) problems.push(`the body lacks ${JSON.stringify(line)}: ${JSON.stringify(response.text.slice(0, 120))}`);
  }
  return problems;
}

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
    name: "routing: a wrong method from a client that does not ask for JSON gets upstream's HTML error page (405, text/html)",
    async run({ client, config }) {
      // With the key, as a script would send it; 405s are decided before auth and lookup, so any
      // image id will do (81 is the genuine recording's, which this check is also run against).
      const cases: Array<[method: string, path: string, accept: string | undefined, allow: string]> = [
        ['PUT', '/images', undefined, 'GET, HEAD, POST'],
        ['DELETE', '/images', undefined, 'GET, HEAD, POST'],
        ['PUT', '/images', 'text/html, application/json', 'GET, HEAD, POST'],
        ['POST', '/images/81', 'text/html', 'GET, HEAD, PUT, PATCH, DELETE'],
        ['POST', '/foo', undefined, 'GET, HEAD'],
      ];
      for (const [method, path, accept, allow] of cases) {
        const response = await client.api(method, path, { headers: { Authorization: `Bearer ${config.key}`, ...(accept === undefined ? {} : { Accept: accept }) } });
        const problems = methodNotAllowedPageProblems(response);
        ensure(problems.length === 0, `${response.label} (Accept: ${accept ?? 'none'}): ${problems.join('; ')}`);
        ensureEqual(response.header('allow'), allow, `${response.label} Allow`);
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
