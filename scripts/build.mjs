#!/usr/bin/env node
// `npm run build` (and `prepack`): compiles the package to dist/ with tsconfig.build.json.
// 1. Starts from an empty dist/, so no file of a removed source survives into the package.
// 2. tsc emits ESM JavaScript and declarations; rewriteRelativeImportExtensions turns the sources'
//    `./x.ts` imports into `./x.js` in the JavaScript.
// 3. tsc keeps `./x.ts` in the declarations (TypeScript resolves them, other tools may not), so
//    they are rewritten to `./x.js` here too.
// 4. The pages (src/http/assets: HTML, CSS and a TypeScript script each) are assembled by
//    src/http/page-build.ts (esbuild bundles the scripts) into dist/src/http/assets/pages.js, which
//    the installed package serves; a clone assembles them on first use instead.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (run.status !== 0) {
  console.error('build: tsc failed');
  process.exit(run.status ?? 1);
}

// `from './x.ts'`, `import('./x.ts')` and `declare module './x.ts'` with a relative specifier.
const relativeTs = /((?:from|import\(|module)\s*['"])(\.{1,2}\/[^'"]*?)\.ts(['"])/g;
let files = 0;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const path = join(entry.parentPath, entry.name);
  const text = readFileSync(path, 'utf8');
  const fixed = text.replace(relativeTs, '$1$2.js$3');
  if (fixed !== text) writeFileSync(path, fixed);
  files += 1;
}

const { buildPages } = await tsImport('../src/http/page-build.ts', import.meta.url);
const pages = await buildPages();
const assets = join(dist, 'src', 'http', 'assets');
mkdirSync(assets, { recursive: true });
writeFileSync(join(assets, 'pages.js'), `// Assembled by scripts/build.mjs from src/http/assets (see src/http/page-assets.ts).\nexport const PAGES = ${JSON.stringify(pages, null, 2)};\n`);
// Last: bin/ailuna-images.mjs runs a clone's dist/ only when this is newer than every source.
writeFileSync(join(dist, 'build-finished.js'), '// Written last by scripts/build.mjs (see bin/ailuna-images.mjs).\nexport {};\n');
console.log(`build: dist/ written (${files} declaration files; pages ${Object.keys(pages).join(', ')})`);
