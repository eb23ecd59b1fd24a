import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeControllerJson } from '../php/json.ts';
import type { PhpValue } from '../php/values.ts';
import { pageWindow, paginationBlocks, paginationJson } from './pagination.ts';
import { paginate } from './plain-scan.ts';
import type { StoredImage } from '../images/image.ts';

describe("Laravel's page window (meta.links)", () => {
  it.each<[number, number, string]>([
    [1, 1, '1'],
    [1, 13, '1 2 3 4 5 6 7 8 9 10 11 12 13'],
    [1, 14, '1 2 3 4 5 6 7 8 9 10 ... 13 14'],
    [7, 14, '1 2 3 4 5 6 7 8 9 10 ... 13 14'],
    [8, 14, '1 2 ... 5 6 7 8 9 10 11 12 13 14'],
    [8, 20, '1 2 ... 5 6 7 8 9 10 11 ... 19 20'],
    [13, 20, '1 2 ... 10 11 12 13 14 15 16 ... 19 20'],
    [14, 20, '1 2 ... 11 12 13 14 15 16 17 18 19 20'],
    [99, 20, '1 2 ... 11 12 13 14 15 16 17 18 19 20'],
  ])('page %i of %i', (current, last, expected) => {
    expect(pageWindow(current, last).join(' ')).toBe(expected);
  });
});

describe('links and meta', () => {
  const images = Array.from({ length: 23 }, (_, i) => ({ id: i + 1 }) as StoredImage);
  const path = 'http://x.test/api/v1/images';
  const params = [['search', 'a b/c'], ['style', null], ['sort', 'desc'], ['per_page', 10]] as const;

  it('numbers a middle page', () => {
    const { links, meta } = paginationBlocks(paginate(images, 10, 2), path, params);
    expect(links).toEqual({
      first: `${path}?search=a%20b%2Fc&sort=desc&per_page=10&page=1`,
      last: `${path}?search=a%20b%2Fc&sort=desc&per_page=10&page=3`,
      prev: `${path}?search=a%20b%2Fc&sort=desc&per_page=10&page=1`,
      next: `${path}?search=a%20b%2Fc&sort=desc&per_page=10&page=3`,
    });
    expect(Object.keys(meta)).toEqual(['current_page', 'from', 'last_page', 'links', 'path', 'per_page', 'to', 'total']);
    expect([meta.current_page, meta.from, meta.to, meta.last_page, meta.total, meta.per_page]).toEqual([2, 11, 20, 3, 23, 10]);
    expect(meta.links.map((l) => `${l.label}${l.active ? '*' : ''}`)).toEqual(['&laquo; Previous', '1', '2*', '3', 'Next &raquo;']);
  });

  it('describes a page past the end', () => {
    const { links, meta } = paginationBlocks(paginate(images, 10, 5), path, []);
    expect([meta.from, meta.to, meta.last_page]).toEqual([null, null, 3]);
    expect(links.prev).toBe(`${path}?page=4`);
    expect(links.next).toBeNull();
  });

  it('lists page 1 for an empty result', () => {
    const { links, meta } = paginationBlocks(paginate([], 25, 1), path, []);
    expect(meta.last_page).toBe(1);
    expect(meta.links.map((l) => l.label)).toEqual(['&laquo; Previous', '1', 'Next &raquo;']);
    expect([links.prev, links.next]).toEqual([null, null]);
  });

  it('encodes arrays like http_build_query', () => {
    const { links } = paginationBlocks(paginate([], 25, 1), path, [['style', ['anime', null, 'x']]]);
    expect(links.first).toBe(`${path}?style%5B0%5D=anime&style%5B2%5D=x&page=1`);
  });
});

describe('paginationJson (the JSON text every filtered list answer is made of)', () => {
  // Text that needs escaping in every way json_encode escapes: slashes, quotes, non-ASCII, controls.
  const text = fc.oneof(fc.string(), fc.constantFrom('a/b', 'кот', '"q"', '&laquo; Назад', 'x\\y', '\u0007', '😀', '&raquo;'));
  const value: fc.Arbitrary<PhpValue> = fc.oneof(
    fc.constant(null), text, fc.integer(), fc.boolean(),
    fc.array(fc.oneof(text, fc.constant(null)), { maxLength: 3 }),
    fc.dictionary(text, text, { maxKeys: 2 }).map((entries) => Object.assign(Object.create(null) as Record<string, PhpValue>, entries)),
  );

  it('is encodeControllerJson of paginationBlocks, byte for byte, for any page, parameters and labels', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 3000 }), fc.constantFrom(1, 10, 25, 50, 100), fc.integer({ min: 1, max: 400 }),
      fc.array(fc.tuple(fc.string({ minLength: 1 }), value), { maxLength: 6 }),
      fc.constantFrom('http://127.0.0.1:4010/api/v1/images', 'https://ailuna.test/api/v1/images', 'http://[::1]:9/ü/api/v1/images'),
      fc.record({ previous: text, next: text }),
      (total, perPage, current, parameters, path, labels) => {
        const page = paginate(Array.from({ length: total }, (_, i) => ({ id: i + 1 }) as StoredImage), perPage, current);
        const blocks = paginationBlocks(page, path, parameters, labels);
        expect(paginationJson(page, path, parameters, labels)).toEqual({ links: encodeControllerJson(blocks.links), meta: encodeControllerJson(blocks.meta) });
      },
    ), { numRuns: 400 });
  });
});
