import { rawurldecode } from '../php/parse-str.ts';
import type { RequestJournal } from '../journal/request-journal.ts';
import type { Controller } from './controllers.ts';
import { errorResponse, type ErrorContext } from './error-response.ts';
import { HTML_TYPE, type ApiResponse } from './response.ts';
import { ROUTES, VERBS, type Route, type Verb } from './routes.ts';

/**
 * Laravel's router over the route table (`routes.ts`): it matches the percent-decoded path without
 * its surrounding slashes, a `{param}` being one path segment, and fallback routes last.
 */

/** A route a request matched, the controller its method runs and the path's parameters. */
export interface RouteMatch {
  route: Route;
  controller: Controller;
  /** Path parameters, percent-decoded (`{ id: '5' }`). */
  params: Readonly<Record<string, string>>;
}

export type RoutingResult =
  | { kind: 'matched'; match: RouteMatch }
  /** The path exists for other methods: 405, or 200 with `Allow` for OPTIONS. */
  | { kind: 'other-methods'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  /** Matches the decoded path without its leading slash (`api/v1/images/5`). */
  pattern: RegExp;
  /** The names of the pattern's groups, in order. */
  params: string[];
}

const COMPILED: readonly CompiledRoute[] = ROUTES.map(compile);
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function compile(route: Route): CompiledRoute {
  const params: string[] = [];
  const source = route.path.replace(/^\//, '').split(/(\{[^}]+\})/).map((part) => {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    params.push(name);
    return `(${route.where?.[name] ?? '[^/]+'})`;
  }).join('');
  return { route, pattern: new RegExp(`^${source}$`), params };
}

function takes(route: Route, method: string): boolean {
  return Object.hasOwn(route.methods, method);
}

/** `path` is the raw request path (`/api/v1/images/5`), percent-encoding kept. */
export function route(method: string, path: string): RoutingResult {
  const decoded = laravelDecodedPath(path);
  const hit = firstMatch(method, decoded);
  if (hit) {
    const controller = hit.route.methods[method as Verb] as Controller;
    if (hit.params.length === 0) return { kind: 'matched', match: { route: hit.route, controller, params: NO_PARAMS } };
    const values = hit.pattern.exec(decoded) ?? [];
    const params: Record<string, string> = {};
    hit.params.forEach((name, i) => { params[name] = values[i + 1] ?? ''; });
    return { kind: 'matched', match: { route: hit.route, controller, params } };
  }
  const allowed = VERBS.filter((verb) => verb !== method && firstMatch(verb, decoded) !== undefined);
  return allowed.length > 0 ? { kind: 'other-methods', allowed } : { kind: 'not-found' };
}

/** The first route (in table order) that takes `method` and matches the decoded path. */
function firstMatch(method: string, decoded: string): CompiledRoute | undefined {
  for (const compiled of COMPILED) {
    if (takes(compiled.route, method) && compiled.pattern.test(decoded)) return compiled;
  }
  return undefined;
}

/**
 * The router stage: the route a request takes, or the router's own answer (404 for no route, 405
 * for other methods, a plain OPTIONS answered with `Allow`). Requests that matched no route, or
 * only a fallback, are noted as near misses with what they probably meant.
 */
export function routeRequest(
  method: string,
  url: string,
  path: string,
  context: ErrorContext,
  journal: RequestJournal,
): RouteMatch | ApiResponse {
  const routing = route(method, path);
  if (routing.kind === 'not-found') {
    nearMiss(journal, method, url, path, 404, 'no route matches this path');
    return errorResponse({ kind: 'route-not-found', path: laravelPath(path) }, context);
  }
  if (routing.kind === 'other-methods') {
    if (method === 'OPTIONS') {
      // Laravel answers a plain OPTIONS itself, listing the methods without spaces.
      return { status: 200, headers: [['Allow', routing.allowed.join(',')], ['Content-Type', HTML_TYPE]], body: '' };
    }
    nearMiss(journal, method, url, path, 405, `${method} is not a method of this path (${routing.allowed.join(', ')})`);
    return errorResponse({ kind: 'method-not-allowed', method, path: laravelPath(path), allowed: routing.allowed }, context);
  }
  if (routing.match.route.fallback) nearMiss(journal, method, url, path, 404, 'an unknown path under /api/v1 (upstream answers "Resource not found." once authenticated)');
  return routing.match;
}

function nearMiss(journal: RequestJournal, method: string, url: string, path: string, status: number, reason: string): void {
  journal.nearMiss({ method, url, status, reason, suggestion: suggestRoute(method, path) });
}

/** `$request->path()`: the raw path without its surrounding slashes (as shown in messages). */
function laravelPath(path: string): string {
  // The usual path: one leading slash, none at the end.
  const trimmed = path.length > 1 && path.charCodeAt(0) === 0x2f && path.charCodeAt(1) !== 0x2f && !path.endsWith('/')
    ? path.slice(1)
    : path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : trimmed;
}

/** What the router matches against: rawurldecode of the path, trailing slashes dropped. */
function laravelDecodedPath(path: string): string {
  // The usual path (`/api/v1/images`) has one leading slash and no trailing one: no regex needed.
  const trimmed = path.endsWith('/') ? path.replace(/\/+$/, '') : path;
  return rawurldecode(trimmed.startsWith('/') ? trimmed.slice(1) : trimmed);
}

/** `$request->is('api/*')`: the paths the CORS middleware covers. */
export function isApiPath(path: string): boolean {
  return rawurldecode(laravelPath(path)).startsWith('api/');
}

/** The routes a near miss may have meant: each as its template with `{id}` for any parameter. */
const SUGGESTIONS = ROUTES.filter((r) => !r.fallback).map((r) => ({
  template: r.path,
  shape: r.path.replace(/\{[^}]+\}/g, '{id}'),
  methods: Object.keys(r.methods).join(', '),
}));

/**
 * What a request that matched no route probably meant: the closest API route by edit distance
 * (numbers in the path count as an {id}), and the methods it takes. Null when nothing is close.
 */
export function suggestRoute(method: string, path: string): string | null {
  const shape = `/${rawurldecode(path.replace(/^\/+|\/+$/g, ''))}`.replace(/\/\d+(?=\/|$)/g, '/{id}');
  let best: { suggestion: (typeof SUGGESTIONS)[number]; distance: number } | null = null;
  for (const suggestion of SUGGESTIONS) {
    const distance = editDistance(shape, suggestion.shape);
    if (best === null || distance < best.distance) best = { suggestion, distance };
  }
  if (best === null || best.distance > Math.max(4, best.suggestion.shape.length / 3)) return null;
  const { template, methods } = best.suggestion;
  if (best.distance === 0) return `${template} takes ${methods}, not ${method}.`;
  return `Did you mean ${template} (it takes ${methods})?`;
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
