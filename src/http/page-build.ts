// Assembles the pages from their files in ./assets: the HTML with its stylesheet inlined and its
// TypeScript script bundled for the browser (esbuild) and inlined. Used by `npm run build`
// (scripts/build.mjs writes the result to dist/) and, in a clone, by page-assets.ts on first use.
// Never shipped: the package has the assembled pages and no esbuild.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';
import { PAGE_NAMES, type PageBuilder, type PageName } from './page-assets.ts';

const ASSETS = new URL('./assets/', import.meta.url);

/** Every page, assembled. */
export const buildPages: PageBuilder = async () => {
  try {
    const pages = await Promise.all(PAGE_NAMES.map(async (name) => [name, await buildPage(name)] as const));
    return Object.fromEntries(pages) as Record<PageName, string>;
  } finally {
    // esbuild keeps a service process for later builds; there are none (the pages are made once).
    await stop();
  }
};

/**
 * One page: `<link rel="stylesheet" href="./<name>.css">` becomes a `<style>` element with that
 * file, `<script src="./<name>.ts"></script>` a `<script>` element with the script bundled (with
 * what it imports from the sources) for browsers.
 */
async function buildPage(name: PageName): Promise<string> {
  const html = readFileSync(new URL(`${name}.html`, ASSETS), 'utf8');
  const css = readFileSync(new URL(`${name}.css`, ASSETS), 'utf8');
  // Inlined in a <style> element: nothing in it may close the element.
  if (/<\/style/i.test(css)) throw new Error(`page-build: ${name}.css has "</style" in it`);
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
  // A file path, not the URL's pathname: that keeps %20 for a space and is /C:/… on Windows.
  const path = fileURLToPath(entry);
  const result = await build({
    entryPoints: [path],
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
  if (/<\/script/i.test(text)) throw new Error(`page-build: ${path} has "</script" in its output`);
  return text;
}
