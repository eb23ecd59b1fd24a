/**
 * Keeps a run under a request rate (the real API allows 60 a minute per address) by spacing
 * requests evenly. `perMinute` 0 means no pacing.
 */
export class Pacer {
  private nextAt = 0;

  constructor(private readonly perMinute: number, private readonly sleep: (ms: number) => Promise<void> = defaultSleep) {}

  async wait(): Promise<void> {
    if (this.perMinute <= 0) return;
    const now = Date.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 60_000 / this.perMinute;
    if (at > now) await this.sleep(at - now);
  }

  /** Pushes the next request back (after a 429's Retry-After). */
  delay(ms: number): Promise<void> {
    this.nextAt = Math.max(this.nextAt, Date.now() + ms);
    return this.sleep(ms);
  }
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
