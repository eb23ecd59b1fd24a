import { isPhpArray, phpObject, trimEnds, type PhpObject, type PhpValue } from '../php/values.ts';

/**
 * The request input as the upstream controllers see it: query and body merged (the body wins),
 * every string trimmed, and empty strings turned into null (Laravel's TrimStrings and
 * ConvertEmptyStringsToNull middleware). Keys stay present when their value becomes null.
 */
export class RequestInput {
  constructor(
    readonly query: PhpObject,
    readonly body: PhpObject,
  ) {}

  static from(rawQuery: PhpObject, rawBody: PhpObject): RequestInput {
    return new RequestInput(cleanObject(rawQuery), cleanObject(rawBody));
  }

  /** `$request->has($key)`: present in the body or the query, whatever its value. */
  has(key: string): boolean {
    return Object.hasOwn(this.body, key) || Object.hasOwn(this.query, key);
  }

  /** `$request->input($key)`: the body's value, else the query's; undefined when absent. */
  get(key: string): PhpValue | undefined {
    if (Object.hasOwn(this.body, key)) return this.body[key];
    if (Object.hasOwn(this.query, key)) return this.query[key];
    return undefined;
  }

  /** All keys, body first then query-only ones (`$request->all()`). */
  all(): PhpObject {
    return Object.assign(phpObject(), this.query, this.body);
  }
}

/**
 * The characters Laravel's TrimStrings removes at both ends: PCRE's `\s` in Unicode mode plus
 * U+200B and U+FEFF, measured one by one upstream. Written out because JavaScript's `\s` differs
 * (it lacks U+0085 and U+180E); U+200C, U+200D and U+2060 are kept.
 */
function isTrimmedCharacter(code: number): boolean {
  return (code >= 0x09 && code <= 0x0d) || code === 0x20 || code === 0x85 || code === 0xa0
    || code === 0x1680 || code === 0x180e || (code >= 0x2000 && code <= 0x200b)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f
    || code === 0x3000 || code === 0xfeff;
}

/** TrimStrings on one string. */
export function trimString(text: string): string {
  return trimEnds(text, isTrimmedCharacter);
}

// Recursive, and safe: the parsers never nest input deeper than 511 (JSON) or 64 (forms) levels.
function clean(value: PhpValue): PhpValue {
  if (typeof value === 'string') {
    const trimmed = trimString(value);
    return trimmed === '' ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map(clean);
  if (isPhpArray(value)) return cleanObject(value);
  return value;
}

function cleanObject(object: PhpObject): PhpObject {
  const result = phpObject();
  // for…in rather than Object.entries: no array of pairs on every request.
  for (const key in object) {
    if (Object.hasOwn(object, key)) result[key] = clean(object[key] as PhpValue);
  }
  return result;
}
