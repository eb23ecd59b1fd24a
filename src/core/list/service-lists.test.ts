import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { STYLES } from '../images/enums.ts';
import { toResource } from '../images/image.ts';
import { RequestInput } from '../images/input.ts';
import { parseListQuery } from './list-query.ts';
import { Locales } from '../locale/translator.ts';
import { paginationBlocks } from './pagination.ts';
import { encodeControllerJson } from '../php/json.ts';
import { parseStr } from '../php/parse-str.ts';
import { runListQuery } from './plain-scan.ts';
import { seededRandom } from '../random.ts';
import { seedStore } from '../seed/seed.ts';
import { LocalCoordinator } from '../state/local-coordinator.ts';
import { silentLogger } from '../logger.ts';
import { FixedWindowRateLimiter } from '../protocol/rate-limit.ts';
import { ImagesService } from '../images/service.ts';
import { MemoryStore, type Tenant } from '../state/store.ts';

const ORIGINS = ['http://localhost:4010', 'http://127.0.0.1:9999'];

/**
 * The list body as the fake made it before it had indexes and caches: a plain scan, the
 * resource objects and one `json_encode` of the whole. The service must give these bytes.
 */
function plainListJson(tenant: Tenant, queryString: string, origin: string): string {
  const query = parseListQuery(RequestInput.from(parseStr(queryString), {}), 25);
  const page = runListQuery(tenant.images.values(), query);
  const { links, meta } = paginationBlocks(page, `${origin}/api/v1/images`, query.linkParameters);
  return encodeControllerJson({ data: page.items.map((image) => toResource(image, origin)), links, meta, status: 200 });
}

// Query strings a client sends: mostly the unfiltered pages (cached), some filters and searches.
const queryString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('', 'page=2', 'per_page=10', 'sort=asc', 'sort_by=name', 'per_page=5&page=3', 'page=999', 'per_page=7', 'style=', 'favorite=x') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('a', 'e', 'ёж', 'the', 'in%a', 'o_e', 'zzz'), fc.constantFrom(...STYLES.slice(0, 3)))
    .map(([word, style]) => `search=${encodeURIComponent(word)}&style=${style}&sort_by=name&sort=asc`) },
  { weight: 1, arbitrary: fc.constantFrom('favorite=1', 'favorite=0&sort=asc', 'resolution=256x256', 'medium=0', 'style[]=anime') },
);

type Step =
  | { kind: 'list'; tenant: number; query: string; origin: number }
  | { kind: 'create'; tenant: number; name: string }
  | { kind: 'rename'; tenant: number; pick: number; name: string }
  | { kind: 'favorite'; tenant: number; pick: number; value: 0 | 1 }
  | { kind: 'delete'; tenant: number; pick: number };

const tenantIndex = fc.constantFrom(0, 1);
const newName = fc.constantFrom('Ёж в тумане', 'a cat', 'Zebra', 'the end', 'cat');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('list' as const), tenant: tenantIndex, query: queryString, origin: fc.constantFrom(0, 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), tenant: tenantIndex, name: newName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), tenant: tenantIndex, pick: fc.nat(), name: newName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('favorite' as const), tenant: tenantIndex, pick: fc.nat(), value: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), tenant: tenantIndex, pick: fc.nat() }) },
);

function setUp(count: number) {
  const store = new MemoryStore();
  const tenants = [store.addTenant({ key: 'one', apiAccess: true, quota: null }), store.addTenant({ key: 'two', apiAccess: true, quota: null })];
  seedStore(store, tenants, { seed: 3, count, referenceDate: Date.UTC(2026, 10, 1) });
  const clock = manualClock(Date.UTC(2026, 10, 2));
  const host = {
    store, clock, logger: silentLogger, faults: { latency: null, errorRate: 0, rateLimit: 0, generationDelay: null },
    localLimiter: new FixedWindowRateLimiter(clock, { limit: 60, enforce: false }),
    settings: { seed: 3, count, keys: ['one', 'two'], noApiKeys: [], quota: null, perPageDefault: 25, trustProxy: false, referenceDate: 0 },
    repopulate: () => { throw new Error('not used here'); },
  };
  const service = new ImagesService({ store, coordinator: new LocalCoordinator(host), clock, random: seededRandom('t'), perPageDefault: 25, locales: new Locales() });
  return { store, tenants, clock, service };
}

const input = (body: Record<string, string | number>) => RequestInput.from({}, body);

describe('lists answered from indexes and caches', () => {
  it('are byte for byte the plain scan\'s, before and after every kind of write', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
      const { tenants, clock, service } = setUp(30);
      for (const s of steps) {
        const tenant = tenants[s.tenant] as Tenant;
        const images = [...tenant.images.keys()];
        const id = images.length === 0 ? '0' : String(images[('pick' in s ? s.pick : 0) % images.length]);
        clock.advance(1000); // updates change updated_at, which the body shows
        if (s.kind === 'list') {
          const origin = ORIGINS[s.origin] as string;
          const answer = service.list(tenant, RequestInput.from(parseStr(s.query), {}), origin);
          expect(answer.json).toBe(plainListJson(tenant, s.query, origin));
        } else if (s.kind === 'create') {
          await service.create(tenant, input({ name: s.name, description: 'd', resolution: '256x256' }), ORIGINS[0] as string);
        } else if (images.length === 0) {
          continue;
        } else if (s.kind === 'rename') {
          await service.update(tenant, id, input({ name: s.name }), ORIGINS[0] as string);
        } else if (s.kind === 'favorite') {
          await service.update(tenant, id, input({ favorite: s.value }), ORIGINS[0] as string);
        } else {
          await service.destroy(tenant, id);
        }
      }
    }), { numRuns: 150 });
  });

  it('show a write at once: created first, renamed under the new name, favourited, deleted gone', async () => {
    const { tenants, clock, service } = setUp(5);
    const [mine, theirs] = tenants as [Tenant, Tenant];
    const list = (tenant: Tenant, query = '') => JSON.parse(service.list(tenant, RequestInput.from(parseStr(query), {}), ORIGINS[0] as string).json);
    const before = list(mine);
    list(theirs);

    const created = JSON.parse((await service.create(mine, input({ name: 'Fresh', description: 'd', resolution: '256x256' }), ORIGINS[0] as string)).json).data;
    expect(list(mine).data[0]).toEqual(created);
    expect(list(mine).meta.total).toBe(before.meta.total + 1);
    expect(list(theirs).data.map((i: { id: number }) => i.id)).not.toContain(created.id);

    clock.advance(5000);
    await service.update(mine, String(created.id), input({ name: 'Renamed', favorite: 1 }), ORIGINS[0] as string);
    const renamed = list(mine).data[0];
    expect(renamed).toMatchObject({ id: created.id, name: 'Renamed', favorite: true });
    expect(renamed.updated_at).not.toBe(created.updated_at);
    expect(list(mine, 'favorite=1').data.map((i: { id: number }) => i.id)).toContain(created.id);

    await service.destroy(mine, String(created.id));
    expect(list(mine)).toEqual(before);
  });
});
