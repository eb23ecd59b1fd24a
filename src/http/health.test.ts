import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCoordinator } from '../core/state/local-coordinator.ts';
import { KEY, jsonHeaders, testApp } from '../test-support/app-helpers.ts';
import { startReplica } from '../test-support/replica.ts';

// Issue 15: GET /__admin/health for readiness and liveness probes, in memory and with --data
// (the Redis cases are in src/cluster/health.test.ts, against a real redis-server).

describe('GET /__admin/health in memory', () => {
  it('answers 200 {"status":"ok","store":"memory"}, never cached; HEAD the same without a body', async () => {
    const app = testApp();
    const response = await request(app).get('/__admin/health');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.text).toBe('{"status":"ok","store":"memory"}');
    const head = await request(app).head('/__admin/health');
    expect([head.status, head.headers['content-type'], head.text ?? '']).toEqual([200, 'application/json; charset=utf-8', '']);
  });

  it('names the --data file the state is saved to', async () => {
    const response = await request(testApp({ dataFile: 'state/images.json' })).get('/__admin/health');
    expect([response.status, response.body]).toEqual([200, { status: 'ok', store: 'file', file: 'state/images.json' }]);
  });

  it('needs no admin token (the rest of /__admin still does) and stays with admin: false', async () => {
    const guarded = testApp({ adminToken: 'admin-secret' });
    expect((await request(guarded).get('/__admin/health')).body).toEqual({ status: 'ok', store: 'memory' });
    expect((await request(guarded).get('/__admin/requests')).status).toBe(401);
    const noAdmin = testApp({ admin: false });
    expect((await request(noAdmin).get('/__admin/health')).body).toEqual({ status: 'ok', store: 'memory' });
    const other = await request(noAdmin).get('/__admin/requests').set('Accept', 'application/json');
    expect([other.status, other.body.message]).toEqual([404, 'The route __admin/requests could not be found.']);
  });

  it('is listed among the endpoints when another /__admin path is asked for', async () => {
    const response = await request(testApp()).post('/__admin/health');
    expect(response.status).toBe(404);
    expect(response.body.message).toContain('There are: GET /__admin/health, GET/DELETE /__admin/requests,');
  });

  it('answers 503 with the coordinator\'s reason while the store cannot take writes, with nothing else changed', async () => {
    let reachable = false;
    const app = testApp({
      coordinator: (host) => Object.assign(new LocalCoordinator(host), {
        health: () => ({
          store: 'redis', address: 'redis://10.0.0.7:6379/2', replica: 3, reachable,
          ...(reachable ? {} : { reason: 'Redis at 10.0.0.7:6379 has been unreachable for 1.0 s (connect ECONNREFUSED).' }),
        }),
      }),
    });
    const down = await request(app).get('/__admin/health');
    expect(down.status).toBe(503);
    expect(down.text).toBe(JSON.stringify({
      status: 'unavailable', store: 'redis', address: 'redis://10.0.0.7:6379/2', replica: 3, reachable: false,
      reason: 'Redis at 10.0.0.7:6379 has been unreachable for 1.0 s (connect ECONNREFUSED).',
    }));
    reachable = true;
    const up = await request(app).get('/__admin/health');
    expect([up.status, up.body]).toEqual([200, { status: 'ok', store: 'redis', address: 'redis://10.0.0.7:6379/2', replica: 3, reachable: true }]);
    // The API itself is untouched by the health route.
    expect((await request(app).get('/api/v1/images').set(jsonHeaders(KEY))).status).toBe(200);
  });
});

describe('GET /__admin/health of the real `serve` command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ailuna-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the --data file, needs no --admin-token and stays with --no-admin', async () => {
    const file = join(dir, 'state.json');
    const server = await startReplica(null, ['--data', file, '--count', '2', '--admin-token', 'admin-secret']);
    try {
      const response = await fetch(`${server.origin}/__admin/health`);
      expect([response.status, await response.json()]).toEqual([200, { status: 'ok', store: 'file', file }]);
      expect((await fetch(`${server.origin}/__admin/faults`)).status).toBe(401);
    } finally {
      await server.stop();
    }
    const bare = await startReplica(null, ['--count', '2', '--no-admin']);
    try {
      const response = await fetch(`${bare.origin}/__admin/health`, { method: 'HEAD' });
      expect([response.status, await response.text()]).toEqual([200, '']);
      expect(await (await fetch(`${bare.origin}/__admin/health`)).json()).toEqual({ status: 'ok', store: 'memory' });
    } finally {
      await bare.stop();
    }
  }, 60_000);
});
