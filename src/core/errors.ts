/**
 * Every failure the fake can answer with, as values. One mapping (`protocol/error-response.ts`)
 * turns them into the upstream status codes and bodies; nothing else writes error statuses.
 */

export type ValidationMessages = Record<string, string[]>;

export type ApiError =
  /** 401 (JSON) or 302 to /login (anything else): no key or an unknown key. */
  | { kind: 'unauthenticated' }
  /** 403 from the plan check: the key's plan has no API access. */
  | { kind: 'no-api-access' }
  /** 403 from the update request's authorize(): `user_id` sent by a non-admin. */
  | { kind: 'unauthorized-action' }
  /** 404 from a controller: missing or foreign image, unknown /api/v1 path, `variations`. */
  | { kind: 'resource-not-found' }
  /** 404 from the router: no route at all. `path` is the request path without its leading slash. */
  | { kind: 'route-not-found'; path: string }
  /** 405 from the router. */
  | { kind: 'method-not-allowed'; method: string; path: string; allowed: readonly string[] }
  /** 422 validation failure. */
  | { kind: 'validation'; messages: ValidationMessages }
  /** 429 from the throttle. */
  | { kind: 'too-many-attempts'; retryAfterSeconds: number; resetAt: number; limit: number }
  /** 500 "Server Error": an exception inside the framework (e.g. `search[]=x`). */
  | { kind: 'server-error' }
  /** 413 from PHP's post_max_size check (ValidatePostSize). */
  | { kind: 'payload-too-large' };

/** Thrown inside the core; caught once by the request handler. */
export class ApiException extends Error {
  constructor(readonly error: ApiError) {
    super(`API error: ${error.kind}`);
    this.name = 'ApiException';
  }
}

export function fail(error: ApiError): never {
  throw new ApiException(error);
}
