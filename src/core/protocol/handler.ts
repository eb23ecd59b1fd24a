import type { Clock } from '../clock.ts';
import { ApiException, type ApiError } from '../errors.ts';
import { drawDelay, type FaultSettings } from '../faults.ts';
import type { StoredImage } from '../images/image.ts';
import { RequestInput } from '../images/input.ts';
import type { Locales } from '../locale/translator.ts';
import type { Logger } from '../logger.ts';
import { redactUrl } from '../redact.ts';
import type { RequestJournal } from '../journal/request-journal.ts';
import type { ImagesService } from '../images/service.ts';
import { andThen, SharedStoreUnavailable, type MaybePromise, type StateCoordinator } from '../state/coordinator.ts';
import type { MemoryStore } from '../state/store.ts';
import { authorize } from './auth.ts';
import { refuseLargeBody } from './body-limit.ts';
import { runController } from './controllers.ts';
import { addLaravelHeaders, answerPreflight } from './cors.ts';
import { errorResponse } from './error-response.ts';
import { openExchange, type ApiRequest, type Exchange } from './exchange.ts';
import { injectFault } from './fault-injection.ts';
import { findImageFile, imageFileResponse, isImageFileRequest } from './files.ts';
import { OpenApiDocument } from '../../upstream/openapi-document.ts';
import { preferredAnswer } from './prefer.ts';
import type { RateLimitDecision } from './rate-limit.ts';
import { readRequest, type RequestFields } from './read-request.ts';
import type { ApiResponse } from './response.ts';
import { routeRequest, type RouteMatch } from './router.ts';
import { addRateLimitHeaders, refuseThrottled, throttleKey } from './throttle.ts';

export type { ApiRequest } from './exchange.ts';

/** An answer as the handler gives it: the response, plus the fake's warnings it carries as X-Mock-Warning. */
export type HandledResponse = ApiResponse & { warnings: string[] };

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
  /**
   * The OpenAPI document, for `Prefer: code=…` and `Prefer: example=…`: the parsed document, or a
   * function that reads it (called on the first such request, so start-up never parses it).
   */
  spec?: unknown;
  /** Origins CORS allows; undefined = any (`*`, as upstream). */
  corsOrigins?: readonly string[];
  /** The site's languages: the site's own strings are answered in the account's. */
  locales: Locales;
}

/**
 * The whole HTTP behaviour of the Images API, framework-free: the files the web server serves,
 * Laravel's global middleware (CORS, body size), the router (404/405/OPTIONS), the api middleware
 * (throttle, auth, plan access) and the controllers, each a stage of its own file. Express and
 * MSW only translate requests for `handle`.
 */
export class ApiHandler {
  /**
   * Warnings of a shared store out of reach: sent in X-Mock-Warning on every answer, but not
   * logged per request (the coordinator logs the outage once).
   */
  private readonly catchUpWarnings = new Set<string>();
  /** The OpenAPI document once a `Prefer` asked for it (undefined: none was given). */
  private document: OpenApiDocument | undefined | null = null;

  constructor(private readonly options: ApiHandlerOptions) {}

  private readDocument(): OpenApiDocument | undefined {
    if (this.document === null) {
      const { spec } = this.options;
      const parsed: unknown = typeof spec === 'function' ? (spec as () => unknown)() : spec;
      this.document = parsed === undefined ? undefined : new OpenApiDocument(parsed);
    }
    return this.document;
  }

  /** The answer to one request, always as a promise (MSW, replay and tests call this). */
  async handle(request: ApiRequest): Promise<HandledResponse> {
    return this.respond(request);
  }

  /**
   * The answer to one request, as `handle` gives it, but at once when nothing has to wait (a read
   * in memory without latency): the HTTP adapter then writes it in the same turn, without a
   * promise and a microtask per request. A body, a shared store, a delay or a create still wait.
   * Every answer goes through here (`handle` calls it): wrap this method to change them all.
   */
  respond(request: ApiRequest): MaybePromise<HandledResponse> {
    const startedAt = this.options.clock.now();
    const x = openExchange(request, this.options.locales.forAccount(null));
    return andThen(this.answer(x), (answered) => {
      const answer = this.report(x, answered);
      const delay = drawDelay(this.options.faults.latency, this.options.random) + (x.preferences.delayMs ?? 0);
      if (delay > 0) return this.options.sleep(delay).then(() => this.record(x, startedAt, answer));
      return this.record(x, startedAt, answer);
    });
  }

