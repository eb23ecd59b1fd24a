import { encodable, encodeBody, ENCODINGS, type Encoding } from './encodings.ts';
import { specFacts, type SpecFacts } from './spec-facts.ts';
import type { DiffRequest } from './types.ts';

/**
 * The request set: every operation of the OpenAPI document, probed with the cases the real API
 * answers in its own way (the upstream behaviour the fake reproduces, see README "Fidelity"). Writes create images named after
 * `token`, and lists are filtered to it (`search=<token>`), so each side's other data does not
 * matter; what cannot be filtered is compared by shape (`scope: 'shape'`).
 */
export interface RequestSetOptions {
  /** Unique to the run, lower-case letters and digits; in every created image's name. */
  token: string;
  /** Only GET, HEAD and OPTIONS. */
  readOnly: boolean;
  /** A second user's key is configured: add the isolation requests. */
  key2: boolean;
  /** A key without API access is configured: add the plan's 403 on every operation. */
  noApiKey?: boolean;
  /** A Russian account's key is configured: add the requests whose answers follow the account's language. */
  russianAccount?: boolean;
  facts?: SpecFacts;
}

const JSON_CLIENT = { Accept: 'application/json' };
const AUTH = { ...JSON_CLIENT, Authorization: 'Bearer {{key}}' };
const WRONG_KEY = 'Wr0ngKey000000000000000000000000000000000000000000000000000000x';
const MISSING_ID = '99999999999';
const DESCRIPTION = 'A differential check of two implementations';

/** The images this run creates, each in its own encoding and with its own quirk. */
function creations(token: string): Array<{ slot: string; encoding: Encoding; fields: Record<string, unknown>; headers?: Record<string, string> }> {
  const image = (name: string, resolution: string, extra: Record<string, unknown> = {}) => ({ name, description: DESCRIPTION, resolution, ...extra });
  return [
    { slot: 'alpha', encoding: 'json', fields: image(`${token} Alpha cat`, '512x512', { style: 'anime', medium: 'ink', filter: 'sepia' }) },
    { slot: 'beta', encoding: 'form', fields: image(`${token} beta Dog`, '256x256', { style: 'cartoon', medium: 'pencil' }) },
    { slot: 'epee', encoding: 'multipart', fields: image(`${token} épée`, '256x256', { filter: 'grayscale' }) },
    { slot: 'cotton', encoding: 'json', fields: image(`${token} 100% cotton`, '1024x1024', { style: 'anime' }) },
    { slot: 'under', encoding: 'form', fields: image(`${token} under_score`, '256x256', { medium: 'ink', filter: 'invert' }) },
    { slot: 'cyrillic', encoding: 'json', fields: image(`${token} Кот Ёжик`, '256x256', { style: 'pixel_art' }) },
    { slot: 'city12', encoding: 'multipart', fields: image(`${token} CITY #12`, '256x256') },
    { slot: 'city2', encoding: 'json', fields: image(`${token} CITY #2`, '256x256') },
    { slot: 'trimmed', encoding: 'json', fields: image(`  ${token} trimmed\u200b `, '256x256', { style: ' anime ' }) },
    { slot: 'extras', encoding: 'form', fields: image(`${token} extras`, '256x256', { user_id: '1', unknown: 'x', style: '', medium: '' }) },
    { slot: 'nulls', encoding: 'json', fields: image(`${token} nulls`, '256x256', { style: null, medium: null, filter: null }) },
    { slot: 'slashes', encoding: 'json', fields: image(`${token} a/b "q" \\ </tag>`, '256x256') },
    { slot: 'long', encoding: 'form', fields: image(`${token} `.padEnd(128, 'x'), '256x256') },
    // Authenticated by the body's api_token instead of a header.
    { slot: 'bodykey', encoding: 'form', fields: image(`${token} body key`, '256x256', { api_token: '{{key}}' }), headers: JSON_CLIENT },
  ];
}

