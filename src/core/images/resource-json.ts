import { toResource, type StoredImage } from './image.ts';
import { encodeControllerJson } from '../php/json.ts';

interface Entry {
  origin: string;
  json: string;
  // What the text was made from: a change of any of them makes it stale.
  name: string;
  favorite: boolean;
  updatedAt: number;
}

/**
 * Each image's JSON (as `toResource` then `json_encode` give it), kept so that a page of a list
 * is a join of ready texts. An entry is used only while the image still has the name, favourite
 * and update time it was made from, and at most `maxEntries` are kept (oldest dropped first).
 */
export class ResourceJsonCache {
  private readonly entries = new Map<StoredImage, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  json(image: StoredImage, origin: string): string {
    const entry = this.entries.get(image);
    if (entry !== undefined && entry.origin === origin && entry.name === image.name
      && entry.favorite === image.favorite && entry.updatedAt === image.updatedAt) {
      return entry.json;
    }
    const json = encodeControllerJson(toResource(image, origin));
    if (entry !== undefined) this.entries.delete(image);
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as StoredImage);
    this.entries.set(image, { origin, json, name: image.name, favorite: image.favorite, updatedAt: image.updatedAt });
    return json;
  }

  clear(): void {
    this.entries.clear();
  }
}
