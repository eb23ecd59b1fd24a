// The requests of each scenario, as autocannon `requests` arrays, and the helpers that prepare
// their data. Pure apart from the counters the callbacks update (no I/O).
import type autocannon from 'autocannon';
import { OpenApiDocument } from '../../src/upstream/openapi-document.ts';

/** The values the OpenAPI document allows. */
export interface Enums {
  /** `style` (components.schemas.Style) */
  styles: string[];
  /** `resolution` (components.schemas.Resolution) */
  resolutions: string[];
  /** `per_page` (components.parameters.per_page) */
  perPages: number[];
}

/** Reads the enums the scenarios draw from out of the parsed openapi/openapi.yaml (the shared reader). */
export function enumsFromDocument(parsed: unknown): Enums {
  const document = new OpenApiDocument(parsed);
  const styles = document.schemaEnum('Style');
  const resolutions = document.schemaEnum('Resolution');
  const perPages = document.parameterEnum('per_page');
  if (styles.length === 0 || resolutions.length === 0 || perPages.length === 0) {
    throw new Error('openapi/openapi.yaml: components.schemas.Style/Resolution or parameters.per_page has no enum');
  }
  return { styles: styles.map(String), resolutions: resolutions.map(String), perPages: perPages.map(Number) };
}

/** A small deterministic generator (mulberry32), so a run draws the same words in the same order. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A shuffled copy (Fisher–Yates with a seeded generator). */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Round-robin over the lists (a, b, c, a, b, c, …) until all are used up. */
export function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; out.length < lists.reduce((n, l) => n + l.length, 0); i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  }
  return out;
}

/** The distinct words of three or more letters in the names, lower-cased, sorted. */
export function extractWords(names: Iterable<string>): string[] {
  const words = new Set<string>();
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
 */
export function filteredQuery(i: number, words: string[], { styles, perPages }: Pick<Enums, 'styles' | 'perPages'>): string {
  const word = words[i % words.length]!;
  const style = styles[Math.floor(i / words.length) % styles.length]!;
  const perPage = perPages[Math.floor(i / (words.length * styles.length)) % perPages.length];
  return `search=${encodeURIComponent(word)}&style=${encodeURIComponent(style)}&favorite=1&sort_by=name&sort=asc&per_page=${perPage}&n=${i}`;
}

/** What the scenarios need of one fake (collected from its list). */
export interface ScenarioData {
  /** search words found in the seeded names of both keys */
  words: string[];
  /** ids of key one's images */
  ids: number[];
  /** `result` of ~10 images per resolution (key one): the JPEG cache hits, requested over and over */
  files: string[];
  /**
   * `result`s of other images of both keys, never requested before the first-render scenario,
   * resolutions interleaved: each is requested once, so each answer is a first render
   */
  freshFiles: string[];
}

/**
 * Connections for the first-render scenario: a browser opens about six per host, and 50 parallel
 * renders of ~0.1 s each would only measure a queue (and autocannon's timeout).
 */
export const FIRST_RENDER_CONNECTIONS = 6;

/** The autocannon connections a scenario runs with, given --connections. */
export function connectionsFor(scenario: string, connections: number): number {
  return scenario === 'jpeg-first' ? Math.min(connections, FIRST_RENDER_CONNECTIONS) : connections;
}

/** Counters one autocannon run's callbacks fill in. */
export interface Tally {
  /** 404s the scenario asked for */
  expected404: number;
  violations: number;
  /** failed checks by reason */
  checks: Record<string, number>;
}

export function newTally(): Tally {
  return { expected404: 0, violations: 0, checks: {} };
}

export interface ScenarioContext {
  /** the API's path prefix: /api/v1 on the fake, '' on Prism (it serves the document's paths) */
  prefix: string;
  /** key one and key two */
  keys: readonly [string, string];
  data: ScenarioData;
  enums: Enums;
  /**
   * whether the target is the fake itself: reads must see writes and the JPEG cache is real
   * (false for Prism, which answers from examples, and for the baseline and the ceiling)
   */
  stateful: boolean;
  /** a counter kept across the warm-up and the runs of one figure */
  sequence: { n: number };
  /** makes the created names unique across figures */
  tag: string;
}

/** One request of a scenario, as autocannon takes it. */
export type ScenarioRequest = autocannon.Request;

/** What one connection's cycle of the mixed scenario remembers (autocannon's per-cycle context). */
interface Cycle {
  n?: string;
  id?: number;
  renamed?: boolean;
  deleted?: boolean;
}
const cycle = (context: object) => context as Cycle;

const apiHeaders = (key: string) => ({ accept: 'application/json', authorization: `Bearer ${key}` });

/** A response header by its lower-case name. */
function header(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return Array.isArray(v) ? v.join(', ') : v;
  return undefined;
}

/** The autocannon `requests` of a scenario (list | filtered | show | jpeg-hit | jpeg-first | mixed); the callbacks count into `tally`. */
export function buildRequests(scenario: string, ctx: ScenarioContext, tally: Tally): ScenarioRequest[] {
  const { prefix, keys, data, sequence } = ctx;
  const one = apiHeaders(keys[0]);
  const two = apiHeaders(keys[1]);
  const fail = (reason: string) => {
    tally.violations++;
    tally.checks[reason] = (tally.checks[reason] ?? 0) + 1;
  };
  const pick = <T>(items: T[], i: number): T => items[i % items.length]!;

  switch (scenario) {
    case 'list':
      return [{ method: 'GET', path: `${prefix}/images`, headers: one }];
    case 'filtered':
      return [{
        method: 'GET',
        setupRequest: (req) => {
          const i = sequence.n++;
          return { ...req, path: `${prefix}/images?${filteredQuery(i, data.words, ctx.enums)}`, headers: i % 2 === 0 ? one : two };
        },
      }];
    case 'show':
      return [{
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `${prefix}/images/${pick(data.ids, sequence.n++)}`, headers: one }),
      }];
    case 'jpeg-hit':
      return [jpegRequest(() => pick(data.files, sequence.n++), fail)];
    case 'jpeg-first':
      return [jpegRequest(() => {
        const i = sequence.n++;
        // Past the supply, a file would come from the cache: counted, so the figure is not taken for first renders.
        if (ctx.stateful && i >= data.freshFiles.length) fail('JPEG first renders: ran out of never-requested files (a cache hit was measured)');
        return pick(data.freshFiles, i);
      }, fail)];
    case 'mixed':
      return mixedRequests(ctx, tally, fail, one);
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

/** GET of a JPEG file (`file()` names it), checking that a 200 is a JPEG. */
function jpegRequest(file: () => string, fail: (reason: string) => void): ScenarioRequest {
  return {
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: `/uploads/users/images/${file()}`, headers: { accept: 'image/jpeg' } }),
    onResponse: (status, body, _context, headers) => {
      if (status !== 200) return;
      // autocannon hands the body over as a UTF-8 decoded string: a JPEG's FF D8 becomes U+FFFD.
      if (!/^image\/jpeg/i.test(header(headers, 'content-type') ?? '')) fail('JPEG route: Content-Type is not image/jpeg');
      else if (body.length < 100 || body.charCodeAt(0) !== 0xfffd) fail('JPEG route: the body is not a JPEG');
    },
  };
}

