import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
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
  ['src/core/images/service.ts', '../../http/app.ts', /src\/core imports no adapter/],
  ['src/core/protocol/handler.ts', '../../msw/index.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', '../../cli/options.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', '../../cluster/redis-coordinator.ts', /src\/core imports no adapter/],
  ['src/core/render/index.ts', '../../har/har.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', '../../diff/runner.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', '../../admin/index.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', '../../contract/checks/index.ts', /src\/core imports no adapter/],
  ['src/core/images/service.ts', 'node:fs', /web-standard APIs only/],
  ['src/core/images/service.test.ts', 'node:fs', /web-standard APIs only/],
  ['src/core/images/service.ts', 'express', /web-standard APIs only/],
  ['src/core/images/service.ts', 'http', /web-standard APIs only/],
  // the two adapters do not import each other
  ['src/http/app.ts', '../msw/index.ts', /src\/http does not import src\/msw/],
  ['src/msw/index.ts', '../http/app.ts', /src\/msw does not import src\/http/],
  // the contract kit judges from outside
  ['src/contract/target.ts', '../core/list/collation.ts', /src\/contract imports neither/],
  ['src/contract/checks/data.ts', '../../core/list/collation.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../http/app.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../msw/index.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../cluster/redis-coordinator.ts', /src\/contract imports neither/],
  ['src/contract/checks/list.ts', '../../har/har-file.ts', /src\/contract imports neither/],
  ['src/contract/target.ts', '../cli/contract-target.ts', /src\/contract imports neither/],
  ['src/contract/transport.ts', '../diff/http-send.ts', /src\/contract imports neither/],
  ['src/core/images/service.ts', '../../openapi/load.ts', /src\/core imports no adapter/],
  // what the fake and the judges share builds on nothing else in src
  ['src/upstream/openapi-document.ts', '../core/protocol/prefer.ts', /src\/upstream builds on nothing else/],
  ['src/upstream/method-override.ts', '../openapi/validator.ts', /src\/upstream builds on nothing else/],
  ['src/upstream/method-override.ts', 'node:fs', /web-standard APIs only/],
  // the document's validator, which the kit builds on, never reaches the fake
  ['src/openapi/validator.ts', '../core/protocol/routed-method.ts', /src\/openapi reads and validates/],
  ['src/openapi/load.ts', '../http/app.ts', /src\/openapi reads and validates/],
  // the same folders written the long way round
  ['src/contract/checks/data.ts', './../../core/list/collation.ts', /src\/contract imports neither/],
  ['src/contract/checks/data.ts', '../../../src/core/list/collation.ts', /src\/contract imports neither/],
  ['src/core/images/service.ts', '../../../src/http/app.ts', /src\/core imports no adapter/],
  // one arrow: contract-tests → src, never back (tests in src included)
  ['src/cli/contract.ts', '../../contract-tests/contract.test.ts', /src never imports contract-tests/],
  ['src/diff/mutants.test.ts', '../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
  ['src/core/images/service.ts', '../../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
  ['src/contract/checks/list.ts', '../../../contract-tests/self-test/mutants.ts', /src never imports contract-tests/],
];

const ALLOWED: Array<[string, string]> = [
  ['src/core/images/service.ts', '../list/collation.ts'],
  ['src/core/protocol/handler.ts', '../errors.ts'],
  ['src/core/images/service.ts', '../../types/index.ts'],
  ['src/core/images/input.test.ts', '../../test-support/trim-table.ts'],
  ['src/core/protocol/prefer.ts', '../../upstream/openapi-document.ts'],
  ['src/openapi/validator.ts', '../upstream/method-override.ts'],
  ['src/http/app.ts', '../core/fake.ts'],
  ['src/msw/index.ts', '../core/fake.ts'],
  ['src/msw/parity.test.ts', '../http/app.ts'],
  ['src/contract/client.ts', '../openapi/validator.ts'],
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

/**
 * Every file a module reaches through relative imports (a lint rule sees one import at a time; a
 * chain through an allowed folder could still reach the fake). Returns the chains that end in a
 * forbidden folder.
 */
function chainsInto(startFolder: string, forbidden: string[]): string[] {
  const isCode = (f: string) => f.endsWith('.ts') && !f.endsWith('.test.ts');
  const start = readdirSync(join(ROOT, startFolder), { recursive: true, encoding: 'utf8' })
    .filter(isCode).map((f) => posix.join(startFolder, f.split(sep).join('/')));
  const cameFrom = new Map<string, string | null>();
  const queue = start.map((f) => { cameFrom.set(f, null); return f; });
  while (queue.length > 0) {
    const file = queue.shift()!;
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+\.ts)['"]/g)) {
      const target = posix.normalize(posix.join(posix.dirname(file), specifier!));
      if (cameFrom.has(target) || !existsSync(join(ROOT, target))) continue;
      cameFrom.set(target, file);
      queue.push(target);
    }
  }
  const chains: string[] = [];
  for (const file of cameFrom.keys()) {
    if (!forbidden.some((folder) => file.startsWith(`${folder}/`))) continue;
    const chain = [file];
    for (let at = cameFrom.get(file); at; at = cameFrom.get(at)) chain.unshift(at);
    chains.push(chain.join(' → '));
  }
  return chains;
}

describe('the boundaries hold through every chain of imports (dynamic import() included)', () => {
  const THE_FAKE = ['src/core', 'src/http', 'src/msw', 'src/cluster', 'src/har', 'src/cli'];
  const ADAPTERS = ['src/http', 'src/msw', 'src/cli', 'src/cluster', 'src/har', 'src/diff', 'src/admin', 'src/contract', 'src/openapi', 'src/node', 'src/test-support'];

  it.each([
    ['src/contract', THE_FAKE],
    ['src/openapi', THE_FAKE],
    ['src/upstream', [...THE_FAKE, ...ADAPTERS]],
    ['src/core', ADAPTERS],
    ['src/http', ['src/msw']],
    ['src/msw', ['src/http']],
  ] as const)('nothing %s reaches is in %j', (folder, forbidden) => {
    expect(chainsInto(folder, [...forbidden])).toEqual([]);
  });

  it('the walk finds a chain where there is one (the CLI reaches the fake)', () => {
    expect(chainsInto('src/cli', ['src/core']).length).toBeGreaterThan(0);
  });
});
