import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputFile, outputFolder, stateFile } from './paths.ts';

describe('path checks', () => {
  it('accept a new file in an existing folder and leave nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailuna-paths-'));
    expect(outputFile(join(dir, 'r.xml'), '--junit')).toBe(join(dir, 'r.xml'));
    expect(stateFile(join(dir, 's.json'), '--data')).toBe(join(dir, 's.json'));
    expect(outputFolder(join(dir, 'new'), '--dir')).toBe(join(dir, 'new'));
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each<[() => unknown, RegExp]>([
    [() => outputFile('', '--junit'), /^--junit needs a file name\.$/],
    [() => outputFile('/no/such/dir/r.xml', '--junit'), /^--junit \/no\/such\/dir\/r\.xml: the folder \/no\/such\/dir does not exist\.$/],
    [() => outputFolder('/no/such/dir/fx', '--dir'), /^--dir \/no\/such\/dir\/fx: the folder \/no\/such\/dir does not exist\.$/],
    [() => outputFolder('/etc/hostname', '--dir'), /^--dir \/etc\/hostname: is a file, not a folder\.$/],
  ])('refuse %s', (check, message) => {
    expect(check).toThrowError(message);
  });
});
