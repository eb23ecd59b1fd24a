import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES } from './enums.ts';
import type { ValidationMessages } from '../errors.ts';
import type { RequestInput } from './input.ts';
import { SITE_STRINGS, type Translator } from '../locale/translator.ts';
import {
  isNumeric, isPhpArray, isPhpInteger, looseEquals, mbStrlen, numericValue, phpCount, phpTrim, toPhpString,
  type PhpValue,
} from '../php/values.ts';

/**
 * A small Laravel validator: the rules the Images API uses, with Laravel's semantics —
 * rules of a field run in order, a failed `required` stops the field, other failures add up,
 * non-`required` rules are skipped for absent fields and for null when `nullable`.
 */

export type Rule =
  | { name: 'required' }
  | { name: 'sometimes' }
  | { name: 'nullable' }
  | { name: 'string' }
  | { name: 'integer' }
  | { name: 'max'; size: number }
  | { name: 'between'; min: number; max: number }
  | { name: 'in'; values: readonly string[] }
  /** A rule of the application's own: its message is a site string, passed through `__()`. */
  | { name: 'custom'; message: (lang: Translator, field: string) => string; passes: (value: PhpValue) => boolean };

export type RuleSet = ReadonlyArray<readonly [field: string, rules: readonly Rule[]]>;

const required: Rule = { name: 'required' };
const sometimes: Rule = { name: 'sometimes' };
const nullable: Rule = { name: 'nullable' };
const string: Rule = { name: 'string' };
const integer: Rule = { name: 'integer' };
const max = (size: number): Rule => ({ name: 'max', size });
const oneOf = (values: readonly (string | number)[]): Rule => ({ name: 'in', values: values.map(String) });

export interface StoreRuleOptions {
  /** The plan's monthly allowance is used up: the `name` rule that says so fails. */
  quotaReached: boolean;
  /** The site's banned words (an admin setting, empty as shipped). */
  bannedWords: readonly string[];
}

/** The rules of `POST /images`, in upstream order. */
export function storeRules({ quotaReached, bannedWords }: StoreRuleOptions): RuleSet {
  const banned = (field: string): Rule[] => bannedWords.length === 0 ? [] : [{
    name: 'custom',
    // The attribute is replaced inside __(), before the validator could: the raw field name
    // shows, in every locale (measured: "Поле name …").
    message: (lang) => lang.text(SITE_STRINGS.bannedKeyword, { attribute: field }),
    passes: (value) => !containsBannedWord(value, bannedWords),
  }];
  const quota: Rule[] = quotaReached
    ? [{ name: 'custom', message: (lang) => lang.text(SITE_STRINGS.quotaReached), passes: () => false }]
    : [];
  return [
    ['name', [required, string, max(128), ...quota, ...banned('name')]],
    ['description', [required, string, max(2048), ...banned('description')]],
    ['resolution', [required, string, oneOf(RESOLUTIONS), ...banned('resolution')]],
    ['style', [nullable, string, oneOf(STYLES), ...banned('style')]],
    ['medium', [nullable, string, oneOf(MEDIUMS), ...banned('medium')]],
    ['filter', [nullable, string, oneOf(FILTERS), ...banned('filter')]],
    ['variations', [sometimes, required, integer, oneOf([1, 2, 3, 4])]],
  ];
}

/** The rules of `PUT/PATCH /images/{id}`. */
export const UPDATE_RULES: RuleSet = [
  ['name', [sometimes, required, string, max(128)]],
  ['favorite', [sometimes, required, integer, { name: 'between', min: 0, max: 1 }]],
];

function containsBannedWord(value: PhpValue, words: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  const lower = value.toLowerCase();
  return words.some((word) => word !== '' && lower.includes(word.toLowerCase()));
}

/**
 * Validates input against rules; returns the messages object (empty when valid), worded in the
 * translator's locale.
 */
export function validate(input: RequestInput, rules: RuleSet, lang: Translator): ValidationMessages {
  const messages: ValidationMessages = {};
  for (const [field, fieldRules] of rules) {
    const present = input.has(field);
    const value = input.get(field) ?? null;
    if (fieldRules.some((r) => r.name === 'sometimes') && !present) continue;
    const isNullable = fieldRules.some((r) => r.name === 'nullable');
    const hasNumericRule = fieldRules.some((r) => r.name === 'integer');
    // Laravel's getAttributeType: from the field's rules (none of the API's fields has `array`).
    const type = hasNumericRule ? 'numeric' : 'string';
    for (const rule of fieldRules) {
      if (rule.name === 'sometimes' || rule.name === 'nullable') continue;
      if (rule.name === 'required') {
        if (!passesRequired(value)) {
          (messages[field] ??= []).push(lang.validationMessage('required', field));
          break; // a failed implicit rule stops the field
        }
        continue;
      }
      // Laravel runs other rules only on present fields, and not on null when nullable.
      if (!present || (isNullable && value === null)) continue;
      const message = check(rule, field, value, hasNumericRule, type, lang);
      if (message !== null) (messages[field] ??= []).push(message);
    }
  }
  return messages;
}

function passesRequired(value: PhpValue): boolean {
  if (value === null) return false;
  // Laravel's validateRequired: `trim($value) === ''` fails, after TrimStrings (so `" \0 "` fails).
  if (typeof value === 'string') return phpTrim(value) !== '';
  if (isPhpArray(value)) return phpCount(value) > 0;
  return true;
}

function check(rule: Rule, field: string, value: PhpValue, hasNumericRule: boolean, type: string, lang: Translator): string | null {
  switch (rule.name) {
    case 'string':
      return typeof value === 'string' ? null : lang.validationMessage('string', field);
    case 'integer':
      return isPhpInteger(value) ? null : lang.validationMessage('integer', field);
    case 'max':
      return sizeOf(value, hasNumericRule) <= rule.size
        ? null
        : lang.validationMessage(`max.${type}`, field, { max: String(rule.size) });
    case 'between': {
      const size = sizeOf(value, hasNumericRule);
      return size >= rule.min && size <= rule.max
        ? null
        : lang.validationMessage(`between.${type}`, field, { min: String(rule.min), max: String(rule.max) });
    }
    case 'in':
      // validateIn: arrays never pass; scalars are cast to string and compared loosely.
      return !isPhpArray(value) && rule.values.some((v) => looseEquals(toPhpString(value as string), v))
        ? null
        : lang.validationMessage('in', field);
    case 'custom':
      return rule.passes(value) ? null : rule.message(lang, field);
    default:
      return null;
  }
}

/** Laravel's getSize(): numbers (with a numeric rule), array counts, else string length. */
function sizeOf(value: PhpValue, hasNumericRule: boolean): number {
  if (hasNumericRule && isNumeric(value)) return numericValue(value as string | number);
  if (isPhpArray(value)) return phpCount(value);
  return mbStrlen(toPhpString(value as string | number | boolean | null));
}
