import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff } from '../cli/diff.ts';
import { UsageError } from '../cli/options.ts';
import { runDiff } from './runner.ts';
import { startFake, TEST_KEYS, TEST_NOAPI_KEY, type RunningFake } from './test-servers.ts';
import { allDifferences, type DiffResult } from './types.ts';

const side = (base: string) => ({ base, key: TEST_KEYS[0], key2: TEST_KEYS[1], noApiKey: TEST_NOAPI_KEY });
const described = (result: DiffResult) => allDifferences(result).slice(0, 10).map((d) => `${d.kind} ${d.where} @ ${d.exchange.request.name}: ${d.a} / ${d.b}`);

describe('diff between faithful implementations', () => {
  const fakes: RunningFake[] = [];
  let seed1: RunningFake;
  let seed1again: RunningFake;
  let seed7: RunningFake;

  beforeAll(async () => {
    seed1 = await startFake({ seed: 1, count: 40, journalSize: 5000 });
    seed1again = await startFake({ seed: 1, count: 40 });
    seed7 = await startFake({ seed: 7, count: 3, journalSize: 5000 });
    fakes.push(seed1, seed1again, seed7);
  });
  afterAll(async () => { await Promise.all(fakes.map((f) => f.close())); });

  it('the fake against itself (two instances of one configuration): several hundred requests, 0 differences', async () => {
    const result = await runDiff({ a: side(seed1.base), b: side(seed1again.base), readOnly: false, rate: 0 });
    expect(described(result)).toEqual([]);
    expect(result.exchanges.length).toBeGreaterThan(400);
    // Every group of the issue is in the set.
    expect(new Set(result.exchanges.map((e) => e.request.group))).toEqual(new Set(['list', 'store', 'update', 'auth', 'show', 'isolation', 'routing', 'cors', 'files', 'delete']));
  });

  it('seed 1 with 40 images against seed 7 with 3: no false alarm from data, ids, clocks or rate limits; it deletes what it created', async () => {
    const before = [seed1, seed7].map((f) => f.fake.store.allTenants().reduce((n, t) => n + t.images.size, 0));
    const result = await runDiff({ a: side(seed1.base), b: side(seed7.base), readOnly: false, rate: 0 });
    expect(described(result)).toEqual([]);
    const after = [seed1, seed7].map((f) => f.fake.store.allTenants().reduce((n, t) => n + t.images.size, 0));
    expect(after).toEqual(before);
    expect(result.cleanup).toBeGreaterThan(0);
  });

  it('read-only: 0 differences, and not one write reaches either side (the journals)', async () => {
    seed1.fake.journal.requests.clear();
    seed7.fake.journal.requests.clear();
    const result = await runDiff({ a: side(seed1.base), b: side(seed7.base), readOnly: true, rate: 0 });
    expect(described(result)).toEqual([]);
    expect(result.exchanges.length).toBeGreaterThan(250);
    for (const fake of [seed1, seed7]) {
      const methods = new Set(fake.fake.journal.requests.newestFirst().map((entry) => entry.method));
      expect([...methods].sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(fake.fake.journal.requests.size).toBe(result.exchanges.length);
    }
  });

  it('a side that lets a plan without API access in is named (403 against 200)', async () => {
    const open = await startFake({ seed: 7, count: 3, keys: [...TEST_KEYS, TEST_NOAPI_KEY], noApiKeys: [] });
    fakes.push(open);
    const result = await runDiff({ a: side(seed1.base), b: side(open.base), readOnly: true, rate: 0 });
    const named = allDifferences(result).filter((d) => d.kind === 'status' && /^no API access: list$/.test(d.exchange.request.name));
    expect(named.map((d) => [d.a, d.b])).toEqual([['403', '200']]);
  });

  it('read-only against an account with no images: what needs an image to show is not compared, the rest is, 0 differences', async () => {
    const empty = await startFake({ seed: 7, count: 0 });
    fakes.push(empty);
    const result = await runDiff({ a: side(seed1.base), b: side(empty.base), readOnly: true, rate: 0 });
    expect(described(result)).toEqual([]);
    const skipped = result.exchanges.filter((e) => e.skipped !== undefined);
    expect(skipped.length).toBeGreaterThan(5);
    expect(skipped.every((e) => /listed/.test(`${e.request.path}${JSON.stringify(e.request.headers)}`))).toBe(true);
    expect(result.exchanges.length - skipped.length).toBeGreaterThan(250);
  });

  it('read-only against one and the same server as A and B: 0 differences', async () => {
    const result = await runDiff({ a: side(seed7.base), b: side(seed7.base), readOnly: true, rate: 0 });
    expect(described(result)).toEqual([]);
  });

  it('the command: exit 0, the last line, a JSON report with every request and both answers, no key in it', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'ailuna-diff-'));
    const code = await diff(['--a', seed1.base, '--b', seed7.base, '--key', TEST_KEYS[0], '--read-only', '--json', join(dir, 'r.json'), '--html', join(dir, 'r.html')], {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(0);
    expect(lines.at(-1)).toMatch(/^diff: \d{3} requests, 0 differences$/);
    const text = readFileSync(join(dir, 'r.json'), 'utf8');
    const report = JSON.parse(text) as { exchanges: Array<{ a: { status: number }; b: { status: number } }>; differences: number };
    expect(report.differences).toBe(0);
    expect(report.exchanges.length).toBeGreaterThan(250);
    expect(report.exchanges[0]?.a.status).toBe(200);
    expect(text).not.toContain(TEST_KEYS[0]);
  });
});

