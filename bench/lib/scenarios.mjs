// The requests of each scenario, as autocannon `requests` arrays, and the helpers that prepare
// their data. Pure apart from the counters the callbacks update (no I/O).

/**
 * @typedef {object} Enums the values the OpenAPI document allows
 * @property {string[]} styles `style` (components.schemas.Style)
 * @property {string[]} resolutions `resolution` (components.schemas.Resolution)
 * @property {number[]} perPages `per_page` (components.parameters.per_page)
 */

/**
 * Reads the enums the scenarios draw from out of the parsed OpenAPI document.
 * @param {any} doc the parsed openapi/openapi.yaml
 * @returns {Enums}
 */
export function enumsFromDocument(doc) {
  const styles = doc?.components?.schemas?.Style?.enum;
  const resolutions = doc?.components?.schemas?.Resolution?.enum;
  const perPages = doc?.components?.parameters?.per_page?.schema?.enum;
  if (!Array.isArray(styles) || !Array.isArray(resolutions) || !Array.isArray(perPages)) {
    throw new Error('openapi/openapi.yaml: components.schemas.Style/Resolution or parameters.per_page has no enum');
  }
  return { styles: styles.map(String), resolutions: resolutions.map(String), perPages: perPages.map(Number) };
}

/**
 * A small deterministic generator (mulberry32), so a run draws the same words in the same order.
 * @param {number} seed
 */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shuffled copy (Fisher–Yates with a seeded generator).
 * @template T
 * @param {T[]} items
 * @param {number} seed
 * @returns {T[]}
 */
export function shuffled(items, seed) {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [/** @type {T} */ (out[j]), /** @type {T} */ (out[i])];
  }
  return out;
}

/**
 * The distinct words of three or more letters in the names, lower-cased, sorted.
 * @param {Iterable<string>} names
 * @returns {string[]}
 */
export function extractWords(names) {
  const words = new Set();
  for (const name of names) {
    for (const match of name.matchAll(/\p{L}{3,}/gu)) words.add(match[0].toLowerCase());
  }
  return [...words].sort();
}

/**
 * The filtered list's query for request number `i`: a search word, a style, `favorite=1`, sorted
 * by name ascending, with a per_page from the allowed set, and `n=i`. Word × style × per_page
 * cycle so that the first words × styles × perPages requests differ in what the API actually reads
 * (not only in the ignored `n`): no response cache can answer them.
 * @param {number} i
 * @param {string[]} words
 * @param {Enums} enums
 */
export function filteredQuery(i, words, { styles, perPages }) {
  const word = /** @type {string} */ (words[i % words.length]);
  const style = /** @type {string} */ (styles[Math.floor(i / words.length) % styles.length]);
  const perPage = perPages[Math.floor(i / (words.length * styles.length)) % perPages.length];
  return `search=${encodeURIComponent(word)}&style=${encodeURIComponent(style)}&favorite=1&sort_by=name&sort=asc&per_page=${perPage}&n=${i}`;
}

/**
 * @typedef {object} ScenarioData what the scenarios need of one fake (collected from its list)
 * @property {string[]} words search words found in the seeded names of both keys
 * @property {number[]} ids ids of key one's images
 * @property {string[]} files `result` of ~10 images per resolution (key one)
 */

/**
 * @typedef {object} Tally counters one autocannon run's callbacks fill in
 * @property {number} expected404 404s the scenario asked for
 * @property {number} violations
 * @property {Record<string, number>} checks failed checks by reason
 */

/** @returns {Tally} */
export function newTally() {
  return { expected404: 0, violations: 0, checks: {} };
}

/**
 * @typedef {object} ScenarioContext
 * @property {string} prefix the API's path prefix: /api/v1 on the fake, '' on Prism (it serves the document's paths)
 * @property {[string, string]} keys key one and key two
 * @property {ScenarioData} data
 * @property {Enums} enums
 * @property {boolean} stateful whether reads must see writes (false for Prism: it answers from examples)
 * @property {{ n: number }} sequence a counter kept across the warm-up and the runs of one figure
 * @property {string} tag makes the created names unique across figures
 */

