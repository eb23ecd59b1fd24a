import { describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { harHeaders, type HarEntry } from '../har/har.ts';
import { GENUINE_LOCALE_HAR, readHarEntries } from '../test-support/genuine-har.ts';
import { loadSpec } from '../openapi/load.ts';
import { createApp } from './app.ts';
import { sendRecorded } from '../test-support/har-send.ts';

/**
 * Replays the genuine application's exchanges with an English and a Russian account side by side
 * (fixtures/upstream/genuine-locale.har: key 1's account has no locale, key 2's is `ru`) against
 * the fake given the same accounts. Every answer must have the same status and body bytes; a list's
 * images are the fake's own (the recording shows a page of them), so lists compare everything but
 * `data`: links, meta (the translated arrows included) and the number of images.
 */

const LOCALE_HAR = GENUINE_LOCALE_HAR;
const GENUINE_ORIGIN = 'http://127.0.0.1:18301';
const RECORDED_AT = Date.UTC(2026, 11, 1, 12, 0, 0);

function fakeApp() {
  return createApp({
    keys: ['REDACTED-KEY-1', 'REDACTED-KEY-2'],
    userLocales: { 'REDACTED-KEY-2': 'ru' },
    count: 40,
    clock: manualClock(RECORDED_AT),
  });
}

function send(app: ReturnType<typeof createApp>, entry: HarEntry) {
  return sendRecorded(app, entry, GENUINE_ORIGIN);
}

/** A list body without its images: `"links":…` to the end, and how many images it held. */
function listWithoutData(text: string): { rest: string; images: number } {
  const body = JSON.parse(text) as { data: unknown[] };
  return { rest: text.slice(text.indexOf(',"links":')), images: body.data.length };
}

describe('an English and a Russian account, as the genuine application answers them', () => {
  const entries = readHarEntries(LOCALE_HAR);

  it('the recording holds both accounts and every kind of answer', () => {
    const comments = entries.map((entry) => entry.comment ?? '');
    expect(comments.filter((c) => c.includes('account en')).length).toBeGreaterThanOrEqual(20);
    expect(comments.filter((c) => c.includes('account ru')).length).toBeGreaterThanOrEqual(20);
    expect(new Set(entries.map((e) => e.response.status))).toEqual(new Set([401, 404, 405, 422, 500, 200]));
  });

  for (const [index, entry] of entries.entries()) {
    it(`#${index} ${entry.comment ?? entry.request.url}`, async () => {
      const response = await send(fakeApp(), entry);
      const recorded = entry.response.content.text ?? '';
      expect(response.status).toBe(entry.response.status);
      expect(response.headers['content-type']).toBe(harHeaders(entry.response.headers)['content-type']);
      expect(response.headers['content-language']).toBeUndefined();
      if (entry.request.method === 'GET' && entry.response.status === 200) {
        expect(listWithoutData(response.body as string)).toEqual(listWithoutData(recorded));
      } else {
        expect(response.body).toBe(recorded);
      }
    });
  }
});

describe("the OpenAPI document's Russian example", () => {
  it('is the genuine answer to an empty store from a Russian account', () => {
    const spec = loadSpec() as { components: { examples: Record<string, { value: unknown }> } };
    const recorded = readHarEntries(LOCALE_HAR).find((entry) => entry.comment?.includes('account ru') && entry.request.postData?.text === '{}');
    expect(recorded).toBeDefined();
    expect(spec.components.examples.StoreMissingFieldsRu?.value).toEqual(JSON.parse(recorded!.response.content.text ?? ''));
  });
});