export function buildRequests(options: RequestSetOptions): DiffRequest[] {
  const facts = options.facts ?? specFacts();
  const t = options.token;
  const out: DiffRequest[] = [];
  const add = (group: string, name: string, method: string, path: string, extra: Partial<DiffRequest> = {}) => {
    out.push({ group, name, method, path, headers: AUTH, scope: 'exact', ...extra });
  };
  const withBody = (encoding: Encoding, fields: Record<string, unknown>, headers: Record<string, string> = AUTH) => {
    const { body, contentType } = encodeBody(encoding, fields);
    return { body, headers: { ...headers, 'Content-Type': contentType } };
  };
  const scoped = (query = '') => `/images?search=${t}${query === '' ? '' : `&${query}`}`;
  // In a read-only run nothing was created: the listed image stands in, compared by shape.
  const slot = options.readOnly ? 'listed' : 'alpha';
  const slotScope = options.readOnly ? 'shape' : 'exact';

  // --- reads that depend on nothing, and the first listed image ---------------------------------
  add('list', 'list: the first page, unfiltered (its first image is remembered)', 'GET', '/images', { scope: 'shape', lists: true });

  // --- creates -------------------------------------------------------------------------------
  if (!options.readOnly) {
    for (const { slot: name, encoding, fields, headers } of creations(t)) {
      add('store', `store: ${name} (${encoding})`, 'POST', '/images', { ...withBody(encoding, fields, headers ?? AUTH), creates: name });
    }
    storeValidation(t, facts).forEach(([name, encoding, fields]) => {
      add('store', `store: ${name} (${encoding})`, 'POST', '/images', withBody(encoding, fields));
    });
    const raw = (name: string, body: string, contentType: string) =>
      add('store', `store: ${name}`, 'POST', '/images', { body, headers: { ...AUTH, 'Content-Type': contentType } });
    raw('malformed JSON gives no fields', '{"name": "x",', 'application/json');
    raw('a JSON array gives no fields', '["x"]', 'application/json');
    raw('a JSON body under +json counts', JSON.stringify({ name: '', description: DESCRIPTION, resolution: '256x256' }), 'application/vnd.api+json');
    raw('a text/plain body gives no fields', 'name=x', 'text/plain');
    updates(t, add, withBody);
  }

  // --- auth ------------------------------------------------------------------------------------
  authRequests(t, options.readOnly, add);

  // --- list ------------------------------------------------------------------------------------
  listRequests(t, facts, add, scoped);

  // --- show ------------------------------------------------------------------------------------
  const ids: Array<[string, string, DiffRequest['scope']]> = [
    ['the id', `{{id:${slot}}}`, slotScope], ['a numeric prefix (5abc)', `{{id:${slot}}}abc`, slotScope],
    ['a leading zero (05)', `0{{id:${slot}}}`, slotScope], ['5.0', `{{id:${slot}}}.0`, slotScope],
    ['5e0', `{{id:${slot}}}e0`, slotScope], ['a leading space (%205)', `%20{{id:${slot}}}`, slotScope],
    ['5.9 (matches nothing)', `{{id:${slot}}}.9`, slotScope], ['a plus sign (+5)', `+{{id:${slot}}}`, slotScope],
    ['-1', '-1', 'exact'], ['0', '0', 'exact'], ['abc', 'abc', 'exact'], ['a huge id', '99999999999999999999999', 'exact'],
    ['1e3 (image 1000, whoever has it)', '1e3', 'shape'], ['an empty segment', '%20', 'exact'],
  ];
  for (const [name, id, scope] of ids) add('show', `show: ${name}`, 'GET', `/images/${id}`, { scope });
  add('show', 'show: HEAD', 'HEAD', `/images/{{id:${slot}}}`, { scope: slotScope });
  add('show', 'show: no Accept header (controller JSON regardless)', 'GET', `/images/{{id:${slot}}}`, { headers: { Authorization: 'Bearer {{key}}' }, scope: slotScope });
  add('show', 'show: Accept text/html (controller JSON regardless)', 'GET', `/images/{{id:${slot}}}`, { headers: { Authorization: 'Bearer {{key}}', Accept: 'text/html' }, scope: slotScope });
  add('show', 'show: a missing id, not JSON client', 'GET', `/images/${MISSING_ID}`, { headers: { Authorization: 'Bearer {{key}}' } });

  // --- isolation ---------------------------------------------------------------------------------
  if (options.key2) {
    const other = { ...JSON_CLIENT, Authorization: 'Bearer {{key2}}' };
    add('isolation', "isolation: the second user's list has none of the first user's images", 'GET', scoped(), { headers: other });
    add('isolation', "isolation: the second user cannot see the first user's image", 'GET', `/images/{{id:${slot}}}`, { headers: other });
    if (!options.readOnly) {
      add('isolation', "isolation: the second user cannot update the first user's image", 'PATCH', `/images/{{id:${slot}}}`, withBody('json', { name: `${t} stolen` }, other));
      add('isolation', "isolation: the second user cannot delete the first user's image", 'DELETE', `/images/{{id:${slot}}}`, { headers: other });
      add('isolation', 'isolation: the image is still there for its owner', 'GET', `/images/{{id:${slot}}}`);
    }
  }

  // --- a plan without API access: 403 on every operation, before anything is looked up ----------
  if (options.noApiKey) {
    const noApi = { ...JSON_CLIENT, Authorization: 'Bearer {{noapi}}' };
    add('auth', 'no API access: list', 'GET', '/images', { headers: noApi });
    add('auth', 'no API access: list, not a JSON client', 'GET', '/images', { headers: { Authorization: 'Bearer {{noapi}}' } });
    add('auth', 'no API access: key in the query', 'GET', '/images?api_token={{noapi}}', { headers: JSON_CLIENT });
    add('auth', "no API access: show another user's image", 'GET', `/images/{{id:${slot}}}`, { headers: noApi });
    add('auth', 'no API access: show a missing id', 'GET', `/images/${MISSING_ID}`, { headers: noApi });
    if (!options.readOnly) {
      add('auth', 'no API access: store', 'POST', '/images', withBody('json', { name: `${t} refused`, description: DESCRIPTION, resolution: '256x256' }, noApi));
      add('auth', 'no API access: store with invalid fields', 'POST', '/images', withBody('json', { name: '' }, noApi));
      add('auth', 'no API access: update', 'PATCH', `/images/{{id:${slot}}}`, withBody('json', { name: `${t} refused` }, noApi));
      add('auth', 'no API access: delete', 'DELETE', `/images/{{id:${slot}}}`, { headers: noApi });
      add('auth', 'no API access: the image is untouched for its owner', 'GET', `/images/{{id:${slot}}}`);
    }
  }

  // --- a Russian account: what follows the account's language, and what must not ----------------
  if (options.russianAccount) russianAccountRequests(t, facts, options.readOnly, add, withBody, scoped);

  // --- routing, methods, CORS --------------------------------------------------------------------
  routingRequests(t, options.readOnly, slot, add);

  // --- files ---------------------------------------------------------------------------------------
  const fileSlots = options.readOnly ? ['listed'] : creations(t).map((c) => c.slot);
  for (const name of fileSlots) add('files', `file: the JPEG of ${name}`, 'GET', `{{url:${name}}}`, { headers: {}, scope: slotScope });
  add('files', 'file: HEAD', 'HEAD', `{{url:${slot}}}`, { headers: {}, scope: slotScope });
  add('files', 'file: with an Origin (no CORS header upstream)', 'GET', `{{url:${slot}}}`, { headers: { Origin: 'https://app.example' }, scope: slotScope });
  add('files', 'file: an unknown file', 'GET', 'site:/uploads/users/images/00000000-0000-4000-8000-000000000000.jpg', { headers: {} });
  add('files', 'file: an unknown file, JSON client', 'GET', 'site:/uploads/users/images/nothing.jpg', { headers: JSON_CLIENT });

  // --- deletes last --------------------------------------------------------------------------------
  if (!options.readOnly) {
    add('delete', 'delete: with a leading zero (0230 is 230)', 'DELETE', '/images/0{{id:cotton}}');
    add('delete', 'delete: the deleted image is gone', 'GET', '/images/{{id:cotton}}');
    add('delete', 'delete: its file is gone too', 'GET', '{{url:cotton}}', { headers: {} });
    add('delete', 'delete: again', 'DELETE', '/images/{{id:cotton}}');
    add('delete', 'delete: with a numeric prefix (5abc)', 'DELETE', '/images/{{id:under}}abc');
    add('delete', 'delete: 5.9 matches nothing', 'DELETE', '/images/{{id:beta}}.9');
    add('delete', 'delete: abc', 'DELETE', '/images/abc');
    add('delete', 'delete: a missing id', 'DELETE', `/images/${MISSING_ID}`);
    add('delete', 'delete: a missing id, not a JSON client', 'DELETE', `/images/${MISSING_ID}`, { headers: { Authorization: 'Bearer {{key}}' } });
    add('delete', 'delete: through POST with _method=DELETE', 'POST', '/images/{{id:long}}', withBody('form', { _method: 'DELETE' }));
    add('delete', 'delete: the list after the deletes', 'GET', scoped('per_page=100'));
  }
  return out;
}

