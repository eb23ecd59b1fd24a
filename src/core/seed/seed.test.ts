import { en, Faker, generateMersenne53Randomizer } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES } from '../images/enums.ts';
import { toResource, type StoredImage } from '../images/image.ts';
import { randomImageFile, randomUuid, seededRandom } from '../random.ts';
import { seedStore } from './seed.ts';
import { Mersenne53 } from './mersenne.ts';
import { MemoryStore, type Tenant } from '../state/store.ts';

const REFERENCE = Date.UTC(2026, 10, 1);
const REFERENCE_SECONDS = REFERENCE / 1000;
const DAY = 86_400;

function seeded(seed: number, count: number, keys = ['k1', 'k2', 'k3']): { store: MemoryStore; tenants: Tenant[] } {
  const store = new MemoryStore();
  const tenants = keys.map((key) => store.addTenant({ key, apiAccess: true, quota: null }));
  seedStore(store, tenants, { seed, count, referenceDate: REFERENCE });
  return { store, tenants };
}

function allImages(tenants: readonly Tenant[]): StoredImage[] {
  return tenants.flatMap((tenant) => [...tenant.images.values()]);
}

const snapshot = (tenants: readonly Tenant[]) => tenants.map((tenant) => [...tenant.images.values()].map((image) => toResource(image, 'http://x.test')));

