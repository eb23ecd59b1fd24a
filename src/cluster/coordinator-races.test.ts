import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS, DEFAULT_NOAPI_KEYS, DEFAULT_REFERENCE_DATE } from '../core/defaults.ts';
import { createFake, type Fake } from '../core/fake.ts';
import { RequestInput } from '../core/images/input.ts';
import type { Logger } from '../core/logger.ts';
import { seededRandom } from '../core/random.ts';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../test-support/redis-server.ts';
import { connectRedisStore, type RedisStore } from './redis-coordinator.ts';

// Races between replicas that the process-level cluster tests cannot time: two replicas in this
// process on one real redis-server, each request driven step by step.

const haveRedis = redisServerAvailable();
const KEY = DEFAULT_KEYS[0] as string;
/** serve.ts, to check it seeds the created images' uuids with the replica's instance. */
const serveSource = readFileSync(new URL('../cli/serve.ts', import.meta.url), 'utf8');

interface InProcessReplica {
  fake: Fake;
  shared: RedisStore;
  logs: string[];
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: string; headers: Array<[string, string]> }>;
}

describe.skipIf(!haveRedis).sequential('replicas in one process racing on Redis', () => {
  let redis: RedisServer;
  let nextDb = 0;
  const opened: RedisStore[] = [];
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  afterEach(async () => {
    for (const shared of opened.splice(0)) await shared.close();
    for (const client of clients.splice(0)) client.disconnect();
  });

  async function replica(db: number, options: { compactEvery?: number; count?: number } = {}): Promise<InProcessReplica> {
    const flags = {
      seed: 1, count: options.count ?? 40, keys: DEFAULT_KEYS, noApiKeys: DEFAULT_NOAPI_KEYS, quota: null,
      perPageDefault: 25, rateLimit: 0, referenceDate: DEFAULT_REFERENCE_DATE,
    };
    const logs: string[] = [];
    const logger: Logger = { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`), error: (m) => logs.push(`error: ${m}`) };
    const shared = await connectRedisStore(redis.url(db), flags, logger, { compactEvery: options.compactEvery ?? 1000 });
    opened.push(shared);
    const fake = createFake({
      seed: flags.seed, count: flags.count, logger, coordinator: shared.coordinator,
      random: seededRandom(`created:${flags.seed}:replica-${shared.replica}`),
    });
    await shared.ready();
    const request: InProcessReplica['request'] = async (method, path, body) => {
      const headers = new Headers({ Accept: 'application/json', Authorization: `Bearer ${KEY}` });
      if (body !== undefined) headers.set('Content-Type', 'application/json');
      const answer = await fake.handler.handle({
        method, url: path.startsWith('/uploads/') ? path : `/api/v1${path}`, origin: 'http://x', headers,
        body: body === undefined ? null : new TextEncoder().encode(JSON.stringify(body)), clientAddress: '127.0.0.1',
      });
      const text = typeof answer.body === 'string' ? answer.body : answer.body === null ? '' : new TextDecoder().decode(answer.body);
      return { status: answer.status, body: text, headers: answer.headers };
    };
    return { fake, shared, logs, request };
  }

  function client(db: number): Redis {
    const created = new Redis({ host: redis.host, port: redis.port, db });
    clients.push(created);
    return created;
  }

  it('a create racing a reseed through another replica gets an id above every seeded one and overwrites none', async () => {
    const db = nextDb++;
    const a = await replica(db);
    const b = await replica(db);
    const tenant = a.fake.store.allTenants()[0]!;
    // B reseeds with more images while A's create is between its catch-up and its script.
    await b.fake.reseed({ count: 100 });
    // The auto-increment goes on above the new seed's ids.
    expect(await client(db).get('ailuna:id')).toBe(String(100 * DEFAULT_KEYS.length));
    const result = await a.fake.service.create(tenant, RequestInput.from({}, { name: 'mine', description: 'd', resolution: '256x256' }), 'http://x');
    const created = (JSON.parse(result.json) as { data: { id: number } }).data;
    const seeded = 100 * DEFAULT_KEYS.length;
    expect(created.id).toBe(seeded + 1);
    for (const r of [a, b]) {
      await r.fake.coordinator.catchUp();
      expect(r.fake.settings.count).toBe(100);
      const owners = r.fake.store.allTenants().filter((t) => t.images.has(created.id));
      expect(owners.map((t) => t.images.get(created.id)!.name)).toEqual(['mine']);
      // Every seeded image is still there.
      expect(r.fake.store.allTenants().reduce((n, t) => n + t.images.size, 0)).toBe(seeded + 1);
    }
    const next = await b.request('POST', '/images', { name: 'next', description: 'd', resolution: '256x256' });
    expect((JSON.parse(next.body) as { data: { id: number } }).data.id).toBe(seeded + 2);
  });

  it('a PATCH answers the values it wrote after another replica compacted the log', async () => {
    const db = nextDb++;
    const a = await replica(db, { compactEvery: 5 });
    const b = await replica(db, { compactEvery: 5 });
    await a.fake.coordinator.catchUp();
    const tenant = a.fake.store.allTenants()[0]!;
    const [id, other] = [...tenant.images.keys()];
    for (let i = 0; i < 6; i++) {
      expect((await b.request('PATCH', `/images/${other}`, { name: `other ${i}` })).status).toBe(200);
    }
    const seededImage = tenant.images.get(id!);
    const result = await a.fake.service.update(tenant, String(id), RequestInput.from({}, { name: 'renamed' }), 'http://x');
    expect((JSON.parse(result.json) as { data: { name: string } }).data.name).toBe('renamed');
    // A replica that has the log after its position applies it; it does not reload the snapshot.
    expect(a.fake.store.allTenants()[0]).toBe(tenant);
    expect(tenant.images.get(id!)).toBe(seededImage);
    expect(tenant.images.get(other!)!.name).toBe('other 5');
    // Far behind (the log trimmed past it): the write's answer loads the snapshot, which replaces
    // the tenants and images; the PATCH still answers what it wrote.
    for (let i = 0; i < 12; i++) {
      expect((await b.request('PATCH', `/images/${other}`, { name: `far ${i}` })).status).toBe(200);
    }
    const again = await a.fake.service.update(tenant, String(id), RequestInput.from({}, { name: 'renamed again' }), 'http://x');
    expect((JSON.parse(again.json) as { data: { name: string } }).data.name).toBe('renamed again');
    expect(a.fake.store.allTenants()[0]).not.toBe(tenant);
    expect(a.fake.store.allTenants()[0]!.images.get(other!)!.name).toBe('far 11');
  });

  it('a reset through a replica that has not yet seen another replica\'s reseed keeps that reseed\'s seed', async () => {
    const db = nextDb++;
    const a = await replica(db);
    const b = await replica(db);
    await b.fake.reseed({ seed: 7 });
    await a.fake.reseed();
    await b.fake.coordinator.catchUp();
    expect(a.fake.settings.seed).toBe(7);
    expect(b.fake.settings.seed).toBe(7);
  });

  it('a failure that is not Redis\'s (a snapshot this version cannot read) is a 500 logged as a bug, not an outage', async () => {
    const db = nextDb++;
    const a = await replica(db);
    const raw = client(db);
    const entry = await raw.xadd('ailuna:log', '*', 'c', JSON.stringify({ kind: 'delete', user: 1, id: 1 }), 'e', '0');
    await raw.hset('ailuna:snapshot', 'covers', entry!, 'epoch', '0', 'n', '1', 'size', '0', 'body', JSON.stringify({ format: 'ailuna-images-kit/redis-snapshot@2' }));
    await raw.xtrim('ailuna:log', 'MINID', entry!);
    const answer = await a.request('GET', '/images');
    expect(answer.status).toBe(500);
    expect(answer.headers.some(([name]) => name === 'X-Mock-Warning')).toBe(false);
    expect(a.logs.some((line) => line.startsWith('error:') && line.includes('redis-snapshot@2'))).toBe(true);
    expect(a.logs.some((line) => line.includes('unreachable'))).toBe(false);
  });

  it('a write that failed after it was sent says it may still be applied; one never sent says it was not stored', async () => {
    const db = nextDb++;
    const a = await replica(db);
    const raw = client(db);
    // The create is sent, then its connection is lost before the answer: its fate is unknown.
    await raw.call('CLIENT', 'PAUSE', '1000', 'WRITE');
    const tenant = a.fake.store.allTenants()[0]!;
    const pending = a.fake.service.create(tenant, RequestInput.from({}, { name: 'x', description: 'd', resolution: '256x256' }), 'http://x')
      .then(() => 'stored', (error: Error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await raw.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    const warning = await pending;
    expect(warning).toMatch(/may still be applied/);
    expect(warning).not.toMatch(/was not stored/);
    // Now the replica counts Redis as out of reach: the next create is not even sent.
    const after = await a.request('POST', '/images', { name: 'y', description: 'd', resolution: '256x256' });
    expect(after.status).toBe(500);
    expect(after.headers.filter(([name]) => name === 'X-Mock-Warning').map(([, value]) => value).join('\n')).toMatch(/the create was not stored/);
    await raw.call('CLIENT', 'UNPAUSE');
  });

  it('an unexpected error in the JPEG files\' catch-up or in the rate limit is upstream\'s 500, not an exception out of handle()', async () => {
    const db = nextDb++;
    const a = await replica(db);
    const image = [...a.fake.store.allTenants()[0]!.images.values()][0]!;
    const coordinator = a.fake.coordinator as { catchUp(): unknown; hit(key: string): unknown };
    const { catchUp, hit } = coordinator;
    coordinator.catchUp = () => Promise.reject(new Error('a bug in the catch-up'));
    const file = await a.request('GET', `/uploads/users/images/${image.result}`);
    expect(file.status).toBe(500);
    expect(file.body).toContain('Server Error');
    coordinator.catchUp = catchUp;
    coordinator.hit = () => Promise.reject(new Error('a bug in the rate limit'));
    const list = await a.request('GET', '/images');
    expect(list.status).toBe(500);
    expect(list.body).toContain('Server Error');
    coordinator.hit = hit;
    expect(a.logs.filter((line) => line.startsWith('error:') && /a bug in the (catch-up|rate limit)/.test(line))).toHaveLength(2);
  });

  it('after Redis lost its data, a new replica may draw a running one\'s number but not its uuids', async () => {
    const db = nextDb++;
    const a = await replica(db);
    await client(db).flushdb();
    const b = await replica(db);
    expect(b.shared.replica).toBe(a.shared.replica);
    expect(b.shared.instance).not.toBe(a.shared.instance);
    expect(serveSource).toContain('${shared.instance}');
  });
  it('an account change through one replica (locale, what it may still create) holds on every replica, in a late replica\'s snapshot, and ends with a reseed', async () => {
    const db = nextDb++;
    const a = await replica(db, { compactEvery: 2 });
    const b = await replica(db, { compactEvery: 2 });
    const store = (r: InProcessReplica, body: unknown = { name: 'n', description: 'd', resolution: '256x256' }) => r.request('POST', '/images', body);
    // One image created first: "may still create 2" then allows exactly two more this month.
    expect((await store(b)).status).toBe(201);
    await a.fake.coordinator.catchUp();
    const tenantA = a.fake.store.allTenants()[0]!;
    const month = new Date().toISOString().slice(0, 7);
    expect(await a.fake.coordinator.setAccount(tenantA, { locale: 'ru', remaining: 2 }, Date.now())).toEqual({ locale: 'ru', monthQuota: { month, quota: 3 } });
    await b.fake.coordinator.catchUp();
    expect(b.fake.store.allTenants()[0]!.config).toMatchObject({ locale: 'ru', monthQuota: { month, quota: 3 } });
    expect((await store(b)).status).toBe(201);
    expect((await store(a)).status).toBe(201);
    expect((await store(b)).body).toBe('{"message":{"name":["You created too many images."]},"status":422}');
    expect(JSON.parse((await store(a, {})).body).message.name).toEqual(['Поле Имя обязательно для заполнения.']);
    // Enough writes for snapshots: a replica started now loads the account from one.
    for (let i = 0; i < 4; i++) expect((await b.request('PATCH', '/images/1', { name: `renamed ${i}` })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await replica(db, { compactEvery: 2 });
    expect(await client(db).hexists('ailuna:snapshot', 'body')).toBe(1);
    expect(late.fake.store.allTenants()[0]!.config).toMatchObject({ locale: 'ru', monthQuota: { month, quota: 3 } });
    // Unlimited again, through the late replica.
    expect(await late.fake.coordinator.setAccount(late.fake.store.allTenants()[0]!, { remaining: null }, Date.now())).toEqual({ locale: 'ru', monthQuota: { month, quota: null } });
    expect((await store(a)).status).toBe(201);
    // A reseed is back to the accounts as configured (no locale, no allowance).
    await b.fake.reseed();
    for (const r of [a, b, late]) {
      await r.fake.coordinator.catchUp();
      expect(r.fake.store.allTenants()[0]!.config).toMatchObject({ locale: null, quota: null, monthQuota: null });
    }
  });
});