  /** Keeps the exchange in the journal once it is answered (after any delay, as it was sent). */
  private record(x: Exchange, startedAt: number, answer: HandledResponse): HandledResponse {
    const { request } = x;
    this.options.journal.record({
      method: request.method, url: request.url, headers: request.headers, body: request.body,
      status: answer.status, startedAt, route: x.route, warnings: answer.warnings,
    });
    return answer;
  }

  /**
   * The stages, in the order a request meets them upstream; each returns an answer that ends the
   * request, or lets it go on (null, or what it learned). Every answer Laravel makes gets its
   * headers on the way out.
   *
   *   files.ts            nginx serves public/uploads itself (no Laravel headers)
   *   cors.ts             HandleCors: a preflight is answered
   *   body-limit.ts       ValidatePostSize: 413 over post_max_size
   *   read-request.ts     Symfony's Request: body and query fields, the method override
   *   router.ts           the router over routes.ts: 404, 405, a plain OPTIONS with Allow
   *   throttle.ts         ThrottleRequests: 429, X-RateLimit-* on what it lets through
   *   prefer.ts           the fake's extras: Prefer code/example (Prism's), then
   *   fault-injection.ts  the error-rate switch
   *   auth.ts             Authenticate (auth:api), then the plan middleware: 401, 403
   *   controllers.ts      the controller the route table names for the method
   */
  private answer(x: Exchange): MaybePromise<ApiResponse> {
    // The file is looked up first (a lookup that fails is Laravel's 500) and served after the size check.
    return isImageFileRequest(x.request.method, x.path) ? this.answerFileRequest(x) : this.answerLaravel(x, undefined);
  }

  private async answerFileRequest(x: Exchange): Promise<ApiResponse> {
    let file: StoredImage | undefined;
    try {
      file = await this.withCatchUp(x.warnings, () => findImageFile(this.options.store, x.path));
    } catch (error) {
      return addLaravelHeaders(x, this.errorAnswer(x, error), this.options.corsOrigins);
    }
    return this.answerLaravel(x, file);
  }

  /**
   * From CORS on. In memory every stage answers at once and the request never waits for a
   * microtask; a body, a shared store or a create makes it wait where it must (`andThen`).
   */
  private answerLaravel(x: Exchange, file: StoredImage | undefined): MaybePromise<ApiResponse> {
    const { corsOrigins } = this.options;
    const refused = answerPreflight(x, corsOrigins) ?? refuseLargeBody(x);
    if (refused !== null) return addLaravelHeaders(x, refused, corsOrigins);
    if (file !== undefined) return imageFileResponse(file, this.options.renderJpeg);
    return andThen(readRequest(x), (fields) => this.routeAndThrottle(x, fields));
  }

  private routeAndThrottle(x: Exchange, fields: RequestFields): MaybePromise<ApiResponse> {
    const { corsOrigins } = this.options;
    const routed = routeRequest(fields.method, x.request.url, x.path, x.context, this.options.journal);
    if (!('route' in routed)) return addLaravelHeaders(x, routed, corsOrigins);
    x.route = routed.route.name;
    let decision: MaybePromise<RateLimitDecision>;
    try {
      decision = this.options.coordinator.hit(throttleKey(x.request, this.options.trustProxy));
    } catch (error) {
      return addLaravelHeaders(x, this.errorAnswer(x, error), corsOrigins);
    }
    if (!(decision instanceof Promise)) return this.admitted(x, routed, fields, decision);
    return decision.then(
      (settled) => this.admitted(x, routed, fields, settled),
      (error: unknown) => addLaravelHeaders(x, this.errorAnswer(x, error), corsOrigins),
    );
  }

