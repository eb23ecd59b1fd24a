import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES } from '../images/enums.ts';
import type { StoredImage } from '../images/image.ts';
import type { ColumnFilter, ListQuery } from './list-query.ts';
import { runListQuery, type PageResult } from './plain-scan.ts';
import { MemoryStore, type Tenant } from '../state/store.ts';
import { ImageIndex } from './image-index.ts';

// Names from a small alphabet so searches hit often: case, accents, Cyrillic, LIKE's own
// characters, spaces (trailing ones matter to the collation) and digits.
const NAME_CHARS = ['a', 'b', 'A', 'B', 'é', 'E', 'ё', 'е', 'Ё', ' ', '%', '_', '\\', '1', '2', 'ab', 'ba', 'aba'];
const PATTERN_CHARS = [...NAME_CHARS, '%', '_', '\\%', '\\_', 'abab', 'aab'];
// A third of the names come from a few that are equal under the collation (sort ties).
const name = fc.oneof(
  fc.constantFrom('cat', 'Cat', 'CAT ', 'cát', 'ёж', 'еж', ''),
  fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 0, maxLength: 8 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 0, maxLength: 8 }).map((parts) => parts.join('')),
);
const pattern = fc.array(fc.constantFrom(...PATTERN_CHARS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

const orNull = <T extends string>(values: readonly T[]) => fc.option(fc.constantFrom(...values.slice(0, 4)), { nil: null });
const image = fc.record({
  name,
  style: orNull(STYLES),
  medium: orNull(MEDIUMS),
  filter: orNull(FILTERS),
  resolution: fc.constantFrom(...RESOLUTIONS),
  favorite: fc.boolean(),
});
type Draft = typeof image extends fc.Arbitrary<infer T> ? T : never;

// Filter values as a request may send them: members in any case, unknown words, numbers,
// booleans and null (MySQL's comparison rules decide which columns they match).
const columnFilter = (values: readonly string[]): fc.Arbitrary<ColumnFilter | undefined> => fc.oneof(
  { weight: 12, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constantFrom(...values.slice(0, 4)) },
  fc.constantFrom(...values.slice(0, 2)).map((v) => v.toUpperCase() + ' '),
  fc.constantFrom('nope', '0', '256', '512x512', ''),
  fc.constantFrom(0, 1, 256, 512, 1024),
  fc.boolean(),
  fc.constant(null),
);

const query: fc.Arbitrary<ListQuery> = fc.record({
  search: fc.option(pattern, { nil: null, freq: 2 }),
  resolution: columnFilter(RESOLUTIONS),
  style: columnFilter(STYLES),
  medium: columnFilter(MEDIUMS),
  filter: columnFilter(FILTERS),
  favorite: fc.constantFrom(undefined, 0, 1, 2, 0.5, -0),
  sortBy: fc.constantFrom('id' as const, 'name' as const),
  sort: fc.constantFrom('asc' as const, 'desc' as const),
  perPage: fc.constantFrom(1, 3, 10, 25),
  page: fc.constantFrom(1, 1, 2, 3, 7, 1e6),
}).map((q) => ({ ...q, linkParameters: [], warnings: [] }));

type Operation =
  | { kind: 'insert'; draft: Draft }
  | { kind: 'restore'; draft: Draft; id: number }
  | { kind: 'rename'; pick: number; name: string }
  | { kind: 'favorite'; pick: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'query'; query: ListQuery };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: image.map((draft) => ({ kind: 'insert' as const, draft })) },
  // A saved state loads images under their own ids, in any order (an id may already exist).
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), draft: image, id: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('favorite' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: query.map((q) => ({ kind: 'query' as const, query: q })) },
);

/** What a page says, with images by id: the index and the plain scan must say the same. */
function summary(page: PageResult) {
  return { ...page, items: page.items.map((item) => item.id) };
}

