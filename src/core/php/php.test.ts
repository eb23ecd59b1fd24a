import { describe, expect, it } from 'vitest';
import { encodeControllerJson, encodeFrameworkJson } from './json.ts';
import { parseStr } from './parse-str.ts';
import { isNumeric, isPhpInteger, looseEquals } from './values.ts';

describe('parse_str', () => {
  it.each<[string, unknown]>([
    ['a=1&b=2', { a: '1', b: '2' }],
    ['a=1&a=2', { a: '2' }],
    ['a[]=1&a[]=2', { a: ['1', '2'] }],
    ['a[x]=1&a[y][]=2', { a: { x: '1', y: ['2'] } }],
    ['per.page=10&sort%20by=id', { per_page: '10', sort_by: 'id' }],
    ['q=a+b%20c', { q: 'a b c' }],
    ['empty=&novalue', { empty: '', novalue: '' }],
    ['%=x&bad=%zz', { '%': 'x', bad: '%zz' }],
    ['=x&&', {}],
    ['name=%D0%BA%D0%BE%D1%82', { name: 'кот' }],
  ])('%s', (input, expected) => {
    expect(parseStr(input)).toEqual(expected);
  });
});

describe('PHP value rules', () => {
  it.each([['1', true], [' 1', true], ['1.5', true], ['1e3', true], ['.5', true], ['0x1A', false], ['abc', false], ['', false]])(
    'is_numeric(%j) = %j', (value, expected) => expect(isNumeric(value)).toBe(expected));
  it.each([['1', true], ['+1', true], ['-0', true], ['01', false], ['1.0', false], ['9223372036854775808', false]])(
    'FILTER_VALIDATE_INT(%j) = %j', (value, expected) => expect(isPhpInteger(value)).toBe(expected));
  it.each<[string | number, string | number, boolean]>([['25.0', 25, true], ['1e1', 10, true], ['25abc', 25, false], ['abc', 'abc', true]])(
    '%j == %j is %j', (a, b, expected) => expect(looseEquals(a, b)).toBe(expected));
});

describe('PHP JSON encoding', () => {
  it('escapes slashes and non-ASCII in controller bodies', () => {
    expect(encodeControllerJson({ url: 'http://x/y', name: 'кот 😀' })).toBe(
      '{"url":"http:\\/\\/x\\/y","name":"\\u043a\\u043e\\u0442 \\ud83d\\ude00"}');
  });
  it('pretty-prints framework bodies with slashes kept', () => {
    expect(encodeFrameworkJson({ message: 'The route a/b could not be found.' })).toBe(
      '{\n    "message": "The route a/b could not be found."\n}');
  });
});

describe('input named like Object.prototype members', () => {
  it('keeps __proto__ and constructor as plain fields', () => {
    const parsed = parseStr('__proto__[x]=1&constructor=2&a[__proto__]=3');
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor', 'a']);
    expect(parsed.constructor).toBe('2');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
