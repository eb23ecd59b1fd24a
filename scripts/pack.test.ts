/**
 * Package hygiene: what `npm pack` ships, and that the shipped package works.
 *
 * - Always (`npm test`): the `exports`, `bin` and `files` fields agree with tsconfig.build.json, and
 *   `npm pack --dry-run` of a copy of the repository (with a stand-in dist/ and some stray files)
 *   lists exactly what a user needs: dist/, the bin, the OpenAPI document, the canonical fixtures,
 *   README.md, LICENSE and package.json. No build, a few seconds.
 * - `npm run pack:check` (or AILUNA_PACK_SMOKE=1; `.ci/run` runs it): builds a copy for real and
 *   packs it once, then
 *   - checks that dist/ imports exactly the runtime dependencies, msw (an optional peer) only from
 *     the ./msw entry and nothing at all from ./admin;
 *   - installs the tarball alone into an empty project: at most 100 packages and 40 MB, every entry
 *     but ./msw works without msw, the fake, its /docs, the bin (its `serve` answers / and /docs
 *     with the pages `npm run build` assembled), an in-process `contract` run;
 *   - installs it with the latest msw 2, and again with the oldest one `peerDependencies` allows:
 *     the README's MSW example (read from README.md) runs under Node and type-checks with
 *     moduleResolution bundler, node16 and node, skipLibCheck false.
 *   The npm cache is used first where any version will do. About two minutes.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { DEFAULT_KEYS } from '../src/core/defaults.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Everything a user needs besides dist/: the exact list, so anything else is a failure. */
const SHIPPED_BESIDES_DIST = [
  'LICENSE',
  'README.md',
  'bin/ailuna-images.mjs',
  'fixtures/recordings/endpoints.har',
  'fixtures/recordings/limits.har',
  'fixtures/seed/default.json',
  'openapi/openapi.yaml',
  'package.json',
];

/** The subpaths DESIGN.md fixes, and the built CLI the bin runs when there are no sources. */
const SUBPATHS = ['.', './msw', './admin', './fixtures', './types'];
const BUILT_CLI = 'dist/src/cli/main.js';

