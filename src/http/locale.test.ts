import request from 'supertest';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagesHandlers } from '../msw/index.ts';
import { jsonHeaders, KEY, NOAPI_KEY, OTHER_KEY, testApp, type TestApp } from '../test-support/app-helpers.ts';

/** What a Russian account sees: the software's own Russian lines, `\u`-escaped in compact bodies. */
const RU_NAME_REQUIRED = 'Поле Имя обязательно для заполнения.';
const escaped = (text: string) => JSON.stringify(text).slice(1, -1).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const storeNothing = (app: TestApp, key: string, headers: Record<string, string> = {}) =>
  request(app).post('/api/v1/images').set(jsonHeaders(key, headers)).send({});

const createImage = (app: TestApp, key: string, name = 'A cat') =>
  request(app).post('/api/v1/images').set(jsonHeaders(key)).send({ name, description: 'a cat', resolution: '256x256' });

describe("the account's language decides, nothing else does", () => {
  const app = testApp({ userLocales: { [OTHER_KEY]: 'ru' } });

  it('a Russian account gets Russian validation messages, \\u-escaped, with no Content-Language', async () => {
    const response = await storeNothing(app, OTHER_KEY);
    expect(response.status).toBe(422);
    expect(response.text.startsWith(`{"message":{"name":["${escaped(RU_NAME_REQUIRED)}"],`)).toBe(true);
    expect(/^[\x20-\x7e]*$/.test(response.text)).toBe(true);
    expect(response.body.message.name).toEqual([RU_NAME_REQUIRED]);
    expect(response.headers['content-language']).toBeUndefined();
  });

  it('and the Russian arrows in meta.links, everything else as for English', async () => {
    const ru = await request(app).get('/api/v1/images?per_page=10').set(jsonHeaders(OTHER_KEY));
    const en = await request(app).get('/api/v1/images?per_page=10').set(jsonHeaders(KEY));
    const labels = (body: { meta: { links: Array<{ label: string }> } }) => body.meta.links.map((l) => l.label);
    expect(labels(ru.body)).toEqual(['&laquo; Назад', '1', 'Вперёд &raquo;']);
    expect(labels(en.body)).toEqual(['&laquo; Previous', '1', 'Next &raquo;']);
    expect(ru.text).toContain('"label":"&laquo; \\u041d\\u0430\\u0437\\u0430\\u0434"');
  });

  it.each([
    ['Accept-Language: ru-RU,ru;q=0.9', { 'Accept-Language': 'ru-RU,ru;q=0.9' }],
    ['Accept-Language: ru', { 'Accept-Language': 'ru' }],
    ['Cookie: locale=ru', { Cookie: 'locale=ru' }],
  ])('an English account stays English with %s', async (_name, headers) => {
    expect((await storeNothing(app, KEY, headers)).body.message.name).toEqual(['The name field is required.']);
  });

  it('a Russian account stays Russian with Accept-Language: en-US', async () => {
    expect((await storeNothing(app, OTHER_KEY, { 'Accept-Language': 'en-US' })).body.message.name).toEqual([RU_NAME_REQUIRED]);
  });

  it("the site's strings stay English for a Russian account without a translations file", async () => {
    expect((await request(app).get('/api/v1/images/999999').set(jsonHeaders(OTHER_KEY))).text).toBe('{"message":"Resource not found.","status":404}');
  });

  it('framework bodies are never translated', async () => {
    expect((await request(app).get('/api/v1/images?search[]=x').set(jsonHeaders(OTHER_KEY))).body).toEqual({ message: 'Server Error' });
    expect((await request(app).post('/api/v1/images/1').set(jsonHeaders(OTHER_KEY))).body.message).toMatch(/^The POST method is not supported/);
  });
});

describe('the site default answers accounts without an installed locale of their own', () => {
  it.each<[string, Record<string, string>, string, string]>([
    ['no locale of its own', {}, KEY, RU_NAME_REQUIRED],
    ['its own en wins over the site default', { [KEY]: 'en' }, KEY, 'The name field is required.'],
    ['a locale that is not installed (de)', { [KEY]: 'de' }, KEY, RU_NAME_REQUIRED],
    ['RU is not ru', { [KEY]: 'RU' }, KEY, RU_NAME_REQUIRED],
  ])('%s', async (_name, userLocales, key, expected) => {
    const app = testApp({ locale: 'ru', userLocales });
    expect((await storeNothing(app, key)).body.message.name).toEqual([expected]);
  });

  it('an account option naming a key that does not exist is refused', () => {
    expect(() => testApp({ userLocales: { NotAKeyOfThisFake: 'ru' } })).toThrow(/userLocales names a key that is neither in keys nor in noApiKeys \(NotAKe…\)/);
    expect(() => testApp({ userLocales: { [KEY]: 'r u' } })).toThrow(/^userLocales: "r u" is not a locale code/);
  });

  it('a site default that is not installed leaves accounts in English', async () => {
    const app = testApp({ locale: 'fr' });
    expect((await storeNothing(app, KEY)).body.message.name).toEqual(['The name field is required.']);
  });
});

