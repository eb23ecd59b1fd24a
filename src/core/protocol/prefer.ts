import { encodeControllerJson, encodeFrameworkJson } from '../php/json.ts';
import type { ApiResponse } from './response.ts';

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

type Json = unknown;
const isRecord = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Finds the documented answer a `Prefer: code=… / example=…` asks for, in the OpenAPI document:
 * the operation's response for the code (or the one holding the named example), its JSON example
 * (HTML when the request does not want JSON and the response has a page). Returns a reason when
 * there is none.
 */
export function documentedAnswer(
  spec: Json,
  method: string,
  apiPath: string,
  preferences: Preferences,
  wantsJson: boolean,
): { response: ApiResponse } | { problem: string } {
  const deref = (value: Json): Json => {
    if (isRecord(value) && typeof value.$ref === 'string' && value.$ref.startsWith('#/')) {
      return deref(value.$ref.slice(2).split('/').reduce<Json>((node, key) => (isRecord(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), spec));
    }
    return value;
  };
  const paths = isRecord(spec) && isRecord(spec.paths) ? spec.paths : {};
  const template = Object.keys(paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(apiPath));
  const operation = template ? deref((paths[template] as Record<string, Json>)[method === 'HEAD' ? 'get' : method.toLowerCase()]) : undefined;
  const label = `${method} ${template ?? apiPath}`;
  if (!isRecord(operation) || !isRecord(operation.responses)) return { problem: `${label} is not an operation of the OpenAPI document.` };
  const responses = operation.responses;
  const documented = Object.keys(responses);

  const examplesOf = (code: string) => {
    const response = deref(responses[code]);
    const content = isRecord(response) && isRecord(response.content) ? response.content : {};
    return Object.entries(content).flatMap(([type, media]) => {
      const examples = isRecord(media) && isRecord(media.examples) ? media.examples : {};
      return Object.entries(examples).map(([name, example]) => ({ name, type, value: (deref(example) as { value?: Json } | undefined)?.value }));
    });
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
  const chosen = candidates.find((e) => (wantsJson ? /json/.test(e.type) : e.type.startsWith('text/html'))) ?? candidates[0]!;
  const status = Number(code);
  const isJson = /json/.test(chosen.type);
  // Laravel's framework errors are pretty-printed and have no "status"; controller bodies are compact.
  const body = !isJson ? String(chosen.value ?? '')
    : isRecord(chosen.value) && !('status' in chosen.value) && status >= 400 ? encodeFrameworkJson(chosen.value)
      : encodeControllerJson(chosen.value);
  return { response: { status, headers: [['Content-Type', isJson ? 'application/json' : 'text/html; charset=UTF-8']], body } };
}
