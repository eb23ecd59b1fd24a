import { ensure, ensureEqual, ensureStatus } from '../context.ts';
import type { Check } from './check.ts';
import { ids, someImages } from './data.ts';

export const isolationChecks: Check[] = [
  {
    name: "isolation: another user's images are invisible (404 on show, update and delete; absent from the list)",
    needsSecondKey: true,
    async run(ctx) {
      const key2 = ctx.config.key2 as string;
      const [image] = await someImages(ctx, 1);
      if (!image) return;
      const shown = await ctx.client.api('GET', `/images/${image.id}`, { headers: ctx.auth(key2) });
      ensureStatus(shown, 404);
      ensure(!ids(await ctx.listAll('', key2)).includes(image.id), `image ${image.id} of the first user is in the second user's list`);
      if (ctx.config.readOnly) return;
      for (const [method, body] of [['PATCH', { favorite: image.favorite ? 0 : 1 }], ['PUT', { name: 'stolen' }], ['DELETE', undefined]] as const) {
        const response = await ctx.client.api(method, `/images/${image.id}`, { headers: ctx.auth(key2), ...(body ? { json: body } : {}) });
        ensureStatus(response, 404);
      }
      const still = await ctx.client.api('GET', `/images/${image.id}`, { headers: ctx.auth() });
      ensureStatus(still, 200);
      ensureEqual(still.json, { data: image, status: 200 }, "the first user's image after the second user's attempts");
    },
  },
];
