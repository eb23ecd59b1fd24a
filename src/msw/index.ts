import { http, type HttpHandler } from 'msw';
import { DEFAULT_ORIGIN } from '../core/defaults.ts';
import { createFake, type Fake, type FakeOptions } from '../core/fake.ts';

// Everything that needs msw (an optional peer dependency) is exported from this entry alone.
export { createHarHandlers } from '../har/msw.ts';

export interface ImagesHandlersOptions extends FakeOptions {
  /**
   * Where the app under test calls the API: its origin (`http://localhost:4010`) or base URL
   * (`http://localhost:4010/api/v1`). Default `http://localhost:4010`, what `npm start` serves.
   */
  baseUrl?: string;
  /** Serve an existing fake (shared state) instead of building one from the options. */
  fake?: Fake;
}

/**
 * MSW 2 handlers for the Images API, over the same core as the Express fake: the same state,
 * validation, bodies, headers and quirks. Works with `setupServer` (Node, jsdom) and `setupWorker`
 * (the browser).
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { createImagesHandlers } from 'ailuna-images-kit/msw';
 * const server = setupServer(...createImagesHandlers({ seed: 7, keys: ['test-key'] }));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function createImagesHandlers(options: ImagesHandlersOptions = {}): HttpHandler[] & { fake: Fake } {
  const fake = options.fake ?? createFake(options);
  const origin = new URL(options.baseUrl ?? DEFAULT_ORIGIN).origin;
  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const bytes = request.method === 'GET' || request.method === 'HEAD' ? null : new Uint8Array(await request.arrayBuffer());
    const answer = await fake.handler.handle({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      origin: url.origin,
      headers: request.headers,
      body: bytes && bytes.length > 0 ? bytes : null,
      // MSW sees no connection: every request counts as one client for the rate limit.
      clientAddress: 'msw',
    });
    const headers = new Headers();
    for (const [name, value] of answer.headers) headers.append(name, value);
    const body = answer.body === null || answer.status === 204 || answer.status === 304 || request.method === 'HEAD'
      ? null
      : typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
    return new Response(body, { status: answer.status, headers });
  });
  return Object.assign([handler], { fake });
}
