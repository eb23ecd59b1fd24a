import { describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { call } from '../test-support/api-client.ts';
import { HOST, KEY, ORIGIN, jsonHeaders, prettyJson, testApp, type TestApp } from '../test-support/app-helpers.ts';

interface Image {
  id: number; name: string; style: string | null; medium: string | null; filter: string | null;
  resolution: string; result: string; url: string; favorite: boolean; created_at: string; updated_at: string;
}

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const T0_TEXT = '2026-11-20T12:00:00.000000Z';
const NOT_FOUND = '{"message":"Resource not found.","status":404}';
const UUID_JPG = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jpg$/;
const VALID = { name: 'A red fox', description: 'a red fox in the snow', resolution: '256x256' };

/** One key with `count` seeded images: ids 1..count are all its own. */
function app(options: Parameters<typeof testApp>[0] = {}): TestApp {
  return testApp({ keys: [KEY], count: 10, clock: manualClock(T0), ...options });
}

const dataOf = (response: { json: unknown }) => (response.json as { data: Image }).data;

async function show(target: TestApp, id: number | string) {
  return call(target, 'GET', `/api/v1/images/${id}`, { headers: jsonHeaders() });
}

async function store(target: TestApp, json: Record<string, unknown> = VALID) {
  return call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(), json });
}

/** Reads width and height from the SOF0 (baseline) segment of a JPEG. */
function sof0Dimensions(bytes: Buffer): { width: number; height: number } {
  expect(bytes[0]).toBe(0xff);
  expect(bytes[1]).toBe(0xd8); // SOI
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    expect(bytes[offset]).toBe(0xff);
    const marker = bytes[offset + 1] as number;
    const length = bytes.readUInt16BE(offset + 2);
    if (marker === 0xc0) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (marker === 0xda) break; // start of scan: no SOF0 before it
    offset += 2 + length;
  }
  throw new Error('no SOF0 segment');
}

