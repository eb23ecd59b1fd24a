import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, startCli } from '../test-support/cli.ts';
import { freePort } from '../test-support/free-port.ts';
import { killOnExit } from '../test-support/kill-on-exit.ts';

// serve's log through the real command: text lines with a time, JSON lines, --quiet.

const KEY = 'demoKeyOne000000000000000000000000000000000000000000000000000001';
const TIME = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;

/** A request the fake answers with an X-Mock-Warning, its key in the URL. */
const warned = (base: string) => fetch(`${base}/images?per_page=20&api_token=${KEY}`, { headers: { Accept: 'application/json' } });

describe('serve --log-format', () => {
  it('text (the default): request, notice and warning lines start with an ISO 8601 time; keys redacted', async () => {
    const server = await startCli(['serve', '--port', '0', '--count', '2'], /listening on (http:\/\/\S+\/api\/v1)/);
    expect((await warned(server.match[1] as string)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    const { stdout, stderr } = server.output();
    expect(stdout).toMatch(new RegExp(`^${TIME} GET /api/v1/images\\?per_page=20&api_token=REDACTED 200 \\d+\\.\\dms$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^${TIME} SIGTERM: shutting down`, 'm'));
    expect(stderr).toMatch(new RegExp(`^${TIME} warning: GET /api/v1/images\\?per_page=20&api_token=REDACTED: per_page=20 is not allowed`, 'm'));
    // The banner lists the keys to use on purpose; no log line carries one.
    const logLines = [...stdout.split('\n').filter((line) => new RegExp(`^${TIME} `).test(line)), stderr];
    expect(logLines.join('\n')).not.toContain(KEY);
  }, 60_000);

  it('json (AILUNA_LOG_FORMAT=json): one object per line, the request with its warnings, never a colour or a key', async () => {
    const server = await startCli(['serve', '--port', '0', '--count', '2'], /"url":"(http:\/\/[^"]+\/api\/v1)"/, { env: { AILUNA_LOG_FORMAT: 'json', FORCE_COLOR: '1' } });
    expect((await warned(server.match[1] as string)).status).toBe(200);
    expect(await server.stop()).toBe(0);
    const { stdout, stderr } = server.output();
    expect(stdout + stderr).not.toMatch(new RegExp(`\u001b|${KEY}`));
    const out = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const err = stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of [...out, ...err]) expect(entry.time).toMatch(new RegExp(`^${TIME}$`));
    expect(out[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/is listening on http:\/\//), url: server.match[1], seed: 1, count: 2 });
    const request = out.find((entry) => entry.method !== undefined);
    expect(Object.keys(request ?? {})).toEqual(['time', 'level', 'method', 'url', 'status', 'durationMs', 'warnings']);
    expect(request).toMatchObject({
      level: 'info', method: 'GET', url: '/api/v1/images?per_page=20&api_token=REDACTED', status: 200,
      warnings: [expect.stringMatching(/^per_page=20 is not allowed/)],
    });
    expect(typeof request?.durationMs).toBe('number');
    expect(out.at(-1)).toMatchObject({ level: 'info', message: expect.stringMatching(/^SIGTERM: shutting down/) });
    expect(err).toEqual([expect.objectContaining({ level: 'warn', message: expect.stringMatching(/per_page=20 is not allowed/) })]);
  }, 60_000);
});

describe('serve --quiet', () => {
  it('prints no banner, request line or notice; warnings stay', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--count', '2', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv() });
    killOnExit(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Nothing announces it: wait until it answers.
    const base = `http://127.0.0.1:${port}/api/v1`;
    let answer: Response | undefined;
    for (let tries = 0; answer === undefined && tries < 300; tries++) {
      answer = await warned(base).catch(() => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100)));
    }
    expect(answer?.status).toBe(200);
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`^${TIME} warning: GET /api/v1/images\\?per_page=20&api_token=REDACTED: per_page=20 is not allowed[^\\n]*\\n$`));
  }, 60_000);
});
