/**
 * Example: an app's tests running offline against a committed recording, with the replayer in
 * the same process. Copy this shape into your own project (import from 'ailuna-images-kit/fixtures').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../src/core/defaults.ts';
import { startReplayer, type RunningReplayer } from '../src/har/index.ts';

// The key the fixture was recorded with (the fake's first demo key). Recordings hold only a
// fingerprint of it, enough to give this key its own answers; other keys get the recorded
// answers of any key, in recorded order.
const KEY = DEFAULT_KEYS[0] as string;

/** The code under test: a tiny client of the Images API, as an app would have. */
async function listImageNames(baseUrl: string, key: string | null): Promise<string[]> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) };
  const response = await fetch(`${baseUrl}/images`, { headers });
  if (response.status === 401) throw new Error('Your API key was refused.');
  const body = (await response.json()) as { data: Array<{ name: string }> };
  return body.data.map((image) => image.name);
}

describe('an app tested offline against fixtures/recordings/endpoints.har', () => {
  let replay: RunningReplayer;

  beforeAll(async () => {
    replay = await startReplayer({ har: new URL('../fixtures/recordings/endpoints.har', import.meta.url).pathname });
  });

  afterAll(() => replay.close());

  it('lists the recorded images', async () => {
    const names = await listImageNames(`${replay.origin}/api/v1`, KEY);
    expect(names).toHaveLength(12);
    expect(names[0]).toMatch(/\S/);
  });

  it('sees the recorded 401 when it sends no key', async () => {
    await expect(listImageNames(`${replay.origin}/api/v1`, null)).rejects.toThrow(/refused/);
  });

  it('gets image URLs that lead back to the replayer, and JPEGs behind them', async () => {
    const response = await fetch(`${replay.origin}/api/v1/images`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
    const { data } = (await response.json()) as { data: Array<{ url: string }> };
    expect(data[0]?.url.startsWith(replay.origin)).toBe(true);
    const jpeg = await fetch(data[0]!.url);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
  });

  it('explains a request that was never recorded', async () => {
    const response = await fetch(`${replay.origin}/api/v1/images?per_page=50`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toBe('No recorded exchange matches GET /api/v1/images?per_page=50.');
  });
});
