import { parseFields, parseStr } from '../php/parse-str.ts';
import type { PhpObject } from '../php/values.ts';

/**
 * The fields PHP and Laravel read from a request body:
 * - JSON (a Content-Type containing `/json` or `+json`) on every method, GET included; only an
 *   object gives fields (malformed JSON or another value gives none);
 * - `application/x-www-form-urlencoded` on POST, PUT, PATCH and DELETE (not GET);
 * - `multipart/form-data` on POST only (PHP parses it natively; a multipart PUT has no fields).
 */
export async function parseBodyFields(
  method: string,
  contentType: string | null,
  body: Uint8Array | null,
): Promise<BodyFields> {
  if (body === null || body.length === 0) return { fields: {} };
  const type = contentType ?? '';
  if (type.includes('/json') || type.includes('+json')) return parseJsonObject(body);
  if (type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const parses = method === 'POST' || ((method === 'PUT' || method === 'PATCH' || method === 'DELETE')
      && type.startsWith('application/x-www-form-urlencoded'));
    return parses
      ? { fields: parseStr(new TextDecoder().decode(body)) }
      : ignored(`A form body on ${method} is not read by the real API (only POST, PUT, PATCH and DELETE); send the fields in the query string.`);
  }
  if (type.toLowerCase().startsWith('multipart/form-data')) {
    return method === 'POST'
      ? { fields: await parseMultipart(type, body) }
      : ignored(`A multipart body on ${method} has no fields for the real API; send it as POST with _method=${method}, or as JSON or a form.`);
  }
  return ignored(`The body's Content-Type (${type || 'none'}) is not JSON or a form, so the real API sees no fields in it.`);
}

/** The fields of a body, and why a non-empty body gave none, when it did. */
export interface BodyFields {
  fields: PhpObject;
  ignoredReason?: string;
}

function ignored(reason: string): BodyFields {
  return { fields: {}, ignoredReason: reason };
}

function parseJsonObject(body: Uint8Array): BodyFields {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return ignored('The JSON body is malformed, so the real API sees no fields in it.');
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { fields: value as PhpObject }
    : ignored('The JSON body is not an object, so the real API sees no fields in it.');
}

async function parseMultipart(contentType: string, body: Uint8Array): Promise<PhpObject> {
  try {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    const pairs: Array<[string, string]> = [];
    // Uploaded files go to $_FILES, not the fields the API reads.
    form.forEach((value, name) => {
      if (typeof value === 'string') pairs.push([name, value]);
    });
    return parseFields(pairs);
  } catch {
    return {};
  }
}
