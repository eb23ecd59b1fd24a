import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The part of a HAR 1.2 entry the spec tests read. */
export interface HarEntry {
  comment?: string;
  request: { method: string; url: string; headers: HarHeader[]; postData?: { mimeType: string; text?: string } };
  response: { status: number; headers: HarHeader[]; content: { mimeType?: string; text?: string; size?: number } };
}

export interface HarHeader {
  name: string;
  value: string;
}

/** The genuine recording of the real application (keys redacted). */
export const GENUINE_HAR_PATH: string = fileURLToPath(
  new URL('../../fixtures/upstream/genuine-sample.har', import.meta.url),
);

/** Reads the entries of a HAR file. */
export function readHarEntries(path: string = GENUINE_HAR_PATH): HarEntry[] {
  const har = JSON.parse(readFileSync(path, 'utf8')) as { log?: { entries?: HarEntry[] } };
  const entries = har.log?.entries;
  if (!Array.isArray(entries)) throw new Error(`${path} is not a HAR file (no log.entries).`);
  return entries;
}

/** HAR headers as a record (repeated names joined with ", "). */
export function harHeaders(headers: readonly HarHeader[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of headers) {
    const key = name.toLowerCase();
    record[key] = record[key] === undefined ? value : `${record[key]}, ${value}`;
  }
  return record;
}

/**
 * The request's input fields as the API merges them (query, then a form or JSON body on top),
 * enough to find `name` and friends. Multipart bodies are not parsed. The method a request is
 * routed as is `routedMethodOf`'s (core/protocol/method-override.ts).
 */
export function harRequestFields(entry: HarEntry): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(new URL(entry.request.url).searchParams);
  const { mimeType = '', text = '' } = entry.request.postData ?? {};
  if (/[/+]json/.test(mimeType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(fields, parsed);
    } catch {
      // A malformed JSON body gives no fields upstream either.
    }
  } else if (mimeType.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(fields, Object.fromEntries(new URLSearchParams(text)));
  }
  return fields;
}
