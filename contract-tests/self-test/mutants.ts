import type { Fake } from '../../src/core/fake.ts';
import { encodeControllerJson, jsonNesting } from '../../src/core/php/json.ts';
import { parseStr } from '../../src/core/php/parse-str.ts';
import type { ApiRequest, HandledResponse as Handled } from '../../src/core/protocol/handler.ts';
import { renderImageJpeg } from '../../src/core/render/index.ts';
import { upstreamTrim } from '../../src/contract/checks/input.ts';

/**
 * Realistic defects, each injected around an otherwise correct fake. The self-test runs the
 * contract suite against every one and expects it to be caught.
 */
export interface Mutant {
  name: string;
  /** The start of the name of the check written to catch it (the self-test expects that one to fail). */
  caughtBy?: string;
  inject(fake: Fake): void;
}

type Around = (request: ApiRequest, next: (request: ApiRequest) => Promise<Handled>, fake: Fake) => Promise<Handled>;

function around(name: string, wrap: Around, caughtBy?: string): Mutant {
  return {
    name,
    ...(caughtBy === undefined ? {} : { caughtBy }),
    inject(fake) {
      // Every answer goes through respond (the HTTP adapter calls it; handle wraps it).
      const original = fake.handler.respond.bind(fake.handler);
      fake.handler.respond = (request) => wrap(request, async (changed) => original(changed), fake);
    },
  };
}

// --- small tools for rewriting requests and responses -------------------------------------

const path = (request: ApiRequest) => request.url.split('?')[0] ?? '';

function withoutQueryParameter(request: ApiRequest, name: string): ApiRequest {
  const [base, query = ''] = request.url.split('?');
  const kept = query.split('&').filter((pair) => pair !== '' && pair.split('=')[0] !== name);
  return { ...request, url: kept.length === 0 ? (base as string) : `${base}?${kept.join('&')}` };
}

function queryValue(request: ApiRequest, name: string): string | undefined {
  const value = parseStr(request.url.split('?')[1] ?? '')[name];
  return typeof value === 'string' ? value : undefined;
}

function withQueryParameter(request: ApiRequest, name: string, value: string): ApiRequest {
  const stripped = withoutQueryParameter(request, name);
  return { ...stripped, url: `${stripped.url}${stripped.url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}` };
}

function withHeader(request: ApiRequest, name: string, value: string | null): ApiRequest {
  const original = request.headers;
  return { ...request, headers: { get: (n) => (n.toLowerCase() === name.toLowerCase() ? value : original.get(n)) } };
}

/** Rewrites the fields of a JSON or form body. */
function withBodyFields(request: ApiRequest, edit: (fields: Record<string, unknown>) => void): ApiRequest {
  if (request.body === null) return request;
  const type = request.headers.get('content-type') ?? '';
  const text = new TextDecoder().decode(request.body);
  if (type.includes('json')) {
    const fields = JSON.parse(text) as Record<string, unknown>;
    edit(fields);
    return { ...request, body: new TextEncoder().encode(JSON.stringify(fields)) };
  }
  const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));
  edit(fields);
  return { ...request, body: new TextEncoder().encode(new URLSearchParams(fields as Record<string, string>).toString()) };
}

/** Rewrites a compact JSON body in place (re-encoded the way the controllers encode). */
function editJson(response: Handled, edit: (body: Record<string, unknown>) => void): Handled {
  const type = response.headers.find(([n]) => n === 'Content-Type')?.[1] ?? '';
  if (!type.includes('json') || typeof response.body !== 'string' || response.body === '') return response;
  const body = JSON.parse(response.body) as Record<string, unknown>;
  edit(body);
  return { ...response, body: encodeControllerJson(body) };
}

/** Applies `edit` to every image object of a show/store/update/list body. */
function editImages(response: Handled, edit: (image: Record<string, unknown>) => void): Handled {
  return editJson(response, (body) => {
    const data = body.data;
    if (Array.isArray(data)) data.forEach((image) => edit(image as Record<string, unknown>));
    else if (typeof data === 'object' && data !== null) edit(data as Record<string, unknown>);
  });
}

