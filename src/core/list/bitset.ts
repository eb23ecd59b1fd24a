/** A growable set of small non-negative integers (slots), one bit each, for fast AND and counting. */
export class Bitset {
  words: Uint32Array;
  /** How many slots are set, kept up to date by add and delete; null until counted (sets made by the static operations). */
  private size: number | null = 0;

  constructor(capacity = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
  }

  add(slot: number): void {
    const word = slot >>> 5;
    if (word >= this.words.length) this.grow(word + 1);
    const before = this.words[word] as number;
    const after = before | (1 << (slot & 31));
    if (after === before) return;
    this.words[word] = after;
    if (this.size !== null) this.size++;
  }

  delete(slot: number): void {
    const word = slot >>> 5;
    if (word >= this.words.length) return;
    const before = this.words[word] as number;
    const after = before & ~(1 << (slot & 31));
    if (after === before) return;
    this.words[word] = after;
    if (this.size !== null) this.size--;
  }

  has(slot: number): boolean {
    const word = slot >>> 5;
    return word < this.words.length && ((this.words[word] as number) & (1 << (slot & 31))) !== 0;
  }

  /** How many slots are in the set (counted once, then kept up to date). */
  count(): number {
    if (this.size === null) {
      let total = 0;
      for (const word of this.words) total += popcount(word);
      this.size = total;
    }
    return this.size;
  }

  /** A new set holding the slots in every one of `sets` (an empty list gives an empty set). */
  static intersection(sets: readonly Bitset[]): Bitset {
    const first = sets[0];
    if (first === undefined) return new Bitset(0);
    let length = first.words.length;
    for (const set of sets) length = Math.min(length, set.words.length);
    const words = first.words.slice(0, length);
    for (let s = 1; s < sets.length; s++) {
      const other = (sets[s] as Bitset).words;
      for (let i = 0; i < length; i++) words[i] = (words[i] as number) & (other[i] as number);
    }
    return Bitset.of(words);
  }

  /** A new set holding the slots in any of `sets`. */
  static union(sets: readonly Bitset[]): Bitset {
    let length = 1;
    for (const set of sets) length = Math.max(length, set.words.length);
    const words = new Uint32Array(length);
    for (const set of sets) {
      const other = set.words;
      for (let i = 0; i < other.length; i++) words[i] = (words[i] as number) | (other[i] as number);
    }
    return Bitset.of(words);
  }

  /** The slots of this set that are not in `other`, as a new set. */
  without(other: Bitset): Bitset {
    const words = this.words.slice();
    const length = Math.min(words.length, other.words.length);
    for (let i = 0; i < length; i++) words[i] = (words[i] as number) & ~(other.words[i] as number);
    return Bitset.of(words);
  }

  /** A set over ready words (not counted yet). */
  private static of(words: Uint32Array): Bitset {
    const set = new Bitset(0);
    set.words = words;
    set.size = null;
    return set;
  }

  /** The slots in ascending order. */
  toArray(): number[] {
    const slots: number[] = [];
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      let word = words[i] as number;
      while (word !== 0) {
        const low = word & -word;
        slots.push(i * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
    return slots;
  }

  private grow(minWords: number): void {
    const words = new Uint32Array(Math.max(minWords, this.words.length * 2));
    words.set(this.words);
    this.words = words;
  }
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
