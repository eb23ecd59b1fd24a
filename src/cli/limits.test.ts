import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../http/app.ts';

const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));
const KEY = 'demoKeyOne000000000000000000000000000000000000000000000000000001';

let child: ChildProcess;
let port = 0;

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}, 30_000);

afterAll(() => { child.kill('SIGTERM'); });

/** Sends raw bytes and returns everything the server answers before closing. */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => { answer += chunk.toString(); });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => { socket.destroy(); reject(new Error('no answer within 10 s')); });
    socket.write(bytes);
  });
}

describe('limits, each answered with a JSON error', () => {
  it('headers over 16 KiB: 431', async () => {
    const answer = await raw(`GET /api/v1/images HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toContain('Content-Type: application/json');
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ message: 'The request headers are larger than 16 KiB.' });
  });

  it('a request that is not HTTP: 400', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ message: 'The request is not valid HTTP.' });
  });

  it('a body over PHP\'s post_max_size (8 MiB): 413, and the server goes on', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/images`, {
      method: 'POST',
      headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
      body: `{"name":"${'x'.repeat(9 * 1024 * 1024)}"}`,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json');
    const after = await fetch(`http://127.0.0.1:${port}/api/v1/images?per_page=10`, { headers: { Accept: 'application/json', Authorization: `Bearer ${KEY}` } });
    expect(after.status).toBe(200);
  }, 30_000);
});

describe('more than 1000 parameters (PHP max_input_vars)', () => {
  it('reads the first 1000, as upstream, and says so', async () => {
    const filler = Array.from({ length: 1000 }, (_, i) => `x${i}=1`).join('&');
    const response = await request(createApp({ keys: [KEY], count: 30 })).get(`/api/v1/images?${filler}&per_page=10`)
      .set({ Accept: 'application/json', Authorization: `Bearer ${KEY}` });
    expect(response.status).toBe(200);
    expect(response.body.meta.per_page).toBe(25);
    expect(String(response.headers['x-mock-warning'])).toContain('reads only the first 1000');
  });
});
