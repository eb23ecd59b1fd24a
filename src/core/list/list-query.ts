import { collationFold } from './collation.ts';
import { FILTERS, MEDIUMS, PER_PAGE_VALUES, RESOLUTIONS, STYLES } from '../images/enums.ts';
import { fail } from '../errors.ts';
import type { RequestInput } from '../images/input.ts';
import { firstScalar, isNumeric, isPhpArray, isPhpInteger, isTruthy, looseEquals, numericValue, toPhpString, type PhpValue } from '../php/values.ts';

/** A filter on an enum column: the value to compare, as the request sent it. */
export type ColumnFilter = string | number | boolean | null;

/** What `GET /images` was asked for, after upstream's silent fallbacks. */
export interface ListQuery {
  /** LIKE search on the name (already trimmed); null = no search. */
  search: string | null;
  resolution: ColumnFilter | undefined;
  style: ColumnFilter | undefined;
  medium: ColumnFilter | undefined;
  filter: ColumnFilter | undefined;
  /** Exact match on favorite (0/1), only when the parameter was numeric. */
  favorite: number | undefined;
  sortBy: 'id' | 'name';
  sort: 'asc' | 'desc';
  perPage: number;
  page: number;
  /** The parameters every pagination link repeats, in upstream order (page is added last). */
  linkParameters: Array<[string, PhpValue]>;
  /** One sentence for each client mistake upstream ignores silently (the X-Mock-Warning). */
  warnings: string[];
}

const FILTER_COLUMNS = ['style', 'medium', 'filter', 'resolution'] as const;

/**
 * Reads the list parameters as the upstream controller does. Never fails on bad values (they
 * fall back silently) except an array `search`, which is upstream's 500.
 */
export function parseListQuery(input: RequestInput, defaultPerPage: number): ListQuery {
  const warnings: string[] = [];
  const searchValue = input.get('search');
  if (isPhpArray(searchValue)) fail({ kind: 'server-error' }); // string concatenation of an array
  const search = isTruthy(searchValue) ? toPhpString(searchValue as string | number | boolean) : null;

  const filters: Record<(typeof FILTER_COLUMNS)[number], ColumnFilter | undefined> = {
    style: undefined, medium: undefined, filter: undefined, resolution: undefined,
  };
  for (const column of FILTER_COLUMNS) {
    const value = input.get(column);
    if (!isTruthy(value)) continue;
    // An array filters by its first element (Laravel flattens where() bindings).
    filters[column] = firstScalar(value as PhpValue);
  }

  const favoriteValue = input.get('favorite');
  let favorite: number | undefined;
  if (isNumeric(favoriteValue)) {
    favorite = numericValue(favoriteValue as string | number);
  } else if (favoriteValue !== undefined && favoriteValue !== null) {
    warnings.push(`favorite=${describe(favoriteValue)} is ignored: only a number filters (1 or 0); the real API returns every image.`);
  }

  const searchByValue = input.get('search_by');
  const searchBy = searchByValue === 'name' || searchByValue === 'result' ? searchByValue : 'name';
  if (searchByValue !== undefined && searchByValue !== null && searchByValue !== searchBy) {
    warnings.push(`search_by=${describe(searchByValue)} is not allowed (name, result); the real API falls back to name.`);
  }
  if (searchByValue === 'result') {
    warnings.push('search_by=result is accepted but ignored: the real API always searches the name.');
  }

  const sortByValue = input.get('sort_by');
  const sortBy = sortByValue === 'id' || sortByValue === 'name' ? sortByValue : 'id';
  if (sortByValue !== undefined && sortByValue !== null && sortByValue !== sortBy) {
    warnings.push(`sort_by=${describe(sortByValue)} is not allowed (id, name); the real API falls back to id.`);
  }

  const sortValue = input.get('sort');
  const sort = sortValue === 'asc' || sortValue === 'desc' ? sortValue : 'desc';
  if (sortValue !== undefined && sortValue !== null && sortValue !== sort) {
    warnings.push(`sort=${describe(sortValue)} is not allowed (asc, desc); the real API falls back to desc.`);
  }

  const perPageValue = input.get('per_page');
  const perPageAccepted = typeof perPageValue !== 'boolean'
    && PER_PAGE_VALUES.some((n) => looseEquals(perPageValue, n));
  const perPage = perPageAccepted ? Math.trunc(numericValue(perPageValue as string | number)) : defaultPerPage;
  if (!perPageAccepted && perPageValue !== undefined && perPageValue !== null) {
    warnings.push(`per_page=${describe(perPageValue)} is not allowed (${PER_PAGE_VALUES.join(', ')}); the real API falls back to ${defaultPerPage}.`);
  }

  const pageValue = input.get('page');
  const pageAccepted = isPhpInteger(pageValue) && Number(toPhpString(pageValue as string | number)) >= 1;
  const page = pageAccepted ? Number(toPhpString(pageValue as string | number)) : 1;
  if (!pageAccepted && pageValue !== undefined && pageValue !== null) {
    warnings.push(`page=${describe(pageValue)} is not a whole number of at least 1 (without leading zeros); the real API shows page 1.`);
  }

  for (const column of FILTER_COLUMNS) {
    const value = filters[column];
    if (typeof value === 'string' && !knownValue(column, value)) {
      warnings.push(`${column}=${describe(value)} is not a known ${column}; the real API returns no images for it rather than an error.`);
    }
  }

  // Upstream appends these to every link, in this order; nulls drop out.
  const linkParameters: Array<[string, PhpValue]> = [
    ['search', normalizeForLink(searchValue)],
    ['style', normalizeForLink(input.get('style'))],
    ['medium', normalizeForLink(input.get('medium'))],
    ['filter', normalizeForLink(input.get('filter'))],
    ['resolution', normalizeForLink(input.get('resolution'))],
    ['favorite', normalizeForLink(favoriteValue)],
    ['search_by', searchBy],
    ['sort_by', sortBy],
    ['sort', sort],
    ['per_page', perPageAccepted ? (perPageValue as PhpValue) : defaultPerPage],
  ];

  return {
    search, ...filters, favorite, sortBy, sort, perPage, page, linkParameters, warnings,
  };
}

function normalizeForLink(value: PhpValue | undefined): PhpValue {
  return value === undefined ? null : value;
}

function describe(value: PhpValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const ENUM_OF_COLUMN: Record<(typeof FILTER_COLUMNS)[number], readonly string[]> = {
  resolution: RESOLUTIONS, style: STYLES, medium: MEDIUMS, filter: FILTERS,
};

/** Whether a filter value names an enum member under the case-insensitive collation. */
function knownValue(column: (typeof FILTER_COLUMNS)[number], value: string): boolean {
  // A member as written (what clients send) needs no folding.
  return ENUM_OF_COLUMN[column].includes(value) || FOLDED_ENUMS[column].has(collationFold(value));
}

// The members folded once (as `collationEquals` folds both sides), not on every request.
const FOLDED_ENUMS = Object.fromEntries(FILTER_COLUMNS.map((column) => [column, new Set(ENUM_OF_COLUMN[column].map(collationFold))])) as Record<(typeof FILTER_COLUMNS)[number], Set<string>>;
