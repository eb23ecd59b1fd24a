import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.ts';

/** What an upstream saw of one request. */
interface Seen {
  upstream: number;
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

/** Body bytes that are not UTF-8 (a JPEG's start and a lone continuation byte). */
const BINARY = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x80, 0x0d, 0x0a, 0x00, 0xc3]);

describe('the round-robin proxy of the cluster tests', () => {
  const upstreams: Server[] = [];
  const seen: Seen[] = [];
  let proxy: RoundRobinProxy;

  beforeAll(async () => {
    for (let n = 0; n < 3; n++) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          seen.push({ upstream: n, method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: body.toString('base64') });
          if (req.url === '/binary') {
            res.writeHead(201, 'Made Up Reason', [
              'Set-Cookie', 'a=1; Path=/', 'X-Odd-CASE', 'yes', 'Set-Cookie', 'b=2; HttpOnly', 'Content-Type', 'image/jpeg',
              'Content-Length', String(BINARY.length), 'Date', 'Tue, 01 Dec 2026 10:00:00 GMT',
            ]);
            res.end(BINARY);
            return;
          }
          // Chunked, in two writes.
          res.writeHead(200, [['Content-Type', 'application/json'], ['X-Upstream', String(n)]].flat());
          res.write(`{"upstream":${n},`);
          res.end(`"echo":${JSON.stringify(body.toString('base64'))}}`);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      upstreams.push(server);
    }
    proxy = await startRoundRobinProxy(upstreams.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`));
  });

  afterAll(async () => {
    await proxy.close();
    for (const server of upstreams) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends each request to the next upstream in turn, with method, path, query and body', async () => {
    seen.length = 0;
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await fetch(`${proxy.origin}/api/v1/images/${i}?a=1&b=%20x`, { method: i % 2 ? 'PATCH' : 'POST', body: `{"n":${i}}`, headers: { 'Content-Type': 'application/json' } });
      answers.push(((await response.json()) as { upstream: number }).upstream);
    }
    expect(answers).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(seen.map((s) => [s.upstream, s.method, s.url, Buffer.from(s.body, 'base64').toString()])).toEqual(
      [0, 1, 2, 3, 4, 5, 6].map((i) => [i % 3, i % 2 ? 'PATCH' : 'POST', `/api/v1/images/${i}?a=1&b=%20x`, `{"n":${i}}`]),
    );
    expect(proxy.sent.reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('forwards headers as sent (Host kept, repeats kept) and appends the client to X-Forwarded-For', async () => {
    seen.length = 0;
    const { status } = await rawRequest(proxy.origin, '/x', [
      'Host', 'example.test:8080', 'Authorization', 'Bearer k', 'X-Repeat', 'one', 'X-Repeat', 'two', 'X-Forwarded-For', '203.0.113.9',
    ]);
    expect(status).toBe(200);
    await rawRequest(proxy.origin, '/y', ['Host', 'example.test']);
    const [first, second] = seen;
    const pairs = (raw: string[]) => raw.flatMap((value, i) => (i % 2 === 0 ? [[value, raw[i + 1]]] : []));
    expect(pairs(first!.rawHeaders)).toEqual(expect.arrayContaining([
      ['Host', 'example.test:8080'], ['Authorization', 'Bearer k'], ['X-Repeat', 'one'], ['X-Repeat', 'two'], ['X-Forwarded-For', '203.0.113.9, 127.0.0.1'],
    ]));
    expect(pairs(first!.rawHeaders).filter(([name]) => name?.toLowerCase() === 'host')).toHaveLength(1);
    expect(pairs(second!.rawHeaders)).toEqual(expect.arrayContaining([['X-Forwarded-For', '127.0.0.1']]));
  });

  it('answers with the upstream status, reason, headers (repeats, case, order, Date) and body bytes', async () => {
    // Whichever upstream comes next answers /binary the same way.
    const answer = await rawRequest(proxy.origin, '/binary', ['Host', 'h']);
    expect([answer.status, answer.statusMessage]).toEqual([201, 'Made Up Reason']);
    expect(answer.body.equals(BINARY)).toBe(true);
    const names = answer.rawHeaders.filter((_, i) => i % 2 === 0);
    const upstreamPart = answer.rawHeaders.slice(0, 12);
    expect(upstreamPart).toEqual([
      'Set-Cookie', 'a=1; Path=/', 'X-Odd-CASE', 'yes', 'Set-Cookie', 'b=2; HttpOnly', 'Content-Type', 'image/jpeg',
      'Content-Length', String(BINARY.length), 'Date', 'Tue, 01 Dec 2026 10:00:00 GMT',
    ]);
    expect(names.filter((n) => n.toLowerCase() === 'date')).toHaveLength(1);
  });

  it('answers 502 when an upstream is gone, and goes on with the others', async () => {
    const lonely = await startRoundRobinProxy(['http://127.0.0.1:1', proxy.origin]);
    try {
      const bad = await fetch(`${lonely.origin}/x`);
      expect(bad.status).toBe(502);
      expect(await bad.text()).toMatch(/upstream http:\/\/127\.0\.0\.1:1 failed/);
      expect((await fetch(`${lonely.origin}/x`)).status).toBe(200);
      expect(lonely.failures).toHaveLength(1);
    } finally {
      await lonely.close();
    }
  });
});

/** One request with exactly these raw headers; the answer as node:http parsed it. */
function rawRequest(origin: string, path: string, headers: string[]): Promise<{ status: number; statusMessage: string; rawHeaders: string[]; body: Buffer }> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
