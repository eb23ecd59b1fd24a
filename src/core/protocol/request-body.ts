import { decodeJson, JSON_MAX_NESTING } from '../php/json.ts';
import { readMultipartFields, readPostForm, readQueryString, type ParsedVariables } from '../php/parse-str.ts';
import { phpObject, type PhpObject } from '../php/values.ts';

/**
 * The fields PHP and Laravel read from a request body:
 * - JSON (a Content-Type containing `/json` or `+json`) on every method, GET included; only an
 *   object gives fields (malformed JSON, JSON nested 512 levels or more, or another value gives none);
 * - `application/x-www-form-urlencoded` on POST (PHP reads it), and on PUT, PATCH and DELETE
 *   (Symfony reads it with parse_str); not on GET;
 * - `multipart/form-data` on POST only (PHP parses it natively; a multipart PUT has no fields).
 */
export async function parseBodyFields(
  method: string,
  contentType: string | null,
  body: Uint8Array | null,
): Promise<BodyFields> {
  if (body === null || body.length === 0) return { fields: phpObject(), warnings: [] };
  const type = contentType ?? '';
  if (type.includes('/json') || type.includes('+json')) return parseJsonObject(body);
  if (type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    if (method === 'POST') return readPostForm(new TextDecoder().decode(body));
    return (method === 'PUT' || method === 'PATCH' || method === 'DELETE') && type.startsWith('application/x-www-form-urlencoded')
      ? readQueryString(new TextDecoder().decode(body), 'The form body')
      : ignored(`A form body on ${method} is not read by the real API (only POST, PUT, PATCH and DELETE); send the fields in the query string.`);
  }
  if (type.toLowerCase().startsWith('multipart/form-data')) {
    return method === 'POST'
      ? await parseMultipart(type, body)
      : ignored(`A multipart body on ${method} has no fields for the real API; send it as POST with _method=${method}, or as JSON or a form.`);
  }
  return ignored(`The body's Content-Type (${type || 'none'}) is not JSON or a form, so the real API sees no fields in it.`);
}

/** The fields of a body, and a sentence for each thing the real API silently ignores in it. */
export type BodyFields = ParsedVariables;

function ignored(reason: string): BodyFields {
  return { fields: phpObject(), warnings: [reason] };
}

function parseJsonObject(body: Uint8Array): BodyFields {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return ignored('The JSON body is malformed, so the real API sees no fields in it.');
  }
  const decoded = decodeJson(text);
  if (!decoded.ok) {
    return ignored(decoded.reason === 'too-deep'
      ? `The JSON body is nested ${decoded.nesting} levels; PHP's json_decode refuses ${JSON_MAX_NESTING} or more, so the real API sees no fields.`
      : 'The JSON body is malformed, so the real API sees no fields in it.');
  }
  const value = decoded.value;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { fields: value as PhpObject, warnings: [] }
    : ignored('The JSON body is not an object, so the real API sees no fields in it.');
}

async function parseMultipart(contentType: string, body: Uint8Array): Promise<BodyFields> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { fields: phpObject(), warnings: [] };
  }
  const parts: Array<[string, string | null]> = [];
  // Uploaded files go to $_FILES, not the fields the API reads; they still count as parts.
  form.forEach((value, name) => parts.push([name, typeof value === 'string' ? value : null]));
  return readMultipartFields(parts);
}