describe('show: GET /images/{id}', () => {
  it('answers the image with its fields in upstream order, compact JSON', async () => {
    const response = await show(app(), 5);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = response.json as { data: Image; status: number };
    expect(Object.keys(body)).toEqual(['data', 'status']);
    expect(body.status).toBe(200);
    expect(Object.keys(body.data)).toEqual([
      'id', 'name', 'style', 'medium', 'filter', 'resolution', 'result', 'url', 'favorite', 'created_at', 'updated_at',
    ]);
    expect(body.data.id).toBe(5);
    expect(body.data.result).toMatch(UUID_JPG);
    expect(body.data.url).toBe(`${ORIGIN}/uploads/users/images/${body.data.result}`);
    expect(response.text).toContain(`"url":"http:\\/\\/${HOST}\\/uploads\\/users\\/images\\/${body.data.result}"`);
    expect(response.text.startsWith('{"data":{"id":5,"name":')).toBe(true);
  });

  it.each(['5', '5abc', '05', '%205', '5.0', '5e0', '+5', '5%20'])('id %s means image 5', async (id) => {
    const response = await show(app(), id);
    expect(response.status).toBe(200);
    expect(dataOf(response).id).toBe(5);
  });

  it.each(['5.9', 'abc', '0', '-5', '11', '999999999999999999999'])('id %s is 404', async (id) => {
    const response = await show(app(), id);
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND);
  });

  it('answers the 404 as JSON whatever the Accept (a controller body)', async () => {
    const response = await call(app(), 'GET', '/api/v1/images/99', { headers: { Host: HOST, Accept: 'text/html', Authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.text).toBe(NOT_FOUND);
  });
});

describe('store: POST /images', () => {
  const CREATED = {
    id: 11, name: 'A red fox', style: 'anime', medium: null, filter: 'sepia', resolution: '512x512',
    favorite: false, created_at: T0_TEXT, updated_at: T0_TEXT,
  };
  const multipart = (fields: Record<string, string>) => {
    const boundary = 'XyZboundary42';
    const parts = Object.entries(fields).map(([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    return { boundary, body: `${parts.join('')}--${boundary}--\r\n` };
  };
  const FIELDS = { name: ' A red fox ', description: 'a fox', resolution: '512x512', style: 'anime', filter: 'sepia', user_id: '2' };

  it.each<[string, (target: TestApp) => ReturnType<typeof call>]>([
    ['JSON', (target) => call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(), json: FIELDS })],
    ['a form', (target) => call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(), form: new URLSearchParams(FIELDS).toString() })],
    ['multipart', (target) => {
      const { boundary, body } = multipart(FIELDS);
      return call(target, 'POST', '/api/v1/images', { headers: jsonHeaders(KEY, { 'Content-Type': `multipart/form-data; boundary=${boundary}` }), raw: body });
    }],
    ['a JSON content type with +json', (target) => call(target, 'POST', '/api/v1/images', {
      headers: jsonHeaders(KEY, { 'Content-Type': 'application/vnd.api+json' }), raw: JSON.stringify(FIELDS),
    })],
    ['the query string', (target) => call(target, 'POST', `/api/v1/images?${new URLSearchParams(FIELDS).toString()}`, { headers: jsonHeaders() })],
  ])('from %s: 201 with "status":200 and the new image', async (_label, send) => {
    const target = app();
    const response = await send(target);
    expect(response.status).toBe(201);
    const body = response.json as { data: Image; status: number };
    expect(body.status).toBe(200);
    expect(body.data).toMatchObject(CREATED);
    expect(body.data.result).toMatch(UUID_JPG);
    expect(body.data.url).toBe(`${ORIGIN}/uploads/users/images/${body.data.result}`);
    expect(Object.keys(body.data)).not.toContain('description');
    expect(Object.keys(body.data)).not.toContain('user_id');
    const shown = await show(target, 11);
    expect(dataOf(shown)).toEqual(body.data);
  });

  it('builds the url on the Host of the request', async () => {
    const response = await call(app(), 'POST', '/api/v1/images', { headers: { ...jsonHeaders(), Host: 'images.example:8443' }, json: VALID });
    const image = dataOf(response);
    expect(image.url).toBe(`http://images.example:8443/uploads/users/images/${image.result}`);
  });

  it('gives each new image its own id and file', async () => {
    const target = app();
    const first = dataOf(await store(target));
    const second = dataOf(await store(target));
    expect([first.id, second.id]).toEqual([11, 12]);
    expect(first.result).not.toBe(second.result);
  });

  it.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ['nothing', {}, {
      name: ['The name field is required.'],
      description: ['The description field is required.'],
      resolution: ['The resolution field is required.'],
    }],
    ['a blank name', { ...VALID, name: ' \u200b ' }, { name: ['The name field is required.'] }],
    ['a name of 129 characters', { ...VALID, name: 'n'.repeat(129) }, { name: ['The name may not be greater than 128 characters.'] }],
    ['a number as the name', { ...VALID, name: 5 }, { name: ['The name must be a string.'] }],
    ['a description of 2049 characters', { ...VALID, description: 'd'.repeat(2049) }, { description: ['The description may not be greater than 2048 characters.'] }],
    ['an unknown resolution', { ...VALID, resolution: '300x300' }, { resolution: ['The selected resolution is invalid.'] }],
    ['a number as the resolution', { ...VALID, resolution: 512 }, { resolution: ['The resolution must be a string.', 'The selected resolution is invalid.'] }],
    ['an upper-case style', { ...VALID, style: 'ANIME' }, { style: ['The selected style is invalid.'] }],
    ['an unknown medium', { ...VALID, medium: 'clay' }, { medium: ['The selected medium is invalid.'] }],
    ['an unknown filter', { ...VALID, filter: 'blur' }, { filter: ['The selected filter is invalid.'] }],
    ['variations null', { ...VALID, variations: null }, { variations: ['The variations field is required.'] }],
    ['variations ""', { ...VALID, variations: '' }, { variations: ['The variations field is required.'] }],
    ['variations "abc"', { ...VALID, variations: 'abc' }, { variations: ['The variations must be an integer.', 'The selected variations is invalid.'] }],
    ['variations 5', { ...VALID, variations: 5 }, { variations: ['The selected variations is invalid.'] }],
    ['everything wrong at once', { name: [], description: 7, resolution: '1x1', style: 'x', variations: 0 }, {
      name: ['The name field is required.'],
      description: ['The description must be a string.'],
      resolution: ['The selected resolution is invalid.'],
      style: ['The selected style is invalid.'],
      variations: ['The selected variations is invalid.'],
    }],
  ])('%s → 422', async (_label, json, messages) => {
    const target = app();
    const response = await store(target, json);
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ message: messages, status: 422 });
    expect(Object.keys((response.json as { message: object }).message)).toEqual(Object.keys(messages));
    const list = await call(target, 'GET', '/api/v1/images', { headers: jsonHeaders() });
    expect((list.json as { meta: { total: number } }).meta.total).toBe(10);
  });

  it('counts characters, not bytes: 128 Cyrillic letters are a valid name', async () => {
    const response = await store(app(), { ...VALID, name: 'ж'.repeat(128) });
    expect(response.status).toBe(201);
    expect(dataOf(response).name).toBe('ж'.repeat(128));
    expect(response.text).toContain('\\u0436\\u0436');
  });

  it('null style, medium and filter are accepted (nullable)', async () => {
    const response = await store(app(), { ...VALID, style: null, medium: '', filter: null });
    expect(response.status).toBe(201);
    expect(dataOf(response)).toMatchObject({ style: null, medium: null, filter: null });
  });

  it.each([1, 2, 3, 4, '4'])('valid variations %j → 404 and nothing created', async (variations) => {
    const target = app();
    const response = await store(target, { ...VALID, variations });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND);
    expect((await show(target, 11)).status).toBe(404);
  });

  it('banned words fail every store field that contains them', async () => {
    const response = await store(app({ bannedWords: ['fox'] }), { ...VALID, name: 'A red FOX', description: 'foxes' });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({
      message: {
        name: ['The name contains a keyword that is banned.'],
        description: ['The description contains a keyword that is banned.'],
      },
      status: 422,
    });
  });

  describe('the plan quota', () => {
    const QUOTA = { message: { name: ['You created too many images.'] }, status: 422 };

    it('refuses the third image with quota 2; seeded images do not count', async () => {
      const target = app({ quota: 2 });
      expect((await store(target)).status).toBe(201);
      expect((await store(target)).status).toBe(201);
      const third = await store(target);
      expect(third.status).toBe(422);
      expect(third.text).toBe(JSON.stringify(QUOTA));
    });

    it('does not give quota back when images are deleted', async () => {
      const target = app({ quota: 2 });
      for (let i = 0; i < 2; i++) {
        const id = dataOf(await store(target)).id;
        expect((await call(target, 'DELETE', `/api/v1/images/${id}`, { headers: jsonHeaders() })).status).toBe(200);
      }
      const response = await store(target);
      expect(response.status).toBe(422);
      expect(response.json).toEqual(QUOTA);
    });

    it('counts the images of the current month: a new month gives the allowance back', async () => {
      const clock = manualClock(Date.UTC(2026, 10, 30, 23, 59, 0));
      const target = app({ quota: 1, clock });
      expect((await store(target)).status).toBe(201);
      expect((await store(target)).status).toBe(422);
      clock.set(Date.UTC(2026, 11, 1, 0, 0, 0));
      expect((await store(target)).status).toBe(201);
      expect((await store(target)).status).toBe(422);
    });

    it('is a rule of name: after its other messages, absent when the name is missing', async () => {
      const target = app({ quota: 0 });
      const long = await store(target, { ...VALID, name: 'n'.repeat(129) });
      expect(long.json).toEqual({ message: { name: ['The name may not be greater than 128 characters.', 'You created too many images.'] }, status: 422 });
      const missing = await store(target, { description: 'd', resolution: '256x256' });
      expect(missing.json).toEqual({ message: { name: ['The name field is required.'] }, status: 422 });
    });
  });
});

