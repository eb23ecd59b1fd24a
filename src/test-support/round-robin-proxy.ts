import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A load balancer in miniature: each request goes to the next upstream in turn. */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** `http://127.0.0.1:PORT/api/v1`. */
  readonly baseUrl: string;
  /** The upstream origins, in the order they are used. */
  readonly upstreams: readonly string[];
  /** How many requests each upstream was sent (same order as `upstreams`). */
  readonly sent: readonly number[];
  /** Requests whose upstream failed (answered 502 by the proxy). */
  readonly failures: readonly { upstream: string; method: string; url: string; error: string }[];
  close(): Promise<void>;
}

/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1); the rest go through as they came. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

/**
 * Starts a tiny reverse proxy on 127.0.0.1:0 written on node:http: request N goes to
 * `upstreams[N % upstreams.length]` with its method, path and query, headers (Host kept, as a load
 * balancer preserving Host does, so the upstream builds URLs with the proxy's origin) and body,
 * plus `X-Forwarded-For` (the client's address appended). The answer comes back as the upstream
 * sent it: status, reason, every header in its order and case including repeated ones
 * (rawHeaders), and the body's bytes. An upstream that cannot be reached gives a 502.
 *
 * @example
 * const proxy = await startRoundRobinProxy([a.origin, b.origin, c.origin]);
 * await fetch(`${proxy.baseUrl}/images`, { headers });
 * await proxy.close();
 */
export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error('a round-robin proxy needs at least one upstream');
  const targets = upstreams.map((origin) => new URL(origin));
  const sent = upstreams.map(() => 0);
  const failures: { upstream: string; method: string; url: string; error: string }[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const index = next;
    next = (next + 1) % targets.length;
    sent[index] = (sent[index] ?? 0) + 1;
    const target = targets[index] as URL;
    const headers: string[] = [];
    let forwardedFor: string | undefined;
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      const value = req.rawHeaders[i + 1] as string;
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower)) continue;
      if (lower === 'x-forwarded-for') {
        forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
        continue;
      }
      headers.push(name, value);
    }
    const client = req.socket.remoteAddress ?? '127.0.0.1';
    headers.push('X-Forwarded-For', forwardedFor === undefined ? client : `${forwardedFor}, ${client}`);
    const upstream = httpRequest({
      agent,
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      // The Host header above is the client's; setHost would add a second one.
      setHost: false,
    });
    upstream.on('response', (answer) => {
      const raw: string[] = [];
      for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
        const name = answer.rawHeaders[i] as string;
        if (HOP_BY_HOP.has(name.toLowerCase())) continue;
        raw.push(name, answer.rawHeaders[i + 1] as string);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', (error) => {
      failures.push({ upstream: target.origin, method: req.method ?? '', url: req.url ?? '', error: error.message });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`round-robin proxy: upstream ${target.origin} failed: ${error.message}\n`);
    });
    req.pipe(upstream);
    req.on('error', () => upstream.destroy());
  };

  const server = createServer({ keepAlive: true }, forward);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api/v1`,
    upstreams: [...upstreams],
    sent,
    failures,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      agent.destroy();
    }),
  };
}
