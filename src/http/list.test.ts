import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../test-support/api-client.ts';
import { HOST, KEY, ORIGIN, jsonHeaders, prettyJson, testApp, type TestApp } from '../test-support/app-helpers.ts';

interface Image { id: number; name: string; style: string | null; favorite: boolean }
interface ListBody {
  data: Image[];
  links: { first: string; last: string; prev: string | null; next: string | null };
  meta: {
    current_page: number; from: number | null; last_page: number;
    links: Array<{ url: string | null; label: string; active: boolean }>;
    path: string; per_page: number; to: number | null; total: number;
  };
  status: number;
}

const PATH = `${ORIGIN}/api/v1/images`;
const DEFAULT_LINK = 'search_by=name&sort_by=id&sort=desc';

async function list(app: TestApp, query = '', options: { json?: unknown; form?: string; headers?: Record<string, string> } = {}): Promise<CallResult & { body: ListBody }> {
  const response = await call(app, 'GET', `/api/v1/images${query}`, { ...options, headers: jsonHeaders(KEY, options.headers) });
  expect(response.status).toBe(200);
  return { ...response, body: response.json as ListBody };
}

/** An app whose only key has exactly `count` seeded images (ids 1..count). */
function seeded(count: number, options: Parameters<typeof testApp>[0] = {}): TestApp {
  return testApp({ keys: [KEY], count, ...options });
}

/** An app whose key has the named images, created through the API (ids 1..n in this order). */
async function withImages(images: Array<{ name: string; style?: string; favorite?: boolean }>): Promise<TestApp> {
  const app = testApp({ keys: [KEY], count: 0 });
  for (const image of images) {
    const created = await call(app, 'POST', '/api/v1/images', {
      headers: jsonHeaders(),
      json: { name: image.name, description: 'd', resolution: '256x256', ...(image.style ? { style: image.style } : {}) },
    });
    expect(created.status).toBe(201);
    if (image.favorite) {
      const id = (created.json as { data: Image }).data.id;
      expect((await call(app, 'PATCH', `/api/v1/images/${id}`, { headers: jsonHeaders(), json: { favorite: 1 } })).status).toBe(200);
    }
  }
  return app;
}

const names = (body: ListBody) => body.data.map((image) => image.name);
const ids = (body: ListBody) => body.data.map((image) => image.id);