describe('diff command line', () => {
  const noOutput = { out: () => undefined, err: () => undefined };

  it('--help', async () => {
    const lines: string[] = [];
    expect(await diff(['--help'], {}, { out: (l) => lines.push(l), err: () => undefined })).toBe(0);
    expect(lines.join('\n')).toContain('--read-only');
  });

  it('bad flags are usage errors (exit 2 through main)', async () => {
    await expect(diff(['--a', 'http://127.0.0.1:1/api/v1'], {}, noOutput)).rejects.toThrow(UsageError);
    await expect(diff(['--a', 'x', '--b', 'http://h/api/v1', '--key', 'k'], {}, noOutput)).rejects.toThrow(/--a must be an http/);
    await expect(diff(['--a', 'http://h/api/v1', '--b', 'http://h/api/v1', '--key', 'k', '--rate', 'fast'], {}, noOutput)).rejects.toThrow(/--rate/);
    await expect(diff(['--bogus'], {}, noOutput)).rejects.toThrow(UsageError);
    await expect(diff(['--a', 'http://127.0.0.1:99999/api/v1', '--b', 'http://h/api/v1', '--key', 'k'], {}, noOutput)).rejects.toThrow(/--a must be an http/);
  });

  it('a side that goes away during the run: a UsageError (exit 2 through main) naming the request without its key', async () => {
    const fake = await startFake({ count: 2 });
    // Answers the reachability probe, then cuts every connection: a server that went away midway.
    let answered = 0;
    const flaky = createServer((req, res) => {
      if (answered++ === 0) res.end('{}');
      else req.socket.destroy();
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const flakyBase = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/api/v1`;
    try {
      const run = diff(['--a', fake.base, '--b', flakyBase, '--key', TEST_KEYS[0], '--read-only'], {}, noOutput);
      await expect(run).rejects.toThrow(UsageError);
      const message = await run.catch((error: Error) => error.message);
      expect(message).toMatch(new RegExp(`^cannot reach ${flakyBase.replaceAll('.', '\\.')}\\S*: connection reset — `));
      expect(message).not.toContain(TEST_KEYS[0]);
    } finally {
      await fake.close();
      flaky.closeAllConnections();
      await new Promise((resolve) => flaky.close(resolve));
    }
  });

  it('an unreachable side or a report that cannot be written: one line before any request, nothing on stdout', async () => {
    const fake = await startFake({ count: 2, journalSize: 100 });
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    try {
      await expect(diff(['--a', fake.base, '--b', 'http://127.0.0.1:1/api/v1', '--key', TEST_KEYS[0], '--read-only'], {}, io))
        .rejects.toThrow(/^cannot reach http:\/\/127\.0\.0\.1:1\/api\/v1: connection refused — is the server up\?$/);
      await expect(diff(['--a', fake.base, '--b', fake.base, '--key', TEST_KEYS[0], '--read-only', '--json', '/nonexistent-dir/x.json'], {}, io))
        .rejects.toThrow(/^--json \/nonexistent-dir\/x\.json: the folder \/nonexistent-dir does not exist\.$/);
      expect(lines).toEqual([]);
      // Only the probes reached the fake (one GET of the API base per side), none of the diff's requests.
      expect(fake.fake.journal.requests.newestFirst().map((entry) => entry.url)).toEqual(['/api/v1']);
    } finally {
      await fake.close();
    }
  });
});
