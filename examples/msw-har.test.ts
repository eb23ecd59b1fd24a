/**
 * Example: MSW answers an app's fetch calls from a committed recording — no server, no port.
 * The app code calls the URL it would call in development (the fake's http://localhost:4010).
 */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../src/core/defaults.ts';
import { readHarFile } from '../src/har/index.ts';
import { createHarHandlers } from '../src/msw/index.ts';

const API = 'http://localhost:4010/api/v1';
const KEY = DEFAULT_KEYS[0] as string;
const server = setupServer(...createHarHandlers(readHarFile(new URL('../fixtures/recordings/endpoints.har', import.meta.url).pathname)));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('an app tested with MSW and a HAR recording', () => {
  it('gets the recorded list, image and error answers through fetch', async () => {
    const list = await fetch(`${API}/images`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
    expect(list.status).toBe(200);
    const { data, meta } = (await list.json()) as { data: Array<{ id: number; url: string }>; meta: { total: number } };
    expect(meta.total).toBe(12);
    expect(data[0]?.url.startsWith('http://localhost:4010/uploads/users/images/')).toBe(true);

    const created = await fetch(`${API}/images`, {
      method: 'POST',
      headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Fox in the snow', description: 'a red fox in deep snow', resolution: '256x256', style: 'photography', filter: 'sepia' }),
    });
    expect(created.status).toBe(201);

    const invalid = await fetch(`${API}/images`, {
      method: 'POST', headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: '{}',
    });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { message: Record<string, string[]> }).message.name).toEqual(['The name field is required.']);
  });
});
