import { httpBuildQuery } from '../php/http-build-query.ts';
import type { PhpValue } from '../php/values.ts';
import type { PageResult } from './plain-scan.ts';

export interface PaginationLink {
  url: string | null;
  label: string;
  active: boolean;
}

export interface PaginationLabels {
  previous: string;
  next: string;
}

/** Laravel's English labels (`lang/en/pagination.php`); an account's locale may give others. */
const ENGLISH_LABELS: PaginationLabels = { previous: '&laquo; Previous', next: 'Next &raquo;' };

/** The `links` and `meta` of a Laravel API resource collection, keys in upstream order. */
export function paginationBlocks(
  page: PageResult,
  path: string,
  parameters: ReadonlyArray<readonly [string, PhpValue]>,
  labels: PaginationLabels = ENGLISH_LABELS,
) {
  // The parameters are the same in every link: encode them once, then append the page.
  const query = httpBuildQuery(parameters);
  const prefix = `${path}?${query === '' ? '' : `${query}&`}page=`;
  const url = (n: number) => `${prefix}${n}`;
  const { currentPage: current, lastPage: last } = page;
  const prev = current > 1 ? url(current - 1) : null;
  const next = current < last ? url(current + 1) : null;
  const links: PaginationLink[] = [{ url: prev, label: labels.previous, active: false }];
  for (const item of pageWindow(current, last)) {
    links.push(item === '...'
      ? { url: null, label: '...', active: false }
      : { url: url(item), label: String(item), active: item === current });
  }
  links.push({ url: next, label: labels.next, active: false });
  return {
    links: { first: url(1), last: url(last), prev, next },
    meta: {
      current_page: current,
      from: page.from,
      last_page: last,
      links,
      path,
      per_page: page.perPage,
      to: page.to,
      total: page.total,
    },
  };
}

/** Laravel's UrlWindow (onEachSide = 3): which page numbers the `meta.links` list shows. */
export function pageWindow(current: number, last: number): Array<number | '...'> {
  if (last < 14) return range(1, last);
  if (current <= 7) return [...range(1, 10), '...', last - 1, last];
  if (current > last - 7) return [1, 2, '...', ...range(last - 9, last)];
  return [1, 2, '...', ...range(current - 3, current + 3), '...', last - 1, last];
}

function range(from: number, to: number): number[] {
  const pages: number[] = [];
  for (let n = from; n <= to; n++) pages.push(n);
  return pages;
}
