import type { Clock } from './clock.ts';
import { RingBuffer, type JournalEntry, type NearMiss } from './journal.ts';
import { redactBodyText, redactHeaders, redactUrl } from './redact.ts';

const MAX_BODY_CHARS = 4096;

/**
 * What the fake saw: the last requests (for tests that assert what an app sent) and the requests
 * that matched no route (near misses, with what they probably meant). Both bounded.
 */
export class RequestJournal {
  readonly requests: RingBuffer<JournalEntry>;
  readonly nearMisses: RingBuffer<NearMiss>;
  private nextId = 1;

  constructor(private readonly clock: Clock, capacity = 500) {
    this.requests = new RingBuffer(capacity);
    this.nearMisses = new RingBuffer(Math.max(10, Math.floor(capacity / 5)));
  }

  record(entry: {
    method: string; url: string; headers: Array<[string, string]>;
    body: Uint8Array | null; status: number; startedAt: number; route: string | null; warnings: string[];
  }): void {
    const text = entry.body === null ? null : new TextDecoder().decode(entry.body.subarray(0, MAX_BODY_CHARS * 4)).slice(0, MAX_BODY_CHARS);
    this.requests.push({
      id: this.nextId++,
      at: new Date(entry.startedAt).toISOString(),
      method: entry.method,
      url: redactUrl(entry.url),
      headers: redactHeaders(entry.headers),
      body: text === null ? null : redactBodyText(text),
      status: entry.status,
      durationMs: Math.max(0, this.clock.now() - entry.startedAt),
      route: entry.route,
      warnings: entry.warnings,
    });
  }

  nearMiss(miss: Omit<NearMiss, 'at' | 'url'> & { url: string }): void {
    this.nearMisses.push({ ...miss, url: redactUrl(miss.url), at: new Date(this.clock.now()).toISOString() });
  }

  clear(): void {
    this.requests.clear();
    this.nearMisses.clear();
  }
}
