import type { Clock } from '../clock.ts';
import type { JournalEntry, NearMiss } from './entries.ts';
import { RingBuffer } from './ring-buffer.ts';
import { redactBodyText, redactHeaders, redactUrl } from '../redact.ts';

const MAX_BODY_CHARS = 4096;

/** The request's headers as the adapter handed them (read only when someone reads the journal). */
export interface RecordedHeaders {
  forEach?(callback: (value: string, name: string) => void): void;
}

/** A request as recorded: kept raw, and redacted and formatted only when someone reads it. */
interface RecordedRequest {
  id: number;
  startedAt: number;
  durationMs: number;
  method: string;
  url: string;
  /** A reference, not a copy: adapters hand over headers that do not change after the request. */
  headers: RecordedHeaders;
  /** At most the bytes of the first MAX_BODY_CHARS characters (a copy: the request's own buffer is not kept). */
  body: Uint8Array | null;
  status: number;
  route: string | null;
  warnings: string[];
}

/** The recent requests, newest first, as readers see them (credentials redacted). */
export interface RecentRequests {
  readonly capacity: number;
  readonly size: number;
  newestFirst(limit?: number): JournalEntry[];
  clear(): void;
}

/**
 * What the fake saw: the last requests (for tests that assert what an app sent) and the requests
 * that matched no route (near misses, with what they probably meant). Both bounded. Recording is
 * on every request's path, so it only copies; redaction and formatting wait for a reader.
 */
export class RequestJournal {
  readonly requests: RecentRequests;
  readonly nearMisses: RingBuffer<NearMiss>;
  private readonly recorded: RingBuffer<RecordedRequest>;
  private nextId = 1;

  constructor(private readonly clock: Clock, capacity = 500) {
    const recorded = new RingBuffer<RecordedRequest>(capacity);
    this.recorded = recorded;
    this.requests = {
      capacity,
      get size() {
        return recorded.size;
      },
      newestFirst: (limit) => recorded.newestFirst(limit).map(present),
      clear: () => recorded.clear(),
    };
    this.nearMisses = new RingBuffer(Math.max(10, Math.floor(capacity / 5)));
  }

  record(entry: {
    method: string; url: string; headers: RecordedHeaders;
    body: Uint8Array | null; status: number; startedAt: number; route: string | null; warnings: string[];
  }): void {
    this.recorded.push({
      id: this.nextId++,
      startedAt: entry.startedAt,
      durationMs: Math.max(0, this.clock.now() - entry.startedAt),
      method: entry.method,
      url: entry.url,
      headers: entry.headers,
      body: entry.body === null ? null : entry.body.slice(0, MAX_BODY_CHARS * 4),
      status: entry.status,
      route: entry.route,
      warnings: entry.warnings,
    });
  }

  nearMiss(miss: Omit<NearMiss, 'at' | 'url'> & { url: string }): void {
    this.nearMisses.push({ ...miss, url: redactUrl(miss.url), at: new Date(this.clock.now()).toISOString() });
  }

  clear(): void {
    this.recorded.clear();
    this.nearMisses.clear();
  }
}

function present(recorded: RecordedRequest): JournalEntry {
  const text = recorded.body === null ? null : new TextDecoder().decode(recorded.body).slice(0, MAX_BODY_CHARS);
  return {
    id: recorded.id,
    at: new Date(recorded.startedAt).toISOString(),
    method: recorded.method,
    url: redactUrl(recorded.url),
    headers: redactHeaders(headerEntries(recorded.headers)),
    body: text === null ? null : redactBodyText(text),
    status: recorded.status,
    durationMs: recorded.durationMs,
    route: recorded.route,
    warnings: recorded.warnings,
  };
}

function headerEntries(headers: RecordedHeaders): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  headers.forEach?.((value, name) => entries.push([name, value]));
  return entries;
}
