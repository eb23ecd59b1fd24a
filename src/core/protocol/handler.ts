import { type Clock } from '../clock.ts';
import { ApiException, fail, type ApiError } from '../errors.ts';
import type { StoredImage } from '../image.ts';
import { RequestInput } from '../input.ts';
import type { Logger } from '../logger.ts';
import { parseStr, rawurldecode } from '../php/parse-str.ts';
import type { PhpObject } from '../php/values.ts';
import { redactUrl } from '../redact.ts';
import type { ImagesService, ServiceResult } from '../service.ts';
import type { MemoryStore, Tenant } from '../store.ts';
import { authenticate } from './auth.ts';
import { errorResponse } from './error-response.ts';
import { expectsJson } from './negotiation.ts';
import { FixedWindowRateLimiter, type RateLimitDecision } from './rate-limit.ts';
import { parseBodyFields } from './request-body.ts';
import { HTML_TYPE, controllerJson, type ApiResponse } from './response.ts';
import { isApiPath, laravelPath, route, type RouteMatch } from './router.ts';

/** A request as the adapters hand it to the core (web-standard types only). */
export interface ApiRequest {
  method: string;
  /** Path and query exactly as sent (`/api/v1/images?search=a%20b`). */
  url: string;
  /** `<scheme>://<host>` the client used: image URLs and links are built on it. */
  origin: string;
  headers: { get(name: string): string | null };
  body: Uint8Array | null;
  /** The connection's address (the rate limit's key unless trustProxy). */
  clientAddress: string;
}

export interface ApiHandlerOptions {
  store: MemoryStore;
  service: ImagesService;
  clock: Clock;
  logger: Logger;
  /** The throttle: `limit` requests a minute per client; refused only when `enforce`. */
  rateLimit: { limit: number; enforce: boolean };
  /** Read the client address from X-Forwarded-For (off, as upstream). */
  trustProxy: boolean;
  /** Renders an image's JPEG file. */
  renderJpeg: (image: StoredImage) => Uint8Array;
}

/** PHP's post_max_size as shipped (8M): larger bodies are refused before routing. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const JPEG_PATH = /^\/uploads\/users\/images\/([^/]+)$/;

/**
 * The whole HTTP behaviour of the Images API, framework-free: global middleware (CORS, body size),
 * routing (404/405/OPTIONS), the api middleware (throttle, auth, plan access), the controllers,
 * and the JPEG files the web server serves. Express and MSW only translate requests for it.
 */
export class ApiHandler {
  readonly limiter: FixedWindowRateLimiter;

  constructor(private readonly options: ApiHandlerOptions) {
    this.limiter = new FixedWindowRateLimiter(options.clock, options.rateLimit);
  }

  async handle(request: ApiRequest): Promise<ApiResponse & { warnings: string[] }> {
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
    const context = { wantsJson: expectsJson(request.headers), origin: request.origin };
    const warnings: string[] = [];
    const onApiPath = isApiPath(path);

    let response: ApiResponse;
    let fromApp = true;
    const imageFile = request.method === 'GET' || request.method === 'HEAD' ? this.imageFile(path) : undefined;
    if (onApiPath && request.method === 'OPTIONS' && request.headers.get('access-control-request-method') !== null) {
      response = preflight(request);
    } else if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
      response = errorResponse({ kind: 'payload-too-large' }, context);
    } else if (imageFile) {
      // Files in public/uploads are served by the web server: no Laravel headers at all.
      response = this.jpeg(imageFile);
      fromApp = false;
    } else {
      response = await this.dispatch(request, path, rawQuery, context, warnings);
    }

