import { allDifferences, type DiffResult, type Difference, type Exchange } from './types.ts';

/** The differences of a run by kind, in order of first appearance. */
export function groupByKind(result: DiffResult): Array<{ kind: string; differences: Array<Difference & { exchange: Exchange }> }> {
  const groups = new Map<string, Array<Difference & { exchange: Exchange }>>();
  for (const difference of allDifferences(result)) {
    const list = groups.get(difference.kind) ?? [];
    list.push(difference);
    groups.set(difference.kind, list);
  }
  return [...groups].map(([kind, differences]) => ({ kind, differences }));
}

/** `GET /images?search=… (list: sort=asc)`: how reports name a request (keys stay placeholders). */
export function requestLabel(exchange: Exchange): string {
  const { method, path, name } = exchange.request;
  return `#${exchange.index + 1} ${method} ${path.replace(/^site:/, '')} (${name})`;
}

/** The console summary: per kind of difference, how many, on how many requests, and the first one. */
export function consoleSummary(result: DiffResult): string[] {
  const lines: string[] = [];
  const groups = groupByKind(result);
  for (const { kind, differences } of groups) {
    const requests = new Set(differences.map((d) => d.exchange.index)).size;
    const first = differences[0] as Difference & { exchange: Exchange };
    lines.push(`✗ ${kind}: ${differences.length} difference${differences.length === 1 ? '' : 's'} in ${requests} request${requests === 1 ? '' : 's'}`);
    lines.push(`    first: ${requestLabel(first.exchange)}`);
    lines.push(`      at ${first.where}: A ${first.a}`);
    lines.push(`      ${' '.repeat(first.where.length + 3)}B ${first.b}`);
  }
  const skipped = result.exchanges.filter((e) => e.skipped !== undefined);
  if (skipped.length > 0) lines.push(`not compared: ${skipped.length} request${skipped.length === 1 ? '' : 's'} (${skipped[0]!.skipped})`);
  if (!result.russianAccount) lines.push("not compared: a Russian account's validation messages and page arrows (no --key-ru)");
  const total = groups.reduce((n, g) => n + g.differences.length, 0);
  lines.push(`diff: ${result.exchanges.length} requests, ${total} differences`);
  return lines;
}
