import { ensure, ensureEqual, ensureStatus, type WireList } from '../context.ts';
import type { Check } from './check.ts';
import { containsText, sameText } from '../collation.ts';
import { FILTERS, ids, MEDIUMS, nameOrder, RESOLUTIONS, someImages, STYLES } from './data.ts';

/**
 * What is wrong with one list page's links, as upstream (Laravel's paginator) builds them:
 * `links.prev` is the page before (null only on page 1, so a page past the end points back),
 * `links.next` the page after (null on the last page and past it), `first` and `last` pages 1 and
 * `last_page`, and `meta.links` opens with the prev URL and closes with the next one.
 */
export function pageLinkProblems(body: WireList): string[] {
  const { current_page: page, last_page: lastPage, path } = body.meta;
  const problems: string[] = [];
  const expect = (what: string, url: string | null | undefined, target: number | null) => {
    const ok = target === null
      ? url === null
      : typeof url === 'string' && url.startsWith(`${path}?`) && new RegExp(`[?&]page=${target}$`).test(url);
    if (!ok) problems.push(`on page ${page} of ${lastPage}, ${what} is ${JSON.stringify(url)}, expected ${target === null ? 'null' : `a link to page ${target}`}`);
  };
  expect('links.first', body.links.first, 1);
  expect('links.last', body.links.last, lastPage);
  expect('links.prev', body.links.prev, page > 1 ? page - 1 : null);
  expect('links.next', body.links.next, page < lastPage ? page + 1 : null);
  expect('the first meta.links url', body.meta.links[0]?.url, page > 1 ? page - 1 : null);
  expect('the last meta.links url', body.meta.links.at(-1)?.url, page < lastPage ? page + 1 : null);
  return problems;
}

