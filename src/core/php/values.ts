/**
 * PHP's value model and the few loose-typing rules of PHP 8 that the upstream application's
 * behaviour depends on (it is a Laravel 9 app). Request input arrives as these values.
 */

/** A value as PHP sees request input: strings from query/form, anything JSON can hold from JSON. */
export type PhpValue = string | number | boolean | null | PhpValue[] | PhpObject;
export interface PhpObject {
  [key: string]: PhpValue;
}

/**
 * A new empty map for request input. It has no prototype, so a field named `__proto__` or
 * `constructor` is just a field, as it is for PHP.
 */
export function phpObject(): PhpObject {
  return Object.create(null) as PhpObject;
}

export function isPhpArray(value: PhpValue | undefined): value is PhpValue[] | PhpObject {
  return typeof value === 'object' && value !== null;
}

/** Number of elements of a PHP array (list or map). */
export function phpCount(value: PhpValue[] | PhpObject): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

// PHP 8 numeric strings: optional leading/trailing whitespace, sign, digits with optional
// fraction, optional exponent. No hex, no binary, no "inf".
const NUMERIC_STRING = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** PHP's `is_numeric()`. */
export function isNumeric(value: PhpValue | undefined): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return NUMERIC_STRING.test(value);
  return false;
}

/** PHP's `empty()`: null, false, 0, "", "0" and empty arrays. */
export function isEmpty(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === '0') return true;
  if (typeof value === 'number') return value === 0;
  if (isPhpArray(value)) return phpCount(value) === 0;
  return false;
}

/** PHP's truthiness (`if ($value)`): the opposite of empty(). */
export function isTruthy(value: PhpValue | undefined): boolean {
  return !isEmpty(value);
}

/**
 * `text` without the characters `trimmed` accepts at either end. A loop, not a regular
 * expression: `[…]+$` is quadratic on a long run of such characters inside the text.
 */
export function trimEnds(text: string, trimmed: (code: number) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && trimmed(text.charCodeAt(start))) start++;
  while (end > start && trimmed(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * PHP's `trim()` with its default characters: space, `\t`, `\n`, `\r`, `\0` and `\x0B`. Unlike
 * JavaScript's `trim()` it removes U+0000 and keeps `\f` and the Unicode spaces.
 */
export function phpTrim(text: string): string {
  return trimEnds(text, (code) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x00 || code === 0x0b);
}

/** `(string) $value` for scalars: true → "1", false/null → "", floats without a trailing ".0". */
export function toPhpString(value: string | number | boolean | null): string {
  if (value === null || value === false) return '';
  if (value === true) return '1';
  if (typeof value === 'number') return phpNumberToString(value);
  return value;
}

function phpNumberToString(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  // PHP prints floats with precision 17 and switches to E notation like this.
  const text = String(value);
  return text.replace('e+', 'E+').replace('e-', 'E-');
}

/** `filter_var($value, FILTER_VALIDATE_INT) !== false`: the integer rule of Laravel. */
export function isPhpInteger(value: PhpValue | undefined): boolean {
  if (value === undefined || value === null || isPhpArray(value)) return false;
  if (typeof value === 'number') return Number.isInteger(value) && Number.isSafeInteger(value);
  const text = toPhpString(value).trim();
  // FILTER_VALIDATE_INT: optional sign, no leading zeros (but "0" itself), 64-bit range.
  if (!/^[+-]?(0|[1-9]\d*)$/.test(text)) return false;
  const big = BigInt(text.replace(/^\+/, ''));
  return big <= 9223372036854775807n && big >= -9223372036854775808n;
}

/** The numeric value of a numeric string or number (only call after isNumeric). */
export function numericValue(value: string | number): number {
  return typeof value === 'number' ? value : Number(value.trim());
}

/**
 * PHP 8 loose comparison `$a == $b` of a request value with a string or number constant, as
 * `in_array()` does: two numeric operands compare as numbers, otherwise as strings.
 */
export function looseEquals(value: PhpValue | undefined, constant: string | number): boolean {
  if (value === undefined || isPhpArray(value)) return false;
  if (typeof value === 'boolean' || value === null) {
    const constantTruthy = isTruthy(constant);
    return value === null ? !constantTruthy : value === constantTruthy;
  }
  if (isNumeric(value) && isNumeric(constant)) return numericValue(value) === numericValue(constant);
  if (typeof value === 'number' || typeof constant === 'number') {
    // PHP 8: number vs non-numeric string compares the number cast to string.
    return toPhpString(value) === toPhpString(constant);
  }
  return value === constant;
}

/** Multi-byte length (`mb_strlen`), counting code points rather than UTF-16 units. */
export function mbStrlen(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Laravel's `Arr::flatten` followed by `head()`: the first scalar of a nested array. */
export function firstScalar(value: PhpValue): string | number | boolean | null {
  if (!isPhpArray(value)) return value;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (isPhpArray(item)) {
      if (phpCount(item) === 0) continue;
      return firstScalar(item);
    }
    return item;
  }
  return null;
}
