import { errorResponse } from './error-response.ts';
import type { Exchange } from './exchange.ts';
import type { ApiResponse } from './response.ts';

/** PHP's post_max_size as shipped (8M): larger bodies are refused before routing. */
export const POST_MAX_SIZE = 8 * 1024 * 1024;

/** The ValidatePostSize stage: a 413 for a body over post_max_size, else null. */
export function refuseLargeBody(x: Exchange): ApiResponse | null {
  return bodySize(x.request) > POST_MAX_SIZE ? errorResponse({ kind: 'payload-too-large' }, x.context) : null;
}

/**
 * The body's size as the web server hands it to PHP: its Content-Length, or what arrived when
 * there is none (a chunked body; MSW's requests carry no Content-Length).
 */
function bodySize(request: Exchange['request']): number {
  const declared = Number(request.headers.get('content-length'));
  return Math.max(Number.isFinite(declared) ? declared : 0, request.body?.length ?? 0);
}
