import { ensure, ensureEqual } from '../support/context.ts';
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