type Add = (group: string, name: string, method: string, path: string, extra?: Partial<DiffRequest>) => void;
type WithBody = (encoding: Encoding, fields: Record<string, unknown>, headers?: Record<string, string>) => { body: string; headers: Record<string, string> };

/** Store cases that fail validation (or answer 404 for variations): nothing is created. */
function storeValidation(t: string, facts: SpecFacts): Array<[string, Encoding, Record<string, unknown>]> {
  const ok = { name: `${t} never`, description: DESCRIPTION, resolution: facts.enums.resolution[0] ?? '256x256' };
  const cases: Array<[string, Record<string, unknown>]> = [
    ['an empty body', {}],
    ['no name', { description: DESCRIPTION, resolution: ok.resolution }],
    ['an empty name', { ...ok, name: '' }],
    ['a blank name (trimmed to empty)', { ...ok, name: ' \u200b ' }],
    ['a name of 129 characters', { ...ok, name: `${t} `.padEnd(129, 'é') }],
    ['no description', { name: ok.name, resolution: ok.resolution }],
    ['a description of 2049 characters', { ...ok, description: 'd'.repeat(2049) }],
    ['no resolution', { name: ok.name, description: DESCRIPTION }],
    ['an unknown resolution', { ...ok, resolution: '2048x2048' }],
    ['an upper-case resolution', { ...ok, resolution: (facts.enums.resolution[1] ?? '512x512').toUpperCase() }],
    ['an upper-case style', { ...ok, style: (facts.enums.style[2] ?? 'anime').toUpperCase() }],
    ['an unknown medium', { ...ok, medium: 'oil' }],
    ['an unknown filter', { ...ok, filter: 'blur' }],
    ['every field empty', { name: '', description: '', resolution: '', style: '', medium: '', filter: '' }],
    ['variations empty', { ...ok, variations: '' }],
    ['variations abc', { ...ok, variations: 'abc' }],
    ['variations 0', { ...ok, variations: '0' }],
    ['variations 5', { ...ok, variations: '5' }],
    ['variations 2 (valid: 404)', { ...ok, variations: '2' }],
    ['a bad name and a bad resolution', { ...ok, name: '', resolution: 'x' }],
  ];
  const jsonOnly: Array<[string, Record<string, unknown>]> = [
    ['a numeric resolution', { ...ok, resolution: 512 }],
    ['a numeric name', { ...ok, name: 5 }],
    ['an array name', { ...ok, name: ['x'] }],
    ['a null name', { ...ok, name: null }],
    ['variations null', { ...ok, variations: null }],
    ['variations 2 as a number (valid: 404)', { ...ok, variations: 2 }],
    ['variations 1.5', { ...ok, variations: 1.5 }],
    ['a boolean style', { ...ok, style: true }],
  ];
  return [
    ...ENCODINGS.flatMap((encoding) => cases.filter(([, f]) => encodable(encoding, f)).map(([n, f]) => [n, encoding, f] as [string, Encoding, Record<string, unknown>])),
    ...jsonOnly.map(([n, f]) => [n, 'json', f] as [string, Encoding, Record<string, unknown>]),
  ];
}

