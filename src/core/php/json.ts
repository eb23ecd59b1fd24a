/**
 * JSON as the upstream PHP application writes and reads it. Any JSON parser reads what it writes
 * the same as plain JSON; the fake writes it byte for byte so recordings of the two can be
 * compared directly. Reading follows `json_decode`'s depth limit.
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
  if (!NON_ASCII.test(json)) return json;
  return json.replace(/[\u007f-\uffff]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return c; // DEL is ASCII: PHP leaves it.
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * PHP's `json_decode` refuses a text whose arrays and objects nest this deep or deeper (its default
 * depth is 512, and N nested containers need a depth of N + 1: php.net's own example refuses
 * three levels at depth 3). Measured upstream: 511 levels are read, 512 give no fields.
 */
export const JSON_MAX_NESTING = 512;

/** What `json_decode($text, true)` gives: the value, or why PHP refuses the text. */
export type DecodedJson = { ok: true; value: unknown } | { ok: false; reason: 'malformed' | 'too-deep'; nesting: number };

/**
 * `json_decode($text, true)` with PHP's default depth. The nesting is measured by a linear scan
 * before anything recursive runs, so no text of any depth can exhaust the stack.
 */
export function decodeJson(text: string): DecodedJson {
  const nesting = jsonNesting(text);
  if (nesting >= JSON_MAX_NESTING) return { ok: false, reason: 'too-deep', nesting };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'malformed', nesting };
  }
}

/** The deepest nesting of arrays and objects in a JSON text (the outer one counts as 1), strings skipped. */
export function jsonNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // a backslash: the next character is escaped
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
