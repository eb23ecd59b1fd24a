import { describe, expect, it } from 'vitest';
import { fillPage, PAGE_NAMES, pageTemplate } from './page-assets.ts';

// The pages are files (assets/<name>.html, .css, .ts); a clone assembles them on first use.

/** The inline `<script>` elements of a page (not the JSON data, not the ones with a src). */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>\n([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '');
}

describe('the pages, assembled from their files', () => {
  it.each(PAGE_NAMES)('%s: the stylesheet and the compiled script are inlined; only the data placeholders are left', async (name) => {
    const template = await pageTemplate(name);
    expect(template).toMatch(/^<!DOCTYPE html>\n/);
    expect(template).not.toContain(`./${name}.css`);
    expect(template).not.toContain(`./${name}.ts`);
    expect(template).toMatch(/<style>\n[\s\S]+<\/style>/);
    const scripts = inlineScripts(template);
    expect(scripts).toHaveLength(1);
    // JavaScript a browser runs (parsed, not run): the TypeScript is compiled away.
    expect(() => new Function(scripts[0]!)).not.toThrow();
    const placeholders = [...template.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    expect(placeholders).toEqual(name === 'docs' ? ['answeredIn', 'config', 'keyPrefix'] : ['config']);
  });

  it('the gallery script is bundled: what it imports from the sources (the key fingerprint) is inside it', async () => {
    const [script] = inlineScripts(await pageTemplate('gallery'));
    expect(script).toContain('function keyFingerprint(key)');
    expect(script).not.toMatch(/^\s*import /m);
  });
});

describe('fillPage', () => {
  it('puts each value in its placeholder, once, as given', () => {
    expect(fillPage('<b>{{a}}</b><i>{{b}}</i>{{a}}', { a: '$&x', b: '{{a}}' })).toBe('<b>$&x</b><i>{{a}}</i>$&x');
  });

  it('a placeholder without a value, or a value without a placeholder, is a bug in the page', () => {
    expect(() => fillPage('<b>{{a}}</b>', {})).toThrow('the page has {{a}} but no value was given for it');
    expect(() => fillPage('<b>{{a}}</b>', { a: '1', b: '2', c: '3' })).toThrow('the page has no {{b}}, {{c}}');
  });
});
