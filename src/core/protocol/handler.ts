import { type Clock } from '../clock.ts';
import { ApiException, fail, type ApiError } from '../errors.ts';
import type { StoredImage } from '../image.ts';
import { RequestInput } from '../input.ts';
import type { Logger } from '../logger.ts';
import { rawurldecode, readQueryString } from '../php/parse-str.ts';
import type { PhpObject } from '../php/values.ts';
import { redactUrl } from '../redact.ts';
import type { ImagesService, ServiceResult } from '../service.ts';
import type { MemoryStore, Tenant } from '../store.ts';
import { authenticate } from './auth.ts';
import { errorResponse, type ErrorContext } from './error-response.ts';
import type { Locales } from '../locale/translator.ts';
import { expectsJson } from './negotiation.ts';
import type { RateLimitDecision } from './rate-limit.ts';
import { parseBodyFields } from './request-body.ts';
import { HTML_TYPE, controllerJson, encodedControllerJson, type ApiResponse } from './response.ts';
import { isApiPath, laravelPath, route, suggestRoute, type RouteMatch } from './router.ts';
import { documentedAnswer, parsePrefer, type Preferences } from './prefer.ts';
import { drawDelay, type FaultSettings } from '../faults.ts';
import type { RequestJournal } from '../request-journal.ts';
import { SharedStoreUnavailable, type StateCoordinator } from '../shared-state.ts';

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

export interface ApiHandlerOptions {
  store: MemoryStore;
  service: ImagesService;
  /** Brings the state up to date before reads and counts the rate limit (in memory or shared). */
  coordinator: StateCoordinator;
  clock: Clock;
  logger: Logger;
  /** Read the client address from X-Forwarded-For (off, as upstream). */
  trustProxy: boolean;
  /** Renders an image's JPEG file. */
  renderJpeg: (image: StoredImage) => Uint8Array;
  /** Faults switched on (a live object: the admin API changes it while the fake runs). */
  faults: FaultSettings;
  /** Draws delays and injected errors. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Keeps the recent requests and the near misses. */
  journal: RequestJournal;
  /** The OpenAPI document, for `Prefer: code=…` and `Prefer: example=…`. */
  spec?: unknown;
  /** Origins CORS allows; undefined = any (`*`, as upstream). */
  corsOrigins?: readonly string[];
  /** The site's languages: the site's own strings are answered in the account's. */
  locales: Locales;
}

/** What the pipeline learned about a request, for the journal. */
interface Trace {
  route: string | null;
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
  /**
   * Warnings of a shared store out of reach: sent in X-Mock-Warning on every answer, but not
   * logged per request (the coordinator logs the outage once).
   */
  private readonly catchUpWarnings = new Set<string>();

  constructor(private readonly options: ApiHandlerOptions) {}

  async handle(request: ApiRequest): Promise<ApiResponse & { warnings: string[] }> {
    const startedAt = this.options.clock.now();
    const trace: Trace = { route: null };
    const preferences = parsePrefer(request.headers.get('prefer'));
    const answer = await this.answer(request, preferences, trace);
    const delay = drawDelay(this.options.faults.latency, this.options.random) + (preferences.delayMs ?? 0);
    if (delay > 0) await this.options.sleep(delay);
    this.options.journal.record({
      method: request.method, url: request.url, headers: headerEntries(request.headers), body: request.body,
      status: answer.status, startedAt, route: trace.route, warnings: answer.warnings,
    });
    return answer;
  }

