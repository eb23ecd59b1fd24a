import type { Clock } from '../clock.ts';
import { UPSTREAM_RATE_WINDOW_SECONDS } from '../defaults.ts';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** What `X-RateLimit-Remaining` says (floored at 0). */
  remaining: number;
  /** Seconds until the window ends (`Retry-After` when refused). */
  retryAfterSeconds: number;
  /** Unix time (seconds) the window ends (`X-RateLimit-Reset` when refused). */
  resetAt: number;
}

interface Window {
  startedAt: number;
  hits: number;
}

/**
 * Laravel's throttle (60 requests a minute per client address): a fixed window that opens with
 * the first counted request and closes 60 s later; a refused request is not counted. With
 * `enforce` off the headers still count, but nothing is refused (the fake's default).
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  private readonly settings: () => { limit: number; enforce: boolean; windowSeconds?: number };

  /** `options` may be a function: the limit can then change while the fake runs (admin API). */
  constructor(
    private readonly clock: Clock,
    options: { limit: number; enforce: boolean; windowSeconds?: number } | (() => { limit: number; enforce: boolean; windowSeconds?: number }),
  ) {
    this.settings = typeof options === 'function' ? options : () => options;
  }

  hit(clientKey: string): RateLimitDecision {
    const options = this.settings();
    const now = this.clock.now();
    const windowMs = (options.windowSeconds ?? UPSTREAM_RATE_WINDOW_SECONDS) * 1000;
    let window = this.windows.get(clientKey);
    if (!window || now >= window.startedAt + windowMs) {
      window = { startedAt: now, hits: 0 };
      this.windows.set(clientKey, window);
      this.forgetExpired(now, windowMs);
    }
    const endsAt = window.startedAt + windowMs;
    const retryAfterSeconds = Math.max(0, Math.ceil((endsAt - now) / 1000));
    const resetAt = Math.floor(now / 1000) + retryAfterSeconds;
    const { limit } = options;
    if (options.enforce && window.hits >= limit) {
      return { allowed: false, limit, remaining: 0, retryAfterSeconds, resetAt };
    }
    window.hits++;
    return { allowed: true, limit, remaining: Math.max(0, limit - window.hits), retryAfterSeconds, resetAt };
  }

  reset(): void {
    this.windows.clear();
  }

  // Keeps memory bounded when many clients come and go.
  private forgetExpired(now: number, windowMs: number): void {
    if (this.windows.size < 1024) return;
    for (const [key, window] of this.windows) {
      if (now >= window.startedAt + windowMs) this.windows.delete(key);
    }
  }
}
