/**
 * Post-processing over finished pixels: a subtle texture or tint per medium, then the filter,
 * applied exactly as named (grayscale = Rec. 601 luma, sepia = the usual sepia matrix,
 * invert = 255 - c).
 */

import type { Filter, Medium } from '../images/enums.ts';
import { powInt, sin } from './math.ts';
import { pixelNoise } from './random.ts';

/** Rec. 601 luma (the weights JPEG's YCbCr uses too). */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/**
 * Changes each pixel with `f(r, g, b, x, y)`, which writes its result into `out`.
 * The data is a Uint8ClampedArray, so results are clamped to 0–255 and rounded.
 */
function mapPixels(
  data: Uint8ClampedArray, width: number,
  f: (r: number, g: number, b: number, x: number, y: number, out: number[]) => void,
): void {
  const out = [0, 0, 0];
  for (let i = 0, p = 0; i < data.length; i += 4, p++) {
    const y = Math.floor(p / width);
    f(data[i]!, data[i + 1]!, data[i + 2]!, p - y * width, y, out);
    data[i] = out[0]!; data[i + 1] = out[1]!; data[i + 2] = out[2]!;
  }
}

/** Moves a colour away from (k > 1) or towards (k < 1) its own grey. */
function saturate(r: number, g: number, b: number, k: number, out: number[]): void {
  const l = luma(r, g, b);
  out[0] = l + (r - l) * k; out[1] = l + (g - l) * k; out[2] = l + (b - l) * k;
}

/**
 * Gives the picture a light touch of the medium: texture or tint, never a different picture.
 * `unit` is the shorter side in pixels (textures scale with the image); `salt` seeds the grain.
 */
export function applyMedium(
  data: Uint8ClampedArray, width: number, unit: number, medium: Medium, salt: number,
): void {
  const scale = unit / 256; // texture periods are designed at 256 px and scaled up
  switch (medium) {
    case 'acrylic': // rich, slightly glossy colour
      mapPixels(data, width, (r, g, b, _x, _y, out) => saturate(r, g, b, 1.2, out));
      break;
    case 'canvas': { // woven texture
      const period = 3 * scale;
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const k = 1 + 0.05 * sin((x / period) * Math.PI) * sin((y / period) * Math.PI);
        out[0] = r * k; out[1] = g * k; out[2] = b * k;
      });
      break;
    }
    case 'chalk': // powdery, lighter, with bright specks
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const n = pixelNoise(x, y, salt);
        const lift = 0.06 + (n > 0.9 ? 0.12 : 0);
        saturate(r + (255 - r) * lift, g + (255 - g) * lift, b + (255 - b) * lift, 0.85, out);
      });
      break;
    case 'charcoal': // darker, duller, grainy
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const grain = (pixelNoise(x, y, salt) - 0.5) * 24;
        saturate(r * 0.9 + grain, g * 0.9 + grain, b * 0.9 + grain, 0.7, out);
      });
      break;
    case 'crayon': { // waxy horizontal streaks
      const streak = Math.max(1, Math.round(6 * scale));
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const k = 0.9 + 0.16 * pixelNoise(Math.floor(x / streak), y, salt);
        out[0] = r * k; out[1] = g * k; out[2] = b * k;
      });
      break;
    }
    case 'glass': { // cool tint and diagonal reflections
      const period = 90 * scale;
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const shine = powInt(Math.max(0, sin(((x + y) / period) * Math.PI)), 12) * 40;
        out[0] = r * 0.94 + shine; out[1] = g * 0.98 + shine; out[2] = b + 8 + shine;
      });
      break;
    }
    case 'ink': // crisp, contrasty
      mapPixels(data, width, (r, g, b, _x, _y, out) => {
        out[0] = 128 + (r - 128) * 1.25; out[1] = 128 + (g - 128) * 1.25; out[2] = 128 + (b - 128) * 1.25;
      });
      break;
    case 'pastel': // soft, chalky-light colours
      mapPixels(data, width, (r, g, b, _x, _y, out) => {
        saturate(r * 0.85 + 38, g * 0.85 + 38, b * 0.85 + 38, 0.85, out);
      });
      break;
    case 'pencil': { // fine diagonal hatching, a little desaturated
      const period = Math.max(2, Math.round(4 * scale));
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const k = (x + y) % period === 0 ? 0.9 : 1;
        saturate(r * k, g * k, b * k, 0.75, out);
      });
      break;
    }
    case 'spray_paint': // speckled overspray
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const n = pixelNoise(x, y, salt);
        const k = n < 0.03 ? 0.8 : n > 0.97 ? 1.15 : 1;
        out[0] = r * k; out[1] = g * k; out[2] = b * k;
      });
      break;
    case 'watercolor': { // lighter, with soft blotches where pigment pooled
      const period = 70 * scale;
      mapPixels(data, width, (r, g, b, x, y, out) => {
        const blotch = sin(x / period * 2.1 + sin(y / period)) * sin(y / period * 1.7 + 1.3);
        const k = 0.92 + 0.06 * blotch;
        out[0] = (r * 0.9 + 26) * k; out[1] = (g * 0.9 + 26) * k; out[2] = (b * 0.9 + 26) * k;
      });
      break;
    }
  }
}

/** Applies a filter exactly as named. */
export function applyFilter(data: Uint8ClampedArray, filter: Filter): void {
  switch (filter) {
    case 'grayscale':
      for (let i = 0; i < data.length; i += 4) {
        const l = luma(data[i]!, data[i + 1]!, data[i + 2]!);
        data[i] = l; data[i + 1] = l; data[i + 2] = l;
      }
      break;
    case 'sepia':
      // The common sepia matrix (as in CSS filter: sepia(1) / Microsoft's recommendation).
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i]!, g = data[i + 1]!, b = data[i + 2]!;
        data[i] = 0.393 * r + 0.769 * g + 0.189 * b;
        data[i + 1] = 0.349 * r + 0.686 * g + 0.168 * b;
        data[i + 2] = 0.272 * r + 0.534 * g + 0.131 * b;
      }
      break;
    case 'invert':
      for (let i = 0; i < data.length; i += 4) {
        data[i] = 255 - data[i]!; data[i + 1] = 255 - data[i + 1]!; data[i + 2] = 255 - data[i + 2]!;
      }
      break;
  }
}
