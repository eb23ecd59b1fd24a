import { fileURLToPath } from 'node:url';
import { readHarFile } from '../har/har-file.ts';
import type { HarEntry } from '../har/har.ts';

/** The genuine application's recordings (keys redacted): every route and status… */
export const GENUINE_SAMPLE_HAR: string = fileURLToPath(new URL('../../fixtures/upstream/genuine-sample.har', import.meta.url));
/** …and an English and a Russian account side by side (key 1's account has no locale, key 2's is `ru`). */
export const GENUINE_LOCALE_HAR: string = fileURLToPath(new URL('../../fixtures/upstream/genuine-locale.har', import.meta.url));

/** Reads the entries of a HAR file (by default the genuine recording). */
export function readHarEntries(path: string = GENUINE_SAMPLE_HAR): HarEntry[] {
  return readHarFile(path).log.entries;
}

/**
 * The request's input fields as the API merges them (query, then a form or JSON body on top),
 * enough to find `name` and friends. Multipart bodies are not parsed. The method a request is
 * routed as is `routedMethodOf`'s (core/protocol/routed-method.ts).
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
