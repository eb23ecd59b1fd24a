import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/ailuna-images.mjs', import.meta.url));

/** Starts the real command on a free port and waits for its banner. */
function startServe(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const baseUrl = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+\/api\/v1)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, baseUrl, exited, output: () => ({ stdout, stderr }) };
}

describe('ailuna-images serve', () => {
  it('serves the keys it was given, logs requests without keys, and stops cleanly on SIGTERM', async () => {
    const server = startServe(['--keys', 'alpha,beta', '--count', '3', '--seed', '9']);
    const base = await server.baseUrl;
    const ok = await fetch(`${base}/images`, { headers: { Accept: 'application/json', Authorization: 'Bearer beta' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { meta: { total: number } }).meta.total).toBe(3);
    const warned = await fetch(`${base}/images?per_page=20&api_token=alpha`, { headers: { Accept: 'application/json' } });
    expect(warned.headers.get('x-mock-warning')).toMatch(/per_page=20 is not allowed/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const { stdout, stderr } = server.output();
    expect(stdout).toContain('alpha');
    expect(stdout).toMatch(/GET \/api\/v1\/images\?per_page=20&api_token=REDACTED 200/);
    expect(stderr).toMatch(/warning: .*per_page=20 is not allowed/);
    expect(stderr).not.toContain('api_token=alpha');
  });

  it('stops on SIGINT too', async () => {
    const server = startServe([]);
    await server.baseUrl;
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('exits 2 with a readable message for a bad flag', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--port must be a whole number from 0 to 65535, not "nope".');
  });
});
