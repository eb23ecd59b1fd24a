// What every part of the bench shares: where things are, the two keys, the log, small helpers.
// (A free port for Prism and Redis comes from src/test-support/free-port.ts.)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_KEYS } from '../../src/core/defaults.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ailuna-images.mjs');
export const PRISM = join(ROOT, 'node_modules', '.bin', 'prism');
export const DOCUMENT = join(ROOT, 'openapi', 'openapi.yaml');
export const BASELINE = join(ROOT, 'bench', 'lib', 'baseline-server.ts');
export const EXPRESS = join(ROOT, 'bench', 'lib', 'express-server.ts');
/** The fake's two default keys. */
export const KEYS = DEFAULT_KEYS as readonly [string, string];
export const JSON_ONE = { accept: 'application/json', authorization: `Bearer ${KEYS[0]}` };

/** performance.now() when the bench started: the log's clock and the wall time. */
export const T0 = performance.now();

/** A progress line on stderr, with the minutes and seconds since the start. */
export function log(message: string): void {
  const s = Math.round((performance.now() - T0) / 1000);
  process.stderr.write(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${message}\n`);
}

/** git's output in the repository, or '' when git fails. */
export function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Local date as YYYY-MM-DD. */
export function isoDate(date = new Date()): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}
