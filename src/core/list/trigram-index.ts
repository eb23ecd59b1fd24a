/**
 * Posting lists of the three-character pieces (trigrams) of folded names: every name containing
 * a text of three or more characters contains each of its trigrams, so the shortest list among
 * them holds every possible match. Lists only grow; callers check each candidate against the
 * name itself, so entries left behind by renames and deletes cost time, never correctness.
 *
 * Lists are typed arrays: half the memory of number arrays, and nothing for the garbage
 * collector to scan (at 100,000 images per key they hold millions of entries).
 */
export class TrigramIndex {
  private readonly postings = new Map<number, PostingList>();
  /** Entries whose slot has since been renamed (they may no longer contain the trigram). */
  staleEntries = 0;
  entries = 0;

  add(slot: number, foldedName: string): void {
    for (let i = 0; i + 3 <= foldedName.length; i++) {
      const key = trigramKey(foldedName, i);
      const list = this.postings.get(key);
      if (list === undefined) this.postings.set(key, new PostingList(slot));
      // A list that already ends with the slot lists it: a trigram seen earlier in this name
      // (or, after a rename, in the old name: the slot stays a candidate either way).
      else if (list.last() !== slot) list.push(slot);
      else continue;
      this.entries++;
    }
  }

  /**
   * The slots that may contain every one of `literals` (each a folded piece of the pattern),
   * as the shortest posting list; null when no literal is long enough to narrow the search.
   * A slot may appear more than once.
   */
  candidates(literals: readonly string[]): Int32Array | null {
    let shortest: PostingList | null = null;
    for (const literal of literals) {
      for (let i = 0; i + 3 <= literal.length; i++) {
        const list = this.postings.get(trigramKey(literal, i));
        if (list === undefined) return new Int32Array(0); // no name has this piece: nothing can match
        if (shortest === null || list.length < shortest.length) shortest = list;
      }
    }
    return shortest === null ? null : shortest.view();
  }
}

/** A growable list of slots. */
class PostingList {
  private slots: Int32Array;
  length = 1;

  constructor(first: number) {
    this.slots = new Int32Array(4);
    this.slots[0] = first;
  }

  push(slot: number): void {
    if (this.length === this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slots[this.length++] = slot;
  }

  last(): number {
    return this.slots[this.length - 1] as number;
  }

  /** The entries so far (a view: no copy). */
  view(): Int32Array {
    return this.slots.subarray(0, this.length);
  }
}

// Three UTF-16 units packed in one exact number (48 bits): no string is made per lookup.
function trigramKey(text: string, at: number): number {
  return text.charCodeAt(at) * 4_294_967_296 + text.charCodeAt(at + 1) * 65_536 + text.charCodeAt(at + 2);
}
