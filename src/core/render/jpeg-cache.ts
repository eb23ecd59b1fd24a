import type { StoredImage } from '../images/image.ts';
import { renderImageJpeg } from './index.ts';

/**
 * Renders each image's JPEG once and keeps the bytes in a bounded LRU keyed by what the picture
 * depends on (the image, its resolution and its filter), up to `maxBytes` in all.
 */
export function cachedRenderer(maxBytes = 64 * 1024 * 1024, render = renderImageJpeg): (image: StoredImage) => Uint8Array {
  const cache = new Map<string, Uint8Array>();
  let bytesKept = 0;
  return (image) => {
    const key = `${image.result} ${image.resolution} ${image.filter ?? ''}`;
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key);
      cache.set(key, cached); // most recently used last
      return cached;
    }
    const bytes = render({
      seed: image.result,
      resolution: image.resolution,
      style: image.style,
      medium: image.medium,
      filter: image.filter,
    });
    cache.set(key, bytes);
    bytesKept += bytes.length;
    for (const [oldKey, old] of cache) {
      if (bytesKept <= maxBytes || oldKey === key) break;
      cache.delete(oldKey);
      bytesKept -= old.length;
    }
    return bytes;
  };
}
