import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/test-support/free-port.ts';
import { createApp } from '../../src/http/app.ts';
import { ALL_CHECKS } from '../../src/contract/checks/index.ts';
import type { ContractConfig } from '../../src/contract/context.ts';
import { runChecks } from '../../src/contract/runner.ts';
import { createContext, fakeAccounts } from '../../src/cli/contract-target.ts';

/**
 * The suite against Prism: its schema-only checks against `prism mock` of our document, and the
 * full suite (without the negative requests Prism answers itself) against the fake behind
 * `prism proxy --errors`, which must report no violation.
 */
const PRISM = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
const SPEC = fileURLToPath(new URL('../../openapi/openapi.yaml', import.meta.url));
const ACCOUNTS = {
  key: 'PrismCheckKeyOne0000000000000000000000000000000000000000000000001',
  key2: 'PrismCheckKeyTwo0000000000000000000000000000000000000000000000002',
  keyRu: 'PrismCheckKeyRussian00000000000000000000000000000000000000000003',
  keyUsedUp: 'PrismCheckKeyUsedUp000000000000000000000000000000000000000000004',
};

const children: ChildProcess[] = [];
let fake: Server | undefined;

/** Starts Prism with `args` and resolves once it says it is listening. */
async function startPrism(args: string[]): Promise<string> {
  const port = await freePort();
  const child = spawn(PRISM, [...args, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`prism ${args[0]} exited with ${code}:\n${output}`)));
  });
  return `http://127.0.0.1:${port}`;
}

const failures = (results: Awaited<ReturnType<typeof runChecks>>) =>
  results.filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.detail}`);

describe('the contract suite and Prism', () => {
  let mockUrl = '';
  let proxyUrl = '';

  beforeAll(async () => {
    const app = createApp({ ...fakeAccounts({ ...ACCOUNTS, readOnly: false, rate: 0, fakeExtras: false }), noApiKeys: [], count: 20, seed: 5 });
    fake = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/api/v1`;
    [mockUrl, proxyUrl] = await Promise.all([
      startPrism(['mock', SPEC]),
      startPrism(['proxy', '--errors', SPEC, fakeUrl]),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await new Promise<void>((resolve) => (fake ? fake.close(() => resolve()) : resolve()));
  });

  const config = (baseUrl: string, mode: ContractConfig['mode']): ContractConfig =>
    ({ baseUrl, ...ACCOUNTS, readOnly: false, rate: 0, fakeExtras: false, mode });

  it('the schema-only checks pass against prism mock of our document', async () => {
    const results = await runChecks(createContext(config(mockUrl, 'schema-only')), ALL_CHECKS);
    expect(failures(results)).toEqual([]);
    expect(results.filter((r) => r.outcome === 'passed').length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('the suite passes against the fake behind prism proxy --errors, with no violation reported', async () => {
    const results = await runChecks(createContext(config(proxyUrl, 'behind-validating-proxy')), ALL_CHECKS);
    expect(failures(results)).toEqual([]);
    // Everything but the negative and fake-only checks ran through the proxy.
    const expected = ALL_CHECKS.filter((c) => !c.negative && !c.fakeOnly).length;
    expect(results.filter((r) => r.outcome === 'passed').length).toBe(expected);
  }, 120_000);
});
