import {
  deleteImage, listImages, showImage, storeImage, unknownResource, updateImage, type Controller,
} from './controllers.ts';

/** The methods a route can take, in the order Laravel lists them in a 405's `Allow`. */
export const VERBS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type Verb = (typeof VERBS)[number];

/** One route of the upstream application, as `routes/api.php` declares it. */
export interface Route {
  /** The route's name: the request journal shows it. */
  name: string;
  /** The path template (`/api/v1/images/{id}`); a `{param}` is one path segment unless `where` says otherwise. */
  path: string;
  /** The controller each method runs (a route's methods, in the order its suggestions list them). */
  methods: Readonly<Partial<Record<Verb, Controller>>>;
  /** Patterns of path parameters that may be more than one segment (Laravel's `->where()`). */
  where?: Readonly<Record<string, string>>;
  /** Behind the plan middleware: a key whose plan lacks API access gets the 403. */
  needsApiAccess: boolean;
  /**
   * `Route::fallback()`: matched only when no other route is. Its requests are near misses in the
   * journal, and it is never suggested.
   */
  fallback?: true;
}

/**
 * The Images API's routes: the router, the 405 and OPTIONS `Allow` lists, the route suggestions,
 * the controllers and the journal's route names all read this table. A new endpoint is a row here,
 * a controller, a service method and its operation in `openapi/openapi.yaml`.
 */
export const ROUTES: readonly Route[] = [
  {
    name: 'images.collection', path: '/api/v1/images', needsApiAccess: true,
    methods: { GET: listImages, HEAD: listImages, POST: storeImage },
  },
  {
    name: 'images.item', path: '/api/v1/images/{id}', needsApiAccess: true,
    methods: { GET: showImage, HEAD: showImage, PUT: updateImage, PATCH: updateImage, DELETE: deleteImage },
  },
  // Last, as Laravel matches fallbacks after every other route.
  {
    name: 'api.fallback', path: '/api/v1/{fallbackPlaceholder}', where: { fallbackPlaceholder: '.+' }, fallback: true,
    needsApiAccess: false, methods: { GET: unknownResource, HEAD: unknownResource },
  },
];
