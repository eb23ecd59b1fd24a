import request from 'supertest';
import { expect } from 'vitest';
import type { Express } from 'express';
import { loadSpec } from '../openapi/load.ts';
import { routedMethodOf, type SentRequest } from '../core/protocol/routed-method.ts';
import { createResponseValidator } from '../openapi/validator.ts';

const validateResponse = createResponseValidator(loadSpec());

export interface CallOptions {
  headers?: Record<string, string>;
  /** A JSON body (sets Content-Type: application/json). */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded). */
  form?: string;
  /** Any raw body with the Content-Type given in headers. */
  raw?: string | Buffer;
  /** Skip the OpenAPI check (for paths the document does not describe, such as /api/xyz). */
  unchecked?: boolean;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  bytes: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

/**
 * Sends one request to an app with supertest and checks the answer against the OpenAPI document
 * (status documented for the operation, content type, body schema, headers): the fake and the spec
 * cannot disagree without a test failing.
 */
export async function call(app: Express, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const agent = request(app);
  let pending = (agent as unknown as Record<string, (url: string) => request.Test>)[method.toLowerCase()]!(path);
  for (const [name, value] of Object.entries(options.headers ?? {})) pending = pending.set(name, value);
  if (options.json !== undefined) pending = pending.set('Content-Type', 'application/json').send(JSON.stringify(options.json));
  if (options.form !== undefined) pending = pending.set('Content-Type', 'application/x-www-form-urlencoded').send(options.form);
  if (options.raw !== undefined) pending = pending.send(options.raw);
  const response = await pending.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  // superagent keeps our Buffer for most answers; for some it has already decoded text.
  const bytes = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.text ?? '', 'utf8');
  const text = bytes.toString('utf8');
  const contentType = String(response.headers['content-type'] ?? '');
  const json = contentType.includes('json') && text !== '' ? JSON.parse(text) as unknown : undefined;
  if (!options.unchecked) {
    const problems = validateResponse({
      method: await routedMethodOf(sentRequest(method, path, options)), path, status: response.status, contentType, headers: response.headers,
      body: contentType.startsWith('image/') ? undefined : text,
    });
    expect(problems, `${method} ${path} → ${response.status} does not match the OpenAPI document`).toEqual([]);
  }
  return { status: response.status, headers: response.headers, text, bytes, json };
}

/** The request as sent (as `call` sends it), for the method it is routed as. */
function sentRequest(method: string, url: string, options: CallOptions): SentRequest {
  const header = (name: string) => Object.entries(options.headers ?? {}).find(([n]) => n.toLowerCase() === name)?.[1] ?? null;
  const sent = { method, url, methodOverride: header('x-http-method-override') };
  if (options.json !== undefined) return { ...sent, contentType: 'application/json', body: JSON.stringify(options.json) };
  if (options.form !== undefined) return { ...sent, contentType: 'application/x-www-form-urlencoded', body: options.form };
  const body = options.raw === undefined ? null : typeof options.raw === 'string' ? options.raw : new Uint8Array(options.raw);
  return { ...sent, contentType: header('content-type'), body };
}
