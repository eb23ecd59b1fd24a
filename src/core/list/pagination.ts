import { httpBuildQuery } from '../php/http-build-query.ts';
import { encodeControllerJson } from '../php/json.ts';
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

/**
 * `paginationBlocks` as JSON text, exactly as `encodeControllerJson` writes each block, without
 * building the objects or escaping the same URL prefix twenty times: the prefix, path and labels
 * are escaped once and the page numbers appended (`pagination.test.ts` holds the two equal).
 * Every filtered list answer is made of these; an unfiltered one is cached whole.
 */
export function paginationJson(
  page: PageResult,
  path: string,
  parameters: ReadonlyArray<readonly [string, PhpValue]>,
  labels: PaginationLabels = ENGLISH_LABELS,
): { links: string; meta: string } {
  const query = httpBuildQuery(parameters);
  // `"http:\/\/…?…&page=` without its closing quote: a page's URL is this, its number and a quote.
  const open = encodeControllerJson(`${path}?${query === '' ? '' : `${query}&`}page=`).slice(0, -1);
  const url = (n: number) => `${open}${n}"`;
  const { currentPage: current, lastPage: last } = page;
  const prev = current > 1 ? url(current - 1) : 'null';
  const next = current < last ? url(current + 1) : 'null';
  let links = `{"url":${prev},"label":${encodeControllerJson(labels.previous)},"active":false}`;
  for (const item of pageWindow(current, last)) {
    links += item === '...'
      ? ',{"url":null,"label":"...","active":false}'
      : `,{"url":${url(item)},"label":"${item}","active":${item === current}}`;
  }
  links += `,{"url":${next},"label":${encodeControllerJson(labels.next)},"active":false}`;
  return {
    links: `{"first":${url(1)},"last":${url(last)},"prev":${prev},"next":${next}}`,
    meta: `{"current_page":${current},"from":${JSON.stringify(page.from)},"last_page":${last},"links":[${links}],`
      + `"path":${encodeControllerJson(path)},"per_page":${page.perPage},"to":${JSON.stringify(page.to)},"total":${page.total}}`,
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
