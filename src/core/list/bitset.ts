/** A growable set of small non-negative integers (slots), one bit each, for fast AND and counting. */
export class Bitset {
  words: Uint32Array;

  constructor(capacity = 1024) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
  }

  add(slot: number): void {
    const word = slot >>> 5;
    if (word >= this.words.length) this.grow(word + 1);
    this.words[word] = (this.words[word] as number) | (1 << (slot & 31));
  }

  delete(slot: number): void {
    const word = slot >>> 5;
    if (word < this.words.length) this.words[word] = (this.words[word] as number) & ~(1 << (slot & 31));
  }

  has(slot: number): boolean {
    const word = slot >>> 5;
    return word < this.words.length && ((this.words[word] as number) & (1 << (slot & 31))) !== 0;
  }

  /** How many slots are in the set. */
  count(): number {
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** A new set holding the slots in every one of `sets` (an empty list gives an empty set). */
  static intersection(sets: readonly Bitset[]): Bitset {
    const [first, ...rest] = sets;
    const result = new Bitset(0);
    if (first === undefined) return result;
    const length = Math.min(...sets.map((set) => set.words.length));
    const words = first.words.slice(0, length);
    for (const set of rest) {
      const other = set.words;
      for (let i = 0; i < length; i++) words[i] = (words[i] as number) & (other[i] as number);
    }
    result.words = words;
    return result;
  }

  /** A new set holding the slots in any of `sets`. */
  static union(sets: readonly Bitset[]): Bitset {
    const result = new Bitset(32 * Math.max(1, ...sets.map((set) => set.words.length)));
    for (const set of sets) {
      const words = set.words;
      for (let i = 0; i < words.length; i++) result.words[i] = (result.words[i] as number) | (words[i] as number);
    }
    return result;
  }

  /** The slots of this set that are not in `other`, as a new set. */
  without(other: Bitset): Bitset {
    const result = new Bitset(0);
    result.words = this.words.slice();
    const length = Math.min(result.words.length, other.words.length);
    for (let i = 0; i < length; i++) result.words[i] = (result.words[i] as number) & ~(other.words[i] as number);
    return result;
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