function withoutHeaders(response: Handled, names: string[]): Handled {
  return { ...response, headers: response.headers.filter(([n]) => !names.includes(n.toLowerCase())) };
}

function contentType(response: Handled): string {
  return response.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
}

const NOT_FOUND = encodeControllerJson({ message: 'Resource not found.', status: 404 });

const isForm = (req: ApiRequest) => (req.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
const isJson = (req: ApiRequest) => /[/+]json/.test(req.headers.get('content-type') ?? '');

/** Rewrites the body of a list page (and leaves every other answer's bytes alone). */
function editListPage(req: ApiRequest, response: Handled, edit: (body: Record<string, unknown>) => void): Handled {
  return req.method === 'GET' && path(req) === '/api/v1/images' && response.status === 200 ? editJson(response, edit) : response;
}

/** A private-use character the fake keeps at the ends of strings: a name wrapped in it is stored as sent. */
const SHIELD = '\ue000';

/**
 * A server that trims names with `trim` instead of upstream's set, on store and update: the name
 * it would keep reaches the fake shielded from the fake's own trimming, and every answer shows it
 * unshielded.
 */
function trimsNamesWith(name: string, trim: (text: string) => string): Mutant {
  return around(name, async (req, next) => {
    const write = (req.method === 'POST' && path(req) === '/api/v1/images') || ((req.method === 'PUT' || req.method === 'PATCH') && /^\/api\/v1\/images\/[^/]+$/.test(path(req)));
    let request = req;
    if (write && req.body !== null && (isJson(req) || isForm(req))) {
      try {
        request = withBodyFields(req, (fields) => {
          if (typeof fields.name === 'string' && trim(fields.name) !== upstreamTrim(fields.name)) fields.name = `${SHIELD}${trim(fields.name)}${SHIELD}`;
        });
      } catch {
        // Not a body with fields (malformed JSON): nothing to trim.
      }
    }
    const response = await next(request);
    // Only answers holding a shielded name are rewritten (the fake writes SHIELD as \ue000).
    if (typeof response.body !== 'string' || !response.body.includes('\\ue000')) return response;
    return editImages(response, (image) => {
      if (typeof image.name === 'string' && image.name.startsWith(SHIELD) && image.name.endsWith(SHIELD)) image.name = image.name.slice(1, -1);
    });
  }, 'input: ');
}

// --- the mutants ---------------------------------------------------------------------------

export const MUTANTS: readonly Mutant[] = [
  around('drops updated_at from images', async (req, next) =>
    editImages(await next(req), (image) => { delete image.updated_at; })),
  around('serves favorite as 0/1 instead of a boolean', async (req, next) =>
    editImages(await next(req), (image) => { image.favorite = image.favorite ? 1 : 0; })),
  around('ignores the style filter', async (req, next) => next(withoutQueryParameter(req, 'style'))),
  around('leaks the first user\'s images to the second user', async (req, next, fake) => {
    const [first, second] = fake.settings.keys;
    const auth = req.headers.get('authorization');
    return next(auth === `Bearer ${second}` ? withHeader(req, 'authorization', `Bearer ${first}`) : req);
  }),
  around('answers a created image with 200 instead of 201', async (req, next) => {
    const response = await next(req);
    return response.status === 201 ? { ...response, status: 200 } : response;
  }),
  around('reports meta.total one too high', async (req, next) =>
    editJson(await next(req), (body) => {
      const meta = body.meta as { total?: number } | undefined;
      if (meta?.total !== undefined) meta.total += 1;
    })),
  around('answers delete without deleting', async (req, next) => {
    if (req.method !== 'DELETE') return next(req);
    const shown = await next({ ...req, method: 'GET' });
    if (shown.status !== 200) return shown;
    const id = (JSON.parse(shown.body as string) as { data: { id: number } }).data.id;
    return { ...shown, body: encodeControllerJson({ id, object: 'image', deleted: true, status: 200 }) };
  }),
  around('searches case-sensitively', async (req, next) => {
    const search = queryValue(req, 'search');
    const response = await next(req);
    if (search === undefined) return response;
    return editJson(response, (body) => {
      if (Array.isArray(body.data)) body.data = body.data.filter((image: { name: string }) => image.name.includes(search.trim()));
    });
  }),
  around('ignores sort=asc', async (req, next) => next(withoutQueryParameter(req, 'sort'))),
  around('ignores per_page', async (req, next) => next(withoutQueryParameter(req, 'per_page'))),
  around('serves page N as page N−1 (overlapping pages)', async (req, next) => {
    const page = Number(queryValue(req, 'page'));
    if (!(page >= 2) || path(req) !== '/api/v1/images') return next(req);
    return editJson(await next(withQueryParameter(req, 'page', String(page - 1))), (body) => {
      (body.meta as { current_page: number }).current_page = page;
    });
  }),
  around('answers a missing key with 403 instead of 401', async (req, next) => {
    const response = await next(req);
    return response.status === 401 ? { ...response, status: 403 } : response;
  }),
  around('redirects JSON clients to /login instead of answering 401', async (req, next) =>
    next(withHeader(req, 'accept', 'text/html'))),
  around('words validation messages its own way', async (req, next) =>
    editJson(await next(req), (body) => {
      if (typeof body.message === 'object' && body.message !== null) {
        for (const messages of Object.values(body.message as Record<string, string[]>)) {
          messages.forEach((m, i) => { messages[i] = m.replace(/^The (\w+) field is required\.$/, '$1 is required.'); });
        }
      }
    })),
  around('ignores favorite on update', async (req, next) =>
    next(req.method === 'PATCH' || req.method === 'PUT' ? withBodyFields(req, (f) => { delete f.favorite; }) : req)),
  around('drops the current parameters from pagination links', async (req, next) =>
    editJson(await next(req), (body) => {
      const links = body.links as Record<string, string | null> | undefined;
      if (!links) return;
      for (const key of Object.keys(links)) {
        const url = links[key];
        if (url) links[key] = url.replace(/\?.*&(page=\d+)$/, '?$1');
      }
    })),
  around('serves every JPEG at 256x256', async (req, next, fake) => {
    const response = await next(req);
    const match = /\/uploads\/users\/images\/([^/]+)$/.exec(path(req));
    const image = match ? fake.store.findImageByResult(match[1] as string) : undefined;
    if (!image || response.status !== 200) return response;
    return { ...response, body: renderImageJpeg({ seed: image.result, resolution: '256x256', style: image.style, medium: image.medium, filter: image.filter }) };
  }),
  around('sends no rate-limit headers', async (req, next) =>
    withoutHeaders(await next(req), ['x-ratelimit-limit', 'x-ratelimit-remaining'])),
  around('answers a wrong method with 404 instead of 405', async (req, next) => {
    const response = await next(req);
    return response.status === 405 ? { ...withoutHeaders(response, ['allow']), status: 404, body: NOT_FOUND } : response;
  }),
  around('sends no CORS header', async (req, next) =>
    withoutHeaders(await next(req), ['access-control-allow-origin'])),
  around('looks the image up before validating an update (404 before 422)', async (req, next, fake) => {
    const response = await next(req);
    const id = /^\/api\/v1\/images\/(\d+)$/.exec(path(req))?.[1];
    const exists = id !== undefined && fake.store.allTenants().some((t) => t.images.has(Number(id)));
    return response.status === 422 && id !== undefined && !exists ? { ...response, status: 404, body: NOT_FOUND } : response;
  }),
  around('accepts user_id on update', async (req, next) =>
    next(req.method === 'PATCH' || req.method === 'PUT' ? withBodyFields(req, (f) => { delete f.user_id; }) : req)),
  around('drops the filter of a new image', async (req, next) =>
    next(req.method === 'POST' && path(req) === '/api/v1/images' ? withBodyFields(req, (f) => { delete f.filter; }) : req)),

  // Issue 16: three defects the suite used to miss, and the account's language, allowance and input limits.
  around('puts a URL in links.next on the last page', async (req, next) =>
    editListPage(req, await next(req), (body) => {
      const links = body.links as { last?: string; next?: string | null } | undefined;
      const meta = body.meta as { current_page: number; last_page: number; links: Array<{ url: string | null }> } | undefined;
      if (!links?.last || !meta || meta.current_page !== meta.last_page) return;
      links.next = links.last.replace(/page=\d+$/, `page=${meta.last_page + 1}`);
      (meta.links.at(-1) as { url: string | null }).url = links.next;
    }), 'list: links.prev and links.next'),
  trimsNamesWith('keeps the spaces around names on store and update (no trimming)', (text) => text),
  trimsNamesWith("trims names with JavaScript's \\s, keeping U+0085 and U+180E at the ends", (text) => text.replace(/^[\s\u200b\ufeff]+|[\s\u200b\ufeff]+$/gu, '')),
  around('answers a wrong method with the JSON body to a client that did not ask for JSON', async (req, next) => {
    const response = await next(req);
    return response.status === 405 && contentType(response).startsWith('text/html') ? next(withHeader(req, 'accept', 'application/json')) : response;
  }, 'routing: a wrong method from a client that does not ask for JSON'),
  around('answers a Russian account in English', async (req, next, fake) => {
    for (const tenant of fake.store.allTenants()) tenant.config.locale = null;
    return next(req);
  }, 'locale: '),
  around('leaves the page arrows untranslated', async (req, next) =>
    editListPage(req, await next(req), (body) => {
      const links = (body.meta as { links?: Array<{ label: string }> } | undefined)?.links;
      if (!links || links.length < 2) return;
      (links[0] as { label: string }).label = '&laquo; Previous';
      (links.at(-1) as { label: string }).label = 'Next &raquo;';
    }), "locale: a Russian account's page arrows"),
  around('lets Accept-Language choose the language', async (req, next, fake) => {
    const language = /^\s*([a-z]{2})\b/i.exec(req.headers.get('accept-language') ?? '')?.[1]?.toLowerCase();
    const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
    const tenant = language !== undefined && token !== undefined ? fake.store.findTenantByToken(token) : undefined;
    if (tenant === undefined) return next(req);
    const own = tenant.config.locale;
    tenant.config.locale = language as string;
    try {
      return await next(req);
    } finally {
      tenant.config.locale = own;
    }
  }, 'locale: the account decides the language'),
  around('ignores per-account allowances (a used-up account can still create)', async (req, next, fake) => {
    for (const tenant of fake.store.allTenants()) tenant.config.monthQuota = null;
    return next(req);
  }, 'rules: an account whose allowance is used up'),
  around('reads JSON nested 512 levels deep or more', async (req, next) => {
    if (req.body === null || !isJson(req)) return next(req);
    const text = new TextDecoder().decode(req.body);
    if (jsonNesting(text) < 512) return next(req);
    // No depth limit: the shallow fields are read (the deep one is ignored by the rules anyway).
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return next(req);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return next(req);
    const shallow = Object.fromEntries(Object.entries(parsed).filter(([, value]) => typeof value !== 'object' || value === null));
    return next({ ...req, body: new TextEncoder().encode(JSON.stringify(shallow)) });
  }, 'input: a JSON body nested'),
  around('keeps only 1000 POST form variables (drops the 1001st)', async (req, next) => {
    if (req.method !== 'POST' || req.body === null || !isForm(req)) return next(req);
    const pairs = new TextDecoder().decode(req.body).split('&');
    return next(pairs.length <= 1000 ? req : { ...req, body: new TextEncoder().encode(pairs.slice(0, 1000).join('&')) });
  }, 'input: a POST form keeps'),
];
