import { describe, expect, it } from 'vitest';
import { colourEnabled, colours, paintStatus, palette } from './terminal.ts';

describe('colourEnabled', () => {
  it.each<[boolean, Record<string, string>, boolean]>([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [false, { FORCE_COLOR: '' }, true],
    [false, { FORCE_COLOR: '3' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [true, { FORCE_COLOR: 'false' }, false],
    [false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
  ])('isTTY %s with %j: %s', (isTTY, env, expected) => {
    expect(colourEnabled({ isTTY }, env)).toBe(expected);
  });
});

describe('palette', () => {
  it('wraps text in ANSI codes only when enabled', () => {
    expect(palette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(palette(false).red('x')).toBe('x');
    expect(colours({ out: () => {}, err: () => {} }, 'out').enabled).toBe(false);
  });

  it('colours a status by its class', () => {
    const paint = palette(true);
    expect([200, 302, 404, 500].map((status) => paintStatus(paint, status))).toEqual([
      '\u001b[32m200\u001b[39m', '\u001b[36m302\u001b[39m', '\u001b[33m404\u001b[39m', '\u001b[31m500\u001b[39m',
    ]);
  });
});
