import type { ApiError } from '../errors.ts';
import { SITE_STRINGS, type Translator } from '../locale/translator.ts';
import { laravelErrorPage, redirectPage, symfonyErrorPage } from './error-pages.ts';
import { controllerJson, frameworkJson, html, type ApiResponse } from './response.ts';

export interface ErrorContext {
  /** `$request->expectsJson()`: framework errors are JSON only then, HTML pages otherwise. */
  wantsJson: boolean;
  /** `<scheme>://<host>` of the request, for the login redirect. */
  origin: string;
  /** The account's language (the site default before authentication), for the site's own strings. */
  lang: Translator;
}

/**
 * The one place that turns an ApiError into the upstream status, headers and body. The site's own
 * strings go through the account's translations; framework bodies are never translated (measured).
 */
export function errorResponse(error: ApiError, { wantsJson, origin, lang }: ErrorContext): ApiResponse {
  switch (error.kind) {
    case 'unauthenticated': {
      if (wantsJson) return controllerJson(401, { message: 'Unauthenticated.' });
      const location = `${origin}/login`;
      const response = html(302, redirectPage(location));
      response.headers.unshift(['Location', location]);
      return response;
    }
    case 'no-api-access':
      return controllerJson(403, { message: lang.text(SITE_STRINGS.noApiAccess), status: 403 });
    case 'unauthorized-action':
      return wantsJson
        ? frameworkJson(403, { message: 'This action is unauthorized.' })
        : html(403, laravelErrorPage(403, 'Forbidden', 'This action is unauthorized.'));
    case 'resource-not-found':
      return controllerJson(404, { message: lang.text(SITE_STRINGS.resourceNotFound), status: 404 });
    case 'route-not-found':
      return wantsJson
        ? frameworkJson(404, { message: `The route ${error.path} could not be found.` })
        : html(404, laravelErrorPage(404, 'Not Found'));
    case 'method-not-allowed': {
      const allowed = error.allowed.join(', ');
      const response = wantsJson
        ? frameworkJson(405, {
          message: `The ${error.method} method is not supported for route ${error.path}. Supported methods: ${allowed}.`,
        })
        : html(405, symfonyErrorPage(405, 'Method Not Allowed'));
      response.headers.unshift(['Allow', allowed]);
      return response;
    }
    case 'validation':
      return controllerJson(422, { message: error.messages, status: 422 });
    case 'too-many-attempts': {
      const response = wantsJson
        ? frameworkJson(429, { message: 'Too Many Attempts.' })
        : html(429, laravelErrorPage(429, 'Too Many Requests'));
      response.headers.unshift(
        ['X-RateLimit-Limit', String(error.limit)],
        ['X-RateLimit-Remaining', '0'],
        ['Retry-After', String(error.retryAfterSeconds)],
        ['X-RateLimit-Reset', String(error.resetAt)],
      );
      return response;
    }
    case 'server-error':
      return wantsJson
        ? frameworkJson(500, { message: 'Server Error' })
        : html(500, laravelErrorPage(500, 'Server Error'));
    case 'payload-too-large':
      // (inferred) PostTooLargeException: an HttpException with an empty message; no Laravel view.
      return wantsJson ? frameworkJson(413, { message: '' }) : html(413, symfonyErrorPage(413, 'Content Too Large'));
  }
}