describe('update: PUT or PATCH /images/{id}', () => {
  it.each(['PUT', 'PATCH'])('%s changes name and favorite', async (method) => {
    const target = app();
    const response = await call(target, method, '/api/v1/images/5', { headers: jsonHeaders(), json: { name: ' New name ', favorite: 1, style: 'anime', resolution: '1x1' } });
    expect(response.status).toBe(200);
    const before = dataOf(await show(app(), 5));
    expect(dataOf(response)).toEqual({ ...before, name: 'New name', favorite: true, updated_at: T0_TEXT });
    expect(dataOf(await show(target, 5))).toEqual(dataOf(response));
  });

  it.each<[string, { path?: string; form?: string; json?: unknown }]>([
    ['a form body', { form: 'name=From%20form&favorite=1' }],
    ['the query string', { path: '?name=From%20form&favorite=1' }],
    ['the body over the query', { path: '?name=ignored&favorite=0', json: { name: 'From form', favorite: '1' } }],
  ])('reads %s', async (_label, { path = '', ...body }) => {
    const response = await call(app(), 'PATCH', `/api/v1/images/5${path}`, { headers: jsonHeaders(), ...body });
    expect(response.status).toBe(200);
    expect(dataOf(response)).toMatchObject({ name: 'From form', favorite: true });
  });

  it('answers an empty body with 200 and the unchanged image', async () => {
    const target = app();
    const before = await show(target, 5);
    const response = await call(target, 'PATCH', '/api/v1/images/5', { headers: jsonHeaders() });
    expect(response.status).toBe(200);
    expect(response.text).toBe(before.text);
  });

  it('reads no fields from a multipart PATCH', async () => {
    const target = app();
    const before = await show(target, 5);
    const body = '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nchanged\r\n--b--\r\n';
    const response = await call(target, 'PATCH', '/api/v1/images/5', { headers: jsonHeaders(KEY, { 'Content-Type': 'multipart/form-data; boundary=b' }), raw: body });
    expect(response.status).toBe(200);
    expect(response.text).toBe(before.text);
  });

  it('moves updated_at only when a value really changes', async () => {
    const clock = manualClock(T0);
    const target = app({ clock, count: 0 });
    const created = dataOf(await store(target));
    expect(created.updated_at).toBe(T0_TEXT);

    clock.advance(3_600_000);
    const same = await call(target, 'PATCH', `/api/v1/images/${created.id}`, { headers: jsonHeaders(), json: { name: created.name, favorite: 0 } });
    expect(dataOf(same).updated_at).toBe(T0_TEXT);

    const renamed = await call(target, 'PATCH', `/api/v1/images/${created.id}`, { headers: jsonHeaders(), json: { name: 'Renamed' } });
    expect(dataOf(renamed)).toMatchObject({ name: 'Renamed', created_at: T0_TEXT, updated_at: '2026-11-20T13:00:00.000000Z' });

    clock.advance(60_000);
    const favourited = await call(target, 'PUT', `/api/v1/images/${created.id}`, { headers: jsonHeaders(), form: 'favorite=1' });
    expect(dataOf(favourited)).toMatchObject({ favorite: true, updated_at: '2026-11-20T13:01:00.000000Z' });

    clock.advance(60_000);
    const again = await call(target, 'PUT', `/api/v1/images/${created.id}`, { headers: jsonHeaders(), form: 'favorite=%2B1' });
    expect(dataOf(again)).toMatchObject({ favorite: true, updated_at: '2026-11-20T13:01:00.000000Z' });
  });

  it.each<[string, string, boolean]>([
    ['1', '{"favorite":1}', true],
    ['"1"', '{"favorite":"1"}', true],
    ['"+1"', '{"favorite":"+1"}', true],
    ['" 1 "', '{"favorite":" 1 "}', true],
    ['1.0', '{"favorite":1.0}', true],
    ['true', '{"favorite":true}', true],
    ['"0"', '{"favorite":"0"}', false],
  ])('favorite %s passes', async (_label, raw, favorite) => {
    const response = await call(app(), 'PATCH', '/api/v1/images/5', { headers: jsonHeaders(KEY, { 'Content-Type': 'application/json' }), raw });
    expect(response.status).toBe(200);
    expect(dataOf(response).favorite).toBe(favorite);
  });

  const INTEGER = 'The favorite must be an integer.';
  const BETWEEN = 'The favorite must be between 0 and 1.';
  it.each<[string, string, string[]]>([
    ['"01"', '{"favorite":"01"}', [INTEGER]],
    ['"1.0"', '{"favorite":"1.0"}', [INTEGER]],
    ['"1e0"', '{"favorite":"1e0"}', [INTEGER]],
    ['1.5', '{"favorite":1.5}', [INTEGER, BETWEEN]],
    ['false', '{"favorite":false}', [INTEGER]],
    ['"abc"', '{"favorite":"abc"}', [INTEGER, BETWEEN]],
    ['"true"', '{"favorite":"true"}', [INTEGER, BETWEEN]],
    ['"a"', '{"favorite":"a"}', [INTEGER]],
    ['2', '{"favorite":2}', [BETWEEN]],
    ['-1', '{"favorite":-1}', [BETWEEN]],
    ['null', '{"favorite":null}', ['The favorite field is required.']],
    ['""', '{"favorite":""}', ['The favorite field is required.']],
    ['[]', '{"favorite":[]}', ['The favorite field is required.']],
  ])('favorite %s → 422', async (_label, raw, messages) => {
    const response = await call(app(), 'PATCH', '/api/v1/images/5', { headers: jsonHeaders(KEY, { 'Content-Type': 'application/json' }), raw });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ message: { favorite: messages }, status: 422 });
  });

  it.each<[string, unknown, string]>([
    ['empty', '', 'The name field is required.'],
    ['null', null, 'The name field is required.'],
    ['a number', 5, 'The name must be a string.'],
    ['129 characters', 'x'.repeat(129), 'The name may not be greater than 128 characters.'],
  ])('name %s → 422', async (_label, name, message) => {
    const response = await call(app(), 'PUT', '/api/v1/images/5', { headers: jsonHeaders(), json: { name } });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ message: { name: [message] }, status: 422 });
  });

  it('validates before the lookup: bad input on a missing id is 422', async () => {
    const response = await call(app(), 'PATCH', '/api/v1/images/999', { headers: jsonHeaders(), json: { favorite: 'abc' } });
    expect(response.status).toBe(422);
    expect(response.json).toEqual({ message: { favorite: [INTEGER, BETWEEN] }, status: 422 });
  });

  it('answers a valid update of a missing id with 404', async () => {
    const response = await call(app(), 'PATCH', '/api/v1/images/999', { headers: jsonHeaders(), json: { favorite: 1 } });
    expect(response.status).toBe(404);
    expect(response.text).toBe(NOT_FOUND);
  });

  describe('user_id from a non-admin', () => {
    const UNAUTHORIZED = prettyJson({ message: 'This action is unauthorized.' });

    it.each<[string, string, { json?: unknown; form?: string }]>([
      ['in the query', '/api/v1/images/5?user_id=2', {}],
      ['empty in the query', '/api/v1/images/5?user_id=', {}],
      ['in a JSON body', '/api/v1/images/5', { json: { user_id: 1 } }],
      ['null in a JSON body', '/api/v1/images/5', { json: { user_id: null } }],
      ['in a form body', '/api/v1/images/5', { form: 'user_id=1&name=x' }],
      ['with invalid input (before validation)', '/api/v1/images/5', { json: { user_id: 1, favorite: 'abc', name: '' } }],
      ['on a missing id (before lookup)', '/api/v1/images/999', { json: { user_id: 1 } }],
    ])('%s → 403 pretty JSON', async (_label, path, body) => {
      const target = app();
      const before = await show(target, 5);
      const response = await call(target, 'PATCH', path, { headers: jsonHeaders(), ...body });
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.text).toBe(UNAUTHORIZED);
      expect((await show(target, 5)).text).toBe(before.text);
    });

    it('without a JSON Accept: the HTML 403 page', async () => {
      const response = await call(app(), 'PUT', '/api/v1/images/5?user_id=1', { headers: { Host: HOST, Authorization: `Bearer ${KEY}` } });
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(response.text).toContain('<title>Forbidden</title>');
      expect(response.text).toContain('This action is unauthorized.');
      expect(response.text).toMatch(/403\s*<\/div>/);
    });
  });
});

