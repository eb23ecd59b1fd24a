import { describe, expect, it } from 'vitest';
import { OpenApiDocument } from './openapi-document.ts';

const notFound = { description: 'Not found', content: { 'application/json': { examples: { missing: { $ref: '#/components/examples/Missing' } } } } };
const doc = new OpenApiDocument({
  openapi: '3.1.0',
  servers: [{ url: 'https://example.test/api/v1/' }],
  paths: {
    '/v1.0/items': {
      get: {
        operationId: 'listItems',
        parameters: [{ $ref: '#/components/parameters/page' }, { name: 'q', in: 'query' }],
        responses: { 200: { description: 'ok', content: { 'application/json': { examples: { one: { value: { data: [] } } } } } }, '4XX': notFound },
      },
    },
    '/v1.0/items/{id}': { delete: { operationId: 'deleteItem', responses: { default: { description: 'any' } } } },
    '/files/{file}': { servers: [{ url: 'https://example.test' }], get: { responses: { 200: { description: 'a file' } } } },
  },
  components: {
    parameters: { page: { name: 'page', in: 'query', schema: { $ref: '#/components/schemas/Page' } } },
    schemas: { Page: { enum: [1, 2, null] }, Colour: { enum: ['red', 'blue'] } },
    examples: { Missing: { value: { message: 'Not found.' } } },
  },
});

describe('OpenApiDocument', () => {
  it('matches templates literally: a dot is a dot (Prefer used an unescaped pattern)', () => {
    expect(doc.pathMatching('/v1.0/items')?.template).toBe('/v1.0/items');
    expect(doc.pathMatching('/v1x0/items')).toBeUndefined();
    expect(doc.pathMatching('/v1.0/items/7')?.template).toBe('/v1.0/items/{id}');
    expect(doc.pathMatching('/v1.0/items/7/8')).toBeUndefined();
  });

  it('finds what documents a request path: the template, or the part below a server base', () => {
    expect(doc.bases).toEqual(['/api/v1']);
    expect(doc.pathFor('/v1.0/items/{id}')?.template).toBe('/v1.0/items/{id}');
    expect(doc.pathFor('/api/v1/v1.0/items/3')?.template).toBe('/v1.0/items/{id}');
    expect(doc.pathFor('/files/a.jpg')?.template).toBe('/files/{file}');
    expect(doc.pathFor('/api/v1/files/a.jpg')).toBeUndefined();
  });

  it('lists operations, resolves parameters and enums, and finds responses by status', () => {
    expect(doc.operations().map((o) => `${o.method} ${o.path.template} ${o.operationId}`))
      .toEqual(['GET /v1.0/items listItems', 'DELETE /v1.0/items/{id} deleteItem', 'GET /files/{file} undefined']);
    const list = doc.operation(doc.pathMatching('/v1.0/items')!, 'HEAD')!;
    expect(list.pointer).toBe('/paths/~1v1.0~1items/get');
    expect(doc.parameters(list).map((p) => p.name)).toEqual(['page', 'q']);
    expect(doc.parameterEnum('page')).toEqual([1, 2]);
    expect(doc.schemaEnum('Colour')).toEqual(['red', 'blue']);
    expect(doc.schemaEnum('Nothing')).toEqual([]);
    const responses = doc.responses(list)!;
    expect(doc.responseForStatus(responses, 404)?.pointer).toBe('/paths/~1v1.0~1items/get/responses/4XX');
    expect(doc.response(responses, '404')).toBeUndefined();
    expect(doc.examples(doc.responseForStatus(responses, 422)!)).toEqual([{ name: 'missing', mediaType: 'application/json', value: { message: 'Not found.' } }]);
    const remove = doc.operation(doc.pathMatching('/v1.0/items/1')!, 'delete')!;
    expect(doc.responseForStatus(doc.responses(remove)!, 500)?.value).toEqual({ description: 'any' });
    expect(doc.operation(doc.pathMatching('/v1.0/items/1')!, 'PATCH')).toBeUndefined();
  });
});

describe('a document whose server URL is templated', () => {
  it('is read (the templated server gives no base) instead of throwing', () => {
    const document = new OpenApiDocument({
      servers: [{ url: 'https://x:{port}/v1' }, { url: 'http://127.0.0.1:4010/api/v1' }],
      paths: { '/images': { get: { responses: { 200: { description: 'ok' } } } } },
    });
    expect(document.pathFor('/api/v1/images')?.template).toBe('/images');
    expect(document.pathFor('/v1/images')).toBeUndefined();
  });
});
