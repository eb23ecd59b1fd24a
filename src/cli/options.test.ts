import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../core/defaults.ts';
import { parseServeArgs, UsageError } from './options.ts';

describe('serve flags', () => {
  it('has documented defaults', () => {
    const settings = parseServeArgs([], {});
    expect(settings).toMatchObject({
      port: 4010, host: '127.0.0.1', seed: 1, count: 40, keys: [...DEFAULT_KEYS], quota: null,
      perPageDefault: 25, rateLimit: 0, trustProxy: false, referenceDate: Date.UTC(2026, 10, 1),
    });
  });

  it('reads every flag', () => {
    const settings = parseServeArgs([
      '--port', '4011', '--host', '0.0.0.0', '--seed', '7', '--count', '3', '--keys', 'a, b', '--noapi-keys', 'c',
      '--quota', '5', '--per-page-default', '10', '--rate-limit', '60', '--trust-proxy', '--ref-date', '2025-01-01',
    ], {});
    expect(settings).toMatchObject({
      port: 4011, host: '0.0.0.0', seed: 7, count: 3, keys: ['a', 'b'], noApiKeys: ['c'], quota: 5,
      perPageDefault: 10, rateLimit: 60, trustProxy: true, referenceDate: Date.UTC(2025, 0, 1),
    });
  });

  it('reads the fault flags and --no-admin', () => {
    expect(parseServeArgs(['--latency', '200-800', '--error-rate', '0.05', '--generation-delay', '3000', '--no-admin'], {})).toMatchObject({
      latency: '200-800', errorRate: 0.05, generationDelay: '3000', admin: false,
    });
    expect(parseServeArgs([], {})).toMatchObject({ latency: null, errorRate: 0, generationDelay: null, admin: true, pages: true });
    expect(parseServeArgs(['--no-pages'], {})).toMatchObject({ pages: false });
    expect(() => parseServeArgs(['--latency', 'slow'], {})).toThrowError(/--latency must be milliseconds such as 1500 or a range such as 200-800/);
    expect(() => parseServeArgs(['--error-rate', '5'], {})).toThrowError(/--error-rate must be a share of requests from 0 to 1/);
  });

  it('takes environment variables when a flag is absent, flags first', () => {
    const env = { AILUNA_PORT: '5000', AILUNA_KEYS: 'x,y', AILUNA_PER_PAGE_DEFAULT: '50', AILUNA_TRUST_PROXY: '1' };
    expect(parseServeArgs(['--port', '6000'], env)).toMatchObject({ port: 6000, keys: ['x', 'y'], perPageDefault: 50, trustProxy: true });
  });

  it.each<[string[], RegExp]>([
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535, not "abc"/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--count=-1'], /--count must be a whole number/],
    [['--keys', 'a b'], /characters a client cannot send/],
    [['--keys', ','], /at least one key/],
    [['--keys', 'a', '--noapi-keys', 'A'], /in both --keys and --noapi-keys/],
    [['--ref-date', 'someday'], /--ref-date must be a date/],
    [['--bogus'], /^unknown flag --bogus; "ailuna-images serve --help" lists the flags\.$/],
    [['--prot', '4011'], /^unknown flag --prot; did you mean --port\?$/],
    [['--count', '-1'], /^--count must be a whole number from 0 to 100000, not "-1"\.$/],
    [['--count', '100001'], /^--count must be a whole number from 0 to 100000, not "100001"\.$/],
    [['--host', '999.1.1.1'], /^--host must be an IP address or a host name/],
    [['--log-format', 'yaml'], /^--log-format must be one of text, json, not "yaml"\.$/],
    [['--port'], /^--port needs a value: --port N\.$/],
    [['4011'], /^unexpected argument "4011": ailuna-images serve takes only flags/],
  ])('refuses %j clearly', (argv, message) => {
    expect(() => parseServeArgs(argv, {})).toThrowError(UsageError);
    expect(() => parseServeArgs(argv, {})).toThrowError(message);
  });

  it('names the environment variable in its errors', () => {
    expect(() => parseServeArgs([], { AILUNA_SEED: 'x' })).toThrowError(/AILUNA_SEED must be a whole number/);
  });
});
