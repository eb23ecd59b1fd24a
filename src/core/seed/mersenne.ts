/**
 * The random source of @faker-js/faker 10 (`faker.seed(n)`, then `faker.number.float()`): a
 * 32-bit Mersenne Twister (MT19937) seeded with `init_genrand(n)`, two outputs per float
 * (`genrand_res53`). Ported operation for operation from faker's own code, so one seed gives the
 * very same sequence; seeding draws from it directly instead of through faker's option handling.
 * seed.test.ts checks it against faker's `generateMersenne53Randomizer`.
 */
const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class Mersenne53 {
  /** The state words; every use of them is a bitwise operation, so 32-bit storage is exact. */
  private readonly state = new Int32Array(N);
  private index = 0;

  /** `seed` as faker takes it: any number (used modulo 2^32, as faker's bitwise operations do). */
  constructor(seed: number) {
    const mt = this.state;
    mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const previous = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = Math.imul(1812433253, previous) + i;
    }
    this.twist();
  }

  /** A float in [0, 1) with 53 random bits (faker's `nextF53`). */
  next(): number {
    const high = this.nextU32() >>> 5;
    const low = this.nextU32() >>> 6;
    return (high * 67108864 + low) * 11102230246251565e-32;
  }

  private nextU32(): number {
    let y = this.state[this.index]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++this.index >= N) {
      this.twist();
      this.index = 0;
    }
    return y >>> 0;
  }

  private twist(): void {
    const mt = this.state;
    for (let i = 0; i < N - M; i++) {
      const y = (mt[i]! & UPPER_MASK) + (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + M]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (let i = N - M; i < N - 1; i++) {
      const y = (mt[i]! & UPPER_MASK) + (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + M - N]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (mt[N - 1]! & UPPER_MASK) + (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
  }
}
