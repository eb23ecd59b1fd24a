import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { REQUIRE_SYSTEM_DEPS_VARIABLE } from './system-deps.ts';
import { findRedisServer, ping, redisServerAvailable, startRedisServer, type RedisServer } from './redis-server.ts';

// Throws (the file fails) under AILUNA_REQUIRE_SYSTEM_DEPS=1; otherwise warns loudly and skips.
const haveRedis = redisServerAvailable();

describe('redisServerAvailable', () => {
  it('skips loudly without redis-server, naming apt-get, and fails under AILUNA_REQUIRE_SYSTEM_DEPS=1', () => {
    const warnings: string[] = [];
    const env = { PATH: '/opt/a:/opt/b' };
    const missing = { env, warn: (m: string) => warnings.push(m), isExecutable: () => false };
    expect(redisServerAvailable(missing)).toBe(false);
    expect(warnings.join('')).toMatch(/SKIPPING TESTS: \/usr\/bin\/redis-server is missing.*apt-get install -y --no-install-recommends redis-server/);
    expect(() => redisServerAvailable({ ...missing, env: { ...env, [REQUIRE_SYSTEM_DEPS_VARIABLE]: '1' } })).toThrow(/redis-server.*is a failure, not a skip/);
  });

  it('finds /usr/bin/redis-server first, else the first one on PATH', () => {
    const only = (path: string) => (candidate: string) => candidate === path;
    expect(findRedisServer({ PATH: '/opt/a' }, only('/usr/bin/redis-server'))).toBe('/usr/bin/redis-server');
    expect(findRedisServer({ PATH: '/opt/a:/opt/b' }, only('/opt/b/redis-server'))).toBe('/opt/b/redis-server');
    expect(findRedisServer({ PATH: '/opt/a' }, () => false)).toBeNull();
    expect(redisServerAvailable({ env: { PATH: '/opt/b' }, isExecutable: only('/opt/b/redis-server'), warn: () => { throw new Error('warned'); } })).toBe(true);
  });
});

describe.skipIf(!haveRedis)('startRedisServer (Debian redis-server)', () => {
  let redis: RedisServer | undefined;
  afterEach(async () => {
    await redis?.dispose();
    redis = undefined;
  });

  it('starts on a free port of 127.0.0.1, answers PING, stops and removes its directory', async () => {
    redis = await startRedisServer();
    expect(redis.url(3)).toBe(`redis://127.0.0.1:${redis.port}/3`);
    expect(await redis.ping()).toBe(true);
    expect(await redis.command('CONFIG', 'GET', 'save')).toEqual(['save', '']);
    expect(await redis.command('CONFIG', 'GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    expect(await redis.command('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'no']);
    expect(await redis.command('SET', 'k', 'значение')).toBe('OK');
    expect(await redis.command('GET', 'k')).toBe('значение');
    expect(await redis.command('INCR', 'n')).toBe(1);
    expect(await redis.command('GET', 'missing')).toBeNull();
    await redis.stop();
    expect(redis.running).toBe(false);
    expect(await ping(redis.port)).toBe(false);
    const dir = redis.dir;
    await redis.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('without AOF a restart on the same port starts empty', async () => {
    redis = await startRedisServer();
    await redis.command('SET', 'k', 'v');
    const port = redis.port;
    await redis.restart();
    expect(redis.port).toBe(port);
    expect(await redis.command('GET', 'k')).toBeNull();
  });

  it('with appendonly yes and appendfsync always, a write survives a kill -9 and a restart', async () => {
    redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
    expect(await redis.command('CONFIG', 'GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
    await redis.command('SELECT', '0');
    expect(await redis.command('RPUSH', 'log', 'a', 'b', 'c')).toBe(3);
    const pid = redis.pid;
    await redis.kill9();
    expect(redis.running).toBe(false);
    await redis.restart();
    expect(redis.pid).not.toBe(pid);
    expect(await redis.command('LRANGE', 'log', '0', '-1')).toEqual(['a', 'b', 'c']);
    expect(redis.log()).toMatch(/Ready to accept connections/);
  });
});
