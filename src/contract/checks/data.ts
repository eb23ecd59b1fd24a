import { compareNames } from '../collation.ts';
import type { ContractContext, WireImage } from '../context.ts';

export const RESOLUTIONS = ['256x256', '512x512', '1024x1024'];
export const STYLES = ['3d_render', 'abstract', 'anime', 'art_deco', 'cartoon', 'digital_art', 'illustration', 'origami', 'pixel_art', 'photography', 'pop_art', 'retro', 'sketch', 'vaporwave'];
export const MEDIUMS = ['acrylic', 'canvas', 'chalk', 'charcoal', 'crayon', 'glass', 'ink', 'pastel', 'pencil', 'spray_paint', 'watercolor'];
export const FILTERS = ['grayscale', 'sepia', 'invert'];

/** What upstream answers (English) to a store with none of the three required fields. */
export const ALL_REQUIRED: Readonly<Record<'name' | 'description' | 'resolution', string[]>> = {
  name: ['The name field is required.'], description: ['The description field is required.'], resolution: ['The resolution field is required.'],
};

/** A name no other client will have used, so the run finds its own images. */
export function runTag(): string {
  return `ctk${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/**
 * The user's images, with a few created first when there are fewer than `minimum` and writing is
 * allowed, so that the read checks have something to look at.
 */
export async function someImages(ctx: ContractContext, minimum = 3): Promise<WireImage[]> {
  let all = await ctx.listAll();
  if (all.length < minimum && !ctx.config.readOnly) {
    const tag = runTag();
    for (let i = all.length; i < minimum; i++) {
      await ctx.create({
        name: `${tag} Sample ${i} ${['Fox', 'owl', 'CITY'][i % 3]}`, description: 'contract test sample',
        resolution: RESOLUTIONS[i % 3], style: STYLES[i % STYLES.length], filter: i % 2 === 0 ? FILTERS[i % 3] : null,
      });
    }
    all = await ctx.listAll();
  }
  return all;
}

/** `sort_by=name` order of two images, under the kit's reading of the collation. */
export function nameOrder(a: WireImage, b: WireImage): number {
  return compareNames(a.name, b.name);
}

export function ids(images: WireImage[]): number[] {
  return images.map((image) => image.id);
}