describe('method override on POST', () => {
  it.each<[string, string, { headers?: Record<string, string>; form?: string; json?: unknown }]>([
    ['_method=PATCH in a form', '', { form: '_method=PATCH&name=Overridden' }],
    ['_method=patch (any case)', '', { form: '_method=patch&name=Overridden' }],
    ['_method=PUT in a JSON body', '', { json: { _method: 'PUT', name: 'Overridden' } }],
    ['X-HTTP-Method-Override: PATCH', '', { headers: { 'X-HTTP-Method-Override': 'PATCH' }, json: { name: 'Overridden' } }],
    ['_method in the query', '?_method=PUT&name=Overridden', {}],
    ['the header over the body', '', { headers: { 'X-HTTP-Method-Override': 'PATCH' }, form: '_method=DELETE&name=Overridden' }],
  ])('%s is an update', async (_label, query, options) => {
    const target = app();
    const response = await call(target, 'POST', `/api/v1/images/5${query}`, { ...options, headers: jsonHeaders(KEY, options.headers) });
    expect(response.status).toBe(200);
    expect(dataOf(response)).toMatchObject({ id: 5, name: 'Overridden' });
    expect(dataOf(await show(target, 5)).name).toBe('Overridden');
  });

  it('a multipart POST with _method=PUT is an update with the multipart fields', async () => {
    const target = app();
    const body = '--b\r\nContent-Disposition: form-data; name="_method"\r\n\r\nPUT\r\n--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nFrom multipart\r\n--b--\r\n';
    const response = await call(target, 'POST', '/api/v1/images/5', {
      headers: jsonHeaders(KEY, { 'Content-Type': 'multipart/form-data; boundary=b' }), raw: body,
    });
    expect(response.status).toBe(200);
    expect(dataOf(await show(target, 5)).name).toBe('From multipart');
  });

  it('_method=DELETE deletes', async () => {
    const target = app();
    const response = await call(target, 'POST', '/api/v1/images/5', { headers: jsonHeaders(), form: '_method=DELETE' });
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"id":5,"object":"image","deleted":true,"status":200}');
    expect((await show(target, 5)).status).toBe(404);
  });

  it('only POST is overridden: PUT with _method=DELETE stays an update', async () => {
    const target = app();
    const response = await call(target, 'PUT', '/api/v1/images/5', { headers: jsonHeaders(), form: '_method=DELETE&name=Still%20here' });
    expect(response.status).toBe(200);
    expect(dataOf(await show(target, 5)).name).toBe('Still here');
  });
});

