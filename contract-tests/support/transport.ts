import request from 'supertest';
import type { Express } from 'express';

/** One HTTP exchange as the contract suite sees it, whatever carries it. */
export interface WireRequest {
  method: string;
  /**
   * Path and query relative to the server's origin (`/api/v1/images?x=1`), or an absolute URL the
   * server handed out (an image `url`, which may name another host, e.g. behind a proxy).
   */
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface WireResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** Sends requests to the implementation under test. */
export interface Transport {
  /** `<scheme>://<host>` of the server, as its absolute URLs show it. */
  readonly origin: string;
  send(request: WireRequest): Promise<WireResponse>;
}

/** A server over HTTP (the fake started with npm start, Prism, staging, the real API). */
export function httpTransport(origin: string): Transport {
  return {
    origin,
    async send({ method, url, headers, body }) {
      const response = await fetch(/^https?:\/\//.test(url) ? url : `${origin}${url}`, {
        method,
        headers,
        body: body === undefined || method === 'GET' || method === 'HEAD' ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
        redirect: 'manual',
      });
      const result: Record<string, string> = {};
      response.headers.forEach((value, name) => { result[name] = value; });
      return { status: response.status, headers: result, bytes: new Uint8Array(await response.arrayBuffer()) };
    },
  };
}

/** An Express app in this process, through supertest (no port). */
export function inProcessTransport(app: Express, host = 'contract.test'): Transport {
  return {
    origin: `http://${host}`,
    async send({ method, url, headers, body }) {
      const relative = url.replace(/^https?:\/\/[^/]+/, '');
      let pending = (request(app) as unknown as Record<string, (u: string) => request.Test>)[method.toLowerCase()]!(relative)
        .set('Host', host);
      for (const [name, value] of Object.entries(headers)) pending = pending.set(name, value);
      if (body !== undefined) pending = pending.send(typeof body === 'string' ? body : Buffer.from(body));
      const response = await pending.buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const result: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers as Record<string, string | string[]>)) {
        result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      const bytes = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.text ?? '', 'utf8');
      return { status: response.status, headers: result, bytes: new Uint8Array(bytes) };
    },
  };
}
