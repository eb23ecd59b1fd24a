#!/usr/bin/env node
// The package's command.
// - In a clone of the repository (src/ is there): runs the TypeScript sources through tsx's loader,
//   so `npm install && npm start` needs no build step and never runs a stale dist/.
// - In the installed package (npm ships dist/ and no src/): runs the built JavaScript directly.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);

let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else if (existsSync(built)) {
  ({ main } = await import(built.href));
} else {
  process.stderr.write('ailuna-images: neither src/cli/main.ts nor dist/src/cli/main.js exists; run "npm run build".\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
