import type { Filter, Medium, Resolution, Style } from './enums.ts';

/** One stored image, as the fake keeps it (times as epoch seconds: upstream stores whole seconds). */
export interface StoredImage {
  id: number;
  name: string;
  style: Style | null;
  medium: Medium | null;
  filter: Filter | null;
  resolution: Resolution;
  /** `<uuid>.jpg`: the file name under /uploads/users/images/. */
  result: string;
  favorite: boolean;
  createdAt: number;
  updatedAt: number;
}

/** The image as served, keys in upstream order. */
export interface ImageResource {
  id: number;
  name: string;
  style: Style | null;
  medium: Medium | null;
  filter: Filter | null;
  resolution: Resolution;
  result: string;
  url: string;
  favorite: boolean;
  created_at: string;
  updated_at: string;
}

/** Laravel's date serialisation: ISO-8601 UTC with six (always zero) fraction digits. */
function formatTimestamp(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, '.000000Z');
}

/** The absolute JPEG URL of an image on a given origin (Laravel's `url()` uses the request's). */
function imageUrl(origin: string, result: string): string {
  return `${origin}/uploads/users/images/${result}`;
}

export function toResource(image: StoredImage, origin: string): ImageResource {
  return {
    id: image.id,
    name: image.name,
    style: image.style,
    medium: image.medium,
    filter: image.filter,
    resolution: image.resolution,
    result: image.result,
    url: imageUrl(origin, image.result),
    favorite: image.favorite,
    created_at: formatTimestamp(image.createdAt),
    updated_at: formatTimestamp(image.updatedAt),
  };
}
