import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForCollation, likeContainsMatcher, likeContainsPattern } from './collation.ts';

/** The plain definition of `LIKE '%search%'`, as a regular expression (exponential on some inputs). */
function reference(search: string, name: string): boolean {
  const characters = Array.from(foldForCollation(search));
  let source = '';
  for (let i = 0; i < characters.length; i++) {
    const ch = characters[i] as string;
    if (ch === '\\' && i + 1 < characters.length) source += escape(characters[++i] as string);
    else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += escape(ch);
  }
  return new RegExp(source, 'u').test(foldForCollation(name));
}

function escape(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

describe("name LIKE '%search%' under the collation", () => {
  it.each<[string, string, boolean]>([
    ['cat', 'A Cat in space', true],
    ['épée', 'EPEE', true],
    ['c_t', 'a cat', true],
    ['c_t', 'a ct', false],
    ['c%t', 'a cart', true],
    ['100\\%', '100% cotton', true],
    ['100\\%', '1000 cotton', false],
    ['a\\_b', 'a_b', true],
    ['a\\_b', 'axb', false],
    ['_', '', false],
    ['%', '', true],
    ['x\\', 'ax\\', true],
    ['ф_я', 'ФЫЯ', true],
    ['_😀_', 'a😀b', true],
    ['a%b%c', 'xaybzc', true],
    ['a%b%c', 'xaybz', false],
  ])('%j in %j: %s', (search, name, expected) => {
    expect(likeContainsMatcher(search)(name)).toBe(expected);
    expect(reference(search, name)).toBe(expected);
  });

  it('agrees with the regular-expression definition on random patterns and names', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'é', '%', '_', '\\', ' ', 'ж', '😀');
    fc.assert(fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(alphabet, { maxLength: 14 }), (search, name) => {
      const [s, n] = [search.join(''), name.join('')];
      expect(likeContainsMatcher(s)(n)).toBe(reference(s, n));
    }), { numRuns: 5000 });
  });

  it('a pattern of many wildcards against a long name answers at once (a regular expression backtracks for minutes)', () => {
    const pattern = likeContainsPattern('a%a%a%a%a%a%a%a%a%a%a%a%b');
    expect(pattern.matchesFolded('a'.repeat(128))).toBe(false);
    expect(pattern.matchesFolded(`${'a'.repeat(127)}b`)).toBe(true);
    expect(pattern.literals).toEqual([...Array(12).fill('a'), 'b']);
  });
});
