import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_PATH } from '../openapi/load.ts';
import { haveChromium as chromiumInstalled, launchChromium } from '../test-support/chromium.ts';
import type { Image, ImageList } from '../types/index.ts';
import { createApp } from './app.ts';

// Issue 6: the /docs page (Swagger UI from swagger-ui-dist, offline) and the / gallery, first over
// HTTP, then in Debian's chromium against a listening fake; and CORS from a second origin.

const KEY = 'PagesTestKeyAlpha000000000000000000000000000000000000000000000001';
const OTHER_KEY = 'PagesTestKeyBravo000000000000000000000000000000000000000000000002';

describe('pages over HTTP', () => {
  const app = createApp({ seed: 5, count: 3, keys: [KEY, OTHER_KEY] });

  it('GET /docs is an HTML page whose every URL is on the same origin', async () => {
    const response = await request(app).get('/docs').set('Accept', 'text/html');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const urls = [...response.text.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    expect(urls).toEqual(['data:,', '/docs/swagger-ui.css', '/', '/docs/openapi.yaml', '/docs/openapi.json', '/docs/swagger-ui-bundle.js']);
    expect(response.text).not.toMatch(/https?:\/\//);
    expect((await request(app).get('/docs/')).status).toBe(200);
  });

  it('serves the document as the file (YAML) and as JSON, readable from any origin', async () => {
    const yaml = await request(app).get('/docs/openapi.yaml').buffer(true).parse((res, done) => {
      // Bytes first: a chunk may end inside a Cyrillic letter.
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(yaml.status).toBe(200);
    expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(yaml.body).toBe(readFileSync(SPEC_PATH, 'utf8'));
    const json = await request(app).get('/docs/openapi.json');
    expect(json.status).toBe(200);
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect(json.body.info.title).toBe('ailuna.ru Images API');
    expect(json.body.paths['/images'].get.summary).toBe('List images');
  });

  it('serves the Swagger UI files from node_modules', async () => {
    const script = await request(app).get('/docs/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const css = await request(app).get('/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('GET / for a browser is the gallery, prefilled with the first key; HEAD has no body', async () => {
    const response = await request(app).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<title>ailuna.ru Images · gallery (ailuna-images-kit)</title>');
    expect(response.text).toContain(JSON.stringify(KEY));
    expect(response.text).not.toContain(OTHER_KEY);
    const head = await request(app).head('/');
    expect(head.status).toBe(200);
    expect(head.text ?? '').toBe('');
  });

  it.each<[string, string, string]>([
    ['GET', '/', 'application/json'], // an API client asking for JSON: upstream's route 404
    ['POST', '/', 'text/html'],
    ['POST', '/docs', 'application/json'],
    ['GET', '/docs/swagger-ui.js', 'application/json'], // not one of the served files
    ['GET', '/docs/nope', 'application/json'],
    ['GET', '/nowhere', 'application/json'],
  ])('%s %s (Accept: %s) still reaches the API: route 404', async (method, path, accept) => {
    const response = await request(app)[method === 'GET' ? 'get' : 'post'](path).set('Accept', accept);
    expect(response.status).toBe(404);
    if (accept === 'application/json') {
      expect(response.body).toEqual({ message: `The route ${path === '/' ? '/' : path.slice(1)} could not be found.` });
    }
  });

  it('pages: false turns both pages off', async () => {
    const bare = createApp({ seed: 5, count: 3, keys: [KEY], pages: false });
    for (const path of ['/docs', '/docs/openapi.json', '/']) {
      const response = await request(bare).get(path).set('Accept', 'application/json');
      expect(response.status).toBe(404);
    }
    expect((await request(bare).get('/').set('Accept', 'text/html')).text).toContain('<title>Not Found</title>');
  });
});

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveChromium = chromiumInstalled();

// The wire types generated from the OpenAPI document.
type WireImage = Image;
type WireList = ImageList;

/** Listens on 127.0.0.1 with a free port; resolves to the origin. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | undefined): Promise<void> {
  if (server === undefined || !server.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A tiny stand-in for a Vite dev server's page: on its own origin, it creates an image through the fake. */
const VITE_APP_PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>vite app</title><link rel="icon" href="data:,"></head>
<body data-state="running">
<pre id="status"></pre><pre id="result"></pre><pre id="error"></pre>
<script>
  const params = new URLSearchParams(location.search);
  fetch(params.get('api') + '/images', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + params.get('key'), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ name: 'vite app cat', description: 'made from another origin', resolution: '256x256', style: 'anime' }),
  })
    .then(async (response) => {
      document.getElementById('status').textContent = String(response.status);
      document.getElementById('result').textContent = await response.text();
      document.body.dataset.state = 'done';
    })
    .catch((error) => {
      document.getElementById('error').textContent = String(error);
      document.body.dataset.state = 'failed';
    });
</script>
</body></html>`;

describe.skipIf(!haveChromium)('pages in chromium, against a listening fake', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let fakeServer: Server | undefined;
  let viteServer: Server | undefined;
  let base = '';
  let viteOrigin = '';
  /** Every request chromium made, and every request the fake received. */
  const browserRequests: string[] = [];
  const fakeRequests: { method: string; url: string; headers: IncomingHttpHeaders }[] = [];

  /** The fake's answer to a list query, asked directly, as the gallery should show it. */
  async function api(query: string): Promise<WireList> {
    const response = await fetch(`${base}/api/v1/images?${query}`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as WireList;
  }

  /** Waits until the gallery shows the answer to the list request with exactly this query. */
  async function waitForGrid(page: Page, query: string): Promise<void> {
    await page.waitForFunction(
      (expected) => document.body.dataset.state !== 'loading' && document.body.dataset.query === expected,
      query,
      { timeout: 30_000 },
    );
    expect(await page.evaluate(() => [document.body.dataset.state, document.getElementById('error')?.textContent])).toEqual(['ready', '']);
  }

  async function cards(page: Page): Promise<{ name: string; style: string; favorite: string; width: number; height: number; src: string }[]> {
    await page.waitForFunction(() => [...document.images].every((image) => image.complete), undefined, { timeout: 30_000 });
    return page.$$eval('#grid li.image', (items) =>
      items.map((item) => {
        const image = item.querySelector('img');
        return {
          name: item.querySelector('.name')?.textContent ?? '',
          style: item.querySelector('.style')?.textContent ?? '',
          favorite: item.querySelector('.favorite')?.textContent ?? '',
          width: image?.naturalWidth ?? 0,
          height: image?.naturalHeight ?? 0,
          src: image?.src ?? '',
        };
      }),
    );
  }

  beforeAll(async () => {
    const app = createApp({ seed: 11, count: 30, keys: [KEY, OTHER_KEY], userLocales: { [OTHER_KEY]: 'ru' } });
    fakeServer = createServer((req, res) => {
      fakeRequests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      app(req, res);
    });
    base = await listen(fakeServer);
    viteServer = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(VITE_APP_PAGE);
    });
    viteOrigin = await listen(viteServer);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 2000 } });
    context.on('request', (req) => browserRequests.push(req.url()));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await close(fakeServer);
    await close(viteServer);
  }, 30_000);

  /** Nothing chromium asked for left this machine's two servers. */
  function expectOnlyLocalRequests(): void {
    const foreign = browserRequests.filter((url) => !url.startsWith(`${base}/`) && !url.startsWith(`${viteOrigin}/`) && !url.startsWith('data:'));
    expect(foreign).toEqual([]);
  }

  it('/docs renders the document offline: title, operations, this fake as the first server, Try it out', { timeout: 60_000 }, async () => {
    const page = await context!.newPage();
    const before = browserRequests.length;
    try {
      await page.goto(`${base}/docs`);
      await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
      await page.waitForSelector('.swagger-ui .opblock-summary-description', { timeout: 30_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('ailuna.ru Images API');
      const operations = await page.$$eval('.swagger-ui .opblock-summary-description', (items) => items.map((item) => item.textContent?.trim()));
      expect(operations).toEqual(expect.arrayContaining(['List images', 'Create (generate) an image', 'Show an image', 'Delete an image', 'Download an image file']));
      const servers = await page.$$eval('.swagger-ui .servers select option', (options) => options.map((option) => (option as HTMLOptionElement).value));
      expect(servers[0]).toBe(`${base}/api/v1`);
      expect(servers).toContain('https://ailuna.ru/api/v1');
      // Whose account "Try it out" plays, in which language.
      expect(await page.textContent('#kit-locale')).toBe('en');
      // "Try it out" on List images calls this fake with its first key, pre-filled.
      await page.click('.swagger-ui .opblock-summary-description >> text=List images');
      await page.click('.swagger-ui button.try-out__btn');
      const tried = page.waitForResponse((res) => res.url().startsWith(`${base}/api/v1/images`));
      await page.click('.swagger-ui button.execute');
      const answer = await tried;
      expect(answer.status()).toBe(200);
      expect(answer.request().headers().authorization).toBe(`Bearer ${KEY}`);

      const loaded = browserRequests.slice(before);
      expect(loaded).toEqual(expect.arrayContaining([`${base}/docs`, `${base}/docs/swagger-ui.css`, `${base}/docs/swagger-ui-bundle.js`, `${base}/docs/openapi.json`]));
      expectOnlyLocalRequests();
    } finally {
      await page.close();
    }
  });

  it('/ shows the key\'s images as the API lists them, with their JPEGs, filters, ★ and pages', { timeout: 90_000 }, async () => {
    // Make a favourite through the API first: the gallery must show the fake's real state.
    const firstPage = await api('');
    const chosen = firstPage.data[1]!;
    const patched = await fetch(`${base}/api/v1/images/${chosen.id}`, {
      method: 'PATCH',
      headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ favorite: 1 }),
    });
    expect(patched.status).toBe(200);
    const expected = await api('');
    expect(expected.meta.last_page).toBeGreaterThan(1);

    const page = await context!.newPage();
    try {
      const listRequest = page.waitForRequest((req) => req.url().startsWith(`${base}/api/v1/images?`));
      await page.goto(`${base}/`);
      expect(await page.inputValue('#key')).toBe(KEY);
      const sent = await (await listRequest).allHeaders();
      expect(sent.authorization).toBe(`Bearer ${KEY}`);
      expect(sent.accept).toBe('application/json');
      await waitForGrid(page, 'page=1');

      // The first page: exactly the API's names, in order; every JPEG decoded at its resolution.
      let shown = await cards(page);
      expect(shown.map((card) => card.name)).toEqual(expected.data.map((image) => image.name));
      expect(shown.map((card) => card.src)).toEqual(expected.data.map((image) => image.url));
      expect(shown.every((card) => card.width > 0)).toBe(true);
      expect(shown.map((card) => `${card.width}x${card.height}`)).toEqual(expected.data.map((image) => image.resolution));
      expect(shown.map((card) => card.favorite)).toEqual(expected.data.map((image) => (image.favorite ? '★' : '')));
      expect(shown.find((card) => card.name === chosen.name)?.favorite).toBe('★');
      expect(await page.textContent('#total')).toBe(`${expected.meta.total} images`);
      expect(await page.textContent('#page')).toBe(`page 1 of ${expected.meta.last_page}`);
      // The account's language, and the page arrows as the API labels them.
      expect(await page.textContent('#locale')).toBe('answered in: en');
      expect([await page.textContent('#prev'), await page.textContent('#next')]).toEqual(['« Previous', 'Next »']);

      // A style filter: exactly the matching images.
      const everything = await api('per_page=100');
      const style = everything.data.map((image) => image.style).find((value) => value !== null)!;
      const styled = await api(`style=${style}`);
      expect(styled.data.length).toBeGreaterThan(0);
      await page.selectOption('#style', style);
      await waitForGrid(page, `style=${style}&page=1`);
      shown = await cards(page);
      expect(shown.map((card) => card.name)).toEqual(styled.data.map((image) => image.name));
      expect(shown.every((card) => card.style === style)).toBe(true);
      expect(await page.textContent('#total')).toBe(`${styled.meta.total} ${styled.meta.total === 1 ? 'image' : 'images'}`);

      // Favourites only: the ★ images, and the one made above among them.
      await page.selectOption('#style', '');
      await page.check('#favorite');
      await waitForGrid(page, 'favorite=1&page=1');
      const favourites = await api('favorite=1');
      shown = await cards(page);
      expect(shown.map((card) => card.name)).toEqual(favourites.data.map((image) => image.name));
      expect(shown.map((card) => card.name)).toContain(chosen.name);
      expect(shown.every((card) => card.favorite === '★')).toBe(true);

      // Pagination: next shows the API's second page.
      await page.uncheck('#favorite');
      await waitForGrid(page, 'page=1');
      expect(await page.isDisabled('#prev')).toBe(true);
      await page.click('#next');
      await waitForGrid(page, 'page=2');
      const second = await api('page=2');
      shown = await cards(page);
      expect(shown.map((card) => card.name)).toEqual(second.data.map((image) => image.name));
      expect(await page.textContent('#page')).toBe(`page 2 of ${second.meta.last_page}`);
      expect(await page.isDisabled('#prev')).toBe(false);

      // Search: the list's own matching, as the API answers it.
      const word = expected.data[0]!.name.split(' ')[0]!;
      await page.fill('#search', word);
      await waitForGrid(page, `${new URLSearchParams({ search: word }).toString()}&page=1`);
      const searched = await api(new URLSearchParams({ search: word }).toString());
      expect((await cards(page)).map((card) => card.name)).toEqual(searched.data.map((image) => image.name));

      // Another key shows that key's own images.
      await page.fill('#key', OTHER_KEY);
      await page.fill('#search', '');
      await page.dispatchEvent('#key', 'change');
      await page.waitForFunction(() => document.body.dataset.state === 'ready' && document.body.dataset.query === 'page=1', undefined, { timeout: 30_000 });
      const other = await (await fetch(`${base}/api/v1/images`, { headers: { Accept: 'application/json', Authorization: `Bearer ${OTHER_KEY}` } })).json() as WireList;
      expect((await cards(page)).map((card) => card.name)).toEqual(other.data.map((image) => image.name));
      // That key's account is Russian: so are the arrows the API sends.
      expect(await page.textContent('#locale')).toBe('answered in: ru');
      expect([await page.textContent('#prev'), await page.textContent('#next')]).toEqual(['« Назад', 'Вперёд »']);

      // A wrong key: the API's 401 message, no grid.
      await page.fill('#key', 'nope');
      await page.dispatchEvent('#key', 'change');
      await page.waitForSelector('body[data-state="error"]', { timeout: 30_000 });
      expect(await page.textContent('#error')).toBe('401 Unauthenticated.');
      expect(await page.$$('#grid li')).toEqual([]);
      expectOnlyLocalRequests();
    } finally {
      await page.close();
    }
  });

  it('a page on another origin (a Vite app) creates an image through the fake: CORS preflight and POST succeed', { timeout: 60_000 }, async () => {
    const page = await context!.newPage();
    try {
      const url = new URL(`${viteOrigin}/`);
      url.search = new URLSearchParams({ api: `${base}/api/v1`, key: KEY }).toString();
      await page.goto(url.href);
      await page.waitForSelector('body:not([data-state="running"])', { timeout: 30_000 });
      expect(await page.textContent('#error')).toBe('');
      expect(await page.textContent('#status')).toBe('201');
      const created = JSON.parse((await page.textContent('#result')) ?? '') as { data: WireImage };
      expect(created.data).toMatchObject({ name: 'vite app cat', resolution: '256x256', style: 'anime', favorite: false });

      // Chromium sent a preflight for the JSON POST with a Bearer key, then the POST itself.
      const preflight = fakeRequests.find((req) => req.method === 'OPTIONS' && req.url === '/api/v1/images');
      expect(preflight?.headers.origin).toBe(viteOrigin);
      expect(preflight?.headers['access-control-request-method']).toBe('POST');
      expect(preflight?.headers['access-control-request-headers']?.split(',').map((name) => name.trim()).sort()).toEqual(['authorization', 'content-type']);
      const post = fakeRequests.find((req) => req.method === 'POST' && req.url === '/api/v1/images');
      expect(post?.headers.origin).toBe(viteOrigin);

      // The image is there for the API, as any client sees it.
      const shown = await fetch(`${base}/api/v1/images/${created.data.id}`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
      expect(shown.status).toBe(200);
      expect(((await shown.json()) as { data: WireImage }).data).toEqual(created.data);
      expect((await api('search=vite%20app%20cat')).data.map((image) => image.id)).toEqual([created.data.id]);
      expectOnlyLocalRequests();
    } finally {
      await page.close();
    }
  });
});
