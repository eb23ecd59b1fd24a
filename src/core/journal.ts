/** One request as the journal keeps it (credentials redacted). */
export interface JournalEntry {
  id: number;
  /** ISO time the request arrived. */
  at: string;
  method: string;
  url: string;
  /** Request headers, lower-case names, credentials redacted. */
  headers: Record<string, string>;
  /** The body as text (first 4 KiB), credentials redacted; null when there was none. */
  body: string | null;
  status: number;
  durationMs: number;
  /** Which route answered (`images.collection`, …), or null when none matched. */
  route: string | null;
  warnings: string[];
}

/** A request that matched no route, with what it probably meant. */
export interface NearMiss {
  at: string;
  method: string;
  url: string;
  status: number;
  reason: string;
  suggestion: string | null;
}

/**
 * A bounded ring buffer: the newest `capacity` items, newest first on read. Memory stays flat
 * however many requests go by.
 */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Newest first. */
  newestFirst(limit = this.capacity): T[] {
    const ordered = this.items.length < this.capacity
      ? [...this.items]
      : [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
    return ordered.reverse().slice(0, limit);
  }

  clear(): void {
    this.items.length = 0;
    this.next = 0;
  }

  get size(): number {
    return this.items.length;
  }
}