/** Updates, in an order that leaves both sides in the same state when they behave alike. */
function updates(t: string, add: Add, withBody: WithBody): void {
  const favorite = ['1', '+1', ' 1 ', '0', '01', '1.0', '1e0', 'abc', 'true', 'a', '2', '', '-1'];
  for (const encoding of ['json', 'form'] as const) {
    for (const value of favorite) {
      add('update', `update: favorite ${JSON.stringify(value)} (${encoding})`, 'PATCH', '/images/{{id:beta}}', withBody(encoding, { favorite: value }));
    }
  }
  for (const value of favorite.slice(0, 8)) add('update', `update: favorite ${JSON.stringify(value)} in the query`, 'PATCH', `/images/{{id:epee}}?favorite=${encodeURIComponent(value)}`);
  const jsonValues: unknown[] = [1, true, false, 1.5, 2, null, [], 0, 1];
  for (const value of jsonValues) add('update', `update: favorite JSON ${JSON.stringify(value)}`, 'PUT', '/images/{{id:alpha}}', withBody('json', { favorite: value }));
  add('update', 'update: favorite JSON 1.0 (a float literal)', 'PATCH', '/images/{{id:cyrillic}}', { body: '{"favorite":1.0}', headers: { ...AUTH, 'Content-Type': 'application/json' } });
  add('update', 'update: an empty name', 'PATCH', '/images/{{id:beta}}', withBody('json', { name: '' }));
  add('update', 'update: a name of 129 characters', 'PATCH', '/images/{{id:beta}}', withBody('form', { name: 'n'.repeat(129) }));
  add('update', 'update: a numeric name', 'PATCH', '/images/{{id:beta}}', withBody('json', { name: 5 }));
  add('update', 'update: the same name (updated_at stays)', 'PUT', '/images/{{id:beta}}', withBody('json', { name: `${t} beta Dog` }));
  add('update', 'update: a new name (form)', 'PUT', '/images/{{id:beta}}', withBody('form', { name: `${t} beta Dog renamed` }));
  add('update', 'update: name and favorite, other fields ignored', 'PATCH', '/images/{{id:city2}}', withBody('json', { name: `${t} CITY #2 b`, favorite: 1, style: 'anime', resolution: '1024x1024' }));
  add('update', 'update: an empty body changes nothing', 'PATCH', '/images/{{id:city12}}');
  add('update', 'update: an empty JSON object changes nothing', 'PATCH', '/images/{{id:city12}}', withBody('json', {}));
  add('update', 'update: multipart PUT has no fields', 'PUT', '/images/{{id:city12}}', withBody('multipart', { name: `${t} ignored` }));
  add('update', 'update: POST multipart with _method=PUT', 'POST', '/images/{{id:city12}}', withBody('multipart', { _method: 'PUT', name: `${t} CITY #12 m` }));
  add('update', 'update: POST with X-HTTP-Method-Override: PATCH', 'POST', '/images/{{id:under}}', { ...withBody('form', { favorite: '1' }), headers: { ...withBody('form', {}).headers, 'X-HTTP-Method-Override': 'PATCH' } });
  add('update', 'update: POST with ?_method=patch', 'POST', '/images/{{id:extras}}?_method=patch', withBody('form', { favorite: '1' }));
  add('update', 'update: the query fills in, the body wins', 'PATCH', '/images/{{id:nulls}}?favorite=0&name=query', withBody('json', { name: `${t} nulls b` }));
  add('update', 'update: user_id in the body', 'PATCH', '/images/{{id:alpha}}', withBody('json', { user_id: 1, favorite: 0 }));
  add('update', 'update: an empty user_id in the query', 'PATCH', '/images/{{id:alpha}}?user_id=', withBody('json', { favorite: 0 }));
  add('update', 'update: user_id, not a JSON client (an HTML page)', 'PATCH', '/images/{{id:alpha}}', withBody('form', { user_id: '2' }, { Authorization: 'Bearer {{key}}' }));
  add('update', 'update: bad input on a missing id (422 before 404)', 'PATCH', `/images/${MISSING_ID}`, withBody('json', { favorite: 'abc' }));
  add('update', 'update: a missing id', 'PUT', `/images/${MISSING_ID}`, withBody('json', { name: `${t} x` }));
  add('update', 'update: a numeric prefix id (5abc)', 'PATCH', '/images/{{id:slashes}}abc', withBody('json', { favorite: 1 }));
}

