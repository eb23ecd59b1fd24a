import { ensure, ensureEqual, ensureStatus } from '../context.ts';
import type { Check } from './check.ts';

export const headerChecks: Check[] = [
  {
    // Every documented answer (401s and 404s too) must carry them: the document requires it.
    name: 'headers: API answers carry X-RateLimit-Limit and a counting X-RateLimit-Remaining',
    async run(ctx) {
      const first = await ctx.client.api('GET', '/images?per_page=10', { headers: ctx.auth() });
      const second = await ctx.client.api('GET', '/images?per_page=10', { headers: ctx.auth() });
      for (const response of [first, second]) {
        ensure(/^\d+$/.test(response.header('x-ratelimit-limit') ?? '') && /^\d+$/.test(response.header('x-ratelimit-remaining') ?? ''),
          `${response.label} → ${response.status} lacks numeric X-RateLimit-Limit/Remaining`);
      }
      const limit = Number(first.header('x-ratelimit-limit'));
      const [a, b] = [Number(first.header('x-ratelimit-remaining')), Number(second.header('x-ratelimit-remaining'))];
      ensure(a < limit && b < limit, `X-RateLimit-Remaining (${a}, ${b}) must be below X-RateLimit-Limit (${limit}) after a request`);
      // The window may have restarted between the two; otherwise the second has one less.
      ensure(b < a || b === limit - 1 || a === 0, `X-RateLimit-Remaining went from ${a} to ${b}`);
    },
  },
  {
    name: 'headers: JSON answers are application/json; app answers are Cache-Control: no-cache, private',
    async run(ctx) {
      for (const response of [
        await ctx.client.api('GET', '/images?per_page=10', { headers: ctx.auth() }),
        await ctx.client.api('GET', '/images/999999999', { headers: ctx.auth() }),
      ]) {
        ensureEqual(response.header('content-type'), 'application/json', `${response.label} Content-Type`);
        ensure((response.header('cache-control') ?? '').split(',').map((s) => s.trim()).sort().join(',') === 'no-cache,private',
          `${response.label} Cache-Control is ${response.header('cache-control')}`);
      }
    },
  },
  {
    name: 'headers: CORS lets a browser app on another origin call the API (Allow-Origin *, preflight 204)',
    // A validating proxy answers preflights itself.
    negative: true,
    async run(ctx) {
      const preflight = await ctx.client.api('OPTIONS', '/images', {
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
      ensureStatus(preflight, 204);
      ensureEqual(preflight.header('access-control-allow-origin'), '*', `${preflight.label} Allow-Origin`);
      ensure(/post/i.test(preflight.header('access-control-allow-methods') ?? ''), `${preflight.label} Allow-Methods is ${preflight.header('access-control-allow-methods')}`);
      ensure(/authorization/i.test(preflight.header('access-control-allow-headers') ?? ''), `${preflight.label} Allow-Headers is ${preflight.header('access-control-allow-headers')}`);
      for (const response of [
        await ctx.client.api('GET', '/images?per_page=10', { headers: { ...ctx.auth(), Origin: 'https://app.example' } }),
        await ctx.client.api('GET', '/images', { headers: { Accept: 'application/json', Origin: 'https://app.example' } }),
      ]) {
        ensureEqual(response.header('access-control-allow-origin'), '*', `${response.label} → ${response.status} Allow-Origin`);
      }
    },
  },
];
