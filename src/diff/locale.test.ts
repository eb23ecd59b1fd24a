import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff } from '../cli/diff.ts';
import { UsageError } from '../cli/options.ts';
import type { Fake } from '../core/fake.ts';
import { buildRequests } from './requests.ts';
import { runDiff } from './runner.ts';
import { RUSSIAN_ACCOUNT, startFake, TEST_KEYS, TEST_RU_KEY, type RunningFake } from './test-servers.ts';
import { allDifferences, type DiffResult } from './types.ts';

const side = (base: string) => ({ base, key: TEST_KEYS[0], key2: TEST_KEYS[1], keyRu: TEST_RU_KEY });
const described = (result: DiffResult) => allDifferences(result).slice(0, 10).map((d) => `${d.kind} ${d.where} @ ${d.exchange.request.name}: ${d.a} / ${d.b}`);
const differing = (result: DiffResult) => new Set(allDifferences(result).map((d) => d.exchange.request.name));
const imagesOf = (fake: RunningFake, key: string) => fake.fake.store.findTenantByToken(key)?.images.size;

/** A defect: validation messages in the account's language, the page arrows always English. */
function englishLabels(fake: Fake): void {
  // Every answer goes through respond (the HTTP adapter calls it; handle wraps it).
  const original = fake.handler.respond.bind(fake.handler);
  fake.handler.respond = async (request) => {
    const response = await original(request);
    if (typeof response.body !== 'string') return response;
    // The compact body escapes Cyrillic: «&laquo; Назад» and «Вперёд &raquo;» as \u sequences.
    const body = response.body
      .replaceAll('&laquo; \\u041d\\u0430\\u0437\\u0430\\u0434', '&laquo; Previous')
      .replaceAll('\\u0412\\u043f\\u0435\\u0440\\u0451\\u0434 &raquo;', 'Next &raquo;');
    return { ...response, body };
  };
}

