import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../core/defaults.ts';
import { haveChromium as chromiumInstalled, launchChromium } from '../test-support/chromium.ts';
import { createApp } from './app.ts';

// Issue 15: on /docs of a fake with its defaults (`npm start`), "Try it out" then "Execute" on every
// operation, typing nothing, gives the useful answer: the first demo key is pre-authorised, JSON is
// asked for, and the filled-in examples find the default data. In Debian's chromium.

describe('the /docs page says what "Try it out" will find', () => {
  const notice = async (app: ReturnType<typeof createApp>) => {
    const page = (await request(app).get('/docs')).text;
    return (JSON.parse(/<script type="application\/json" id="kit-config">(.*?)<\/script>/.exec(page)![1]!) as { notice: string }).notice;
  };

  it('with the default seed, count and number of keys (whatever the keys): the examples find the images', async () => {
    expect(await notice(createApp({ keys: ['MyOwnKey'.padEnd(64, '0'), 'Other'.padEnd(64, '0')] }))).toBe(
      '"Try it out" is authorised with the first key, and the examples find its images in the default data (a delete removes the example\'s image until POST /__admin/reset).',
    );
  });

  it('with other data: the examples may not, and why', async () => {
    expect(await notice(createApp({ seed: 7, count: 5, keys: ['MyOwnKey'.padEnd(64, '0')] }))).toBe(
      '"Try it out" is authorised with the first key, but the examples (image ids, search, file) are those of the default data (seed 1, 40 images per key, 2 keys); this fake has seed 7, 5 per key and 1 key, so they may answer 404 or an empty list: type ids and names of its own.',
    );
  });
});

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveChromium = chromiumInstalled();

interface Tried {
  status: number;
  /** The status Swagger UI shows under "Server response". */
  shown: string;
  contentType: string;
  authorization: string | undefined;
  accept: string | undefined;
  body: string;
}

describe.skipIf(!haveChromium)('"Try it out" on /docs in chromium, against a fake with the default data', () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let base = '';

  beforeAll(async () => {
    server = createServer(createApp());
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
  }, 30_000);

  it('every operation answers usefully with nothing typed, sent with the first key and a JSON Accept', { timeout: 240_000 }, async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 2000 } });
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    try {
      await page.goto(`${base}/docs`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
      await page.waitForSelector('.swagger-ui .opblock', { timeout: 30_000 });
      expect(await page.textContent('#kit-notice')).toContain('the examples find its images in the default data');

      const tried: Record<string, Tried> = {};
      for (const block of await page.$$('.swagger-ui .opblock')) {
        const method = (await block.$eval('.opblock-summary-method', (e) => e.textContent ?? '')).trim();
        const path = await block.$eval('.opblock-summary-path', (e) => e.getAttribute('data-path') ?? '');
        await (await block.$('.opblock-summary'))!.click();
        await (await block.waitForSelector('button.try-out__btn', { timeout: 30_000 })).click();
        const answered = page.waitForResponse((res) => res.request().method() === method && !new URL(res.url()).pathname.startsWith('/docs'), { timeout: 30_000 });
        await (await block.waitForSelector('button.execute', { timeout: 30_000 })).click();
        const response = await answered;
        const headers = await response.request().allHeaders();
        const shown = await block.waitForSelector('.live-responses-table tbody .response-col_status', { timeout: 30_000 });
        tried[`${method} ${path}`] = {
          status: response.status(),
          shown: ((await shown.textContent()) ?? '').trim(),
          contentType: response.headers()['content-type'] ?? '',
          authorization: headers.authorization,
          accept: headers.accept,
          body: /json/.test(response.headers()['content-type'] ?? '') ? await response.text() : '',
        };
        // Closed again: a page with every operation open re-renders slowly.
        await (await block.$('.opblock-summary'))!.click();
      }

      // Show, update and patch come before delete on the page, so image 78 is still there for them.
      expect(Object.fromEntries(Object.entries(tried).map(([operation, t]) => [operation, t.status]))).toEqual({
        'GET /images': 200,
        'POST /images': 201,
        'GET /images/{id}': 200,
        'PUT /images/{id}': 200,
        'PATCH /images/{id}': 200,
        'DELETE /images/{id}': 200,
        'GET /uploads/users/images/{file}': 200,
        // A page cannot send Access-Control-Request-* itself: a plain OPTIONS, 200 with Allow.
        'OPTIONS /images': 200,
        'OPTIONS /images/{id}': 200,
      });
      for (const [operation, t] of Object.entries(tried)) {
        expect(t.shown, `${operation}: the status shown on the page`).toBe(String(t.status));
        if (/^(GET|POST|PUT|PATCH|DELETE) \/images/.test(operation)) {
          expect([t.authorization, t.accept], operation).toEqual([`Bearer ${DEFAULT_KEYS[0]}`, 'application/json']);
          expect(t.contentType, operation).toBe('application/json');
        }
      }
      const list = JSON.parse(tried['GET /images']!.body) as { data: { favorite: boolean; name: string }[] };
      expect(list.data.length).toBeGreaterThan(0);
      expect(list.data.every((image) => image.favorite && /still life/i.test(image.name))).toBe(true);
      expect((JSON.parse(tried['GET /images/{id}']!.body) as { data: { id: number } }).data.id).toBe(78);
      expect((JSON.parse(tried['DELETE /images/{id}']!.body) as { id: number }).id).toBe(78);
      expect(tried['GET /uploads/users/images/{file}']!.contentType).toBe('image/jpeg');
      // Everything went to this fake (the files' own servers list the real site first in the document).
      expect(requested.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
