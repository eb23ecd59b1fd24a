/** Fields a `_method` can come from: a body's or a query string's, as PHP reads them. */
export type OverrideFields = Readonly<Record<string, unknown>>;

/**
 * The method Laravel routes a request as (Symfony's method override, which Laravel enables): only
 * a `POST` is overridden, by the `X-HTTP-Method-Override` header when it is not empty, else by a
 * `_method` field of the body, else of the query; any case (`patch` is PATCH). An override that is
 * not a method name (letters only, no spaces) leaves a POST, with a warning (Laravel refuses it).
 * The fake routes with it, and every checker that validates an answer as the routed operation
 * (the spec validator, the contract kit's client) reads a request with it.
 *
 * @example
 * overrideMethod('POST', null, { _method: 'patch' }, {}); // 'PATCH'
 * overrideMethod('POST', '', {}, { _method: 'PUT' });      // 'PUT' (an empty header counts as none)
 * overrideMethod('GET', 'DELETE', {}, {});                  // 'GET'
 */
export function overrideMethod(
  method: string,
  header: string | null | undefined,
  body: OverrideFields | undefined,
  query: OverrideFields | undefined,
  warnings?: string[],
): string {
  if (method !== 'POST') return method;
  const field = body?._method ?? query?._method;
  const requested = header || (typeof field === 'string' ? field : '');
  if (requested === '') return 'POST';
  const upper = requested.toUpperCase();
  if (!/^[A-Z]+$/.test(upper)) {
    warnings?.push(`The method override "${requested}" is not a method name; the fake handles the request as POST (Laravel refuses it).`);
    return 'POST';
  }
  return upper;
}