const SMOKE = process.env.npm_lifecycle_event === 'pack:check' || process.env.AILUNA_PACK_SMOKE === '1';

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
}, 120_000);

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Every file target of the exports map (and main/types), relative to the package root. */
function exportTargets(): string[] {
  const targets = Object.values(pkg.exports).flatMap((value) => (typeof value === 'string' ? [value] : Object.values(value)));
  return [...new Set([...targets, pkg.main, pkg.types].map((target) => target.replace(/^\.\//, '')))];
}

/** The entry files tsconfig.build.json compiles (it is JSON with comments). */
function buildEntries(): string[] {
  const read = ts.readConfigFile(join(ROOT, 'tsconfig.build.json'), (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return (read.config as { files: string[] }).files;
}

/** The JavaScript and declaration file tsc writes for a source file. */
function builtFiles(source: string): string[] {
  const base = `dist/${source.replace(/\.ts$/, '')}`;
  return [`${base}.js`, `${base}.d.ts`];
}

/**
 * A copy of the repository without node_modules, .git and dist (and the scratch directories), plus
 * a few files that must never be packed.
 */
function copyRepository(): string {
  const copy = tempDir('ailuna-pack-');
  const skip = new Set(['node_modules', '.git', 'dist', 'coverage', 'tmp']);
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (path) => {
      const top = relative(ROOT, path).split(sep)[0] ?? '';
      return !skip.has(top);
    },
  });
  for (const stray of ['coverage/lcov.info', 'tmp/scratch.json', 'npm-debug.log', 'fixtures/recordings/.DS_Store']) {
    mkdirSync(dirname(join(copy, stray)), { recursive: true });
    writeFileSync(join(copy, stray), 'not for the package\n');
  }
  return copy;
}

interface PackResult {
  filename: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

async function npmPack(dir: string, args: string[]): Promise<PackResult> {
  const out = await run('npm', ['pack', '--json', '--ignore-scripts', ...args], dir);
  const [result] = JSON.parse(out) as PackResult[];
  if (!result) throw new Error(`npm pack printed no result: ${out}`);
  return result;
}

/** What must never be in the package, whatever `files` says. */
function forbidden(path: string): boolean {
  return (
    /(^|\/)(node_modules|coverage|\.ci|\.git|test-support|self-test)\//.test(path) ||
    // The genuine recordings stay in the repo (src/upstream, the shared reader, is shipped).
    /(^|\/)fixtures\/upstream\//.test(path) ||
    /\.test\.(ts|js|d\.ts)$/.test(path) ||
    /^(src|examples|contract-tests|scripts|bench|tmp)\//.test(path) ||
    /(^|\/)(\.DS_Store|[^/]*\.log|tsconfig[^/]*\.json|vitest\.config\.ts|eslint\.config\.js|package-lock\.json)$/.test(path)
  );
}

describe('package.json fields', () => {
  it('exports ".", "./msw", "./admin", "./fixtures" and "./types", each with types and import in dist/', () => {
    expect(Object.keys(pkg.exports).filter((key) => key !== './package.json').sort()).toEqual([...SUBPATHS].sort());
    for (const subpath of SUBPATHS) {
      const conditions = pkg.exports[subpath];
      expect(conditions, subpath).toBeTypeOf('object');
      const { types, import: esm, default: fallback } = conditions as Record<string, string>;
      expect(Object.keys(conditions as object)[0], `${subpath}: "types" must come first`).toBe('types');
      expect(types, subpath).toMatch(/^\.\/dist\/src\/.+\.d\.ts$/);
      expect(esm, subpath).toBe(types?.replace(/\.d\.ts$/, '.js'));
      expect(fallback, subpath).toBe(esm);
    }
    expect(pkg.main).toBe((pkg.exports['.'] as Record<string, string>).import);
    expect(pkg.types).toBe((pkg.exports['.'] as Record<string, string>).types);
  });

  it('tsconfig.build.json compiles every exported module and the CLI the bin runs', () => {
    const built = new Set(buildEntries().flatMap(builtFiles));
    for (const target of [...exportTargets().filter((target) => target.startsWith('dist/')), BUILT_CLI]) {
      expect(built.has(target), `${target} is built from a tsconfig.build.json entry`).toBe(true);
    }
    for (const entry of buildEntries()) {
      expect(existsSync(join(ROOT, entry)), entry).toBe(true);
      expect(entry).not.toMatch(/\.test\.ts$|test-support/);
    }
  });

  it('the bin runs the sources in a clone and dist/ in the installed package', () => {
    expect(pkg.bin).toEqual({ 'ailuna-images': 'bin/ailuna-images.mjs' });
    const bin = readFileSync(join(ROOT, pkg.bin['ailuna-images'] ?? ''), 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain("'../src/cli/main.ts'");
    expect(bin).toContain(`'../${BUILT_CLI}'`);
  });
});

describe('npm pack --dry-run', () => {
  it('lists exactly dist/, the bin, the OpenAPI document, the canonical fixtures, README, LICENSE and package.json', async () => {
    const copy = copyRepository();
    // A stand-in for `npm run build`: the files the exports map and the bin point at.
    for (const file of [...exportTargets(), BUILT_CLI].filter((file) => file.startsWith('dist/'))) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      writeFileSync(join(copy, file), '// built\n');
    }
    const result = await npmPack(copy, ['--dry-run']);
    const paths = result.files.map((file) => file.path).sort();

    expect(paths.filter((path) => !path.startsWith('dist/'))).toEqual(SHIPPED_BESIDES_DIST);
    for (const file of [...exportTargets(), BUILT_CLI]) expect(paths, file).toContain(file);
    expect(paths.filter(forbidden)).toEqual([]);
    expect(result.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
  });
});

describe.runIf(SMOKE)('the packed package, installed into empty projects (npm run pack:check)', () => {
  /** The tarball, built and packed once for every consumer project below. */
  let tarball = '';
  /** dist/ of the built copy. */
  let dist = '';

  beforeAll(async () => {
    const copy = copyRepository();
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    await run(process.execPath, ['scripts/build.mjs'], copy);
    dist = join(copy, 'dist');
    const out = tempDir('ailuna-tarball-');
    const packed = await npmPack(copy, ['--pack-destination', out]);
    tarball = join(out, packed.filename);
    const paths = packed.files.map((file) => file.path).sort();
    console.log(`npm pack: ${packed.filename}, ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB`);
    expect(paths.filter((path) => !path.startsWith('dist/'))).toEqual(SHIPPED_BESIDES_DIST);
    expect(paths.filter(forbidden)).toEqual([]);
    for (const file of [...exportTargets(), BUILT_CLI]) expect(paths, file).toContain(file);
    expect(paths.filter((path) => path.startsWith('dist/') && !/\.(js|d\.ts)$/.test(path))).toEqual([]);
  }, 180_000);

  it('dist/ imports itself as .js, and exactly the dependencies; msw only from the ./msw entry, nothing from ./admin', () => {
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(js|d\.ts)$/.test(file));
    for (const file of files) {
      const text = readFileSync(join(dist, file), 'utf8');
      expect(text.match(/(?:from|import\()\s*['"]\.{1,2}\/[^'"]*\.ts['"]/g) ?? [], file).toEqual([]);
    }
    const dependencies = Object.keys(pkg.dependencies).sort();
    const peers = Object.keys(pkg.peerDependencies);
    const atRunTime = new Set(files.filter((file) => file.endsWith('.js')).flatMap((file) => packageImports(join(dist, file))));
    expect([...atRunTime].filter((name) => !dependencies.includes(name) && !peers.includes(name)), 'imported by dist/ but not a dependency').toEqual([]);
    expect(dependencies.filter((name) => !atRunTime.has(name)), 'a dependency dist/ never imports').toEqual([]);
    // Every peer is optional: npm installs none of them unless the project asks.
    for (const name of peers) expect(pkg.peerDependenciesMeta[name], name).toEqual({ optional: true });
    // What each entry loads at run time: msw (the optional peer) only through ./msw.
    for (const subpath of [...SUBPATHS, BUILT_CLI]) {
      const target = subpath === BUILT_CLI ? BUILT_CLI : (pkg.exports[subpath] as Record<string, string>).import!.replace(/^\.\//, '');
      const reached = reachableImports(join(dist, '..', target));
      if (subpath === './msw') expect(reached, subpath).toContain('msw');
      else expect(reached, subpath).not.toContain('msw');
      // The admin client is for pages too: web-standard APIs only.
      if (subpath === './admin') expect(reached, subpath).toEqual([]);
    }
    const declared = new Set(files.filter((file) => file.endsWith('.d.ts')).flatMap((file) => packageImports(join(dist, file))));
    expect([...declared].filter((name) => !dependencies.includes(name) && !peers.includes(name)), 'named by the declarations but neither a dependency nor a peer').toEqual([]);
  });

  it(`the kit alone installs at most ${MAX_PACKAGES} packages and ${MAX_MEGABYTES} MB, and works without msw: every other entry, the fake, its docs, the bin, contract`, { timeout: 300_000 }, async (ctx) => {
    const project = await consumerProject(ctx, [tarball], { offline: true });
    const installed = join(project, 'node_modules', pkg.name);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    const { packages, bytes } = installedSize(project);
    console.log(`the kit alone: ${packages} packages besides itself, ${(bytes / 1e6).toFixed(1)} MB in node_modules (limits ${MAX_PACKAGES} and ${MAX_MEGABYTES} MB)`);
    expect(packages).toBeLessThanOrEqual(MAX_PACKAGES);
    expect(bytes).toBeLessThanOrEqual(MAX_MEGABYTES * 1e6);
    for (const name of Object.keys(pkg.peerDependencies)) expect(existsSync(join(project, 'node_modules', name)), `${name} (an optional peer) was installed`).toBe(false);

    const script = `
      const main = await import('ailuna-images-kit');
      const fixtures = await import('ailuna-images-kit/fixtures');
      const { createAdminClient } = await import('ailuna-images-kit/admin');
      await import('ailuna-images-kit/types');
      const withoutMsw = await import('ailuna-images-kit/msw').then(() => 'loaded', (error) => error.code + ' ' + error.message.split('\\n')[0]);
      const spec = main.loadSpec();
      const server = main.createApp({ seed: 3 }).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const origin = 'http://127.0.0.1:' + server.address().port;
      const answer = await fetch(origin + '/api/v1/images?per_page=10', {
        headers: { Accept: 'application/json', Authorization: 'Bearer ${DEMO_KEY}' },
      });
      const body = await answer.json();
      const docs = await fetch(origin + '/docs/openapi.yaml');
      const docsText = await docs.text();
      const swaggerUi = await fetch(origin + '/docs/swagger-ui.css');
      await swaggerUi.arrayBuffer();
      const reset = await createAdminClient(origin).reseed({ count: 2 });
      server.close();
      console.log(JSON.stringify({
        createApp: typeof main.createApp,
        startReplayer: typeof fixtures.startReplayer,
        withoutMsw,
        openapi: spec.openapi,
        status: answer.status,
        images: body.data.length,
        docs: docs.status === 200 && docsText.startsWith('openapi: 3.1') && swaggerUi.status === 200,
        reseeded: reset.count,
      }));
    `;
    const report = JSON.parse(await run(process.execPath, ['--input-type=module', '-e', script], project)) as Record<string, unknown>;
    expect(report).toEqual({
      createApp: 'function',
      startReplayer: 'function',
      withoutMsw: expect.stringMatching(/^ERR_MODULE_NOT_FOUND Cannot find package 'msw'/),
      openapi: expect.stringMatching(/^3\.1/),
      status: 200,
      images: 10,
      docs: true,
      reseeded: 2,
    });

    expect(await run('npx', ['--offline', 'ailuna-images', 'serve', '--help'], project)).toContain('Usage: ailuna-images serve');
    await expectServedPages(installed);
    // The in-process contract run needs no test library from the kit's devDependencies.
    expect(await run('npx', ['--offline', 'ailuna-images', 'contract'], project)).toMatch(/^\d+ passed, 0 failed, 0 skipped$/m);
  });

  const oldestMsw = /^\^(\d+\.\d+\.\d+)$/.exec(pkg.peerDependencies.msw ?? '')?.[1];
  const mswVersions = [
    { label: 'the latest msw 2', spec: 'msw@^2', latest: true },
    { label: `the oldest msw the peer range allows (${oldestMsw ?? '?'})`, spec: `msw@${oldestMsw ?? 'missing'}`, latest: false },
  ];
  for (const msw of mswVersions) {
    it(`with ${msw.label}: the README's MSW example runs under Node and type-checks (bundler, node16, node; skipLibCheck false, nothing else installed)`, { timeout: 420_000 }, async (ctx) => {
      expect(oldestMsw, 'peerDependencies.msw is ^X.Y.Z, its oldest version first').toBeDefined();
      // The latest version is asked of the registry; everything else may come from the npm cache.
      const spec = msw.latest ? `msw@${await latestVersion(ctx, msw.spec)}` : msw.spec;
      const project = await consumerProject(ctx, [tarball, spec], { offline: true });
      const mswVersion = (JSON.parse(readFileSync(join(project, 'node_modules', 'msw', 'package.json'), 'utf8')) as { version: string }).version;
      const example = readmeMswExample();
      writeFileSync(join(project, 'example.ts'), example.code);
      // The browser-safe admin entry is typed without extra installs, too.
      writeFileSync(join(project, 'admin.ts'), ADMIN_USE);
      for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
        expect(await typeErrors(project, ['example.ts', 'admin.ts'], resolution), `msw ${mswVersion}, moduleResolution ${resolution}`).toEqual([]);
      }
      const javascript = ts.transpileModule(example.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      writeFileSync(join(project, 'example.mjs'), javascript);
      const printed = (await run(process.execPath, ['example.mjs'], project)).trim();
      console.log(`msw ${mswVersion}: the README's MSW example printed "${printed}", type-checked under ${Object.keys(RESOLUTIONS).join(', ')}`);
      expect(printed).toBe(example.expected);

      if (msw.latest) {
        // The main entry's declarations name Express and openapi-types: with the optional type peers
        // installed, as the README says, they type-check with skipLibCheck false too.
        await install(ctx, project, ['@types/express@^5', 'openapi-types@^12'], { offline: true });
        writeFileSync(join(project, 'main.ts'), MAIN_USE);
        for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) expect(await typeErrors(project, ['main.ts'], resolution), `main, ${resolution}`).toEqual([]);
      }
    });
  }
});

/** The limits of what installing the kit alone may bring (issue 15). */
const MAX_PACKAGES = 100;
const MAX_MEGABYTES = 40;

const ADMIN_USE = `import { createAdminClient, type FaultsView } from 'ailuna-images-kit/admin';
const admin = createAdminClient('http://127.0.0.1:4010', { token: 'secret' });
export const faults: Promise<FaultsView> = admin.setFaults({ errorRate: 1 });
`;

const MAIN_USE = `import { createApp, loadSpec } from 'ailuna-images-kit';
const app = createApp({ seed: 7, keys: ['test-key'] });
export const server = app.listen(0, '127.0.0.1');
export const title: string = loadSpec().info.title;
`;

type Resolution = keyof typeof RESOLUTIONS;
const RESOLUTIONS = {
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  // The older resolution, which ignores "exports": the subpaths resolve through typesVersions.
  node: { module: 'esnext', moduleResolution: 'node' },
} as const;

const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const TS_LIB = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.d.ts'));

/**
 * Type errors of files of a consumer project, as its own tsc reports them: strict, the DOM
 * library, skipLibCheck false (the kit's declarations are checked too), and only the project's
 * node_modules (nothing of the repository's, which --listFiles shows). A child process, so the test
 * worker stays responsive.
 */
async function typeErrors(project: string, files: string[], resolution: Resolution): Promise<string[]> {
  const config = `tsconfig.${resolution}.json`;
  const compilerOptions = { target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'], strict: true, skipLibCheck: false, noEmit: true, ...RESOLUTIONS[resolution] };
  writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files }));
  const result = await exec(process.execPath, [TSC, '-p', config, '--listFiles', '--pretty', 'false'], project);
  const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
  const listed = lines.filter((line) => line.startsWith('/'));
  expect(listed.filter((name) => !name.startsWith(project) && !name.startsWith(TS_LIB)), 'files from outside the consumer project').toEqual([]);
  const errors = lines.filter((line) => !line.startsWith('/'));
  if (result.status !== 0 && errors.length === 0) errors.push(`tsc exited ${result.status}: ${result.stderr}`);
  return errors;
}

/** The README's MSW example (the one ts block with setupServer and createImagesHandlers) and what it says it prints. */
function readmeMswExample(): { code: string; expected: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1] ?? '')
    .filter((code) => code.includes("from 'msw/node'") && code.includes("import { createImagesHandlers } from 'ailuna-images-kit/msw'"));
  expect(blocks, 'README.md has one MSW example').toHaveLength(1);
  const code = blocks[0] ?? '';
  const expected = /console\.log\(.*\);\s*\/\/ (.+)$/m.exec(code)?.[1]?.trim();
  expect(expected, 'the example shows what its console.log prints, as a comment').toBeDefined();
  return { code, expected: expected ?? '' };
}

/** An empty ESM project with these installed; skipped (never under AILUNA_REQUIRE_SYSTEM_DEPS=1) when npm can reach neither its cache nor the registry. */
async function consumerProject(ctx: TestContext, specs: string[], how: { offline: boolean }): Promise<string> {
  const project = tempDir('ailuna-consumer-');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  await install(ctx, project, specs, how);
  return project;
}

async function install(ctx: TestContext, project: string, specs: string[], how: { offline: boolean }): Promise<void> {
  // The npm cache first where any version will do; what it lacks comes from the registry.
  const result = await exec('npm', ['install', ...(how.offline ? ['--prefer-offline'] : []), '--no-audit', '--no-fund', ...specs], project);
  if (result.status === 0) return;
  const output = `${result.stdout}\n${result.stderr}`;
  if (/ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(output) && process.env.AILUNA_REQUIRE_SYSTEM_DEPS !== '1') {
    console.warn(`SKIPPING: npm can reach neither its cache nor the registry for ${specs.join(' ')}.\n${output}`);
    ctx.skip();
  }
  throw new Error(`npm install ${specs.join(' ')} failed:\n${output}`);
}

/** The newest version matching a spec (`msw@^2`), from the registry; skipped like install when it is out of reach. */
async function latestVersion(ctx: TestContext, spec: string): Promise<string> {
  const result = await exec('npm', ['view', spec, 'version', '--json'], tmpdir());
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(output) && process.env.AILUNA_REQUIRE_SYSTEM_DEPS !== '1') {
      console.warn(`SKIPPING: npm cannot reach the registry to find ${spec}.\n${output}`);
      ctx.skip();
    }
    throw new Error(`npm view ${spec} failed:\n${output}`);
  }
  // One version is printed as a string, several (a range) as a list, in no useful order.
  const versions = [JSON.parse(result.stdout) as string | string[]].flat();
  const numbers = (version: string) => version.split('.').map(Number);
  const latest = versions.sort((a, b) => {
    const [x, y] = [numbers(a), numbers(b)];
    return (x[0]! - y[0]!) || (x[1]! - y[1]!) || (x[2]! - y[2]!);
  }).at(-1);
  if (latest === undefined) throw new Error(`npm view ${spec} named no version: ${result.stdout}`);
  return latest;
}