describe('seedStore', () => {
  it('gives the same data for the same seed', () => {
    expect(snapshot(seeded(7, 30).tenants)).toEqual(snapshot(seeded(7, 30).tenants));
  });

  it('gives different data for a different seed', () => {
    const a = allImages(seeded(7, 30).tenants);
    const b = allImages(seeded(8, 30).tenants);
    expect(a.map((image) => image.name)).not.toEqual(b.map((image) => image.name));
    expect(a.map((image) => image.result)).not.toEqual(b.map((image) => image.result));
    expect(a.map((image) => image.createdAt)).not.toEqual(b.map((image) => image.createdAt));
  });

  it('gives every key `count` images', () => {
    expect(seeded(3, 17).tenants.map((tenant) => tenant.images.size)).toEqual([17, 17, 17]);
    expect(seeded(3, 0).tenants.map((tenant) => tenant.images.size)).toEqual([0, 0, 0]);
  });

  it('numbers ids 1..n across keys, unique, growing with created_at', () => {
    const images = allImages(seeded(11, 40).tenants).sort((a, b) => a.id - b.id);
    expect(images.map((image) => image.id)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    for (let i = 1; i < images.length; i++) {
      expect(images[i]!.createdAt).toBeGreaterThanOrEqual(images[i - 1]!.createdAt);
    }
  });

  it('keeps the auto-increment ahead of the seeded ids', () => {
    const { store, tenants } = seeded(11, 5);
    const { id: _id, ...fields } = [...tenants[0]!.images.values()][0]!;
    const next = store.insertImage(tenants[0]!, { ...fields, result: 'new.jpg' });
    expect(next.id).toBe(16);
  });

  it('gives unique files (<uuid>.jpg) that the store can find', () => {
    const { store, tenants } = seeded(5, 50);
    const images = allImages(tenants);
    expect(new Set(images.map((image) => image.result)).size).toBe(images.length);
    for (const image of images) {
      expect(image.result).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jpg$/);
      expect(store.findImageByResult(image.result)).toBe(image);
    }
  });

  it('makes about 20% favourites', () => {
    const images = allImages(seeded(2, 500).tenants);
    const share = images.filter((image) => image.favorite).length / images.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
  });

  it('uses only enum values, with nulls for style, medium and filter', () => {
    const images = allImages(seeded(4, 200).tenants);
    for (const image of images) {
      expect(RESOLUTIONS).toContain(image.resolution);
      if (image.style !== null) expect(STYLES).toContain(image.style);
      if (image.medium !== null) expect(MEDIUMS).toContain(image.medium);
      if (image.filter !== null) expect(FILTERS).toContain(image.filter);
    }
    for (const field of ['style', 'medium', 'filter'] as const) {
      const nulls = images.filter((image) => image[field] === null).length;
      expect(nulls, field).toBeGreaterThan(0);
      expect(nulls, field).toBeLessThan(images.length);
    }
    expect(new Set(images.map((image) => image.resolution)).size).toBe(3);
  });

  it('dates everything before the reference date, spread over months, updated_at never before created_at', () => {
    const images = allImages(seeded(9, 200).tenants);
    for (const image of images) {
      expect(image.createdAt).toBeLessThan(REFERENCE_SECONDS);
      expect(image.updatedAt).toBeLessThan(REFERENCE_SECONDS);
      expect(image.updatedAt).toBeGreaterThanOrEqual(image.createdAt);
    }
    const created = images.map((image) => image.createdAt);
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(90 * DAY);
    const months = new Set(created.map((seconds) => new Date(seconds * 1000).toISOString().slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(4);
    expect(images.some((image) => image.updatedAt > image.createdAt)).toBe(true);
  });

  it('does not depend on today: the reference date moves the timestamps', () => {
    const store = new MemoryStore();
    const tenant = store.addTenant({ key: 'k', apiAccess: true, quota: null });
    seedStore(store, [tenant], { seed: 9, count: 10, referenceDate: REFERENCE + 365 * DAY * 1000 });
    const shifted = [...tenant.images.values()].map((image) => image.createdAt);
    const original = [...seeded(9, 10, ['k']).tenants[0]!.images.values()].map((image) => image.createdAt);
    expect(shifted).toEqual(original.map((seconds) => seconds + 365 * DAY));
  });

  it('gives names of 1..128 characters, some of them Russian', () => {
    const images = allImages(seeded(6, 300).tenants);
    for (const image of images) {
      expect([...image.name].length).toBeGreaterThan(0);
      expect([...image.name].length).toBeLessThanOrEqual(128);
      expect(image.name).toBe(image.name.trim());
    }
    expect(images.some((image) => /[а-яё]/i.test(image.name))).toBe(true);
  });

  it('serialises timestamps with zero microseconds', () => {
    for (const image of allImages(seeded(1, 50).tenants)) {
      const resource = toResource(image, 'http://x.test');
      expect(resource.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/);
      expect(resource.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/);
      expect(Date.parse(resource.created_at)).toBe(image.createdAt * 1000);
    }
  });

  // The seeded data is pinned byte for byte (fixtures, recordings and users' tests depend on it):
  // ids, field order, names, enums, files, favourites, timestamps, insertion order and the
  // auto-increment. These digests were taken before seeding was optimised; they must never change.
  it.each([
    { seed: 1, count: 2000, keys: ['k1', 'k2'], referenceDate: REFERENCE, sha256: '98142b2b3a3edb0d12b19bdcc8731d8e8cf894ce3250314c6a64cb5aa247e510' },
    { seed: 7, count: 300, keys: ['k1', 'k2', 'k3'], referenceDate: REFERENCE, sha256: 'af3fe53e4c0a057d6489541817e698568d0535d22483329d666cb9d327b50ca0' },
    { seed: 42, count: 5, keys: ['k1'], referenceDate: REFERENCE, sha256: '836ec11f00c23a4915a28178f8190a934ad5ff0e314e3f3b655bd08d106817e2' },
    { seed: 3, count: 400, keys: ['a', 'b'], referenceDate: Date.UTC(2025, 0, 15, 12, 34, 56, 789), sha256: 'c6d72563d56463fa45ecdea615b889d24b4e5763c981e20da1fcb2def8fde95a' },
  ])('gives exactly the pinned images for seed $seed, count $count, $keys.length keys', async ({ seed, count, keys, referenceDate, sha256 }) => {
    const store = new MemoryStore();
    const tenants = keys.map((key) => store.addTenant({ key, apiAccess: true, quota: null }));
    seedStore(store, tenants, { seed, count, referenceDate });
    const text = JSON.stringify({ lastId: store.lastIssuedId, tenants: tenants.map((tenant) => [...tenant.images]) });
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    expect(Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')).toBe(sha256);
  });
});

/**
 * Seeding as it was written before it was optimised, through faker's API (kept verbatim, without
 * the store): the images of each tenant in the order they were inserted, and the last id.
 */
function seedThroughFaker(seed: number, count: number, tenantCount: number, referenceDate: number): { lastId: number; tenants: StoredImage[][] } {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const uuidRandom = seededRandom(`uuids:${seed}`);
  const end = Math.floor(referenceDate / 1000);
  const pickOrNull = (values: readonly string[], nullShare: number) => (faker.number.float() < nullShare ? null : faker.helpers.arrayElement(values));
  const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const promptLikeName = () => {
    const adjective = () => faker.word.adjective();
    const templates: Array<() => string> = [
      () => `${capitalize(adjective())} ${faker.animal.type()} in a ${faker.word.noun()} forest`,
      () => `${faker.location.city()} skyline at ${faker.helpers.arrayElement(['dawn', 'dusk', 'night', 'noon'])}`,
      () => `Portrait of a ${adjective()} ${faker.person.jobType().toLowerCase()}`,
      () => `${capitalize(faker.color.human())} ${faker.vehicle.type().toLowerCase()} on an empty road`,
      () => `${capitalize(adjective())} still life with ${faker.food.fruit().toLowerCase()}`,
      () => `${faker.helpers.arrayElement(['Кот в космосе', 'Зимний лес на рассвете', 'Старый маяк у моря', 'Лиса в осеннем парке', 'Ночной город под дождём', 'Портрет девушки с веснушками', 'Горное озеро', 'Медведь в шапке-ушанке'])}`,
      () => `${capitalize(faker.animal.type())} astronaut, ${adjective()} mood`,
      () => `Logo for ${faker.company.name()}`,
      () => `${capitalize(faker.word.noun())} #${faker.number.int({ min: 1, max: 99 })}`,
    ];
    return faker.helpers.arrayElement(templates)().slice(0, 128);
  };
  const drafts: Array<{ tenant: number; image: Omit<StoredImage, 'id'> }> = [];
  for (let tenant = 0; tenant < tenantCount; tenant++) {
    for (let i = 0; i < count; i++) {
      const createdAt = end - faker.number.int({ min: 3600, max: 180 * DAY });
      const favorite = faker.number.float() < 0.2;
      const touched = favorite || faker.number.float() < 0.15;
      const updatedAt = touched ? faker.number.int({ min: createdAt, max: end - 60 }) : createdAt;
      drafts.push({
        tenant,
        image: {
          name: promptLikeName(),
          style: pickOrNull(STYLES, 0.2) as StoredImage['style'],
          medium: pickOrNull(MEDIUMS, 0.45) as StoredImage['medium'],
          filter: pickOrNull(FILTERS, 0.75) as StoredImage['filter'],
          resolution: faker.helpers.weightedArrayElement([
            { value: RESOLUTIONS[0], weight: 2 },
            { value: RESOLUTIONS[1], weight: 3 },
            { value: RESOLUTIONS[2], weight: 5 },
          ]),
          result: `${randomUuid(uuidRandom)}.jpg`,
          favorite,
          createdAt,
          updatedAt,
        },
      });
    }
  }
  drafts.sort((a, b) => a.image.createdAt - b.image.createdAt);
  const tenants: StoredImage[][] = Array.from({ length: tenantCount }, () => []);
  drafts.forEach(({ tenant, image }, index) => tenants[tenant]!.push({ id: index + 1, ...image }));
  return { lastId: drafts.length, tenants };
}

const SEEDS = [0, 1, 2, 3, 7, 42, 1000, 123_456_789, 2 ** 31 - 1, -1, 2.5, 2 ** 32 + 5];

describe('seeding draws what faker drew', () => {
  it.each(SEEDS)('seed %d', (seed) => {
    for (const [count, tenantCount, referenceDate] of [[250, 2, REFERENCE], [40, 3, Date.UTC(2024, 1, 29, 23, 59, 59, 999)], [1, 1, 0]] as const) {
      const store = new MemoryStore();
      const tenants = Array.from({ length: tenantCount }, (_, i) => store.addTenant({ key: `k${i}`, apiAccess: true, quota: null }));
      seedStore(store, tenants, { seed, count, referenceDate });
      const fast = JSON.stringify({ lastId: store.lastIssuedId, tenants: tenants.map((tenant) => [...tenant.images.values()]) });
      expect(fast).toBe(JSON.stringify(seedThroughFaker(seed, count, tenantCount, referenceDate)));
    }
  });

  it('covers every name template and pattern with those seeds', () => {
    const names = SEEDS.flatMap((seed) => seedThroughFaker(seed, 250, 2, REFERENCE).tenants.flat().map((image) => image.name));
    for (const pattern of [/ forest$/, / skyline at /, /^Portrait of a /, / on an empty road$/, / still life with /, /[а-я]/, / astronaut, /, /^Logo for .+ - /, /^Logo for \S+ (Group|Inc|LLC|and Sons)$/, /^Logo for .+, .+ and /, / #\d+$/, /-.* skyline/]) {
      expect(names.some((name) => pattern.test(name)), String(pattern)).toBe(true);
    }
  });

  it('draws from the Mersenne Twister faker seeds', () => {
    for (const seed of [0, 1, 42, -1, 1.5, 2 ** 31 - 1, 2 ** 32 + 7, 123_456_789]) {
      const ours = new Mersenne53(seed);
      const fakers = generateMersenne53Randomizer(seed);
      for (let i = 0; i < 2000; i++) expect(ours.next()).toBe(fakers.next());
    }
  });

  it('writes uuids as the generic randomUuid does', () => {
    const fast = seededRandom('uuids:9');
    const seeded = seededRandom('uuids:9');
    const generic = { next: () => seeded.next() };
    for (let i = 0; i < 500; i++) {
      const expected = randomUuid(generic);
      expect(i % 2 === 0 ? randomUuid(fast) : randomImageFile(fast)).toBe(i % 2 === 0 ? expected : `${expected}.jpg`);
    }
    expect(fast.next()).toBe(seeded.next());
  });
});