/**
 * The Russian account (`--key-ru`): every validation rule of store and update, the list's page
 * arrows, the site's own strings and the framework's bodies, compared in full (the messages' text
 * and the labels); `Accept-Language` and a `locale` cookie, which must not change either account's
 * language. It creates one image of its own (slot `ru`), deleted with its own key.
 */
function russianAccountRequests(t: string, facts: SpecFacts, readOnly: boolean, add: Add, withBody: WithBody, scoped: (query?: string) => string): void {
  const ru = (name: string, method: string, path: string, extra: Partial<DiffRequest> = {}) =>
    add('locale', `Russian account: ${name}`, method, path, { ...extra, account: 'ru' });
  const en = (name: string, method: string, path: string, extra: Partial<DiffRequest> = {}) => add('locale', `English account: ${name}`, method, path, extra);
  if (!readOnly) {
    ru('store: its own image (json)', 'POST', '/images', { ...withBody('json', { name: `${t} ru Кот`, description: DESCRIPTION, resolution: '256x256' }), creates: 'ru' });
    for (const [name, encoding, fields] of storeValidation(t, facts).filter(([, encoding]) => encoding === 'json')) {
      ru(`store: ${name} (${encoding})`, 'POST', '/images', withBody(encoding, fields));
    }
    const update = (name: string, encoding: Encoding, fields: Record<string, unknown>, id = '{{id:ru}}') => ru(`update: ${name} (${encoding})`, 'PATCH', `/images/${id}`, withBody(encoding, fields));
    update('favorite "abc"', 'json', { favorite: 'abc' });
    update('favorite 5', 'json', { favorite: 5 });
    update('favorite 1.5', 'json', { favorite: 1.5 });
    update('an empty name', 'json', { name: '' });
    update('a name of 129 characters', 'form', { name: 'n'.repeat(129) });
    update('a numeric name', 'json', { name: 5 });
    update('favorite null', 'json', { favorite: null });
    update('bad input on a missing id (422 before 404)', 'json', { favorite: 'abc' }, MISSING_ID);
    update('a missing id', 'json', { name: `${t} x` }, MISSING_ID);
    ru('update: its image is unchanged', 'GET', '/images/{{id:ru}}');
    ru('delete: a missing id', 'DELETE', `/images/${MISSING_ID}`);
    ru('routing: POST /images/1 (wrong method: a framework body)', 'POST', '/images/1');
    // Headers never choose the language: the account does (BEHAVIOUR.md "Locale").
    const nothing = withBody('json', {});
    ru('store: nothing, with Accept-Language: en-US', 'POST', '/images', { ...nothing, headers: { ...nothing.headers, 'Accept-Language': 'en-US,en;q=0.9' } });
    ru('store: nothing, with Cookie: locale=en', 'POST', '/images', { ...nothing, headers: { ...nothing.headers, Cookie: 'locale=en' } });
    en('store: nothing, with Accept-Language: ru-RU', 'POST', '/images', { ...nothing, headers: { ...nothing.headers, 'Accept-Language': 'ru-RU,ru;q=0.9' } });
    en('store: nothing, with Cookie: locale=ru', 'POST', '/images', { ...nothing, headers: { ...nothing.headers, Cookie: 'locale=ru' } });
  }
  ru('list: filtered to this run', 'GET', scoped());
  ru('list: filtered to this run, page 2', 'GET', scoped('per_page=10&page=2'));
  ru('list: filtered, with Accept-Language: en-US', 'GET', scoped(), { headers: { ...AUTH, 'Accept-Language': 'en-US,en;q=0.9' } });
  en('list: filtered, with Accept-Language: ru and Cookie: locale=ru', 'GET', scoped(), { headers: { ...AUTH, 'Accept-Language': 'ru', Cookie: 'locale=ru' } });
  // Each side's own images: the arrows are compared, the numbers by their arithmetic.
  ru('list (unfiltered): per_page=10', 'GET', '/images?per_page=10', { scope: 'shape' });
  ru('list (unfiltered): per_page=10 page 2', 'GET', '/images?per_page=10&page=2', { scope: 'shape' });
  ru('show: a missing id (the site\'s "Resource not found.")', 'GET', `/images/${MISSING_ID}`);
  ru('list: search[]=x (a framework Server Error)', 'GET', '/images?search[]=x');
  ru('routing: GET an unknown path under /api/v1 (a framework 404)', 'GET', 'site:/api/v1/foo');
}

