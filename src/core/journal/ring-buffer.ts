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
