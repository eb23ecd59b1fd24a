import { describe, expect, it } from 'vitest';
import type { StoredImage } from '../images/image.ts';
import { RequestInput } from '../images/input.ts';
import { parseListQuery } from './list-query.ts';
import { parseStr } from '../php/parse-str.ts';
import { runListQuery } from './plain-scan.ts';

function image(id: number, name: string, fields: Partial<StoredImage> = {}): StoredImage {
  return {
    id, name, style: null, medium: null, filter: null, resolution: '256x256',
    result: `${id}.jpg`, favorite: false, createdAt: id, updatedAt: id, ...fields,
  };
}

const IMAGES: StoredImage[] = [
  image(1, 'Alpha cat', { style: 'anime', medium: 'ink', filter: 'sepia', favorite: true }),
  image(2, 'beta dog', { style: 'anime', resolution: '512x512' }),
  image(3, '100% cotton', { style: 'retro', resolution: '1024x1024', favorite: true }),
  image(4, 'CITY #12', { style: '3d_render', filter: 'invert' }),
  image(5, 'CITY #2', { medium: 'glass', resolution: '512x512' }),
  image(6, 'Épée de feu', { filter: 'grayscale' }),
  image(7, 'Ёлка зимой', { style: 'sketch' }),
  image(8, 'under_score', {}),
];

/** Runs a query string against IMAGES and returns the ids in answer order. */
function ids(queryString: string, perPageDefault = 25): number[] {
  const query = parseListQuery(RequestInput.from(parseStr(queryString), {}), perPageDefault);
  return runListQuery(IMAGES, query).items.map((i) => i.id);
}

describe('the plain scan (the reference the image index is held to)', () => {
  it.each<[string, number[]]>([
    ['', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['sort=asc', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['sort=ASC', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['sort=up', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['sort_by=name&sort=asc', [3, 1, 2, 4, 5, 6, 8, 7]],
    ['sort_by=name', [7, 8, 6, 5, 4, 2, 1, 3]],
    ['sort_by=NAME&sort=asc', [1, 2, 3, 4, 5, 6, 7, 8]],
    ['search=CAT', [1]],
    ['search=%20cat%20', [1]],
    ['search=epee', [6]],
    ['search=елка', [7]],
    ['search=100%25', [3]],
    ['search=100\\%25', [3]],
    ['search=c%25y', [5, 4]],
    ['search=CITY%20%23_', [5, 4]],
    ['search=under\\_', [8]],
    ['search=0', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['search=', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['style=anime', [2, 1]],
    ['style=ANIME', [2, 1]],
    ['style=unknown', []],
    ['style=0', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['style[]=anime&style[]=retro', [2, 1]],
    ['style[]=', []],
    ['medium=glass', [5]],
    ['filter=sepia', [1]],
    ['resolution=512X512', [5, 2]],
    ['favorite=1', [3, 1]],
    ['favorite=1.0', [3, 1]],
    ['favorite=0', [8, 7, 6, 5, 4, 2]],
    ['favorite=2', []],
    ['favorite=true', [8, 7, 6, 5, 4, 3, 2, 1]],
    ['style=anime&favorite=1', [1]],
    ['per_page=10&page=2', []],
  ])('%s', (queryString, expected) => {
    expect(ids(queryString)).toEqual(expected);
  });

  it('fails an array search as upstream does (500)', () => {
    expect(() => ids('search[]=x')).toThrowError(/server-error/);
    expect(() => ids('search[]=')).toThrowError(/server-error/);
  });
});

describe('per_page and page fallbacks', () => {
  const parse = (qs: string) => parseListQuery(RequestInput.from(parseStr(qs), {}), 25);
  it.each<[string, number, number]>([
    ['', 25, 1],
    ['per_page=10', 10, 1],
    ['per_page=100', 100, 1],
    ['per_page=20', 25, 1],
    ['per_page=0', 25, 1],
    ['per_page=25.0', 25, 1],
    ['per_page=1e1', 10, 1],
    ['per_page=abc', 25, 1],
    ['page=2', 25, 2],
    ['page=%2B2', 25, 2],
    ['page=0', 25, 1],
    ['page=-1', 25, 1],
    ['page=05', 25, 1],
    ['page=2.0', 25, 1],
    ['page=1e0', 25, 1],
    ['page=abc', 25, 1],
  ])('%s → per_page %i, page %i', (qs, perPage, page) => {
    const query = parse(qs);
    expect([query.perPage, query.page]).toEqual([perPage, page]);
  });

  it('warns about every silent fallback and nothing else', () => {
    expect(parse('per_page=20').warnings).toEqual([
      'per_page=20 is not allowed (10, 25, 50, 100); the real API falls back to 25.',
    ]);
    expect(parse('favorite=true&sort=up&style=unknown').warnings).toHaveLength(3);
    expect(parse('per_page=10&sort=asc&sort_by=name&favorite=1&style=ANIME').warnings).toEqual([]);
  });

  it('keeps link parameters in upstream order with the values used', () => {
    const query = parse('page=3&per_page=7&sort_by=up&favorite=true&search=%20a%20&style=ANIME');
    expect(query.linkParameters).toEqual([
      ['search', 'a'], ['style', 'ANIME'], ['medium', null], ['filter', null], ['resolution', null],
      ['favorite', 'true'], ['search_by', 'name'], ['sort_by', 'id'], ['sort', 'desc'], ['per_page', 25],
    ]);
  });
});