    if (fromApp) {
      response.headers.unshift(['Cache-Control', 'no-cache, private']);
      if (request.method === 'OPTIONS' && response.status !== 204) {
        response.headers.push(['Vary', 'Access-Control-Request-Method']);
      }
      if (onApiPath && response.status !== 204) response.headers.push(['Access-Control-Allow-Origin', '*']);
    }
    for (const warning of warnings) {
      this.options.logger.warn(`${request.method} ${redactUrl(request.url)}: ${warning}`);
      response.headers.push(['X-Mock-Warning', headerSafe(warning)]);
    }
    if (request.method === 'HEAD') response.body = null;
    return { ...response, warnings };
  }

  private async dispatch(
    request: ApiRequest,
    path: string,
    rawQuery: string,
    context: { wantsJson: boolean; origin: string },
    warnings: string[],
  ): Promise<ApiResponse> {
    const body = await parseBodyFields(request.method, request.headers.get('content-type'), request.body);
    if (body.ignoredReason) warnings.push(body.ignoredReason);
    const query = parseStr(rawQuery);
    const method = effectiveMethod(request, body.fields, query, warnings);

    const routing = route(method, path);
    if (routing.kind === 'not-found') return errorResponse({ kind: 'route-not-found', path: laravelPath(path) }, context);
    if (routing.kind === 'other-methods') {
      if (method === 'OPTIONS') {
        // Laravel answers a plain OPTIONS itself, listing the methods without spaces.
        return { status: 200, headers: [['Allow', routing.allowed.join(',')], ['Content-Type', HTML_TYPE]], body: '' };
      }
      return errorResponse({ kind: 'method-not-allowed', method, path: laravelPath(path), allowed: routing.allowed }, context);
    }

    const clientKey = this.options.trustProxy
      ? (request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.clientAddress)
      : request.clientAddress;
    const decision = this.limiter.hit(clientKey);
    if (!decision.allowed) {
      return errorResponse({
        kind: 'too-many-attempts',
        retryAfterSeconds: decision.retryAfterSeconds,
        resetAt: decision.resetAt,
        limit: decision.limit,
      }, context);
    }
    let response: ApiResponse;
    try {
      response = this.controller(routing.route, method, RequestInput.from(query, body.fields), request, warnings);
    } catch (error) {
      response = errorResponse(this.asApiError(error, request), context);
    }
    response.headers.push(...rateLimitHeaders(decision));
    return response;
  }

  private controller(
    match: RouteMatch,
    method: string,
    input: RequestInput,
    request: ApiRequest,
    warnings: string[],
  ): ApiResponse {
    const tenant = authenticate(this.options.store, input, request.headers.get('authorization'))
      ?? fail({ kind: 'unauthenticated' });
    if (match.name === 'api.fallback') fail({ kind: 'resource-not-found' });
    if (!tenant.config.apiAccess) fail({ kind: 'no-api-access' });
    const result = this.runController(match, method, tenant, input, request.origin);
    warnings.push(...result.warnings);
    return controllerJson(result.status, result.body);
  }

  private runController(match: RouteMatch, method: string, tenant: Tenant, input: RequestInput, origin: string): ServiceResult {
    const { service } = this.options;
    const id = match.id ?? '';
    if (match.name === 'images.collection') {
      return method === 'POST' ? service.create(tenant, input, origin) : service.list(tenant, input, origin);
    }
    switch (method) {
      case 'DELETE': return service.destroy(tenant, id);
      case 'PUT':
      case 'PATCH': return service.update(tenant, id, input, origin);
      default: return service.show(tenant, id, origin);
    }
  }

  private asApiError(error: unknown, request: ApiRequest): ApiError {
    if (error instanceof ApiException) return error.error;
    // A bug of ours: answer as Laravel answers an exception, and say so loudly.
    this.options.logger.error(`${request.method} ${redactUrl(request.url)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return { kind: 'server-error' };
  }

  private imageFile(path: string): StoredImage | undefined {
    const file = JPEG_PATH.exec(path)?.[1];
    return file === undefined ? undefined : this.options.store.findImageByResult(rawurldecode(file));
  }

  private jpeg(image: StoredImage): ApiResponse {
    return { status: 200, headers: [['Content-Type', 'image/jpeg']], body: this.options.renderJpeg(image) };
  }
}

/**
 * Symfony's method override, which Laravel enables: a POST is handled as the method in
 * X-HTTP-Method-Override, else in a `_method` field of the body, else of the query.
 */
function effectiveMethod(request: ApiRequest, body: PhpObject, query: PhpObject, warnings: string[]): string {
  if (request.method !== 'POST') return request.method;
  const header = request.headers.get('x-http-method-override');
  const field = body._method ?? query._method;
  const requested = header || (typeof field === 'string' ? field : '');
  if (requested === '') return 'POST';
  const method = requested.toUpperCase();
  if (!/^[A-Z]+$/.test(method)) {
    warnings.push(`The method override "${requested}" is not a method name; the fake handles the request as POST (Laravel refuses it).`);
    return 'POST';
  }
  return method;
}

function preflight(request: ApiRequest): ApiResponse {
  return {
    status: 204,
    headers: [
      ['Access-Control-Allow-Origin', '*'],
      ['Vary', 'Access-Control-Request-Method, Access-Control-Request-Headers'],
      ['Access-Control-Allow-Methods', request.headers.get('access-control-request-method') ?? ''],
      ['Access-Control-Allow-Headers', request.headers.get('access-control-request-headers') ?? ''],
      ['Access-Control-Max-Age', '0'],
      ['Content-Type', HTML_TYPE],
    ],
    body: null,
  };
}

function rateLimitHeaders(decision: RateLimitDecision): Array<[string, string]> {
  return [
    ['X-RateLimit-Limit', String(decision.limit)],
    ['X-RateLimit-Remaining', String(decision.remaining)],
  ];
}

/** Header values must be visible ASCII: anything else is percent-encoded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}
