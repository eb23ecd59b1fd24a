import { describe, expect, it } from 'vitest';
import { RequestInput } from './input.ts';
import type { PhpObject } from '../php/values.ts';
import { Locales } from '../locale/translator.ts';
import { storeRules, UPDATE_RULES, validate } from './validation.ts';

const english = new Locales().forAccount('en');

const VALID_STORE = { name: 'A cat', description: 'a cat in space', resolution: '512x512' };
const store = (body: PhpObject, quotaReached = false, bannedWords: string[] = []) =>
  validate(RequestInput.from({}, body), storeRules({ quotaReached, bannedWords }), english);
const update = (body: PhpObject) => validate(RequestInput.from({}, body), UPDATE_RULES, english);

describe('store validation (Laravel rule order and messages)', () => {
  it.each<[string, PhpObject, Record<string, string[]>]>([
    ['valid minimal', VALID_STORE, {}],
    ['valid with all enums', { ...VALID_STORE, style: 'anime', medium: 'ink', filter: 'sepia' }, {}],
    ['empty body', {}, {
      name: ['The name field is required.'],
      description: ['The description field is required.'],
      resolution: ['The resolution field is required.'],
    }],
    ['whitespace name is missing', { ...VALID_STORE, name: ' \u200b ' }, { name: ['The name field is required.'] }],
    ['name 128 characters passes', { ...VALID_STORE, name: 'я'.repeat(128) }, {}],
    ['name 129 characters', { ...VALID_STORE, name: 'a'.repeat(129) }, { name: ['The name may not be greater than 128 characters.'] }],
    ['name as a number', { ...VALID_STORE, name: 123 }, { name: ['The name must be a string.'] }],
    ['name as a long array', { ...VALID_STORE, name: Array.from({ length: 129 }, () => 'x') }, {
      name: ['The name must be a string.', 'The name may not be greater than 128 characters.'],
    }],
    ['description 2049', { ...VALID_STORE, description: 'd'.repeat(2049) }, {
      description: ['The description may not be greater than 2048 characters.'],
    }],
    ['resolution unknown', { ...VALID_STORE, resolution: '300x300' }, { resolution: ['The selected resolution is invalid.'] }],
    ['resolution as a number', { ...VALID_STORE, resolution: 512 }, {
      resolution: ['The resolution must be a string.', 'The selected resolution is invalid.'],
    }],
    ['style is case-sensitive', { ...VALID_STORE, style: 'ANIME' }, { style: ['The selected style is invalid.'] }],
    ['null enums are fine', { ...VALID_STORE, style: null, medium: null, filter: null }, {}],
    ['empty-string enums are null', { ...VALID_STORE, style: '', medium: '  ' }, {}],
    ['medium as array', { ...VALID_STORE, medium: ['ink'] }, {
      medium: ['The medium must be a string.', 'The selected medium is invalid.'],
    }],
    ['variations empty', { ...VALID_STORE, variations: '' }, { variations: ['The variations field is required.'] }],
    ['variations null', { ...VALID_STORE, variations: null }, { variations: ['The variations field is required.'] }],
    ['variations abc', { ...VALID_STORE, variations: 'abc' }, {
      variations: ['The variations must be an integer.', 'The selected variations is invalid.'],
    }],
    ['variations -1', { ...VALID_STORE, variations: -1 }, { variations: ['The selected variations is invalid.'] }],
    ['variations 2 passes', { ...VALID_STORE, variations: 2 }, {}],
    ['variations true passes (as 1)', { ...VALID_STORE, variations: true }, {}],
    ['variations "1.0" is not an integer', { ...VALID_STORE, variations: '1.0' }, { variations: ['The variations must be an integer.'] }],
  ])('%s', (_label, body, expected) => {
    expect(store(body)).toEqual(expected);
  });

  it('puts the quota message after the name’s other messages', () => {
    expect(store({ ...VALID_STORE, name: 'a'.repeat(129) }, true)).toEqual({
      name: ['The name may not be greater than 128 characters.', 'You created too many images.'],
    });
    expect(store(VALID_STORE, true)).toEqual({ name: ['You created too many images.'] });
  });

  it('gives no quota message when the name is missing', () => {
    expect(store({ description: 'd', resolution: '256x256' }, true)).toEqual({ name: ['The name field is required.'] });
  });

  it('reports banned words per field, case-insensitively', () => {
    expect(store({ ...VALID_STORE, description: 'A FORBIDDEN thing' }, false, ['forbidden'])).toEqual({
      description: ['The description contains a keyword that is banned.'],
    });
  });

  it('keeps the fields in rule order', () => {
    expect(Object.keys(store({ variations: 'x', filter: 'x', resolution: 'x' }))).toEqual([
      'name', 'description', 'resolution', 'filter', 'variations',
    ]);
  });
});

describe('update validation', () => {
  it.each<[string, PhpObject, Record<string, string[]>]>([
    ['empty body', {}, {}],
    ['favorite 1', { favorite: 1 }, {}],
    ['favorite "1"', { favorite: '1' }, {}],
    ['favorite "+1"', { favorite: '+1' }, {}],
    ['favorite " 1 " (trimmed)', { favorite: ' 1 ' }, {}],
    ['favorite JSON 1.0', { favorite: 1.0 }, {}],
    ['favorite JSON true', { favorite: true }, {}],
    ['favorite 0', { favorite: '0' }, {}],
    ['favorite "01"', { favorite: '01' }, { favorite: ['The favorite must be an integer.'] }],
    ['favorite "1.0"', { favorite: '1.0' }, { favorite: ['The favorite must be an integer.'] }],
    ['favorite "1e0"', { favorite: '1e0' }, { favorite: ['The favorite must be an integer.'] }],
    ['favorite 1.5', { favorite: 1.5 }, { favorite: ['The favorite must be an integer.', 'The favorite must be between 0 and 1.'] }],
    ['favorite false', { favorite: false }, { favorite: ['The favorite must be an integer.'] }],
    ['favorite "a"', { favorite: 'a' }, { favorite: ['The favorite must be an integer.'] }],
    ['favorite "abc"', { favorite: 'abc' }, { favorite: ['The favorite must be an integer.', 'The favorite must be between 0 and 1.'] }],
    ['favorite "true"', { favorite: 'true' }, { favorite: ['The favorite must be an integer.', 'The favorite must be between 0 and 1.'] }],
    ['favorite 2', { favorite: 2 }, { favorite: ['The favorite must be between 0 and 1.'] }],
    ['favorite null', { favorite: null }, { favorite: ['The favorite field is required.'] }],
    ['favorite ""', { favorite: '' }, { favorite: ['The favorite field is required.'] }],
    ['favorite []', { favorite: [] }, { favorite: ['The favorite field is required.'] }],
    ['name ""', { name: '' }, { name: ['The name field is required.'] }],
    ['name 123', { name: 123 }, { name: ['The name must be a string.'] }],
    ['name 129', { name: 'a'.repeat(129) }, { name: ['The name may not be greater than 128 characters.'] }],
    ['other fields are ignored', { style: 'nonsense', resolution: 5 }, {}],
  ])('%s', (_label, body, expected) => {
    expect(update(body)).toEqual(expected);
  });

  it('reads the query too', () => {
    expect(validate(RequestInput.from({ favorite: 'x' }, {}), UPDATE_RULES, english)).toEqual({
      favorite: ['The favorite must be an integer.'],
    });
  });
});
