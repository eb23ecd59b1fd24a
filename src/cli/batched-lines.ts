import { setImmediate } from 'node:timers';

/**
 * Log lines written in batches: one write per turn of the event loop instead of one per line.
 * Each write to stdout is a system call, and under load the per-request lines cost more than
 * answering the requests. The text is the same, in the same order; `flush` writes what waits
 * (call it before writing anything else to the same stream, and when stopping).
 */
export class BatchedLines {
  private pending: string[] = [];
  private scheduled = false;

  /** `write` gets several lines joined by "\n", without the last newline (as `Console.out`). */
  constructor(private readonly write: (text: string) => void) {}

  add(line: string): void {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n');
    this.pending = [];
    this.write(text);
  }
}