/** Packages npm installed besides the kit itself (nested copies count), and the bytes of node_modules. */
function installedSize(project: string): { packages: number; bytes: number } {
  const lock = JSON.parse(readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  const packages = Object.keys(lock.packages).filter((path) => /(^|\/)node_modules\//.test(path) && path !== `node_modules/${pkg.name}`).length;
  let bytes = 0;
  for (const entry of readdirSync(join(project, 'node_modules'), { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory()) bytes += lstatSync(join(entry.parentPath, entry.name)).size;
  }
  return { packages, bytes };
}

/** The packages a built file imports (static, dynamic, or resolved with createRequire), without node: built-ins. */
function packageImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName),
    // createRequire(…).resolve('x') and createRequire(…)('x'): a package found or loaded on first use.
    ...[...text.matchAll(/createRequire\([^)]*\)(?:\.resolve)?\(\s*['"]([^'"]+)['"]/g)].map((match) => match[1] ?? ''),
  ];
  const names = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(names)];
}

/** Every package a built module loads, through its relative imports too (sorted). */
function reachableImports(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(join(dirname(file), fileName));
    }
    for (const name of packageImports(file)) packages.add(name);
    if (/from\s*['"]node:|import\(\s*['"]node:/.test(text)) packages.add('node:');
  };
  visit(entry);
  return [...packages].sort();
}

