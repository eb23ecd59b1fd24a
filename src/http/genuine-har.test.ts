import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../core/clock.ts';
import { harHeaders, type HarEntry } from '../har/har.ts';
import { readHarEntries } from '../test-support/genuine-har.ts';
import type { ImageResource } from '../core/images/image.ts';
import { createApp } from './app.ts';
import { sendRecorded } from '../test-support/har-send.ts';

/**
 * Replays the genuine application's recorded exchanges against the fake and compares status,
 * body bytes and headers. Only exchanges whose answer does not depend on the recorded user's
 * images are compared byte for byte here (auth, plan access, validation, routing, CORS, pages,
 * throttling); the data-dependent ones are covered by the route tests.
 */

// Exchanges whose bodies show the recording's own images (ids 81…231).
const DATA_DEPENDENT = new Set([0, 1, 2, 3, 4, 5, 7, 22, 23, 24, 25, 26, 27, 29, 30, 31, 32, 33, 34, 36, 37, 40, 41, 42, 51, 53, 61, 62, 68, 72]);
// Of those, the ones whose answer shows every image it depends on (a whole list, or one image):
// the fake is given exactly those images and must answer with the same bytes.
const FULLY_VISIBLE = [5, 7, 26, 27, 31, 41, 42];
const THROTTLED = new Set([111, 112]);
const COMPARED_HEADERS = [
  'content-type', 'location', 'allow', 'vary', 'cache-control', 'access-control-allow-origin',
  'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age',
  'x-ratelimit-limit', 'retry-after',
];

// The genuine application ran on this origin while recording; the fake is sent the same Host.
const GENUINE_ORIGIN = 'http://127.0.0.1:18089';
const RECORDED_AT = Date.UTC(2026, 10, 25, 13, 35, 35);

function fakeApp(rateLimit = 0, clock = manualClock(RECORDED_AT)) {
  return createApp({
    keys: ['REDACTED-KEY-1', 'REDACTED-KEY-2'],
    noApiKeys: ['REDACTED-KEY-NOAPI'],
    count: 0,
    rateLimit,
    clock,
  });
}

function send(app: ReturnType<typeof createApp>, entry: HarEntry) {
  return sendRecorded(app, entry, GENUINE_ORIGIN);
}

function expectSameAnswer(entry: HarEntry, response: request.Response): void {
  expect(response.status).toBe(entry.response.status);
  expect(response.body).toBe(entry.response.content.text ?? '');
  const recorded = harHeaders(entry.response.headers);
  for (const name of COMPARED_HEADERS) {
    expect({ [name]: response.headers[name] }).toEqual({ [name]: recorded[name] });
  }
  expect('x-ratelimit-remaining' in response.headers).toBe(recorded['x-ratelimit-remaining'] !== undefined);
}

/** Gives the recording's user the images an answer shows, as they were then. */
function restoreImagesShownIn(app: ReturnType<typeof createApp>, entry: HarEntry): void {
  const { store } = app.locals.fake;
  const tenant = store.findTenantByToken('REDACTED-KEY-1');
  if (!tenant) throw new Error('no tenant for REDACTED-KEY-1');
  const body = JSON.parse(entry.response.content.text ?? '') as { data: ImageResource | ImageResource[] };
  for (const image of Array.isArray(body.data) ? body.data : [body.data]) {
    store.insertImageWithId(tenant, {
      id: image.id, name: image.name, style: image.style, medium: image.medium, filter: image.filter,
      resolution: image.resolution, result: image.result, favorite: image.favorite,
      createdAt: Date.parse(image.created_at) / 1000, updatedAt: Date.parse(image.updated_at) / 1000,
    });
  }
}

describe('the fake answers like the genuine application', () => {
  const entries = readHarEntries().map((entry, index) => ({ entry, index }));

  for (const { entry, index } of entries.filter(({ index }) => !DATA_DEPENDENT.has(index) && !THROTTLED.has(index))) {
    it(`#${index} ${entry.request.method} ${entry.request.url.slice(GENUINE_ORIGIN.length)} (${entry.comment ?? ''})`, async () => {
      expectSameAnswer(entry, await send(fakeApp(), entry));
    });
  }

  for (const { entry, index } of entries.filter(({ index }) => FULLY_VISIBLE.includes(index))) {
    it(`#${index} ${entry.request.method} ${entry.request.url.slice(GENUINE_ORIGIN.length)} with the images it shows`, async () => {
      const app = fakeApp();
      restoreImagesShownIn(app, entry);
      expectSameAnswer(entry, await send(app, entry));
    });
  }

  for (const { entry, index } of entries.filter(({ index }) => THROTTLED.has(index))) {
    it(`#${index} the 61st request of a minute (${entry.comment ?? ''})`, async () => {
      const clock = manualClock(RECORDED_AT);
      const app = fakeApp(60, clock);
      for (let i = 0; i < 60; i++) await request(app).get('/api/v1/images').set('Accept', 'application/json');
      clock.advance(1000);
      const response = await send(app, entry);
      expectSameAnswer(entry, response);
      expect(Number(response.headers['x-ratelimit-reset'])).toBe(Math.floor(RECORDED_AT / 1000) + 60);
    });
  }
});
