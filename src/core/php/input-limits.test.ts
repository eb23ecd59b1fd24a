import { describe, expect, it } from 'vitest';
import { decodeJson, jsonNesting } from './json.ts';
import { parseStr, readMultipartFields, readPostForm, readQueryString } from './parse-str.ts';

/** `[[[…]]]` nested `levels` deep (the outer array counts as 1); `0` for none. */
const arrays = (levels: number) => (levels === 0 ? '0' : `${'['.repeat(levels)}${']'.repeat(levels)}`);
/** `n` variables `v0=1&v1=1…`. */
const dummies = (n: number) => Array.from({ length: n }, (_, i) => `v${i}=1`);
/** `name` followed by `groups` `[x]` groups. */
const nested = (name: string, groups: number) => `${name}${'[x]'.repeat(groups)}`;

describe('json_decode\'s depth (512)', () => {
  it.each<[string, string, number]>([
    ['a scalar', '"x"', 0],
    ['an empty object', '{}', 1],
    ['an object holding an array', '{"a":[1,{"b":2}]}', 3],
    ['brackets inside strings do not count', '{"a":"[[[{{{","b":"\\"[["}', 1],
    ['an escaped backslash ends before the quote', '{"a":"\\\\","b":[[]]}', 3],
    ['siblings do not add up', '[[],[],[[]]]', 3],
  ])('measures %s', (_label, text, expected) => {
    expect(jsonNesting(text)).toBe(expected);
  });

  it.each([1, 100, 511])('reads %i levels', (levels) => {
    const decoded = decodeJson(`{"a":${arrays(levels - 1)}}`);
    expect(decoded.ok).toBe(true);
  });

  it.each([512, 513, 20_000, 1_000_000])('refuses %i levels without recursing', (levels) => {
    const decoded = decodeJson(`{"a":${arrays(levels - 1)}}`);
    expect(decoded).toEqual({ ok: false, reason: 'too-deep', nesting: levels });
  });

  it('says malformed for broken JSON that is not too deep', () => {
    expect(decodeJson('{"a":')).toEqual({ ok: false, reason: 'malformed', nesting: 1 });
  });
});

describe('max_input_vars (1000)', () => {
  it('a query string (php_default_treat_data) keeps the first 1000 and skips empty segments', () => {
    const kept = readQueryString([...dummies(999), 'last=1'].join('&'));
    expect(kept.fields.last).toBe('1');
    expect(kept.warnings).toEqual([]);
    const dropped = readQueryString([...dummies(1000), 'last=1'].join('&'));
    expect(dropped.fields.last).toBeUndefined();
    expect(Object.keys(dropped.fields)).toHaveLength(1000);
    expect(dropped.warnings).toEqual(['The query string has 1001 variables; like PHP (max_input_vars), the real API reads only the first 1000 and drops the rest.']);
    // Empty segments are skipped by the tokenizer, so they do not count.
    expect(readQueryString(`${dummies(999).join('&&&')}&&last=1&`).fields.last).toBe('1');
  });

  it('a PUT form body reads like a query string (Symfony uses parse_str)', () => {
    expect(readQueryString([...dummies(1000), 'last=1'].join('&'), 'The form body').warnings[0]).toMatch(/^The form body has 1001 variables/);
  });

  it('a POST form (add_post_vars) keeps the first 1001; empty segments count, a final & does not', () => {
    expect(readPostForm([...dummies(1000), 'last=1'].join('&')).fields.last).toBe('1');
    expect(readPostForm([...dummies(1000), 'last=1', ''].join('&')).fields.last).toBe('1');
    const dropped = readPostForm([...dummies(1001), 'last=1'].join('&'));
    expect(dropped.fields.last).toBeUndefined();
    expect(Object.keys(dropped.fields)).toHaveLength(1001);
    expect(dropped.warnings).toEqual(['The form body has 1002 variables (an empty one between two & counts); like PHP (max_input_vars), the real API reads a POST form\'s first 1001 and drops the rest.']);
    // 999 variables and one empty segment are 1000: the next is the 1001st, still read.
    expect(readPostForm(`${dummies(999).join('&')}&&last=1`).fields.last).toBe('1');
    // 1000 variables and one empty segment are 1001: the next is dropped.
    expect(readPostForm(`${dummies(1000).join('&')}&&last=1`).fields.last).toBeUndefined();
    expect(readPostForm('').fields).toEqual({});
  });

  it('a multipart body (rfc1867) keeps the first 1000 fields', () => {
    const fields = (n: number) => dummies(n).map((pair) => [pair.split('=')[0] as string, '1'] as const);
    expect(readMultipartFields([...fields(999), ['last', '1']]).fields.last).toBe('1');
    const dropped = readMultipartFields([...fields(1000), ['last', '1']]);
    expect(dropped.fields.last).toBeUndefined();
    expect(dropped.warnings).toEqual(['The multipart body has 1001 fields; like PHP (max_input_vars), the real API reads only the first 1000 and drops the rest.']);
  });

  it('a multipart body stops at part 1021 (max_multipart_body_parts = 1000 + 20), files included', () => {
    const files = Array.from({ length: 30 }, (_, i) => [`f${i}`, null] as const);
    const fields = dummies(989).map((pair) => [pair.split('=')[0] as string, '1'] as const);
    expect(readMultipartFields([...files, ...fields, ['last', '1']]).fields.last).toBe('1');
    const cut = readMultipartFields([...files, ...fields, ['extra', '1'], ['last', '1']]);
    expect(cut.fields.extra).toBe('1');
    expect(cut.fields.last).toBeUndefined();
    expect(cut.warnings[0]).toMatch(/^The multipart body has 1021 parts; PHP stops reading at part 1021/);
  });
});

