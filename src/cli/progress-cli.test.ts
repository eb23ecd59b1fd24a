import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../contract/checks/index.ts';
import { startFake, TEST_KEYS, TEST_NOAPI_KEY, TEST_RU_KEY, type RunningFake } from '../diff/test-servers.ts';

const USED_UP_KEY = 'ProgressTestKeyUsedUp0000000000000000000000000000000000000000005';
import { requireSystemCommand } from '../test-support/system-deps.ts';
import { diff } from './diff.ts';

/**
 * The progress of `contract` and `diff` as users see it: the real command, its stderr piped (a CI
 * log) or under a pseudo-terminal. Unit behaviour (steps, 30 s lines, time left) is in progress.test.ts.
 */
const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));
const ERASE = '\x1b[K';
const CONTRACT_LINE = /^contract: (\d+)\/(\d+) checks \((\d+)%\), (\d+) failed(, (a few seconds|about [^,]+) left)?$/;
const DIFF_LINE = /^diff: (\d+)\/(\d+) requests \((\d+)%\), (\d+) differences?(, (a few seconds|about [^,]+) left)?$/;
/** Any trace of progress in output that must not have it: its counts, a carriage return, an escape. */
function expectNoProgress(text: string): void {
  expect(text).not.toMatch(/\d+\/\d+ (checks|requests)/);
  expect(text).not.toContain('\r');
  expect(text).not.toContain('\x1b');
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const cli = (args: string[]) => run(process.execPath, [BIN, ...args]);

/** The done counts at which a line is due: each 10% boundary crossed. */
function tenPercentSteps(total: number): number[] {
  return Array.from({ length: total }, (_, i) => i + 1).filter((done) => Math.floor((done * 10) / total) > Math.floor(((done - 1) * 10) / total));
}

/** Parsed progress lines; fails on any stderr line that is not one. */
function progressLines(stderr: string, pattern: RegExp): Array<{ done: number; total: number; percent: number; problems: number }> {
  return stderr.split('\n').filter((line) => line !== '').map((line) => {
    const match = pattern.exec(line);
    expect(match, `not a progress line on stderr: ${JSON.stringify(line)}`).not.toBeNull();
    const [done, total, percent, problems] = [match![1], match![2], match![3], match![4]].map(Number) as [number, number, number, number];
    return { done, total, percent, problems };
  });
}

/** Every 10% step is there, counts only grow, and the last line is the total at 100%. */
function expectStepsToTotal(lines: Array<{ done: number; total: number; percent: number }>, total: number): void {
  expect(new Set(lines.map((line) => line.total))).toEqual(new Set([total]));
  const done = lines.map((line) => line.done);
  for (const step of tenPercentSteps(total)) expect(done).toContain(step);
  expect(done).toEqual([...done].sort((x, y) => x - y));
  expect(lines.at(-1)).toMatchObject({ done: total, percent: 100 });
}

/** What a terminal shows at the end: `\r` goes back to the start of the row, ERASE clears the rest of it. */
function screen(raw: string): string[] {
  const rows: string[][] = [[]];
  let column = 0;
  raw.split(ERASE).forEach((segment, index) => {
    if (index > 0) rows[rows.length - 1]!.length = column;
    for (const character of segment) {
      if (character === '\r') column = 0;
      else if (character === '\n') {
        rows.push([]);
        column = 0;
      } else rows[rows.length - 1]![column++] = character;
    }
  });
  return rows.map((row) => row.join(''));
}

const shellQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

describe('progress of ailuna-images contract and diff', () => {
  let a: RunningFake;
  let b: RunningFake;
  let dir = '';

  beforeAll(async () => {
    // A Russian account and one whose allowance is used up: the contract run skips nothing.
    a = await startFake({ count: 12, keys: [...TEST_KEYS, TEST_RU_KEY, USED_UP_KEY], userLocales: { [TEST_RU_KEY]: 'ru' }, userQuotas: { [USED_UP_KEY]: 0 } });
    // Another default page size: the diff finds differences.
    b = await startFake({ count: 12, perPageDefault: 10 });
    dir = mkdtempSync(join(tmpdir(), 'ailuna-progress-'));
  });

  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('contract, stderr piped: a line at each 10% step up to the total; stdout and the JUnit report free of it', async () => {
    const junit = join(dir, 'contract.xml');
    const result = await cli(['contract', '--base-url', a.base, '--key', TEST_KEYS[0], '--key2', TEST_KEYS[1], '--key-ru', TEST_RU_KEY, '--key-used-up', USED_UP_KEY, '--fake', '--junit', junit]);
    expect(result.stdout).toMatch(new RegExp(`^${ALL_CHECKS.length} passed, 0 failed, 0 skipped$`, 'm'));
    expect(result.code).toBe(0);
    const lines = progressLines(result.stderr, CONTRACT_LINE);
    expectStepsToTotal(lines, ALL_CHECKS.length);
    expect(lines.every((line) => line.problems === 0)).toBe(true);
    expectNoProgress(result.stdout);
    expectNoProgress(readFileSync(junit, 'utf8'));
  }, 90_000);

  it('contract with failures and skipped checks: failures counted as they come, skipped checks count as done', async () => {
    // A key the server does not know: every authenticated check fails; read-only skips the writes.
    const result = await cli(['contract', '--base-url', a.base, '--key', 'NotAKnownKey', '--read-only']);
    expect(result.code).toBe(1);
    const summary = /^(\d+) passed, (\d+) failed, (\d+) skipped$/m.exec(result.stdout);
    expect(summary).not.toBeNull();
    const [failed, skipped] = [Number(summary![2]), Number(summary![3])];
    expect(failed).toBeGreaterThan(0);
    expect(skipped).toBeGreaterThan(0);
    const lines = progressLines(result.stderr, CONTRACT_LINE);
    expectStepsToTotal(lines, ALL_CHECKS.length);
    expect(lines.at(-1)!.problems).toBe(failed);
    expect(lines.map((line) => line.problems)).toEqual(lines.map((line) => line.problems).sort((x, y) => x - y));
    expectNoProgress(result.stdout);
  }, 90_000);

  it('diff, stderr piped: a line at each 10% step up to every planned request, differences counted; stdout and the JSON and HTML reports free of it', async () => {
    const [json, html] = [join(dir, 'diff.json'), join(dir, 'diff.html')];
    const result = await cli(['diff', '--a', a.base, '--b', b.base, '--key', TEST_KEYS[0], '--key2', TEST_KEYS[1], '--noapi-key', TEST_NOAPI_KEY, '--json', json, '--html', html]);
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { exchanges: unknown[]; differences: number };
    const lines = progressLines(result.stderr, DIFF_LINE);
    expectStepsToTotal(lines, report.exchanges.length);
    expect(report.differences).toBeGreaterThan(0);
    expect(lines.at(-1)!.problems).toBe(report.differences);
    expect(result.stdout).toMatch(new RegExp(`^diff: ${report.exchanges.length} requests, ${report.differences} differences$`, 'm'));
    expectNoProgress(result.stdout);
    expectNoProgress(readFileSync(json, 'utf8'));
    expectNoProgress(readFileSync(html, 'utf8'));
  }, 90_000);

  it('diff: the total is the planned set, which --read-only and the missing --key2 make smaller', async () => {
    const json = join(dir, 'read-only.json');
    const out: string[] = [];
    const err: string[] = [];
    const code = await diff(['--a', a.base, '--b', a.base, '--key', TEST_KEYS[0], '--read-only', '--json', json], {}, { out: (line) => out.push(line), err: (line) => err.push(line) });
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { exchanges: unknown[] };
    const full = JSON.parse(readFileSync(join(dir, 'diff.json'), 'utf8')) as { exchanges: unknown[] };
    expect(report.exchanges.length).toBeLessThan(full.exchanges.length);
    expectStepsToTotal(progressLines(err.join('\n'), DIFF_LINE), report.exchanges.length);
    expectNoProgress(out.join('\n'));
  }, 60_000);

  const haveScript = requireSystemCommand('/usr/bin/script', 'bsdutils', {
    // util-linux's script is essential on Debian and not something CI installs: only skip without it.
    env: {},
  });

  it.skipIf(!haveScript)('contract under a pseudo-terminal: one line updated with \\r, erased before each check line and at the end', async () => {
    const command = [process.execPath, BIN, 'contract', '--base-url', a.base, '--key', TEST_KEYS[0], '--read-only'].map(shellQuote).join(' ');
    const result = await run('/usr/bin/script', ['-qec', command, '/dev/null']);
    expect(result.code).toBe(0);
    // The updating line, drawn in place more than once.
    const drawn = result.stdout.split(`\r${ERASE}`).slice(1).map((text) => /^(\d+)\/(\d+) checks · 0 failed/.exec(text)).filter((match) => match !== null);
    expect(new Set(drawn.map((match) => match[1])).size).toBeGreaterThan(1);
    expect(drawn.every((match) => Number(match[2]) === ALL_CHECKS.length)).toBe(true);
    // What the screen shows at the end: every check on its own clean row, no progress left over.
    const rows = screen(result.stdout).filter((row) => row !== '');
    expect(rows.filter((row) => /[✓✗]/.test(row)).every((row) => /^ {2}[✓✗] /.test(row))).toBe(true);
    expect(rows.filter((row) => row.startsWith('  - '))).not.toHaveLength(0);
    expect(rows.some((row) => row.includes(' checks · '))).toBe(false);
    // The summary, then one line per reason checks were skipped.
    expect(rows.filter((row) => /^\d+ passed, 0 failed, \d+ skipped$/.test(row))).toHaveLength(1);
    expect(rows.slice(rows.findIndex((row) => /^\d+ passed/.test(row)) + 1).every((row) => row.startsWith('Skipped ('))).toBe(true);
  }, 90_000);
});
