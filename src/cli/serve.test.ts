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

describe('ailuna-images serve shutdown', () => {
  it('lets a request in flight finish after SIGTERM, then exits 0', async () => {
    const server = startServe([]);
    const base = await server.baseUrl;
    const slow = fetch(`${base}/images?per_page=10`, {
      headers: { Accept: 'application/json', Authorization: 'Bearer demoKeyOne000000000000000000000000000000000000000000000000000001', Prefer: 'delay=1500' },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    const response = await slow;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toHaveLength(10);
    expect(await server.exited).toBe(0);
  });

  it('exits at once on a second signal', async () => {
    const server = startServe([]);
    const base = await server.baseUrl;
    const stuck = fetch(`${base}/images`, { headers: { Accept: 'application/json', Prefer: 'delay=60000' } }).catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(130);
    expect(await stuck).toBe('cut');
    expect(server.output().stderr).toContain('SIGTERM again: exiting now');
  });

  it('warns when it listens beyond this machine', async () => {
    const server = startServe(['--host', '0.0.0.0']);
    await server.baseUrl;
    server.child.kill('SIGTERM');
    await server.exited;
    expect(server.output().stderr).toMatch(/warning: listening on 0\.0\.0\.0, not only on this machine/);
  });
});

describe('ailuna-images serve --data', () => {
  const KEY = 'demoKeyOne000000000000000000000000000000000000000000000000000001';
  const auth = { Accept: 'application/json', Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' };

  it('keeps every change across a kill -9 and a restart', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'ailuna-state-')), 'state.json');

    const first = startServe(['--data', file, '--count', '4']);
    const base = await first.baseUrl;
    const created = await (await fetch(`${base}/images`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Survives a crash', description: 'd', resolution: '512x512' }) })).json() as { data: { id: number } };
    const seeded = (await (await fetch(`${base}/images`, { headers: auth })).json()) as { data: Array<{ id: number }> };
    const deleted = seeded.data.find((i) => i.id !== created.data.id)!.id;
    expect((await fetch(`${base}/images/${deleted}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/images/${created.data.id}`, { method: 'PATCH', headers: auth, body: '{"favorite":1}' })).status).toBe(200);
    JSON.parse(readFileSync(file, 'utf8'));
    first.child.kill('SIGKILL');
    await first.exited;

    const second = startServe(['--data', file, '--count', '4']);
    const again = await second.baseUrl;
    const shown = (await (await fetch(`${again}/images/${created.data.id}`, { headers: auth })).json()) as { data: { name: string; favorite: boolean } };
    expect([shown.data.name, shown.data.favorite]).toEqual(['Survives a crash', true]);
    expect((await fetch(`${again}/images/${deleted}`, { headers: auth })).status).toBe(404);
    const next = (await (await fetch(`${again}/images`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'After restart', description: 'd', resolution: '256x256' }) })).json()) as { data: { id: number } };
    expect(next.data.id).toBeGreaterThan(created.data.id);
    expect(second.output().stdout).toContain(`State restored from ${file}`);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses a corrupt state file with a message naming --data and exit code 2, leaving it untouched', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'ailuna-state-')), 'state.json');
    for (const broken of ['{"format":', '{"format":"ailuna-images-kit/state@1","lastId":1,"users":[{"key":"k","images":[{"id":9}]}]}']) {
      writeFileSync(file, broken);
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', file], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toMatch(/^error: --data \S+: The state file .* (is not valid JSON|is not a state file of ailuna-images-kit)/);
      expect(readFileSync(file, 'utf8')).toBe(broken);
    }
  });
});
