import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../test-support/api-client.ts';
import { jsonHeaders, KEY, testApp, type TestApp } from '../test-support/app-helpers.ts';
import { codePointLabel, KEPT, REMOVED } from '../test-support/trim-table.ts';

/**
 * The edges of the input, as BEHAVIOUR.md ("Input") measured them on the genuine app, through
 * createApp: the trimmed characters, `required` on U+0000, JSON nesting, the body size limit, and
 * max_input_vars / max_input_nesting_level.
 */
const VALID = { name: 'Owl', description: 'an owl', resolution: '256x256' };
const REQUIRED_ALL = {
  message: {
    name: ['The name field is required.'],
    description: ['The description field is required.'],
    resolution: ['The resolution field is required.'],
  },
  status: 422,
};
const FORM = 'application/x-www-form-urlencoded';

const app = (): TestApp => testApp({ keys: [KEY], count: 3 });
const store = (target: TestApp, json: unknown) => call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(), json });
const storeRaw = (target: TestApp, type: string, raw: string) =>
  call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(KEY, { 'Content-Type': type }), raw });
const nameOf = (response: CallResult) => (response.json as { data: { name: string } }).data.name;
const warningsOf = (response: CallResult): string => String(response.headers['x-mock-warning'] ?? '');
/** The images the key has (3 seeded, plus what a test stored). */
const total = async (target: TestApp) =>
  ((await call(target, 'GET', '/api/v1/images', { headers: jsonHeaders() })).json as { meta: { total: number } }).meta.total;

