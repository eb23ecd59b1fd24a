import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium as chromiumInstalled, launchChromium } from '../test-support/chromium.ts';
import { createImagesHandlers } from './index.ts';

// The MSW handlers under `setupWorker` in Debian's chromium: a page bundled with esbuild from
// worker-entry.browser.ts starts MSW's service worker, lists, creates and lists again on its own
// origin. The only server is a static one (page, bundle, mockServiceWorker.js): every /api/v1/…
// answer must come from the service worker, and match what the same fake answers in Node.

const KEY = 'WorkerTestKey00000000000000000000000000000000000000000000000000001';
const SEED = 13;
const COUNT = 12;
const NEW_NAME = 'Кот из service worker';
/** What the page POSTs (it sends the name from its query, the rest as here). */
const CREATE_BODY = { name: NEW_NAME, description: 'made in the browser', resolution: '256x256', style: 'anime' };
const HERE = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(HERE, 'worker-entry.browser.ts');
const WORKER_SCRIPT = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveChromium = chromiumInstalled();

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>MSW setupWorker</title><link rel="icon" href="data:,"></head>
<body data-state="running">
<ol id="names"></ol><pre id="result"></pre><pre id="error"></pre>
<script type="module" src="/bundle.js"></script>
</body></html>`;

interface PageResult {
  controlled: boolean;
  first: { status: number; names: string[]; total: number };
  created: { status: number; body: { data?: { id: number; name: string } } };
  second: { status: number; names: string[]; total: number };
}

/** The same steps against the same fake in Node, straight from the core: the first page of 10 and the created image. */
async function inNode(): Promise<{ names: string[]; total: number; created: { status: number; id: number | undefined } }> {
  const { fake } = createImagesHandlers({ seed: SEED, count: COUNT, keys: [KEY] });
  const ask = async (method: string, body: string | null) => {
    const answer = await fake.handler.handle({
      method,
      url: method === 'GET' ? '/api/v1/images?per_page=10' : '/api/v1/images',
      origin: 'http://127.0.0.1',
      headers: new Headers({ Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }),
      body: body === null ? null : new TextEncoder().encode(body),
      clientAddress: 'node',
    });
    const text = typeof answer.body === 'string' ? answer.body : new TextDecoder().decode(answer.body ?? new Uint8Array());
    return { status: answer.status, json: JSON.parse(text) as Record<string, unknown> };
  };
  const list = await ask('GET', null);
  expect(list.status).toBe(200);
  const { data, meta } = list.json as { data: { name: string }[]; meta: { total: number } };
  const created = await ask('POST', JSON.stringify(CREATE_BODY));
  return { names: data.map((image) => image.name), total: meta.total, created: { status: created.status, id: (created.json as { data?: { id: number } }).data?.id } };
}

describe.skipIf(!haveChromium)('the MSW handlers under setupWorker, in chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let origin = '';
  let bundleBytes = 0;
  /** Every path the static server was asked for. */
  const served: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]!.contents;
    bundleBytes = script.byteLength;
    const workerScript = readFileSync(WORKER_SCRIPT);

    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      served.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (path === '/' || path === '/index.html') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(PAGE);
      } else if (path === '/bundle.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(script);
      } else if (path === '/mockServiceWorker.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(workerScript);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('not served here');
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await launchChromium();
    context = await browser.newContext({ serviceWorkers: 'allow' });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    if (server?.listening) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
  }, 30_000);

  it('lists, creates and lists again through the service worker, as the fake does in Node', { timeout: 90_000 }, async () => {
    expect(bundleBytes).toBeGreaterThan(0);
    const page = await context!.newPage();
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    try {
      const query = new URLSearchParams({ seed: String(SEED), count: String(COUNT), key: KEY, name: NEW_NAME });
      await page.goto(`${origin}/?${query}`);
      await page.waitForFunction(() => document.body.dataset.state !== 'running', undefined, { timeout: 60_000 });
      const [state, error] = await page.evaluate(() => [document.body.dataset.state, document.getElementById('error')?.textContent]);
      expect({ state, error, consoleErrors }).toEqual({ state: 'ready', error: '', consoleErrors: [] });

      const result = JSON.parse((await page.textContent('#result')) ?? '') as PageResult;
      const expected = await inNode();
      expect(expected.names).toHaveLength(10);
      expect(result.controlled).toBe(true);

      // The first list is exactly what the same fake lists on page 1 in Node.
      expect(result.first).toEqual({ status: 200, names: expected.names, total: COUNT });

      // The POST answered 201 with the image, the same id as the same create in Node.
      expect(result.created.status).toBe(201);
      expect(result.created.body.data).toMatchObject({ id: expected.created.id, name: NEW_NAME, resolution: '256x256', style: 'anime' });
      expect(expected.created).toEqual({ status: 201, id: COUNT + 1 });

      // The second list shows it first (newest first), then the first list's names.
      expect(result.second).toEqual({ status: 200, names: [NEW_NAME, ...expected.names.slice(0, 9)], total: COUNT + 1 });
      expect(await page.$$eval('#names li', (items) => items.map((item) => item.textContent))).toEqual(result.second.names);

      // Only the page, the bundle and the worker script reached the server: the API never did.
      expect(served.filter((line) => line.includes('/api/'))).toEqual([]);
      expect(new Set(served.map((line) => line.split('?')[0]))).toEqual(new Set(['GET /', 'GET /bundle.js', 'GET /mockServiceWorker.js']));
    } finally {
      await page.close();
    }
  });
});
