/** A small seeded random source (sfc32), so that one seed gives the same data everywhere. */
export interface RandomSource {
  /** A float in [0, 1). */
  next(): number;
}

/** Hashes a string or number into four 32-bit words (cyrb128). */
function hashSeed(seed: string | number): [number, number, number, number] {
  const text = String(seed);
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export function seededRandom(seed: string | number): RandomSource {
  return new Sfc32(hashSeed(seed));
}

const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const JPG_CODES = Array.from('.jpg', (letter) => letter.charCodeAt(0));

/** sfc32 over a 128-bit state; the words are kept as signed 32-bit integers (same arithmetic). */
class Sfc32 implements RandomSource {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Character codes of the uuid being written (reused). */
  private readonly codes: number[] = new Array<number>(40).fill(0);

  constructor([a, b, c, d]: [number, number, number, number]) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
  }

  next(): number {
    return (this.nextU32() >>> 0) / 4294967296;
  }

  /** The next output as a signed 32-bit integer (`next()` is its unsigned value / 2^32). */
  private nextU32(): number {
    const { a, b, c } = this;
    const t = (a + b) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const rotated = (c << 21) | (c >>> 11);
    const d = (this.d + 1) | 0;
    this.d = d;
    const result = (t + d) | 0;
    this.c = (rotated + result) | 0;
    return result;
  }

  /**
   * `randomUuid(this)` (plus `suffix`), without the generic per-digit work: the digit that
   * `Math.floor(next() * 16)` gives is the output's top four bits, and `Math.floor(next() * 4)`
   * its top two.
   */
  uuid(withJpg: boolean): string {
    const codes = this.codes;
    for (let i = 0, at = 0; i < 32; i++, at++) {
      if (i === 8 || i === 12 || i === 16 || i === 20) codes[at++] = 45; // '-'
      codes[at] = HEX_CODES[this.nextU32() >>> 28]!;
    }
    codes[14] = 52; // '4': the version (its digit was drawn all the same)
    codes[19] = HEX_CODES[8 + (this.nextU32() >>> 30)]!; // the variant, drawn last
    if (!withJpg) return String.fromCharCode(...codes.slice(0, 36));
    for (let i = 0; i < 4; i++) codes[36 + i] = JPG_CODES[i]!;
    return String.fromCharCode(...codes);
  }
}

/** A version-4 UUID drawn from a random source (deterministic for a seeded one). */
export function randomUuid(random: RandomSource): string {
  if (isPlainSfc32(random)) return random.uuid(false);
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(random.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random.next() * 4)).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** `${randomUuid(random)}.jpg`, the file name of an image, written in one piece. */
export function randomImageFile(random: RandomSource): string {
  return isPlainSfc32(random) ? random.uuid(true) : `${randomUuid(random)}.jpg`;
}

/** One of ours whose `next` nobody replaced: its digits can be read straight from the state. */
function isPlainSfc32(random: RandomSource): random is Sfc32 {
  return random instanceof Sfc32 && random.next === Sfc32.prototype.next;
}
