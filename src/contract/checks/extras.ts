import { ensure, ensureEqual } from '../context.ts';
import type { Check } from './check.ts';

export const fakeExtraChecks: Check[] = [
  {
    name: 'fake extras: X-Mock-Warning names each silently ignored parameter, the body stays upstream\'s',
    fakeOnly: true,
    async run(ctx) {
      const plain = await ctx.client.api('GET', '/images', { headers: ctx.auth() });
      const mistaken = await ctx.client.api('GET', '/images?per_page=20', { headers: ctx.auth() });
      ensure(/per_page=20 is not allowed/.test(mistaken.header('x-mock-warning') ?? ''), `${mistaken.label} X-Mock-Warning is ${mistaken.header('x-mock-warning')}`);
      ensureEqual(mistaken.text, plain.text, `${mistaken.label} body equals the body without per_page`);
      ensureEqual(plain.header('x-mock-warning'), undefined, `${plain.label} X-Mock-Warning`);
    },
  },
];

export const fakeControlChecks: Check[] = [
  {
    name: 'fake extras: Prefer: code=500 answers the documented 500 for one request only',
    fakeOnly: true,
    async run(ctx) {
      const forced = await ctx.client.api('GET', '/images', { headers: { ...ctx.auth(), Prefer: 'code=500' } });
      ensureEqual([forced.status, forced.json], [500, { message: 'Server Error' }], `${forced.label} with Prefer: code=500`);
      const next = await ctx.client.api('GET', '/images', { headers: ctx.auth() });
      ensureEqual(next.status, 200, `${next.label} right after`);
    },
  },
  {
    name: 'fake extras: the admin journal shows the request just made, its key redacted',
    fakeOnly: true,
    async run(ctx) {
      const marker = `journal-${Date.now().toString(36)}`;
      await ctx.client.api('GET', `/images?search=${marker}`, { headers: ctx.auth() });
      const journal = await ctx.client.site('GET', `${ctx.client.sitePrefix}/__admin/requests?limit=5`, { unchecked: true });
      ensureEqual(journal.status, 200, `${journal.label} status`);
      const requests = (journal.json as { requests: Array<{ method: string; url: string; headers: Record<string, string> }> }).requests;
      const mine = requests.find((r) => r.url.includes(marker));
      ensure(mine !== undefined, `${journal.label} does not list GET /api/v1/images?search=${marker}`);
      ensureEqual(mine.headers.authorization, 'Bearer REDACTED', 'the journaled Authorization header');
      ensure(!journal.text.includes(ctx.config.key), `${journal.label} shows the API key`);
    },
  },
];
