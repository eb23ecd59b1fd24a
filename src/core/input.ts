import { isPhpArray, phpObject, type PhpObject, type PhpValue } from './php/values.ts';

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

// TrimStrings: Unicode whitespace plus U+200B and U+FEFF at both ends.
const TRIM = /^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/gu;

export function trimString(text: string): string {
  return text.replace(TRIM, '');
}

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
  for (const [key, value] of Object.entries(object)) result[key] = clean(value);
  return result;
}
