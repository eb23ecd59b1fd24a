import { phpObject, type PhpObject, type PhpValue } from './values.ts';

/** PHP's max_input_vars as shipped. */
const MAX_INPUT_VARS = 1000;
/** PHP's max_input_nesting_level as shipped: how many `[…]` groups a variable name may have. */
const MAX_INPUT_NESTING_LEVEL = 64;
/** PHP's max_file_uploads as shipped; with max_input_vars it makes the multipart parts limit. */
const MAX_FILE_UPLOADS = 20;

/** The variables PHP registers from one source, and a sentence for each thing it silently dropped. */
export interface ParsedVariables {
  fields: PhpObject;
  warnings: string[];
}

/**
 * PHP's `parse_str()` (how PHP reads query strings and form bodies): `a[]=1&a[]=2` makes a list,
 * `a[b]=1` a map, a later duplicate key wins, `+` is a space, and dots and spaces in the top-level
 * name become underscores (`per.page=10` is `per_page`).
 */
export function parseStr(input: string): PhpObject {
  return readQueryString(input).fields;
}

/**
 * How PHP reads a query string, and how Symfony reads a PUT, PATCH or DELETE form body (with
 * `parse_str`): php_default_treat_data in main/php_variables.c. Its tokenizer skips empty
 * segments, and it counts before it registers (`if (++count > max_input_vars) break`), so it
 * keeps the first 1000 variables.
 */
export function readQueryString(input: string, what = 'The query string'): ParsedVariables {
  const { kept, total } = segments(input, MAX_INPUT_VARS, 'skipped');
  const variables = new Variables();
  for (const segment of kept) variables.addPair(segment);
  if (total > MAX_INPUT_VARS) {
    variables.warnings.push(`${what} has ${total} variables; like PHP (max_input_vars), the real API reads only the first ${MAX_INPUT_VARS} and drops the rest.`);
  }
  return variables.result();
}

/**
 * How PHP reads a POST form body: add_post_vars in main/php_variables.c registers a variable and
 * then counts (`if (++cnt > max_vars)` stops), so it keeps the first 1001. An empty segment
 * between two `&` is read (as nothing) and counted; a `&` at the very end is not.
 */
export function readPostForm(input: string): ParsedVariables {
  const { kept, total } = segments(input, MAX_INPUT_VARS + 1, 'counted');
  const variables = new Variables();
  for (const segment of kept) variables.addPair(segment);
  if (total > MAX_INPUT_VARS + 1) {
    variables.warnings.push(`The form body has ${total} variables (an empty one between two & counts); like PHP (max_input_vars), the real API reads a POST form's first ${MAX_INPUT_VARS + 1} and drops the rest.`);
  }
  return variables.result();
}

/**
 * The first `keep` `&`-separated segments of `input`, and how many there are in all, without
 * splitting the rest (a body may hold millions). Empty segments are skipped, or counted; the empty
 * one after a final `&` (or of an empty input) never counts.
 */
function segments(input: string, keep: number, empty: 'skipped' | 'counted'): { kept: string[]; total: number } {
  const kept: string[] = [];
  let total = 0;
  for (let start = 0; start <= input.length;) {
    const found = input.indexOf('&', start);
    const end = found === -1 ? input.length : found;
    if (end > start || (empty === 'counted' && end < input.length)) {
      if (total < keep) kept.push(input.slice(start, end));
      total++;
    }
    start = end + 1;
  }
  return { kept, total };
}

/**
 * How PHP reads the fields of a multipart/form-data body (rfc1867_post_handler in main/rfc1867.c).
 * A field is counted before it is registered (`if (++count <= max_input_vars)` registers), so the
 * first 1000 are kept and later ones are read but dropped. Since PHP 8.1.17 and 8.2.4 a part past
 * max_multipart_body_parts (default max_input_vars + max_file_uploads = 1020) ends the reading
 * (`if (--body_parts_cnt < 0) goto fileupload_done`). File parts (value null here) go to $_FILES
 * and count only as parts.
 */
export function readMultipartFields(parts: Iterable<readonly [name: string, value: string | null]>): ParsedVariables {
  const variables = new Variables();
  const partsLimit = MAX_INPUT_VARS + MAX_FILE_UPLOADS;
  let partCount = 0;
  let fieldCount = 0;
  let fieldsPastPartsLimit = 0;
  for (const [name, value] of parts) {
    if (++partCount > partsLimit) {
      if (value !== null) fieldsPastPartsLimit++;
      continue;
    }
    if (value === null) continue;
    if (++fieldCount <= MAX_INPUT_VARS) variables.add(name, value);
  }
  if (fieldCount > MAX_INPUT_VARS) {
    variables.warnings.push(`The multipart body has ${fieldCount + fieldsPastPartsLimit} fields; like PHP (max_input_vars), the real API reads only the first ${MAX_INPUT_VARS} and drops the rest.`);
  } else if (fieldsPastPartsLimit > 0) {
    variables.warnings.push(`The multipart body has ${partCount} parts; PHP stops reading at part ${partsLimit + 1} (max_multipart_body_parts), so the real API drops every field from there on (from PHP's source, not measured upstream).`);
  }
  return variables.result();
}

