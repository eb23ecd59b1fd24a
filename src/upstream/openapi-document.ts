/**
 * The one reader of the OpenAPI document: its paths (and the requests each template matches), its
 * operations, responses, examples, parameters and enums, following local `$ref`s. `Prefer`, the
 * response validator, the differential check's request set and the bench all read the document
 * through it. It takes the parsed document (loading the YAML file is `src/openapi/load.ts`'s job), so
 * it runs in the browser too.
 */

type Json = unknown;
export type JsonObject = Record<string, Json>;

/** A node of the document and its JSON pointer (`/paths/~1images/get`). */
export interface Located {
  value: JsonObject;
  pointer: string;
}

/** One entry of `paths`. */
export interface DocumentedPath {
  /** `/images/{id}` */
  template: string;
  /** The path item. */
  item: JsonObject;
  pointer: string;
  /** Base paths of the servers it is served on (its own `servers`, else the document's). */
  bases: readonly string[];
  /** Matches a concrete path below a base (`/images/5`); each `{param}` is one segment. */
  pattern: RegExp;
}

/** One operation of the document. */
export interface DocumentedOperation {
  /** `GET` */
  method: string;
  path: DocumentedPath;
  operationId: string | undefined;
  operation: Located;
}

/** One named example of a response's media type. */
export interface DocumentedExample {
  name: string;
  mediaType: string;
  /** The example's `value` (undefined for an `externalValue`). */
  value: Json;
}

/** The operation keys of a path item, in the order operations are listed. */
const OPERATION_KEYS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'] as const;

/**
 * @example
 * const doc = new OpenApiDocument(loadSpec());
 * const path = doc.pathMatching('/images/5');           // the `/images/{id}` entry
 * const responses = doc.responses(doc.operation(path!, 'GET')!);
 * doc.examples(doc.response(responses!, '404')!);        // [{ name: 'notFound', mediaType: 'application/json', value: {…} }]
 */
export class OpenApiDocument {
  readonly root: JsonObject;
  /** Base paths of the document's servers (`https://ailuna.ru/api/v1` → `/api/v1`). */
  readonly bases: readonly string[];
  /** The entries of `paths`, in the document's order. */
  readonly paths: readonly DocumentedPath[];

  constructor(document: unknown) {
    this.root = isRecord(document) ? document : {};
    this.bases = serverBases(this.root.servers);
    const paths = isRecord(this.root.paths) ? this.root.paths : {};
    this.paths = Object.entries(paths).flatMap(([template, item]) => {
      if (!isRecord(item)) return [];
      const own = serverBases(item.servers);
      const pattern = new RegExp(`^${template.split(/\{[^}]+\}/).map(escapeRegExp).join('[^/]+')}$`);
      return [{ template, item, pointer: `/paths/${escapePointer(template)}`, bases: own.length > 0 ? own : this.bases, pattern }];
    });
  }

  /** The first path whose template matches `path` (below the base: `/images/5`), ignoring servers. */
  pathMatching(path: string): DocumentedPath | undefined {
    return this.paths.find((entry) => entry.pattern.test(path));
  }

  /**
   * What documents a request path: the template itself (`/images/{id}`), else the first path whose
   * template matches the part below one of its servers' bases (`/api/v1/images/5`).
   */
  pathFor(requestPath: string): DocumentedPath | undefined {
    return this.paths.find((entry) => entry.template === requestPath)
      ?? this.paths.find((entry) => entry.bases.some((base) => {
        const rest = belowBase(requestPath, base);
        return rest !== undefined && entry.pattern.test(rest);
      }));
  }

  /** The operation of a method (any case; HEAD is the GET operation), if documented. */
  operation(path: DocumentedPath, method: string): Located | undefined {
    const lower = method.toLowerCase();
    const key = lower === 'head' ? 'get' : OPERATION_KEYS.find((k) => k === lower);
    return key === undefined ? undefined : this.resolve(path.item[key], `${path.pointer}/${key}`);
  }

  /** Every operation, path by path in the document's order. */
  operations(): DocumentedOperation[] {
    return this.paths.flatMap((path) => OPERATION_KEYS.flatMap((key) => {
      const operation = this.resolve(path.item[key], `${path.pointer}/${key}`);
      if (operation === undefined) return [];
      const id = operation.value.operationId;
      return [{ method: key.toUpperCase(), path, operationId: typeof id === 'string' ? id : undefined, operation }];
    }));
  }

