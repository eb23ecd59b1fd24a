import type { OpenAPIV3_1 } from 'openapi-types';

/** One request built from the document's examples, as "Try it out" on the docs page builds it. */
export interface ExampleRequest {
  /** `PUT /images/{id} (id "prefixed", application/json "rename")`, for test names. */
  label: string;
  method: string;
  /** The document's path template (`/images/{id}`). */
  template: string;
  /** What is sent: the server's base path, the path with its parameters, and the query (`/api/v1/images/78`). */
  url: string;
  /** Header parameters and the `Accept` Swagger UI sends (the first media type of the first 2xx answer). */
  headers: Record<string, string>;
  /** Whether the operation needs the key (`security: []` does not). */
  authenticated: boolean;
  /** The request body: a media type of the document and one of its named examples. */
  body?: { mediaType: string; value: Record<string, unknown> };
  /** The 2xx statuses the document gives the operation. */
  success: number[];
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'options'] as const;

/** `value`, or what its local `$ref` (`#/components/…`, followed through chains) points at in `doc`. */
export function resolveRef<T>(doc: OpenAPIV3_1.Document, value: T | OpenAPIV3_1.ReferenceObject): T {
  let current: unknown = value;
  while (typeof current === 'object' && current !== null && '$ref' in current && typeof current.$ref === 'string') {
    current = current.$ref.slice(2).split('/').reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key.replaceAll('~1', '/').replaceAll('~0', '~')],
      doc,
    );
  }
  return current as T;
}

/**
 * Every request the document's examples make: for each operation, the first example of every
 * parameter (else its default; parameters with neither are left out, as Swagger UI leaves them
 * empty) with the first example of the first media type of the body, then each other named
 * example of a parameter or of any media type in turn, so every example is tried once.
 *
 * @example
 * for (const r of exampleRequests(loadSpec())) console.log(r.method, r.url); // GET /api/v1/images?search=…
 */
export function exampleRequests(doc: OpenAPIV3_1.Document): ExampleRequest[] {
  const deref = <T>(value: T | OpenAPIV3_1.ReferenceObject): T => resolveRef(doc, value);
  /** The named examples of a parameter or media type, in order (a single `example` is named "example"). */
  const examplesOf = (node: { example?: unknown; examples?: Record<string, unknown> }): [string, unknown][] => {
    if (node.examples !== undefined) return Object.entries(node.examples).map(([name, example]) => [name, deref<OpenAPIV3_1.ExampleObject>(example as OpenAPIV3_1.ExampleObject).value]);
    return node.example === undefined ? [] : [['example', node.example]];
  };

  const requests: ExampleRequest[] = [];
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    if (item === undefined) continue;
    const servers = item.servers ?? doc.servers ?? [];
    const basePath = new URL(servers[0]?.url ?? 'http://localhost/').pathname.replace(/\/$/, '');
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      // Operation parameters replace path-item ones of the same name and place.
      const parameters = new Map<string, OpenAPIV3_1.ParameterObject>();
      for (const entry of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = deref<OpenAPIV3_1.ParameterObject>(entry);
        parameters.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const choices = [...parameters.values()].map((parameter) => {
        const named = examplesOf(parameter);
        const fallback = deref<OpenAPIV3_1.SchemaObject>(parameter.schema ?? {}).default as unknown;
        return { parameter, values: named.length > 0 ? named : fallback === undefined ? [] : [['default', fallback] as [string, unknown]] };
      });
      const bodies = Object.entries(operation.requestBody === undefined ? {} : deref<OpenAPIV3_1.RequestBodyObject>(operation.requestBody).content)
        .flatMap(([mediaType, media]) => examplesOf(media).map(([name, value]) => ({ mediaType, name, value: value as Record<string, unknown> })));
      const successes = Object.keys(operation.responses ?? {}).filter((status) => /^2\d\d$/.test(status)).sort();
      const firstSuccess = successes[0] === undefined ? undefined : deref<OpenAPIV3_1.ResponseObject>(operation.responses![successes[0]]!);
      const accept = Object.keys(firstSuccess?.content ?? {})[0] ?? '*/*';

      const build = (picked: Map<OpenAPIV3_1.ParameterObject, [string, unknown]>, body: (typeof bodies)[number] | undefined): ExampleRequest => {
        let path = template;
        const query = new URLSearchParams();
        const headers: Record<string, string> = { Accept: accept };
        const named: string[] = [];
        for (const { parameter, values } of choices) {
          const [name, value] = picked.get(parameter) ?? values[0] ?? [];
          if (value === undefined) continue;
          if (values.length > 1) named.push(`${parameter.name} "${name}"`);
          if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
          else if (parameter.in === 'query') query.append(parameter.name, String(value));
          else if (parameter.in === 'header') headers[parameter.name] = String(value);
        }
        if (body !== undefined && bodies.length > 1) named.push(`${body.mediaType} "${body.name}"`);
        const search = query.toString();
        return {
          label: `${method.toUpperCase()} ${template}${named.length > 0 ? ` (${named.join(', ')})` : ''}`,
          method: method.toUpperCase(),
          template,
          url: `${basePath}${path}${search === '' ? '' : `?${search.replaceAll('+', '%20')}`}`,
          headers,
          authenticated: !(Array.isArray(operation.security) && operation.security.length === 0),
          ...(body === undefined ? {} : { body: { mediaType: body.mediaType, value: body.value } }),
          success: successes.map(Number),
        };
      };

      requests.push(build(new Map(), bodies[0]));
      for (const { parameter, values } of choices) {
        for (const value of values.slice(1)) requests.push(build(new Map([[parameter, value]]), bodies[0]));
      }
      for (const body of bodies.slice(1)) requests.push(build(new Map(), body));
    }
  }
  return requests;
}

/** The body of an example request as its media type sends it (a form leaves out null fields). */
export async function encodeExampleBody(body: NonNullable<ExampleRequest['body']>): Promise<{ contentType: string; bytes: Uint8Array }> {
  const fields = Object.entries(body.value).filter(([, value]) => value !== null).map(([key, value]) => [key, String(value)] as [string, string]);
  if (body.mediaType === 'multipart/form-data') {
    const form = new FormData();
    for (const [key, value] of fields) form.append(key, value);
    const encoded = new Response(form);
    return { contentType: encoded.headers.get('content-type')!, bytes: new Uint8Array(await encoded.arrayBuffer()) };
  }
  const text = body.mediaType === 'application/x-www-form-urlencoded' ? new URLSearchParams(fields).toString() : JSON.stringify(body.value);
  return { contentType: body.mediaType, bytes: new TextEncoder().encode(text) };
}
