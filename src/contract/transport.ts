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
