/**
 * Prism's mock server accepts the document and every request built from its own examples
 * (`--errors`: a request the document forbids is answered 422 with an `sl-violations` header).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRef } from '../test-support/example-requests.ts';
import { loadSpec, SPEC_PATH } from './load.ts';
import { createResponseValidator } from './validator.ts';

const PRISM_BIN = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url));
const doc = loadSpec();
const validate = createResponseValidator(doc);
const AUTH = { Authorization: 'Bearer x', Accept: 'application/json' };

let prism: ChildProcess | undefined;
let baseUrl = '';
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (prism?.exitCode !== null && prism?.exitCode !== undefined) {
      throw new Error(`Prism exited with code ${prism.exitCode}:\n${output}`);
    }
    try {
      await fetch(url, { headers: AUTH, signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Prism did not answer within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  prism = spawn(PRISM_BIN, ['mock', '--host', '127.0.0.1', '--port', String(port), '--errors', SPEC_PATH], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prism.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  prism.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilAnswering(`${baseUrl}/images`, 60_000);
}, 90_000);

afterAll(async () => {
  const child = prism;
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}, 15_000);

// --- requests built from the document's own examples -------------------------------------------

function operation(path: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete'): OpenAPIV3_1.OperationObject {
  const op = doc.paths?.[path]?.[method];
  if (op === undefined) throw new Error(`no ${method} ${path} in the document`);
  return op;
}

const deref = <T>(value: T | OpenAPIV3_1.ReferenceObject): T => resolveRef(doc, value);

/** The first example value of a parameter, else its default, else its first enum value. */
function parameterValue(parameter: OpenAPIV3_1.ParameterObject): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0];
  if (named !== undefined) return deref<OpenAPIV3_1.ExampleObject>(named).value;
  const schema = deref<OpenAPIV3_1.SchemaObject>(parameter.schema ?? {});
  return schema.default ?? schema.enum?.[0];
}

const imageId = String(parameterValue(deref<OpenAPIV3_1.ParameterObject>({ $ref: '#/components/parameters/id' })));

function listQuery(): string {
  const query = new URLSearchParams();
  for (const entry of operation('/images', 'get').parameters ?? []) {
    const parameter = deref<OpenAPIV3_1.ParameterObject>(entry);
    const value = parameterValue(parameter);
    if (value !== undefined) query.set(parameter.name, String(value));
  }
  return query.toString();
}

/** One request per example of each media type of an operation's request body. */
function bodyRequests(path: string, method: 'post' | 'put' | 'patch'): { name: string; init: RequestInit }[] {
  const body = deref<OpenAPIV3_1.RequestBodyObject>(operation(path, method).requestBody ?? { content: {} });
  return Object.entries(body.content).flatMap(([mediaType, media]) =>
    Object.entries(media.examples ?? {}).map(([exampleName, example]) => {
      const value = deref<OpenAPIV3_1.ExampleObject>(example).value as Record<string, unknown>;
      const fields = Object.entries(value).filter(([, field]) => field !== null);
      let init: RequestInit;
      if (mediaType === 'application/json') {
        init = { body: JSON.stringify(value), headers: { ...AUTH, 'Content-Type': mediaType } };
      } else if (mediaType === 'multipart/form-data') {
        const form = new FormData();
        for (const [key, field] of fields) form.append(key, String(field));
        init = { body: form, headers: AUTH };
      } else {
        const form = new URLSearchParams(fields.map(([key, field]) => [key, String(field)]));
        init = { body: form.toString(), headers: { ...AUTH, 'Content-Type': mediaType } };
      }
      return { name: `${mediaType} "${exampleName}"`, init: { ...init, method: method.toUpperCase() } };
    }),
  );
}

async function send(path: string, init: RequestInit): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const type = response.headers.get('content-type') ?? '';
  const body = /json/.test(type) ? await response.json() : new Uint8Array(await response.arrayBuffer());
  return { response, body };
}

async function expectAccepted(method: string, path: string, init: RequestInit, status: number): Promise<void> {
  const { response, body } = await send(path, { ...init, method });
  const violations = response.headers.get('sl-violations');
  expect({ status: response.status, violations }, JSON.stringify(body)).toEqual({ status, violations: null });
  // What Prism serves is the document's own example: it must pass our validator too.
  const errors = validate({
    method, path: path.startsWith('/uploads/') ? path : `/api/v1${path}`, status: response.status,
    contentType: response.headers.get('content-type'), headers: response.headers,
    body: body instanceof Uint8Array ? undefined : body,
  });
  expect(errors).toEqual([]);
}

describe('Prism mock (--errors) accepts requests built from the examples', () => {
  it('lists with every query parameter set', async () => {
    const query = listQuery();
    expect(query).toContain('per_page=25');
    expect(query).toContain('favorite=1');
    await expectAccepted('GET', `/images?${query}`, { headers: AUTH }, 200);
  });

  it('shows an image', async () => {
    await expectAccepted('GET', `/images/${imageId}`, { headers: AUTH }, 200);
  });

  it.each(bodyRequests('/images', 'post').map((request) => [request.name, request] as const))(
    'stores from %s',
    async (_name, request) => {
      await expectAccepted('POST', '/images', request.init, 201);
    },
  );

  it.each([...bodyRequests('/images/{id}', 'put'), ...bodyRequests('/images/{id}', 'patch')]
    .map((request) => [`${String(request.init.method)} ${request.name}`, request] as const))(
    'updates with %s',
    async (_name, request) => {
      await expectAccepted(String(request.init.method), `/images/${imageId}`, request.init, 200);
    },
  );

  it('deletes an image', async () => {
    await expectAccepted('DELETE', `/images/${imageId}`, { headers: AUTH }, 200);
  });

  it('serves the JPEG route without auth', async () => {
    const file = '1f1bb027-6745-41cf-a2b1-b87e100385ce.jpg';
    await expectAccepted('GET', `/uploads/users/images/${file}`, {}, 200);
  });

  it('does flag a request the document forbids (the check above is not vacuous)', async () => {
    const { response } = await send('/images', {
      method: 'POST',
      headers: { ...AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'only a name' }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('sl-violations')).toContain('description');
    const { response: unauthenticated } = await send('/images', { headers: { Accept: 'application/json' } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('sl-violations')).toContain('security');
  });
});
