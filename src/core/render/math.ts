/**
 * Bit-for-bit reproducible maths. ECMAScript lets engines approximate Math.sin, Math.cos,
 * Math.pow and Math.hypot differently (V8, SpiderMonkey and JavaScriptCore can disagree in the
 * last bit), which could flip a pixel by one level and change a JPEG's bytes between Node and a
 * browser running the MSW handlers. These use only + - * / and Math.sqrt/round/floor, which
 * IEEE 754 makes exact everywhere.
 */

const TWO_PI = 2 * Math.PI;
const HALF_PI = Math.PI / 2;

/** Sine to about 1e-12: range-reduced to [-π/2, π/2], then a Taylor series to x^17. */
export function sin(x: number): number {
  let r = x - Math.round(x / TWO_PI) * TWO_PI; // [-π, π]
  if (r > HALF_PI) r = Math.PI - r;
  else if (r < -HALF_PI) r = -Math.PI - r;
  const r2 = r * r;
  return r * (1 - (r2 / 6) * (1 - (r2 / 20) * (1 - (r2 / 42) * (1 - (r2 / 72) * (1 - (r2 / 110)
    * (1 - (r2 / 156) * (1 - (r2 / 210) * (1 - r2 / 272))))))));
}

export function cos(x: number): number {
  return sin(x + HALF_PI);
}

/** √(a² + b² [+ c²]). */
export function hypot(a: number, b: number, c = 0): number {
  return Math.sqrt(a * a + b * b + c * c);
}

/** x to a whole, non-negative power, by repeated squaring. */
export function powInt(x: number, n: number): number {
  let result = 1, base = x;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) result *= base;
    base *= base;
  }
  return result;
}
