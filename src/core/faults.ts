/**
 * Faults a front-end developer switches on to see how an app copes: latency, upstream-shaped
 * 500s, a slow generation, an enforced rate limit. All off by default (the fake answers at once,
 * like a healthy upstream without its generation time).
 */
export interface DelayRange {
  min: number;
  max: number;
}

export interface FaultSettings {
  /** A random delay (ms) before every API answer, or null. */
  latency: DelayRange | null;
  /** Share of API requests (0–1) answered with upstream's 500 "Server Error". */
  errorRate: number;
  /** Requests a minute per client; 0 = counted in the headers but never refused (upstream's 60). */
  rateLimit: number;
  /** How long a store takes (ms), as a real generation does, or null for instant. */
  generationDelay: DelayRange | null;
}

/** Thrown for a fault setting that cannot be used; the message says what is wrong and how to fix it. */
export class FaultSettingError extends Error {}

/** `"200-800"`, `"1500"` or `200` (ms) → a range; `"0"`, `""`, `null` → none. */
export function parseDelayRange(value: unknown, name: string): DelayRange | null {
  if (value === null || value === undefined || value === '' || value === 0 || value === '0') return null;
  const text = String(value).trim();
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (!match) throw new FaultSettingError(`${name} must be milliseconds such as 1500 or a range such as 200-800, not ${JSON.stringify(value)}.`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new FaultSettingError(`${name}: the range ${text} ends before it starts; write the smaller number first.`);
  if (max > 600_000) throw new FaultSettingError(`${name}: ${max} ms is more than 10 minutes; clients would time out first.`);
  return { min, max };
}

export function formatDelayRange(range: DelayRange | null): string | null {
  if (range === null) return null;
  return range.min === range.max ? String(range.min) : `${range.min}-${range.max}`;
}

export function parseErrorRate(value: unknown, name = 'errorRate'): number {
  const rate = typeof value === 'number' ? value : Number(String(value).trim());
  if (String(value).trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new FaultSettingError(`${name} must be a share of requests from 0 to 1 (0.05 = one in twenty), not ${JSON.stringify(value)}.`);
  }
  return rate;
}

export function parseRateLimit(value: unknown, name = 'rateLimit'): number {
  const limit = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(limit) || limit < 0 || limit > 1_000_000) {
    throw new FaultSettingError(`${name} must be a whole number of requests a minute (0 = not enforced), not ${JSON.stringify(value)}.`);
  }
  return limit;
}

/** A delay drawn from a range with a random source. */
export function drawDelay(range: DelayRange | null, random: () => number): number {
  if (range === null) return 0;
  return Math.round(range.min + (range.max - range.min) * random());
}

/** Fault settings as the admin API shows them (ranges as text). */
export function describeFaults(settings: FaultSettings) {
  return {
    latency: formatDelayRange(settings.latency),
    errorRate: settings.errorRate,
    rateLimit: settings.rateLimit,
    generationDelay: formatDelayRange(settings.generationDelay),
  };
}

/**
 * Applies a partial update (`{ "latency": "200-800", "errorRate": 0.05 }`) to settings; unknown
 * keys are refused so that a typo is not silently ignored.
 */
export function updateFaults(current: FaultSettings, patch: Record<string, unknown>): FaultSettings {
  const known = ['latency', 'errorRate', 'rateLimit', 'generationDelay'];
  const unknown = Object.keys(patch).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new FaultSettingError(`Unknown fault setting ${unknown.map((k) => JSON.stringify(k)).join(', ')}; the settings are ${known.join(', ')}.`);
  return {
    latency: 'latency' in patch ? parseDelayRange(patch.latency, 'latency') : current.latency,
    errorRate: 'errorRate' in patch ? parseErrorRate(patch.errorRate) : current.errorRate,
    rateLimit: 'rateLimit' in patch ? parseRateLimit(patch.rateLimit) : current.rateLimit,
    generationDelay: 'generationDelay' in patch ? parseDelayRange(patch.generationDelay, 'generationDelay') : current.generationDelay,
  };
}
