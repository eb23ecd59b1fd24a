import { ensure, ensureEqual, ensureStatus, type WireImage } from '../context.ts';
import type { Check } from './check.ts';
import { FILTERS, ids, MEDIUMS, RESOLUTIONS, runTag, someImages, STYLES } from './data.ts';
import { jpegSize } from './jpeg.ts';

const NOT_FOUND = { message: 'Resource not found.', status: 404 };

export const imageChecks: Check[] = [
  {
    name: 'images: create → show → list → PUT name → PATCH favorite → favorite filter → delete → 404 everywhere',
    writes: true,
    async run(ctx) {
      const { client } = ctx;
      const tag = runTag();
      const image = await ctx.create({ name: `${tag} Lifecycle`, description: 'a lighthouse at dawn', resolution: '256x256', style: 'retro' });
      ensureEqual([image.name, image.style, image.medium, image.filter, image.resolution, image.favorite], [`${tag} Lifecycle`, 'retro', null, null, '256x256', false], 'the created image');
      ensure(/^[0-9a-f-]{36}\.jpg$/.test(image.result) && image.url.endsWith(`/uploads/users/images/${image.result}`), `result/url: ${image.result} ${image.url}`);

      const shown = await client.api('GET', `/images/${image.id}`, { headers: ctx.auth() });
      ensureStatus(shown, 200);
      ensureEqual(shown.json, { data: image, status: 200 }, `${shown.label} body`);
      ensureEqual(ids(await ctx.listAll(`search=${tag}`)), [image.id], `search=${tag} finds it`);

      const renamed = await client.api('PUT', `/images/${image.id}`, { headers: ctx.auth(), json: { name: `${tag} Renamed`, style: 'anime' } });
      ensureStatus(renamed, 200);
      const afterPut = (renamed.json as { data: WireImage }).data;
      ensureEqual([afterPut.name, afterPut.style, afterPut.created_at], [`${tag} Renamed`, 'retro', image.created_at], 'PUT changes only the name');

      const favourited = await client.api('PATCH', `/images/${image.id}`, { headers: ctx.auth(), form: { favorite: '1' } });
      ensureStatus(favourited, 200);
      ensureEqual((favourited.json as { data: WireImage }).data.favorite, true, 'PATCH favorite=1');
      ensure((await ctx.listAll(`favorite=1&search=${tag}`)).some((i) => i.id === image.id), 'favorite=1 lists it');
      ensure(!(await ctx.listAll(`favorite=0&search=${tag}`)).some((i) => i.id === image.id), 'favorite=0 does not list it');

      const deleted = await ctx.remove(image.id);
      ensureStatus(deleted, 200);
      ensureEqual(deleted.json, { id: image.id, object: 'image', deleted: true, status: 200 }, `${deleted.label} body`);
      for (const [method, options] of [['GET', {}], ['PUT', { json: { name: 'x' } }], ['PATCH', { json: { favorite: 1 } }], ['DELETE', {}]] as const) {
        const after = await client.api(method, `/images/${image.id}`, { headers: ctx.auth(), ...options });
        ensureStatus(after, 404);
        ensureEqual(after.json, NOT_FOUND, `${after.label} after delete`);
      }
      ensureEqual(ids(await ctx.listAll(`search=${tag}`)), [], 'the deleted image is gone from the list');
      const file = await client.site('GET', image.url, { headers: { Accept: 'application/json' } });
      ensureStatus(file, 404);
    },
  },
  {
    name: 'images: a POST with _method=PATCH or X-HTTP-Method-Override: PATCH is an update',
    writes: true,
    negative: true,
    async run(ctx) {
      const image = await ctx.create({ name: `${runTag()} Override`, description: 'method override', resolution: '256x256' });
      const viaField = await ctx.client.api('POST', `/images/${image.id}`, { headers: ctx.auth(), form: { _method: 'patch', favorite: '1' } });
      ensureStatus(viaField, 200);
      ensureEqual((viaField.json as { data: WireImage }).data.favorite, true, 'POST with _method=patch');
      const viaHeader = await ctx.client.api('POST', `/images/${image.id}`, { headers: { ...ctx.auth(), 'X-HTTP-Method-Override': 'PATCH' }, json: { favorite: 0 } });
      ensureStatus(viaHeader, 200);
      ensureEqual((viaHeader.json as { data: WireImage }).data.favorite, false, 'POST with X-HTTP-Method-Override: PATCH');
      ensureStatus(await ctx.remove(image.id), 200);
    },
  },
  {
    name: 'images: every enum value and the boundaries (128-character name, 2048-character description) are accepted',
    writes: true,
    async run(ctx) {
      const tag = runTag();
      const made: WireImage[] = [];
      for (let i = 0; i < STYLES.length; i++) {
        const fields = {
          name: i === 0 ? `${tag}${'n'.repeat(128 - tag.length)}` : `${tag} enum ${i}`,
          description: i === 0 ? 'd'.repeat(2048) : 'enum coverage',
          resolution: RESOLUTIONS[i % RESOLUTIONS.length],
          style: STYLES[i],
          medium: MEDIUMS[i % MEDIUMS.length],
          filter: FILTERS[i % FILTERS.length],
        };
        const image = await ctx.create(fields);
        ensureEqual([image.name, image.resolution, image.style, image.medium, image.filter], [fields.name, fields.resolution, fields.style, fields.medium, fields.filter], `image ${i} as created`);
        made.push(image);
      }
      for (const image of made) ensureStatus(await ctx.remove(image.id), 200);
    },
  },
  {
    name: 'images: show, update and delete of a missing id answer 404 {"message":"Resource not found.","status":404}',
    async run(ctx) {
      for (const id of ['999999999', 'abc', '0']) {
        const response = await ctx.client.api('GET', `/images/${id}`, { headers: ctx.auth() });
        ensureStatus(response, 404);
        ensureEqual(response.json, NOT_FOUND, `${response.label} body`);
      }
      if (ctx.config.readOnly) return;
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const response = await ctx.client.api(method, '/images/999999999', { headers: ctx.auth(), ...(method === 'DELETE' ? {} : { json: { name: 'x' } }) });
        ensureStatus(response, 404);
        ensureEqual(response.json, NOT_FOUND, `${response.label} body`);
      }
    },
  },
  {
    name: 'images: an id is read as MySQL reads a number (05 and 5abc are image 5; 5.5 is none)',
    async run(ctx) {
      const [image] = await someImages(ctx, 1);
      if (!image) return;
      for (const form of [`0${image.id}`, `${image.id}abc`, `${image.id}.0`]) {
        const response = await ctx.client.api('GET', `/images/${form}`, { headers: ctx.auth() });
        ensureStatus(response, 200);
        ensureEqual((response.json as { data: WireImage }).data.id, image.id, `${response.label} id`);
      }
      ensureStatus(await ctx.client.api('GET', `/images/${image.id}.5`, { headers: ctx.auth() }), 404);
    },
  },
  {
    name: 'files: an image url serves image/jpeg whose header declares the image\'s resolution',
    async run(ctx) {
      const all = await someImages(ctx, 1);
      const samples = RESOLUTIONS.map((r) => all.find((image) => image.resolution === r)).filter((i) => i !== undefined);
      for (const image of samples) {
        const file = await ctx.client.site('GET', image.url);
        ensureStatus(file, 200);
        ensure(file.header('content-type') === 'image/jpeg', `${file.label} Content-Type is ${file.header('content-type')}`);
        const size = jpegSize(file.bytes);
        ensureEqual(size === null ? null : `${size.width}x${size.height}`, image.resolution, `${file.label} JPEG frame size`);
      }
    },
  },
];
