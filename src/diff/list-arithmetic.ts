/**
 * What a list answer must satisfy whatever the data: Laravel's paginator arithmetic (from, to,
 * last_page, total), the prev/next/last links and the page window of `meta.links`
 * (BEHAVIOUR.md, "List"). Two faithful servers with different data both pass; a server that
 * miscounts fails on its own, which the comparison then names.
 */
export interface ListBody {
  data: unknown[];
  links: Record<string, unknown>;
  meta: Record<string, unknown>;
}

export function isListBody(value: unknown): value is ListBody {
  const v = value as Partial<ListBody> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.data) && isObject(v.links) && isObject(v.meta);
}

export function listArithmetic(body: ListBody): string[] {
  const problems: string[] = [];
  const { meta, links, data } = body;
  const c = meta.current_page, pp = meta.per_page, total = meta.total, last = meta.last_page;
  if (![c, pp, total, last].every((n) => Number.isInteger(n))) return ['meta.current_page, per_page, total and last_page are not all integers'];
  const [page, perPage, count, lastPage] = [c, pp, total, last] as number[] as [number, number, number, number];
  const expect = (ok: boolean, problem: string) => { if (!ok) problems.push(problem); };
  expect(lastPage === Math.max(1, Math.ceil(count / perPage)), 'last_page ≠ max(1, ⌈total / per_page⌉)');
  expect(data.length <= perPage, 'more items than per_page');
  if (data.length === 0) {
    expect(meta.from === null && meta.to === null, 'from/to not null on an empty page');
    expect(page > lastPage || count === 0, 'an empty page before the last');
  } else {
    expect(meta.from === (page - 1) * perPage + 1, 'from ≠ (current_page − 1) × per_page + 1');
    expect(meta.to === (page - 1) * perPage + data.length, 'to ≠ from + items − 1');
    expect(page < lastPage ? data.length === perPage : meta.to === count, page < lastPage ? 'a page before the last is not full' : 'to ≠ total on the last page');
  }
  expect(pageOf(links.first) === 1, 'links.first is not page 1');
  expect(pageOf(links.last) === lastPage, 'links.last is not page last_page');
  expect(page > 1 ? pageOf(links.prev) === page - 1 : links.prev === null, 'links.prev is not the page before (or null on page 1)');
  expect(page < lastPage ? pageOf(links.next) === page + 1 : links.next === null, 'links.next is not the page after (or null from the last page on)');
  const window = Array.isArray(meta.links) ? meta.links.slice(1, -1) as Array<Record<string, unknown>> : [];
  const labels = window.map((l) => String(l.label));
  const expected = pageWindow(lastPage, page);
  expect(labels.join(',') === expected.join(','), `meta.links window [${labels.join(',')}] ≠ [${expected.join(',')}]`);
  for (const link of window) {
    const label = String(link.label);
    expect(label === '...' ? link.url === null : pageOf(link.url) === Number(label), `meta.links "${label}" has the url ${String(link.url)}`);
    expect(link.active === (label === String(page)), `meta.links "${label}" active is ${String(link.active)}`);
  }
  return problems;
}

/** Laravel's UrlWindow with onEachSide 3, as BEHAVIOUR.md spells it out. */
export function pageWindow(last: number, current: number): string[] {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  if (last < 14) return range(1, last);
  if (current <= 7) return [...range(1, 10), '...', ...range(last - 1, last)];
  if (current > last - 7) return [...range(1, 2), '...', ...range(last - 9, last)];
  return [...range(1, 2), '...', ...range(current - 3, current + 3), '...', ...range(last - 1, last)];
}

function pageOf(url: unknown): number | undefined {
  if (typeof url !== 'string') return undefined;
  const match = /[?&]page=(\d+)$/.exec(url);
  return match ? Number(match[1]) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
