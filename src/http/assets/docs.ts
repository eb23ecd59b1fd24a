// The docs page's script (see ../docs-page.ts), bundled for the browser by ../page-build.ts.
// Swagger UI (swagger-ui-bundle.js, loaded before this script) over /docs/openapi.json, with this
// fake's origin first among the servers and the page's key pre-authorised.
import type { DocsConfig } from '../docs-page.ts';

/** The little of Swagger UI's bundle this page uses. */
interface SwaggerUi {
  preauthorizeApiKey(scheme: string, key: string): void;
}
interface Server {
  url: string;
  description?: string;
}
interface Document {
  servers?: Server[];
  paths?: Record<string, { servers?: Server[] }>;
}
declare const SwaggerUIBundle: (options: {
  spec: Document;
  dom_id: string;
  deepLinking: boolean;
  validatorUrl: null;
  onComplete: () => void;
}) => SwaggerUi;
declare global {
  interface Window {
    /** Swagger UI, for a person poking at the page in the browser's console. */
    ui: SwaggerUi;
  }
}

const config = JSON.parse(document.getElementById('kit-config')?.textContent ?? '') as DocsConfig;
document.getElementById('kit-notice')!.textContent = config.notice;
const here = `${location.origin}/api/v1`;
const thisFake = "This fake (the page's own origin)";

function fail(message: string): void {
  const box = document.getElementById('kit-error')!;
  box.textContent = message;
  box.hidden = false;
  document.body.dataset.state = 'error';
}

fetch('/docs/openapi.json', { headers: { Accept: 'application/json' } })
  .then((response) => {
    if (!response.ok) throw new Error(`GET /docs/openapi.json answered ${response.status}`);
    return response.json() as Promise<Document>;
  })
  .then((spec) => {
    const others = (spec.servers || []).filter((server) => server.url !== here);
    spec.servers = [{ url: here, description: thisFake }, ...others];
    // The JPEG files (outside /api/v1) have servers of their own: this fake first there too.
    for (const item of Object.values(spec.paths || {})) {
      if (!Array.isArray(item.servers)) continue;
      const rest = item.servers.filter((server) => server.url !== location.origin);
      item.servers = [{ url: location.origin, description: thisFake }, ...rest];
    }
    window.ui = SwaggerUIBundle({
      spec,
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
      onComplete: () => {
        if (config.key) window.ui.preauthorizeApiKey('bearerAuth', config.key);
        document.body.dataset.state = 'ready';
      },
    });
  })
  .catch((error: unknown) => fail((error instanceof Error && error.message) || String(error)));
