import { encodeControllerJson, encodeFrameworkJson } from '../php/json.ts';
import { isRecord, type OpenApiDocument } from '../../upstream/openapi-document.ts';
import { controllerJson, type ApiResponse } from './response.ts';

/** What a request asks for with `Prefer` (Prism's `code` and `example`, and our `delay`). */
export interface Preferences {
  code?: number;
  example?: string;
  delayMs?: number;
}

/** Parses `Prefer: code=500, example=serverError, delay=1500` (any order, any case of names). */
export function parsePrefer(header: string | null): Preferences {
  const preferences: Preferences = {};
  if (!header) return preferences;
  for (const part of header.split(/[,;]/)) {
    const [name = '', raw = ''] = part.split('=').map((s) => s.trim());
    const value = raw.replace(/^"|"$/g, '');
    switch (name.toLowerCase()) {
      case 'code':
        if (/^\d{3}$/.test(value)) preferences.code = Number(value);
        break;
      case 'example':
        if (value !== '') preferences.example = value;
        break;
      case 'delay':
        if (/^\d+$/.test(value)) preferences.delayMs = Math.min(Number(value), 600_000);
        break;
      default:
        break;
    }
  }
  return preferences;
}

/**
 * Finds the documented answer a `Prefer: code=… / example=…` asks for, in the OpenAPI document:
 * the operation's response for the code (or the one holding the named example), its JSON example
 * (HTML when the request does not want JSON and the response has a page). Returns a reason when
 * there is none.
 */
export function documentedAnswer(
  document: OpenApiDocument,
  method: string,
  apiPath: string,
  preferences: Preferences,
  wantsJson: boolean,
): { response: ApiResponse } | { problem: string } {
  const path = document.pathMatching(apiPath);
  const operation = path === undefined ? undefined : document.operation(path, method);
  const label = `${method} ${path?.template ?? apiPath}`;
  const responses = operation === undefined ? undefined : document.responses(operation);
  if (responses === undefined) return { problem: `${label} is not an operation of the OpenAPI document.` };
  const documented = Object.keys(responses.value);
  const examplesOf = (code: string) => {
    const response = document.response(responses, code);
    return response === undefined ? [] : document.examples(response);
  };

  let code = preferences.code === undefined ? undefined : String(preferences.code);
  if (code !== undefined && !documented.includes(code)) {
    return { problem: `Prefer: code=${code} is not documented for ${label} (documented: ${documented.join(', ')}).` };
  }
  if (code === undefined) {
    code = documented.find((c) => examplesOf(c).some((e) => e.name === preferences.example));
    if (code === undefined) return { problem: `${label} has no example named ${JSON.stringify(preferences.example)}.` };
  }
  const candidates = examplesOf(code).filter((e) => preferences.example === undefined || e.name === preferences.example);
  if (candidates.length === 0) {
    const names = examplesOf(code).map((e) => e.name);
    return { problem: `${label} ${code} has no example named ${JSON.stringify(preferences.example)} (its examples: ${names.join(', ') || 'none'}).` };
  }
  const chosen = candidates.find((e) => (wantsJson ? /json/.test(e.mediaType) : e.mediaType.startsWith('text/html'))) ?? candidates[0]!;
  const status = Number(code);
  const isJson = /json/.test(chosen.mediaType);
  // Laravel's framework errors are pretty-printed and have no "status"; controller bodies are compact.
  const body = !isJson ? String(chosen.value ?? '')
    : isRecord(chosen.value) && !('status' in chosen.value) && status >= 400 ? encodeFrameworkJson(chosen.value)
      : encodeControllerJson(chosen.value);
  return { response: { status, headers: [['Content-Type', isJson ? 'application/json' : 'text/html; charset=UTF-8']], body } };
}

/**
 * The `Prefer` stage (Prism's extra, after the throttle): with `code=` or `example=` the documented
 * answer instead of running the request, or a 400 saying why there is none; null when the request
 * prefers neither. `path` is the request's (`/api/v1/images/5`). The document is asked for only
 * then (`documentOf`): reading it is no part of starting the fake or answering anything else.
 */
export function preferredAnswer(
  documentOf: () => OpenApiDocument | undefined,
  method: string,
  path: string,
  preferences: Preferences,
  wantsJson: boolean,
  warnings: string[],
): ApiResponse | null {
  if (preferences.code === undefined && preferences.example === undefined) return null;
  const document = documentOf();
  const found = document === undefined
    ? { problem: 'This fake was built without the OpenAPI document, so it cannot answer Prefer: code/example.' }
    : documentedAnswer(document, method, path.replace(/^\/api\/v1/, ''), preferences, wantsJson);
  if ('response' in found) {
    warnings.push(`Answered from the OpenAPI document's example, as Prefer asked; the request itself was not processed.`);
    return found.response;
  }
  warnings.push(found.problem);
  return controllerJson(400, { message: found.problem, status: 400 });
}
