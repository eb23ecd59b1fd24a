import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';

/** One HTTP response to check against the document. */
export interface ResponseToValidate {
  /** The request method (any case). HEAD is checked as the GET operation, without a body. */
  method: string;
  /**
   * The request path: concrete (`/api/v1/images/5?x=1`, the server base path is stripped) or a
   * path template of the document (`/images/{id}`).
   */
  path: string;
  status: number;
  /** The response's `Content-Type` (parameters such as `charset` are ignored). */
  contentType?: string | null;
  /** Response headers, any case; a fetch `Headers` works too. */
  headers?: HeadersLike;
  /**
   * The body: parsed JSON, or the raw text (JSON media types are parsed). `undefined` or an empty
   * string skips the body check (HEAD, or a caller that only checks status and headers).
   */
  body?: unknown;
}

export type HeadersLike =
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | { forEach(callback: (value: string, name: string) => void): void };

/** Checks one response; returns the problems found (empty = valid). */
export type ValidateResponse = (response: ResponseToValidate) => string[];

export interface ExampleCheck {
  /** How many examples were checked. */
  checked: number;
  /** One line per example that does not validate against its schema. */
  errors: string[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

const DOC_ID = 'urn:ailuna-images-kit:openapi';
/** OpenAPI-only keywords that may sit inside schemas; Ajv treats them as annotations. */
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

type Json = unknown;
type JsonObject = Record<string, Json>;

interface Located {
  value: JsonObject;
  pointer: string;
}

interface MatchedRoute {
  /** `GET /images/{id}` */
  label: string;
  /** The responses object (or the x- extension standing in for one) and its pointer. */
  responses: Located;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as FormatsPlugin;

/**
 * Builds a response validator over an OpenAPI 3.1 document (JSON Schema 2020-12 via Ajv).
 *
 * It finds the operation for the method and path (falling back to the document's
 * `x-other-methods` of a path and `x-unknown-paths` for what OpenAPI cannot route), checks that the
 * status and content type are documented, validates the body against the schema and checks that
 * the documented required headers are present and well-formed.
 *
 * @example
 * const validate = createResponseValidator(loadSpec());
 * validate({ method: 'GET', path: '/api/v1/images/5', status: 200,
 *   contentType: 'application/json', headers: res.headers, body: await res.json() });
 * // -> [] or ['GET /images/{id} 200: /data/favorite must be boolean']
 */
export function createResponseValidator(doc: OpenAPIV3_1.Document): ValidateResponse {
  const spec = new SpecIndex(doc);

  return (response) => {
    const method = response.method.toLowerCase();
    const route = spec.route(method, response.path);
    if (typeof route === 'string') return [route];
    const prefix = `${route.label} ${response.status}`;

    const found = spec.responseFor(route.responses, response.status);
    if (found === undefined) {
      const documented = Object.keys(route.responses.value).join(', ');
      return [`${prefix}: status ${response.status} is not documented (documented: ${documented})`];
    }

    const errors: string[] = [];
    errors.push(...spec.checkHeaders(found, response.headers).map((e) => `${prefix}: ${e}`));

    const content = isRecord(found.value.content) ? found.value.content : undefined;
    const bodyGiven = method !== 'head' && response.body !== undefined && response.body !== '';
    if (content === undefined || Object.keys(content).length === 0) {
      if (bodyGiven) errors.push(`${prefix}: a body was sent but the response documents none`);
      return errors;
    }
    const mediaType = baseMediaType(response.contentType);
    if (mediaType === undefined) {
      if (bodyGiven) errors.push(`${prefix}: no Content-Type (documented: ${Object.keys(content).join(', ')})`);
      return errors;
    }
    const documentedType = Object.keys(content).find((type) => mediaTypeMatches(type, mediaType));
    if (documentedType === undefined) {
      errors.push(`${prefix}: content type ${mediaType} is not documented (documented: ${Object.keys(content).join(', ')})`);
      return errors;
    }
    const media = content[documentedType];
    if (!bodyGiven || !isRecord(media) || media.schema === undefined) return errors;

    let body = response.body;
    if (isJsonMediaType(mediaType)) {
      if (typeof body === 'string') {
        try {
          body = JSON.parse(body) as Json;
        } catch {
          errors.push(`${prefix}: the ${mediaType} body is not valid JSON`);
          return errors;
        }
      }
    } else if (typeof body !== 'string') {
      return errors; // binary bodies (image/jpeg): content type only
    }
    const schemaPointer = `${found.pointer}/content/${escapePointer(documentedType)}/schema`;
    errors.push(...spec.validate(schemaPointer, body).map((e) => `${prefix}: ${e}`));
    return errors;
  };
}

/**
 * Validates every example of the document (named `examples`, following `$ref`s, and single
 * `example`s of media types, parameters and headers) against the schema beside it.
 *
 * @example
 * const { checked, errors } = validateExamples(loadSpec()); // errors: [] when all validate
 */
export function validateExamples(doc: OpenAPIV3_1.Document): ExampleCheck {
  const spec = new SpecIndex(doc);
  const root = doc as unknown as JsonObject;
  const result: ExampleCheck = { checked: 0, errors: [] };

  const visit = (node: Json, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => visit(child, `${pointer}/${i}`));
      return;
    }
    if (!isRecord(node) || typeof node.$ref === 'string') return;
    if (node.schema !== undefined) {
      const schemaPointer = `${pointer}/schema`;
      const check = (name: string, value: Json): void => {
        result.checked += 1;
        for (const error of spec.validate(schemaPointer, value)) {
          result.errors.push(`${pointer} example "${name}": ${error}`);
        }
      };
      if ('example' in node) check('example', node.example);
      if (isRecord(node.examples)) {
        for (const [name, example] of Object.entries(node.examples)) {
          const resolved = deref(root, example, `${pointer}/examples/${escapePointer(name)}`);
          if (resolved === undefined) {
            result.errors.push(`${pointer} example "${name}": unresolvable $ref`);
          } else if ('value' in resolved.value) {
            check(name, resolved.value.value);
          }
        }
      }
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === 'schema' || key === 'schemas' || key === 'examples' || key === 'example') continue;
      visit(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  visit(root, '');
  return result;
}

/**
 * The method Laravel routes a request as: a `POST` becomes the method named by
 * `X-HTTP-Method-Override`, else by a `_method` field of the body or the query (any case). Other
 * methods are never overridden. Validate responses with this method, not the wire method.
 *
 * @example
 * routedMethod('POST', { 'x-http-method-override': 'PATCH' }); // 'PATCH'
 * routedMethod('POST', {}, { _method: 'put' });                // 'PUT'
 */
export function routedMethod(
  method: string,
  requestHeaders?: HeadersLike,
  fields?: Readonly<Record<string, unknown>>,
): string {
  const upper = method.toUpperCase();
  if (upper !== 'POST') return upper;
  const override = normalizeHeaders(requestHeaders).get('x-http-method-override') ?? fields?._method;
  return typeof override === 'string' && override.trim() !== '' ? override.trim().toUpperCase() : upper;
}

/** The document, its Ajv instance and compiled schemas, and its routing table. */
class SpecIndex {
  private readonly root: JsonObject;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; regex: RegExp; bases: string[]; item: JsonObject; pointer: string }[];
  private readonly apiBases: string[];

  constructor(doc: OpenAPIV3_1.Document) {
    this.root = doc as unknown as JsonObject;
    this.ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(this.ajv);
    this.ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...extensionKeywords(this.root.components)]);
    // The document itself is registered as one schema resource, so `#/components/...` refs resolve;
    // its non-schema top-level members are annotations to Ajv.
    const container: JsonObject = { $id: DOC_ID };
    for (const key of ['paths', 'components']) {
      if (this.root[key] !== undefined) {
        this.ajv.addKeyword({ keyword: key });
        container[key] = this.root[key];
      }
    }
    this.ajv.addSchema(container);

    const docBases = serverBases(this.root.servers);
    this.apiBases = docBases;
    const paths = isRecord(this.root.paths) ? this.root.paths : {};
    this.routes = Object.entries(paths).flatMap(([template, item]) => {
      if (!isRecord(item)) return [];
      const own = serverBases(item.servers);
      const regex = new RegExp(
        `^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`,
      );
      return [{ template, regex, bases: own.length > 0 ? own : docBases, item, pointer: `/paths/${escapePointer(template)}` }];
    });
  }