describe('diff with a Russian account (--key-ru)', () => {
  const fakes: RunningFake[] = [];
  let reference: RunningFake;
  beforeAll(async () => {
    reference = await startFake({ seed: 5, count: 30, ...RUSSIAN_ACCOUNT });
    fakes.push(reference);
  });
  afterAll(async () => { await Promise.all(fakes.map((f) => f.close())); });

  it('the fake against another instance with the same accounts: 0 differences; each account\'s images deleted with its own key', async () => {
    const other = await startFake({ seed: 9, count: 4, ...RUSSIAN_ACCOUNT });
    fakes.push(other);
    const before = [imagesOf(reference, TEST_RU_KEY), imagesOf(other, TEST_RU_KEY)];
    const result = await runDiff({ a: side(reference.base), b: side(other.base), readOnly: false, rate: 0 });
    expect(described(result)).toEqual([]);
    expect(result.russianAccount).toBe(true);
    const russian = result.exchanges.filter((e) => e.request.account === 'ru');
    expect(russian.length).toBeGreaterThan(40);
    // The Russian account's own image was created on its side and deleted again by the cleanup.
    expect(russian.find((e) => e.request.creates === 'ru')?.a.status).toBe(201);
    expect([imagesOf(reference, TEST_RU_KEY), imagesOf(other, TEST_RU_KEY)]).toEqual(before);
    // What the requests show: Russian messages and arrows on A (and so on B).
    const text = (name: string) => new TextDecoder().decode(result.exchanges.find((e) => e.request.name === name)?.a.bytes);
    expect(JSON.parse(text('Russian account: store: an empty body (json)')).message.name).toEqual(['Поле Имя обязательно для заполнения.']);
    expect(JSON.parse(text('Russian account: store: nothing, with Accept-Language: en-US')).message.name).toEqual(['Поле Имя обязательно для заполнения.']);
    expect(JSON.parse(text('English account: store: nothing, with Cookie: locale=ru')).message.name).toEqual(['The name field is required.']);
    expect(JSON.parse(text('Russian account: list (unfiltered): per_page=10')).meta.links[0].label).toBe('&laquo; Назад');
  });

  it('against a side where that account is English: each locale-sensitive request is named, nothing else', async () => {
    const english = await startFake({ seed: 5, count: 30, keys: RUSSIAN_ACCOUNT.keys });
    fakes.push(english);
    const result = await runDiff({ a: side(reference.base), b: side(english.base), readOnly: false, rate: 0 });
    const names = differing(result);
    // Messages: every validation rule of store and update; labels: every list, filtered or not.
    for (const name of [
      'Russian account: store: an empty body (json)', 'Russian account: store: a numeric name (json)', 'Russian account: store: a name of 129 characters (json)',
      'Russian account: store: an unknown resolution (json)', 'Russian account: store: variations abc (json)', 'Russian account: update: favorite "abc" (json)',
      'Russian account: update: favorite 5 (json)', 'Russian account: update: a name of 129 characters (form)', 'Russian account: update: bad input on a missing id (422 before 404) (json)',
      'Russian account: store: nothing, with Accept-Language: en-US', 'Russian account: store: nothing, with Cookie: locale=en',
      'Russian account: list: filtered to this run', 'Russian account: list: filtered to this run, page 2', 'Russian account: list: filtered, with Accept-Language: en-US',
      'Russian account: list (unfiltered): per_page=10', 'Russian account: list (unfiltered): per_page=10 page 2',
    ]) expect(names, name).toContain(name);
    // The site's strings, the framework's bodies, the image and the English account are the same.
    expect([...names].filter((name) => !name.startsWith('Russian account: '))).toEqual([]);
    for (const name of ['show: a missing id (the site\'s "Resource not found.")', 'list: search[]=x (a framework Server Error)', 'store: variations 2 (valid: 404) (json)', 'update: its image is unchanged']) {
      expect(names, name).not.toContain(`Russian account: ${name}`);
    }
    const label = allDifferences(result).find((d) => d.exchange.request.name === 'Russian account: list (unfiltered): per_page=10');
    expect([label?.kind, label?.where, label?.a, label?.b]).toEqual(['body value', '$.meta.links[0].label', '"&laquo; Назад"', '"&laquo; Previous"']);
  });

  it('a side that translates the messages but not the page arrows: the lists are named, not the messages', async () => {
    const broken = await startFake({ seed: 5, count: 30, ...RUSSIAN_ACCOUNT }, englishLabels);
    fakes.push(broken);
    const result = await runDiff({ a: side(reference.base), b: side(broken.base), readOnly: false, rate: 0 });
    expect([...differing(result)].sort()).toEqual([
      'Russian account: list (unfiltered): per_page=10', 'Russian account: list (unfiltered): per_page=10 page 2',
      'Russian account: list: filtered to this run', 'Russian account: list: filtered to this run, page 2', 'Russian account: list: filtered, with Accept-Language: en-US',
    ]);
    expect(new Set(allDifferences(result).map((d) => `${d.kind} ${d.where}`))).toEqual(new Set(['body value $.meta.links[0].label', 'body value $.meta.links[2].label']));
  });

  it('the command: --key-ru from the environment, the JSON report marks the account and holds no key; without it the summary says what was not compared', async () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const report = join(mkdtempSync(join(tmpdir(), 'ailuna-diff-ru-')), 'r.json');
    const code = await diff(['--a', reference.base, '--b', reference.base, '--key', TEST_KEYS[0], '--read-only', '--json', report], { AILUNA_DIFF_KEY_RU: TEST_RU_KEY }, io);
    expect(code).toBe(0);
    expect(lines[0]).toContain(', with a Russian account');
    expect(lines.join('\n')).not.toContain('not compared');
    const text = readFileSync(report, 'utf8');
    expect(text).not.toContain(TEST_RU_KEY);
    const json = JSON.parse(text) as { russianAccount: boolean; exchanges: Array<{ account?: string; name: string }> };
    expect(json.russianAccount).toBe(true);
    expect(json.exchanges.filter((e) => e.account === 'ru').length).toBeGreaterThan(5);

    lines.length = 0;
    expect(await diff(['--a', reference.base, '--b', reference.base, '--key', TEST_KEYS[0], '--read-only'], {}, io)).toBe(0);
    expect(lines[0]).toContain('(no --key-ru: the Russian account is not compared)');
    expect(lines.at(-2)).toBe("not compared: a Russian account's validation messages and page arrows (no --key-ru)");
  });

  it('read-only, the Russian account sends only GET requests', () => {
    const requests = buildRequests({ token: 'zqdtest', readOnly: true, key2: true, russianAccount: true }).filter((r) => r.account === 'ru');
    expect(requests.length).toBeGreaterThan(5);
    expect(new Set(requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });

  it('bad --key-ru flags are usage errors', async () => {
    const quiet = { out: () => undefined, err: () => undefined };
    const base = ['--a', 'http://h/api/v1', '--b', 'http://h/api/v1', '--key', 'k'];
    await expect(diff([...base, '--a-key-ru', 'r'], {}, quiet)).rejects.toThrow(new UsageError('--a-key-ru was given without --b-key-ru: the Russian account is compared on both sides or on neither.'));
    await expect(diff([...base, '--key-ru', 'k'], {}, quiet)).rejects.toThrow(/^--key-ru \(or --a-key-ru\) must be the key of another account than --key on A/);
  });
});
