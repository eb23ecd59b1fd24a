import { describe, expect, it } from 'vitest';
import { RequestInput, trimString } from './input.ts';
import { phpTrim } from '../php/values.ts';
import { Locales } from '../locale/translator.ts';
import { storeRules, UPDATE_RULES, validate } from './validation.ts';
import { codePointLabel, KEPT, REMOVED } from '../../test-support/trim-table.ts';

describe('TrimStrings (the characters removed at both ends)', () => {
  it.each(REMOVED.map((code) => [codePointLabel(code), String.fromCharCode(code)] as const))('%s is removed at the start, the end and both', (_label, ch) => {
    expect(trimString(`${ch}a b`)).toBe('a b');
    expect(trimString(`a b${ch}`)).toBe('a b');
    expect(trimString(`${ch}${ch}a${ch}b${ch}`)).toBe(`a${ch}b`);
    expect(trimString(ch.repeat(3))).toBe('');
  });

  it.each(KEPT.map((code) => [codePointLabel(code), String.fromCharCode(code)] as const))('%s is kept', (_label, ch) => {
    expect(trimString(`${ch}a`)).toBe(`${ch}a`);
    expect(trimString(`a${ch}`)).toBe(`a${ch}`);
    expect(trimString(` ${ch} `)).toBe(ch);
  });

  it('differs from JavaScript\'s trim() exactly where upstream does', () => {
    expect('\u0085a\u180e'.trim()).toBe('\u0085a\u180e');
    expect(trimString('\u0085a\u180e')).toBe('a');
  });

  it('turns a string of removed characters into null, keeping the key', () => {
    const input = RequestInput.from({ search: '\u180e' }, { name: '\u0085\u3000', style: ' anime\u2029' });
    expect(input.has('name')).toBe(true);
    expect(input.get('name')).toBeNull();
    expect(input.get('search')).toBeNull();
    expect(input.get('style')).toBe('anime');
  });

  it('is linear on a long run of spaces inside the text (no backtracking)', () => {
    // 2,000,000 inner spaces: a `[\s]+$` regular expression would take hours here.
    const text = `a${' '.repeat(2_000_000)}b`;
    expect(trimString(` ${text} `)).toBe(text);
    expect(phpTrim(`\0${text}\0`)).toBe(text);
  });
});

describe('required tests the trimmed value with PHP\'s trim()', () => {
  const english = new Locales().forAccount('en');
  const valid = { name: 'A cat', description: 'd', resolution: '512x512' };
  const store = (name: string) => validate(RequestInput.from({}, { ...valid, name }), storeRules({ quotaReached: false, bannedWords: [] }), english);
  const update = (name: string) => validate(RequestInput.from({}, { name }), UPDATE_RULES, english);
  const required = { name: ['The name field is required.'] };

  it.each<[string, string, object]>([
    ['only U+0000', '\u0000', required],
    ['U+0000 between spaces', ' \u0000 ', required],
    ['U+0000, tab, vertical tab, NUL', '\u0000\t\u000b\u0000', required],
    ['U+0000 then a removed Unicode space', '\u0000\u3000', required],
    ['only U+180E', '\u180e', required],
    ['only U+0085', '\u0085', required],
    ['a NUL inside is kept', 'a\u0000', {}],
    ['NUL around a Unicode space: that space is not PHP trim()\'s', '\u0000\u00a0\u0000', {}],
    ['a form feed between NULs: PHP trim() keeps it', '\u0000\f\u0000', {}],
    ['only U+200C (kept by TrimStrings)', '\u200c', {}],
  ])('%s', (_label, name, messages) => {
    expect(store(name)).toEqual(messages);
    expect(update(name)).toEqual(messages);
  });

  it('phpTrim removes exactly space, \\t, \\n, \\r, \\0 and \\x0B', () => {
    expect(phpTrim(' \t\n\r\0\x0Ba\0\x0B\r\n\t ')).toBe('a');
    expect(phpTrim('\fa\u00a0')).toBe('\fa\u00a0');
  });
});