  /** Finds what documents `method` on `path`, or says why nothing does. */
  route(method: string, rawPath: string): MatchedRoute | string {
    const upper = method.toUpperCase();
    const path = rawPath.split(/[?#]/, 1)[0] ?? '';
    const lookup: HttpMethod | undefined = method === 'head' ? 'get' : HTTP_METHODS.find((m) => m === method);

    let match = this.routes.find((route) => route.template === path);
    if (match === undefined) {
      match = this.routes.find((route) =>
        route.bases.some((base) => {
          const rest = stripBase(path, base);
          return rest !== undefined && route.regex.test(rest);
        }),
      );
    }
    if (match !== undefined) {
      const label = `${upper} ${match.template}`;
      const operation = lookup === undefined ? undefined : match.item[lookup];
      if (isRecord(operation) && isRecord(operation.responses)) {
        return { label, responses: { value: operation.responses, pointer: `${match.pointer}/${lookup}/responses` } };
      }
      const other = match.item['x-other-methods'];
      if (isRecord(other) && isRecord(other.responses)) {
        return { label, responses: { value: other.responses, pointer: `${match.pointer}/x-other-methods/responses` } };
      }
      return `${label}: method ${upper} is not documented for ${match.template}`;
    }
    const unknown = this.root['x-unknown-paths'];
    // Only paths below a base: `/api/v1` itself (and `/api/v1/`) is a route 404, not an unknown path.
    const below = (base: string) => { const rest = stripBase(path.replace(/\/+$/, ''), base); return rest !== undefined && rest !== '/'; };
    if (this.apiBases.some(below) && isRecord(unknown) && isRecord(unknown.responses)) {
      return { label: `${upper} ${path} (x-unknown-paths)`, responses: { value: unknown.responses, pointer: '/x-unknown-paths/responses' } };
    }
    return `${upper} ${path}: no documented path matches`;
  }

  /** The response documented for a status: the exact code, then `4XX`-style, then `default`. */
  responseFor(responses: Located, status: number): Located | undefined {
    const keys = [String(status), `${String(status).charAt(0)}XX`, 'default'];
    for (const key of keys) {
      const entry = responses.value[key] ?? responses.value[key.toLowerCase()];
      if (entry !== undefined) return deref(this.root, entry, `${responses.pointer}/${escapePointer(key)}`);
    }
    return undefined;
  }

  checkHeaders(response: Located, headers: HeadersLike | undefined): string[] {
    const documented = isRecord(response.value.headers) ? response.value.headers : {};
    const actual = normalizeHeaders(headers);
    const errors: string[] = [];
    for (const [name, entry] of Object.entries(documented)) {
      const header = deref(this.root, entry, `${response.pointer}/headers/${escapePointer(name)}`);
      if (header === undefined) continue;
      const value = actual.get(name.toLowerCase());
      if (value === undefined) {
        if (header.value.required === true) errors.push(`header ${name} is required but missing`);
        continue;
      }
      if (header.value.schema === undefined) continue;
      const schema = deref(this.root, header.value.schema, `${header.pointer}/schema`)?.value;
      const coerced = wantsNumber(schema) && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
      for (const error of this.validate(`${header.pointer}/schema`, coerced)) {
        errors.push(`header ${name}: ${error}`);
      }
    }
    return errors;
  }

  /** Validates a value against the schema at a JSON pointer of the document. */
  validate(schemaPointer: string, value: Json): string[] {
    let validateFn = this.compiled.get(schemaPointer);
    if (validateFn === undefined) {
      const fragment = schemaPointer.split('/').map((part) => encodeURIComponent(part)).join('/');
      validateFn = this.ajv.compile({ $ref: `${DOC_ID}#${fragment}` });
      this.compiled.set(schemaPointer, validateFn);
    }
    if (validateFn(value)) return [];
    return (validateFn.errors ?? []).map(formatAjvError);
  }
}

function formatAjvError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(body)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = ` (${String(params.additionalProperty)})`;
  else if (error.keyword === 'enum') detail = ` (${JSON.stringify(params.allowedValues)})`;
  else if (error.keyword === 'const') detail = ` (${JSON.stringify(params.allowedValue)})`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

/** Follows local `$ref`s, keeping track of where the target lives. */
function deref(root: JsonObject, value: Json, pointer: string): Located | undefined {
  let current = value;
  let at = pointer;
  for (let hops = 0; hops < 20; hops += 1) {
    if (!isRecord(current)) return undefined;
    const ref = current.$ref;
    if (typeof ref !== 'string') return { value: current, pointer: at };
    if (!ref.startsWith('#')) return undefined;
    at = ref.slice(1);
    current = getPointer(root, at);
  }
  return undefined;
}

function getPointer(root: Json, pointer: string): Json {
  let current: Json = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = safeDecode(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** `$ref` fragments may be percent-encoded; a stray `%` is taken literally. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Base paths of a servers list (`https://ailuna.ru/api/v1` -> `/api/v1`, `https://ailuna.ru` -> ``). */
function serverBases(servers: Json): string[] {
  if (!Array.isArray(servers)) return [];
  const bases = new Set<string>();
  for (const server of servers) {
    if (!isRecord(server) || typeof server.url !== 'string') continue;
    bases.add(new URL(server.url, 'http://localhost').pathname.replace(/\/+$/, ''));
  }
  return [...bases];
}

/** The path below a base path, or undefined when the path is not under it. */
function stripBase(path: string, base: string): string | undefined {
  if (base === '') return path;
  if (path === base) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
}

function extensionKeywords(components: Json): string[] {
  const found = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isRecord(node)) {
      for (const [key, child] of Object.entries(node)) {
        if (key.startsWith('x-')) found.add(key);
        else visit(child);
      }
    }
  };
  visit(components);
  return [...found];
}

function normalizeHeaders(headers: HeadersLike | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (headers === undefined) return map;
  if (typeof headers.forEach === 'function' && !isPlainHeaderRecord(headers)) {
    (headers as { forEach(callback: (value: string, name: string) => void): void }).forEach((value, name) => {
      map.set(name.toLowerCase(), value);
    });
    return map;
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined) continue;
    map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  return map;
}

function isPlainHeaderRecord(headers: object): boolean {
  return Object.getPrototypeOf(headers) === Object.prototype || Object.getPrototypeOf(headers) === null;
}

function wantsNumber(schema: Json): boolean {
  if (!isRecord(schema)) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('integer') || types.includes('number');
}

function baseMediaType(contentType: string | null | undefined): string | undefined {
  const base = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return base === undefined || base === '' ? undefined : base;
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  const doc = documented.toLowerCase();
  if (doc === actual || doc === '*/*') return true;
  return doc.endsWith('/*') && actual.startsWith(doc.slice(0, -1));
}

function isJsonMediaType(mediaType: string): boolean {
  return /\/json$|\+json$/.test(mediaType);
}

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