function setUp(initial: readonly Draft[], tuning: { sortMatchesUpTo: number; rebuildAfterDeletes: number }) {
  const store = new MemoryStore();
  const tenant = store.addTenant({ key: 'k', apiAccess: true, quota: null });
  // A store whose tenant uses the tuning under test (small thresholds reach every code path).
  Object.defineProperty(tenant, 'index', { value: new ImageIndex(tuning) });
  let clock = 0;
  const insert = (draft: Draft) => store.insertImage(tenant, {
    ...draft, result: `${++clock}.jpg`, createdAt: clock, updatedAt: clock,
  });
  initial.forEach(insert);
  return { store, tenant, insert };
}

function pick(tenant: Tenant, n: number): StoredImage | undefined {
  const images = [...tenant.images.values()];
  return images.length === 0 ? undefined : images[n % images.length];
}

function expectSameAnswers(tenant: Tenant, q: ListQuery): void {
  expect(summary(tenant.index.run(q))).toEqual(summary(runListQuery(tenant.images.values(), q)));
}

describe('ImageIndex answers as the plain scan does', () => {
  it('on random images and queries, through every kind of write', () => {
    fc.assert(fc.property(
      fc.array(image, { maxLength: 60 }),
      fc.array(operation, { maxLength: 60 }),
      fc.constantFrom({ sortMatchesUpTo: 0, rebuildAfterDeletes: 2 }, { sortMatchesUpTo: 5, rebuildAfterDeletes: 10 }, { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 }),
      (initial, operations, tuning) => {
        const { store, tenant, insert } = setUp(initial, tuning);
        for (const op of operations) {
          const target = op.kind === 'insert' || op.kind === 'query' || op.kind === 'restore' ? undefined : pick(tenant, op.pick);
          if (op.kind === 'insert') insert(op.draft);
          else if (op.kind === 'restore') store.insertImageWithId(tenant, { ...op.draft, id: op.id, result: `r${op.id}.jpg`, createdAt: 1, updatedAt: 1 });
          else if (op.kind === 'query') expectSameAnswers(tenant, op.query);
          else if (target === undefined) continue;
          else if (op.kind === 'rename') store.updateImage(tenant, target, { name: op.name });
          else if (op.kind === 'favorite') store.updateImage(tenant, target, { favorite: !target.favorite });
          else store.deleteImage(tenant, target);
        }
      },
    ), { numRuns: 300 });
  });

  it('on thousands of images, where pages are read off the presorted orders', () => {
    fc.assert(fc.property(
      fc.array(image, { minLength: 2500, maxLength: 3000 }),
      fc.array(query, { minLength: 10, maxLength: 10 }),
      (initial, queries) => {
        const { store, tenant } = setUp(initial, { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 });
        for (const q of queries) expectSameAnswers(tenant, q);
        // Writes after the lazy parts (name order, trigrams) exist must keep them right.
        const images = [...tenant.images.values()];
        images.slice(0, 300).forEach((img, i) => store.updateImage(tenant, img, { name: `${img.name}ab${i % 3}`, favorite: i % 2 === 0 }));
        images.slice(300, 600).forEach((img) => store.deleteImage(tenant, img));
        for (const q of queries) expectSameAnswers(tenant, q);
      },
    ), { numRuns: 8 });
  });
});

// Names from words whose trigrams are rare or common, so a search's candidates are sometimes fewer
// than the slots the filters leave (tested one by one) and sometimes more (the sets intersected).
const WORDS = ['cat', 'Cát', 'кот', 'Ёлка', 'елка', 'dog', 'catalog', 'scatter', 'a_b', '50%', 'x\\y', 'zebra', 'ZEBRA ', 'on', 'the'];
const wordyName = fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom('cat', 'the', 'on') }, fc.constantFrom(...WORDS)), { minLength: 0, maxLength: 4 })
  .map((words) => words.join(' '));