/** @param {string} key */
const apiHeaders = (key) => ({ accept: 'application/json', authorization: `Bearer ${key}` });

/**
 * @param {Record<string, string | string[]>} headers
 * @param {string} name lower case
 */
function header(headers, name) {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  return undefined;
}

/**
 * The autocannon `requests` of a scenario; the callbacks count into `tally`.
 * @param {string} scenario list | filtered | show | jpeg | mixed
 * @param {ScenarioContext} ctx
 * @param {Tally} tally
 * @returns {object[]}
 */
export function buildRequests(scenario, ctx, tally) {
  const { prefix, keys, data, sequence } = ctx;
  const one = apiHeaders(keys[0]);
  const two = apiHeaders(keys[1]);
  /** @param {string} reason */
  const fail = (reason) => {
    tally.violations++;
    tally.checks[reason] = (tally.checks[reason] ?? 0) + 1;
  };
  const pick = (/** @type {any[]} */ items, /** @type {number} */ i) => items[i % items.length];

  switch (scenario) {
    case 'list':
      return [{ method: 'GET', path: `${prefix}/images`, headers: one }];
    case 'filtered':
      return [{
        method: 'GET',
        setupRequest: (/** @type {any} */ req) => {
          const i = sequence.n++;
          return { ...req, path: `${prefix}/images?${filteredQuery(i, data.words, ctx.enums)}`, headers: i % 2 === 0 ? one : two };
        },
      }];
    case 'show':
      return [{
        method: 'GET',
        setupRequest: (/** @type {any} */ req) => ({ ...req, path: `${prefix}/images/${pick(data.ids, sequence.n++)}`, headers: one }),
      }];
    case 'jpeg':
      return [{
        method: 'GET',
        setupRequest: (/** @type {any} */ req) => ({ ...req, path: `/uploads/users/images/${pick(data.files, sequence.n++)}`, headers: { accept: 'image/jpeg' } }),
        onResponse: (/** @type {number} */ status, /** @type {string} */ body, /** @type {any} */ _context, /** @type {any} */ headers) => {
          if (status !== 200) return;
          // autocannon hands the body over as a UTF-8 decoded string: a JPEG's FF D8 becomes U+FFFD.
          if (!/^image\/jpeg/i.test(header(headers, 'content-type') ?? '')) fail('JPEG route: Content-Type is not image/jpeg');
          else if (body.length < 100 || body.charCodeAt(0) !== 0xfffd) fail('JPEG route: the body is not a JPEG');
        },
      }];
    case 'mixed':
      return mixedRequests(ctx, tally, fail, one);
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

/**
 * Mixed 90% read / 10% write, as cycles of 30 requests per connection (autocannon starts each
 * connection's context afresh at every cycle): create, 26 reads, rename, delete. The reads right
 * after each write check that it is seen: the created image is in the list and shown with its
 * name, the renamed one shown with the new name, the deleted one shown as 404 (expected, not an
 * error) and gone from the list.
 * @param {ScenarioContext} ctx
 * @param {Tally} tally
 * @param {(reason: string) => void} fail
 * @param {Record<string, string>} headers key one's
 * @returns {object[]}
 */
function mixedRequests(ctx, tally, fail, headers) {
  const { prefix, data, sequence, stateful } = ctx;
  // autocannon writes Content-Length into the headers object it is given: each body gets a copy.
  const json = { ...headers, 'content-type': 'application/json' };
  let reads = 0;
  /** A plain read: the default list or a show of a seeded image, alternately. */
  const read = () => ({
    method: 'GET',
    setupRequest: (/** @type {any} */ req) => (reads++ % 2 === 0
      ? { ...req, path: `${prefix}/images`, headers }
      : { ...req, path: `${prefix}/images/${data.ids[sequence.n++ % data.ids.length]}`, headers }),
  });
  /** The created image's path, or a seeded one when the create failed (then nothing is checked). */
  const target = (/** @type {any} */ context) => `${prefix}/images/${context.id ?? data.ids[0]}`;
  /** @param {'created' | 'renamed' | 'deleted'} after */
  const checkList = (after) => ({
    method: 'GET',
    setupRequest: (/** @type {any} */ req) => ({ ...req, path: `${prefix}/images?per_page=100`, headers }),
    onResponse: (/** @type {number} */ status, /** @type {string} */ body, /** @type {any} */ context) => {
      if (!stateful || context.id == null || status !== 200) return;
      const listed = body.includes(`"id":${context.id},`);
      if (after === 'created' && !listed) fail('mixed: a created image is missing from the list');
      if (after === 'deleted' && context.deleted && listed) fail('mixed: a deleted image is still listed');
    },
  });
  /** @param {'created' | 'renamed' | 'deleted'} after */
  const checkShow = (after) => ({
    method: 'GET',
    setupRequest: (/** @type {any} */ req, /** @type {any} */ context) => ({ ...req, path: target(context), headers }),
    onResponse: (/** @type {number} */ status, /** @type {string} */ body, /** @type {any} */ context) => {
      if (!stateful || context.id == null) return;
      if (after === 'deleted') {
        if (!context.deleted) return;
        if (status === 404) tally.expected404++;
        else if (status === 200) fail('mixed: a deleted image is still shown');
        return;
      }
      if (after === 'renamed' && !context.renamed) return;
      const name = after === 'created' ? `bench ${context.n}` : `renamed ${context.n}`;
      if (status !== 200) fail(`mixed: a ${after} image is not shown (${status})`);
      else if (!body.includes(`"name":"${name}"`)) fail(`mixed: a ${after} image is shown without its new name`);
    },
  });
  const create = {
    method: 'POST',
    setupRequest: (/** @type {any} */ req, /** @type {any} */ context) => {
      context.n = `${ctx.tag}-${++sequence.n}`;
      return { ...req, method: 'POST', path: `${prefix}/images`, headers: { ...json }, body: JSON.stringify({ name: `bench ${context.n}`, description: 'x', resolution: '256x256' }) };
    },
    onResponse: (/** @type {number} */ status, /** @type {string} */ body, /** @type {any} */ context) => {
      if (status !== 201) return;
      try {
        context.id = JSON.parse(body).data.id;
      } catch {
        fail('mixed: a 201 create without data.id');
      }
    },
  };
  const rename = {
    method: 'PATCH',
    setupRequest: (/** @type {any} */ req, /** @type {any} */ context) => (context.id == null
      ? { ...req, method: 'GET', path: target(context), headers, body: undefined }
      : { ...req, method: 'PATCH', path: target(context), headers: { ...json }, body: JSON.stringify({ name: `renamed ${context.n}` }) }),
    onResponse: (/** @type {number} */ status, /** @type {string} */ _body, /** @type {any} */ context) => {
      if (context.id != null && status === 200) context.renamed = true;
    },
  };
  const remove = {
    method: 'DELETE',
    setupRequest: (/** @type {any} */ req, /** @type {any} */ context) => (context.id == null
      ? { ...req, method: 'GET', path: target(context), headers, body: undefined }
      : { ...req, method: 'DELETE', path: target(context), headers, body: undefined }),
    onResponse: (/** @type {number} */ status, /** @type {string} */ _body, /** @type {any} */ context) => {
      if (context.id != null && status === 200) context.deleted = true;
    },
  };
  const times = (/** @type {number} */ n) => Array.from({ length: n }, read);
  return [
    create, checkList('created'), checkShow('created'), ...times(7), // 0–9
    rename, checkShow('renamed'), ...times(8), // 10–19
    remove, checkShow('deleted'), checkList('deleted'), ...times(7), // 20–29
  ];
}