describe('the list body', () => {
  it('has its keys in upstream order', async () => {
    const { body, text } = await list(seeded(3));
    expect(Object.keys(body)).toEqual(['data', 'links', 'meta', 'status']);
    expect(Object.keys(body.links)).toEqual(['first', 'last', 'prev', 'next']);
    expect(Object.keys(body.meta)).toEqual(['current_page', 'from', 'last_page', 'links', 'path', 'per_page', 'to', 'total']);
    expect(Object.keys(body.data[0] ?? {})).toEqual([
      'id', 'name', 'style', 'medium', 'filter', 'resolution', 'result', 'url', 'favorite', 'created_at', 'updated_at',
    ]);
    expect(body.status).toBe(200);
    expect(text.startsWith('{"data":[{"id":3,')).toBe(true);
    // Controller JSON escapes slashes.
    expect(text).toContain('"path":"http:\\/\\/api.test\\/api\\/v1\\/images"');
  });

  it('pages by 25 by default, newest id first, with consistent links and meta', async () => {
    const { body } = await list(seeded(30));
    expect(ids(body)).toEqual(Array.from({ length: 25 }, (_, i) => 30 - i));
    expect(body.links).toEqual({
      first: `${PATH}?${DEFAULT_LINK}&per_page=25&page=1`,
      last: `${PATH}?${DEFAULT_LINK}&per_page=25&page=2`,
      prev: null,
      next: `${PATH}?${DEFAULT_LINK}&per_page=25&page=2`,
    });
    expect(body.meta).toEqual({
      current_page: 1, from: 1, last_page: 2, path: PATH, per_page: 25, to: 25, total: 30,
      links: [
        { url: null, label: '&laquo; Previous', active: false },
        { url: `${PATH}?${DEFAULT_LINK}&per_page=25&page=1`, label: '1', active: true },
        { url: `${PATH}?${DEFAULT_LINK}&per_page=25&page=2`, label: '2', active: false },
        { url: `${PATH}?${DEFAULT_LINK}&per_page=25&page=2`, label: 'Next &raquo;', active: false },
      ],
    });
  });

  it('follows the perPageDefault option', async () => {
    const { body } = await list(seeded(30, { perPageDefault: 10 }));
    expect(body.data).toHaveLength(10);
    expect(body.meta.per_page).toBe(10);
    expect(body.meta.last_page).toBe(3);
    expect(body.links.next).toBe(`${PATH}?${DEFAULT_LINK}&per_page=10&page=2`);
  });

  it('answers the last page with prev, without next', async () => {
    const { body } = await list(seeded(30), '?page=2');
    expect(ids(body)).toEqual([5, 4, 3, 2, 1]);
    expect(body.meta).toMatchObject({ current_page: 2, from: 26, to: 30, total: 30, last_page: 2 });
    expect(body.links.prev).toBe(`${PATH}?${DEFAULT_LINK}&per_page=25&page=1`);
    expect(body.links.next).toBeNull();
  });

  it('answers a page past the end with empty data, null from/to, and prev at the page before', async () => {
    const { body } = await list(seeded(30), '?page=5');
    expect(body.data).toEqual([]);
    expect(body.meta).toMatchObject({ current_page: 5, from: null, to: null, last_page: 2, total: 30 });
    expect(body.links.prev).toBe(`${PATH}?${DEFAULT_LINK}&per_page=25&page=4`);
    expect(body.links.next).toBeNull();
  });

  it('answers an empty set with last_page 1 and page 1 listed', async () => {
    const { body } = await list(seeded(0));
    expect(body.data).toEqual([]);
    expect(body.meta).toMatchObject({ current_page: 1, from: null, to: null, last_page: 1, total: 0 });
    expect(body.meta.links.map((link) => link.label)).toEqual(['&laquo; Previous', '1', 'Next &raquo;']);
    expect(body.links.last).toBe(`${PATH}?${DEFAULT_LINK}&per_page=25&page=1`);
  });

  it.each([10, 25, 50, 100])('pages partition the set (per_page=%i)', async (perPage) => {
    const app = seeded(57);
    const first = await list(app, `?per_page=${perPage}`);
    const seen: number[] = [];
    for (let page = 1; page <= first.body.meta.last_page; page++) {
      const { body } = await list(app, `?per_page=${perPage}&page=${page}`);
      expect(body.meta.from).toBe((page - 1) * perPage + 1);
      expect(body.meta.to).toBe(Math.min(page * perPage, 57));
      seen.push(...ids(body));
    }
    expect(first.body.meta.last_page).toBe(Math.ceil(57 / perPage));
    expect(seen).toEqual(Array.from({ length: 57 }, (_, i) => 57 - i));
  });

  it.each<[string, number]>([
    ['?page=%2B2', 2], ['?page=abc', 1], ['?page=0', 1], ['?page=-1', 1], ['?page=05', 1], ['?page=2.0', 1], ['?page=1e0', 1],
  ])('%s shows page %i', async (query, page) => {
    const { body } = await list(seeded(30), query);
    expect(body.meta.current_page).toBe(page);
  });

  it('echoes per_page=25.0 in the links while meta.per_page is 25', async () => {
    const { body } = await list(seeded(30), '?per_page=25.0');
    expect(body.meta.per_page).toBe(25);
    expect(body.links.next).toBe(`${PATH}?${DEFAULT_LINK}&per_page=25.0&page=2`);
  });

  it('uses the request host in path, links and image urls', async () => {
    const app = seeded(1);
    const response = await call(app, 'GET', '/api/v1/images', { headers: { ...jsonHeaders(), Host: 'elsewhere.test:9000' } });
    const body = response.json as ListBody & { data: Array<{ url: string; result: string }> };
    expect(body.meta.path).toBe('http://elsewhere.test:9000/api/v1/images');
    expect(body.data[0]?.url).toBe(`http://elsewhere.test:9000/uploads/users/images/${body.data[0]?.result}`);
  });
});

