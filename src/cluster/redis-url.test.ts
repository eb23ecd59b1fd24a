import { describe, expect, it } from 'vitest';
import { parseServeArgs, UsageError } from '../cli/options.ts';
import { compareStreamIds } from './redis-coordinator.ts';
import { formatRedisAddress, parseRedisUrl, StoreUrlError } from './redis-url.ts';

describe('--store URL', () => {
  it.each<[string, { host: string; port: number; db: number }]>([
    ['redis://127.0.0.1:6379', { host: '127.0.0.1', port: 6379, db: 0 }],
    ['redis://127.0.0.1:6390/', { host: '127.0.0.1', port: 6390, db: 0 }],
    ['redis://redis.internal:6380/3', { host: 'redis.internal', port: 6380, db: 3 }],
    ['redis://[::1]:6379/1', { host: '::1', port: 6379, db: 1 }],
    [' redis://localhost:6379 ', { host: 'localhost', port: 6379, db: 0 }],
  ])('reads %s', (text, address) => {
    expect(parseRedisUrl(text)).toEqual(address);
  });

  it.each<[string, RegExp]>([
    ['localhost:6379', /is not a URL|only redis/],
    ['rediss://h:6379', /scheme rediss, only redis/],
    ['http://h:6379', /scheme http/],
    ['redis://h', /has no port/],
    ['redis://h:0', /no usable port/],
    ['redis://user:secret@h:6379', /credentials/],
    ['redis://h:6379/db1', /not a database number/],
    ['redis://h:6379/1/2', /not a database number/],
    ['redis://h:6379/?x=1', /query or fragment/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRedisUrl(text)).toThrowError(StoreUrlError);
    expect(() => parseRedisUrl(text)).toThrowError(message);
    expect(() => parseRedisUrl(text)).toThrowError(/write it as redis:\/\/127\.0\.0\.1:6379/);
  });

  it('never repeats the credentials of a refused URL', () => {
    expect(() => parseRedisUrl('redis://admin:hunter2@h:6379')).toThrowError(/"redis:\/\/\*\*\*@h:6379" carries credentials/);
    expect(() => parseRedisUrl('redis://admin:hunter2@h:6379')).not.toThrowError(/hunter2|admin/);
    expect(() => parseServeArgs(['--store', 'redis://h'], {})).toThrowError(UsageError);
  });

  it('formats addresses for messages', () => {
    expect(formatRedisAddress({ host: '::1', port: 6379, db: 2 })).toBe('redis://[::1]:6379/2');
  });

  it('is a serve flag and an environment variable, normalised, exclusive with --data', () => {
    expect(parseServeArgs([], {}).store).toBeNull();
    expect(parseServeArgs(['--store', 'redis://127.0.0.1:6390'], {}).store).toBe('redis://127.0.0.1:6390/0');
    expect(parseServeArgs([], { AILUNA_STORE: 'redis://h:1/4' }).store).toBe('redis://h:1/4');
    expect(() => parseServeArgs(['--store', 'redis://h:1', '--data', 'state.json'], {})).toThrowError(/--data and --store exclude each other/);
    expect(() => parseServeArgs([], { AILUNA_STORE: 'redis://h' })).toThrowError(/AILUNA_STORE "redis:\/\/h" has no port/);
  });
});

describe('stream ids', () => {
  it.each<[string, string, number]>([
    ['0-0', '0-0', 0],
    ['1-0', '0-5', 1],
    ['1796287298215-1', '1796287298215-0', 1],
    ['1796287298215-9', '1796287298216-0', -1],
    ['1796287298215-10', '1796287298215-9', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareStreamIds(a, b))).toBe(sign);
  });
});
