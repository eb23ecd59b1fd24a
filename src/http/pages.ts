import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { DEFAULT_COUNT, DEFAULT_KEYS, DEFAULT_SEED } from '../core/defaults.ts';
import type { Fake } from '../core/fake.ts';
import { expectsJson } from '../core/protocol/negotiation.ts';
import { loadSpec, SPEC_PATH } from '../openapi/load.ts';
import { docsPage, DOCS_ASSETS } from './docs-page.ts';
import { galleryPage } from './gallery-page.ts';
import { keyFingerprint } from '../har/redact.ts';

/** Where swagger-ui-dist is installed (resolved once, from this package's own dependencies). */
function swaggerUiDirectory(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

/**
 * The two pages a person opens in a browser, both served by the fake itself and both offline
 * (no CDN; every URL they load is on the fake's own origin):
 *
 * - `GET /docs`: Swagger UI rendering the OpenAPI document, with the document itself at
 *   `/docs/openapi.yaml` (the file, byte for byte) and `/docs/openapi.json`. Its "Try it out" talks
 *   to this fake (the page's own origin comes first among the servers) with its first key.
 * - `GET /`: a gallery of one key's images (their JPEGs, name, resolution, style, medium, filter,
 *   a ★ for favourites), with filters, search and pagination, calling `/api/v1/images` exactly
 *   as a client would. A request that wants JSON (`Accept: application/json`) still gets
 *   upstream's route 404 for `/`, as API clients and the contract suite expect.
 *
 * Only `GET`/`HEAD` of those paths are answered; everything else falls through to the API.
 *
 * @example
 * const app = express();
 * app.use(createPagesRouter(fake)); // before the fake's own handler
 */
export function createPagesRouter(fake: Fake): Router {
  const router = Router({ caseSensitive: true, strict: false });
  const key = fake.settings.keys[0] ?? '';
  const assetsDirectory = swaggerUiDirectory();
  let yamlText: string | undefined;
  let jsonText: string | undefined;

  router.get('/', async (req: Request, res: Response, next) => {
    if (expectsJson({ get: (name) => req.get(name) ?? null })) {
      next(); // as upstream: `/` is not an API route
      return;
    }
    const accounts = fake.store.allTenants()
      .filter((tenant) => tenant.config.apiAccess)
      .map((tenant) => ({ fingerprint: keyFingerprint(tenant.config.key), answeredIn: fake.locales.resolve(tenant.config.locale) }));
    sendHtml(res, await galleryPage({ key, accounts }));
  });

  router.get('/docs', async (_req: Request, res: Response) => {
    const account = fake.store.findTenantByToken(key);
    sendHtml(res, await docsPage({ key, notice: tryItOutNotice(fake), answeredIn: fake.locales.resolve(account?.config.locale) }));
  });

  router.get('/docs/openapi.yaml', (_req: Request, res: Response) => {
    yamlText ??= readFileSync(SPEC_PATH, 'utf8');
    sendDocument(res, 'application/yaml; charset=utf-8', yamlText);
  });

  router.get('/docs/openapi.json', (_req: Request, res: Response) => {
    jsonText ??= `${JSON.stringify(loadSpec(), null, 2)}\n`;
    sendDocument(res, 'application/json; charset=utf-8', jsonText);
  });

  for (const [name, type] of Object.entries(DOCS_ASSETS)) {
    const path = join(assetsDirectory, name);
    router.get(`/docs/${name}`, (_req: Request, res: Response) => {
      res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(path);
    });
  }
  return router;
}

/**
 * What "Try it out" will find: the document's examples (image ids, a search, a file) are those of
 * the default data, whose images depend on the seed, the count and how many keys there are.
 */
function tryItOutNotice(fake: Fake): string {
  const { seed, count, keys } = fake.settings;
  if (seed === DEFAULT_SEED && count === DEFAULT_COUNT && keys.length === DEFAULT_KEYS.length) {
    return '"Try it out" is authorised with the first key, and the examples find its images in the default data (a delete removes the example\'s image until POST /__admin/reset).';
  }
  return `"Try it out" is authorised with the first key, but the examples (image ids, search, file) are those of the default data (seed ${DEFAULT_SEED}, ${DEFAULT_COUNT} images per key, ${DEFAULT_KEYS.length} keys); this fake has seed ${seed}, ${count} per key and ${keys.length} ${keys.length === 1 ? 'key' : 'keys'}, so they may answer 404 or an empty list: type ids and names of its own.`;
}

function sendHtml(res: Response, html: string): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.send(html);
}

function sendDocument(res: Response, type: string, text: string): void {
  res.status(200);
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-cache');
  // Tools on other origins (a Swagger UI or a code generator in a browser) may read the document.
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.send(text);
}
