import { describe, expect, it } from 'vitest';
import { createFake } from '../fake.ts';
import type { ApiRequest } from './handler.ts';

/**
 * `respond` is what the Express adapter calls: an in-memory read without latency must come back
 * as the answer itself (the adapter then writes it in the same turn), anything that waits as a
 * promise; and either way the answer is the one `handle` gives.
 */
const KEY = 'RespondKey000000000000000000000000000000000000000000000000000001';

function get(url: string, extra: Record<string, string> = {}): ApiRequest {
  const headers = new Headers({ host: '127.0.0.1:4010', accept: 'application/json', authorization: `Bearer ${KEY}`, ...extra });
  return { method: 'GET', url, origin: 'http://127.0.0.1:4010', headers, body: null, clientAddress: '127.0.0.1' };
}

const text = (body: string | Uint8Array | null) => (body instanceof Uint8Array ? new TextDecoder().decode(body) : body);

describe('ApiHandler.respond', () => {
  it('answers a read in memory at once, with the answer handle gives', async () => {
    const fake = createFake({ keys: [KEY], count: 5 });
    for (const url of ['/api/v1/images', '/api/v1/images?search=a&per_page=10', '/api/v1/images/999999', '/api/v1/nowhere']) {
      const now = fake.handler.respond(get(url));
      expect(now, url).not.toBeInstanceOf(Promise);
      const later = await fake.handler.handle(get(url));
      const answered = now as Awaited<typeof now>;
      expect({ status: answered.status, body: text(answered.body) }, url).toEqual({ status: later.status, body: text(later.body) });
      // The rate limit counted both requests: the headers differ in X-RateLimit-Remaining only.
      expect(answered.headers.filter(([name]) => name !== 'X-RateLimit-Remaining'), url)
        .toEqual(later.headers.filter(([name]) => name !== 'X-RateLimit-Remaining'));
    }
    expect(fake.journal.requests.size).toBe(8);
  });

  it('gives a promise when the answer has to wait, and journals it once answered', async () => {
    const fake = createFake({ keys: [KEY], count: 5, latency: 20 });
    const waiting = fake.handler.respond(get('/api/v1/images'));
    expect(waiting).toBeInstanceOf(Promise);
    expect(fake.journal.requests.size).toBe(0);
    expect((await waiting).status).toBe(200);
    expect(fake.journal.requests.size).toBe(1);
  });
});