/** Variables registered one by one, as php_register_variable_ex does. */
class Variables {
  readonly fields = phpObject();
  readonly warnings: string[] = [];
  /** Base names whose variables were nested too deep. */
  private readonly tooDeep = new Set<string>();

  /** Registers one `name=value` segment, both url-decoded. */
  addPair(segment: string): void {
    const eq = segment.indexOf('=');
    const rawName = eq === -1 ? segment : segment.slice(0, eq);
    const rawValue = eq === -1 ? '' : segment.slice(eq + 1);
    this.add(urldecode(rawName), urldecode(rawValue));
  }

  add(name: string, value: string): void {
    const deleted = assign(this.fields, name, value);
    if (deleted !== null) this.tooDeep.add(deleted);
  }

  result(): ParsedVariables {
    if (this.tooDeep.size > 0) {
      const names = [...this.tooDeep].map((name) => (name.length > 40 ? `${name.slice(0, 40)}...` : name));
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      this.warnings.push(`A variable nested deeper than ${MAX_INPUT_NESTING_LEVEL} levels of [] (${shown}) is dropped by PHP (max_input_nesting_level), which also deletes what it read under that name before; the real API sees none of it (from PHP's source, not measured upstream).`);
    }
    return { fields: this.fields, warnings: this.warnings };
  }
}

/** PHP's urldecode: `+` is a space, malformed `%` sequences stay as they are. */
function urldecode(text: string): string {
  return rawurldecode(text.replace(/\+/g, ' '));
}

/** PHP's rawurldecode: `%XX` sequences decoded as UTF-8, malformed ones left as they are. */
export function rawurldecode(text: string): string {
  if (!text.includes('%')) return text;
  // On the UTF-8 bytes, in one pass: "%" and hex digits are ASCII, so they never occur inside
  // another character's bytes.
  const input = new TextEncoder().encode(text);
  const output = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const high = i + 2 < input.length && input[i] === 0x25 ? hexValue(input[i + 1] as number) : -1;
    const low = high === -1 ? -1 : hexValue(input[i + 2] as number);
    if (low === -1) {
      output[length++] = input[i] as number;
    } else {
      output[length++] = high * 16 + low;
      i += 2;
    }
  }
  return new TextDecoder('utf-8').decode(output.subarray(0, length));
}

/** The value of one ASCII hex digit, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * php_register_variable_ex: stores one variable; returns the base name when the variable was
 * nested deeper than max_input_nesting_level and PHP deleted that name altogether.
 */
function assign(target: PhpObject, rawKey: string, value: string): string | null {
  // Leading spaces of the name are dropped; the base name ends at the first "[".
  const name = rawKey.replace(/^ +/, '');
  const open = name.indexOf('[');
  // An empty base name ("", "=x", "[a]=x"): PHP drops the variable.
  if (open === 0 || name === '') return null;
  let base = open === -1 ? name : name.slice(0, open);
  const segments: string[] = [];
  if (open > 0) {
    // Each "[" right after the previous group opens one more level (an unclosed one too), and
    // past max_input_nesting_level PHP drops the variable and deletes the whole base name
    // (zend_symtable_str_del; from PHP's source, not measured upstream). Counting stops there, so
    // a name of any length costs no more than 65 groups.
    let at = open;
    while (name.charCodeAt(at) === 0x5b) {
      if (segments.length + 1 > MAX_INPUT_NESTING_LEVEL) {
        delete target[mangle(base)];
        return mangle(base);
      }
      const close = name.indexOf(']', at + 1);
      if (close === -1) break; // anything after the last well-formed group is ignored
      const segment = name.slice(at + 1, close);
      // PHP skips one whitespace character before looking for "]": "[ ]" appends like "[]".
      segments.push(/^[ \t\n\v\f\r]$/.test(segment) ? '' : segment);
      at = close + 1;
    }
    // A first "[" that is never closed is no group: the whole name is the base.
    if (segments.length === 0) base = name;
  }
  const key = mangle(base);
  if (segments.length === 0) {
    target[key] = value;
    return null;
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
  return null;
}

/** PHP turns "." and " " (and the "[" of a group never closed) in the base name into "_". */
function mangle(base: string): string {
  return base.replace(/[. []/g, '_');
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