/**
 * Mixed 90% read / 10% write, as cycles of 30 requests per connection (autocannon starts each
 * connection's context afresh at every cycle): create, 26 reads, rename, delete. The reads right
 * after each write check that it is seen: the created image is in the list and shown with its
 * name, the renamed one shown with the new name, the deleted one shown as 404 (expected, not an
 * error) and gone from the list. `headers` are key one's.
 */
function mixedRequests(ctx: ScenarioContext, tally: Tally, fail: (reason: string) => void, headers: Record<string, string>): ScenarioRequest[] {
  const { prefix, data, sequence, stateful } = ctx;
  // autocannon writes Content-Length into the headers object it is given: each body gets a copy.
  const json = { ...headers, 'content-type': 'application/json' };
  let reads = 0;
  /** A plain read: the default list or a show of a seeded image, alternately. */
  const read = (): ScenarioRequest => ({
    method: 'GET',
    setupRequest: (req) => (reads++ % 2 === 0
      ? { ...req, path: `${prefix}/images`, headers }
      : { ...req, path: `${prefix}/images/${data.ids[sequence.n++ % data.ids.length]}`, headers }),
  });
  /** The created image's path, or a seeded one when the create failed (then nothing is checked). */
  const target = (context: Cycle) => `${prefix}/images/${context.id ?? data.ids[0]}`;
  const checkList = (after: 'created' | 'renamed' | 'deleted'): ScenarioRequest => ({
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: `${prefix}/images?per_page=100`, headers }),
    onResponse: (status, body, state) => {
      const context = cycle(state);
      if (!stateful || context.id == null || status !== 200) return;
      const listed = body.includes(`"id":${context.id},`);
      if (after === 'created' && !listed) fail('mixed: a created image is missing from the list');
      if (after === 'deleted' && context.deleted && listed) fail('mixed: a deleted image is still listed');
    },
  });
  const checkShow = (after: 'created' | 'renamed' | 'deleted'): ScenarioRequest => ({
    method: 'GET',
    setupRequest: (req, context) => ({ ...req, path: target(cycle(context)), headers }),
    onResponse: (status, body, state) => {
      const context = cycle(state);
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
  const create: ScenarioRequest = {
    method: 'POST',
    setupRequest: (req, state) => {
      const context = cycle(state);
      context.n = `${ctx.tag}-${++sequence.n}`;
      return { ...req, method: 'POST', path: `${prefix}/images`, headers: { ...json }, body: JSON.stringify({ name: `bench ${context.n}`, description: 'x', resolution: '256x256' }) };
    },
    onResponse: (status, body, context) => {
      if (status !== 201) return;
      try {
        cycle(context).id = (JSON.parse(body) as { data: { id: number } }).data.id;
      } catch {
        fail('mixed: a 201 create without data.id');
      }
    },
  };
  const rename: ScenarioRequest = {
    method: 'PATCH',
    setupRequest: (req, state) => {
      const context = cycle(state);
      return context.id == null
        ? { ...req, method: 'GET', path: target(context), headers, body: undefined }
        : { ...req, method: 'PATCH', path: target(context), headers: { ...json }, body: JSON.stringify({ name: `renamed ${context.n}` }) };
    },
    onResponse: (status, _body, state) => {
      const context = cycle(state);
      if (context.id != null && status === 200) context.renamed = true;
    },
  };
  const remove: ScenarioRequest = {
    method: 'DELETE',
    setupRequest: (req, state) => {
      const context = cycle(state);
      return context.id == null
        ? { ...req, method: 'GET', path: target(context), headers, body: undefined }
        : { ...req, method: 'DELETE', path: target(context), headers, body: undefined };
    },
    onResponse: (status, _body, state) => {
      const context = cycle(state);
      if (context.id != null && status === 200) context.deleted = true;
    },
  };
  const times = (n: number) => Array.from({ length: n }, read);
  return [
    create, checkList('created'), checkShow('created'), ...times(7), // 0–9
    rename, checkShow('renamed'), ...times(8), // 10–19
    remove, checkShow('deleted'), checkList('deleted'), ...times(7), // 20–29
  ];
}
