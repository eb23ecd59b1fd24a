import { collationEquals, collationSortKey, compareSortKeys, likeContainsMatcher, mysqlNumericPrefix } from './collation.ts';
import type { StoredImage } from '../images/image.ts';
import type { ColumnFilter, ListQuery } from './list-query.ts';
import { toPhpString } from '../php/values.ts';

/** One page of a filtered, sorted list, with the numbers Laravel's paginator reports. */
export interface PageResult {
  items: StoredImage[];
  total: number;
  perPage: number;
  currentPage: number;
  lastPage: number;
  /** 1-based index of the first item on the page, null when the page is empty. */
  from: number | null;
  to: number | null;
}

/**
 * The plain scan: the list query run over one user's images the obvious way (search, filters,
 * favorite, sort, page). It is the reference, not the engine: the fake answers through the image
 * index (image-index.ts), and property tests hold the index to this scan.
 */
export function runListQuery(images: Iterable<StoredImage>, query: ListQuery): PageResult {
  const matchesSearch = query.search === null ? null : likeContainsMatcher(query.search);
  const matching: StoredImage[] = [];
  for (const image of images) {
    if (matchesSearch && !matchesSearch(image.name)) continue;
    if (!columnMatches(image.resolution, query.resolution)) continue;
    if (!columnMatches(image.style, query.style)) continue;
    if (!columnMatches(image.medium, query.medium)) continue;
    if (!columnMatches(image.filter, query.filter)) continue;
    if (query.favorite !== undefined && (image.favorite ? 1 : 0) !== query.favorite) continue;
    matching.push(image);
  }
  sortImages(matching, query.sortBy, query.sort);
  return paginate(matching, query.perPage, query.page);
}

/**
 * `column = value` in MySQL: a string compares under the collation, a number compares with the
 * column read as a number, and NULL never matches (neither a null column nor a null value).
 */
export function columnMatches(column: string | null, value: ColumnFilter | undefined): boolean {
  if (value === undefined) return true;
  if (column === null || value === null) return false;
  if (typeof value === 'number') return mysqlNumericPrefix(column) === value;
  if (typeof value === 'boolean') return mysqlNumericPrefix(column) === (value ? 1 : 0);
  return collationEquals(column, toPhpString(value));
}

function sortImages(images: StoredImage[], sortBy: 'id' | 'name', sort: 'asc' | 'desc'): void {
  const direction = sort === 'asc' ? 1 : -1;
  if (sortBy === 'id') {
    images.sort((a, b) => (a.id - b.id) * direction);
    return;
  }
  const keys = new Map(images.map((image) => [image, collationSortKey(image.name)]));
  // Equal names have no defined order upstream; the fake keeps them by id for repeatability.
  images.sort((a, b) => compareSortKeys(keys.get(a) as string, keys.get(b) as string) * direction || a.id - b.id);
}

export function paginate(sorted: StoredImage[], perPage: number, page: number): PageResult {
  const total = sorted.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const start = (page - 1) * perPage;
  const items = sorted.slice(start, start + perPage);
  return {
    items,
    total,
    perPage,
    currentPage: page,
    lastPage,
    from: items.length === 0 ? null : start + 1,
    to: items.length === 0 ? null : start + items.length,
  };
}