  /** Past the router: the throttle's verdict, then Prefer, the error-rate switch or the controller. */
  private admitted(x: Exchange, match: RouteMatch, fields: RequestFields, decision: RateLimitDecision): MaybePromise<ApiResponse> {
    const { corsOrigins } = this.options;
    const throttled = refuseThrottled(x, decision);
    if (throttled !== null) return addLaravelHeaders(x, throttled, corsOrigins);
    const response = preferredAnswer(() => this.readDocument(), fields.method, x.path, x.preferences, x.context.wantsJson, x.warnings)
      ?? injectFault(x, this.options.faults, this.options.random)
      ?? this.run(x, match, fields);
    return andThen(response, (answer) => addLaravelHeaders(x, addRateLimitHeaders(answer, decision), corsOrigins));
  }

  /** Auth and plan, then the controller, on state brought up to date; a create waits out the generation delay. */
  private run(x: Exchange, match: RouteMatch, fields: RequestFields): MaybePromise<ApiResponse> {
    try {
      const response = this.withCatchUp(x.warnings, () => {
        const input = RequestInput.from(fields.query, fields.body);
        const tenant = authorize(x, this.options.store, this.options.locales, match.route, input);
        return runController(match.controller, { service: this.options.service, tenant, input, params: match.params, origin: x.request.origin }, x.warnings);
      });
      if (!(response instanceof Promise)) return response.status === 201 ? this.afterGeneration(response) : response;
      return response.then(
        (answer) => (answer.status === 201 ? this.afterGeneration(answer) : answer),
        (error: unknown) => this.errorAnswer(x, error),
      );
    } catch (error) {
      return this.errorAnswer(x, error);
    }
  }

  private async afterGeneration(response: ApiResponse): Promise<ApiResponse> {
    await this.options.sleep(drawDelay(this.options.faults.generationDelay, this.options.random));
    return response;
  }

  /** The fake's warnings as X-Mock-Warning headers and log lines; HEAD answers lose their body. */
  private report(x: Exchange, response: ApiResponse): HandledResponse {
    const { request, warnings } = x;
    for (const warning of warnings) {
      if (!this.catchUpWarnings.has(warning)) this.options.logger.warn(`${request.method} ${redactUrl(request.url)}: ${warning}`);
      response.headers.push(['X-Mock-Warning', headerSafe(warning)]);
    }
    if (request.method === 'HEAD') response.body = null;
    // The response is this request's own (every stage builds a new one): it takes the warnings itself.
    const answer = response as HandledResponse;
    answer.warnings = warnings;
    return answer;
  }

  /**
   * Runs `work` once the state has every change committed anywhere (at once in memory); a shared
   * store out of reach adds its warning and the work goes on from memory.
   */
  private withCatchUp<T>(warnings: string[], work: () => MaybePromise<T>): MaybePromise<T> {
    const caughtUp = this.options.coordinator.catchUp();
    if (caughtUp === null) return work();
    return Promise.resolve(caughtUp).then((warning) => {
      if (warning !== null) {
        if (this.catchUpWarnings.size >= 16) this.catchUpWarnings.clear();
        this.catchUpWarnings.add(warning);
        warnings.push(warning);
      }
      return work();
    });
  }

  private errorAnswer(x: Exchange, error: unknown): ApiResponse {
    return errorResponse(this.asApiError(error, x), x.context);
  }

  private asApiError(error: unknown, x: Exchange): ApiError {
    if (error instanceof ApiException) return error.error;
    if (error instanceof SharedStoreUnavailable) {
      // Not a bug: the shared store could not take the write (its message says whether it may
      // still land). The warning is the log line.
      x.warnings.push(error.message);
      return { kind: 'server-error' };
    }
    // A bug of ours: answer as Laravel answers an exception, and say so loudly.
    this.options.logger.error(`${x.request.method} ${redactUrl(x.request.url)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return { kind: 'server-error' };
  }
}

/** Header values must be visible ASCII: anything else is percent-encoded. */
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}
