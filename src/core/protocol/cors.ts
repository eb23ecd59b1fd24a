import type { Exchange } from './exchange.ts';
import { HTML_TYPE, type ApiResponse } from './response.ts';

/**
 * The HandleCors stage, first of Laravel's global middleware: a preflight (OPTIONS with
 * Access-Control-Request-Method) on api/* is answered here; anything else goes on (null).
 */
export function answerPreflight(x: Exchange, corsOrigins: readonly string[] | undefined): ApiResponse | null {
  const { request } = x;
  if (!x.onApiPath || request.method !== 'OPTIONS' || request.headers.get('access-control-request-method') === null) return null;
  const allowOrigin = allowedOrigin(request, corsOrigins);
  return {
    status: 204,
    headers: [
      ...(allowOrigin === null ? [] : [['Access-Control-Allow-Origin', allowOrigin] as [string, string]]),
      ['Vary', 'Access-Control-Request-Method, Access-Control-Request-Headers'],
      ['Access-Control-Allow-Methods', request.headers.get('access-control-request-method') ?? ''],
      ['Access-Control-Allow-Headers', request.headers.get('access-control-request-headers') ?? ''],
      ['Access-Control-Max-Age', '0'],
      ['Content-Type', HTML_TYPE],
    ],
    body: null,
  };
}

/**
 * What every answer Laravel makes carries on its way out: Symfony's default `Cache-Control`, and
 * HandleCors' headers on api/* (files the web server serves get none of them).
 */
export function addLaravelHeaders(x: Exchange, response: ApiResponse, corsOrigins: readonly string[] | undefined): ApiResponse {
  response.headers.unshift(['Cache-Control', 'no-cache, private']);
  if (x.request.method === 'OPTIONS' && response.status !== 204) {
    response.headers.push(['Vary', 'Access-Control-Request-Method']);
  }
  const allowOrigin = allowedOrigin(x.request, corsOrigins);
  if (x.onApiPath && response.status !== 204 && allowOrigin !== null) response.headers.push(['Access-Control-Allow-Origin', allowOrigin]);
  // With a list of origins the answer depends on Origin: caches must know.
  if (x.onApiPath && corsOrigins !== undefined) response.headers.push(['Vary', 'Origin']);
  return response;
}

/** `*` as upstream, or (with corsOrigins) the request's Origin when listed, else none. */
function allowedOrigin(request: Exchange['request'], corsOrigins: readonly string[] | undefined): string | null {
  if (corsOrigins === undefined) return '*';
  const origin = request.headers.get('origin');
  return origin !== null && corsOrigins.includes(origin) ? origin : null;
}
