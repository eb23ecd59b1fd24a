import type { ServerResponse } from 'node:http';

/**
 * Writes status, headers (a repeated name becomes one multi-value header) and body exactly as
 * given — without Express's res.set, which would add a charset to Content-Type.
 */
export function writeRawResponse(
  res: ServerResponse,
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string | Uint8Array | null,
): void {
  res.statusCode = status;
  const grouped = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const values = grouped.get(name) ?? [];
    values.push(value);
    grouped.set(name, values);
  }
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  res.end(body ?? undefined);
}
