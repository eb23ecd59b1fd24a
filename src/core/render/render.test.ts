import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES, type Filter, type Medium, type Style } from '../images/enums.ts';
import { parseResolution, renderImageJpeg } from './index.ts';
import { renderPicture } from './picture.ts';
import { hashString, mulberry32 } from './random.ts';

const SEED = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function decode(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  return jpeg.decode(bytes, { useTArray: true });
}

function jpegOf(options: { seed?: string; style?: Style | null; medium?: Medium | null; filter?: Filter | null }): Uint8Array {
  return renderImageJpeg({
    seed: options.seed ?? SEED, resolution: '256x256',
    style: options.style ?? null, medium: options.medium ?? null, filter: options.filter ?? null,
  });
}

/** Mean RGB of the top half, then of the bottom half: colour and a hint of composition. */
function halfMeans(data: Uint8Array): number[] {
  const half = data.length / 2;
  const means = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    const offset = i < half ? 0 : 3;
    for (let c = 0; c < 3; c++) means[offset + c]! += data[i + c]! / (half / 4);
  }
  return means;
}

function distance(a: number[], b: number[]): number {
  return Math.hypot(...a.map((v, k) => v - b[k]!));
}

function lumaOf(data: Uint8Array): Float64Array {
  const luma = new Float64Array(data.length / 4);
  for (let i = 0; i < luma.length; i++) luma[i] = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
  return luma;
}

/** Pearson correlation: 1 when one image is a brightened/contrasted copy of the other. */
function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma += a[i]!; mb += b[i]!; }
  ma /= a.length; mb /= b.length;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma, db = b[i]! - mb;
    ab += da * db; aa += da * da; bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('random', () => {
  it('gives the same sequence for the same seed, a different one otherwise', () => {
    const a = mulberry32(hashString('x')), b = mulberry32(hashString('x')), c = mulberry32(hashString('y'));
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });

  it('hashes strings to fixed 32-bit values (same on every machine)', () => {
    expect(hashString('')).toBe(hashString(''));
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(Number.isInteger(hashString('abc')) && hashString('abc') >= 0 && hashString('abc') < 2 ** 32).toBe(true);
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });
});

describe('parseResolution', () => {
  it.each(RESOLUTIONS)('parses %s', (resolution) => {
    const side = Number(resolution.split('x')[0]);
    expect(parseResolution(resolution)).toEqual({ width: side, height: side });
  });
});

describe('renderImageJpeg', () => {
  it.each(RESOLUTIONS)('encodes a %s JPEG of that size', (resolution) => {
    const bytes = renderImageJpeg({ seed: SEED, resolution, style: 'vaporwave', medium: 'ink', filter: null });
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xd8, 0xff]);
    const { width, height } = decode(bytes);
    expect(`${width}x${height}`).toBe(resolution);
  });

  it('gives identical bytes for identical input', () => {
    for (const style of [null, ...STYLES]) {
      expect(jpegOf({ style, medium: 'watercolor', filter: 'sepia' })).toEqual(jpegOf({ style, medium: 'watercolor', filter: 'sepia' }));
    }
  });

  it('gives pinned bytes for a pinned input (update deliberately when changing a look)', () => {
    // FNV-1a of the whole file: catches accidental changes to what every machine must reproduce.
    const fnv = (bytes: Uint8Array): string => {
      let h = 0x811c9dc5;
      for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
      return (h >>> 0).toString(16).padStart(8, '0');
    };
    const hashes = Object.fromEntries([null, ...STYLES].map((style) => [String(style), fnv(jpegOf({ style, medium: 'canvas', filter: null }))]));
    expect(hashes).toMatchInlineSnapshot(`
      {
        "3d_render": "89a9d047",
        "abstract": "9f2882fd",
        "anime": "40625f11",
        "art_deco": "921bcacf",
        "cartoon": "4465884d",
        "digital_art": "2ebc4e08",
        "illustration": "37e5d389",
        "null": "220d5c75",
        "origami": "8a3328e3",
        "photography": "9127996c",
        "pixel_art": "afb0a848",
        "pop_art": "aa82bce5",
        "retro": "3006b25d",
        "sketch": "29e7f357",
        "vaporwave": "0ecc472d",
      }
    `);
  });

  it('gives different bytes for different seeds, in every style', () => {
    for (const style of [null, ...STYLES]) {
      expect(jpegOf({ seed: 'a', style })).not.toEqual(jpegOf({ seed: 'b', style }));
    }
  });

  it('gives every style (and no style) a look of its own', () => {
    const styles = [null, ...STYLES];
    for (const seed of ['a', SEED, 'seed-3']) {
      const features = styles.map((style) => halfMeans(decode(jpegOf({ seed, style })).data));
      for (let i = 0; i < styles.length; i++) {
        for (let j = i + 1; j < styles.length; j++) {
          const d = distance(features[i]!, features[j]!);
          expect(d, `${styles[i]} vs ${styles[j]} (seed ${seed})`).toBeGreaterThan(25);
        }
      }
    }
  });

  it('lets the medium change the texture but not the picture', () => {
    for (const style of ['anime', 'digital_art', 'sketch', 'origami'] as const) {
      const plainBytes = jpegOf({ style });
      const plain = lumaOf(decode(plainBytes).data);
      for (const medium of MEDIUMS) {
        const bytes = jpegOf({ style, medium });
        expect(bytes, medium).not.toEqual(plainBytes);
        expect(correlation(lumaOf(decode(bytes).data), plain), `${style} + ${medium}`).toBeGreaterThan(0.8);
      }
    }
  });
});

