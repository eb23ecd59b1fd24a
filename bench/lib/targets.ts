// Starting the targets (the fake as a user runs it, the baseline and Express servers, Prism) and
// collecting from the running fake what the scenarios need.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { httpRequest, pollUntil, readRss, startChild, type Child } from './procs.ts';
import { extractWords, filteredQuery, interleave, shuffled, type Enums, type ScenarioData } from './scenarios.ts';
import { spreadPages } from './stats.ts';
import { freePort } from '../../src/test-support/free-port.ts';
import { BIN, DOCUMENT, JSON_ONE, KEYS, log, PRISM, ROOT } from './setup.ts';

/** Pages of 100 read per key to collect the words, ids and files (evenly spread over the list). */
const PAGES_PER_KEY = 20;
const FILES_PER_RESOLUTION = 10;
/**
 * Never-requested files kept for the first-render scenario: a first render takes 40–300 ms, so a
 * figure (warm-up and runs, six connections) uses a few hundred at most.
 */
const MAX_FRESH_FILES = 3000;
const MAX_WORDS = 1000;
/** Answers fetched per scenario for the body servers to send in rotation. */
const SAMPLE_BODIES = 24;

/** A running fake and how long it took to start. */
export interface StartedFake {
  child: Child;
  origin: string;
  bannerMs: number;
  startupMs: number;
  rssBytes: number | null;
}

/**
 * Starts the fake with `count` images per key (two keys; null: the default count), as a user does
 * (`nodeArgs`, such as --cpu-prof, go to node before the script; `launcher`, such as valgrind,
 * comes before node), and times it from the spawn to the first 200 of GET /api/v1/images (polled
 * every 20 ms once the port is known).
 */
export async function startFake(count: number | null, extraArgs: string[] = [], name = 'fake', nodeArgs: string[] = [], launcher: string[] = []): Promise<StartedFake> {
  const args = [...nodeArgs, BIN, 'serve', '--host', '127.0.0.1', '--port', '0', ...(count == null ? [] : ['--count', String(count)]), ...extraArgs];
  const child = startChild(`${name} (${count ?? 'default'} per key)`, ...launched(launcher, args), { cwd: ROOT });
  const match = await child.waitFor(/listening on (http:\/\/\S+?)\/api\/v1/, 300_000);
  const origin = match[1]!;
  const bannerMs = performance.now() - child.spawnedAt;
  const readyAt = await pollUntil(`${origin}/api/v1/images`, { headers: JSON_ONE, intervalMs: 20, timeoutMs: 300_000, child });
  const startupMs = readyAt - child.spawnedAt;
  const rssBytes = readRss(child.pid);
  return { child, origin, bannerMs, startupMs, rssBytes };
}

/** What the scenarios need from one fake, and its default list body (for the baseline). */
export interface Collected {
  listBody: Buffer;
  listContentType: string;
  pagesRead: number;
  names: number;
  data: ScenarioData;
}

interface ListPage {
  data: { id: number; name: string; resolution: string; result: string }[];
  meta?: { last_page?: number };
}

/**
 * What the scenarios need, from the running fake: its default list body (for the baseline), and
 * search words, ids and JPEG files from pages spread over both keys' lists.
 */
export async function collect(origin: string, enums: Pick<Enums, 'resolutions'>): Promise<Collected> {
  const list = await httpRequest(`${origin}/api/v1/images`, { headers: JSON_ONE });
  if (list.status !== 200) throw new Error(`GET /api/v1/images answered ${list.status}`);
  const names: string[] = [];
  const ids: number[] = [];
  const files = new Map<string, string[]>(enums.resolutions.map((r) => [r, []]));
  const otherFiles = new Map<string, string[]>(enums.resolutions.map((r) => [r, []]));
  let pagesRead = 0;
  for (const key of KEYS) {
    const headers = { accept: 'application/json', authorization: `Bearer ${key}` };
    const read = async (page: number): Promise<ListPage> => {
      const answer = await httpRequest(`${origin}/api/v1/images?per_page=100&page=${page}`, { headers, timeoutMs: 60_000 });
      if (answer.status !== 200) throw new Error(`GET /api/v1/images?per_page=100&page=${page} answered ${answer.status}`);
      pagesRead++;
      return JSON.parse(answer.body.toString('utf8')) as ListPage;
    };
    const first = await read(1);
    const pages = spreadPages(Number(first.meta?.last_page ?? 1), PAGES_PER_KEY);
    for (const page of pages) {
      const body = page === 1 ? first : await read(page);
      for (const image of body.data) {
        names.push(String(image.name));
        if (key === KEYS[0]) {
          ids.push(Number(image.id));
          files.get(String(image.resolution))?.push(String(image.result));
        } else {
          otherFiles.get(String(image.resolution))?.push(String(image.result));
        }
      }
    }
  }
  const words = shuffled(extractWords(names), 1).slice(0, MAX_WORDS);
  const perResolution = [...files.entries()].map(([resolution, list]) => [resolution, shuffled([...new Set(list)], 3)] as const);
  const chosenFiles = perResolution.flatMap(([, list]) => list.slice(0, FILES_PER_RESOLUTION));
  // The rest of key one's files and key two's (the JPEG route needs no key), resolutions interleaved.
  const freshFiles = interleave(perResolution.map(([resolution, list]) =>
    shuffled([...new Set([...list.slice(FILES_PER_RESOLUTION), ...(otherFiles.get(resolution) ?? [])])], 4))).slice(0, MAX_FRESH_FILES);
  if (words.length === 0 || ids.length === 0 || chosenFiles.length === 0) throw new Error('the fake\'s list gave no words, ids or files');
  return {
    listBody: list.body,
    listContentType: String(list.headers['content-type'] ?? 'application/json'),
    pagesRead,
    names: names.length,
    data: { words, ids: shuffled([...new Set(ids)], 2), files: chosenFiles, freshFiles },
  };
}