function authRequests(t: string, readOnly: boolean, add: Add): void {
  const list = `/images?search=${t}&per_page=10`;
  const ways: Array<[string, Partial<DiffRequest>, string?]> = [
    ['Bearer', { headers: AUTH }],
    ['api_token in the query', { headers: JSON_CLIENT }, '&api_token={{key}}'],
    ['api_token in a JSON body of a GET', { headers: { ...JSON_CLIENT, 'Content-Type': 'application/json' }, body: '{"api_token":"{{key}}"}' }],
    ['api_token in a form body of a GET (not read)', { headers: { ...JSON_CLIENT, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'api_token={{key}}' }],
    ['Basic auth password', { headers: { ...JSON_CLIENT, Authorization: 'Basic {{basic}}' } }],
    ['Basic auth, wrong password', { headers: { ...JSON_CLIENT, Authorization: 'Basic eDp3cm9uZw==' } }],
    ['"Token Bearer KEY"', { headers: { ...JSON_CLIENT, Authorization: 'Token Bearer {{key}}' } }],
    ['"Bearer KEY, x"', { headers: { ...JSON_CLIENT, Authorization: 'Bearer {{key}}, x' } }],
    ['the upper-cased key', { headers: { ...JSON_CLIENT, Authorization: 'Bearer {{KEY}}' } }],
    ['lower-case "bearer"', { headers: { ...JSON_CLIENT, Authorization: 'bearer {{key}}' } }],
    ['two spaces after Bearer', { headers: { ...JSON_CLIENT, Authorization: 'Bearer  {{key}}' } }],
    ['a wrong ?api_token beats a valid Bearer', { headers: AUTH }, '&api_token=wrong'],
    ['?api_token= falls through to Bearer', { headers: AUTH }, '&api_token='],
    ['?api_token=0 falls through to Bearer', { headers: AUTH }, '&api_token=0'],
    ['a wrong JSON api_token beats a valid Bearer', { headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"api_token":"wrong"}' }],
  ];
  for (const [name, extra, query] of ways) add('auth', `auth: ${name}`, 'GET', `${list}${query ?? ''}`, extra);

  const failures: Array<[string, Record<string, string>]> = [
    ['no key', {}],
    ['a wrong key', { Authorization: `Bearer ${WRONG_KEY}` }],
    ['a malformed Authorization', { Authorization: 'Bearer' }],
  ];
  const clients: Array<[string, Record<string, string>]> = [
    ['no Accept', {}],
    ['Accept text/html', { Accept: 'text/html' }],
    ['Accept application/json', { Accept: 'application/json' }],
    ['Accept */*', { Accept: '*/*' }],
    ['Accept text/html, application/json', { Accept: 'text/html, application/json' }],
    ['Accept text/html;q=0.5, application/json', { Accept: 'text/html;q=0.5, application/json' }],
    ['Accept text/html;q=0.9, application/json;q=0.8', { Accept: 'text/html;q=0.9, application/json;q=0.8' }],
    ['Accept application/vnd.api+json', { Accept: 'application/vnd.api+json' }],
    ['X-Requested-With, no Accept', { 'X-Requested-With': 'XMLHttpRequest' }],
    ['X-Requested-With, Accept text/html', { 'X-Requested-With': 'XMLHttpRequest', Accept: 'text/html' }],
  ];
  const routes: Array<[string, string, boolean]> = [
    ['GET', '/images', false], ['GET', `/images/${MISSING_ID}`, false], ['HEAD', '/images', false], ['GET', 'site:/api/v1/foo', false],
    ['POST', '/images', true], ['PATCH', '/images/1', true], ['DELETE', '/images/1', true],
  ];
  for (const [failure, auth] of failures) {
    for (const [client, accept] of clients) {
      for (const [method, path, write] of routes) {
        if (write && readOnly) continue;
        // Writes only for the two common failures: the matrix is long enough.
        if (write && failure === 'a malformed Authorization') continue;
        const body = method === 'POST' ? { body: `name=${t}&description=x&resolution=256x256`, headers: { ...auth, ...accept, 'Content-Type': 'application/x-www-form-urlencoded' } } : {};
        add('auth', `auth: ${failure}, ${client}: ${method} ${path.replace('site:', '')}`, method, path, { headers: { ...auth, ...accept }, ...body });
      }
    }
  }
}

function listRequests(t: string, facts: SpecFacts, add: Add, scoped: (query?: string) => string): void {
  const list = (name: string, query: string, extra: Partial<DiffRequest> = {}) => add('list', `list: ${name}`, 'GET', scoped(query), extra);
  list('filtered to this run', '');
  list('HEAD', '', { method: 'HEAD' } as Partial<DiffRequest>);
  list('no Accept (controller JSON regardless)', '', { headers: { Authorization: 'Bearer {{key}}' } });
  for (const value of [...facts.enums.per_page, '20', '0', '-1', 'abc', '25.0', '1e1', '%2010%20', '', '10&per_page=25', '1000']) list(`per_page=${value}`, `per_page=${value}`);
  list('per_page as an array', 'per_page[]=10');
  for (const value of ['1', '2', '3', '0', '-1', '%2B2', '05', '2.0', '1e0', 'abc', '', '99999999999999999999', '2147483648']) list(`page=${value}`, `per_page=10&page=${value}`);
  list('page as an array', 'per_page=10&page[]=2');
  for (const value of ['asc', 'desc', 'ASC', 'up', '']) list(`sort=${value}`, `sort=${value}`);
  for (const value of ['id', 'name', 'NAME', 'result', 'created_at', '']) list(`sort_by=${value}`, `sort_by=${value}`);
  list('sort_by=name&sort=asc', 'sort_by=name&sort=asc');
  list('sort_by=name&sort=desc, page 2', 'sort_by=name&sort=desc&per_page=10&page=2');
  for (const value of ['name', 'result', 'RESULT', 'other', '']) list(`search_by=${value}`, `search_by=${value}`);
  const searches: Array<[string, string]> = [
    ['upper case', t.toUpperCase()], ['two words', `${t} alpha`], ['case-insensitive', `${t} ALPHA CAT`],
    ['accent-insensitive (epee finds épée)', `${t} EPEE`], ['non-ASCII', `${t} épée`], ['Cyrillic, other case', `${t} кот ёжик`],
    ['% is a wildcard', `${t}%cotton`], ['\\% is a literal %', `${t} 100\\%`], ['_ is a wildcard', `${t} _lpha`],
    ['\\_ is a literal _', `${t} under\\_score`], ['a slash', `${t} a/b`], ['quotes and backslash', `${t} a/b "q" \\\\`],
    ['padded with spaces (trimmed)', `  ${t}  `], ['with a plus for a space', `${t}+beta`], ['no match', `${t} nothing`],
  ];
  for (const [name, value] of searches) add('list', `list: search, ${name}`, 'GET', `/images?search=${encodeURIComponent(value).replace('%2B', '+')}`);
  const filters: Array<[keyof SpecFacts['enums'], string]> = [['style', 'anime'], ['medium', 'ink'], ['filter', 'sepia'], ['resolution', '256x256']];
  for (const [name, known] of filters) {
    const values = [known, known.toUpperCase(), facts.enums[name].at(-1) ?? known, 'unknown', '', '0', '%20' + known + '%20'];
    for (const value of values) list(`${name}=${value}`, `${name}=${value}`);
    list(`${name}[]=${known} (array: its first element)`, `${name}[]=${known}`);
    list(`${name}[]= (an empty array element)`, `${name}[]=`);
    list(`${name}[0]=${known}&${name}[1]=x`, `${name}[0]=${known}&${name}[1]=x`);
  }
  for (const value of ['1', '0', '2', '1.0', 'true', 'yes', '', '-1', '%201%20']) list(`favorite=${value}`, `favorite=${value}`);
  list('style and favorite together', 'style=anime&favorite=1&sort_by=name&sort=asc');
  list('every parameter (the links keep their order)', 'favorite=0&sort=asc&medium=ink&style=anime&per_page=10&sort_by=name&filter=sepia&resolution=512x512&search_by=result&page=1');
  list('a search and a JSON body on GET (the body wins)', '', { headers: { ...AUTH, 'Content-Type': 'application/json' }, body: '{"per_page":10,"page":2}' });
  list('a form body on GET is not read', '', { headers: { ...AUTH, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'per_page=10' });
  // Unfiltered: each side's own data; compared by shape and the meta arithmetic.
  const unfiltered = (name: string, query: string) => add('list', `list (unfiltered): ${name}`, 'GET', `/images${query}`, { scope: 'shape' });
  for (const [name, query] of [['no parameters', ''], ['search=0 (no search, kept in the links)', '?search=0'], ['search= (empty)', '?search='],
    ['search=% (everything)', '?search=%25'], ['per_page=10 page 2', '?per_page=10&page=2'], ['per_page=100', '?per_page=100'],
    ['sort asc by name', '?sort_by=name&sort=asc&per_page=50'], ['a page past the end', '?page=100000'], ['page 8 of many', '?per_page=10&page=8']] as const) {
    unfiltered(name, query);
  }
  add('list', 'list: search[]=x is a Server Error', 'GET', '/images?search[]=x');
  add('list', 'list: search[]= is a Server Error too', 'GET', '/images?search[]=');
  add('list', 'list: search[]=x, not a JSON client', 'GET', '/images?search[]=x', { headers: { Authorization: 'Bearer {{key}}' } });
}

function routingRequests(t: string, readOnly: boolean, slot: string, add: Add): void {
  const route = (name: string, method: string, path: string, extra: Partial<DiffRequest> = {}) => add('routing', `routing: ${name}`, method, path, extra);
  const plain = { Authorization: 'Bearer {{key}}' };
  for (const [name, path] of [
    ['an unknown path under /api/v1', 'site:/api/v1/foo'], ['below an image', `/images/{{id:${slot}}}/x`], ['/api/v1 itself', 'site:/api/v1'],
    ['/api itself', 'site:/api'], ['outside the API version', 'site:/api/xyz'], ['percent-encoding kept in the message', 'site:/api/x%20y%2Fz'],
    ['/api/v2/images', 'site:/api/v2/images'], ['a trailing slash', '/images/'], ['the collection in capitals', 'site:/api/v1/IMAGES'],
  ] as const) {
    // `/images/` is the unfiltered list on some servers: compared by shape, as is the listed image.
    const scope = path === '/images/' || (path.includes('{{id') && slot === 'listed') ? 'shape' : 'exact';
    route(`GET ${name}`, 'GET', path, { scope });
    route(`GET ${name}, not a JSON client`, 'GET', path, { headers: plain, scope });
  }
  route('HEAD an unknown path', 'HEAD', 'site:/api/v1/foo');
  if (!readOnly) {
    for (const [method, path] of [['PUT', '/images'], ['PATCH', '/images'], ['DELETE', '/images'], ['POST', '/images/1'], ['POST', 'site:/api/v1/foo'],
      ['DELETE', 'site:/api/v1/foo'], ['PUT', 'site:/api/xyz'], ['POST', '/images/1/x']] as const) {
      route(`${method} ${path.replace('site:', '')} (wrong method)`, method, path);
      route(`${method} ${path.replace('site:', '')} (wrong method), not a JSON client`, method, path, { headers: plain });
    }
    route('an unknown method override', 'POST', '/images/1', { headers: { ...AUTH, 'X-HTTP-Method-Override': 'TRACE' } });
  }
  // CORS: plain OPTIONS and preflights need no auth.
  for (const [name, path] of [['the collection', '/images'], ['an image', '/images/5'], ['another /api/v1 path', 'site:/api/v1/foo'], ['an unrouted /api path', 'site:/api/xyz']] as const) {
    add('cors', `cors: plain OPTIONS on ${name}`, 'OPTIONS', path, { headers: {} });
    add('cors', `cors: preflight on ${name}`, 'OPTIONS', path, { headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' } });
    add('cors', `cors: preflight on ${name}, no Origin and no headers asked`, 'OPTIONS', path, { headers: { 'Access-Control-Request-Method': 'DELETE' } });
  }
  add('cors', 'cors: an ordinary request with an Origin', 'GET', `/images?search=${t}&per_page=10`, { headers: { ...AUTH, Origin: 'https://app.example' } });
  add('cors', 'cors: a 401 with an Origin', 'GET', '/images', { headers: { ...JSON_CLIENT, Origin: 'https://app.example' } });
  add('cors', 'cors: a 302 with an Origin', 'GET', '/images', { headers: { Origin: 'https://app.example' } });
}
