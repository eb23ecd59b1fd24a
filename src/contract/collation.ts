/*
 * The contract kit's own reading of upstream's database collation (MySQL's default Unicode
 * collation: case- and accent-insensitive, PAD SPACE), as far as the checks need it to judge
 * filters, search and `sort_by=name`. It deliberately shares nothing with the fake's
 * src/core/list/collation.ts: it leans on ICU's root collation (the Unicode Collation Algorithm, as MySQL's
 * Unicode collations do) instead of the fake's hand-made sort keys, so a collation bug in the fake
 * cannot pass its own contract. collation.test.ts holds it to the genuine recordings.
 */

// `base`: only the letters count, not their case or accents (`Alpha` = `alpha`, `épée` = `epee`).
// Punctuation and spaces are not ignored (ICU's default, as in MySQL): `CITY #12` < `CITY #2`,
// spaces and punctuation before digits, digits before letters, Latin before Cyrillic.
const collator = new Intl.Collator('und', { sensitivity: 'base', usage: 'sort' });

// PAD SPACE: trailing spaces do not count when comparing.
const unpadded = (text: string) => text.replace(/ +$/, '');

/**
 * Compares two names as `ORDER BY name` does: negative, zero (equal under the collation, so they
 * may come in either order) or positive.
 * @example compareNames('CITY #12', 'city #2') < 0
 */
export function compareNames(a: string, b: string): number {
  return collator.compare(unpadded(a), unpadded(b));
}

/**
 * `a = b` in a query: equal ignoring case, accents and trailing spaces.
 * @example sameText('ANIME', 'anime') === true
 */
export function sameText(a: string | null, b: string): boolean {
  return a !== null && compareNames(a, b) === 0;
}

/**
 * `haystack LIKE '%needle%'` for a literal needle (no `%`, `_` or `\`): LIKE compares character by
 * character, each under the collation.
 * @example containsText('zqx Alpha cat', 'ALP') === true
 */
export function containsText(haystack: string, needle: string): boolean {
  const text = Array.from(haystack.normalize('NFC'));
  const wanted = Array.from(needle.normalize('NFC'));
  for (let start = 0; start + wanted.length <= text.length; start++) {
    if (wanted.every((ch, i) => collator.compare(ch, text[start + i] as string) === 0)) return true;
  }
  return false;
}
