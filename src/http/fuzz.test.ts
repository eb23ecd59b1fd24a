import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFake, type Fake } from '../core/fake.ts';
import { parseStr, rawurldecode } from '../core/php/parse-str.ts';
import { isPhpArray } from '../core/php/values.ts';
import type { ApiRequest } from '../core/protocol/handler.ts';
import { loadSpec } from '../openapi/load.ts';
import { createResponseValidator, routedMethod } from '../openapi/validator.ts';

/**
 * Property-based tests over the request pipeline: random query strings, bodies and ids, each
 * answer documented for its operation and valid against the document, never a 5xx upstream would
 * not give, and a rejected request never changes the state. FUZZ_RUNS scales the number of cases.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const TIMEOUT = 30_000 * RUNS;
const validate = createResponseValidator(loadSpec());
const KEY = 'FuzzKey000000000000000000000000000000000000000000000000000000001';
const OTHER = 'FuzzKey000000000000000000000000000000000000000000000000000000002';

// The parameters, enums and body fields come from the OpenAPI document itself.
const spec = loadSpec() as unknown as {
  paths: Record<string, { get?: { parameters?: Array<{ $ref?: string; name?: string }> } }>;
  components: { parameters: Record<string, { name: string; in: string; schema?: { enum?: unknown[] } }>; schemas: Record<string, { properties?: Record<string, unknown> }> };
};
const listParameters = (spec.paths['/images']?.get?.parameters ?? [])
  .map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop() as string] : p) as { name: string; in: string; schema?: { enum?: unknown[] } })
  .filter((p) => p.in === 'query');
const PARAMETERS = listParameters.map((p) => p.name);
/** The enum of a schema, following `$ref`s and `oneOf`/`anyOf`. */
function enumOf(schema: unknown): unknown[] {
  const node = schema as { $ref?: string; enum?: unknown[]; oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
  if (!node) return [];
  if (node.$ref) return enumOf(spec.components.schemas[node.$ref.split('/').pop() as string]);
  return [...(node.enum ?? []), ...[...(node.oneOf ?? []), ...(node.anyOf ?? [])].flatMap(enumOf)];
}
const ENUM_VALUES = [...new Set(listParameters.flatMap((p) => enumOf(p.schema)).filter((v) => v !== null).map(String))];
const BODY_FIELDS = [...new Set(['StoreImageRequest', 'UpdateImageRequest'].flatMap((name) => Object.keys(spec.components.schemas[name]?.properties ?? {})))];
const ODD_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'api_token', 'user_id', 'name', 'a.b', 'a b', '[]', 'x[', 'x]'];
const ODD_VALUES = ['', '0', '-1', '1e3', '25.0', ' 25 ', 'true', 'null', '%', '%zz', '%00', '%C3%28', '%E2%80%AE', '\u0000', '../', '😀', 'ANIME', 'épée', 'a'.repeat(5000)];

const text = fc.oneof(
  fc.constantFrom(...ODD_VALUES),
  fc.constantFrom(...ENUM_VALUES),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.double({ noNaN: false }).map(String),
);
const name = fc.oneof(
  fc.constantFrom(...PARAMETERS),
  fc.constantFrom(...PARAMETERS).map((n) => `${n}[]`),
  fc.constantFrom(...PARAMETERS).map((n) => `${n}[x][y]`),
  fc.constantFrom(...ODD_NAMES),
  fc.string({ maxLength: 12 }).filter((n) => !n.toLowerCase().includes('_method')),
);
/** A query string: names and values encoded properly, raw, or half-way. */
const queryString = fc.array(fc.tuple(name, text, fc.constantFrom('encoded', 'raw')), { maxLength: 12 })
  .map((pairs) => pairs.map(([n, v, how]) => (how === 'encoded' ? `${encodeURIComponent(n)}=${encodeURIComponent(v)}` : `${n}=${v.replace(/[&#\s]/g, '')}`)).join('&'));

