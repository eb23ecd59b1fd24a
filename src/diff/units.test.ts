import { describe, expect, it } from 'vitest';
import { renderImageJpeg } from '../core/render/index.ts';
import { compareAnswers } from './compare.ts';
import { rawHttpTransport } from './http-send.ts';
import { jpegSize } from '../contract/checks/jpeg.ts';
import { pageWindow } from './list-arithmetic.ts';
import { jsonStyle, normalise } from './normalise.ts';
import { consoleSummary } from './summary.ts';
import type { Answer, DiffResult } from './types.ts';

const answer = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Answer =>
  ({ status, headers, bytes: new TextEncoder().encode(body) });
const exact = { scope: 'exact' as const, known: new Map() };

describe('diff units', () => {
  it('reads a JPEG size from its header', () => {
    const bytes = renderImageJpeg({ seed: 'x', resolution: '256x256', style: null, medium: null, filter: null });
    expect(jpegSize(bytes)).toEqual({ width: 256, height: 256 });
    expect(jpegSize(new Uint8Array([1, 2, 3]))).toBeNull();
  });

  it('the page window of meta.links (Laravel, onEachSide 3)', () => {
    expect(pageWindow(3, 1)).toEqual(['1', '2', '3']);
    expect(pageWindow(20, 1)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '...', '19', '20']);
    expect(pageWindow(20, 10)).toEqual(['1', '2', '...', '7', '8', '9', '10', '11', '12', '13', '...', '19', '20']);
    expect(pageWindow(20, 99)).toEqual(['1', '2', '...', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20']);
  });

  it('JSON text style: layout, slashes, non-ASCII', () => {
    expect(jsonStyle('{\n    "message": "a/b"\n}')).toEqual({ layout: 'pretty, 4-space indent', slashes: 'plain', nonAscii: 'none' });
    expect(jsonStyle('{"url":"https:\\/\\/x","n":"\\u00e9"}')).toEqual({ layout: 'compact', slashes: 'escaped', nonAscii: 'escaped' });
    expect(jsonStyle('{"n":"é"}').nonAscii).toBe('raw');
  });

  it('key order, a missing key, a value, a header: each its own kind', () => {
    const a = normalise(answer(200, '{"id":1,"name":"x","status":200}', { 'content-type': 'application/json', vary: 'Origin' }), exact);
    const b = normalise(answer(200, '{"name":"y","id":1}', { 'content-type': 'application/json' }), exact);
    expect(compareAnswers(a, b, true).map((d) => `${d.kind} ${d.where}`)).toEqual(['header vary vary', 'body keys $', 'body key order $', 'body value $.name']);
  });

  it('origins, timestamps and rate-limit counters are not differences', () => {
    const body = (origin: string, at: string) => `{"url":"${origin}/uploads/x.jpg","created_at":"${at}"}`;
    const a = normalise(answer(200, body('http://a:1', '2020-01-01T00:00:00.000000Z'), { 'content-type': 'application/json', 'x-ratelimit-remaining': '59' }), exact);
    const b = normalise(answer(200, body('https://b.example', '2026-05-05T10:11:12.000000Z'), { 'content-type': 'application/json', 'x-ratelimit-remaining': '3' }), exact);
    expect(compareAnswers(a, b, true)).toEqual([]);
  });

  it('where both enforce the rate limit (a 429), the remaining count is a value: 0 on both', () => {
    const refused = (remaining: string) => normalise(answer(429, '{"message":"Too Many Attempts."}', {
      'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': remaining, 'retry-after': '17',
    }), exact);
    expect(compareAnswers(refused('0'), refused('0'), true)).toEqual([]);
    expect(compareAnswers(refused('0'), refused('5'), true).map((d) => d.kind)).toEqual(['header x-ratelimit-remaining']);
  });

  it('a request that fails names its URL without the key of its query', async () => {
    const transport = rawHttpTransport('http://127.0.0.1:1');
    try {
      await expect(transport.send({ method: 'GET', url: '/api/v1/images?api_token=SecretKey123&x=1', headers: {} }))
        .rejects.toThrow(/^GET http:\/\/127\.0\.0\.1:1\/api\/v1\/images\?api_token=REDACTED&x=1: /);
    } finally {
      transport.close();
    }
  });

  it('the console summary ends with the totals line', () => {
    const exchange = { index: 0, request: { name: 'x', group: 'list', method: 'GET', path: '/images', headers: {}, scope: 'exact' as const }, a: answer(200, '{}'), b: answer(201, '{}'), differences: [{ kind: 'status', where: 'status', a: '200', b: '201' }] };
    const result: DiffResult = { a: 'http://a/api/v1', b: 'http://b/api/v1', readOnly: false, token: 't', startedAt: 'now', exchanges: [exchange], cleanup: 0, russianAccount: false };
    const lines = consoleSummary(result);
    expect(lines[0]).toBe('✗ status: 1 difference in 1 request');
    expect(lines.at(-2)).toBe("not compared: a Russian account's validation messages and page arrows (no --key-ru)");
    expect(lines.at(-1)).toBe('diff: 1 requests, 1 differences');
    expect(consoleSummary({ ...result, russianAccount: true }).join('\n')).not.toContain('Russian');
  });
});
