import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Transport, WireRequest, WireResponse } from '../contract/transport.ts';
import { redactUrl } from '../core/redact.ts';

/** The connection failed (refused, reset, timed out): the side is unreachable, not different. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';

  /** `url`: the request's URL, keys redacted; `cause`: the network error (its `code` says what failed). */
  constructor(readonly method: string, readonly url: string, override readonly cause: Error) {
    super(`${method} ${url}: ${cause.message}`);
  }
}

const TIMEOUT_MS = 60_000;

/**
 * A transport over node:http rather than fetch: it sends exactly the headers given (fetch adds
 * `Accept: *\/*`, which would hide the "no Accept" client) and a body on GET too (upstream reads a
 * JSON body on every method).
 */
export function rawHttpTransport(origin: string): Transport & { close(): void } {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return {
    origin,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
    send({ method, url, headers, body }: WireRequest): Promise<WireResponse> {
      const target = new URL(/^https?:\/\//.test(url) ? url : `${origin}${url}`);
      const secure = target.protocol === 'https:';
      const bytes = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
      const outgoing: Record<string, string> = { ...headers };
      if (bytes !== undefined) outgoing['Content-Length'] = String(bytes.length);
      // Messages name the request without its key (a query may carry api_token).
      const named = `${target.origin}${redactUrl(`${target.pathname}${target.search}`)}`;
      return new Promise((resolve, reject) => {
        const req = (secure ? httpsRequest : httpRequest)(target, { method, headers: outgoing, agent: secure ? agents.https : agents.http, timeout: TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(new UnreachableError(method, named, error)));
          res.on('end', () => {
            const result: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) result[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: res.statusCode ?? 0, headers: result, bytes: new Uint8Array(Buffer.concat(chunks)) });
          });
        });
        req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
        req.on('error', (error) => reject(new UnreachableError(method, named, error)));
        req.end(bytes);
      });
    },
  };
}
