import { FILTERS, MEDIUMS, PER_PAGE_VALUES, RESOLUTIONS, RUSSIAN_LABELS, STYLES } from '../core/images/enums.ts';
import { scriptJson } from './docs-page.ts';
import { fillPage, pageTemplate } from './page-assets.ts';

/** An account the gallery can name the language of, by its key's fingerprint. */
export interface GalleryAccount {
  fingerprint: string;
  answeredIn: string;
}

/** What the server tells the gallery's script (assets/gallery.ts), as the page's JSON `#config`. */
export interface GalleryConfig {
  key: string;
  accounts: ReadonlyArray<GalleryAccount>;
  api: string;
  styles: ReadonlyArray<string>;
  mediums: ReadonlyArray<string>;
  filters: ReadonlyArray<string>;
  resolutions: ReadonlyArray<string>;
  perPage: ReadonlyArray<number>;
  labels: Readonly<Record<string, string>>;
}

/**
 * The `/` page: one key's images as a grid (JPEG, name, resolution, style, medium, filter, ★ for
 * favourites), with the list's filters, search and pagination. Framework-free: its script
 * (assets/gallery.ts) calls `/api/v1/images` with `Authorization: Bearer <key>` as any client
 * would, so it shows the fake's real state. Filters are kept in the page's query string (the key
 * is not), so a reload keeps them.
 *
 * Hooks for tests: `body[data-state]` is `loading`, `ready` or `error`; `body[data-query]` is the
 * query string of the list request the grid shows.
 *
 * @example
 * res.send(await galleryPage({ key: 'demoKeyOne…', accounts: [{ fingerprint: '1a2b', answeredIn: 'ru' }] }));
 */
export async function galleryPage({ key, accounts = [] }: { key: string; accounts?: ReadonlyArray<GalleryAccount> }): Promise<string> {
  const config: GalleryConfig = {
    key,
    // Each account's language by its key's fingerprint (the recordings' REDACTED-<fingerprint>):
    // shown beside the key field, without putting the other keys in the page.
    accounts,
    api: '/api/v1',
    styles: STYLES,
    mediums: MEDIUMS,
    filters: FILTERS,
    resolutions: RESOLUTIONS,
    perPage: PER_PAGE_VALUES,
    labels: RUSSIAN_LABELS,
  };
  return fillPage(await pageTemplate('gallery'), { config: scriptJson(config) });
}
