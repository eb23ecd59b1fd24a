import type { IncomingMessage } from 'node:http';
import { POST_MAX_SIZE } from '../core/protocol/body-limit.ts';

/** Bodies above PHP's post_max_size are not kept: the core answers them with 413. */
const KEEP_AT_MOST = POST_MAX_SIZE;

/** A request's body as read: `bytes` is null when there is none or it is too large to keep. */
export interface RequestBody {
  readonly bytes: Uint8Array | null;
  readonly size: number;
}

/** The body of a request that has none (one shared value: nothing writes to it). */
export const NO_BODY: RequestBody = Object.freeze({ bytes: null, size: 0 });

/** Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body (most GETs). */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

/** Reads the whole request body; `bytes` is null when there is none or it is too large to keep. */
export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  if (!hasBody(req)) return NO_BODY;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req) {
    const bytes = chunk as Uint8Array;
    size += bytes.length;
    if (size <= KEEP_AT_MOST) chunks.push(bytes);
  }
  if (size === 0 || size > KEEP_AT_MOST) return { bytes: null, size };
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return { bytes: body, size };
}
