/**
 * JPEG files for `GET /uploads/users/images/<uuid>.jpg`: a deterministic picture per image,
 * drawn in its style, medium and filter, at its resolution. Web-standard code only.
 */

import type { Filter, Medium, Resolution, Style } from '../images/enums.ts';
import { encodeJpeg } from './jpeg-encoder.ts';
import { renderPicture } from './picture.ts';

export interface RenderImageOptions {
  /** Any string, e.g. the image's `result` UUID: the same seed gives the same bytes. */
  seed: string;
  resolution: Resolution;
  style: Style | null;
  medium: Medium | null;
  filter: Filter | null;
  /** JPEG quality, 1–100 (default 80). */
  quality?: number;
}

/** `'512x512'` → `{ width: 512, height: 512 }`. */
export function parseResolution(resolution: Resolution): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/.exec(resolution);
  if (!match) throw new RangeError(`resolution must look like 512x512, got ${JSON.stringify(resolution)}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * Renders an image and encodes it as a baseline JPEG.
 *
 * @example
 * const bytes = renderImageJpeg({ seed: image.result, resolution: image.resolution,
 *   style: image.style, medium: image.medium, filter: image.filter });
 * // new Response(bytes, { headers: { 'Content-Type': 'image/jpeg' } })
 */
export function renderImageJpeg(options: RenderImageOptions): Uint8Array {
  const { width, height } = parseResolution(options.resolution);
  const picture = renderPicture({
    seed: options.seed, width, height, style: options.style, medium: options.medium, filter: options.filter,
  });
  return encodeJpeg(picture, options.quality ?? 80);
}
