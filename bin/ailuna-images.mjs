#!/usr/bin/env node
// The package's command. It runs the TypeScript sources directly through tsx's loader,
// so `npm install` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
