import { readQueryString } from '../php/parse-str.ts';
import { phpObject, type PhpObject } from '../php/values.ts';
import type { Exchange } from './exchange.ts';
import type { MaybePromise } from '../state/coordinator.ts';
import { overrideMethod } from '../../upstream/method-override.ts';
import { parseBodyFields } from './request-body.ts';

/** What Symfony's Request makes of what was sent: the fields, and the method it is routed as. */
export interface RequestFields {
  /** The method after Laravel's method override (a POST with `_method=PATCH` is a PATCH). */
  method: string;
  body: PhpObject;
  query: PhpObject;
}

/**
 * Reads the body's and the query's fields as PHP does, and the routed method; what PHP silently
 * drops or ignores is added to the warnings.
 */
export function readRequest(x: Exchange): MaybePromise<RequestFields> {
  const { request } = x;
  // Most requests have no body: nothing to wait for.
  if (request.body === null) return readFields(x, phpObject());
  return parseBodyFields(request.method, request.headers.get('content-type'), request.body).then((parsed) => {
    x.warnings.push(...parsed.warnings);
    return readFields(x, parsed.fields);
  });
}

/** The query's fields and the routed method, once the body's fields are known. */
function readFields(x: Exchange, body: PhpObject): RequestFields {
  const { request, warnings } = x;
  const { fields: query, warnings: queryWarnings } = readQueryString(x.rawQuery);
  warnings.push(...queryWarnings);
  const method = overrideMethod(request.method, request.headers.get('x-http-method-override'), body, query, warnings);
  return { method, body, query };
}