describe('delete: DELETE /images/{id}', () => {
  it('answers the deletion; then the image, its updates, its deletion and its file are 404', async () => {
    const target = app();
    const image = dataOf(await show(target, 5));
    const response = await call(target, 'DELETE', '/api/v1/images/5', { headers: jsonHeaders() });
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"id":5,"object":"image","deleted":true,"status":200}');

    expect((await show(target, 5)).text).toBe(NOT_FOUND);
    expect((await call(target, 'PATCH', '/api/v1/images/5', { headers: jsonHeaders(), json: { name: 'x' } })).text).toBe(NOT_FOUND);
    expect((await call(target, 'DELETE', '/api/v1/images/5', { headers: jsonHeaders() })).text).toBe(NOT_FOUND);

    const file = await call(target, 'GET', new URL(image.url).pathname, { headers: { Host: HOST, Accept: 'application/json' } });
    expect(file.status).toBe(404);
    expect(file.text).toBe(prettyJson({ message: `The route uploads/users/images/${image.result} could not be found.` }));
    const page = await call(target, 'GET', new URL(image.url).pathname, { headers: { Host: HOST } });
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=UTF-8');
  });

  it('answers the integer id: DELETE /images/0230 → "id":230', async () => {
    const target = testApp({ keys: [KEY], count: 230 });
    const response = await call(target, 'DELETE', '/api/v1/images/0230', { headers: jsonHeaders() });
    expect(response.status).toBe(200);
    expect(response.text).toBe('{"id":230,"object":"image","deleted":true,"status":200}');
    expect((await show(target, 230)).status).toBe(404);
  });

  it('leaves the other images alone', async () => {
    const target = app();
    await call(target, 'DELETE', '/api/v1/images/5', { headers: jsonHeaders() });
    const list = await call(target, 'GET', '/api/v1/images', { headers: jsonHeaders() });
    expect((list.json as { data: Image[] }).data.map((image) => image.id)).toEqual([10, 9, 8, 7, 6, 4, 3, 2, 1]);
  });
});