/** Ready bodies for the baseline and the ceiling of one scenario: the fake's own answers. */
export interface SampledBodies {
  contentType: string;
  bodies: Buffer[];
}

/**
 * The fake's answers to a sample of the scenario's requests, for the baseline and the Express
 * ceiling to send in rotation, so that they send bodies of the sizes the fake sends:
 * - list: the default list (key one);
 * - filtered: queries spread evenly over the scenario's cycle (every style and per_page), keys alternating;
 * - show: the first ids of the scenario's rotation;
 * - jpeg-hit and jpeg-first: the cache-hit files (the same resolutions in the same rotation; a
 *   first render's bytes cannot be fetched without rendering it, and the sizes are alike);
 * - mixed: the default list and shows alternately, as its plain reads (writes answer a show's size).
 * Call it before the scenario runs on the fake: the JPEG hits are then rendered already.
 */
export async function sampleBodies(origin: string, scenario: string, listBody: Buffer, data: ScenarioData, enums: Enums): Promise<SampledBodies> {
  const get = async (path: string, key: string, accept = 'application/json'): Promise<{ body: Buffer; contentType: string }> => {
    const answer = await httpRequest(`${origin}${path}`, { headers: { accept, authorization: `Bearer ${key}` }, timeoutMs: 60_000 });
    if (answer.status !== 200) throw new Error(`sampling bodies for ${scenario}: GET ${path} answered ${answer.status}`);
    return { body: answer.body, contentType: String(answer.headers['content-type'] ?? accept) };
  };
  const json = (bodies: Buffer[]): SampledBodies => ({ contentType: 'application/json', bodies });
  const shows = async (n: number) => {
    const out: Buffer[] = [];
    for (const id of data.ids.slice(0, n)) out.push((await get(`/api/v1/images/${id}`, KEYS[0])).body);
    return out;
  };
  switch (scenario) {
    case 'list':
      return json([listBody]);
    case 'filtered': {
      const cycle = data.words.length * enums.styles.length * enums.perPages.length;
      const out: Buffer[] = [];
      for (let j = 0; j < SAMPLE_BODIES; j++) {
        const i = Math.floor((j * cycle) / SAMPLE_BODIES);
        out.push((await get(`/api/v1/images?${filteredQuery(i, data.words, enums)}`, KEYS[i % 2]!)).body);
      }
      return json(out);
    }
    case 'show':
      return json(await shows(SAMPLE_BODIES));
    case 'jpeg-hit':
    case 'jpeg-first': {
      const out: Buffer[] = [];
      let contentType = 'image/jpeg';
      for (const file of data.files) {
        const answer = await get(`/uploads/users/images/${file}`, KEYS[0], 'image/jpeg');
        out.push(answer.body);
        contentType = answer.contentType;
      }
      return { contentType, bodies: out };
    }
    case 'mixed':
      return json((await shows(SAMPLE_BODIES / 2)).flatMap((show) => [listBody, show]));
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

/**
 * Starts the baseline or the Express ceiling (`script`), sending `sample`'s bodies in rotation
 * (written as `<prefix>-<n>` files first); resolves with the server and its origin.
 */
export async function startBodyServer(label: string, script: string, prefix: string, sample: SampledBodies, launcher: string[] = []): Promise<{ child: Child; origin: string }> {
  const files = sample.bodies.map((body, i) => {
    const file = `${prefix}-${i}`;
    writeFileSync(file, body);
    return file;
  });
  // tsx's loader, as `npm run bench` itself runs: the servers are TypeScript too.
  const child = startChild(label, ...launched(launcher, ['--import', 'tsx', script, sample.contentType, ...files]), { cwd: ROOT });
  const origin = (await child.waitFor(/listening on (http:\/\/\S+?)\//, launcher.length > 0 ? 300_000 : 30_000))[1]!;
  return { child, origin };
}

/** Node with `args`, or under a launcher (`valgrind …`, which runs node in its own process). */
function launched(launcher: string[], args: string[]): [string, string[]] {
  return launcher.length === 0 ? [process.execPath, args] : [launcher[0]!, [...launcher.slice(1), process.execPath, ...args]];
}

/** Starts `prism mock` of the OpenAPI document on a free port, and waits until it answers. */
export async function startPrism(): Promise<{ child: Child; origin: string }> {
  const port = await freePort();
  log(`prism: starting prism mock on port ${port}`);
  const child = startChild('prism mock', process.execPath, [PRISM, 'mock', '--host', '127.0.0.1', '--port', String(port), DOCUMENT], { cwd: ROOT });
  const origin = `http://127.0.0.1:${port}`;
  await pollUntil(`${origin}/images`, { headers: JSON_ONE, intervalMs: 100, timeoutMs: 120_000, child });
  log('prism: answering');
  return { child, origin };
}