  /** The `responses` of an operation (or of an `x-` extension shaped like one). */
  responses(operation: Located): Located | undefined {
    const { responses } = operation.value;
    return isRecord(responses) ? { value: responses, pointer: `${operation.pointer}/responses` } : undefined;
  }

  /** The response documented under exactly this key (`404`, `4XX`, `default`). */
  response(responses: Located, key: string): Located | undefined {
    const entry = responses.value[key];
    return entry === undefined ? undefined : this.resolve(entry, `${responses.pointer}/${escapePointer(key)}`);
  }

  /** The response that documents a status: its own code, else `4XX`-style, else `default`. */
  responseForStatus(responses: Located, status: number): Located | undefined {
    for (const key of [String(status), `${String(status).charAt(0)}XX`, 'default']) {
      const entry = responses.value[key] ?? responses.value[key.toLowerCase()];
      if (entry !== undefined) return this.resolve(entry, `${responses.pointer}/${escapePointer(key)}`);
    }
    return undefined;
  }

  /** A response's named examples, media type by media type, in the document's order. */
  examples(response: Located): DocumentedExample[] {
    const content = isRecord(response.value.content) ? response.value.content : {};
    return Object.entries(content).flatMap(([mediaType, media]) => {
      const examples = isRecord(media) && isRecord(media.examples) ? media.examples : {};
      return Object.entries(examples).map(([name, example]) => ({
        name, mediaType, value: this.resolve(example, '')?.value.value,
      }));
    });
  }

  /** An operation's parameters, `$ref`s followed. */
  parameters(operation: Located): JsonObject[] {
    const { parameters } = operation.value;
    if (!Array.isArray(parameters)) return [];
    return parameters.flatMap((parameter: Json): JsonObject[] => {
      const resolved = this.resolve(parameter, '');
      return resolved === undefined ? [] : [resolved.value];
    });
  }

  /** The `enum` of `components.schemas[name]` (nulls left out), `[]` if it has none. */
  schemaEnum(name: string): Json[] {
    const schemas = this.at('/components/schemas');
    return enumOf(this.resolve(isRecord(schemas) ? schemas[name] : undefined, '')?.value);
  }

  /** The `enum` of the schema of `components.parameters[name]` (nulls left out). */
  parameterEnum(name: string): Json[] {
    const parameters = this.at('/components/parameters');
    const parameter = this.resolve(isRecord(parameters) ? parameters[name] : undefined, '');
    return enumOf(parameter === undefined ? undefined : this.resolve(parameter.value.schema, '')?.value);
  }

  /** Follows local `$ref`s (at most 20), keeping track of where the target lives. */
  resolve(value: Json, pointer: string): Located | undefined {
    let current = value;
    let at = pointer;
    for (let hops = 0; hops < 20; hops += 1) {
      if (!isRecord(current)) return undefined;
      const ref = current.$ref;
      if (typeof ref !== 'string') return { value: current, pointer: at };
      if (!ref.startsWith('#')) return undefined;
      at = ref.slice(1);
      current = this.at(at);
    }
    return undefined;
  }

  /** The node at a JSON pointer (segments may be percent-encoded, as in `$ref`s). */
  at(pointer: string): Json {
    let current: Json = this.root;
    for (const raw of pointer.split('/').slice(1)) {
      const key = safeDecode(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      if (Array.isArray(current)) current = current[Number(key)];
      else if (isRecord(current)) current = current[key];
      else return undefined;
    }
    return current;
  }
}

/** A JSON pointer segment for a key (`/images/{id}` → `~1images~1{id}`). */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The path below a base path (`/api/v1/images` below `/api/v1` is `/images`), or undefined. */
export function belowBase(path: string, base: string): string | undefined {
  if (base === '') return path;
  if (path === base) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : undefined;
}

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function enumOf(schema: JsonObject | undefined): Json[] {
  return Array.isArray(schema?.enum) ? schema.enum.filter((v) => v !== null) : [];
}

/** Base paths of a servers list (`https://ailuna.ru/api/v1` → `/api/v1`, `https://ailuna.ru` → ``). */
function serverBases(servers: Json): string[] {
  if (!Array.isArray(servers)) return [];
  const bases = new Set<string>();
  for (const server of servers) {
    if (!isRecord(server) || typeof server.url !== 'string') continue;
    try {
      bases.add(new URL(server.url, 'http://localhost').pathname.replace(/\/+$/, ''));
    } catch {
      // A templated URL (`https://x:{port}/v1`) need not parse: it documents no base we can match.
    }
  }
  return [...bases];
}

/** `$ref` fragments may be percent-encoded; a stray `%` is taken literally. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
