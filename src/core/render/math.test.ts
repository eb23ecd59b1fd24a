import { describe, expect, it } from 'vitest';
import { cos, hypot, powInt, sin } from './math.ts';

describe('reproducible maths', () => {
  it('sin and cos agree with Math.sin and Math.cos to 1e-11', () => {
    for (let x = -50; x <= 50; x += 0.0137) {
      expect(Math.abs(sin(x) - Math.sin(x))).toBeLessThan(1e-11);
      expect(Math.abs(cos(x) - Math.cos(x))).toBeLessThan(1e-11);
    }
  });

  it('hypot and powInt', () => {
    expect(hypot(3, 4)).toBe(5);
    expect(hypot(2, 3, 6)).toBe(7);
    expect(powInt(0.5, 0)).toBe(1);
    expect(powInt(2, 10)).toBe(1024);
    expect(powInt(0.9, 48)).toBeCloseTo(Math.pow(0.9, 48), 14);
  });
});
