import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FormatsPlugin } from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import { overrideMethod } from '../upstream/method-override.ts';
import {
  belowBase, escapePointer, isRecord, OpenApiDocument, type DocumentedPath, type Located,
} from '../upstream/openapi-document.ts';

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

const DOC_ID = 'urn:ailuna-images-kit:openapi';
/** OpenAPI-only keywords that may sit inside schemas; Ajv treats them as annotations. */
const OPENAPI_SCHEMA_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'];

type Json = unknown;
type JsonObject = Record<string, Json>;

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
          const resolved = spec.document.resolve(example, `${pointer}/examples/${escapePointer(name)}`);
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
 * The method Laravel routes a request as (`overrideMethod` of src/upstream): a `POST` becomes the method
 * named by a non-empty `X-HTTP-Method-Override`, else by a `_method` field (`fields`: the body's
 * over the query's), any case; an override that is not a method name leaves a POST. Other methods
 * are never overridden. Validate responses with this method, not the wire method.
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
  return overrideMethod(method.toUpperCase(), normalizeHeaders(requestHeaders).get('x-http-method-override'), fields, undefined);
}

/** The document (through src/upstream's reader), its Ajv instance and compiled schemas. */
class SpecIndex {
  readonly document: OpenApiDocument;
  private readonly root: JsonObject;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenAPIV3_1.Document) {
    this.document = new OpenApiDocument(doc);
    this.root = this.document.root;
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
  }

  /** Finds what documents `method` on `path`, or says why nothing does. */
  route(method: string, rawPath: string): MatchedRoute | string {
    const upper = method.toUpperCase();
    const path = rawPath.split(/[?#]/, 1)[0] ?? '';
    const match: DocumentedPath | undefined = this.document.pathFor(path);
    if (match !== undefined) {
      const label = `${upper} ${match.template}`;
      const operation = this.document.operation(match, method);
      const responses = operation === undefined ? undefined : this.document.responses(operation);
      if (responses !== undefined) return { label, responses };
      const other = match.item['x-other-methods'];
      if (isRecord(other) && isRecord(other.responses)) {
        return { label, responses: { value: other.responses, pointer: `${match.pointer}/x-other-methods/responses` } };
      }
      return `${label}: method ${upper} is not documented for ${match.template}`;
    }
    const unknown = this.root['x-unknown-paths'];
    // Only paths below a base: `/api/v1` itself (and `/api/v1/`) is a route 404, not an unknown path.
    const below = (base: string) => { const rest = belowBase(path.replace(/\/+$/, ''), base); return rest !== undefined && rest !== '/'; };
    if (this.document.bases.some(below) && isRecord(unknown) && isRecord(unknown.responses)) {
      return { label: `${upper} ${path} (x-unknown-paths)`, responses: { value: unknown.responses, pointer: '/x-unknown-paths/responses' } };
    }
    return `${upper} ${path}: no documented path matches`;
  }

  /** The response documented for a status: the exact code, then `4XX`-style, then `default`. */
  responseFor(responses: Located, status: number): Located | undefined {
    return this.document.responseForStatus(responses, status);
  }

  checkHeaders(response: Located, headers: HeadersLike | undefined): string[] {
    const documented = isRecord(response.value.headers) ? response.value.headers : {};
    const actual = normalizeHeaders(headers);
    const errors: string[] = [];
    for (const [name, entry] of Object.entries(documented)) {
      const header = this.document.resolve(entry, `${response.pointer}/headers/${escapePointer(name)}`);
      if (header === undefined) continue;
      const value = actual.get(name.toLowerCase());
      if (value === undefined) {
        if (header.value.required === true) errors.push(`header ${name} is required but missing`);
        continue;
      }
      if (header.value.schema === undefined) continue;
      const schema = this.document.resolve(header.value.schema, `${header.pointer}/schema`)?.value;
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

