import { fail } from '../errors.ts';
import type { RequestInput } from '../images/input.ts';
import type { Locales } from '../locale/translator.ts';
import { isEmpty, isPhpArray, toPhpString, type PhpValue } from '../php/values.ts';
import type { MemoryStore, Tenant } from '../state/store.ts';
import type { Exchange } from './exchange.ts';
import type { Route } from './routes.ts';

/**
 * The auth and plan stage (`auth:api`, then the plan middleware on the routes that need API
 * access): the request's account, or a thrown 401 or 403. From here on errors speak the account's
 * language: upstream's auth middleware runs before the locale middleware, so Accept-Language and
 * a locale cookie never matter.
 */
export function authorize(x: Exchange, store: MemoryStore, locales: Locales, route: Route, input: RequestInput): Tenant {
  const tenant = authenticate(store, input, x.request.headers.get('authorization')) ?? fail({ kind: 'unauthenticated' });
  x.context.lang = locales.forAccount(tenant.config.locale);
  if (route.needsApiAccess && !tenant.config.apiAccess) fail({ kind: 'no-api-access' });
  return tenant;
}

/**
 * Finds the user of a request the way Laravel's TokenGuard does: the first non-empty of
 * `api_token` in the query, `api_token` in the input (body, then query), the Bearer token and the
 * Basic password. Only that one source is tried: a wrong `?api_token=x` is a 401 even with a good
 * Bearer header, while `?api_token=` (empty) falls through to it.
 */
export function authenticate(
  store: MemoryStore,
  input: RequestInput,
  authorization: string | null,
): Tenant | undefined {
  // Each source is read only when the ones before it are empty.
  let token: PhpValue | undefined = input.query.api_token;
  if (isEmpty(token)) token = input.get('api_token');
  if (isEmpty(token)) token = bearerToken(authorization);
  if (isEmpty(token)) token = basicPassword(authorization);
  return isEmpty(token) ? undefined : findByToken(store, token as PhpValue);
}

function findByToken(store: MemoryStore, token: PhpValue): Tenant | undefined {
  // An array token becomes `whereIn(api_token, [...])` in Eloquent's user provider.
  const values = isPhpArray(token) ? (Array.isArray(token) ? token : Object.values(token)) : [token];
  for (const value of values) {
    if (isPhpArray(value) || value === null) continue;
    const tenant = store.findTenantByToken(toPhpString(value));
    if (tenant) return tenant;
  }
  return undefined;
}

/**
 * Laravel's `bearerToken()`: the text after the last `Bearer ` (case-sensitive), cut at the first
 * comma, not trimmed.
 */
export function bearerToken(authorization: string | null): string | undefined {
  if (authorization === null) return undefined;
  const position = authorization.lastIndexOf('Bearer ');
  if (position === -1) return undefined;
  const rest = authorization.slice(position + 7);
  const comma = rest.indexOf(',');
  return comma === -1 ? rest : rest.slice(0, comma);
}

/** The password of `Authorization: Basic base64(user:password)` (Symfony's PHP_AUTH_PW). */
export function basicPassword(authorization: string | null): string | undefined {
  if (authorization === null || !/^basic /i.test(authorization)) return undefined;
  let decoded: string;
  try {
    const binary = atob(authorization.slice(6).trim());
    decoded = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
