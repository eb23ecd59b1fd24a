/**
 * JSON as the upstream PHP application writes it. Any JSON parser reads these the same as plain
 * JSON; the fake writes them byte for byte so recordings of the two can be compared directly.
 */

/** `json_encode($value)` with default flags: `/` escaped as `\/`, non-ASCII as `\uXXXX`. */
export function encodeControllerJson(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value)).replace(/\//g, '\\/');
}

/**
 * Laravel's framework error bodies (404 route, 405, 429, 403 unauthorized, 500):
 * JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES — 4-space indent, `/` kept, non-ASCII escaped.
 */
export function encodeFrameworkJson(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value, null, 4));
}

function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return c; // DEL is ASCII: PHP leaves it.
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
