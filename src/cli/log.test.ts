import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ServerLog, type ServerLogOptions } from './log.ts';
import { palette, type Console } from './terminal.ts';

const NOW = new Date('2026-05-01T12:00:00.123Z');

function capture(options: Omit<ServerLogOptions, 'now'>, coloured = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Console = { out: (l) => out.push(l), err: (l) => err.push(l), ...(coloured ? { colour: { out: palette(true), err: palette(true) } } : {}) };
  return { log: new ServerLog(io, { ...options, now: () => NOW.getTime() }), out, err };
}

const request = { method: 'GET', url: '/api/v1/images?per_page=20&api_token=secret', status: 200, durationMs: 1.234, warnings: ['per_page=20 is not allowed.'] };

describe('ServerLog', () => {
  it('text: a time on every log line, keys redacted; the banner as it is', async () => {
    const { log, out, err } = capture({ format: 'text', quiet: false });
    log.banner('listening on http://127.0.0.1:4010/api/v1\n  keys: …');
    log.request(request);
    log.warn('something ignored');
    log.error('something broke');
    log.info('a notice');
    await setImmediate();
    expect(out).toEqual([
      'listening on http://127.0.0.1:4010/api/v1\n  keys: …',
      '2026-05-01T12:00:00.123Z GET /api/v1/images?per_page=20&api_token=REDACTED 200 1.2ms',
      '2026-05-01T12:00:00.123Z a notice',
    ]);
    expect(err).toEqual(['2026-05-01T12:00:00.123Z warning: something ignored', '2026-05-01T12:00:00.123Z error: something broke']);
  });

  it('text on a terminal: status, warning: and error: coloured', () => {
    const { log, out, err } = capture({ format: 'text', quiet: false }, true);
    log.request({ ...request, status: 404 });
    log.flush();
    log.warn('w');
    expect(out[0]).toContain(' \u001b[33m404\u001b[39m ');
    expect(err[0]).toContain('\u001b[33mwarning:\u001b[39m w');
  });

  it('json: one object per line, never coloured, warnings of the request included, no key', () => {
    const { log, out, err } = capture({ format: 'json', quiet: false }, true);
    log.banner('listening on http://127.0.0.1:4010/api/v1\n  keys:\n    secretKey', { url: 'http://127.0.0.1:4010/api/v1' });
    log.request(request);
    log.flush();
    log.warn('w');
    log.error('e');
    expect(out.map((line) => JSON.parse(line) as unknown)).toEqual([
      { time: NOW.toISOString(), level: 'info', message: 'listening on http://127.0.0.1:4010/api/v1', url: 'http://127.0.0.1:4010/api/v1' },
      { time: NOW.toISOString(), level: 'info', method: 'GET', url: '/api/v1/images?per_page=20&api_token=REDACTED', status: 200, durationMs: 1.2, warnings: ['per_page=20 is not allowed.'] },
    ]);
    expect(err.map((line) => JSON.parse(line) as unknown)).toEqual([
      { time: NOW.toISOString(), level: 'warn', message: 'w' },
      { time: NOW.toISOString(), level: 'error', message: 'e' },
    ]);
    expect([...out, ...err].join('')).not.toContain('\u001b');
    expect([...out, ...err].join('')).not.toContain('secret');
  });

  it('quiet: no banner, requests or notices; warnings and errors stay', () => {
    const { log, out, err } = capture({ format: 'text', quiet: true });
    log.banner('listening');
    log.request(request);
    log.info('notice');
    log.warn('w');
    log.error('e');
    log.flush();
    expect(out).toEqual([]);
    expect(err).toHaveLength(2);
  });
});
