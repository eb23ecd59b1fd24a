import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../contract/checks/index.ts';
import { runChecks } from '../contract/runner.ts';
import { createContext } from '../cli/contract-target.ts';
import { DEFAULT_KEYS } from '../core/defaults.ts';
import { freePort, redisServerAvailable, startRedisServer, type RedisServer } from '../test-support/redis-server.ts';
import { runServe, startReplica, type Replica } from '../test-support/replica.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../test-support/round-robin-proxy.ts';

// Issue 10: several `ailuna-images serve` replicas share one state through a real Redis (Debian's
// redis-server, started here on a free port; no mock of it) and behave as one API. Each test uses
// its own Redis database number (or its own redis-server when it stops Redis), and stops every
// process it started, also when it fails.

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveRedis = redisServerAvailable();

const KEY = DEFAULT_KEYS[0] as string;
const KEY2 = DEFAULT_KEYS[1] as string;
/** Upstream's own 500 for an exception inside the framework (the fake's other 500s send the same bytes). */
const SERVER_ERROR_PROBE = '/images?search[]=x';
/** More changes than the compaction threshold of the Redis log (a snapshot every so many changes). */
const WRITES_PAST_COMPACTION = 1_100;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

interface WireImage { id: number; name: string; favorite: boolean }
interface WireList { data: WireImage[]; meta: { total: number; last_page: number } }

/** One API request (`path` under /api/v1) with a JSON Accept and the key as Bearer (none when null). */
async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { key?: string | null; json?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const key = options.key === undefined ? KEY : options.key;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const json = <T>(answer: Answer): T => JSON.parse(answer.text) as T;
const describeAnswer = (answer: Answer) => `${answer.status} ${answer.text.slice(0, 300)}`;

function create(baseUrl: string, name: string, key: string = KEY): Promise<Answer> {
  return call(baseUrl, 'POST', '/images', { key, json: { name, description: 'made by the cluster test', resolution: '256x256' } });
}

async function createOk(baseUrl: string, name: string, key: string = KEY): Promise<WireImage> {
  const answer = await create(baseUrl, name, key);
  expect(answer.status, `POST ${baseUrl}/images → ${describeAnswer(answer)}`).toBe(201);
  return json<{ data: WireImage }>(answer).data;
}

/** The body with the replica's origin (also JSON-escaped, `http:\/\/…`) replaced, so pages of two replicas compare byte for byte. */
function normalize(text: string, origin: string): string {
  return text.replaceAll(origin, 'ORIGIN').replaceAll(origin.replaceAll('/', '\\/'), 'ORIGIN');
}

/** Every page (per_page=100) of `query` for `key`: the images and each page's body, origin replaced. */
async function listAll(replica: Replica, key: string = KEY, query = ''): Promise<{ images: WireImage[]; pages: string[] }> {
  const images: WireImage[] = [];
  const pages: string[] = [];
  for (let page = 1; ; page++) {
    const answer = await call(replica.baseUrl, 'GET', `/images?${query}${query === '' ? '' : '&'}per_page=100&page=${page}`, { key });
    expect(answer.status, `list on ${replica.origin} → ${describeAnswer(answer)}`).toBe(200);
    const body = json<WireList>(answer);
    images.push(...body.data);
    pages.push(normalize(answer.text, replica.origin));
    if (page >= body.meta.last_page) return { images, pages };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  }));
  return results;
}