describe("a site translations file (lang/<code>.json)", () => {
  const ru = {
    'Resource not found.': 'Ресурс не найден.',
    'You created too many images.': 'Вы создали слишком много изображений.',
    "You don't have access to this feature.": 'У вас нет доступа к этой функции.',
    'The :attribute contains a keyword that is banned.': 'Поле :attribute содержит запрещённое слово.',
    'Server Error': 'Ошибка сервера',
    'Unauthenticated.': 'Не аутентифицирован.',
  };
  const app = testApp({
    userLocales: { [OTHER_KEY]: 'ru', [NOAPI_KEY]: 'ru' },
    translations: { ru },
    userQuotas: { [OTHER_KEY]: 0 },
    bannedWords: ['forbidden'],
  });

  it("translates the site's strings for accounts of that locale, \\u-escaped", async () => {
    const missing = await request(app).get('/api/v1/images/999999').set(jsonHeaders(OTHER_KEY));
    expect(missing.text).toBe(`{"message":"${escaped('Ресурс не найден.')}","status":404}`);
    const unknownPath = await request(app).get('/api/v1/nothing-here').set(jsonHeaders(OTHER_KEY));
    expect(unknownPath.body).toEqual({ message: 'Ресурс не найден.', status: 404 });
    const noAccess = await request(app).get('/api/v1/images').set(jsonHeaders(NOAPI_KEY));
    expect(noAccess.body).toEqual({ message: 'У вас нет доступа к этой функции.', status: 403 });
  });

  it('the banned-keyword rule shows the raw field name; the quota rule follows the Russian max message', async () => {
    const response = await request(app).post('/api/v1/images').set(jsonHeaders(OTHER_KEY))
      .send({ name: 'x'.repeat(129), description: 'a forbidden thing', resolution: '256x256' });
    expect(response.body.message).toEqual({
      name: ['Количество символов в поле Имя не может превышать 128.', 'Вы создали слишком много изображений.'],
      description: ['Поле description содержит запрещённое слово.'],
    });
  });

  it('English accounts and framework bodies are untouched', async () => {
    expect((await request(app).get('/api/v1/images/999999').set(jsonHeaders(KEY))).body.message).toBe('Resource not found.');
    expect((await request(app).get('/api/v1/images?search[]=x').set(jsonHeaders(OTHER_KEY))).body).toEqual({ message: 'Server Error' });
    expect((await request(app).get('/api/v1/images').set({ Host: 'api.test', Accept: 'application/json' })).body).toEqual({ message: 'Unauthenticated.' });
  });
});

describe('per-account allowance (--user-quotas)', () => {
  it('overrides --quota for the accounts it names: 0 = used up, N = N more this month', async () => {
    const app = testApp({ quota: 3, userQuotas: { [KEY]: 0, [OTHER_KEY]: 1 } });
    const first = await createImage(app, KEY);
    expect(first.status).toBe(422);
    expect(first.body.message).toEqual({ name: ['You created too many images.'] });
    expect((await createImage(app, OTHER_KEY)).status).toBe(201);
    expect((await createImage(app, OTHER_KEY)).body.message).toEqual({ name: ['You created too many images.'] });
  });

  it('accounts it does not name keep --quota (or unlimited)', async () => {
    const limited = testApp({ quota: 1, userQuotas: { [OTHER_KEY]: 5 } });
    expect((await createImage(limited, KEY)).status).toBe(201);
    expect((await createImage(limited, KEY)).status).toBe(422);
    const unlimited = testApp({ userQuotas: { [OTHER_KEY]: 0 } });
    for (let i = 0; i < 3; i++) expect((await createImage(unlimited, KEY)).status).toBe(201);
    expect((await createImage(unlimited, OTHER_KEY)).status).toBe(422);
  });

  it('refuses a negative or fractional allowance', () => {
    expect(() => testApp({ userQuotas: { [KEY]: -1 } })).toThrow(/must be a whole number from 0, not -1/);
    expect(() => testApp({ userQuotas: { [KEY]: 1.5 } })).toThrow(/not 1\.5/);
  });
});

describe('the MSW handlers take the same options', () => {
  const handlers = createImagesHandlers({ keys: [KEY, OTHER_KEY], userLocales: { [OTHER_KEY]: 'ru' }, userQuotas: { [KEY]: 0 }, count: 3 });
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('a Russian account, and a used-up allowance', async () => {
    const send = (key: string, body: unknown) => fetch('http://localhost:4010/api/v1/images', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    expect(((await (await send(OTHER_KEY, {})).json()) as { message: { name: string[] } }).message.name).toEqual([RU_NAME_REQUIRED]);
    const quota = await send(KEY, { name: 'n', description: 'd', resolution: '256x256' });
    expect(quota.status).toBe(422);
  });
});
