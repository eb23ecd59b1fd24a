import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHar } from '../har/har.ts';
import { GENUINE_LOCALE_HAR } from '../test-support/genuine-har.ts';

const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));
const KEY = 'CliRecordKey0000000000000000000000000000000000000000000000000001';
const children: ChildProcess[] = [];

/** Starts a command and resolves with the first URL it prints after `marker`. */
function start(args: string[], marker: RegExp): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = marker.exec(output)?.[1];
      if (url) resolve({ child, url, output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', resolve));

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('ailuna-images record and replay', () => {
  it('records through the proxy with the key redacted, then replays the recording', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ailuna-cli-record-')), 'session.har');
    const fake = await start(['serve', '--port', '0', '--keys', KEY, '--count', '5'], /listening on (http:\/\/\S+?)\/api\/v1/);
    const proxy = await start(['record', '--upstream', fake.url, '--out', out, '--port', '0'], /Recording (http:\/\/\S+)/);
    const headers = { Accept: 'application/json', Authorization: `Bearer ${KEY}` };
    const live = await fetch(`${proxy.url}/api/v1/images?per_page=10`, { headers });
    const liveBody = await live.text();
    expect(live.status).toBe(200);
    const missing = await fetch(`${proxy.url}/api/v1/images/999999?api_token=${KEY}`, { headers: { Accept: 'application/json' } });
    expect(missing.status).toBe(404);

    // The file is a complete HAR while the proxy still runs, and holds no key.
    const text = readFileSync(out, 'utf8');
    expect(parseHar(text).log.entries).toHaveLength(2);
    expect(text).not.toContain(KEY);
    proxy.child.kill('SIGTERM');
    expect(await exited(proxy.child)).toBe(0);

    const replay = await start(['replay', out, '--port', '0', '--keep-urls'], /on (http:\/\/\S+?)[;,]/);
    const replayed = await fetch(`${replay.url}/api/v1/images?per_page=10`, { headers });
    expect([replayed.status, await replayed.text()]).toEqual([200, liveBody]);
    const unmatched = await fetch(`${replay.url}/api/v1/images?per_page=25`, { headers });
    expect(unmatched.status).toBe(404);
    expect(((await unmatched.json()) as { closest: unknown[] }).closest.length).toBeGreaterThan(0);
    replay.child.kill('SIGINT');
    expect(await exited(replay.child)).toBe(0);
  }, 60_000);

  it('replays with the fake answering what was not recorded (--fallback fake)', async () => {
    const har = fileURLToPath(new URL('../../fixtures/recordings/endpoints.har', import.meta.url));
    const replay = await start(['replay', har, '--port', '0', '--fallback', 'fake'], /on (http:\/\/\S+?)[;,]/);
    const response = await fetch(`${replay.url}/api/v1/images?per_page=50`, {
      headers: { Accept: 'application/json', Authorization: 'Bearer demoKeyOne000000000000000000000000000000000000000000000000000001' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { meta: { per_page: number } }).meta.per_page).toBe(50);
  }, 30_000);

  it('replays an English and a Russian account: --locale ru gives a client that was not recorded the Russian answers', async () => {
    const har = GENUINE_LOCALE_HAR;
    const replay = await start(['replay', har, '--port', '0', '--locale', 'ru'], /on (http:\/\/\S+?)[;,]/);
    const store = (key: string) => fetch(`${replay.url}/api/v1/images`, {
      method: 'POST', body: '{}', headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    }).then((r) => r.json() as Promise<{ message: { name: string[] } }>);
    expect((await store('a-client-key')).message.name).toEqual(['Поле Имя обязательно для заполнения.']);
    // A recorded key keeps its own account's answers.
    expect((await store('REDACTED-KEY-1')).message.name).toEqual(['The name field is required.']);
    expect(replay.output()).toContain('accounts: REDACTED-KEY-1 (en), REDACTED-KEY-2 (ru); other keys play an account in ru');
    replay.child.kill('SIGINT');
    expect(await exited(replay.child)).toBe(0);
  }, 30_000);

  it('refuses bad command lines with exit code 2 and one line naming the flag', async () => {
    const har = GENUINE_LOCALE_HAR;
    // In parallel: each start of the command takes seconds on a busy machine.
    await Promise.all(([
      [['record', '--out', 'x.har'], /^error: --upstream is required/], [['record', '--upstream', 'http://x'], /^error: --out is required/],
      [['replay'], /^error: missing FILE: give exactly one/],
      [['replay', 'a.har', '--fallback', 'prism'], /^error: --fallback must be "fake", not "prism"\.$/],
      [['replay', har, '--locale', 'de'], /^error: --locale: no recorded answer is in de \(the recording's answers are in en, ru\)\.$/],
      [['replay', har, '--locale', 'r u'], /^error: --locale must be a locale code such as en, ru or pt_BR, not "r u"\.$/],
      [['replay', har, '--user-locales', 'k'], /^error: --user-locales takes KEY=LOCALE pairs/],
    ] as const).map(async ([args, message]) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      expect(await exited(child), args.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr.trim(), args.join(' ')).toMatch(message);
    }));
  }, 60_000);
});