describe.skipIf(!haveRedis).sequential('replicas sharing one state on Redis (issue 10)', () => {
  /** The Redis of the tests that do not stop it; each test takes its own database number. */
  let redis: RedisServer;
  let nextDb = 0;
  /** Stops whatever the current test started (replicas, proxies, its own redis-servers). */
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    const pending = cleanups.splice(0).reverse();
    for (const cleanup of pending) {
      try {
        await cleanup();
      } catch (error) {
        console.warn(`cluster test cleanup failed: ${(error as Error).message}`);
      }
    }
  });

  const database = (): number => {
    const db = nextDb++;
    if (db > 15) throw new Error('redis-server has 16 databases by default: too many tests on one Redis');
    return db;
  };

  async function replica(store: string, args: readonly string[], env?: Record<string, string>): Promise<Replica> {
    const started = await startReplica(store, args, env === undefined ? {} : { env });
    cleanups.push(() => started.stop());
    return started;
  }

  /** `n` replicas on one store: the first alone (it records the flags), then the others together. */
  async function cluster(n: number, store: string, args: readonly string[]): Promise<Replica[]> {
    const first = await replica(store, args);
    const rest = await Promise.all(Array.from({ length: n - 1 }, () => replica(store, args)));
    return [first, ...rest];
  }

  async function proxyOver(replicas: readonly Replica[]): Promise<RoundRobinProxy> {
    const proxy = await startRoundRobinProxy(replicas.map((r) => r.origin));
    cleanups.push(() => proxy.close());
    return proxy;
  }

  async function ownRedis(): Promise<RedisServer> {
    const server = await startRedisServer({ appendonly: true, appendfsync: 'always' });
    cleanups.push(() => server.dispose());
    return server;
  }

  it('the contract suite passes through a round-robin proxy over three replicas', async () => {
    // A Russian account and one whose allowance is used up, as every replica is told (--user-locales, --user-quotas).
    const [keyRu, keyUsedUp] = ['ClusterRussianAccount', 'ClusterUsedUpAccount'];
    const replicas = await cluster(3, redis.url(database()), [
      '--count', '30', '--keys', [KEY, KEY2, keyRu, keyUsedUp].join(','), '--user-locales', `${keyRu}=ru`, '--user-quotas', `${keyUsedUp}=0`,
    ]);
    const proxy = await proxyOver(replicas);
    // The admin journal is each process's log of the requests it served, not part of the shared
    // state: through a round-robin proxy the journal request lands on another replica than the
    // request it looks for. Every other check, the fake's extras included, runs.
    const checks = ALL_CHECKS.filter((check) => !check.name.includes('admin journal'));
    expect(checks.length).toBe(ALL_CHECKS.length - 1);
    const results = await runChecks(
      createContext({ baseUrl: proxy.baseUrl, key: KEY, key2: KEY2, keyRu, keyUsedUp, readOnly: false, rate: 0, fakeExtras: true, mode: 'full' }),
      checks,
    );
    expect(results.filter((r) => r.outcome !== 'passed').map((r) => `${r.outcome}: ${r.name}\n${r.detail ?? ''}`)).toEqual([]);
    expect(proxy.failures).toEqual([]);
    for (const count of proxy.sent) expect(count).toBeGreaterThan(50);
  }, 90_000);

  it('300 concurrent creates over three replicas get 300 distinct ids above every seeded one, listed in the same order everywhere', async () => {
    const replicas = await cluster(3, redis.url(database()), ['--count', '5']);
    const proxy = await proxyOver(replicas);
    const seeded = [...(await listAll(replicas[0]!, KEY)).images, ...(await listAll(replicas[0]!, KEY2)).images].map((i) => i.id);
    expect(seeded).toHaveLength(10);
    const maxSeeded = Math.max(...seeded);

    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => create(proxy.baseUrl, `Concurrent ${i}`, i % 2 === 0 ? KEY : KEY2)));
    expect(answers.filter((a) => a.status !== 201).map(describeAnswer)).toEqual([]);
    expect(proxy.sent).toEqual([100, 100, 100]);
    const created = answers.map((a) => json<{ data: WireImage }>(a).data);
    const ids = created.map((image) => image.id);
    expect(new Set(ids).size).toBe(300);
    expect(Math.min(...ids)).toBeGreaterThan(maxSeeded);
    expect(created.map((image) => image.name)).toEqual(Array.from({ length: 300 }, (_, i) => `Concurrent ${i}`));

    // Each replica, asked directly, lists every image of each key, in the same order, in the same bytes.
    for (const [key, parity] of [[KEY, 0], [KEY2, 1]] as const) {
      const expected = new Set([...seeded, ...ids.filter((_, i) => i % 2 === parity)]);
      const lists = await Promise.all(replicas.map((r) => listAll(r, key)));
      const first = lists[0]!;
      const mine = created.filter((_, i) => i % 2 === parity).map((image) => image.id);
      expect(first.images.map((i) => i.id)).toEqual(expect.arrayContaining(mine));
      expect(first.images).toHaveLength(155);
      expect(first.images.every((image) => expected.has(image.id))).toBe(true);
      for (const other of lists.slice(1)) {
        expect(other.images.map((i) => i.id)).toEqual(first.images.map((i) => i.id));
        expect(other.pages).toEqual(first.pages);
      }
    }

    // One after another, through different replicas: each id is greater than every earlier one.
    let last = Math.max(...ids);
    for (let i = 0; i < 6; i++) {
      const image = await createOk(proxy.baseUrl, `Sequential ${i}`);
      expect(image.id).toBeGreaterThan(last);
      last = image.id;
    }
  }, 60_000);

  it('with 10 images left of the quota, exactly 10 of 40 concurrent creates over three replicas are accepted (for each of two keys at once)', async () => {
    const replicas = await cluster(3, redis.url(database()), ['--count', '5', '--quota', '12']);
    const proxy = await proxyOver(replicas);
    // The quota counts creates through the API (12 per key); two used, ten left for each key.
    for (const key of [KEY, KEY2]) {
      await createOk(proxy.baseUrl, 'Quota 1', key);
      await createOk(proxy.baseUrl, 'Quota 2', key);
    }

    // Warm connections (client → proxy → replicas), so that the creates arrive together.
    await Promise.all(Array.from({ length: 80 }, (_, i) => call(proxy.baseUrl, 'GET', '/images?per_page=10', { key: i % 2 ? KEY : KEY2 })));
    const races = await Promise.all([KEY, KEY2].map((key) =>
      Promise.all(Array.from({ length: 40 }, (_, i) => create(proxy.baseUrl, `Quota race ${i}`, key)))));
    for (const answers of races) {
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(10);
      expect(statuses.filter((s) => s === 422)).toHaveLength(30);
      for (const refused of answers.filter((a) => a.status === 422)) {
        expect(refused.text).toContain('You created too many images.');
      }
    }
    // Every replica took part in the race.
    expect(proxy.sent.every((n) => n >= 50)).toBe(true);

    for (const r of replicas) {
      for (const key of [KEY, KEY2]) {
        const { images } = await listAll(r, key);
        expect(images).toHaveLength(5 + 12);
        const refusedAgain = await create(r.baseUrl, 'One more', key);
        expect(refusedAgain.status, describeAnswer(refusedAgain)).toBe(422);
      }
    }
  }, 60_000);

  it('a change on one replica is seen by the very next request on the others: a delete is a 404 at once (show, update, delete)', async () => {
    const replicas = await cluster(3, redis.url(database()), ['--count', '5']);
    const seeded = (await listAll(replicas[0]!)).images;
    const notFound = { message: 'Resource not found.', status: 404 };

    for (let round = 0; round < 6; round++) {
      const writer = replicas[round % 3]!;
      const deleter = replicas[(round + 1) % 3]!;
      const others = replicas.filter((r) => r !== deleter);
      // Half the rounds delete a seeded image (every replica seeds it), half one created just now.
      const image = round % 2 === 0 ? seeded[round / 2]! : await createOk(writer.baseUrl, `To delete ${round}`);
      for (const r of replicas) expect((await call(r.baseUrl, 'GET', `/images/${image.id}`)).status).toBe(200);

      const patched = await call(writer.baseUrl, 'PATCH', `/images/${image.id}`, { json: { favorite: image.favorite ? 0 : 1 } });
      expect(patched.status, describeAnswer(patched)).toBe(200);
      const shown = await call(deleter.baseUrl, 'GET', `/images/${image.id}`);
      expect(json<{ data: WireImage }>(shown).data.favorite).toBe(!image.favorite);

      const deleted = await call(deleter.baseUrl, 'DELETE', `/images/${image.id}`);
      expect(deleted.status, describeAnswer(deleted)).toBe(200);
      for (const other of others) {
        for (const [method, body] of [['GET', undefined], ['PUT', { name: 'Too late' }], ['PATCH', { favorite: 1 }], ['DELETE', undefined]] as const) {
          const answer = await call(other.baseUrl, method, `/images/${image.id}`, body === undefined ? {} : { json: body });
          expect([answer.status, json(answer)], `${method} /images/${image.id} on ${other.origin} right after its delete on ${deleter.origin}`).toEqual([404, notFound]);
        }
        const listed = await call(other.baseUrl, 'GET', '/images?per_page=100');
        expect(json<WireList>(listed).data.map((i) => i.id)).not.toContain(image.id);
      }
    }
  }, 60_000);

  it('an admin reseed or reset through one replica acts on every replica', async () => {
    const replicas = await cluster(2, redis.url(database()), ['--count', '5']);
    const [a, b] = replicas as [Replica, Replica];
    const created = await createOk(a.baseUrl, 'Made before the reseed');
    const admin = async (r: Replica, path: string, body?: unknown) => {
      const answer = await fetch(`${r.origin}/__admin/${path}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body ?? {}),
      });
      expect(answer.status, `${path} on ${r.origin}: ${await answer.clone().text()}`).toBe(200);
    };

    await admin(b, 'reseed', { seed: 9, count: 2 });
    const afterReseed = await Promise.all(replicas.map((r) => listAll(r)));
    for (const { images } of afterReseed) {
      expect(images).toHaveLength(2);
      expect(images.map((i) => i.id)).not.toContain(created.id);
    }
    expect(afterReseed[0]!.pages).toEqual(afterReseed[1]!.pages);
    expect((await call(a.baseUrl, 'GET', `/images/${created.id}`)).status).toBe(404);

    // A reset goes back to the seed in force (9, 2 per key) on every replica, whichever gets it.
    const again = await createOk(b.baseUrl, 'Made before the reset');
    await admin(a, 'reset');
    for (const r of replicas) {
      expect((await call(r.baseUrl, 'GET', `/images/${again.id}`)).status).toBe(404);
      expect((await listAll(r)).pages).toEqual(afterReseed[0]!.pages);
    }
  }, 30_000);

  it('AILUNA_STORE works as --store', async () => {
    const store = redis.url(database());
    const a = await replica(store, ['--count', '5']);
    const b = await replicaFromEnv(store);
    const image = await createOk(a.baseUrl, 'Seen through the variable');
    expect((await call(b.baseUrl, 'GET', `/images/${image.id}`)).status).toBe(200);
    const back = await createOk(b.baseUrl, 'Written through the variable');
    expect((await call(a.baseUrl, 'GET', `/images/${back.id}`)).status).toBe(200);
  }, 30_000);

  async function replicaFromEnv(store: string): Promise<Replica> {
    const outcome = await runServe([], { env: { AILUNA_STORE: store, AILUNA_COUNT: '5' } });
    if (!outcome.started) throw new Error(`serve with AILUNA_STORE=${store} exited with ${outcome.code}: ${outcome.stderr}`);
    cleanups.push(() => outcome.replica.stop());
    return outcome.replica;
  }

  it('the rate limit counts per client across replicas (the 6th request in the window is a 429 wherever it lands)', async () => {
    const replicas = await cluster(3, redis.url(database()), ['--count', '5', '--rate-limit', '5', '--trust-proxy']);
    const proxy = await proxyOver(replicas);
    const client = { 'X-Forwarded-For': '198.51.100.7' };

    const firstFive: Answer[] = [];
    for (let i = 0; i < 5; i++) firstFive.push(await call(proxy.baseUrl, 'GET', '/images', { headers: client }));
    expect(firstFive.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(firstFive.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0']);
    expect(firstFive.map((a) => a.headers.get('x-ratelimit-limit'))).toEqual(['5', '5', '5', '5', '5']);
    expect(proxy.sent).toEqual([2, 2, 1]);

    // The 6th through the proxy (it lands on the third replica), then straight to each replica.
    const refused = [await call(proxy.baseUrl, 'GET', '/images', { headers: client })];
    for (const r of replicas) refused.push(await call(r.baseUrl, 'GET', '/images', { headers: client }));
    for (const answer of refused) {
      expect(answer.status, describeAnswer(answer)).toBe(429);
      expect(json(answer)).toEqual({ message: 'Too Many Attempts.' });
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Per client: another address has its own window, on any replica.
    const other = await call(replicas[0]!.baseUrl, 'GET', '/images', { headers: { 'X-Forwarded-For': '198.51.100.8' } });
    expect([other.status, other.headers.get('x-ratelimit-remaining')]).toEqual([200, '4']);
  }, 30_000);

  it('kill -9 of a replica in the middle of a stream of writes loses no write it acknowledged', async () => {
    const [a, b, c] = await cluster(3, redis.url(database()), ['--count', '5']);
    /** What was acknowledged of each image: created (201), made favourite (200), deleted (200); undefined = unknown. */
    const acked = new Map<number, { name: string; favorite: boolean | undefined; deleted: boolean | undefined }>();
    let stop = false;
    let aKilled = false;
    const writer = async (target: Replica, tag: string) => {
      for (let i = 0; !stop; i++) {
        try {
          const created = await create(target.baseUrl, `${tag} ${i}`);
          if (created.status !== 201) throw new Error(`create on ${target.origin}: ${describeAnswer(created)}`);
          const image = json<{ data: WireImage }>(created).data;
          const record: { name: string; favorite: boolean | undefined; deleted: boolean | undefined } = { name: image.name, favorite: false, deleted: false };
          acked.set(image.id, record);
          record.favorite = undefined;
          const patched = await call(target.baseUrl, 'PATCH', `/images/${image.id}`, { json: { favorite: 1 } });
          if (patched.status !== 200) throw new Error(`patch on ${target.origin}: ${describeAnswer(patched)}`);
          record.favorite = true;
          if (i % 3 === 2) {
            record.deleted = undefined;
            const deleted = await call(target.baseUrl, 'DELETE', `/images/${image.id}`);
            if (deleted.status !== 200) throw new Error(`delete on ${target.origin}: ${describeAnswer(deleted)}`);
            record.deleted = true;
          }
        } catch (error) {
          // Requests to the killed replica fail at the connection (fetch's TypeError): they were
          // not acknowledged. Any other failure, or one before the kill, fails the test.
          if (target === a && aKilled && error instanceof TypeError) return;
          throw error;
        }
      }
    };
    const onA = Promise.allSettled(Array.from({ length: 6 }, (_, n) => writer(a!, `Doomed ${n}`)));
    const onB = Promise.allSettled(Array.from({ length: 2 }, (_, n) => writer(b!, `Survivor ${n}`)));
    const started = Date.now();
    while (acked.size < 120 && Date.now() - started < 15_000) await sleep(10);
    const before = acked.size;
    aKilled = true;
    await a!.kill9();
    const writersOnA = await onA;
    await sleep(200);
    stop = true;
    const writersOnB = await onB;
    expect([...writersOnA, ...writersOnB].filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(before).toBeGreaterThanOrEqual(30);
    expect(acked.size).toBeGreaterThan(before);

    for (const survivor of [b!, c!]) {
      const { images } = await listAll(survivor);
      const byId = new Map(images.map((image) => [image.id, image]));
      const lost: string[] = [];
      for (const [id, record] of acked) {
        const image = byId.get(id);
        if (record.deleted === true) {
          if (image !== undefined) lost.push(`${id} (${record.name}) was deleted (200) but is listed`);
          continue;
        }
        if (record.deleted === undefined) continue;
        if (image === undefined) lost.push(`${id} (${record.name}) was created (201) but is missing`);
        else if (image.name !== record.name) lost.push(`${id} is named ${image.name}, not ${record.name}`);
        else if (record.favorite === true && !image.favorite) lost.push(`${id} (${record.name}) was made favourite (200) but is not`);
      }
      expect(lost, `on ${survivor.origin}`).toEqual([]);
    }
    expect((await listAll(b!)).pages).toEqual((await listAll(c!)).pages);
  }, 60_000);

  it(`a replica started after ${WRITES_PAST_COMPACTION} writes catches up and answers the same pages as the others`, async () => {
    const store = redis.url(database());
    const [a, b] = await cluster(2, store, ['--count', '5']);
    // A deterministic mix of creates, updates and deletes over both keys, through both replicas.
    let state = 12345;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const live = new Map<string, number[]>([[KEY, []], [KEY2, []]]);
    for (const key of [KEY, KEY2]) live.set(key, (await listAll(a!, key)).images.map((i) => i.id));
    const deletedIds = new Set<number>();
    let succeeded = 0;
    const unexpected: string[] = [];
    const started = Date.now();
    await pool(WRITES_PAST_COMPACTION, 16, async (n) => {
      const target = n % 2 === 0 ? a! : b!;
      const key = n % 3 === 0 ? KEY2 : KEY;
      const ids = live.get(key)!;
      const roll = n < 100 || ids.length < 20 ? 0 : random();
      let answer: Answer;
      let id: number | undefined;
      if (roll < 0.6) {
        answer = await create(target.baseUrl, `Late ${n} ${['fox', 'owl', 'city'][n % 3]}`, key);
        if (answer.status === 201) ids.push(json<{ data: WireImage }>(answer).data.id);
      } else if (roll < 0.9) {
        id = ids[Math.floor(random() * ids.length)]!;
        answer = await call(target.baseUrl, 'PATCH', `/images/${id}`, { key, json: random() < 0.5 ? { favorite: n % 2 } : { name: `Renamed ${n}` } });
      } else {
        id = ids.splice(Math.floor(random() * ids.length), 1)[0]!;
        deletedIds.add(id);
        answer = await call(target.baseUrl, 'DELETE', `/images/${id}`, { key });
      }
      if (answer.status === 200 || answer.status === 201) succeeded++;
      // An update may race the delete of its image (then 404, as on one fake); nothing else fails.
      else if (!(answer.status === 404 && id !== undefined && deletedIds.has(id))) unexpected.push(describeAnswer(answer));
    });
    expect(unexpected).toEqual([]);
    expect(succeeded).toBeGreaterThan(WRITES_PAST_COMPACTION - 20);
    const writingMs = Date.now() - started;

    const lateStart = Date.now();
    const late = await replica(store, ['--count', '5']);
    const startMs = Date.now() - lateStart;
    console.log(`cluster test: ${succeeded} writes in ${writingMs} ms; the late replica listened after ${startMs} ms`);

    for (const key of [KEY, KEY2]) {
      for (const query of ['', 'sort_by=name&sort=asc', 'favorite=1', 'search=fox', 'sort_by=id&sort=desc']) {
        const [early, latest, other] = await Promise.all([listAll(a!, key, query), listAll(late, key, query), listAll(b!, key, query)]);
        expect(latest.pages, `pages of ${query || 'the default list'} on the late replica`).toEqual(early.pages);
        expect(other.pages).toEqual(early.pages);
      }
    }
    // And it takes part: a write through it is seen by the others at once, and the other way round.
    const fromLate = await createOk(late.baseUrl, 'From the late replica');
    expect((await call(a!.baseUrl, 'GET', `/images/${fromLate.id}`)).status).toBe(200);
    const toLate = await createOk(b!.baseUrl, 'To the late replica');
    expect(toLate.id).toBeGreaterThan(fromLate.id);
    const shown = await call(late.baseUrl, 'GET', `/images/${toLate.id}`);
    expect(normalize(shown.text, late.origin)).toBe(normalize((await call(a!.baseUrl, 'GET', `/images/${toLate.id}`)).text, a!.origin));
  }, 90_000);

  it('a replica started with another value of a flag that shapes the state refuses to start, naming the flag', async () => {
    const store = redis.url(database());
    const base = ['--seed', '1', '--count', '5'];
    const first = await replica(store, base);
    const image = await createOk(first.baseUrl, 'Recorded state');
    const otherKey = 'clusterTestOtherKey00000000000000000000000000000000000000000009';
    const variants: Array<[flag: string, args: string[]]> = [
      ['--seed', ['--seed', '2', '--count', '5']],
      ['--count', ['--seed', '1', '--count', '6']],
      ['--keys', [...base, '--keys', `${KEY},${otherKey}`]],
      ['--noapi-keys', [...base, '--noapi-keys', otherKey]],
      ['--quota', [...base, '--quota', '3']],
      ['--per-page-default', [...base, '--per-page-default', '10']],
      ['--rate-limit', [...base, '--rate-limit', '7']],
    ];
    const outcomes = await Promise.all(variants.map(([, args]) => runServe(['--store', store, ...args])));
    outcomes.forEach((outcome, i) => {
      const [flag] = variants[i]!;
      if (outcome.started) {
        cleanups.push(() => outcome.replica.stop());
        expect.fail(`a replica with another ${flag} started on the state of ${store}`);
      }
      expect(outcome.code, `exit code with another ${flag}; stderr: ${outcome.stderr}`).not.toBe(0);
      expect(outcome.code).not.toBeNull();
      expect(outcome.stderr, `stderr with another ${flag}`).toContain(flag);
      // Keys are secrets: never in the message.
      expect(outcome.stderr).not.toContain(otherKey);
      expect(outcome.stderr).not.toContain(KEY);
    });
    // The same flags start, and see the state.
    const same = await replica(store, base);
    expect((await call(same.baseUrl, 'GET', `/images/${image.id}`)).status).toBe(200);
  }, 60_000);

  it('Redis restarted with appendonly yes and appendfsync always keeps every acknowledged write (after a kill -9 of Redis)', async () => {
    const own = await ownRedis();
    const store = own.url(0);
    const [a, b] = await cluster(2, store, ['--count', '5']);
    const created = await pool(30, 6, (n) => createOk((n % 2 ? a! : b!).baseUrl, `Durable ${n}`, n % 3 ? KEY : KEY2));
    // Renames and deletes, each through its owner's key.
    let changes = 0;
    for (const [n, image] of created.entries()) {
      const key = n % 3 ? KEY : KEY2;
      const target = (n % 2 ? b! : a!).baseUrl;
      const answer = n % 4 === 0
        ? await call(target, 'DELETE', `/images/${image.id}`, { key })
        : await call(target, 'PATCH', `/images/${image.id}`, { key, json: { name: `Durable renamed ${n}`, favorite: 1 } });
      expect(answer.status, describeAnswer(answer)).toBe(200);
      changes++;
    }
    expect(changes).toBe(30);
    const before = await Promise.all([listAll(a!, KEY), listAll(a!, KEY2)]);
    const lastId = Math.max(...created.map((image) => image.id));

    await own.kill9();
    await Promise.all([a!.kill9(), b!.kill9()]);
    await own.restart();

    const fresh = await replica(store, ['--count', '5']);
    const after = await Promise.all([listAll(fresh, KEY), listAll(fresh, KEY2)]);
    expect(after.map((list) => list.pages)).toEqual(before.map((list) => list.pages));
    expect((await createOk(fresh.baseUrl, 'After the Redis restart')).id).toBeGreaterThan(lastId);
  }, 60_000);

  it('Redis unreachable at start: a non-zero exit and a message naming its host and port', async () => {
    const port = await freePort();
    const outcome = await runServe(['--store', `redis://127.0.0.1:${port}/0`, '--count', '5'], { timeoutMs: 30_000 });
    if (outcome.started) {
      cleanups.push(() => outcome.replica.stop());
      expect.fail('serve started without its Redis');
    }
    expect(outcome.code).not.toBe(0);
    expect(outcome.code).not.toBeNull();
    expect(outcome.stderr).toContain(`127.0.0.1:${port}`);
  }, 40_000);

  it('--store together with --data is refused with exit code 2 and a message naming both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailuna-cluster-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const outcome = await runServe(['--store', redis.url(database()), '--data', join(dir, 'state.json')]);
    if (outcome.started) {
      cleanups.push(() => outcome.replica.stop());
      expect.fail('serve started with both --store and --data');
    }
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--store');
    expect(outcome.stderr).toContain('--data');
  });

  it('Redis lost while replicas run: reads go on from memory with a warning, writes answer upstream\'s 500 and change nothing; after Redis is back they catch up', async () => {
    const own = await ownRedis();
    const [a, b] = await cluster(2, own.url(0), ['--count', '5']);
    const kept = await createOk(a!.baseUrl, 'Before the outage');
    const serverError = await call(a!.baseUrl, 'GET', SERVER_ERROR_PROBE);
    expect(serverError.status).toBe(500);
    const listBefore = await listAll(b!);

    await own.stop();

    const listed = await call(a!.baseUrl, 'GET', '/images?per_page=100');
    expect(listed.status, describeAnswer(listed)).toBe(200);
    const warning = listed.headers.get('x-mock-warning');
    expect(warning, 'X-Mock-Warning on a list answered from memory').toBeTruthy();
    expect(json<WireList>(listed).data.map((i) => i.name)).toContain('Before the outage');
    const shown = await call(b!.baseUrl, 'GET', `/images/${kept.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-mock-warning')).toBeTruthy();

    const writes = [
      ['POST on a', await create(a!.baseUrl, 'Lost in the outage')],
      ['PATCH on b', await call(b!.baseUrl, 'PATCH', `/images/${kept.id}`, { json: { name: 'Renamed in the outage', favorite: 1 } })],
      ['DELETE on a', await call(a!.baseUrl, 'DELETE', `/images/${kept.id}`)],
    ] as const;
    for (const [label, answer] of writes) {
      expect([answer.status, answer.text], label).toEqual([500, serverError.text]);
      expect(answer.headers.get('content-type'), label).toBe(serverError.headers.get('content-type'));
    }
    // Nothing half-applied in memory either.
    for (const r of [a!, b!]) {
      const names = json<WireList>(await call(r.baseUrl, 'GET', '/images?per_page=100')).data.map((i) => i.name);
      expect(names).toContain('Before the outage');
      expect(names).not.toContain('Lost in the outage');
      expect(names).not.toContain('Renamed in the outage');
    }
    // The outage is a log line, once per outage (not a line per request read from memory); each
    // refused write is logged with what was not stored.
    const outage = /warning: Redis at 127\.0\.0\.1:\d+ is unreachable \(.*\): reads are answered from this replica's memory/;
    const deadline = Date.now() + 2_000;
    while (!outage.test(a!.output().stderr) && Date.now() < deadline) await sleep(50);
    expect(a!.output().stderr).toMatch(outage);
    expect(a!.output().stderr.match(/reads are answered from this replica's memory/g)).toHaveLength(1);
    expect(a!.output().stderr).not.toContain(warning!);
    expect(a!.output().stderr).toMatch(/warning: POST \/api\/v1\/images: Redis at .* the create was not stored\./);

    await own.restart();
    // Each replica reconnects on its own: wait until its reads no longer warn.
    for (const r of [a!, b!]) {
      const until = Date.now() + 20_000;
      for (;;) {
        const answer = await call(r.baseUrl, 'GET', '/images');
        if (answer.status === 200 && answer.headers.get('x-mock-warning') === null) break;
        if (Date.now() > until) expect.fail(`${r.origin} still answers from memory 20 s after Redis came back: ${answer.status} ${answer.headers.get('x-mock-warning')}`);
        await sleep(200);
      }
    }
    expect((await listAll(a!)).pages).toEqual(listBefore.pages);
    const after = await createOk(b!.baseUrl, 'After the outage');
    const seen = await call(a!.baseUrl, 'GET', `/images/${after.id}`);
    expect(seen.status).toBe(200);
    expect((await listAll(a!)).pages).toEqual((await listAll(b!)).pages);
  }, 60_000);
});
