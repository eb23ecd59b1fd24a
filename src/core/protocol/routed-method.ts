import { overrideMethod } from '../../upstream/method-override.ts';
import { readQueryString } from '../php/parse-str.ts';
import { parseBodyFields } from './request-body.ts';

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
