import type { OpenAPIV3_1 } from 'openapi-types';
import { loadSpec } from '../spec/load.ts';

/** What the request set takes from the OpenAPI document: operations, list parameters, enums. */
export interface SpecFacts {
  /** `GET /images` → `listImages`, for each documented operation. */
  operations: Array<{ method: string; path: string; operationId: string }>;
  /** Names of the list's query parameters, in the document's order. */
  listParameters: string[];
  /** Allowed values of the store fields and list filters. */
  enums: { resolution: string[]; style: string[]; medium: string[]; filter: string[]; per_page: string[] };
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const;

export function specFacts(document: OpenAPIV3_1.Document = loadSpec()): SpecFacts {
  const operations: SpecFacts['operations'] = [];
  let listParameters: string[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation?.operationId === undefined) continue;
      operations.push({ method: method.toUpperCase(), path, operationId: operation.operationId });
      if (operation.operationId === 'listImages') {
        listParameters = (operation.parameters ?? []).map((p) => resolve<OpenAPIV3_1.ParameterObject>(document, p).name);
      }
    }
  }
  const schemaEnum = (name: string) => enumOf(document, document.components?.schemas?.[name]);
  const parameterEnum = (name: string) => enumOf(document, resolve<OpenAPIV3_1.ParameterObject>(document, document.components?.parameters?.[name]).schema);
  return {
    operations,
    listParameters,
    enums: {
      resolution: schemaEnum('Resolution'),
      style: schemaEnum('Style'),
      medium: schemaEnum('Medium'),
      filter: schemaEnum('Filter'),
      per_page: parameterEnum('per_page'),
    },
  };
}

function enumOf(document: OpenAPIV3_1.Document, schema: unknown): string[] {
  const resolved = resolve<{ enum?: unknown[] }>(document, schema);
  return (resolved?.enum ?? []).filter((v) => v !== null).map(String);
}

/** Follows a local `$ref` (`#/components/...`). */
function resolve<T>(document: OpenAPIV3_1.Document, value: unknown): T {
  let current = value as { $ref?: string } | undefined;
  while (current?.$ref !== undefined) {
    current = current.$ref.slice(2).split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document) as { $ref?: string };
  }
  return current as T;
}
