import { DEFAULT_LOCALE } from '../core/defaults.ts';
import { fillPage, pageTemplate } from './page-assets.ts';

/** The files of swagger-ui-dist the docs page loads, served under `/docs/`, with their types. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** JSON for inside a `<script>` element: `<` escaped, so no text can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** What the server tells the docs page's script (assets/docs.ts), as the page's JSON `#kit-config`. */
export interface DocsConfig {
  /** The key "Try it out" is pre-authorised with ('' for none). */
  key: string;
  /** Plain text: what "Try it out" will find. */
  notice: string;
}

/**
 * The `/docs` page: Swagger UI over `/docs/openapi.json`, every URL on the page's own origin.
 * The fake's origin is put first among the document's servers, the API's and the files' (for
 * "Try it out"), `key` is pre-authorised as the Bearer key, and `notice` (plain text) says what
 * "Try it out" will find.
 *
 * @example
 * res.send(await docsPage({ key: 'demoKeyOne…', notice: '"Try it out" is authorised with the first key…', answeredIn: 'en' }));
 */
export async function docsPage({ key, notice, answeredIn = DEFAULT_LOCALE }: DocsConfig & { answeredIn?: string }): Promise<string> {
  const config: DocsConfig = { key, notice };
  return fillPage(await pageTemplate('docs'), {
    keyPrefix: escapeHtml(key.slice(0, 6)),
    answeredIn: escapeHtml(answeredIn),
    config: scriptJson(config),
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
