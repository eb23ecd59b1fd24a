// Issue 10's cost of sharing: two replicas of the fake on one throwaway Redis.
import { measurePair, type MeasuredFigure, type RunSettings } from './measure.ts';
import { stopChild } from './procs.ts';
import { findRedisServer, startRedis } from './redis.ts';
import { sizeLabel } from './report.ts';
import type { Enums } from './scenarios.ts';
import { freePort } from '../../src/test-support/free-port.ts';
import { KEYS, log } from './setup.ts';
import { collect, startFake, type StartedFake } from './targets.ts';

/**
 * The default list and the mixed scenario through two replicas on one Redis (each driven with
 * half the connections), beside the one in-memory fake of the same size. Without redis-server the
 * figures are skipped, with the reason.
 */
export async function measureCluster(settings: RunSettings, size: number, enums: Enums): Promise<MeasuredFigure[] | { skipped: string }> {
  const binary = findRedisServer();
  if (binary === null) return { skipped: 'redis-server is not installed (sudo apt-get install redis-server)' };
  const port = await freePort();
  const redis = await startRedis(binary, port);
  const replicas: StartedFake[] = [];
  try {
    const store = ['--store', `redis://127.0.0.1:${port}/0`];
    for (let i = 1; i <= 2; i++) replicas.push(await startFake(size, store, `replica ${i}`));
    const [one, two] = replicas as [StartedFake, StartedFake];
    log(`${sizeLabel(size)} cluster: 2 replicas on redis://127.0.0.1:${port}/0 ready (${Math.round(one.startupMs)} ms, ${Math.round(two.startupMs)} ms)`);
    const collected = await collect(one.origin, enums);
    const probes = replicas.map((r) => `${r.origin}/api/v1/images/${collected.data.ids[0]}`) as [string, string];
    const measurements: MeasuredFigure[] = [];
    for (const scenario of ['list', 'mixed']) {
      measurements.push(await measurePair(settings, {
        label: `${sizeLabel(size)} 2 replicas on Redis ${scenario}`, size, scenario, probes,
        urls: [one.origin, two.origin],
        ctx: { prefix: '/api/v1', keys: KEYS, data: collected.data, enums, stateful: true, tag: `${sizeLabel(size)}c` },
      }));
    }
    return measurements;
  } finally {
    for (const replica of replicas) await stopChild(replica.child);
    await stopChild(redis.child);
    redis.cleanUp();
  }
}
