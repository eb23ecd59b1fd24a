import type { OpenAPIV3_1 } from 'openapi-types';
import { OpenApiDocument } from '../upstream/openapi-document.ts';
import { loadSpec } from '../openapi/load.ts';

/** What the request set takes from the OpenAPI document: operations, list parameters, enums. */
export interface SpecFacts {
  /** `GET /images` → `listImages`, for each documented operation. */
  operations: Array<{ method: string; path: string; operationId: string }>;
  /** Names of the list's query parameters, in the document's order. */
  listParameters: string[];
  /** Allowed values of the store fields and list filters. */
  enums: { resolution: string[]; style: string[]; medium: string[]; filter: string[]; per_page: string[] };
}

export function specFacts(document: OpenAPIV3_1.Document = loadSpec()): SpecFacts {
  const reader = new OpenApiDocument(document);
  const operations: SpecFacts['operations'] = [];
  let listParameters: string[] = [];
  for (const { method, path, operationId, operation } of reader.operations()) {
    if (operationId === undefined) continue;
    operations.push({ method, path: path.template, operationId });
    if (operationId === 'listImages') listParameters = reader.parameters(operation).map((p) => String(p.name));
  }
  const schemaEnum = (name: string) => reader.schemaEnum(name).map(String);
  return {
    operations,
    listParameters,
    enums: {
      resolution: schemaEnum('Resolution'),
      style: schemaEnum('Style'),
      medium: schemaEnum('Medium'),
      filter: schemaEnum('Filter'),
      per_page: reader.parameterEnum('per_page').map(String),
    },
  };
}
