import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageVersion } from './version.ts';

describe('packageVersion', () => {
  it('reads package.json at run time: from src/cli/ in the clone', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(packageVersion()).toBe(manifest.version);
  });

  it('and from dist/src/cli/ in the installed package, skipping package.json files that are not ours', () => {
    const root = mkdtempSync(join(tmpdir(), 'ailuna-version-'));
    const installed = join(root, 'node_modules', 'ailuna-images-kit');
    mkdirSync(join(installed, 'dist', 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'the-app', version: '1.0.0' }));
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'ailuna-images-kit', version: '7.8.9' }));
    writeFileSync(join(installed, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    expect(packageVersion(pathToFileURL(join(installed, 'dist', 'src', 'cli', 'version.js')))).toBe('7.8.9');
    expect(() => packageVersion(pathToFileURL(join(root, 'x.js')))).toThrowError(/no package.json of ailuna-images-kit/);
  });
});