  private async answer(request: ApiRequest, preferences: Preferences, trace: Trace): Promise<ApiResponse & { warnings: string[] }> {
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    const rawQuery = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
    // The site default until the key names an account (framework bodies are never translated).
    const context: ErrorContext = { wantsJson: expectsJson(request.headers), origin: request.origin, lang: this.options.locales.forAccount(null) };
    const warnings: string[] = [];
    const onApiPath = isApiPath(path);

    let response: ApiResponse;
    let fromApp = true;
    let imageFile: StoredImage | undefined;
    let imageFileFailure: ApiError | undefined;
    if ((request.method === 'GET' || request.method === 'HEAD') && JPEG_PATH.test(path)) {
      try {
        imageFile = await this.withCatchUp(warnings, () => this.imageFile(path));
      } catch (error) {
        imageFileFailure = this.asApiError(error, request, warnings);
      }
    }
    if (imageFileFailure !== undefined) {
      response = errorResponse(imageFileFailure, context);
    } else if (onApiPath && request.method === 'OPTIONS' && request.headers.get('access-control-request-method') !== null) {
      response = preflight(request, this.allowedOrigin(request));
    } else if (bodySize(request) > MAX_BODY_BYTES) {
      response = errorResponse({ kind: 'payload-too-large' }, context);
    } else if (imageFile) {
      // Files in public/uploads are served by the web server: no Laravel headers at all.
      response = this.jpeg(imageFile);
      fromApp = false;
    } else {
      response = await this.dispatch(request, path, rawQuery, context, warnings, preferences, trace);
    }

    if (fromApp) {
      response.headers.unshift(['Cache-Control', 'no-cache, private']);
      if (request.method === 'OPTIONS' && response.status !== 204) {
        response.headers.push(['Vary', 'Access-Control-Request-Method']);
      }
      const allowOrigin = this.allowedOrigin(request);
      if (onApiPath && response.status !== 204 && allowOrigin !== null) response.headers.push(['Access-Control-Allow-Origin', allowOrigin]);
      // With a list of origins the answer depends on Origin: caches must know.
      if (onApiPath && this.options.corsOrigins !== undefined) response.headers.push(['Vary', 'Origin']);
    }
    for (const warning of warnings) {
      if (!this.catchUpWarnings.has(warning)) this.options.logger.warn(`${request.method} ${redactUrl(request.url)}: ${warning}`);
      response.headers.push(['X-Mock-Warning', headerSafe(warning)]);
    }
    if (request.method === 'HEAD') response.body = null;
    return { ...response, warnings };
  }

  private async dispatch(
    request: ApiRequest,
    path: string,
    rawQuery: string,
    context: ErrorContext,
    warnings: string[],
    preferences: Preferences,
    trace: Trace,
  ): Promise<ApiResponse> {
    const body = await parseBodyFields(request.method, request.headers.get('content-type'), request.body);
    warnings.push(...body.warnings);
    const { fields: query, warnings: queryWarnings } = readQueryString(rawQuery);
    warnings.push(...queryWarnings);
    const method = effectiveMethod(request, body.fields, query, warnings);

    const routing = route(method, path);
    if (routing.kind === 'not-found') {
      this.nearMiss(method, request.url, path, 404, 'no route matches this path');
      return errorResponse({ kind: 'route-not-found', path: laravelPath(path) }, context);
    }
    if (routing.kind === 'other-methods') {
      if (method === 'OPTIONS') {
        // Laravel answers a plain OPTIONS itself, listing the methods without spaces.
        return { status: 200, headers: [['Allow', routing.allowed.join(',')], ['Content-Type', HTML_TYPE]], body: '' };
      }
      this.nearMiss(method, request.url, path, 405, `${method} is not a method of this path (${routing.allowed.join(', ')})`);
      return errorResponse({ kind: 'method-not-allowed', method, path: laravelPath(path), allowed: routing.allowed }, context);
    }
    trace.route = routing.route.name;
    if (routing.route.name === 'api.fallback') this.nearMiss(method, request.url, path, 404, 'an unknown path under /api/v1 (upstream answers "Resource not found." once authenticated)');

    const clientKey = this.options.trustProxy
      ? (request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || request.clientAddress)
      : request.clientAddress;
    let decision: RateLimitDecision;
    try {
      decision = await this.options.coordinator.hit(clientKey);
    } catch (error) {
      return errorResponse(this.asApiError(error, request, warnings), context);
    }
    if (!decision.allowed) {
      return errorResponse({
        kind: 'too-many-attempts',
        retryAfterSeconds: decision.retryAfterSeconds,
        resetAt: decision.resetAt,
        limit: decision.limit,
      }, context);
    }
    let response: ApiResponse;
    if (preferences.code !== undefined || preferences.example !== undefined) {
      response = this.preferredAnswer(method, path, preferences, context.wantsJson, warnings);
    } else if (this.options.faults.errorRate > 0 && this.options.random() < this.options.faults.errorRate) {
      warnings.push(`This 500 is a fault the fake injected (error rate ${this.options.faults.errorRate}), not an answer to the request.`);
      response = errorResponse({ kind: 'server-error' }, context);
    } else {
      try {
        response = await this.withCatchUp(warnings, () => this.controller(routing.route, method, RequestInput.from(query, body.fields), request, warnings, context));
        if (response.status === 201) await this.options.sleep(drawDelay(this.options.faults.generationDelay, this.options.random));
      } catch (error) {
        response = errorResponse(this.asApiError(error, request, warnings), context);
      }
    }
    response.headers.push(...rateLimitHeaders(decision));
    return response;
  }

