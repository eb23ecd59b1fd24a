import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from './jpeg-encoder.ts';

function decode(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  return jpeg.decode(bytes, { useTArray: true });
}

function flat(width: number, height: number, rgb: readonly [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([rgb[0], rgb[1], rgb[2], 255], i);
  return data;
}

/** Smooth waves in every channel (equally steep at any size). */
function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set([128 + 100 * Math.sin(x / 12), 100 + 60 * Math.sin(y / 10), 128 + 80 * Math.cos((x + y) / 15), 255],
        (y * width + x) * 4);
    }
  }
  return data;
}

/**
 * Colour that is constant within each 2x2 block, with brightness varying inside it: 4:2:0 loses
 * nothing here, so both subsamplings must come back close to the input.
 */
function blockChroma(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = x >> 1, by = y >> 1, light = ((x + y) % 3) * 10;
      data.set([40 + (bx % 80) * 2 + light, 60 + (by % 80) * 2 + light, 150 - (bx % 60) * 2 + light, 255], (y * width + x) * 4);
    }
  }
  return data;
}

/** Pseudo-random bytes: worst case for the entropy coder, and sure to produce 0xFF bytes. */
function noise(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return data;
}

function meanAbsError(a: Uint8Array, b: Uint8Array): number {
  let sum = 0, n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    sum += Math.abs(a[i]! - b[i]!);
    n++;
  }
  return sum / n;
}

/** Walks the marker segments up to SOS and returns their markers, checking every length. */
function segments(bytes: Uint8Array): { markers: number[]; scanStart: number; sof: Uint8Array } {
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  const markers: number[] = [];
  let sof: Uint8Array = new Uint8Array(0);
  let pos = 2;
  for (;;) {
    expect(bytes[pos]).toBe(0xff);
    const marker = bytes[pos + 1]!;
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    markers.push(marker);
    if (marker === 0xc0) sof = bytes.subarray(pos + 4, pos + 2 + length);
    pos += 2 + length;
    if (marker === 0xda) return { markers, scanStart: pos, sof };
    expect(pos).toBeLessThan(bytes.length);
  }
}

describe('encodeJpeg', () => {
  it('writes SOI, APP0 JFIF, DQT, SOF0, four DHT, SOS, stuffed entropy data and EOI', () => {
    const bytes = encodeJpeg({ width: 40, height: 24, data: noise(40, 24) }, 95);
    const { markers, scanStart, sof } = segments(bytes);
    expect(markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xc4, 0xc4, 0xc4, 0xda]);
    expect(Array.from(bytes.subarray(6, 11))).toEqual([0x4a, 0x46, 0x49, 0x46, 0x00]); // "JFIF\0"
    // SOF0: precision 8, height, width, 3 components.
    expect([sof[0], (sof[1]! << 8) | sof[2]!, (sof[3]! << 8) | sof[4]!, sof[5]]).toEqual([8, 24, 40, 3]);
    // In the scan every 0xFF is followed by a stuffed 0x00, until the final EOI.
    expect(Array.from(bytes.subarray(-2))).toEqual([0xff, 0xd9]);
    let stuffed = 0;
    for (let i = scanStart; i < bytes.length - 2; i++) {
      if (bytes[i] !== 0xff) continue;
      expect(bytes[i + 1]).toBe(0x00);
      stuffed++;
      i++;
    }
    expect(stuffed).toBeGreaterThan(0); // noise does produce 0xFF bytes, so stuffing was exercised
  });

  it.each([
    [1, 1], [8, 8], [16, 16], [17, 9], [9, 17], [33, 70], [100, 3], [256, 256],
  ])('decodes at %ix%i with both subsamplings', (width, height) => {
    for (const subsampling of ['420', '444'] as const) {
      const data = blockChroma(width, height);
      const decoded = decode(encodeJpeg({ width, height, data }, 100, { subsampling }));
      expect([decoded.width, decoded.height]).toEqual([width, height]);
      expect(meanAbsError(decoded.data, data)).toBeLessThan(1.5);
      const smooth = gradient(width, height);
      expect(meanAbsError(decode(encodeJpeg({ width, height, data: smooth }, 90, { subsampling })).data, smooth))
        .toBeLessThan(subsampling === '444' ? 2 : 3);
    }
  });

  it('decodes noise (every code length, long zero runs and stuffing) at both subsamplings', () => {
    for (const subsampling of ['420', '444'] as const) {
      const decoded = decode(encodeJpeg({ width: 37, height: 29, data: noise(37, 29) }, 100, { subsampling }));
      expect([decoded.width, decoded.height]).toEqual([37, 29]);
    }
  });

  it.each([
    [[0, 0, 0]], [[255, 255, 255]], [[200, 30, 90]], [[12, 180, 240]], [[128, 128, 128]],
  ] as const)('round-trips the flat colour %j within a few levels', (rgb) => {
    for (const quality of [50, 80, 100]) {
      const decoded = decode(encodeJpeg({ width: 21, height: 13, data: flat(21, 13, rgb) }, quality));
      for (let i = 0; i < decoded.data.length; i += 4) {
        for (let c = 0; c < 3; c++) expect(Math.abs(decoded.data[i + c]! - rgb[c]!)).toBeLessThanOrEqual(3);
      }
    }
  });

  it('trades size for fidelity with the quality setting', () => {
    const data = gradient(64, 64);
    const low = encodeJpeg({ width: 64, height: 64, data: noise(64, 64) }, 20);
    const high = encodeJpeg({ width: 64, height: 64, data: noise(64, 64) }, 95);
    expect(high.length).toBeGreaterThan(low.length);
    const errorLow = meanAbsError(decode(encodeJpeg({ width: 64, height: 64, data }, 10)).data, data);
    const errorHigh = meanAbsError(decode(encodeJpeg({ width: 64, height: 64, data }, 95)).data, data);
    expect(errorHigh).toBeLessThan(errorLow);
  });

  it('is deterministic', () => {
    const image = { width: 50, height: 30, data: noise(50, 30) };
    expect(encodeJpeg(image)).toEqual(encodeJpeg(image));
  });

  it('rejects sizes JPEG cannot hold and short pixel buffers', () => {
    expect(() => encodeJpeg({ width: 0, height: 5, data: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => encodeJpeg({ width: 70000, height: 1, data: new Uint8Array(280000) })).toThrow(/65535/);
    expect(() => encodeJpeg({ width: 4, height: 4, data: new Uint8Array(10) })).toThrow(/RGBA bytes/);
  });
});
