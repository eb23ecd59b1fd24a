import { createServer, type RequestListener, type Server } from 'node:http';
import { rawHttpTransport } from '../../src/diff/http-send.ts';

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
  /** Lets go of what the transport holds (a listening server, open connections); sending again starts afresh. */
  close?(): void | Promise<void>;
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

/**
 * An app in this process (an Express app or any node:http listener), listening on an ephemeral
 * 127.0.0.1 port from the first request until close(). Every request carries `Host: <host>`, so the
 * absolute URLs the app hands out name that host; node:http sends exactly the headers given (fetch
 * cannot set Host). Needs no test library, so the `contract` command can use it from the package.
 */
export function inProcessTransport(app: RequestListener, host = 'contract.test'): Transport & { close(): Promise<void> } {
  let running: Promise<{ server: Server; transport: ReturnType<typeof rawHttpTransport> }> | undefined;
  const start = () => (running ??= new Promise((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      // A run that forgets close() still lets the process end.
      server.unref();
      const { port } = server.address() as { port: number };
      resolve({ server, transport: rawHttpTransport(`http://127.0.0.1:${port}`) });
    });
  }));
  return {
    origin: `http://${host}`,
    async send(request) {
      const { transport } = await start();
      const url = request.url.replace(/^https?:\/\/[^/]+/, '');
      return transport.send({ ...request, url, headers: { ...request.headers, Host: host } });
    },
    async close() {
      const current = running;
      running = undefined;
      if (current === undefined) return;
      const { server, transport } = await current;
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