const searchPattern = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.constantFrom('cat', 'CAT', 'cát', 'кот', 'елк', 'ёлка', 'zeb', 'alo', 'nothing', 'a\\_b', '50\\%', 'x\\\\y', 'c%t', 'c_t', 'e_r', '%at%', 'the cat', 'at '),
);
const filteredSearch: fc.Arbitrary<ListQuery> = fc.record({
  search: searchPattern,
  resolution: fc.constantFrom(undefined, undefined, RESOLUTIONS[0], 0),
  style: fc.constantFrom(undefined, STYLES[0], STYLES[1], 'nope'),
  medium: fc.constantFrom(undefined, undefined, MEDIUMS[0], 0, null),
  filter: fc.constant(undefined),
  favorite: fc.constantFrom(undefined, 0, 1),
  sortBy: fc.constantFrom('id' as const, 'name' as const),
  sort: fc.constantFrom('asc' as const, 'desc' as const),
  perPage: fc.constantFrom(1, 10, 100),
  page: fc.constantFrom(1, 2, 5, 1e6),
}).map((q) => ({ ...q, linkParameters: [], warnings: [] }));

describe('ImageIndex searches with filters', () => {
  it('answers as the plain scan does, whichever of the candidates and the filter sets is rarer', () => {
    const wordyImage = fc.tuple(image, wordyName).map(([draft, wordy]) => ({ ...draft, name: wordy }));
    fc.assert(fc.property(
      fc.array(wordyImage, { minLength: 300, maxLength: 1500 }),
      fc.array(filteredSearch, { minLength: 20, maxLength: 20 }),
      fc.constantFrom({ sortMatchesUpTo: 0, rebuildAfterDeletes: 4096 }, { sortMatchesUpTo: 40, rebuildAfterDeletes: 4096 }, { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 }),
      (initial, queries, tuning) => {
        const { store, tenant } = setUp(initial, tuning);
        for (const q of queries) expectSameAnswers(tenant, q);
        // Renames (stale trigram entries, moved name order), favourites and deletes in between.
        const images = [...tenant.images.values()];
        images.slice(0, 100).forEach((img, i) => store.updateImage(tenant, img, { name: i % 2 === 0 ? 'cat on the кот' : 'dog', favorite: i % 3 === 0 }));
        images.slice(100, 200).forEach((img) => store.deleteImage(tenant, img));
        for (const q of queries) expectSameAnswers(tenant, q);
      },
    ), { numRuns: 20 });
  });
});

describe('ImageIndex after writes', () => {
  const base = { search: null, resolution: undefined, style: undefined, medium: undefined, filter: undefined, favorite: undefined, sortBy: 'id', sort: 'desc', perPage: 25, page: 1, linkParameters: [], warnings: [] } satisfies ListQuery;
  const draft: Draft = { name: 'Cat in space', style: null, medium: null, filter: null, resolution: '256x256', favorite: false };

  it('lists a created image first, a renamed one under its new name, and no deleted one', () => {
    const { store, tenant, insert } = setUp([draft, draft], { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 });
    const created = insert({ ...draft, name: 'Dog' });
    expect(tenant.index.run(base).items[0]?.id).toBe(created.id);
    expect(tenant.index.run({ ...base, search: 'dog' }).items.map((i) => i.id)).toEqual([created.id]);

    store.updateImage(tenant, created, { name: 'Ёлка', favorite: true });
    expect(tenant.index.run({ ...base, search: 'dog' }).total).toBe(0);
    expect(tenant.index.run({ ...base, search: 'елка' }).items.map((i) => i.id)).toEqual([created.id]);
    expect(tenant.index.run({ ...base, favorite: 1 }).items.map((i) => i.id)).toEqual([created.id]);
    expect(tenant.index.run({ ...base, sortBy: 'name', sort: 'asc' }).items.at(-1)?.id).toBe(created.id);

    store.deleteImage(tenant, created);
    expect(tenant.index.run(base).total).toBe(2);
    expect(tenant.index.run({ ...base, favorite: 1 }).total).toBe(0);
    expect(tenant.index.run({ ...base, search: 'елка' }).total).toBe(0);
  });

  it('bumps its version on every write', () => {
    const { store, tenant, insert } = setUp([], { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 });
    const versions = [tenant.index.version];
    const created = insert(draft);
    versions.push(tenant.index.version);
    store.updateImage(tenant, created, { favorite: true });
    versions.push(tenant.index.version);
    store.deleteImage(tenant, created);
    versions.push(tenant.index.version);
    expect(new Set(versions).size).toBe(4);
  });
});
