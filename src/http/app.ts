import type { IncomingHttpHeaders } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createFake, type Fake, type FakeOptions } from '../core/fake.ts';
import type { ApiRequest } from '../core/protocol/handler.ts';
import { bodyToSend, type ApiResponse } from '../core/protocol/response.ts';
import type { MaybePromise } from '../core/state/coordinator.ts';
import { loadSpec } from '../openapi/load.ts';
import { createAdminRouter } from './admin.ts';
import { createHealthRouter } from './health.ts';
import { createPagesRouter } from './pages.ts';
import { hasBody, NO_BODY, readBody, type RequestBody } from './read-body.ts';
import { writeRawResponse } from './write-response.ts';

export interface CreateAppOptions extends FakeOptions {
  /** Serve an existing fake (its state is shared) instead of building one from the options. */
  fake?: Fake;
  /** Serve the `/docs` page (Swagger UI, offline) and the `/` gallery (default true). */
  pages?: boolean;
  /** Serve the /__admin API (default true; `--no-admin` turns it off). */
  admin?: boolean;
  /** Require this token (X-Admin-Token or Authorization: Bearer) on /__admin (not on /__admin/health). */
  adminToken?: string;
  /** The file the state is saved to (`--data`), for GET /__admin/health to name; createApp neither reads nor writes it. */
  dataFile?: string;
}

/**
 * The fake Images API as an Express 5 app. It never listens: pass it to `app.listen()`,
 * `http.createServer(app)` or supertest.
 *
 * @example
 * import { createApp } from 'ailuna-images-kit';
 * const app = createApp({ seed: 7, keys: ['k1', 'k2'] });
 * app.listen(4010, '127.0.0.1');
 */
export function createApp(options: CreateAppOptions = {}): Express & { locals: { fake: Fake } } {
  // The document answers `Prefer: code=…` / `example=…`; it is read when a request first asks.
  const fake = options.fake ?? createFake({ spec: loadSpec, ...options });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', fake.settings.trustProxy);
  app.locals.fake = fake;
  const write = (res: Response, next: NextFunction, response: ApiResponse) => {
    try {
      writeRawResponse(res, response.status, response.headers, bodyToSend(response));
    } catch (error) {
      next(error);
    }
  };
  const answer = (req: Request, res: Response, next: NextFunction, body: RequestBody) => {
    let response: MaybePromise<ApiResponse>;
    try {
      // Written in this turn when the core answers at once (most reads in memory).
      response = fake.handler.respond(toApiRequest(req, body));
    } catch (error) {
      next(error);
      return;
    }
    if (response instanceof Promise) response.then((settled) => write(res, next, settled), next);
    else write(res, next, response);
  };
  const serveFake = (req: Request, res: Response, next: NextFunction) => {
    // Most requests (GETs) have no body: they go to the core at once, without waiting for one.
    if (!hasBody(req)) answer(req, res, next, NO_BODY);
    else readBody(req).then((body) => answer(req, res, next, body), next);
  };
  // The API and its files first: no admin or page route lives under these paths, and the busiest
  // requests then skip matching every one of them. A plain prefix test rather than a mount path,
  // which would rewrite req.url and have Express parse it again; anything else still reaches the
  // fake at the end.
  app.use((req, res, next) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/uploads/')) serveFake(req, res, next);
    else next();
  });
  // Before the admin API and its token, and kept with `--no-admin`: probes need it (see health.ts).
  app.use(createHealthRouter(fake, options.dataFile === undefined ? {} : { dataFile: options.dataFile }));
  if (options.admin !== false) {
    app.use(createAdminRouter(fake, {
      ...(options.adminToken === undefined ? {} : { token: options.adminToken }),
      ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
    }));
  }
  if (options.pages !== false) app.use(createPagesRouter(fake));
  app.use(serveFake);
  // Only failures of the adapter itself get here (e.g. a broken connection).
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(500).setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ message: 'Server Error' }, null, 4));
    void error;
  });
  return app as Express & { locals: { fake: Fake } };
}

function toApiRequest(req: Request, body: RequestBody): ApiRequest {
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? 80}`;
  return {
    method: req.method,
    url: req.originalUrl,
    origin: `${req.protocol}://${host}`,
    // A body we did not keep (too large) still reports its size, so the core can refuse it.
    headers: new NodeHeaders(req.headers, body.bytes === null ? body.size : 0),
    body: body.bytes,
    clientAddress: req.socket.remoteAddress ?? 'unknown',
  };
}

/**
 * Node's request headers as the core reads them. It holds only the headers object (the journal
 * keeps it until someone reads the journal), not the request or its socket.
 */
class NodeHeaders {
  constructor(private readonly headers: IncomingHttpHeaders, private readonly droppedBodySize: number) {}

  get(name: string): string | null {
    if (this.droppedBodySize > 0 && name === 'content-length') return String(this.droppedBodySize);
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value ?? null;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.headers)) {
      if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
    }
  }
}
