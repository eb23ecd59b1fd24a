import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareNames, containsText, sameText } from './collation.ts';

/*
 * The kit's reading of upstream's collation, held to the genuine application's answers (the repo's
 * copies of the recordings) and to the order BEHAVIOUR.md documents for `sort_by=name`.
 */

interface GenuineImage { name: string; resolution: string; style: string | null; medium: string | null; filter: string | null }
interface GenuineList { url: URL; data: GenuineImage[]; total: number }

function genuineLists(file: string): GenuineList[] {
  const har = JSON.parse(readFileSync(new URL(`../../fixtures/upstream/${file}`, import.meta.url), 'utf8')) as {
    log: { entries: { request: { method: string; url: string }; response: { content: { text?: string } } }[] };
  };
  const lists: GenuineList[] = [];
  for (const { request, response } of har.log.entries) {
    if (request.method !== 'GET' || new URL(request.url).pathname !== '/api/v1/images') continue;
    let body: { data?: unknown; meta?: { total?: number } };
    try {
      body = JSON.parse(response.content.text ?? '') as typeof body;
    } catch {
      continue;
    }
    if (Array.isArray(body.data)) lists.push({ url: new URL(request.url), data: body.data as GenuineImage[], total: body.meta?.total ?? -1 });
  }
  return lists;
}

const SAMPLE = genuineLists('genuine-sample.har');
const LOCALE = genuineLists('genuine-locale.har');
const names = (lists: GenuineList[]) => [...new Set(lists.flatMap((list) => list.data.map((image) => image.name)))];

/** Every neighbour in order (equal names may come either way), as the list check judges a page. */
function accepts(ordered: readonly string[]): boolean {
  return ordered.every((name, i) => i === 0 || compareNames(ordered[i - 1] as string, name) <= 0);
}

describe('the kit reads the collation as upstream sorts names', () => {
  // BEHAVIOUR.md, sort_by=name: case-insensitive, character by character, Latin before Cyrillic.
  const DOCUMENTED = ['100% cotton', 'Alpha', 'beta', 'CITY #12', 'CITY #2', 'Кот'];
  // The genuine recordings' names (their lists come in id order; this is their order by name).
  const GENUINE_LOCALE = [
    '100% cotton alpha #26', 'CITY alpha #22', 'Dragon alpha #29', 'Forest alpha #27', 'mountain alpha #21',
    'ocean_wave alpha #25', 'robot alpha #28', 'Sunset alpha #30', 'Кот alpha #23', 'кошка alpha #24',
  ];
  const GENUINE_SAMPLE = [
    'zqx 100% pure', 'zqx Alpha cat', 'zqx beta Dog', 'zqx bulk 061', 'zqx épée slash/x', 'zqx form pic',
    'zqx GAMMA fox', 'zqx multi pic', 'zqx ocean_wave', 'zqx oceanXwave', 'zqx Кот delta',
  ];

  it('the ordered lists are the genuine names', () => {
    expect(names(LOCALE)).toEqual(expect.arrayContaining(GENUINE_LOCALE));
    expect(names(SAMPLE)).toEqual(expect.arrayContaining(GENUINE_SAMPLE));
  });

  for (const [label, ordered] of [['documented', DOCUMENTED], ['genuine locale', GENUINE_LOCALE], ['genuine sample', GENUINE_SAMPLE]] as const) {
    it(`accepts the ${label} names in upstream's order, and rejects each neighbouring pair swapped`, () => {
      expect(accepts(ordered)).toBe(true);
      expect(accepts([...ordered].reverse())).toBe(false);
      for (let i = 1; i < ordered.length; i++) {
        const swapped = [...ordered];
        [swapped[i - 1], swapped[i]] = [swapped[i] as string, swapped[i - 1] as string];
        expect(accepts(swapped), `${ordered[i]} before ${ordered[i - 1]}`).toBe(false);
      }
    });
  }

  it('names equal under the collation may come in either order (case, accents, trailing spaces)', () => {
    for (const [a, b] of [['Alpha', 'ALPHA'], ['épée', 'EPEE'], ['Кот', 'кот'], ['ёлка', 'елка'], ['fox  ', 'Fox']] as const) {
      expect(compareNames(a, b), `${a} = ${b}`).toBe(0);
      expect(accepts([a, b]) && accepts([b, a])).toBe(true);
    }
  });
});

describe('the kit reads the collation as upstream filters and searches', () => {
  const all = [...SAMPLE, ...LOCALE];
  const known = names(all);

  it('every genuine search answer contains its search (LIKE), and a complete answer leaves out every other name', () => {
    let judged = 0;
    for (const list of all) {
      // Laravel trims the query; an empty search or 0 means none; wildcards are not the kit's concern.
      const search = list.url.searchParams.get('search')?.trim();
      if (search === undefined || search === '' || search === '0' || /[%_\\]/.test(search)) continue;
      for (const image of list.data) expect(containsText(image.name, search), `${image.name} ~ ${search}`).toBe(true);
      // A whole answer to a search alone: every other name of the recording must not match.
      const searchAlone = [...list.url.searchParams.keys()].every((key) => ['search', 'api_token', 'per_page', 'page'].includes(key));
      if (searchAlone && list.total === list.data.length) {
        const returned = new Set(list.data.map((image) => image.name));
        for (const name of known.filter((n) => !returned.has(n))) expect(containsText(name, search), `${name} !~ ${search}`).toBe(false);
      }
      judged += 1;
    }
    expect(judged).toBeGreaterThanOrEqual(5);
  });

  it('every genuine filter answer matches its value ignoring case (resolution=512X512)', () => {
    let judged = 0;
    for (const list of all) {
      for (const column of ['resolution', 'style', 'medium', 'filter'] as const) {
        const value = list.url.searchParams.get(column);
        if (value === null || value === '' || value === '0') continue;
        for (const image of list.data) expect(sameText(image[column], value), `${column} ${image[column]} = ${value}`).toBe(true);
        judged += 1;
      }
    }
    expect(judged).toBeGreaterThanOrEqual(1);
  });

  it('tells different values and non-matching searches apart', () => {
    expect(sameText('512x512', '256x256')).toBe(false);
    expect(sameText(null, 'anime')).toBe(false);
    expect(containsText('zqx épée slash/x', 'EPEE')).toBe(true);
    expect(containsText('zqx Alpha cat', 'alpha dog')).toBe(false);
    expect(containsText('ab', 'abc')).toBe(false);
  });
});