describe('the JPEG files', () => {
  it.each(['256x256', '512x512', '1024x1024'])('a created %s image is a JPEG of that size, with no app headers', async (resolution) => {
    const target = app();
    const image = dataOf(await store(target, { ...VALID, resolution, style: 'pixel_art', filter: 'invert' }));
    const file = await call(target, 'GET', new URL(image.url).pathname, { headers: { Host: HOST } });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    const size = Number(resolution.split('x')[0]);
    expect(sof0Dimensions(file.bytes)).toEqual({ width: size, height: size });
    expect(file.bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(file.headers['cache-control']).toBeUndefined();
    expect(file.headers['access-control-allow-origin']).toBeUndefined();
    expect(file.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('every seeded image has a JPEG of its resolution, served without auth', async () => {
    const target = app({ count: 6 });
    const list = await call(target, 'GET', '/api/v1/images', { headers: jsonHeaders() });
    const images = (list.json as { data: Image[] }).data;
    expect(images).toHaveLength(6);
    for (const image of images) {
      const file = await call(target, 'GET', new URL(image.url).pathname, { headers: { Host: HOST, Origin: 'http://web.test' } });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      const size = Number(image.resolution.split('x')[0]);
      expect(sof0Dimensions(file.bytes)).toEqual({ width: size, height: size });
      expect(file.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('the same image gives the same bytes twice', async () => {
    const target = app({ count: 1 });
    const image = dataOf(await show(target, 1));
    const path = new URL(image.url).pathname;
    const first = await call(target, 'GET', path, { headers: { Host: HOST } });
    const second = await call(target, 'GET', path, { headers: { Host: HOST } });
    expect(first.bytes.equals(second.bytes)).toBe(true);
  });

  it('an unknown file is the route 404', async () => {
    const response = await call(app(), 'GET', '/uploads/users/images/00000000-0000-4000-8000-000000000000.jpg', { headers: { Host: HOST, Accept: 'application/json' } });
    expect(response.status).toBe(404);
    expect(response.text).toBe(prettyJson({ message: 'The route uploads/users/images/00000000-0000-4000-8000-000000000000.jpg could not be found.' }));
  });
});
