import { errorResponse } from './error-response.ts';
import type { Exchange } from './exchange.ts';
import type { RateLimitDecision } from './rate-limit.ts';
import type { ApiResponse } from './response.ts';

/** Who the throttle counts a request for: the connection's address, or X-Forwarded-For's first (trustProxy). */
export function throttleKey(request: Exchange['request'], trustProxy: boolean): string {
  return trustProxy
    ? (request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.clientAddress)
    : request.clientAddress;
}

/** The ThrottleRequests stage's refusal: a 429 when the limit is enforced and reached, else null. */
export function refuseThrottled(x: Exchange, decision: RateLimitDecision): ApiResponse | null {
  if (decision.allowed) return null;
  return errorResponse({
    kind: 'too-many-attempts',
    retryAfterSeconds: decision.retryAfterSeconds,
    resetAt: decision.resetAt,
    limit: decision.limit,
  }, x.context);
}

/** The headers ThrottleRequests adds to every answer it let through. */
export function addRateLimitHeaders(response: ApiResponse, decision: RateLimitDecision): ApiResponse {
  response.headers.push(['X-RateLimit-Limit', String(decision.limit)], ['X-RateLimit-Remaining', String(decision.remaining)]);
  return response;
}
