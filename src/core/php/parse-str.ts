import { phpObject, type PhpObject, type PhpValue } from './values.ts';

/**
 * PHP's `parse_str()` (how PHP reads query strings and form bodies): `a[]=1&a[]=2` makes a list,
 * `a[b]=1` a map, a later duplicate key wins, `+` is a space, and dots and spaces in the top-level
 * name become underscores (`per.page=10` is `per_page`).
 */
export function parseStr(input: string): PhpObject {
  const result = phpObject();
  if (input === '') return result;
  let count = 0;
  for (const pair of input.split('&')) {
    if (pair === '') continue;
    // PHP's max_input_vars (1000): the variables past it are dropped.
    if (++count > MAX_INPUT_VARS) break;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    assign(result, urldecode(rawKey), urldecode(rawValue));
  }
  return result;
}

/** PHP's max_input_vars as shipped. */
export const MAX_INPUT_VARS = 1000;

/** How many variables a query string or form body holds (to warn when PHP would drop some). */
export function countInputVars(input: string): number {
  return input === '' ? 0 : input.split('&').filter((pair) => pair !== '').length;
}

/** Builds the same structure from already-decoded name/value pairs (multipart fields). */
export function parseFields(pairs: Iterable<readonly [string, string]>): PhpObject {
  const result = phpObject();
  for (const [name, value] of pairs) assign(result, name, value);
  return result;
}

/** PHP's urldecode: `+` is a space, malformed `%` sequences stay as they are. */
export function urldecode(text: string): string {
  return rawurldecode(text.replace(/\+/g, ' '));
}

/** PHP's rawurldecode: `%XX` sequences decoded as UTF-8, malformed ones left as they are. */
export function rawurldecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = text.codePointAt(i) as number;
      const char = String.fromCodePoint(code);
      bytes.push(...encoder.encode(char));
      if (code > 0xffff) i++;
    }
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

function assign(target: PhpObject, rawKey: string, value: string): void {
  // Leading spaces of the name are dropped; the base name ends at the first "[".
  let key = rawKey.replace(/^ +/, '');
  const open = key.indexOf('[');
  let base: string;
  const segments: string[] = [];
  if (open > 0 && key.indexOf(']', open) !== -1) {
    base = key.slice(0, open);
    let rest = key.slice(open);
    // Collect [segment] groups; anything after the last well-formed group is ignored.
    while (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close === -1) break;
      segments.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
    }
  } else {
    base = key;
  }
  if (base === '') return;
  // PHP mangles "." and " " (and a lone "[") in the base name to "_".
  base = base.replace(/[. []/g, '_');
  key = base;
  if (segments.length === 0) {
    target[key] = value;
    return;
  }
  let container: PhpObject | PhpValue[] = target;
  let currentKey: string = key;
  for (const segment of segments) {
    const existing: PhpValue | undefined = readSlot(container, currentKey);
    let next: PhpObject | PhpValue[];
    if (typeof existing === 'object' && existing !== null) {
      next = existing;
    } else {
      next = segment === '' ? [] : phpObject();
      writeSlot(container, currentKey, next);
    }
    if (segment === '') {
      if (Array.isArray(next)) {
        currentKey = String(next.length);
      } else {
        const numeric = Object.keys(next).filter((k) => /^\d+$/.test(k)).map(Number);
        currentKey = String(numeric.length === 0 ? 0 : Math.max(...numeric) + 1);
      }
    } else {
      if (Array.isArray(next) && !/^\d+$/.test(segment)) {
        // A list that gets a named key turns into a map, as PHP arrays are both.
        const asObject = phpObject();
        next.forEach((v, i) => { asObject[String(i)] = v; });
        writeSlot(container, currentKey, asObject);
        next = asObject;
      }
      currentKey = segment;
    }
    container = next;
  }
  writeSlot(container, currentKey, value);
}

function readSlot(container: PhpObject | PhpValue[], key: string): PhpValue | undefined {
  if (Array.isArray(container)) return container[Number(key)];
  return Object.prototype.hasOwnProperty.call(container, key) ? container[key] : undefined;
}

function writeSlot(container: PhpObject | PhpValue[], key: string, value: PhpValue): void {
  if (Array.isArray(container)) {
    const index = Number(key);
    if (Number.isInteger(index) && index <= container.length) {
      container[index] = value;
      return;
    }
  }
  (container as PhpObject)[key] = value;
}
