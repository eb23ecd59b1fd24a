import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCanListen, connectionProblem, probe, unreachableMessage } from './network.ts';
import { UsageError } from './flags.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listening<T extends Server>(server: T): Promise<{ server: T; port: number }> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

const failure = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('connectionProblem: the cause and what to look at', () => {
  it.each<[Error, string, string]>([
    [failure('ECONNREFUSED'), 'connection refused', 'is the server up?'],
    [failure('ENOTFOUND'), 'the host name does not resolve (DNS: ENOTFOUND)', 'is the host name right?'],
    [failure('EAI_AGAIN'), 'DNS lookup failed (EAI_AGAIN)', 'is the network up, and the host name right?'],
    [failure('ETIMEDOUT'), 'connection timed out', 'is the server up, and nothing blocking the way?'],
    [failure('PROBE_TIMEOUT', 'no answer within 10 s'), 'no answer within 10 s', 'is the server up, and nothing blocking the way?'],
    [failure('ECONNRESET'), 'connection reset', 'is it an HTTP server, and http or https right?'],
    [failure('EHOSTUNREACH'), 'host unreachable', 'is the network up?'],
    [failure('DEPTH_ZERO_SELF_SIGNED_CERT'), 'TLS failed (DEPTH_ZERO_SELF_SIGNED_CERT)', 'is it https, with a certificate this machine trusts?'],
    [new Error('no answer within 60 s'), 'no answer within 60 s', 'is the server up?'],
  ])('%s', (error, cause, hint) => {
    expect(connectionProblem(error)).toEqual({ cause, hint });
  });

  it('the message redacts a key in the URL', () => {
    expect(unreachableMessage('http://h/api/v1/images?api_token=secret', failure('ECONNREFUSED')))
      .toBe('cannot reach http://h/api/v1/images?api_token=REDACTED: connection refused — is the server up?');
  });
});

describe('probe', () => {
  it('any HTTP answer is reachable, even a 500', async () => {
    const { port } = await listening(createHttpServer((_, res) => { res.statusCode = 500; res.end(); }));
    expect(await probe(`http://127.0.0.1:${port}/api/v1`)).toBeNull();
  });

  it('a server that accepts but never answers: a timeout, named', async () => {
    const accepted: Socket[] = [];
    const { port } = await listening(createServer((socket) => accepted.push(socket)));
    const error = await probe(`http://127.0.0.1:${port}/api/v1`, 200);
    for (const socket of accepted) socket.destroy();
    expect(unreachableMessage(`http://127.0.0.1:${port}/api/v1`, error)).toBe(`cannot reach http://127.0.0.1:${port}/api/v1: no answer within 0.2 s — is the server up, and nothing blocking the way?`);
  });
});

describe('checkCanListen', () => {
  it('a port in use and an address not on this machine: a UsageError naming the flag', async () => {
    const { port } = await listening(createServer());
    await expect(checkCanListen(port, '127.0.0.1')).rejects.toThrowError(new UsageError(`--port ${port}: already in use on 127.0.0.1; stop what runs there or pass another --port (0 picks a free one).`));
    await expect(checkCanListen(0, '192.0.2.1')).rejects.toThrowError(/^--host 192\.0\.2\.1: not an address of this machine \(EADDRNOTAVAIL\)/);
    await expect(checkCanListen(0, '127.0.0.1')).resolves.toBeUndefined();
  });
});
