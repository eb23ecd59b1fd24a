import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../core/defaults.ts';
import type { HealthReport } from '../core/state/health.ts';
import { redisServerAvailable, startRedisServer } from '../test-support/redis-server.ts';
import { startReplica, type Replica } from '../test-support/replica.ts';
import { startRoundRobinProxy } from '../test-support/round-robin-proxy.ts';

// Issue 15: GET /__admin/health of `serve --store redis://…` replicas against Debian's real
// redis-server: 200 with the replica while Redis answers, 503 while it is down (exactly while
// writes are refused), 200 again once it is back.

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveRedis = redisServerAvailable();

const KEY = DEFAULT_KEYS[0] as string;

async function health(origin: string, method = 'GET'): Promise<{ status: number; report: HealthReport | null }> {
  const response = await fetch(`${origin}/__admin/health`, { method, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return { status: response.status, report: text === '' ? null : JSON.parse(text) as HealthReport };
}

/** Asks every 100 ms until the health answers `status` (the replicas notice Redis on their own). */
async function healthBecomes(origin: string, status: number, timeoutMs = 20_000): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await health(origin);
    if (answer.status === status) return answer.report!;
    if (Date.now() > deadline) expect.fail(`${origin}/__admin/health still answers ${answer.status} ${JSON.stringify(answer.report)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createStatus(origin: string, name: string): Promise<number> {
  const response = await fetch(`${origin}/api/v1/images`, {
    method: 'POST',
    headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, description: 'made by the health test', resolution: '256x256' }),
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status;
}

describe.skipIf(!haveRedis)('GET /__admin/health of replicas on Redis', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.warn(`cleanup failed: ${(error as Error).message}`));
  });

  it('200 with the replica and Redis address; 503 while Redis is down (writes refused); 200 again after it is back', async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.dispose());
    const address = `redis://127.0.0.1:${redis.port}/0`;
    const replicas: Replica[] = [];
    // The first replica records the flags, then the second joins (replica numbers 1 and 2).
    for (let i = 0; i < 2; i++) {
      const replica = await startReplica(address, ['--count', '3']);
      cleanups.push(() => replica.stop());
      replicas.push(replica);
    }
    const proxy = await startRoundRobinProxy(replicas.map((r) => r.origin));
    cleanups.push(() => proxy.close());

    // Through the balancer: one answer from each replica, each naming itself.
    const answers = [await health(proxy.origin), await health(proxy.origin)];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.report).sort((x, y) => x!.replica! - y!.replica!)).toEqual([1, 2].map((replica) => ({
      status: 'ok', store: 'redis', address, replica, reachable: true,
    })));
    expect(proxy.sent).toEqual([1, 1]);
    const head = await health(proxy.origin, 'HEAD');
    expect([head.status, head.report]).toEqual([200, null]);
    expect(await createStatus(proxy.origin, 'Before the outage')).toBe(201);

    await redis.stop();
    for (const replica of replicas) {
      const down = await healthBecomes(replica.origin, 503);
      expect(down).toMatchObject({ status: 'unavailable', store: 'redis', address, reachable: false });
      expect(down.reason).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${redis.port} has been unreachable for \\d+\\.\\d s \\(.+\\): writes answer 500 and reads come from this replica's memory until it is back\\.$`));
      // The same state the API uses: while the health says unavailable, a write is refused.
      expect(await createStatus(replica.origin, 'During the outage')).toBe(500);
      expect((await health(replica.origin)).status).toBe(503);
    }

    await redis.restart();
    for (const [index, replica] of replicas.entries()) {
      const up = await healthBecomes(replica.origin, 200);
      expect(up).toEqual({ status: 'ok', store: 'redis', address, replica: index + 1, reachable: true });
      expect(await createStatus(replica.origin, `After the outage ${index}`)).toBe(201);
    }
  }, 90_000);
});
