import { phpObject, type PhpObject, type PhpValue } from './values.ts';

/** PHP's max_input_vars as shipped. */
export const MAX_INPUT_VARS = 1000;
/** PHP's max_input_nesting_level as shipped: how many `[…]` groups a variable name may have. */
export const MAX_INPUT_NESTING_LEVEL = 64;
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
  const segments = input.split('&').filter((segment) => segment !== '');
  const variables = new Variables();
  for (const segment of segments.slice(0, MAX_INPUT_VARS)) variables.addPair(segment);
  if (segments.length > MAX_INPUT_VARS) {
    variables.warnings.push(`${what} has ${segments.length} variables; like PHP (max_input_vars), the real API reads only the first ${MAX_INPUT_VARS} and drops the rest.`);
  }
  return variables.result();
}

/**
 * How PHP reads a POST form body: add_post_vars in main/php_variables.c registers a variable and
 * then counts (`if (++cnt > max_vars)` stops), so it keeps the first 1001. An empty segment
 * between two `&` is read (as nothing) and counted; a `&` at the very end is not.
 */
export function readPostForm(input: string): ParsedVariables {
  const segments = input.split('&');
  // Nothing follows a final "&" (or makes up an empty body): add_post_var reads no segment there.
  if (segments[segments.length - 1] === '') segments.pop();
  const variables = new Variables();
  for (const segment of segments.slice(0, MAX_INPUT_VARS + 1)) variables.addPair(segment);
  if (segments.length > MAX_INPUT_VARS + 1) {
    variables.warnings.push(`The form body has ${segments.length} variables (an empty one between two & counts); like PHP (max_input_vars), the real API reads a POST form's first ${MAX_INPUT_VARS + 1} and drops the rest.`);
  }
  return variables.result();
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
      const names = [...this.tooDeep].map((name) => (name.length > 40 ? `${name.slice(0, 40)}…` : name));
      const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
      this.warnings.push(`A variable nested deeper than ${MAX_INPUT_NESTING_LEVEL} levels of [] (${shown}) is dropped by PHP (max_input_nesting_level), which also deletes what it read under that name before; the real API sees none of it (from PHP's source, not measured upstream).`);
    }
    return { fields: this.fields, warnings: this.warnings };
  }
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