describe('filters', () => {
  it('grayscale: R = G = B in every pixel (within JPEG error)', () => {
    for (const style of ['pop_art', 'vaporwave', 'cartoon'] as const) {
      const { data } = decode(jpegOf({ style, filter: 'grayscale' }));
      let worst = 0;
      for (let i = 0; i < data.length; i += 4) {
        worst = Math.max(worst, Math.abs(data[i]! - data[i + 1]!), Math.abs(data[i + 1]! - data[i + 2]!));
      }
      expect(worst, style).toBeLessThanOrEqual(3);
    }
  });

  it('grayscale is the Rec. 601 luma of the unfiltered pixels', () => {
    const base = renderPicture({ seed: SEED, width: 64, height: 64, style: 'abstract', medium: null, filter: null }).data;
    const gray = renderPicture({ seed: SEED, width: 64, height: 64, style: 'abstract', medium: null, filter: 'grayscale' }).data;
    for (let i = 0; i < base.length; i += 4) {
      const luma = 0.299 * base[i]! + 0.587 * base[i + 1]! + 0.114 * base[i + 2]!;
      expect(Math.abs(gray[i]! - luma)).toBeLessThanOrEqual(0.5);
    }
  });

  it('sepia: R >= G >= B, per pixel before encoding and on average after', () => {
    for (const style of [null, ...STYLES]) {
      const pixels = renderPicture({ seed: SEED, width: 64, height: 64, style, medium: null, filter: 'sepia' }).data;
      for (let i = 0; i < pixels.length; i += 4) {
        expect(pixels[i]! >= pixels[i + 1]! && pixels[i + 1]! >= pixels[i + 2]!).toBe(true);
      }
      const means = halfMeans(decode(jpegOf({ style, filter: 'sepia' })).data);
      const [r, g, b] = [0, 1, 2].map((c) => (means[c]! + means[c + 3]!) / 2) as [number, number, number];
      expect(r, String(style)).toBeGreaterThanOrEqual(g);
      expect(g, String(style)).toBeGreaterThanOrEqual(b);
    }
  });

  it('invert: exactly 255 - c before encoding, and about that after', () => {
    for (const style of ['3d_render', 'sketch', 'digital_art'] as const) {
      const base = renderPicture({ seed: SEED, width: 64, height: 64, style, medium: 'canvas', filter: null }).data;
      const inverted = renderPicture({ seed: SEED, width: 64, height: 64, style, medium: 'canvas', filter: 'invert' }).data;
      for (let i = 0; i < base.length; i += 4) {
        expect([inverted[i], inverted[i + 1], inverted[i + 2]]).toEqual([255 - base[i]!, 255 - base[i + 1]!, 255 - base[i + 2]!]);
      }
      const plainJpeg = decode(jpegOf({ style })).data;
      const invertedJpeg = decode(jpegOf({ style, filter: 'invert' })).data;
      let sum = 0;
      for (let i = 0; i < plainJpeg.length; i++) {
        if (i % 4 !== 3) sum += Math.abs(invertedJpeg[i]! - (255 - plainJpeg[i]!));
      }
      expect(sum / (plainJpeg.length * 0.75), style).toBeLessThan(3);
    }
  });

  it('every filter changes the bytes', () => {
    const plain = jpegOf({ style: 'retro' });
    for (const filter of FILTERS) expect(jpegOf({ style: 'retro', filter })).not.toEqual(plain);
  });
});

describe('renderPicture', () => {
  it('returns opaque RGBA of the requested size, for odd sizes too', () => {
    for (const style of [null, ...STYLES]) {
      const picture = renderPicture({ seed: 'odd', width: 17, height: 9, style, medium: 'pencil', filter: null });
      expect(picture.data.length).toBe(17 * 9 * 4);
      for (let i = 3; i < picture.data.length; i += 4) expect(picture.data[i]).toBe(255);
      const decoded = decode(renderImageJpeg({ seed: 'odd', resolution: '256x256', style, medium: null, filter: null }));
      expect(decoded.width).toBe(256);
    }
  });

  it('rejects sizes that are not positive whole numbers', () => {
    expect(() => renderPicture({ seed: 'x', width: 0, height: 10, style: null, medium: null, filter: null })).toThrow(RangeError);
    expect(() => renderPicture({ seed: 'x', width: 2.5, height: 10, style: null, medium: null, filter: null })).toThrow(RangeError);
  });
});
