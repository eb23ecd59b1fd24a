import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUTANTS } from './mutants.ts';
import { runDiff } from '../../src/diff/runner.ts';
import { RUSSIAN_ACCOUNT, startFake, TEST_KEYS, TEST_RU_KEY, type RunningFake } from '../../src/diff/test-servers.ts';
import { allDifferences } from '../../src/diff/types.ts';

/**
 * The fake (A) against the fake with each defect of the contract kit's self-test (B): the diff
 * must name it, by the kind of difference and the request that shows it.
 */
const EXPECTED: Record<string, { kind: RegExp; request: RegExp }> = {
  'drops updated_at from images': { kind: /^body keys$/, request: /^store: alpha/ },
  'serves favorite as 0/1 instead of a boolean': { kind: /^body value$/, request: /^store: alpha/ },
  'ignores the style filter': { kind: /^body value$/, request: /^list: style=anime$/ },
  "leaks the first user's images to the second user": { kind: /^body value$/, request: /^isolation: the second user's list/ },
  'answers a created image with 200 instead of 201': { kind: /^status$/, request: /^store: alpha/ },
  'reports meta.total one too high': { kind: /^list arithmetic$/, request: /^list: filtered to this run$/ },
  'answers delete without deleting': { kind: /^status$/, request: /^delete: the deleted image is gone$/ },
  'searches case-sensitively': { kind: /^body value$/, request: /^list: search, upper case$/ },
  'ignores sort=asc': { kind: /^body value$/, request: /^list: sort=asc$/ },
  'ignores per_page': { kind: /^body value$/, request: /^list: per_page=10$/ },
  'serves page N as page N−1 (overlapping pages)': { kind: /^list arithmetic$/, request: /^list: page=2$/ },
  'answers a missing key with 403 instead of 401': { kind: /^status$/, request: /^auth: no key, Accept application\/json: GET \/images$/ },
  'redirects JSON clients to /login instead of answering 401': { kind: /^header location$/, request: /^auth: no key, Accept application\/json: GET \/images$/ },
  'words validation messages its own way': { kind: /^body value$/, request: /^store: no name \(json\)$/ },
  'ignores favorite on update': { kind: /^body value$/, request: /^update: favorite "1" \(json\)$/ },
  'drops the current parameters from pagination links': { kind: /^body value$/, request: /^list: sort=asc$/ },
  'serves every JPEG at 256x256': { kind: /^jpeg size$/, request: /^file: the JPEG of alpha$/ },
  'sends no rate-limit headers': { kind: /^header x-ratelimit-limit$/, request: /^list: filtered to this run$/ },
  'answers a wrong method with 404 instead of 405': { kind: /^status$/, request: /^routing: PUT \/images \(wrong method\)$/ },
  'sends no CORS header': { kind: /^header access-control-allow-origin$/, request: /^cors: a 401 with an Origin$/ },
  'looks the image up before validating an update (404 before 422)': { kind: /^status$/, request: /^update: bad input on a missing id/ },
  'accepts user_id on update': { kind: /^status$/, request: /^update: user_id in the body$/ },
  'drops the filter of a new image': { kind: /^body value$/, request: /^store: alpha/ },
  'puts a URL in links.next on the last page': { kind: /^list arithmetic$/, request: /^list: filtered to this run$/ },
  'keeps the spaces around names on store and update (no trimming)': { kind: /^status$/, request: /^store: a blank name \(trimmed to empty\)/ },
  'answers a wrong method with the JSON body to a client that did not ask for JSON': { kind: /^header content-type$/, request: /^routing: PUT \/images \(wrong method\), not a JSON client$/ },
  'answers a Russian account in English': { kind: /^body value$/, request: /^Russian account: store: an empty body/ },
  'leaves the page arrows untranslated': { kind: /^body value$/, request: /^Russian account: list: filtered to this run/ },
  'lets Accept-Language choose the language': { kind: /^body value$/, request: /^Russian account: store: nothing, with Accept-Language: en-US$/ },
};

/**
 * Defects of the self-test that this differential check cannot see, and why: it sends no request
 * that shows them. The contract suite catches each one with a check written for it.
 */
const NOT_COMPARED: Record<string, string> = {
  "trims names with JavaScript's \\s, keeping U+0085 and U+180E at the ends": 'no name it sends ends in U+0085 or U+180E',
  'ignores per-account allowances (a used-up account can still create)': 'no account with a used-up allowance on either side',
  'reads JSON nested 512 levels deep or more': 'no JSON body it sends is nested 512 levels',
  'keeps only 1000 POST form variables (drops the 1001st)': 'no form it sends has more than 1000 variables',
};

// With a Russian account, so that a defect in the account's language is named too.
const side = (base: string) => ({ base, key: TEST_KEYS[0], key2: TEST_KEYS[1], keyRu: TEST_RU_KEY });

describe('diff against the contract self-test defects', () => {
  // One faithful A for all: each run filters to its own token, so earlier runs do not matter.
  let reference: RunningFake;
  beforeAll(async () => { reference = await startFake({ seed: 11, count: 20, ...RUSSIAN_ACCOUNT }); });
  afterAll(async () => { await reference.close(); });

  it('has an expectation, or a reason it is not compared, for every mutant', () => {
    expect(MUTANTS.map((m) => m.name).sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(NOT_COMPARED)].sort());
  });

  for (const mutant of MUTANTS) {
    if (mutant.name in NOT_COMPARED) {
      it.skip(`names a fake that ${mutant.name} [not compared: ${NOT_COMPARED[mutant.name]}]`, () => {});
      continue;
    }
    it(`names a fake that ${mutant.name}`, async () => {
      const broken = await startFake({ seed: 11, count: 20, ...RUSSIAN_ACCOUNT }, (fake) => mutant.inject(fake));
      try {
        const result = await runDiff({ a: side(reference.base), b: side(broken.base), readOnly: false, rate: 0 });
        const expected = EXPECTED[mutant.name] as { kind: RegExp; request: RegExp };
        const found = allDifferences(result).filter((d) => expected.kind.test(d.kind) && expected.request.test(d.exchange.request.name));
        const seen = allDifferences(result).slice(0, 8).map((d) => `${d.kind} @ ${d.exchange.request.name}`);
        expect(found.length, `no "${expected.kind.source}" difference on "${expected.request.source}"; first seen: ${seen.join('; ')}`).toBeGreaterThan(0);
      } finally {
        await broken.close();
      }
    });
  }
});
