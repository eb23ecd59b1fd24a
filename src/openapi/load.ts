import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import type * as Yaml from 'yaml';

/** The YAML parser, loaded when a document is first parsed: starting the fake never needs it. */
function parseYaml(text: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml.parse(text);
}

/** Absolute path of the hand-written OpenAPI document (`openapi/openapi.yaml`). */
export const SPEC_PATH: string = findUp(join('openapi', 'openapi.yaml'));

/**
 * The file at `relative` in the nearest directory above this module that has it: the package root,
 * whether this runs from the sources (`src/openapi/`) or the built package (`dist/src/openapi/`).
 */
function findUp(relative: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
  }
  return join(here, '..', '..', relative); // not found: where the sources expect it (loadSpec then says so)
}

let cached: OpenAPIV3_1.Document | undefined;

/**
 * The OpenAPI 3.1 document of the Images API, parsed once and cached (deep-frozen, so a caller
 * cannot change what the next one sees).
 *
 * @example
 * const doc = loadSpec();
 * doc.paths?.['/images']?.get?.operationId; // 'listImages'
 */
export function loadSpec(): OpenAPIV3_1.Document {
  cached ??= deepFreeze(parseSpec(readFileSync(SPEC_PATH, 'utf8')));
  return cached;
}

/** Parses an OpenAPI 3.1 document from YAML (or JSON) text, with a basic shape check. */
export function parseSpec(text: string): OpenAPIV3_1.Document {
  const value: unknown = parseYaml(text);
  if (!isRecord(value) || typeof value.openapi !== 'string' || !value.openapi.startsWith('3.1')) {
    throw new Error('Not an OpenAPI 3.1 document: the top-level "openapi" field must be "3.1.x".');
  }
  if (!isRecord(value.info) || !isRecord(value.paths)) {
    throw new Error('Not an OpenAPI 3.1 document: "info" and "paths" must be objects.');
  }
  return value as unknown as OpenAPIV3_1.Document;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
