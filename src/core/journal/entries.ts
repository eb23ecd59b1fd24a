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
