import { describe, expect, it } from 'vitest';
import { runServe, startReplica } from './replica.ts';

describe('the replica harness of the cluster tests', () => {
  it('starts serve on a free port of 127.0.0.1, reads its banner, and stops it', async () => {
    const replica = await startReplica(null, ['--count', '2', '--seed', '3']);
    try {
      expect(replica.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      const answer = await fetch(`${replica.baseUrl}/images`, { headers: { Accept: 'application/json', Authorization: 'Bearer demoKeyOne000000000000000000000000000000000000000000000000000001' } });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { meta: { total: number } }).meta.total).toBe(2);
    } finally {
      expect(await replica.stop()).toBe(0);
    }
    expect(replica.output().stdout).toMatch(/listening on/);
  });

  it('reports a refused command line with its exit code and stderr', async () => {
    const outcome = await runServe(['--count', 'many']);
    expect(outcome.started).toBe(false);
    if (outcome.started) return;
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--count must be a whole number');
  });

  it('kill9 ends the process with SIGKILL', async () => {
    const replica = await startReplica(null, ['--count', '1']);
    await replica.kill9();
    expect(replica.child.signalCode).toBe('SIGKILL');
  });
});
