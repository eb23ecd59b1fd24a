import { describe, expect, it } from 'vitest';
import { overrideMethod, routedMethodOf } from './method-override.ts';

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

describe('routedMethodOf (a request as sent)', () => {
  const post = { method: 'POST', url: '/api/v1/images/5' };

  it.each([
    ['a form body', { ...post, contentType: 'application/x-www-form-urlencoded', body: 'favorite=1&_method=patch' }, 'PATCH'],
    ['a JSON body', { ...post, contentType: 'application/json', body: '{"_method":"DELETE"}' }, 'DELETE'],
    ['a multipart body', {
      ...post, contentType: 'multipart/form-data; boundary=b',
      body: '--b\r\nContent-Disposition: form-data; name="_method"\r\n\r\nPUT\r\n--b--\r\n',
    }, 'PUT'],
    ['the query (PHP reads ?_method=patch)', { ...post, url: '/api/v1/images/5?_method=patch' }, 'PATCH'],
    ['an absolute URL', { ...post, url: 'https://ailuna.ru/api/v1/images/5?_method=put' }, 'PUT'],
    ['the header', { ...post, methodOverride: 'delete' }, 'DELETE'],
    ['bytes', { ...post, contentType: 'application/x-www-form-urlencoded', body: new TextEncoder().encode('_method=PUT') }, 'PUT'],
    ['a lower-case wire method', { ...post, method: 'post', contentType: 'application/json', body: '{"_method":"put"}' }, 'PUT'],
    ['a GET keeps its method', { method: 'get', url: '/api/v1/images?_method=DELETE' }, 'GET'],
  ] as const)('%s', async (_name, request, expected) => {
    expect(await routedMethodOf(request)).toBe(expected);
  });
});