/**
 * The installed package's `serve` answers `/` (the gallery) and `/docs` with the pages npm run
 * build assembled (dist/src/http/assets/pages.js): each with its compiled script inlined, and
 * Swagger UI's script beside /docs.
 */
async function expectServedPages(installed: string): Promise<void> {
  const built = (await import(pathToFileURL(join(installed, 'dist', 'src', 'http', 'assets', 'pages.js')).href)) as { PAGES: Record<string, string> };
  const scripts = (html: string) => [...html.matchAll(/<script>\n([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
  const serve = spawn(process.execPath, [join(installed, 'bin', 'ailuna-images.mjs'), 'serve', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+?)\/api\/v1/.exec(out);
        if (match) resolve(match[1]!);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening:\n${out}`)));
    });
    for (const [path, name, title] of [['/', 'gallery', 'ailuna.ru Images · gallery'], ['/docs', 'docs', 'ailuna.ru Images API · docs']] as const) {
      const answer = await fetch(`${origin}${path}`, { headers: { Accept: 'text/html' } });
      const html = await answer.text();
      expect([answer.status, answer.headers.get('content-type')], path).toEqual([200, 'text/html; charset=utf-8']);
      expect(html, path).toContain(`<title>${title} (ailuna-images-kit)</title>`);
      const [script, ...more] = scripts(html);
      expect(more, path).toEqual([]);
      expect(script, path).toBeTruthy();
      expect(scripts(built.PAGES[name] ?? ''), path).toEqual([script]);
      expect(() => new Function(script!), path).not.toThrow();
    }
    const swaggerUi = await fetch(`${origin}/docs/swagger-ui-bundle.js`);
    expect([swaggerUi.status, (await swaggerUi.text()).length > 100_000]).toEqual([200, true]);
  } finally {
    serve.kill('SIGTERM');
  }
}

const [DEMO_KEY] = DEFAULT_KEYS as readonly [string];

/**
 * Runs a command without blocking the test worker: vitest's own messages to the worker must get
 * through during minutes of npm and tsc (a blocked worker fails the run with an RPC timeout).
 */
function exec(command: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const result = await exec(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