describe('max_input_nesting_level (64)', () => {
  it('keeps a variable of 64 groups', () => {
    const fields = parseStr(`${nested('a', 64)}=v`);
    let value: unknown = fields.a;
    for (let i = 0; i < 64; i++) value = (value as Record<string, unknown>).x;
    expect(value).toBe('v');
  });

  it.each([65, 66, 20_000])('drops a variable of %i groups and deletes its name', (groups) => {
    const parsed = readQueryString(`a=1&b=2&${nested('a', groups)}=v`);
    expect(parsed.fields).toEqual({ b: '2' });
    expect(parsed.warnings).toEqual([
      'A variable nested deeper than 64 levels of [] (a) is dropped by PHP (max_input_nesting_level), which also deletes what it read under that name before; the real API sees none of it (from PHP\'s source, not measured upstream).',
    ]);
  });

  it('counts an unclosed group after the 64th, and the name comes back when sent again', () => {
    expect(parseStr(`a=1&${nested('a', 64)}[y=v`)).toEqual({});
    expect(parseStr(`${nested('a', 65)}=v&a=2`)).toEqual({ a: '2' });
    expect(parseStr(`${nested('a', 64)}y[z]=v`).a).toBeTypeOf('object');
  });

  it('applies to POST forms and multipart fields too', () => {
    expect(readPostForm(`a=1&${nested('a', 65)}=v`).fields).toEqual({});
    expect(readMultipartFields([['a', '1'], [nested('a', 65), 'v']]).fields).toEqual({});
  });
});

describe('php_register_variable_ex name rules', () => {
  it.each<[string, unknown]>([
    ['[a]=1&b=2', { b: '2' }],
    ['a[ ]=1&a[ ]=2', { a: ['1', '2'] }],
    ['a[\t]=1', { a: ['1'] }],
    ['a[  ]=1', { a: { '  ': '1' } }],
    ['a[b=1', { a_b: '1' }],
    ['a b[c.d]=1', { a_b: { 'c.d': '1' } }],
    [`${'['.repeat(20_000)}=1`, {}],
  ])('%s', (input, expected) => {
    expect(parseStr(input)).toEqual(expected);
  });

  it('a name of 20,000 unclosed groups is one plain variable', () => {
    expect(Object.keys(parseStr(`a${'['.repeat(20_000)}=1`))).toEqual([`a${'_'.repeat(20_000)}`]);
  });
});