  private async controller(
    match: RouteMatch,
    method: string,
    input: RequestInput,
    request: ApiRequest,
    warnings: string[],
    context: ErrorContext,
  ): Promise<ApiResponse> {
    const tenant = authenticate(this.options.store, input, request.headers.get('authorization'))
      ?? fail({ kind: 'unauthenticated' });
    // Upstream's auth middleware runs before the locale middleware: from here on the account's
    // locale answers, whatever Accept-Language or a locale cookie say.
    context.lang = this.options.locales.forAccount(tenant.config.locale);
    if (match.name === 'api.fallback') fail({ kind: 'resource-not-found' });
    if (!tenant.config.apiAccess) fail({ kind: 'no-api-access' });
    const result = await this.runController(match, method, tenant, input, request.origin);
    warnings.push(...result.warnings);
    return encodedControllerJson(result.status, result.json, result.bytes);
  }

  /** `Prefer: code=…`/`example=…`: the documented answer, or a 400 saying why there is none. */
  private preferredAnswer(method: string, path: string, preferences: Preferences, wantsJson: boolean, warnings: string[]): ApiResponse {
    const found = this.options.spec === undefined
      ? { problem: 'This fake was built without the OpenAPI document, so it cannot answer Prefer: code/example.' }
      : documentedAnswer(this.options.spec, method, path.replace(/^\/api\/v1/, ''), preferences, wantsJson);
    if ('response' in found) {
      warnings.push(`Answered from the OpenAPI document's example, as Prefer asked; the request itself was not processed.`);
      return found.response;
    }
    warnings.push(found.problem);
    return controllerJson(400, { message: found.problem, status: 400 });
  }

  /** `*` as upstream, or (with corsOrigins) the request's Origin when listed, else none. */
  private allowedOrigin(request: ApiRequest): string | null {
    const allowed = this.options.corsOrigins;
    if (allowed === undefined) return '*';
    const origin = request.headers.get('origin');
    return origin !== null && allowed.includes(origin) ? origin : null;
  }

  private nearMiss(method: string, url: string, path: string, status: number, reason: string): void {
    this.options.journal.nearMiss({ method, url, status, reason, suggestion: suggestRoute(method, path) });
  }

  /**
   * Runs `work` once the state has every change committed anywhere (nothing to wait for in
   * memory); a shared store out of reach adds its warning and the work goes on from memory.
   */
  private async withCatchUp<T>(warnings: string[], work: () => T): Promise<Awaited<T>> {
    const caughtUp = this.options.coordinator.catchUp();
    const warning = caughtUp === null ? null : await caughtUp;
    if (warning !== null) {
      if (this.catchUpWarnings.size >= 16) this.catchUpWarnings.clear();
      this.catchUpWarnings.add(warning);
      warnings.push(warning);
    }
    return await work();
  }

  private runController(match: RouteMatch, method: string, tenant: Tenant, input: RequestInput, origin: string): ServiceResult | Promise<ServiceResult> {
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

  private asApiError(error: unknown, request: ApiRequest, warnings: string[]): ApiError {
    if (error instanceof ApiException) return error.error;
    if (error instanceof SharedStoreUnavailable) {
      // Not a bug: the shared store could not take the write (its message says whether it may
      // still land). The warning is the log line.
      warnings.push(error.message);
      return { kind: 'server-error' };
    }
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

function preflight(request: ApiRequest, allowOrigin: string | null): ApiResponse {
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
 * The body's size as the web server hands it to PHP: its Content-Length, or what arrived when
 * there is none (a chunked body; MSW's requests carry no Content-Length).
 */
function bodySize(request: ApiRequest): number {
  const declared = Number(request.headers.get('content-length'));
  return Math.max(Number.isFinite(declared) ? declared : 0, request.body?.length ?? 0);
}

function rateLimitHeaders(decision: RateLimitDecision): Array<[string, string]> {
  return [
    ['X-RateLimit-Limit', String(decision.limit)],
    ['X-RateLimit-Remaining', String(decision.remaining)],
  ];
}

function headerEntries(headers: ApiRequest['headers']): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  headers.forEach?.((value, name) => entries.push([name, value]));
  return entries;
}

/** Header values must be visible ASCII: anything else is percent-encoded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}
