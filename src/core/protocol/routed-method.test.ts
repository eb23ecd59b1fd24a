import { describe, expect, it } from 'vitest';
import { routedMethodOf } from './routed-method.ts';

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
