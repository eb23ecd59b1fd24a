/** How a request body is encoded; upstream reads all three (multipart only on POST). */
export type Encoding = 'json' | 'form' | 'multipart';

export const ENCODINGS: readonly Encoding[] = ['json', 'form', 'multipart'];

const BOUNDARY = 'ailunaDiffBoundary7MA4YWxkTrZu0gW';

/**
 * Encodes fields as `encoding`. Form encodings take strings only; a null or missing value is left
 * out of JSON only when undefined (null is sent as JSON null, as a client would).
 */
export function encodeBody(encoding: Encoding, fields: Record<string, unknown>): { body: string; contentType: string } {
  if (encoding === 'json') return { body: JSON.stringify(fields), contentType: 'application/json' };
  const pairs = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [k, v === null ? '' : String(v)] as const);
  if (encoding === 'form') return { body: new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString(), contentType: 'application/x-www-form-urlencoded' };
  const parts = pairs.map(([k, v]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { body: `${parts.join('')}--${BOUNDARY}--\r\n`, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}

/** Whether the fields survive this encoding as sent (forms carry strings only). */
export function encodable(encoding: Encoding, fields: Record<string, unknown>): boolean {
  return encoding === 'json' || Object.values(fields).every((v) => typeof v === 'string' || v === null || v === undefined);
}
