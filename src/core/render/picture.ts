/**
 * Deterministic pictures for the fake's image files: the seed decides the composition, the style
 * the look, the medium a light texture and the filter the final colour transform.
 */

import type { Filter, Medium, Style } from '../images/enums.ts';
import { Canvas } from './canvas.ts';
import { applyFilter, applyMedium } from './effects.ts';
import type { RgbaImage } from './jpeg-encoder.ts';
import { hashString, mulberry32 } from './random.ts';
import { PAINTERS } from './styles.ts';

export interface PictureOptions {
  /** Any string; the same seed (and options) always gives the same pixels. */
  seed: string;
  width: number;
  height: number;
  style: Style | null;
  medium: Medium | null;
  filter: Filter | null;
}

/**
 * Renders a picture as RGBA pixels (alpha always 255).
 *
 * @example
 * const { data } = renderPicture({ seed: 'b3e1…', width: 256, height: 256,
 *   style: 'vaporwave', medium: null, filter: 'sepia' });
 * data.length === 256 * 256 * 4;
 */
export function renderPicture(options: PictureOptions): RgbaImage & { data: Uint8Array } {
  const { seed, width, height, style, medium, filter } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`picture size must be positive whole numbers, got ${width}x${height}`);
  }
  const canvas = new Canvas(width, height);
  // Only the seed drives the composition; the style picks how it is drawn.
  const seedHash = hashString(seed);
  PAINTERS[style ?? 'none'](canvas, mulberry32(seedHash));
  if (medium) applyMedium(canvas.data, width, canvas.unit, medium, seedHash ^ 0x5bd1e995);
  if (filter) applyFilter(canvas.data, filter);
  return { width, height, data: new Uint8Array(canvas.data.buffer) };
}