const jsonField = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 3 }));
const bodyFields = fc.dictionary(
  fc.oneof(fc.constantFrom(...BODY_FIELDS, 'user_id', '__proto__', 'constructor'), fc.string({ maxLength: 8 }).filter((n) => !n.includes('_method'))),
  jsonField,
  { maxKeys: 8 },
);
const validStore = fc.record({
  name: fc.string({ minLength: 1, maxLength: 130 }),
  description: fc.string({ minLength: 1, maxLength: 60 }),
  resolution: fc.constantFrom('256x256', '512x512', '1024x1024', '300x300'),
  style: fc.constantFrom('anime', 'retro', 'ANIME', null),
});
/** How deep a body nests: mostly around PHP's limits (512 JSON levels, 64 form groups), sometimes far past them. */
const levels = fc.oneof(fc.integer({ min: 1, max: 700 }), fc.constantFrom(63, 64, 65, 511, 512, 513, 20_000, 200_000));
/** A valid-looking store body holding a value nested so that the whole body is `levels` deep. */
const deepJson = fc.tuple(levels, fc.boolean(), validStore).map(([depth, objects, fields]) => {
  const [open, close] = objects ? ['{"a":', '}'] : ['[', ']'];
  const inner = `${open.repeat(depth - 1)}1${close.repeat(depth - 1)}`;
  return { depth, type: 'application/json', text: `{${JSON.stringify(fields).slice(1, -1)},"deep":${inner}}` };
});
/** A form whose field names carry `levels` `[…]` groups, before or after the plain fields. */
const deepForm = fc.tuple(levels, fc.constantFrom(...BODY_FIELDS, 'x'), fc.boolean(), validStore).map(([depth, field, first, fields]) => {
  const plain = Object.entries(fields).map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`).join('&');
  const deep = `${field}${'[k]'.repeat(depth)}=v`;
  return { depth, type: 'application/x-www-form-urlencoded', text: first ? `${deep}&${plain}` : `${plain}&${deep}` };
});
/** A body in one of the three content types, a broken one, or a very deep one. */
const body = fc.oneof(
  deepJson,
  deepForm,
  fc.oneof(bodyFields, validStore).map((fields) => ({ type: 'application/json', text: JSON.stringify(fields) })),
  fc.oneof(bodyFields, validStore).map((fields) => ({
    type: 'application/x-www-form-urlencoded',
    text: Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&'),
  })),
  fc.oneof(bodyFields, validStore).map((fields) => ({
    type: 'multipart/form-data; boundary=FUZZ',
    text: `${Object.entries(fields).map(([k, v]) => `--FUZZ\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`).join('')}--FUZZ--\r\n`,
  })),
  fc.constantFrom('{"name":', '[1,2]', '"text"', 'null', '{"a":1}}', '\u0000', '%%%').map((t) => ({ type: 'application/json', text: t })),
  fc.string({ maxLength: 50 }).map((t) => ({ type: fc.sample(fc.constantFrom('text/plain', 'application/xml', ''), 1)[0] ?? '', text: t })),
);
const id = fc.oneof(
  fc.constantFrom('-1', '0', '1', '3', '1e3', '5abc', '03', '3.0', '3.5', '99999999999999999999', '%00', '..', '%2E%2E', '%2F', '%20', 'abc', '%E2%80%AE'),
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);

function newFake(): Fake {
  return createFake({ keys: [KEY, OTHER], noApiKeys: [], count: 12, seed: 4, spec: loadSpec() });
}

function headers(entries: Record<string, string>): ApiRequest['headers'] {
  const map = new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (n) => map.get(n.toLowerCase()) ?? null, forEach: (cb) => map.forEach((v, k) => cb(v, k)) };
}

function snapshot(fake: Fake): string {
  return JSON.stringify(fake.store.allTenants().map((t) => [...t.images.values()]));
}

/** Sends one request and checks the properties every answer must have. */
async function check(fake: Fake, method: string, url: string, contentType?: string, bodyText?: string): Promise<number> {
  const before = snapshot(fake);
  const request: ApiRequest = {
    method, url, origin: 'http://fuzz.test', clientAddress: '127.0.0.1',
    headers: headers({ accept: 'application/json', authorization: `Bearer ${KEY}`, ...(contentType ? { 'content-type': contentType } : {}) }),
    body: bodyText === undefined ? null : new TextEncoder().encode(bodyText),
  };
  const answer = await fake.handler.handle(request);
  const label = `${method} ${url}${bodyText === undefined ? '' : ` [${contentType}] ${bodyText.slice(0, 200)}`} → ${answer.status} ${String(answer.body).slice(0, 200)}`;
  const contentTypeOut = answer.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? null;
  // Upstream's own 500: an array `search` on the list.
  const queryStart = url.indexOf('?');
  const query = parseStr(queryStart === -1 ? '' : url.slice(queryStart + 1));
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const fields = contentType?.includes('json') ? safeJson(bodyText) : {};
  const search = fields.search ?? query.search;
  const upstream500 = answer.status === 500 && isPhpArray(search as never) && answer.body === '{\n    "message": "Server Error"\n}';
  expect(answer.status < 500 || upstream500, `a 5xx upstream would not give: ${label}`).toBe(true);
  const problems = validate({
    // The document describes the operation the request is routed to, as Laravel routes it:
    // on the percent-decoded path without trailing slashes (`/images/%2F` is `/images`).
    method: routedMethod(method, {}, {}), path: `/${rawurldecode(path.replace(/\/+$/, '').replace(/^\//, '')).replace(/#/g, '%23').replace(/\?/g, '%3F')}`, status: answer.status, contentType: contentTypeOut,
    headers: Object.fromEntries(answer.headers), body: typeof answer.body === 'string' ? answer.body : undefined,
  });
  expect(problems, label).toEqual([]);
  if (answer.status >= 400) expect(snapshot(fake), `a rejected request changed the state: ${label}`).toBe(before);
  return answer.status;
}

function safeJson(text: string | undefined): Record<string, unknown> {
  try {
    const value = JSON.parse(text ?? '') as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

describe('fuzzed requests', () => {
  it('draws its parameters and fields from the document', () => {
    expect(PARAMETERS).toEqual(expect.arrayContaining(['search', 'style', 'per_page', 'page']));
    expect(ENUM_VALUES).toEqual(expect.arrayContaining(['anime', '1024x1024', 'desc']));
    expect(BODY_FIELDS).toEqual(expect.arrayContaining(['name', 'description', 'resolution', 'variations', 'favorite']));
  });

  it('list: any query string is answered as documented, never with a 5xx of ours', async () => {
    const fake = newFake();
    await fc.assert(fc.asyncProperty(queryString, async (query) => {
      await check(fake, 'GET', `/api/v1/images?${query}`);
    }), { numRuns: 1000 * RUNS });
  }, TIMEOUT);

  it('store: any body in any content type is answered as documented; refusals change nothing', async () => {
    const fake = newFake();
    await fc.assert(fc.asyncProperty(body, async ({ type, text: bodyText }) => {
      await check(fake, 'POST', '/api/v1/images', type, bodyText);
    }), { numRuns: 600 * RUNS });
  }, TIMEOUT);

  it('deep bodies: no depth makes a 5xx; JSON 512 levels deep or more reads as no fields', async () => {
    const fake = newFake();
    await fc.assert(fc.asyncProperty(deepJson, async ({ depth, type, text: bodyText }) => {
      const status = await check(fake, 'POST', '/api/v1/images', type, bodyText);
      if (depth >= 512) expect(status).toBe(422);
    }), { numRuns: 100 * RUNS });
    await fc.assert(fc.asyncProperty(deepForm, async ({ type, text: bodyText }) => {
      await check(fake, 'POST', '/api/v1/images', type, bodyText);
      await check(fake, 'PATCH', '/api/v1/images/3', type, bodyText);
      await check(fake, 'GET', `/api/v1/images?${bodyText}`);
    }), { numRuns: 100 * RUNS });
  }, TIMEOUT);

  it('update: any body and id is answered as documented; refusals change nothing', async () => {
    const fake = newFake();
    await fc.assert(fc.asyncProperty(id, body, fc.constantFrom('PUT', 'PATCH'), async (imageId, { type, text: bodyText }, method) => {
      await check(fake, method, `/api/v1/images/${imageId}`, type, bodyText);
    }), { numRuns: 600 * RUNS });
  }, TIMEOUT);

  it('show and delete: any id is answered as documented', async () => {
    const fake = newFake();
    await fc.assert(fc.asyncProperty(id, fc.constantFrom('GET', 'DELETE'), async (imageId, method) => {
      await check(fake, method, `/api/v1/images/${imageId}`);
    }), { numRuns: 500 * RUNS });
  }, TIMEOUT);
});
