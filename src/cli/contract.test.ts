import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../contract/checks/index.ts';

const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));
const KEY = 'CliContractKeyOne000000000000000000000000000000000000000000000001';
const KEY2 = 'CliContractKeyTwo000000000000000000000000000000000000000000000002';
const KEY_RU = 'CliContractKeyRussian00000000000000000000000000000000000000000003';
const KEY_USED_UP = 'CliContractKeyUsedUp000000000000000000000000000000000000000000004';

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('ailuna-images contract against ailuna-images serve over HTTP', () => {
  let server: ReturnType<typeof spawn>;
  let baseUrl = '';

  beforeAll(async () => {
    server = spawn(process.execPath, [
      BIN, 'serve', '--port', '0', '--keys', `${KEY},${KEY2},${KEY_RU},${KEY_USED_UP}`, '--count', '12',
      '--user-locales', `${KEY_RU}=ru`, '--user-quotas', `${KEY_USED_UP}=0`,
    ], { stdio: ['ignore', 'pipe', 'ignore'] });
    baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+\/api\/v1)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
  }, 30_000);

  afterAll(() => {
    server.kill('SIGTERM');
  });

  it('passes every check it can, names those it cannot, writes a JUnit report and leaves the data as it found it', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'ailuna-contract-')), 'report.xml');
    const before = await (await fetch(`${baseUrl}/images?per_page=100`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } })).text();
    const result = await run(['contract', '--base-url', baseUrl, '--key', KEY, '--key2', KEY2, '--fake', '--junit', report]);
    // No Russian account and no used-up allowance given: those checks are skipped, and named.
    const russian = ALL_CHECKS.filter((c) => c.needsKeyRu);
    const usedUp = ALL_CHECKS.filter((c) => c.needsKeyUsedUp);
    const ran = ALL_CHECKS.length - russian.length - usedUp.length;
    expect(result.stdout).toMatch(new RegExp(`^${ran} passed, 0 failed, ${russian.length + usedUp.length} skipped$`, 'm'));
    expect(result.stdout).toContain(`Skipped (no Russian account key (CONTRACT_API_KEY_RU / --key-ru)): ${russian.map((c) => c.name).join('; ')}\n`);
    expect(result.stdout).toContain(`Skipped (no key of an account whose allowance is used up (CONTRACT_API_KEY_USED_UP / --key-used-up)): ${usedUp.map((c) => c.name).join('; ')}\n`);
    expect(russian.length).toBeGreaterThanOrEqual(4);
    expect(result.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain(`tests="${ALL_CHECKS.length}" failures="0"`);
    const after = await (await fetch(`${baseUrl}/images?per_page=100`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } })).text();
    expect(after).toBe(before);
  }, 60_000);

  it('given a Russian account and a used-up one of serve\'s (--user-locales, --user-quotas), skips nothing', async () => {
    const result = await run(['contract', '--base-url', baseUrl, '--key', KEY, '--key2', KEY2, '--key-ru', KEY_RU, '--key-used-up', KEY_USED_UP, '--fake']);
    expect(result.stdout).toMatch(new RegExp(`^${ALL_CHECKS.length} passed, 0 failed, 0 skipped$`, 'm'));
    expect(result.stdout).not.toContain('Skipped (');
    expect(result.code).toBe(0);
  }, 90_000);

  it('in read-only mode skips the writing checks and writes nothing', async () => {
    const result = await run(['contract', '--base-url', baseUrl, '--key', KEY, '--read-only']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed, [1-9]\d* skipped$/m);
    expect(result.stdout).toContain('(skipped: read-only mode)');
  }, 60_000);

  it('exits 1 naming the failed check and the request when the server does not behave', async () => {
    // A key the server does not know: every authenticated check fails.
    const result = await run(['contract', '--base-url', baseUrl, '--key', 'NotAKnownKey', '--read-only']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ list: the body is data, links, meta, status in this order, and meta adds up\n\s+GET \/api\/v1\/images\?per_page=100&page=1 answered 401, expected 200/);
  }, 60_000);

  it('in-process, checks the fake with a Russian account and a used-up allowance of its own: nothing skipped', async () => {
    const result = await run(['contract']);
    expect(result.stdout).toMatch(new RegExp(`^${ALL_CHECKS.length} passed, 0 failed, 0 skipped$`, 'm'));
    expect(result.stdout).toMatch(/✓ locale: a Russian account's page arrows/);
    expect(result.stdout).not.toContain('Skipped (');
    expect(result.code).toBe(0);
  }, 60_000);

  it('exits 2 for a bad command line', async () => {
    const result = await run(['contract', '--base-url', 'ftp://x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--base-url must be an http(s) URL');
  });
});
