/** Which side of the comparison: the implementation given as --a or as --b. */
export type Side = 'a' | 'b';

/**
 * One request of the set, as a template. `{{key}}`, `{{key2}}`, `{{id:SLOT}}` and `{{url:SLOT}}`
 * are filled in per side when it is sent (the keys and the created images differ per side), so
 * reports show the template and never a key.
 */
export interface DiffRequest {
  /** What the request probes, e.g. `list: per_page=20 falls back to the default`. */
  name: string;
  /** Area of the API, for reports: auth, list, show, store, update, delete, routing, cors, files. */
  group: string;
  method: string;
  /**
   * Path under the API base (`/images?x=1`), a site path starting with `site:` (`site:/api/xyz`),
   * or `{{url:SLOT}}` for an image file.
   */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * `exact`: the answer depends only on what this run created (or on nothing), compare it all.
   * `shape`: it depends on each side's own data; compare statuses, headers, shapes and arithmetic.
   */
  scope: 'exact' | 'shape';
  /** A store whose image is remembered under this slot (its id, url and resolution). */
  creates?: string;
  /** Remember the first image of this list answer under the slot `listed` (read-only runs). */
  lists?: boolean;
  /** `ru`: sent as the Russian account (`--key-ru`): `{{key}}` stands for that account's key. */
  account?: 'ru';
}

/** An answer as received. */
export interface Answer {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** One observable difference between the two answers to a request. */
export interface Difference {
  /** Kind, for grouping: `status`, `header vary`, `body value`, `body keys`, `body key order`, `json style`, `body type`, `jpeg size`. */
  kind: string;
  /** Where in the answer: a header name or a JSON path such as `$.meta.total`. */
  where: string;
  a: string;
  b: string;
}

/** A request with both answers and what differed. */
export interface Exchange {
  index: number;
  request: DiffRequest;
  a: Answer;
  b: Answer;
  differences: Difference[];
  /** Why the request was not sent or compared (the sides cannot be compared on it), if so. */
  skipped?: string;
}

/** An image this run knows on one side: created by it, or listed first (read-only). */
export interface KnownImage {
  id: number;
  url: string;
  uuid: string;
  resolution: string;
  /** `ru`: created by the Russian account (cleaned up with its key). */
  account?: 'ru';
}

export interface DiffResult {
  a: string;
  b: string;
  readOnly: boolean;
  token: string;
  startedAt: string;
  exchanges: Exchange[];
  /** Requests sent to clean up (deleting what was created); not compared. */
  cleanup: number;
  /** Whether a Russian account (`--key-ru`) was compared on both sides. */
  russianAccount: boolean;
}

/** Every difference of a run. */
export function allDifferences(result: DiffResult): Array<Difference & { exchange: Exchange }> {
  return result.exchanges.flatMap((exchange) => exchange.differences.map((d) => ({ ...d, exchange })));
}
