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
  return collationFold(a) === collationFold(b);
}

/** What `collationEquals` compares: two strings are equal under the collation when these are equal. */
export function collationFold(text: string): string {
  return foldForCollation(text.replace(/ +$/, ''));
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
  for (const ch of folded) key += sortCell(ch);
  return key;
}

// One fixed-width cell per character: group digit + code point in 6 hex digits (cached: names
// repeat the same few dozen characters, and the Unicode property tests are the slow part).
const sortCells = new Map<string, string>();
function sortCell(ch: string): string {
  let cell = sortCells.get(ch);
  if (cell === undefined) {
    cell = characterGroup(ch) + (ch.codePointAt(0) as number).toString(16).padStart(6, '0');
    if (sortCells.size < 65_536) sortCells.set(ch, cell);
  }
  return cell;
}

export function compareSortKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `name LIKE '%search%'` under the collation: `%` is any run, `_` one character,
 * and `\\` makes the next character literal.
 */
export function likeContainsMatcher(search: string): (name: string) => boolean {
  const pattern = likeContainsPattern(search);
  return (name) => pattern.matchesFolded(foldForCollation(name));
}

/** A compiled `LIKE '%search%'`, tested against names already folded with `foldForCollation`. */
export interface LikePattern {
  matchesFolded(foldedName: string): boolean;
  /**
   * The folded literal pieces between wildcards: every matching name contains each of them
   * (what an n-gram index can look up).
   */
  literals: string[];
}

export function likeContainsPattern(search: string): LikePattern {
  const pattern = foldForCollation(search);
  // `%search%`: a run of anything before and after.
  const tokens: LikeToken[] = [ANY];
  const literals: string[] = [];
  let literal = '';
  const characters = Array.from(pattern);
  for (let i = 0; i < characters.length; i++) {
    const ch = characters[i] as string;
    if (ch === '\\' && i + 1 < characters.length) {
      const escaped = characters[++i] as string;
      tokens.push(escaped);
      literal += escaped;
    } else if (ch === '%' || ch === '_') {
      if (ch === '_') tokens.push(ONE);
      else if (tokens[tokens.length - 1] !== ANY) tokens.push(ANY);
      if (literal !== '') literals.push(literal);
      literal = '';
    } else {
      tokens.push(ch);
      literal += ch;
    }
  }
  if (literal !== '') literals.push(literal);
  if (tokens[tokens.length - 1] !== ANY) tokens.push(ANY);
  // Without wildcards the pattern is one literal: a plain substring test says the same, faster.
  return new CompiledLike(literals, literals.length === 1 && literals[0] === pattern ? pattern : null, tokens);
}

// A class rather than closures: one is compiled per search request.
class CompiledLike implements LikePattern {
  constructor(
    readonly literals: string[],
    /** The whole pattern when it has no wildcards (then a substring test). */
    private readonly text: string | null,
    private readonly tokens: readonly LikeToken[],
  ) {}

  matchesFolded(foldedName: string): boolean {
    return this.text !== null ? foldedName.includes(this.text) : wildcardMatch(this.tokens, Array.from(foldedName));
  }
}

/** One code point to match, or a wildcard: `_` one code point, `%` any run. */
type LikeToken = string | typeof ONE | typeof ANY;
const ONE = Symbol('_');
const ANY = Symbol('%');

/**
 * Wildcard matching by two pointers, going back only to the last `%` (never exponential, unlike a
 * regular expression with several `.*`: `a%a%a%a%b` against 128 `a`s would run for minutes).
 */
function wildcardMatch(tokens: readonly LikeToken[], text: readonly string[]): boolean {
  let t = 0;
  let p = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token === ONE || (token !== undefined && token !== ANY && token === text[t])) {
      p += 1;
      t += 1;
    } else if (token === ANY) {
      star = p;
      p += 1;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      resume += 1;
      t = resume;
    } else {
      return false;
    }
  }
  while (tokens[p] === ANY) p += 1;
  return p === tokens.length;
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
