/**
 * Log lines written in batches: at most one write every `delayMs` (or sooner once `maxChars`
 * wait) instead of one per line. Each write to stdout is a system call, and a pipe or terminal
 * that reads slowly makes it dearer still: under load the per-request lines would cost more than
 * answering the requests. A person reading the log cannot tell 25 ms. The text is the same, in
 * the same order; `flush` writes what waits (call it before writing anything else to the same
 * stream, and when stopping).
 */
export class BatchedLines {
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `write` gets several lines joined by "\n", without the last newline (as `Console.out`). */
  constructor(
    private readonly write: (text: string) => void,
    private readonly options: { delayMs: number; maxChars: number } = { delayMs: 25, maxChars: 64 * 1024 },
  ) {}

  add(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length + 1;
    if (this.pendingChars >= this.options.maxChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.delayMs);
  }

  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n');
    this.pending = [];
    this.pendingChars = 0;
    this.write(text);
  }
}
