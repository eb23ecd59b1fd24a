import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';

/**
 * Hundreds of creates, updates and deletes from several keys at once, over real connections:
 * the state stays consistent (unique ids, totals that add up, no lost write, no cross-user effect).
 */
const KEYS = ['ConcurrentKeyA', 'ConcurrentKeyB', 'ConcurrentKeyC'].map((k) => k.padEnd(64, '0'));
const PER_KEY = 80;

let server: Server;
let base = '';

beforeAll(async () => {
  server = createApp({ keys: KEYS, noApiKeys: [], count: 5, seed: 2, pages: false }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});

afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

const headers = (key: string) => ({ Accept: 'application/json', Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' });

async function all(key: string): Promise<Array<{ id: number; name: string; favorite: boolean }>> {
  const body = (await (await fetch(`${base}/images?per_page=100`, { headers: headers(key) })).json()) as { data: Array<{ id: number; name: string; favorite: boolean }>; meta: { total: number } };
  expect(body.meta.total).toBe(body.data.length);
  return body.data;
}

describe('many clients at once', () => {
  it('keeps ids unique, totals right, every write, and each user to their own images', async () => {
    const seeded = new Map(await Promise.all(KEYS.map(async (key) => [key, (await all(key)).length] as const)));

    // Phase 1: every key creates PER_KEY images, all at once.
    const created = await Promise.all(KEYS.flatMap((key) => Array.from({ length: PER_KEY }, async (_, i) => {
      const response = await fetch(`${base}/images`, { method: 'POST', headers: headers(key), body: JSON.stringify({ name: `${key.slice(0, 14)} #${i}`, description: 'load', resolution: '256x256' }) });
      expect(response.status).toBe(201);
      return { key, id: ((await response.json()) as { data: { id: number } }).data.id };
    })));
    const ids = created.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);

    // Phase 2: at once, favourite the even ones, rename every third, delete every fifth —
    // and let every key also try to delete another key's images (which must be 404s).
    const results = await Promise.all(created.flatMap(({ key, id }, index) => {
      const other = KEYS[(KEYS.indexOf(key) + 1) % KEYS.length] as string;
      const jobs: Array<Promise<[string, number]>> = [];
      const send = (what: string, method: string, k: string, body?: unknown) => jobs.push(
        fetch(`${base}/images/${id}`, { method, headers: headers(k), ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => [what, r.status]),
      );
      if (index % 2 === 0) send('favourite', 'PATCH', key, { favorite: 1 });
      if (index % 3 === 0) send('rename', 'PUT', key, { name: `renamed ${id}` });
      if (index % 5 === 0) send('delete', 'DELETE', key);
      send('foreign delete', 'DELETE', other);
      return jobs;
    }));
    expect(results.filter(([what]) => what === 'foreign delete').every(([, status]) => status === 404)).toBe(true);
    // An update racing its own image's delete may find it gone (404); nothing else may fail.
    expect(results.filter(([what, status]) => what !== 'foreign delete' && status !== 200 && status !== 404)).toEqual([]);

    for (const key of KEYS) {
      const mine = created.filter((c) => c.key === key);
      const deleted = new Set(mine.filter((_, i) => (created.indexOf(mine[i]!)) % 5 === 0).map((c) => c.id));
      const images = await all(key);
      expect(images.length).toBe((seeded.get(key) ?? 0) + mine.length - deleted.size);
      const byId = new Map(images.map((image) => [image.id, image]));
      for (const { id } of mine) {
        const index = created.findIndex((c) => c.id === id);
        const image = byId.get(id);
        if (deleted.has(id)) {
          expect(image, `image ${id} was deleted`).toBeUndefined();
          continue;
        }
        expect(image, `image ${id} of ${key.slice(0, 14)}`).toBeDefined();
        expect(image?.favorite).toBe(index % 2 === 0);
        if (index % 3 === 0) expect(image?.name).toBe(`renamed ${id}`);
      }
      // No image of another key shows up here.
      const foreign = created.filter((c) => c.key !== key).map((c) => c.id);
      expect(images.filter((image) => foreign.includes(image.id))).toEqual([]);
    }
  }, 60_000);
});
