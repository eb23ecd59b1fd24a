import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file.ts';

describe('writeFileAtomically', () => {
  it('replaces the file whole, and a failed write leaves neither a temporary file nor a changed target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailuna-atomic-'));
    writeFileAtomically(join(dir, 'r.json'), 'one');
    writeFileAtomically(join(dir, 'r.json'), 'two');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe('two');
    // A folder with something in it where the file should go: the rename fails.
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x'), 'x');
    expect(() => writeFileAtomically(join(dir, 'taken'), 'three')).toThrowError();
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'taken']);
  });
});