describe('search, filters and sort over HTTP', () => {
  const NAMES = ['Alpha', 'beta', 'CITY #12', 'CITY #2', '100% cotton', 'épée', 'Ёжик в тумане', 'under_score'];

  it('sorts by name with the collation, both ways', async () => {
    const app = await withImages(NAMES.map((name) => ({ name })));
    const asc = await list(app, '?sort_by=name&sort=asc');
    expect(names(asc.body)).toEqual(['100% cotton', 'Alpha', 'beta', 'CITY #12', 'CITY #2', 'épée', 'under_score', 'Ёжик в тумане']);
    const desc = await list(app, '?sort_by=name&sort=desc');
    expect(names(desc.body)).toEqual([...names(asc.body)].reverse());
  });

  it.each<[string, number[]]>([
    ['?sort_by=id&sort=asc', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['?sort=ASC', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['?sort_by=NAME&sort=asc', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('%s orders ids %j', async (query, expected) => {
    const app = await withImages(NAMES.map((name) => ({ name })));
    expect(ids((await list(app, query)).body)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['?search=city', ['CITY #2', 'CITY #12']],
    ['?search=epee', ['épée']],
    ['?search=%D0%B5%D0%B6%D0%B8%D0%BA', ['Ёжик в тумане']],
    ['?search=100%5C%25', ['100% cotton']],
    ['?search=%25', NAMES.slice().reverse()],
    ['?search=under%5C_', ['under_score']],
    ['?search=a_p', ['Alpha']],
    ['?search=%20alpha%20', ['Alpha']],
    ['?search=', NAMES.slice().reverse()],
    ['?search=0', NAMES.slice().reverse()],
    ['?search=nothing-like-this', []],
    ['?search=city&search_by=result', ['CITY #2', 'CITY #12']],
  ])('%s finds %j', async (query, expected) => {
    const app = await withImages(NAMES.map((name) => ({ name })));
    expect(names((await list(app, query)).body)).toEqual(expected);
  });

  it.each(['x-ray', 'a/b', 'c:d', 'e=f', 'g~h', 'i!j', 'k#l', 'm,n', 'o@p', "q'r", 's"t', 'u<v>', '(w)', '[x]', '{y}', 'z|z', 'a.b', 'a+b', 'a*b', 'a?b', 'a^b', 'a$b'])(
    'searches a name with punctuation literally: %s',
    async (name) => {
      const app = await withImages([{ name: `before ${name} after` }, { name: 'other' }]);
      expect(names((await list(app, `?search=${encodeURIComponent(name)}`)).body)).toEqual([`before ${name} after`]);
    },
  );

  it('keeps the parameters in the links, in upstream order, page last', async () => {
    const app = await withImages([{ name: 'a b/c', style: 'anime', favorite: true }]);
    const { body } = await list(app, '?page=1&per_page=10&sort=asc&sort_by=name&search_by=result&favorite=1&resolution=256x256&filter=&medium=&style=ANIME&search=%20a%20b%2Fc%20');
    expect(names(body)).toEqual(['a b/c']);
    expect(body.links.first).toBe(`${PATH}?search=a%20b%2Fc&style=ANIME&resolution=256x256&favorite=1&search_by=result&sort_by=name&sort=asc&per_page=10&page=1`);
  });

  it.each<[string, string[]]>([
    ['?style=anime', ['three', 'one']],
    ['?style=ANIME', ['three', 'one']],
    ['?style%5B%5D=anime', ['three', 'one']],
    ['?style=cartoon', ['two']],
    ['?style=', ['four', 'three', 'two', 'one']],
    ['?style=0', ['four', 'three', 'two', 'one']],
    ['?favorite=1', ['three']],
    ['?favorite=1.0', ['three']],
    ['?favorite=0', ['four', 'two', 'one']],
    ['?favorite=2', []],
    ['?favorite=yes', ['four', 'three', 'two', 'one']],
    ['?resolution=256X256', ['four', 'three', 'two', 'one']],
    ['?medium=ink', []],
  ])('%s filters to %j', async (query, expected) => {
    const app = await withImages([
      { name: 'one', style: 'anime' }, { name: 'two', style: 'cartoon' }, { name: 'three', style: 'anime', favorite: true }, { name: 'four' },
    ]);
    expect(names((await list(app, query)).body)).toEqual(expected);
  });

  it('shows the values used in the links: search=0 kept, per_page=7 and sort_by=up as the defaults', async () => {
    const app = await withImages([{ name: 'one' }]);
    const { body } = await list(app, '?search=0&per_page=7&sort_by=up&sort=ASC&search_by=title');
    expect(body.links.first).toBe(`${PATH}?search=0&${DEFAULT_LINK}&per_page=25&page=1`);
  });

  it('keeps an array filter whole in the links', async () => {
    const app = await withImages([{ name: 'one', style: 'anime' }]);
    const { body } = await list(app, '?style%5B%5D=anime');
    expect(body.links.first).toBe(`${PATH}?style%5B0%5D=anime&${DEFAULT_LINK}&per_page=25&page=1`);
  });

  it('reads a JSON body on GET, over the query', async () => {
    const app = await withImages([{ name: 'alpha' }, { name: 'beta' }]);
    expect(names((await list(app, '', { json: { search: 'alp' } })).body)).toEqual(['alpha']);
    expect(names((await list(app, '?search=alp', { json: { search: 'bet' } })).body)).toEqual(['beta']);
  });

  it('ignores a form body on GET', async () => {
    const app = await withImages([{ name: 'alpha' }, { name: 'beta' }]);
    const response = await list(app, '', { form: 'search=alp' });
    expect(names(response.body)).toEqual(['beta', 'alpha']);
  });
});

describe('an array search is upstream\'s 500', () => {
  it.each(['?search%5B%5D=x', '?search%5B%5D='])('%s wanting JSON: pretty {"message":"Server Error"}', async (query) => {
    const response = await call(testApp(), 'GET', `/api/v1/images${query}`, { headers: jsonHeaders() });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.text).toBe(prettyJson({ message: 'Server Error' }));
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['x-ratelimit-limit']).toBe('60');
    expect(response.headers['x-ratelimit-remaining']).toBe('59');
  });

  it('without a JSON Accept: the HTML error page', async () => {
    const response = await call(testApp(), 'GET', '/api/v1/images?search[]=x', { headers: { Host: HOST, Authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
    expect(response.text).toContain('<title>Server Error</title>');
    expect(response.text).toMatch(/500\s*<\/div>/);
  });
});

describe('HEAD on the list', () => {
  it('has the status and headers of GET, without a body', async () => {
    const app = seeded(30);
    const get = await call(app, 'GET', '/api/v1/images?page=2', { headers: jsonHeaders() });
    const head = await call(app, 'HEAD', '/api/v1/images?page=2', { headers: jsonHeaders() });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const comparable = (headers: CallResult['headers']) => {
      const { date: _date, 'x-ratelimit-remaining': _remaining, 'content-length': _length, ...rest } = headers;
      return rest;
    };
    expect(comparable(head.headers)).toEqual(comparable(get.headers));
    expect(head.headers['x-ratelimit-remaining']).toBe('58');
  });
});

describe('X-Mock-Warning for silently ignored mistakes', () => {
  it('is absent on a clean request', async () => {
    const response = await list(seeded(12), '?per_page=10&favorite=1&sort=asc&style=anime');
    expect(response.headers['x-mock-warning']).toBeUndefined();
  });

  it.each<[string, string]>([
    ['?per_page=20', ''],
    ['?sort=up', ''],
    ['?sort_by=up', ''],
    ['?page=abc', ''],
  ])('%s: warned, and the body is the body without it', async (query, clean) => {
    const app = seeded(30);
    const mistaken = await list(app, query);
    const expected = await list(app, clean);
    expect(mistaken.headers['x-mock-warning']).toEqual(expect.any(String));
    expect(String(mistaken.headers['x-mock-warning']).length).toBeGreaterThan(20);
    expect(mistaken.text).toBe(expected.text);
  });

  it('favorite=true: warned, every image returned, favorite=true kept in the links', async () => {
    const app = await withImages([{ name: 'one' }, { name: 'two', favorite: true }]);
    const mistaken = await list(app, '?favorite=true');
    expect(mistaken.headers['x-mock-warning']).toContain('favorite=true');
    expect(names(mistaken.body)).toEqual(['two', 'one']);
    expect(mistaken.body.links.first).toBe(`${PATH}?favorite=true&${DEFAULT_LINK}&per_page=25&page=1`);
  });

  it('style=unknown: warned, 200 with empty data', async () => {
    const mistaken = await list(seeded(30), '?style=unknown');
    expect(mistaken.headers['x-mock-warning']).toContain('style=unknown');
    expect(mistaken.body.data).toEqual([]);
    expect(mistaken.body.meta.total).toBe(0);
  });
});
