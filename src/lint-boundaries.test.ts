import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/*
 * The import boundaries of eslint.config.js, run through ESLint's Node API on one import at a
 * time: a forbidden import is reported, an allowed one is not. The files need not exist; their
 * path decides which rules apply.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

/** The boundary messages ESLint gives `import … from '<from>'` written in the file at `path`. */
async function boundaryMessages(path: string, from: string): Promise<string[]> {
  const code = `import type { X } from '${from}';\nexport type Y = X;\n`;
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// [file, import, what the message names]
const FORBIDDEN: Array<[string, string, RegExp]> = [
  // core imports no adapter (at any depth of core)
  ['src/core/service.ts', '../http/app.ts', /src\/core imports no adapter/],
  ['src/core/protocol/handler.ts', '../../msw/index.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', '../cli/options.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', '../cluster/redis-coordinator.ts', /src\/core imports no adapter/],
  ['src/core/render/index.ts', '../../fixtures/har.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', '../diff/runner.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', '../admin/index.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', '../contract/checks/index.ts', /src\/core imports no adapter/],
  ['src/core/service.ts', 'node:fs', /web-standard APIs only/],
  ['src/core/service.test.ts', 'node:fs', /web-standard APIs only/],
  ['src/core/service.ts', 'express', /web-standard APIs only/],
  ['src/core/service.ts', 'http', /web-standard APIs only/],
  // the two adapters do not import each other
  ['src/http/app.ts', '../msw/index.ts', /src\/http does not import src\/msw/],
  ['src/msw/index.ts', '../http/app.ts', /src\/msw does not import src\/http/],
  // the contract kit judges from outside
  ['src/contract/target.ts', '../core/collation.ts', /src\/contract imports neither/],
  ['src/contract/checks/data.ts', '../../core/collation.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../http/app.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../msw/index.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../cluster/redis-coordinator.ts', /src\/contract imports neither/],
  ['src/contract/checks/list.ts', '../../fixtures/har-file.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../cli/contract-target.ts', /src\/contract imports neither/],
  ['src/contract/transport.ts', '../diff/http-send.ts', /src\/contract imports neither/],
  // one arrow: contract-tests → src, never back (tests in src included)
  ['src/cli/contract.ts', '../../contract-tests/contract.test.ts', /src never imports contract-tests/],
  ['src/diff/mutants.test.ts', '../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
  ['src/core/service.ts', '../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
  ['src/contract/checks/list.ts', '../../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
];

const ALLOWED: Array<[string, string]> = [
  ['src/core/service.ts', './collation.ts'],
  ['src/core/protocol/handler.ts', '../errors.ts'],
  ['src/core/service.ts', '../types/index.ts'],
  ['src/core/input.test.ts', '../test-support/trim-table.ts'],
  ['src/http/app.ts', '../core/fake.ts'],
  ['src/msw/index.ts', '../core/fake.ts'],
  ['src/msw/parity.test.ts', '../http/app.ts'],
  ['src/contract/client.ts', '../spec/validator.ts'],
  ['src/contract/checks/list.ts', '../collation.ts'],
  ['src/contract/collation.test.ts', '../../fixtures/upstream/genuine-sample.har'],
  ['src/cli/contract-target.ts', '../http/app.ts'],
  ['src/diff/runner.ts', '../contract/pacer.ts'],
  ['contract-tests/self-test/mutants.ts', '../../src/core/fake.ts'],
  ['contract-tests/contract.test.ts', '../src/contract/checks/index.ts'],
];

describe('eslint.config.js holds the import boundaries', () => {
  it.each(FORBIDDEN)('%s: importing %s is reported', async (path, from, message) => {
    const messages = await boundaryMessages(path, from);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each(ALLOWED)('%s: importing %s is allowed', async (path, from) => {
    expect(await boundaryMessages(path, from)).toEqual([]);
  });
});
