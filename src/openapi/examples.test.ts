import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../core/defaults.ts';
import { createApp } from '../http/app.ts';
import { encodeExampleBody, exampleRequests } from '../test-support/example-requests.ts';
import { loadSpec } from './load.ts';
import { createResponseValidator, validateExamples } from './validator.ts';

describe('examples of openapi/openapi.yaml', () => {
  it('every named example validates against its schema', () => {
    const { checked, errors } = validateExamples(loadSpec());
    expect(errors).toEqual([]);
    // Responses, request bodies, parameters and headers all carry examples.
    expect(checked).toBeGreaterThan(60);
  });
});

// Issue 15: "Try it out" on /docs sends the document's examples with the first key; each must find
// the default data (`npm start`): a list with images, an id and a file that exist, a store and an
// update that succeed. Each request gets a fresh fake, as a first try would (a delete hides nothing).
describe('every example, tried on the default data with the first demo key', () => {
  const doc = loadSpec();
  const validate = createResponseValidator(doc);
  const requests = exampleRequests(doc);

  it('covers every operation, and every named example of the ids and the bodies', () => {
    const labels = requests.map((r) => r.label);
    expect(new Set(requests.map((r) => `${r.method} ${r.template}`))).toEqual(new Set([
      'GET /images', 'POST /images', 'OPTIONS /images', 'GET /images/{id}', 'PUT /images/{id}', 'PATCH /images/{id}',
      'DELETE /images/{id}', 'OPTIONS /images/{id}', 'GET /uploads/users/images/{file}',
    ]));
    expect(labels).toEqual(expect.arrayContaining(['GET /images/{id} (id "prefixed")', 'POST /images (application/x-www-form-urlencoded "minimal")', 'PATCH /images/{id} (id "plain", multipart/form-data "rename")']));
  });

  it.each(requests.map((r) => [r.label, r] as const))('%s', async (_label, tried) => {
    const app = createApp();
    let call = request(app)[tried.method.toLowerCase() as 'get'](tried.url).set(tried.headers);
    if (tried.authenticated) call = call.set('Authorization', `Bearer ${DEFAULT_KEYS[0]}`);
    if (tried.body !== undefined) {
      const { contentType, bytes } = await encodeExampleBody(tried.body);
      // superagent would serialise a Buffer sent as JSON or a form: text goes as text.
      const text = tried.body.mediaType !== 'multipart/form-data';
      call = call.set('Content-Type', contentType).send(text ? new TextDecoder().decode(bytes) : Buffer.from(bytes));
    }
    const response = await call;
    const json = /json/.test(response.headers['content-type'] ?? '') ? JSON.parse(response.text) as { data?: unknown } : undefined;
    const data = json?.data as Record<string, unknown> | undefined;
    expect(tried.success, `${tried.method} ${tried.url} → ${response.status} ${response.text?.slice(0, 200)}`).toContain(response.status);
    // A list must find something: an empty page is what "Try it out" gave with examples of no seeded image.
    if (Array.isArray(data)) expect(data.length, `${tried.url} lists nothing`).toBeGreaterThan(0);
    // A store or an update shows what it was sent (the API reads multipart fields on POST only).
    const sent = tried.body?.value;
    if (sent !== undefined && !(tried.body!.mediaType === 'multipart/form-data' && tried.method !== 'POST')) {
      if (sent.name !== undefined) expect(data?.name).toBe(sent.name);
      if (sent.favorite !== undefined) expect(data?.favorite).toBe(sent.favorite === 1);
    }
    expect(validate({
      method: tried.method, path: tried.url, status: response.status, contentType: response.headers['content-type'],
      headers: response.headers, body: json === undefined ? undefined : response.text,
    })).toEqual([]);
  });
});
