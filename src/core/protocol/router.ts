import { rawurldecode } from '../php/parse-str.ts';

/**
 * The routes of the upstream application that the Images API answers on, matched the way
 * Laravel's router does: on the percent-decoded path without trailing slashes, `{id}` being one
 * path segment, and the `api/v1` fallback (GET and HEAD only) taking any other path under it.
 */

export type RouteName = 'images.collection' | 'images.item' | 'api.fallback';

export interface RouteMatch {
  name: RouteName;
  /** `{id}` as decoded from the path (images.item only). */
  id?: string;
}

interface RouteDefinition {
  name: RouteName;
  pattern: RegExp;
  methods: readonly string[];
}

const ROUTES: readonly RouteDefinition[] = [
  { name: 'images.collection', pattern: /^api\/v1\/images$/, methods: ['GET', 'HEAD', 'POST'] },
  { name: 'images.item', pattern: /^api\/v1\/images\/([^/]+)$/, methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'] },
  { name: 'api.fallback', pattern: /^api\/v1\/(.+)$/, methods: ['GET', 'HEAD'] },
];

// Laravel collects a 405's allowed methods in this order.
const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export type RoutingResult =
  | { kind: 'matched'; route: RouteMatch }
  /** The path exists for other methods: 405, or 200 with `Allow` for OPTIONS. */
  | { kind: 'other-methods'; allowed: string[] }
  | { kind: 'not-found' };

/** `path` is the raw request path (`/api/v1/images/5`), percent-encoding kept. */
export function route(method: string, path: string): RoutingResult {
  const decoded = laravelDecodedPath(path);
  const matchesFor = (verb: string) => ROUTES.find((r) => r.methods.includes(verb) && r.pattern.test(decoded));
  const hit = matchesFor(method);
  if (hit) {
    const id = hit.name === 'images.item' ? hit.pattern.exec(decoded)?.[1] : undefined;
    return { kind: 'matched', route: id === undefined ? { name: hit.name } : { name: hit.name, id } };
  }
  const allowed = VERBS.filter((verb) => verb !== method && matchesFor(verb) !== undefined);
  return allowed.length > 0 ? { kind: 'other-methods', allowed } : { kind: 'not-found' };
}

/** `$request->path()`: the raw path without its surrounding slashes (as shown in messages). */
export function laravelPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : trimmed;
}

/** What the router matches against: rawurldecode of the path, trailing slashes dropped. */
function laravelDecodedPath(path: string): string {
  return rawurldecode(path.replace(/\/+$/, '').replace(/^\//, ''));
}

/** `$request->is('api/*')`: the paths the CORS middleware covers. */
export function isApiPath(path: string): boolean {
  return rawurldecode(laravelPath(path)).startsWith('api/');
}
