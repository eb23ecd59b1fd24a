/**
 * Spectral function: a request body that can be JSON lists application/json first. Swagger UI's
 * "Try it out" (the /docs page) starts with the first media type, and fills a form from the schema
 * alone, ignoring the named examples (so `variations` is sent and the store is a 404), while JSON
 * gets the first named example.
 */
export default function jsonFirst(content, _options, context) {
  if (content === null || typeof content !== 'object') return [];
  const types = Object.keys(content);
  if (!types.includes('application/json') || types[0] === 'application/json') return [];
  return [{ message: `application/json should come first (not ${types[0]}): "Try it out" starts with the first media type.`, path: [...context.path, types[0]] }];
}
