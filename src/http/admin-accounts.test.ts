import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { jsonHeaders, KEY, NOAPI_KEY, OTHER_KEY, testApp, type TestApp } from '../test-support/app-helpers.ts';
import { createAdminClient } from './admin-client.ts';

const storeNothing = (app: TestApp, key = KEY) => request(app).post('/api/v1/images').set(jsonHeaders(key)).send({});
const create = (app: TestApp, key = KEY) =>
  request(app).post('/api/v1/images').set(jsonHeaders(key)).send({ name: 'n', description: 'd', resolution: '256x256' });

describe('the accounts in the admin API', () => {
  it('lists every account with its locale, the locale it is answered in and its allowance, never a whole key', async () => {
    const app = testApp({ userLocales: { [OTHER_KEY]: 'ru', [NOAPI_KEY]: 'de' }, userQuotas: { [OTHER_KEY]: 2 }, quota: 5 });
    const response = await request(app).get('/__admin/accounts');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      siteLocale: 'en',
      installedLocales: ['en', 'ru'],
      accounts: [
        { account: 1, key: 'TestKe…0001', apiAccess: true, locale: null, answeredIn: 'en', quota: 5, createdThisMonth: 0, remaining: 5, images: 5 },
        { account: 2, key: 'TestKe…0002', apiAccess: true, locale: 'ru', answeredIn: 'ru', quota: 2, createdThisMonth: 0, remaining: 2, images: 5 },
        { account: 3, key: 'TestKe…0003', apiAccess: false, locale: 'de', answeredIn: 'en', quota: 5, createdThisMonth: 0, remaining: 5, images: 0 },
      ],
    });
    for (const key of [KEY, OTHER_KEY, NOAPI_KEY]) expect(response.text).not.toContain(key);
  });

  it('sets a locale at run time, by number or by whole key; null goes back to the site default', async () => {
    const app = testApp();
    expect((await request(app).patch('/__admin/accounts/1').send({ locale: 'ru' })).body).toMatchObject({ account: 1, locale: 'ru', answeredIn: 'ru' });
    expect((await storeNothing(app)).body.message.name).toEqual(['Поле Имя обязательно для заполнения.']);
    // The cached first page of the list follows the new locale too.
    expect((await request(app).get('/api/v1/images').set(jsonHeaders())).body.meta.links[0].label).toBe('&laquo; Назад');
    expect((await request(app).patch(`/__admin/accounts/${KEY}`).send({ locale: null })).body).toMatchObject({ locale: null, answeredIn: 'en' });
    expect((await storeNothing(app)).body.message.name).toEqual(['The name field is required.']);
    expect((await request(app).get('/api/v1/images').set(jsonHeaders())).body.meta.links[0].label).toBe('&laquo; Previous');
    // A locale that is not installed is kept, and answered in the site default.
    expect((await request(app).patch('/__admin/accounts/2').send({ locale: 'de' })).body).toMatchObject({ locale: 'de', answeredIn: 'en' });
  });

  it('sets what an account may still create this month (0 = used up, null = unlimited)', async () => {
    const app = testApp({ quota: 10 });
    expect((await create(app)).status).toBe(201);
    expect((await request(app).patch('/__admin/accounts/1').send({ remaining: 0 })).body).toMatchObject({ quota: 1, createdThisMonth: 1, remaining: 0 });
    expect((await create(app)).body).toEqual({ message: { name: ['You created too many images.'] }, status: 422 });
    expect((await create(app, OTHER_KEY)).status).toBe(201);
    expect((await request(app).patch('/__admin/accounts/1').send({ remaining: 1 })).body).toMatchObject({ quota: 2, remaining: 1 });
    expect((await create(app)).status).toBe(201);
    expect((await create(app)).status).toBe(422);
    expect((await request(app).patch('/__admin/accounts/1').send({ remaining: null })).body).toMatchObject({ quota: null, remaining: null });
    expect((await create(app)).status).toBe(201);
  });

  it('a reset goes back to the accounts as configured', async () => {
    const app = testApp({ userLocales: { [KEY]: 'ru' } });
    await request(app).patch('/__admin/accounts/1').send({ locale: 'en', remaining: 0 });
    await request(app).post('/__admin/reset');
    expect((await request(app).get('/__admin/accounts/1')).body).toMatchObject({ locale: 'ru', quota: null });
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown field', { language: 'ru' }, /^An account takes "locale" and "remaining", not "language"\.$/],
    ['a locale that is no code', { locale: 'r u' }, /^locale: "r u" is not a locale code/],
    ['a locale that is no string', { locale: 5 }, /^locale must be a locale code such as "ru", or null for none, not 5\.$/],
    ['a negative allowance', { remaining: -1 }, /^remaining \(images the account may still create this month\) must be a whole number from 0, or null for unlimited, not -1\.$/],
    ['a fractional allowance', { remaining: 0.5 }, /not 0\.5\.$/],
    ['not an object', [1], /^Send a JSON object/],
  ])('refuses %s with 400 and changes nothing', async (_name, body, message) => {
    const app = testApp();
    const response = await request(app).patch('/__admin/accounts/1').send(body as object);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
    expect((await request(app).get('/__admin/accounts/1')).body).toMatchObject({ locale: null, quota: null });
  });

  it('an account that does not exist is 404, saying how to name one', async () => {
    const app = testApp();
    for (const name of ['4', '0', 'not-a-key']) {
      const response = await request(app).patch(`/__admin/accounts/${name}`).send({ locale: 'ru' });
      expect([response.status, response.body.message]).toEqual([404, 'No such account: name one by its number (1 to 3, as GET /__admin/accounts lists them) or by its whole API key.']);
    }
  });

  it('a path that is not valid percent-encoding is a 400, not a 500', async () => {
    const app = testApp();
    for (const path of ['/__admin/accounts/%', '/__admin/accounts/%E0%A4%A']) {
      const read = await request(app).get(path);
      expect([read.status, read.body.message]).toEqual([400, 'The path is not valid percent-encoding: name an account by its number or its whole key.']);
      expect((await request(app).patch(path).send({ locale: 'ru' })).status).toBe(400);
    }
  });

  it('a change is saved like any other (onChange, what --data writes)', async () => {
    let changes = 0;
    const app = testApp({ onChange: () => { changes += 1; } });
    await request(app).patch('/__admin/accounts/2').send({ locale: 'ru' });
    expect(changes).toBe(1);
  });

  it('has typed client methods', async () => {
    const app = testApp();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const admin = createAdminClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      expect((await admin.accounts()).accounts).toHaveLength(3);
      expect(await admin.setAccount(OTHER_KEY, { locale: 'ru', remaining: 0 })).toMatchObject({ account: 2, answeredIn: 'ru', remaining: 0 });
      expect((await admin.account(2)).locale).toBe('ru');
      await expect(admin.setAccount(9, { locale: 'ru' })).rejects.toThrow(/answered 404/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