export const listChecks: Check[] = [
  {
    name: 'list: the body is data, links, meta, status in this order, and meta adds up',
    async run(ctx) {
      await someImages(ctx, 1);
      const { response, body } = await ctx.list();
      ensureEqual(Object.keys(body), ['data', 'links', 'meta', 'status'], `${response.label} top-level keys`);
      ensureEqual(Object.keys(body.links), ['first', 'last', 'prev', 'next'], 'links keys');
      ensureEqual(Object.keys(body.meta), ['current_page', 'from', 'last_page', 'links', 'path', 'per_page', 'to', 'total'], 'meta keys');
      ensureEqual(body.status, 200, 'status field');
      const { meta, data } = body;
      ensureEqual(meta.last_page, Math.max(1, Math.ceil(meta.total / meta.per_page)), 'meta.last_page');
      ensureEqual(data.length, Math.min(meta.per_page, meta.total), 'data length on page 1');
      ensureEqual([meta.from, meta.to], data.length === 0 ? [null, null] : [1, data.length], 'meta.from/to');
      ensure(data.every((image, i) => i === 0 || (data[i - 1] as { id: number }).id > image.id), 'the default order is newest (highest id) first');
    },
  },
  {
    name: 'list: pages partition the collection (no overlap, no gap, meta arithmetic per page)',
    async run(ctx) {
      const all = await someImages(ctx, 3);
      const perPage = 10;
      const lastPage = Math.max(1, Math.ceil(all.length / perPage));
      const seen: number[] = [];
      for (let page = 1; page <= Math.min(lastPage, 5); page++) {
        const { response, body } = await ctx.list(`per_page=${perPage}&page=${page}`);
        const expectedIds = ids(all.slice((page - 1) * perPage, page * perPage));
        ensureEqual(ids(body.data), expectedIds, `${response.label} ids (against the whole collection read with per_page=100)`);
        ensureEqual([body.meta.current_page, body.meta.per_page, body.meta.total, body.meta.last_page], [page, perPage, all.length, lastPage], `${response.label} meta`);
        if (body.data.length > 0) ensureEqual([body.meta.from, body.meta.to], [(page - 1) * perPage + 1, (page - 1) * perPage + body.data.length], `${response.label} from/to`);
        seen.push(...ids(body.data));
      }
      ensureEqual(new Set(seen).size, seen.length, 'ids repeated across pages');
    },
  },
  {
    name: 'list: each filter (resolution, style, medium, filter, favorite) keeps exactly the matching images',
    async run(ctx) {
      const all = await someImages(ctx, 3);
      const columns: Array<['resolution' | 'style' | 'medium' | 'filter', string[]]> = [
        ['resolution', RESOLUTIONS], ['style', STYLES], ['medium', MEDIUMS], ['filter', FILTERS],
      ];
      for (const [column, values] of columns) {
        const present = values.filter((v) => all.some((image) => image[column] === v));
        const absent = values.find((v) => !present.includes(v));
        for (const value of [...present, ...(absent === undefined ? [] : [absent])]) {
          const filtered = await ctx.listAll(`${column}=${encodeURIComponent(value)}`);
          ensureEqual(ids(filtered), ids(all.filter((image) => sameText(image[column], value))), `${column}=${value} ids`);
        }
      }
      for (const favorite of [1, 0]) {
        const filtered = await ctx.listAll(`favorite=${favorite}`);
        ensureEqual(ids(filtered), ids(all.filter((image) => image.favorite === (favorite === 1))), `favorite=${favorite} ids`);
      }
    },
  },
  {
    name: 'list: filters compare case-insensitively (style=ANIME finds anime), never an error',
    negative: true,
    async run(ctx) {
      const all = await someImages(ctx, 3);
      for (const column of ['resolution', 'style', 'medium', 'filter'] as const) {
        const value = all.find((image) => image[column] !== null)?.[column];
        if (value === undefined || value === null) continue;
        const upper = await ctx.listAll(`${column}=${encodeURIComponent(value.toUpperCase())}`);
        ensureEqual(ids(upper), ids(all.filter((image) => sameText(image[column], value))), `${column}=${value.toUpperCase()} ids`);
      }
      ensureEqual(await ctx.listAll('style=no-such-style'), [], 'style=no-such-style');
    },
  },
  {
    name: 'list: search finds a case-insensitive substring of the name',
    async run(ctx) {
      const all = await someImages(ctx, 1);
      const sample = all.find((image) => /[A-Za-z0-9]{4,}/.test(image.name));
      if (!sample) return;
      const word = /[A-Za-z0-9]{4,}/.exec(sample.name)?.[0] as string;
      const needle = word.slice(1, 4);
      for (const search of [needle.toUpperCase(), needle.toLowerCase()]) {
        const found = await ctx.listAll(`search=${encodeURIComponent(search)}`);
        ensure(found.some((image) => image.id === sample.id), `search=${search} does not find image ${sample.id} (${JSON.stringify(sample.name)})`);
        ensureEqual(ids(found), ids(all.filter((image) => containsText(image.name, search))), `search=${search} ids`);
      }
    },
  },
  {
    name: 'list: sort_by id and name, asc and desc',
    async run(ctx) {
      const all = await someImages(ctx, 3);
      const ascending = [...all].sort((a, b) => a.id - b.id);
      ensureEqual(ids(await ctx.listAll('sort_by=id&sort=asc')), ids(ascending), 'sort_by=id&sort=asc ids');
      ensureEqual(ids(await ctx.listAll('sort_by=id&sort=desc')), ids([...ascending].reverse()), 'sort_by=id&sort=desc ids');
      for (const sort of ['asc', 'desc'] as const) {
        const byName = await ctx.listAll(`sort_by=name&sort=${sort}`);
        ensureEqual([...ids(byName)].sort(), [...ids(all)].sort(), `sort_by=name&sort=${sort} holds the same images`);
        const outOfOrder = byName.findIndex((image, i) => i > 0 && nameOrder(byName[i - 1]!, image) * (sort === 'asc' ? 1 : -1) > 0);
        ensure(outOfOrder === -1, `sort_by=name&sort=${sort}: ${JSON.stringify(byName[outOfOrder - 1]?.name)} comes before ${JSON.stringify(byName[outOfOrder]?.name)}`);
      }
    },
  },
  {
    name: 'list: links and meta.links repeat the current parameters in upstream order, page last',
    async run(ctx) {
      await someImages(ctx, 1);
      const { response, body } = await ctx.list('page=1&per_page=10&sort=asc&sort_by=name&search=a%20b&favorite=1');
      const path = body.meta.path;
      ensure(/\/api\/v1\/images$/.test(path), `meta.path is ${path}`);
      const query = 'search=a%20b&favorite=1&search_by=name&sort_by=name&sort=asc&per_page=10';
      ensureEqual(body.links.first, `${path}?${query}&page=1`, `${response.label} links.first`);
      ensureEqual(body.links.last, `${path}?${query}&page=${body.meta.last_page}`, 'links.last');
      const links = body.meta.links;
      ensureEqual(links[0]?.url ?? null, body.links.prev, 'meta.links[0] is the previous link');
      ensureEqual(links[links.length - 1]?.url ?? null, body.links.next, 'the last meta.links item is the next link');
      const pages = links.slice(1, -1);
      ensure(pages.every((l) => (l.label === '...' && l.url === null) || (/^\d+$/.test(l.label) && l.url === `${path}?${query}&page=${l.label}`)), `meta.links page items: ${JSON.stringify(pages)}`);
      ensureEqual(pages.filter((l) => l.active).map((l) => l.label), ['1'], 'the active page');
    },
  },
  {
    name: 'list: links.prev and links.next lead to the neighbouring pages, null before the first and after the last page',
    async run(ctx) {
      await someImages(ctx, 3);
      const { body: first } = await ctx.list('per_page=10');
      const lastPage = first.meta.last_page;
      for (const page of new Set([1, 2, lastPage, lastPage + 1])) {
        const { response, body } = await ctx.list(`per_page=10&page=${page}`);
        const problems = pageLinkProblems(body);
        ensure(problems.length === 0, `${response.label}: ${problems.join('; ')}`);
      }
    },
  },
  {
    name: 'list: invalid per_page, sort, sort_by, page and favorite fall back silently',
    negative: true,
    async run(ctx) {
      await someImages(ctx, 3);
      const { body: plain } = await ctx.list();
      const defaultPerPage = plain.meta.per_page;
      const cases: Array<[string, string]> = [
        ['per_page=20', ''], ['per_page=0', ''], ['per_page=abc', ''], ['sort=up', 'sort=desc'], ['sort=ASC', 'sort=desc'],
        ['sort_by=created_at', 'sort_by=id'], ['page=abc', 'page=1'], ['page=0', 'page=1'], ['page=-1', 'page=1'],
        ['favorite=true', ''], ['favorite=yes', ''],
      ];
      for (const [invalid, equivalent] of cases) {
        const { response, body } = await ctx.list(invalid);
        const { body: expected } = equivalent === '' ? { body: plain } : await ctx.list(equivalent);
        ensureEqual(ids(body.data), ids(expected.data), `${response.label} ids (as ${equivalent || 'no parameter'})`);
        ensureEqual([body.meta.per_page, body.meta.current_page, body.meta.total], [defaultPerPage, expected.meta.current_page, expected.meta.total], `${response.label} meta`);
      }
    },
  },
  {
    name: 'list: a page past the end is empty, with from/to null and prev pointing at the page before',
    async run(ctx) {
      const { body: first } = await ctx.list('per_page=10');
      const page = first.meta.last_page + 2;
      const { response, body } = await ctx.list(`per_page=10&page=${page}`);
      ensureEqual(body.data, [], `${response.label} data`);
      ensureEqual([body.meta.from, body.meta.to, body.meta.current_page, body.links.next], [null, null, page, null], `${response.label} meta`);
      ensure(body.links.prev?.endsWith(`page=${page - 1}`), `${response.label} links.prev is ${body.links.prev}`);
    },
  },
  {
    name: 'list: HEAD answers like GET, without a body',
    negative: true,
    async run(ctx) {
      const head = await ctx.client.api('HEAD', '/images', { headers: ctx.auth() });
      ensureStatus(head, 200);
      ensureEqual(head.bytes.length, 0, `${head.label} body length`);
      ensure(/^application\/json/.test(head.header('content-type') ?? ''), `${head.label} Content-Type is ${head.header('content-type')}`);
    },
  },
  {
    name: 'list: an array search (search[]=x) is upstream\'s 500 {"message":"Server Error"}',
    negative: true,
    async run(ctx) {
      const response = await ctx.client.api('GET', '/images?search%5B%5D=x', { headers: ctx.auth() });
      ensureStatus(response, 500);
      ensureEqual(response.json, { message: 'Server Error' }, `${response.label} body`);
    },
  },
];
