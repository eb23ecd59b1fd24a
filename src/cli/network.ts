import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:net';
import { redactUrl } from '../core/redact.ts';
import { UsageError } from './flags.ts';

/**
 * Why the server cannot listen on `--port`/`--host`, as one line naming the flag (exit code 2),
 * or the error itself when it is none of the usual causes.
 */
function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new UsageError(`--port ${port}: already in use on ${host}; stop what runs there or pass another --port (0 picks a free one).`);
    case 'EACCES':
      return new UsageError(`--port ${port}: not allowed to listen on it (EACCES); ports below 1024 need privileges, pick a higher one.`);
    case 'EADDRNOTAVAIL':
      return new UsageError(`--host ${host}: not an address of this machine (EADDRNOTAVAIL); use 127.0.0.1, 0.0.0.0 or one of its own addresses.`);
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
    case 'EAI_AGAIN':
      return new UsageError(`--host ${host}: the name does not resolve to an address (${error.code}).`);
    case 'EAFNOSUPPORT':
      return new UsageError(`--host ${host}: this machine cannot listen on that kind of address (EAFNOSUPPORT).`);
    default:
      return error;
  }
}

/**
 * Listens, turning the usual failures into one line naming the flag.
 * Resolves with the origin (`http://127.0.0.1:4010`) once it listens.
 */
export function listenOn(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
    });
  });
}

/**
 * Before any work (seeding, connecting to Redis): can this process listen on `port` at `host`?
 * Binds and closes at once; throws the same one-line errors as `listenOn`.
 */
export async function checkCanListen(port: number, host: string): Promise<void> {
  const probe = createServer();
  await listenOn(probe, port, host);
  await new Promise((resolve) => probe.close(resolve));
}

/** How long the reachability probe waits for an answer. */
const PROBE_TIMEOUT_MS = 10_000;

/** What went wrong on the way to a server, and what to look at. */
export function connectionProblem(error: unknown): { cause: string; hint: string } {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return { cause: 'connection refused', hint: 'is the server up?' };
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return { cause: `the host name does not resolve (DNS: ${code})`, hint: 'is the host name right?' };
    case 'EAI_AGAIN':
      return { cause: 'DNS lookup failed (EAI_AGAIN)', hint: 'is the network up, and the host name right?' };
    case 'ETIMEDOUT':
    case 'PROBE_TIMEOUT':
      return { cause: code === 'PROBE_TIMEOUT' ? (error as Error).message : 'connection timed out', hint: 'is the server up, and nothing blocking the way?' };
    case 'ECONNRESET':
      return { cause: 'connection reset', hint: 'is it an HTTP server, and http or https right?' };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { cause: code === 'EHOSTUNREACH' ? 'host unreachable' : 'network unreachable', hint: 'is the network up?' };
    default:
      if (/CERT|TLS|SSL|EPROTO/.test(code)) return { cause: `TLS failed (${code})`, hint: 'is it https, with a certificate this machine trusts?' };
      return { cause: (error as Error).message || code || String(error), hint: 'is the server up?' };
  }
}

/** `cannot reach URL: connection refused — is the server up?` (the URL with any key redacted). */
export function unreachableMessage(url: string, error: unknown): string {
  const { cause, hint } = connectionProblem(error);
  return `cannot reach ${redactUrl(url)}: ${cause} — ${hint}`;
}

/**
 * Sends one GET to `url` and resolves with null as soon as any HTTP answer arrives (whatever its
 * status), or with the error that kept it from arriving.
 */
export function probe(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<unknown> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, { method: 'GET', headers: { Accept: 'application/json', Connection: 'close' }, timeout: timeoutMs, agent: false }, (res) => {
      res.destroy();
      resolve(null);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: 'PROBE_TIMEOUT' })));
    req.on('error', (error) => resolve(error));
    req.end();
  });
}

/** Throws UsageError `cannot reach URL: …` when nothing answers at `url`. */
export async function requireReachable(url: string): Promise<void> {
  const error = await probe(url);
  if (error !== null) throw new UsageError(unreachableMessage(url, error));
}
