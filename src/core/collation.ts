/**
 * The MySQL/MariaDB comparisons the upstream queries rely on: the default collation
 * (case- and accent-insensitive, PAD SPACE) and comparing a number with a string.
 */

const COMBINING_MARKS = /\p{M}/gu;

/** Folds a string so that two strings equal under the collation fold to the same text. */
export function foldForCollation(text: string): string {
  // Accents go with NFD + dropping combining marks (é → e, ё → е); then case goes.
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Equality under the collation, ignoring trailing spaces as PAD SPACE collations do. */
export function collationEquals(a: string, b: string): boolean {
  return foldForCollation(a.replace(/ +$/, '')) === foldForCollation(b.replace(/ +$/, ''));
}

// Unicode collation puts spaces and punctuation before digits, digits before letters,
// and scripts in code point order (Latin before Cyrillic).
function characterGroup(ch: string): number {
  if (/[\p{L}]/u.test(ch)) return 2;
  if (/[\p{N}]/u.test(ch)) return 1;
  return 0;
}

/** A sort key for `ORDER BY name`: compare two keys with `compareSortKeys`. */
export function collationSortKey(text: string): string {
  const folded = foldForCollation(text.replace(/ +$/, ''));
  let key = '';
  for (const ch of folded) {
    // One fixed-width cell per character: group digit + code point in 6 hex digits.
    key += characterGroup(ch) + (ch.codePointAt(0) as number).toString(16).padStart(6, '0');
  }
  return key;
}

export function compareSortKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `name LIKE '%search%'` under the collation: `%` is any run, `_` one character,
 * and `\` makes the next character literal.
 */
export function likeContainsMatcher(search: string): (name: string) => boolean {
  const pattern = foldForCollation(search);
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\' && i + 1 < pattern.length) {
      regex += escapeRegex(pattern[++i] as string);
    } else if (ch === '%') {
      regex += '[\\s\\S]*';
    } else if (ch === '_') {
      regex += '[\\s\\S]';
    } else {
      regex += escapeRegex(ch);
    }
  }
  const compiled = new RegExp(regex, 'u');
  return (name) => compiled.test(foldForCollation(name));
}

// Only the syntax characters (and `/`): a `u` regex rejects other escapes such as `\-`.
function escapeRegex(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/**
 * How MySQL reads a string as a number when comparing it with one: leading whitespace
 * skipped, the longest numeric prefix read as a real number, none = 0.
 */
export function mysqlNumericPrefix(text: string): number {
  const match = /^[ \t\n\r\v\f]*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)/.exec(text);
  if (!match || match[1] === undefined) return 0;
  const value = Number(match[1]);
  return Number.isFinite(value) ? value : 0;
}
