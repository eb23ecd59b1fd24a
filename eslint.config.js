import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Import boundaries. `no-restricted-imports` takes one setting per file (a later block replaces an
 * earlier one), so each block below lists every restriction of its files. The sources import with
 * relative `.ts` paths: `^(\.\./)+http/` is src/http seen from any depth of another src folder.
 * src/lint-boundaries.test.ts shows each rule reports a forbidden import and lets an allowed one pass,
 * and walks every chain of imports (dynamic import() too, which this rule does not see).
 */
// `./../core`, and `../../src/core` (out of src and back in), are the same folder.
const srcFolder = (folders, message) => ({ regex: `^(\\./)?(\\.\\./)+(src/)?(${folders.join('|')})(/|$)`, message });

// src → contract-tests is the wrong way: contract-tests holds the suite and its self-test, which
// import the kit and the fake from src, never the reverse (tests in src included).
const NOT_CONTRACT_TESTS = srcFolder(['contract-tests'], 'src never imports contract-tests: the suite and its self-test import src, not the reverse.');
const WEB_ONLY = { regex: '^(node:.*|express|fs|path|http)(/|$)', message: 'src/core runs in browsers too (MSW): web-standard APIs only.' };
const CORE_ADAPTERS = srcFolder(
  ['http', 'msw', 'cli', 'cluster', 'har', 'diff', 'admin', 'contract', 'openapi', 'node', 'test-support'],
  'src/core imports no adapter: the adapters call the core, not the reverse.',
);
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: [NOT_CONTRACT_TESTS, ...patterns] }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'src/types/openapi.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', URLSearchParams: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], rules: restrict() },
  {
    // The core runs in browsers too (MSW's setupWorker): web-standard APIs only.
    files: ['src/core/**/*.ts'],
    rules: {
      ...restrict(WEB_ONLY),
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require'],
    },
  },
  { files: ['src/core/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(WEB_ONLY, CORE_ADAPTERS) },
  // The two adapters sit side by side over the core; neither builds on the other (their tests may compare them).
  { files: ['src/http/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(srcFolder(['msw'], 'src/http does not import src/msw: both are adapters over src/core.')) },
  { files: ['src/msw/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(srcFolder(['http'], 'src/msw does not import src/http: both are adapters over src/core.')) },
  {
    // What the fake and the judges share (the OpenAPI reader, Laravel's method override): pure,
    // web-standard, and built on nothing else in src, so sharing it never lets the fake in.
    files: ['src/upstream/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      ...restrict(WEB_ONLY, srcFolder(
        ['core', 'http', 'msw', 'cli', 'cluster', 'har', 'diff', 'admin', 'contract', 'openapi', 'node', 'test-support'],
        'src/upstream builds on nothing else in src: the fake and the judges both import it.',
      )),
      'no-restricted-globals': ['error', 'Buffer', 'process', 'require'],
    },
  },
  {
    // The document's loader and validator serve the contract kit: like it, they never reach the fake.
    files: ['src/openapi/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(srcFolder(
      ['core', 'http', 'msw', 'cluster', 'har', 'cli', 'diff', 'admin', 'contract', 'test-support'],
      'src/openapi reads and validates against the document without the fake (the contract kit builds on it).',
    )),
  },
  {
    // The contract kit judges any implementation from outside: it reaches one through a base URL or
    // a transport, and reads the collation its own way (src/cli/contract-target.ts starts the fake).
    files: ['src/contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict(srcFolder(
      ['core', 'http', 'msw', 'cluster', 'har', 'cli', 'diff', 'admin', 'test-support'],
      'src/contract imports neither the fake (core, http, msw, cluster, har) nor its users (cli, diff): it judges from outside.',
    )),
  },
);
