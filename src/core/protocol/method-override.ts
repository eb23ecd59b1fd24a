import { readQueryString } from '../php/parse-str.ts';
import { parseBodyFields } from './request-body.ts';

/** Fields a `_method` can come from: a body's or a query string's, as PHP reads them. */
export type OverrideFields = Readonly<Record<string, unknown>>;

/**
 * The method Laravel routes a request as (Symfony's method override, which Laravel enables): only
 * a `POST` is overridden, by the `X-HTTP-Method-Override` header when it is not empty, else by a
 * `_method` field of the body, else of the query; any case (`patch` is PATCH). An override that is
 * not a method name (letters only, no spaces) leaves a POST, with a warning (Laravel refuses it).
 * The handler routes with it, and every checker that validates an answer as the routed operation.
 *
 * @example
 * overrideMethod('POST', null, { _method: 'patch' }, {}); // 'PATCH'
 * overrideMethod('POST', '', {}, { _method: 'PUT' });      // 'PUT' (an empty header counts as none)
 * overrideMethod('GET', 'DELETE', {}, {});                  // 'GET'
 */
export function overrideMethod(
  method: string,
  header: string | null | undefined,
  body: OverrideFields | undefined,
  query: OverrideFields | undefined,
  warnings?: string[],
): string {
  if (method !== 'POST') return method;
  const field = body?._method ?? query?._method;
  const requested = header || (typeof field === 'string' ? field : '');
  if (requested === '') return 'POST';
  const upper = requested.toUpperCase();
  if (!/^[A-Z]+$/.test(upper)) {
    warnings?.push(`The method override "${requested}" is not a method name; the fake handles the request as POST (Laravel refuses it).`);
    return 'POST';
  }
  return upper;
}

/** A request as it was sent (a recording, or a client's call), for `routedMethodOf`. */
export interface SentRequest {
  method: string;
  /** Path and query (`/api/v1/images/5?_method=patch`) or an absolute URL. */
  url: string;
  /** `X-HTTP-Method-Override`, if sent. */
  methodOverride?: string | null;
  contentType?: string | null;
  body?: Uint8Array | string | null;
}

/**
 * The method Laravel routes a sent request as, reading its query and body exactly as the handler
 * does (JSON, form and multipart bodies, PHP's parse_str): for checkers of recorded or sent
 * requests, so they hold an answer to the operation the server really ran.
 *
 * @example
 * await routedMethodOf({ method: 'POST', url: '/api/v1/images/5', contentType: 'application/x-www-form-urlencoded', body: '_method=PATCH' }); // 'PATCH'
 */
export async function routedMethodOf(request: SentRequest): Promise<string> {
  const method = request.method.toUpperCase();
  if (method !== 'POST') return method;
  const queryStart = request.url.indexOf('?');
  const query = queryStart === -1 ? {} : readQueryString(request.url.slice(queryStart + 1).split('#', 1)[0] ?? '').fields;
  const bytes = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body ?? null;
  const body = (await parseBodyFields(method, request.contentType ?? null, bytes)).fields;
  return overrideMethod(method, request.methodOverride, body, query);
}
