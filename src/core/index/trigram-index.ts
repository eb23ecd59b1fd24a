/**
 * Posting lists of the three-character pieces (trigrams) of folded names: every name containing
 * a text of three or more characters contains each of its trigrams, so the shortest list among
 * them holds every possible match. Lists only grow; callers check each candidate against the
 * name itself, so entries left behind by renames and deletes cost time, never correctness.
 */
export class TrigramIndex {
  private readonly postings = new Map<number, number[]>();
  /** Entries whose slot has since been renamed (they may no longer contain the trigram). */
  staleEntries = 0;
  entries = 0;

  add(slot: number, foldedName: string): void {
    const seen = new Set<number>();
    for (let i = 0; i + 3 <= foldedName.length; i++) {
      const key = trigramKey(foldedName, i);
      if (seen.has(key)) continue;
      seen.add(key);
      const list = this.postings.get(key);
      if (list === undefined) this.postings.set(key, [slot]);
      else list.push(slot);
      this.entries++;
    }
  }

  /**
   * The slots that may contain every one of `literals` (each a folded piece of the pattern),
   * as the shortest posting list; null when no literal is long enough to narrow the search.
   * A slot may appear more than once.
   */
  candidates(literals: readonly string[]): readonly number[] | null {
    let shortest: readonly number[] | null = null;
    for (const literal of literals) {
      for (let i = 0; i + 3 <= literal.length; i++) {
        const list = this.postings.get(trigramKey(literal, i));
        if (list === undefined) return []; // no name has this piece: nothing can match
        if (shortest === null || list.length < shortest.length) shortest = list;
      }
    }
    return shortest;
  }
}

// Three UTF-16 units packed in one exact number (48 bits): no string is made per lookup.
function trigramKey(text: string, at: number): number {
  return text.charCodeAt(at) * 4_294_967_296 + text.charCodeAt(at + 1) * 65_536 + text.charCodeAt(at + 2);
}
