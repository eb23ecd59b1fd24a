import { ensure, type WireImage } from '../context.ts';
import type { Check } from './check.ts';

/**
 * Only shapes: every operation, sent a valid request, answers with a documented status, content
 * type, body and headers (the client checks each answer against the document). Meaningful against
 * a stateless mock of the document too.
 */
export const schemaChecks: Check[] = [
  {
    name: 'schema: list and show answer valid requests in the documented shape',
    schemaOnly: true,
    async run(ctx) {
      const list = await ctx.client.api('GET', '/images?per_page=10&page=1&sort_by=name&sort=asc', { headers: ctx.auth() });
      ensure(list.status === 200, `${list.label} answered ${list.status}`);
      const first = (list.json as { data: WireImage[] }).data[0];
      const show = await ctx.client.api('GET', `/images/${first?.id ?? 1}`, { headers: ctx.auth() });
      ensure(show.status === 200 || (first === undefined && show.status === 404), `${show.label} answered ${show.status}`);
    },
  },
  {
    name: 'schema: store (JSON and form), update (PUT and PATCH) and delete answer in the documented shape',
    schemaOnly: true,
    writes: true,
    async run(ctx) {
      const made: number[] = [];
      const viaJson = await ctx.client.api('POST', '/images', {
        headers: ctx.auth(), json: { name: 'schema probe', description: 'a red kite', resolution: '512x512', style: 'sketch', medium: null, filter: 'sepia' },
      });
      const viaForm = await ctx.client.api('POST', '/images', {
        headers: ctx.auth(), form: { name: 'schema probe form', description: 'a red kite', resolution: '256x256' },
      });
      for (const created of [viaJson, viaForm]) {
        ensure(created.status === 201, `${created.label} answered ${created.status}, expected 201`);
        made.push((created.json as { data: WireImage }).data.id);
        ctx.track((created.json as { data: WireImage }).data.id);
      }
      const id = made[0] as number;
      for (const [method, body] of [['PUT', { name: 'schema probe renamed' }], ['PATCH', { favorite: 1 }]] as const) {
        const updated = await ctx.client.api(method, `/images/${id}`, { headers: ctx.auth(), json: body });
        ensure(updated.status === 200, `${updated.label} answered ${updated.status}`);
      }
      // A stateless mock hands out the same example id twice: delete each distinct id once.
      for (const madeId of new Set(made)) {
        const deleted = await ctx.remove(madeId);
        ensure(deleted.status === 200, `${deleted.label} answered ${deleted.status}`);
      }
    },
  },
];
