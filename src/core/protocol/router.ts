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

const TEMPLATES = ['/api/v1/images', '/api/v1/images/{id}'];

/**
 * What a request that matched no route probably meant: the closest API route by edit distance
 * (numbers in the path count as an {id}), and the methods it takes. Null when nothing is close.
 */
export function suggestRoute(method: string, path: string): string | null {
  const shape = `/${rawurldecode(path.replace(/^\/+|\/+$/g, ''))}`.replace(/\/\d+(?=\/|$)/g, '/{id}');
  let best: { template: string; distance: number } | null = null;
  for (const template of TEMPLATES) {
    const distance = editDistance(shape, template);
    if (best === null || distance < best.distance) best = { template, distance };
  }
  if (best === null || best.distance > Math.max(4, best.template.length / 3)) return null;
  const methods = best.template.endsWith('{id}') ? 'GET, HEAD, PUT, PATCH, DELETE' : 'GET, HEAD, POST';
  if (best.distance === 0) return `${best.template} takes ${methods}, not ${method}.`;
  return `Did you mean ${best.template} (it takes ${methods})?`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
