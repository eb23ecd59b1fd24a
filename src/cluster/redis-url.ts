/** Where the shared state lives: a Redis server and one of its numbered databases. */
export interface RedisAddress {
  host: string;
  port: number;
  db: number;
}

/** Thrown for a `--store` value that is not `redis://HOST:PORT[/DB]`; the message says how to write it. */
export class StoreUrlError extends Error {}

const EXAMPLE = 'redis://127.0.0.1:6379 or redis://127.0.0.1:6379/2 (host, port, optional database number)';

/**
 * Reads `redis://HOST:PORT[/DB]`. The port is required (a replica should not guess where the
 * shared state is); credentials are refused so that no secret ends up in banners and logs.
 *
 * @example
 * parseRedisUrl('redis://127.0.0.1:6390/1') // { host: '127.0.0.1', port: 6390, db: 1 }
 */
export function parseRedisUrl(text: string, flag = '--store'): RedisAddress {
  const fail = (why: string): never => {
    // A refused URL is quoted without its credentials: messages end up in terminals and CI logs.
    const shown = text.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
    throw new StoreUrlError(`${flag} ${JSON.stringify(shown)} ${why}; write it as ${EXAMPLE}.`);
  };
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return fail('is not a URL');
  }
  if (url.protocol !== 'redis:') fail(`has the scheme ${url.protocol.replace(/:$/, '')}, only redis is supported`);
  if (url.username !== '' || url.password !== '') fail('carries credentials, which are not supported (keep Redis on a private network)');
  if (url.search !== '' || url.hash !== '') fail('has a query or fragment');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') fail('has no host');
  // URL drops a port equal to the scheme's default; redis: has none, so an empty port was not given.
  if (url.port === '') fail('has no port');
  const port = Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail('has no usable port');
  const path = url.pathname;
  let db = 0;
  if (path !== '' && path !== '/') {
    const match = /^\/(\d{1,5})$/.exec(path);
    if (match === null) return fail(`has the path ${JSON.stringify(path)}, which is not a database number`);
    db = Number(match[1]);
  }
  return { host, port, db };
}

/** The address as `redis://HOST:PORT/DB`, for messages. */
export function formatRedisAddress({ host, port, db }: RedisAddress): string {
  return `redis://${host.includes(':') ? `[${host}]` : host}:${port}/${db}`;
}

/** `HOST:PORT`, for messages about reaching the server. */
export function formatHostPort({ host, port }: RedisAddress): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
