import { describe, expect, it } from 'vitest';
import { OpenApiDocument } from '../../upstream/openapi-document.ts';
import { documentedAnswer } from './prefer.ts';

describe('Prefer: code=… against the document', () => {
  it('a path the document does not have is named, with the dot of a template taken literally (it used an unescaped pattern)', () => {
    const doc = new OpenApiDocument({
      paths: { '/v1.0/items': { get: { responses: { 200: { description: 'ok', content: { 'application/json': { examples: { one: { value: { data: [] } } } } } } } } } },
    });
    expect(documentedAnswer(doc, 'GET', '/v1x0/items', { code: 200 }, true))
      .toEqual({ problem: 'GET /v1x0/items is not an operation of the OpenAPI document.' });
    expect('response' in documentedAnswer(doc, 'GET', '/v1.0/items', { code: 200 }, true)).toBe(true);
  });
});
