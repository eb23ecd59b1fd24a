#!/usr/bin/env node
// The package's command.
// - In the installed package (npm ships dist/ and no src/): runs the built JavaScript.
// - In a clone of the repository: runs dist/ too when it was built after the last change under
//   src/ (`npm install` builds it: the `prepare` script), so `npm start` starts as fast and as
//   small as the package; with no finished build, or after any edit under src/ (or to the build's
//   own configuration), it runs the TypeScript sources through tsx's loader instead, so it never
//   runs a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = join(root, 'src', 'cli', 'main.ts');
const built = join(root, 'dist', 'src', 'cli', 'main.js');
// Written last by scripts/build.mjs: a build that stopped half-way has none.
const buildStamp = join(root, 'dist', 'build-finished.js');

/** The newest change to what dist/ is built from: files and folders under src/ (tests aside) and the build's configuration. */
function newestSourceChange() {
  let newest = 0;
  for (const file of ['tsconfig.json', 'tsconfig.build.json', join('scripts', 'build.mjs')]) {
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  const src = join(root, 'src');
  newest = Math.max(newest, statSync(src).mtimeMs);
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const builtIsCurrent = existsSync(built) && (!existsSync(sources)
  || (existsSync(buildStamp) && statSync(buildStamp).mtimeMs >= newestSourceChange()));

let main;
if (builtIsCurrent) {
  ({ main } = await import(new URL('../dist/src/cli/main.js', import.meta.url).href));
} else if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../src/cli/main.ts', import.meta.url).href));
} else {
  process.stderr.write('ailuna-images: neither src/cli/main.ts nor dist/src/cli/main.js exists; run "npm run build".\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
