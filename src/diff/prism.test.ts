import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/free-port.ts';
import { runDiff } from './runner.ts';
import { groupByKind } from './summary.ts';
import { startFake, TEST_KEYS, type RunningFake } from './test-servers.ts';
import type { DiffResult } from './types.ts';

/**
 * The fake against Prism's mock of our document: a stateless mock answers from the examples, so
 * the diff must find differences, in the groups one expects of it (statuses of the negative
 * cases, missing upstream headers, example bodies instead of state).
 */
const PRISM = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
const SPEC = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));

describe('diff: the fake against prism mock', () => {
  let prism: ChildProcess | undefined;
  let fake: RunningFake;
  let result: DiffResult;

  beforeAll(async () => {
    const port = await freePort();
    prism = spawn(PRISM, ['mock', SPEC, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => { output += chunk.toString(); if (output.includes('Prism is listening')) resolve(); };
      prism?.stdout?.on('data', onData);
      prism?.stderr?.on('data', onData);
      prism?.on('exit', (code) => reject(new Error(`prism exited with ${code}:\n${output}`)));
    });
    fake = await startFake({ seed: 3, count: 10 });
    const side = (base: string) => ({ base, key: TEST_KEYS[0], key2: TEST_KEYS[1] });
    result = await runDiff({ a: side(fake.base), b: side(`http://127.0.0.1:${port}`), readOnly: false, rate: 0 });
  }, 120_000);

  afterAll(async () => {
    prism?.kill('SIGTERM');
    await fake?.close();
  });

  it('finds differences in the expected groups', () => {
    const kinds = groupByKind(result).map((g) => g.kind);
    console.log(`diff against prism mock: ${kinds.map((k) => `${k} (${groupByKind(result).find((g) => g.kind === k)?.differences.length})`).join(', ')}`);
    // Prism validates requests itself (statuses of the negative cases), answers examples (values,
    // compact JSON), sends none of upstream's Cache-Control and rate-limit headers and its own CORS set.
    for (const kind of ['status', 'body value', 'body keys', 'json style', 'header cache-control', 'header x-ratelimit-limit',
      'header access-control-allow-credentials', 'header access-control-expose-headers']) expect(kinds).toContain(kind);
    // A stateless mock cannot show that a deleted image is gone.
    const gone = result.exchanges.find((e) => e.request.name === 'delete: the deleted image is gone');
    expect(gone?.differences.map((d) => d.kind)).toContain('status');
  });
});
