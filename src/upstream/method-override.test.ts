import { describe, expect, it } from 'vitest';
import { overrideMethod } from './method-override.ts';

describe('overrideMethod (Laravel/Symfony method override)', () => {
  it.each([
    ['a POST with X-HTTP-Method-Override', 'POST', 'PATCH', {}, {}, 'PATCH'],
    ['the header over the body', 'POST', 'PATCH', { _method: 'DELETE' }, {}, 'PATCH'],
    ['a _method of the body, any case', 'POST', null, { _method: 'patch' }, {}, 'PATCH'],
    ['the body over the query', 'POST', null, { _method: 'PUT' }, { _method: 'DELETE' }, 'PUT'],
    ['the query when the body has none', 'POST', null, {}, { _method: 'delete' }, 'DELETE'],
    ['only POST is overridden', 'GET', 'DELETE', { _method: 'PUT' }, {}, 'GET'],
    ['PUT is not overridden either', 'PUT', 'DELETE', {}, {}, 'PUT'],
    ['no override: POST', 'POST', null, {}, {}, 'POST'],
    ['a _method that is not text counts as none', 'POST', null, { _method: ['PUT'] }, { _method: 'DELETE' }, 'POST'],
  ] as const)('%s', (_name, method, header, body, query, expected) => {
    expect(overrideMethod(method, header, body, query)).toBe(expected);
  });

  // The validator's copy (used by the recorder and the test clients) read these two differently;
  // the handler's rule, held to the genuine application, is the one left.
  it('an empty X-HTTP-Method-Override counts as none: the _method field decides (the validator said POST)', () => {
    expect(overrideMethod('POST', '', { _method: 'PATCH' }, {})).toBe('PATCH');
  });

  it('an override with spaces is not a method name: POST, with a warning (the validator trimmed it to PATCH)', () => {
    const warnings: string[] = [];
    expect(overrideMethod('POST', null, { _method: ' patch' }, {}, warnings)).toBe('POST');
    expect(warnings).toEqual(['The method override " patch" is not a method name; the fake handles the request as POST (Laravel refuses it).']);
  });
});
