import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type CreateAppOptions } from '../http/app.ts';
import type * as AdminEntryModule from './index.ts';
import { haveChromium as chromiumInstalled, launchChromium } from '../test-support/chromium.ts';

// `ailuna-images-kit/admin` in Debian's chromium: a page served by one server bundles the entry
// with esbuild (platform browser: a `node:` import or Express would not bundle) and drives the
// fake listening on another port, i.e. another origin, through its CORS: a preflighted PATCH with
// JSON and X-Admin-Token, a reset, the journal. With --cors-origin not naming the page, the
// browser refuses the answers.

const KEY = 'AdminPageKey000000000000000000000000000000000000000000000000001';
const TOKEN = 'admin-page-secret';
const COUNT = 4;
/** What the page's bundle puts on window. */
type AdminEntry = typeof AdminEntryModule;
const ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveChromium = chromiumInstalled();

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>admin client</title><link rel="icon" href="data:,"></head>
<body><script type="module" src="/bundle.js"></script></body></html>`;

/** What the page saw, step by step. */
interface PageRun {
  faults: { errorRate: number } | string;
  failing: number;
  created: number;
  totalBefore: number;
  reset: { count: number } | string;
  totalAfter: number;
  journal: string[] | string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe.skipIf(!haveChromium)('ailuna-images-kit/admin in a page on another origin, in chromium', () => {
  const servers: Server[] = [];
  let browser: Browser | undefined;
  let page: Page | undefined;
  let pageOrigin = '';
  let bundleText = '';

  async function startFake(options: CreateAppOptions): Promise<string> {
    const server = createServer(createApp({ keys: [KEY], noApiKeys: [], count: COUNT, seed: 5, adminToken: TOKEN, ...options }));
    servers.push(server);
    return listen(server);
  }

  /** In the page: switch errors on and off, create an image, reset, read the journal. */
  function runInPage(fakeOrigin: string): Promise<PageRun> {
    return page!.evaluate(async ({ fakeOrigin, key, token }) => {
      const { createAdminClient } = (window as unknown as { adminEntry: AdminEntry }).adminEntry;
      const admin = createAdminClient(fakeOrigin, { token });
      const headers = { Accept: 'application/json', Authorization: `Bearer ${key}` };
      const api = `${fakeOrigin}/api/v1/images`;
      const total = async () => ((await (await fetch(api, { headers })).json()) as { meta: { total: number } }).meta.total;
      const attempt = async <T>(work: () => Promise<T>): Promise<T | string> => {
        try {
          return await work();
        } catch (error) {
          return `${(error as Error).name}: ${(error as Error).message}`;
        }
      };
      const faults = await attempt(() => admin.setFaults({ errorRate: 1 }));
      const failing = (await fetch(api, { headers })).status;
      await attempt(() => admin.setFaults({ errorRate: 0 }));
      const created = (await fetch(api, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'From the page', description: 'a page on another origin', resolution: '256x256' }),
      })).status;
      const totalBefore = await total();
      const reset = await attempt(() => admin.reset());
      const totalAfter = await total();
      const journal = await attempt(async () => (await admin.requests(10))
        // The API's own preflights (Authorization needs one, Max-Age 0 as upstream) are journaled too.
        .filter((entry) => entry.method !== 'OPTIONS').slice(0, 3).map((entry) => `${entry.method} ${entry.url} ${entry.status}`));
      return { faults, failing, created, totalBefore, reset, totalAfter, journal };
    }, { fakeOrigin, key: KEY, token: TOKEN });
  }

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: `import * as adminEntry from ${JSON.stringify(ENTRY)};\nwindow.adminEntry = adminEntry;\n`, resolveDir: dirname(ENTRY), loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    bundleText = bundle.outputFiles[0]!.text;
    const pages = createServer((req, res) => {
      if (req.url === '/bundle.js') {
        res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
        res.end(bundleText);
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(PAGE);
      }
    });
    servers.push(pages);
    pageOrigin = await listen(pages);
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${pageOrigin}/`);
    await page.waitForFunction(() => 'adminEntry' in window, undefined, { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await close(server);
  }, 30_000);

  it('bundles for the browser without Node or Express', () => {
    expect(bundleText).toContain('/__admin');
    expect(bundleText).not.toMatch(/from\s*["']node:|require\(["']|express/);
  });

  it('switches faults, resets and reads the journal of the fake on another origin (token and JSON preflighted)', { timeout: 60_000 }, async () => {
    const fakeOrigin = await startFake({ corsOrigins: [pageOrigin] });
    expect(new URL(fakeOrigin).port).not.toBe(new URL(pageOrigin).port);
    const run = await runInPage(fakeOrigin);
    expect(run).toEqual({
      faults: expect.objectContaining({ errorRate: 1 }),
      failing: 500,
      created: 201,
      totalBefore: COUNT + 1,
      reset: expect.objectContaining({ count: COUNT }),
      totalAfter: COUNT,
      // Newest first: the list after the reset, the one before it, the create.
      journal: [`GET /api/v1/images 200`, `GET /api/v1/images 200`, `POST /api/v1/images 201`],
    });
  });

  it('is refused by the browser when --cors-origin does not name the page (nothing is sent after the preflight)', { timeout: 60_000 }, async () => {
    const fakeOrigin = await startFake({ corsOrigins: ['http://elsewhere.test'] });
    const refused = await page!.evaluate(async ({ fakeOrigin, token }) => {
      const { createAdminClient } = (window as unknown as { adminEntry: AdminEntry }).adminEntry;
      const admin = createAdminClient(fakeOrigin, { token });
      return Promise.all([admin.setFaults({ errorRate: 1 }), admin.reseed({ count: 1 })].map((call) => call.then(
        () => 'answered',
        (error: Error) => `${error.name}: ${error.message}`,
      )));
    }, { fakeOrigin, token: TOKEN });
    expect(refused).toEqual(['TypeError: Failed to fetch', 'TypeError: Failed to fetch']);
    const state = await (await fetch(`${fakeOrigin}/__admin/faults`, { headers: { 'X-Admin-Token': TOKEN } })).json() as { errorRate: number };
    expect(state.errorRate).toBe(0);
  });
});
