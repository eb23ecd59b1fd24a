import type { Translator } from '../locale/translator.ts';
import type { ErrorContext } from './error-response.ts';
import { expectsJson } from './negotiation.ts';
import { parsePrefer, type Preferences } from './prefer.ts';
import { isApiPath } from './router.ts';

/** A request as the adapters hand it to the core (web-standard types only). */
export interface ApiRequest {
  method: string;
  /** Path and query exactly as sent (`/api/v1/images?search=a%20b`). */
  url: string;
  /** `<scheme>://<host>` the client used: image URLs and links are built on it. */
  origin: string;
  headers: { get(name: string): string | null; forEach?(callback: (value: string, name: string) => void): void };
  body: Uint8Array | null;
  /** The connection's address (the rate limit's key unless trustProxy). */
  clientAddress: string;
}

/** One request on its way through the handler's stages: what was sent, and what the stages learned. */
export interface Exchange {
  readonly request: ApiRequest;
  /** The path without the query, percent-encoding kept (`/api/v1/images/5`). */
  readonly path: string;
  /** The query string without its `?`, as sent. */
  readonly rawQuery: string;
  /** `$request->is('api/*')`: CORS covers it. */
  readonly onApiPath: boolean;
  readonly preferences: Preferences;
  /**
   * How errors are answered. `lang` is the site default until the key names an account, then the
   * account's (upstream's auth middleware sets the locale).
   */
  readonly context: ErrorContext;
  /** What the real API silently ignored or the fake did instead, one sentence each (X-Mock-Warning). */
  readonly warnings: string[];
  /** The name of the route that answered, for the journal; null when none matched. */
  route: string | null;
}

/** Starts an exchange: splits the URL and reads the headers every stage may need. */
export function openExchange(request: ApiRequest, siteLang: Translator): Exchange {
  const queryStart = request.url.indexOf('?');
  const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  return {
    request,
    path,
    rawQuery: queryStart === -1 ? '' : request.url.slice(queryStart + 1),
    onApiPath: isApiPath(path),
    preferences: parsePrefer(request.headers.get('prefer')),
    // Framework bodies are never translated; the site's own strings are, in the account's language.
    context: { wantsJson: expectsJson(request.headers), origin: request.origin, lang: siteLang },
    warnings: [],
    route: null,
  };
}
