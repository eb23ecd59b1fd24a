import { describe, expect, it } from 'vitest';
import { constantTimeEquals } from './constant-time.ts';

describe('constantTimeEquals', () => {
  it.each([
    ['abc', 'abc', true],
    ['', '', true],
    ['abc', 'abd', false],
    ['abc', 'ab', false],
    ['ab', 'abc', false],
    ['', 'a', false],
    ['ключ', 'ключ', true],
    ['ключ', 'ключи', false],
    ['a\u0000', 'a', false],
    ['😀', '😁', false],
  ])('%j vs %j is %s', (a, b, expected) => {
    expect(constantTimeEquals(a, b)).toBe(expected);
  });
});
