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
  if (hasRepeatedName(headers)) {
    const grouped = new Map<string, string[]>();
    for (const [name, value] of headers) {
      const values = grouped.get(name) ?? [];
      values.push(value);
      grouped.set(name, values);
    }
    for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  } else {
    // The usual case, on every request's path: no grouping needed.
    for (const [name, value] of headers) res.setHeader(name, value);
  }
  res.end(body ?? undefined);
}

function hasRepeatedName(headers: ReadonlyArray<readonly [string, string]>): boolean {
  for (let i = 1; i < headers.length; i++) {
    const name = headers[i]![0];
    for (let j = 0; j < i; j++) if (headers[j]![0] === name) return true;
  }
  return false;
}