describe('trimming: the characters upstream removes at both ends, and only those', () => {
  const removed = REMOVED.map((code) => [codePointLabel(code), String.fromCharCode(code)] as const);
  const kept = KEPT.filter((code) => code !== 0).map((code) => [codePointLabel(code), String.fromCharCode(code)] as const);

  it.each(removed)('%s is removed at the start, the end and both ends of a stored name', async (_label, ch) => {
    const target = app();
    for (const name of [`${ch}Owl`, `Owl${ch}`, `${ch}O${ch}wl${ch}`]) {
      const response = await store(target, { ...VALID, name });
      expect(response.status).toBe(201);
      expect(nameOf(response)).toBe(name === `${ch}O${ch}wl${ch}` ? `O${ch}wl` : 'Owl');
    }
  });

  it.each(removed)('a name of only %s is required-missing, on store and on update', async (_label, ch) => {
    const target = app();
    const stored = await store(target, { ...VALID, name: `${ch}${ch}` });
    expect(stored.status).toBe(422);
    expect(stored.json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
    const updated = await call(target, 'PATCH', '/api/v1/images/1', { headers: jsonHeaders(), json: { name: ch } });
    expect(updated.json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
    expect(await total(target)).toBe(3);
  });

  it.each(kept)('%s is kept at the start and the end', async (_label, ch) => {
    const response = await store(app(), { ...VALID, name: ` ${ch}Owl${ch} ` });
    expect(response.status).toBe(201);
    expect(nameOf(response)).toBe(`${ch}Owl${ch}`);
  });

  it('a form trims the same characters (U+0085, U+180E sent percent-encoded)', async () => {
    const response = await storeRaw(app(), FORM, 'name=%C2%85Owl%E1%A0%8E&description=d&resolution=%E1%A0%8E256x256%C2%85');
    expect(response.status).toBe(201);
    expect(nameOf(response)).toBe('Owl');
  });

  it('the list trims search and filters, and a blank one is no filter (links included)', async () => {
    const target = app();
    await store(target, { ...VALID, name: 'zqx owl', style: 'anime' });
    const search = await call(target, 'GET', '/api/v1/images?search=%C2%85zqx%E1%A0%8E&style=%E1%A0%8Eanime%C2%85', { headers: jsonHeaders() });
    const body = search.json as { meta: { total: number }; links: { first: string } };
    expect(body.meta.total).toBe(1);
    expect(body.links.first).toContain('search=zqx&style=anime&');
    const blank = await call(target, 'GET', '/api/v1/images?search=%E1%A0%8E&style=%C2%85', { headers: jsonHeaders() });
    const blankBody = blank.json as { meta: { total: number }; links: { first: string } };
    expect(blankBody.meta.total).toBe(4);
    expect(blankBody.links.first).not.toContain('search=');
    expect(blankBody.links.first).not.toContain('style=');
  });
});

describe('required tests the value with PHP\'s trim() (U+0000 too)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['only U+0000', { name: '\u0000' }],
    ['U+0000 between spaces', { name: ' \u0000 ' }],
    ['U+0000 and a vertical tab', { name: '\u0000\u000b' }],
  ])('%s → 422 required, on store and update', async (_label, fields) => {
    const target = app();
    expect((await store(target, { ...VALID, ...fields })).json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
    expect((await call(target, 'PUT', '/api/v1/images/1', { headers: jsonHeaders(), json: fields })).status).toBe(422);
    expect(await total(target)).toBe(3);
  });

  it('a form\'s %00 is U+0000: required too', async () => {
    const response = await storeRaw(app(), FORM, 'name=%00&description=d&resolution=256x256');
    expect(response.json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
  });

  it('a NUL inside the name is kept and stored', async () => {
    const response = await store(app(), { ...VALID, name: 'a\u0000' });
    expect(response.status).toBe(201);
    expect(nameOf(response)).toBe('a\u0000');
    expect(response.text).toContain('"name":"a\\u0000"');
  });
});

describe('JSON nesting: json_decode refuses 512 levels or more', () => {
  /** A store body with valid fields and an extra value so deep that the whole body nests `levels` deep. */
  const deepStore = (levels: number) =>
    `{"name":"Owl","description":"an owl","resolution":"256x256","deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;

  it('511 levels are read: 201', async () => {
    const response = await storeRaw(app(), 'application/json', deepStore(511));
    expect(response.status).toBe(201);
  });

  it.each([512, 513, 5_000, 20_000, 1_000_000])('%i levels are no fields: 422 required ×3, never a 5xx', async (levels) => {
    const target = app();
    const response = await storeRaw(target, 'application/json', deepStore(levels));
    expect(response.status).toBe(422);
    expect(response.json).toEqual(REQUIRED_ALL);
    expect(warningsOf(response)).toBe(`The JSON body is nested ${levels} levels; PHP's json_decode refuses 512 or more, so the real API sees no fields.`);
    expect(await total(target)).toBe(3);
  });

  it('brackets inside strings do not count', async () => {
    const response = await store(app(), { ...VALID, description: '['.repeat(1000) });
    expect(response.status).toBe(201);
  });

  it('an update with a too-deep body changes nothing (an empty body is a 200)', async () => {
    const target = app();
    const before = (await call(target, 'GET', '/api/v1/images/1', { headers: jsonHeaders() })).text;
    const response = await call(target, 'PATCH', '/api/v1/images/1', {
      headers: jsonHeaders(KEY, { 'Content-Type': 'application/json' }),
      raw: `{"name":"Renamed","deep":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    });
    expect(response.status).toBe(200);
    expect(response.text).toBe(before);
  });
});

describe('form and query names nested deeper than 64 levels (max_input_nesting_level, from PHP\'s source)', () => {
  const deep = (name: string, groups: number) => `${name}${'%5Bx%5D'.repeat(groups)}=v`;

  it('64 groups are read: the name is an array', async () => {
    const response = await storeRaw(app(), FORM, `description=d&resolution=256x256&name=Owl&${deep('name', 64)}`);
    expect(response.json).toEqual({ message: { name: ['The name must be a string.'] }, status: 422 });
  });

  it.each([65, 20_000])('%i groups drop the variable and delete the name read before', async (groups) => {
    const response = await storeRaw(app(), FORM, `description=d&resolution=256x256&name=Owl&${deep('name', groups)}`);
    expect(response.json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
    expect(warningsOf(response)).toContain('nested deeper than 64 levels of [] (name)');
  });

  it('the name sent again afterwards is read', async () => {
    const response = await storeRaw(app(), FORM, `${deep('name', 65)}&description=d&resolution=256x256&name=Owl`);
    expect(response.status).toBe(201);
  });

  it('a query name of 20,000 groups: no 5xx, the parameter is gone (through the core: no HTTP server takes a URL that long)', async () => {
    const target = app();
    const answer = await target.locals.fake.handler.handle({
      method: 'GET', url: `/api/v1/images?per_page=10&${deep('per_page', 20_000)}`, origin: 'http://api.test', clientAddress: '127.0.0.1',
      headers: new Headers({ accept: 'application/json', authorization: `Bearer ${KEY}` }), body: null,
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(String(answer.body)).meta.per_page).toBe(25);
  });

  it('a PUT form name of 20,000 groups: no 5xx', async () => {
    const response = await call(app(), 'PUT', '/api/v1/images/1', {
      headers: jsonHeaders(KEY, { 'Content-Type': FORM }), raw: `name=New&${deep('name', 20_000)}`,
    });
    expect(response.status).toBe(200);
    expect(nameOf(response)).not.toBe('New');
  });
});

describe('max_input_vars: POST forms keep 1001 variables, the query and PUT forms 1000', () => {
  const dummies = (n: number) => Array.from({ length: n }, (_, i) => `d${i}=1`).join('&');
  const fields = 'name=Owl&description=d&resolution=256x256';

  it.each<[string, string, number, object | null]>([
    ['998 dummies and the 3 fields (1001 variables) → 201', `${dummies(998)}&${fields}`, 201, null],
    ['999 dummies and the 3 fields: resolution is the 1002nd → 422', `${dummies(999)}&${fields}`, 422, { message: { resolution: ['The resolution field is required.'] }, status: 422 }],
    ['1500 dummies first → 422 ×3', `${dummies(1500)}&${fields}`, 422, REQUIRED_ALL],
    ['the fields first, then 1500 dummies → 201', `${fields}&${dummies(1500)}`, 201, null],
    ['997 dummies, an empty segment (it counts) and the 3 fields → 201', `${dummies(997)}&&${fields}`, 201, null],
    ['998 dummies, an empty segment and the 3 fields → 422', `${dummies(998)}&&${fields}`, 422, { message: { resolution: ['The resolution field is required.'] }, status: 422 }],
    ['a final & does not count', `${dummies(998)}&${fields}&`, 201, null],
  ])('%s', async (_label, body, status, json) => {
    const response = await storeRaw(app(), FORM, body);
    expect(response.status).toBe(status);
    if (json !== null) expect(response.json).toEqual(json);
  });

  it('says when a POST form lost variables', async () => {
    const response = await storeRaw(app(), FORM, `${dummies(999)}&${fields}`);
    expect(warningsOf(response)).toContain('The form body has 1002 variables');
  });

  it('a multipart POST keeps 1000 fields', async () => {
    const part = (name: string, value: string) => `--B\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = (n: number) => `${Array.from({ length: n }, (_, i) => part(`d${i}`, '1')).join('')}${part('name', 'Owl')}${part('description', 'd')}${part('resolution', '256x256')}--B--\r\n`;
    expect((await storeRaw(app(), 'multipart/form-data; boundary=B', body(997))).status).toBe(201);
    const dropped = await storeRaw(app(), 'multipart/form-data; boundary=B', body(998));
    expect(dropped.json).toEqual({ message: { resolution: ['The resolution field is required.'] }, status: 422 });
    expect(warningsOf(dropped)).toContain('The multipart body has 1001 fields');
  });

  it('the query string keeps 1000 (empty segments do not count)', async () => {
    const list = async (query: string) => {
      const response = await call(app(), 'GET', `/api/v1/images?${query}`, { headers: jsonHeaders() });
      return (response.json as { meta: { per_page: number } }).meta.per_page;
    };
    expect(await list(`${dummies(999)}&per_page=10`)).toBe(10);
    expect(await list(`${dummies(999)}&&&&per_page=10`)).toBe(10);
    expect(await list(`${dummies(1000)}&per_page=10`)).toBe(25);
  });

  it('a PUT form body keeps 1000 (Symfony reads it with parse_str)', async () => {
    const target = app();
    const put = (body: string) => call(target, 'PUT', '/api/v1/images/1', { headers: jsonHeaders(KEY, { 'Content-Type': FORM }), raw: body });
    const kept = await put(`${dummies(999)}&&name=Kept`);
    expect(nameOf(kept)).toBe('Kept');
    const dropped = await put(`${dummies(1000)}&name=Dropped`);
    expect(nameOf(dropped)).toBe('Kept');
    expect(warningsOf(dropped)).toContain('The form body has 1001 variables; like PHP (max_input_vars), the real API reads only the first 1000');
  });
});

describe('body size: PHP\'s post_max_size (8 MiB)', () => {
  const LIMIT = 8 * 1024 * 1024;
  /** A valid store body of exactly `bytes` bytes (padded in a field the API ignores). */
  const storeBody = (bytes: number) => {
    const head = '{"name":"Owl","description":"an owl","resolution":"256x256","pad":"';
    return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
  };
  const TOO_LARGE = '{\n    "message": ""\n}';

  it('8388608 bytes reach validation: 201', async () => {
    const body = storeBody(LIMIT);
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const response = await storeRaw(app(), 'application/json', body);
    expect(response.status).toBe(201);
  }, 60_000);

  it('8388609 bytes: 413 with upstream\'s body, no rate-limit headers, nothing stored', async () => {
    const target = app();
    // The OpenAPI document does not list 413 among the operation's statuses: checked by hand here.
    const response = await call(target, 'POST', '/api/v1/images', {
      headers: jsonHeaders(KEY, { 'Content-Type': 'application/json' }), raw: storeBody(LIMIT + 1), unchecked: true,
    });
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.status).toBe(413);
    expect(response.text).toBe(TOO_LARGE);
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    expect(await total(target)).toBe(3);
  }, 60_000);

  it('without Content-Length (chunked) the size that arrived decides, on a real connection', async () => {
    const server = app().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const send = (body: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = httpRequest({
        host: '127.0.0.1', port, method: 'POST', path: '/api/v1/images',
        headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      }, (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => { text += chunk; });
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text }));
      });
      outgoing.on('error', reject);
      for (let at = 0; at < body.length; at += 1 << 20) outgoing.write(body.slice(at, at + (1 << 20)));
      outgoing.end();
    });
    try {
      expect((await send(storeBody(LIMIT))).status).toBe(201);
      const tooLarge = await send(storeBody(LIMIT + 1));
      expect(tooLarge).toEqual({ status: 413, text: TOO_LARGE });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
