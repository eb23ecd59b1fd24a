import { readFileSync } from 'node:fs';

const PACKAGE = 'ailuna-images-kit';

/**
 * The version in the package's own package.json, read at run time: the nearest package.json named
 * ailuna-images-kit above `from` (src/cli/ in a clone, dist/src/cli/ in the installed package).
 */
export function packageVersion(from: string | URL = import.meta.url): string {
  for (let dir = new URL('./', from); ; dir = new URL('../', dir)) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === PACKAGE && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    if (new URL('../', dir).href === dir.href) throw new Error(`no package.json of ${PACKAGE} above ${String(from)}`);
  }
}
