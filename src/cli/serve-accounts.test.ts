import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../test-support/cli.ts';

const EN = 'accountEnglish';
const RU = 'accountRussian';
const folder = mkdtempSync(join(tmpdir(), 'ailuna-translations-'));
const ruJson = join(folder, 'ru.json');
writeFileSync(ruJson, JSON.stringify({ 'Resource not found.': 'Ресурс не найден.' }));
mkdirSync(join(folder, 'bad'));
writeFileSync(join(folder, 'bad', 'ru.json'), '{"Resource not found.": 5}');

async function call(base: string, key: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Accept: 'application/json', Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() as { message: unknown } };
}

describe('serve: the accounts\' languages and allowances from the command line', () => {
  const running: RunningCli[] = [];
  afterAll(async () => {
    for (const server of running) await server.stop();
  });

  it('--user-locales, --translations and --user-quotas shape the answers, and the banner says so', async () => {
    const server = await startCli([
      'serve', '--port', '0', '--count', '3', '--keys', `${EN},${RU}`,
      '--user-locales', `${RU}=ru`, '--translations', ruJson, '--user-quotas', `${EN}=0`,
    ], /listening on (http:\/\/\S+\/api\/v1)/);
    running.push(server);
    const base = server.match[1] as string;
    expect((await call(base, RU, '/images', {})).body.message).toMatchObject({ name: ['Поле Имя обязательно для заполнения.'] });
    expect((await call(base, RU, '/images/999999')).body.message).toBe('Ресурс не найден.');
    expect((await call(base, EN, '/images/999999')).body.message).toBe('Resource not found.');
    const quota = await call(base, EN, '/images', { name: 'n', description: 'd', resolution: '256x256' });
    expect([quota.status, quota.body.message]).toEqual([422, { name: ['You created too many images.'] }]);
    const { stdout } = server.output();
    expect(stdout).toContain('language: site default en; installed en, ru; translations ru.json');
    expect(stdout).toContain(`    ${EN}   (allowance used up)`);
    expect(stdout).toContain(`    ${RU}   (locale ru)`);
  });

  it('the environment variables do the same (AILUNA_LOCALE, AILUNA_USER_LOCALES)', async () => {
    const server = await startCli(['serve', '--port', '0', '--count', '1', '--keys', `${EN},${RU}`], /listening on (http:\/\/\S+\/api\/v1)/, {
      env: { AILUNA_LOCALE: 'ru', AILUNA_USER_LOCALES: `${EN}=en` },
    });
    running.push(server);
    const base = server.match[1] as string;
    expect((await call(base, RU, '/images', {})).body.message).toMatchObject({ name: ['Поле Имя обязательно для заполнения.'] });
    expect((await call(base, EN, '/images', {})).body.message).toMatchObject({ name: ['The name field is required.'] });
  });

  it('--data keeps what an allowance has used: a restart with the same --user-quotas gives nothing back', async () => {
    const data = join(folder, 'state.json');
    const args = ['serve', '--port', '0', '--count', '1', '--keys', `${EN},${RU}`, '--user-quotas', `${EN}=1`, '--data', data];
    const store = (base: string) => call(base, EN, '/images', { name: 'n', description: 'd', resolution: '256x256' }).then((r) => r.status);
    const first = await startCli(args, /listening on (http:\/\/\S+\/api\/v1)/);
    expect([await store(first.match[1] as string), await store(first.match[1] as string)]).toEqual([201, 422]);
    await first.stop();
    const again = await startCli(args, /listening on (http:\/\/\S+\/api\/v1)/);
    running.push(again);
    expect(await store(again.match[1] as string)).toBe(422);
  });

  it('the log never shows a key that names an account in the admin API', async () => {
    const server = await startCli(['serve', '--port', '0', '--count', '1', '--keys', `${EN},${RU}`, '--log-format', 'json'], /"url":"(http:\/\/[^"]+)\/api\/v1"/);
    running.push(server);
    const origin = server.match[1] as string;
    const patched = await fetch(`${origin}/__admin/accounts/${RU}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"locale":"ru"}' });
    expect(patched.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { stdout } = server.output();
    expect(stdout).toContain('"url":"/__admin/accounts/REDACTED"');
    expect(stdout).not.toContain(RU);
  });

  it.each<[string, string[], RegExp]>([
    ['a translations file that does not exist', ['--translations', join(folder, 'de.json')], /^error: --translations .*de\.json: no such file\.$/],
    ['a translations file not named <locale>.json', ['--translations', join(folder, 'russian.txt')], /^error: --translations .*russian\.txt: the file must be named <locale>\.json/],
    ['a translations file that is not an object of strings', ['--translations', join(folder, 'bad', 'ru.json')], /^error: --translations .*ru\.json: the translation of "Resource not found\." must be a string, not 5\.$/],
    ['a locale that is no code', ['--locale', 'r u'], /^error: --locale must be a locale code such as en, ru or pt_BR, not "r u"\.$/],
    ['an account that is not a key', ['--keys', EN, '--user-locales', 'someoneElse=ru'], /^error: --user-locales names a key that is in neither --keys nor --noapi-keys \(someon…\)/],
    ['a pair without a value', ['--user-locales', `${EN}=`], /^error: --user-locales takes KEY=LOCALE pairs separated by commas, e\.g\. my-key=ru, not "accoun…="\.$/],
    ['a negative allowance', ['--keys', EN, '--user-quotas', `${EN}=-1`], /^error: --user-quotas \(accoun…\) must be a whole number from 0 to 1000000, not "-1"\.$/],
  ])('%s: one line naming the flag, exit 2', async (_name, args, message) => {
    const result = await runCli(['serve', '--port', '0', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});
