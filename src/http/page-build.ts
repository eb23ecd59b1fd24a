// Assembles the pages from their files in ./assets: the HTML with its stylesheet inlined and its
// TypeScript script bundled for the browser (esbuild) and inlined. Used by `npm run build`
// (scripts/build.mjs writes the result to dist/) and, in a clone, by page-assets.ts on first use.
// Never shipped: the package has the assembled pages and no esbuild.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { PAGE_NAMES, type PageBuilder, type PageName } from './page-assets.ts';

const ASSETS = new URL('./assets/', import.meta.url);

/** Every page, assembled. */
export const buildPages: PageBuilder = async () => {
  const pages = await Promise.all(PAGE_NAMES.map(async (name) => [name, await buildPage(name)] as const));
  return Object.fromEntries(pages) as Record<PageName, string>;
};

/**
 * One page: `<link rel="stylesheet" href="./<name>.css">` becomes a `<style>` element with that
 * file, `<script src="./<name>.ts"></script>` a `<script>` element with the script bundled (with
 * what it imports from the sources) for browsers.
 */
async function buildPage(name: PageName): Promise<string> {
  const html = readFileSync(new URL(`${name}.html`, ASSETS), 'utf8');
  const css = readFileSync(new URL(`${name}.css`, ASSETS), 'utf8');
  const script = await bundle(new URL(`${name}.ts`, ASSETS));
  return inline(inline(html, `<link rel="stylesheet" href="./${name}.css">`, `<style>\n${css}</style>`), `<script src="./${name}.ts"></script>`, `<script>\n${script}</script>`);
}

function inline(html: string, tag: string, element: string): string {
  const at = html.indexOf(tag);
  if (at < 0) throw new Error(`page-build: the page has no ${tag}`);
  // A function, so that `$&` and the like in the element stay as they are.
  return html.replace(tag, () => element);
}

async function bundle(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [entry.pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  // Inlined in a <script> element: nothing in it may close the element.
  if (/<\/script/i.test(text)) throw new Error(`page-build: ${entry.pathname} has "</script" in its output`);
  return text;
}
