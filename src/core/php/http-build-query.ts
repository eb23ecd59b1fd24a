import { isPhpArray, toPhpString, type PhpValue } from './values.ts';

/**
 * PHP's `http_build_query($params, '', '&', PHP_QUERY_RFC3986)` (Laravel's `Arr::query`):
 * nulls are left out, arrays become `name[key]=…` with the brackets percent-encoded.
 */
export function httpBuildQuery(params: ReadonlyArray<readonly [string, PhpValue]>): string {
  const parts: string[] = [];
  for (const [name, value] of params) appendPart(parts, encodeRfc3986(name), value);
  return parts.join('&');
}

function appendPart(parts: string[], encodedName: string, value: PhpValue): void {
  if (value === null) return;
  if (isPhpArray(value)) {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, item] of entries) appendPart(parts, `${encodedName}%5B${encodeRfc3986(key)}%5D`, item);
    return;
  }
  // http_build_query writes booleans as 1/0 (not "" for false).
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : toPhpString(value);
  parts.push(`${encodedName}=${encodeRfc3986(text)}`);
}

/** rawurlencode: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded. */
function encodeRfc3986(text: string): string {
  const encoded = encodeURIComponent(text);
  // Most values have none of the five: skip the replacement (and its callback) then.
  return RESERVED_BY_RAWURLENCODE.test(encoded) ? encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : encoded;
}

const RESERVED_BY_RAWURLENCODE = /[!'()*]/;
