import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium as chromiumInstalled, launchChromium } from '../test-support/chromium.ts';
import { htmlReport } from './html-report.ts';
import type { Answer, DiffResult } from './types.ts';

// Throws under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveChromium = chromiumInstalled();

const answer = (status: number, body: string): Answer => ({ status, headers: { 'content-type': 'application/json' }, bytes: new TextEncoder().encode(body) });

describe.skipIf(!haveChromium)('the HTML report in a real browser', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launchChromium(); }, 60_000);
  afterAll(async () => { await browser?.close(); });

  it('shows the summary and both answers side by side, and loads nothing from anywhere', async () => {
    const exchange = {
      index: 0,
      request: { name: 'list: <odd> & "quoted"', group: 'list', method: 'GET', path: '/images', headers: { Authorization: 'Bearer {{key}}' }, scope: 'exact' as const },
      a: answer(200, '{"a":"<b>"}'), b: answer(201, '{}'),
      differences: [{ kind: 'status', where: 'status', a: '200', b: '201' }],
    };
    const result: DiffResult = { a: 'http://a/api/v1', b: 'http://b/api/v1', readOnly: false, token: 't', startedAt: 'now', exchanges: [exchange], cleanup: 0, russianAccount: false };
    const page = await browser.newPage();
    const requested: string[] = [];
    await page.route('**/*', (route) => { requested.push(route.request().url()); return route.abort(); });
    await page.setContent(htmlReport(result));
    expect(await page.textContent('#verdict')).toBe('1 requests, 1 differences');
    expect(await page.textContent('#kinds')).toContain('status');
    expect(await page.textContent('summary')).toContain('list: <odd> & "quoted"');
    expect(await page.textContent('.answer.a')).toContain('{"a":"<b>"}');
    expect(await page.textContent('.answer.b')).toContain('HTTP 201');
    // Side by side: B's column starts to the right of A's, on the same row.
    const [boxA, boxB] = await Promise.all([page.locator('.answer.a').boundingBox(), page.locator('.answer.b').boundingBox()]);
    expect(boxB!.x).toBeGreaterThan(boxA!.x + boxA!.width - 1);
    expect(Math.abs(boxB!.y - boxA!.y)).toBeLessThan(2);
    expect(await page.locator('script, link, img, iframe').count()).toBe(0);
    expect(requested).toEqual([]);
    await page.close();
  }, 60_000);
});
