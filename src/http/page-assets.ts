import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The pages made from assets/<name>.html, .css and .ts. */
export const PAGE_NAMES = ['gallery', 'docs'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** Where `npm run build` writes the assembled pages in dist/ (a clone has none: see pageTemplate). */
const BUILT_PAGES = new URL('./assets/pages.js', import.meta.url);
/** Where they are assembled from in a clone; not in the package, so dist/ never imports esbuild. */
const PAGE_BUILD = new URL('./page-build.ts', import.meta.url);

/** What page-build.ts exports: every page, assembled. */
export type PageBuilder = () => Promise<Record<PageName, string>>;

// The assembled pages are constants of this package: made once per process.
let templates: Promise<Readonly<Record<PageName, string>>> | undefined;

/**
 * A page's HTML with its stylesheet and its compiled script inlined, still holding its
 * `{{placeholders}}` (fill them with {@link fillPage}). The installed package reads the pages
 * `npm run build` assembled (dist/src/http/assets/pages.js); a clone, which runs the TypeScript
 * sources without a build, assembles them from src/http/assets on first use (page-build.ts, with
 * esbuild from the devDependencies), so an edited page shows on the next start.
 */
export async function pageTemplate(name: PageName): Promise<string> {
  // A failed load is not kept: the next request tries again (after the page is fixed, say).
  templates ??= loadTemplates().catch((error: unknown) => {
    templates = undefined;
    throw error;
  });
  return (await templates)[name];
}

async function loadTemplates(): Promise<Readonly<Record<PageName, string>>> {
  if (existsSync(fileURLToPath(BUILT_PAGES))) {
    return ((await import(BUILT_PAGES.href)) as { PAGES: Record<PageName, string> }).PAGES;
  }
  if (!existsSync(fileURLToPath(PAGE_BUILD))) {
    throw new Error(`the pages are missing: neither ${fileURLToPath(BUILT_PAGES)} nor its sources exist; run "npm run build"`);
  }
  // Typed by hand: a type import of that module would make tsc compile it into dist/ too.
  const { buildPages } = (await import(PAGE_BUILD.href)) as { buildPages: PageBuilder };
  return buildPages();
}

/**
 * Puts the server's values into a page: each `{{name}}` becomes `values[name]`, which the caller
 * has already escaped for where it goes (HTML text, or JSON inside a `<script>`). The values go
 * in as data, never into the script's text. A placeholder without a value, or a value without a
 * placeholder, is a bug in the page and throws.
 */
export function fillPage(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const page = template.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the page has {{${name}}} but no value was given for it`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`the page has no {{${unused.join('}}, {{')}}}`);
  return page;
}
