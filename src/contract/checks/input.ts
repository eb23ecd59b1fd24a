import { ensure, ensureEqual, ensureStatus, type WireImage } from '../context.ts';
import type { Check } from './check.ts';
import { ALL_REQUIRED as REQUIRED, runTag } from './data.ts';

/**
 * Removed at both ends of every input string, measured one by one on the genuine application:
 * PCRE's `\s` in Unicode mode plus U+200B and U+FEFF. (JavaScript's `\s` lacks U+0085 and U+180E.)
 */
export const TRIMMED: readonly string[] = [
  '\t', '\n', '\u000b', '\f', '\r', ' ', '\u0085', '\u00a0', '\u1680', '\u180e',
  '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a',
  '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
];

/** Look like white space but are kept at the ends (measured). */
export const KEPT: readonly string[] = ['\u200c', '\u200d', '\u2060'];

/** A string as upstream's TrimStrings leaves it. */
export function upstreamTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && TRIMMED.includes(text[start] as string)) start++;
  while (end > start && TRIMMED.includes(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

/** `U+0085` for naming a character in a message. */
export const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A string for a message, quoted, with `"` and every character outside printable ASCII as `\uXXXX`. */
export const visible = (text: string) => `"${text.replace(/[^\x20-\x7e]|"/g, (char) => `\\u${codePoint(char).slice(2).toLowerCase()}`)}"`;

/**
 * A JSON store body of `fields` plus an array `extra` nested so that the whole body is `levels`
 * deep, the outer object counting as 1 (as PHP's json_decode counts: depth 512 is refused).
 */
export function nestedStoreBody(fields: Record<string, string>, levels: number): string {
  const inner = levels - 1;
  return `${JSON.stringify(fields).slice(0, -1)},"extra":${'['.repeat(inner)}${']'.repeat(inner)}}`;
}

/** A form body: `padding` dummy variables, then `fields`. */
export function paddedForm(padding: number, fields: Record<string, string>): string {
  const dummies = Array.from({ length: padding }, (_, i) => `pad${i}=${i}`);
  return [...dummies, new URLSearchParams(fields).toString()].join('&');
}

export const inputChecks: Check[] = [
  {
    name: 'input: store and update trim the name at both ends (U+0085, U+00A0, U+180E, U+3000, U+FEFF… removed; U+200C, U+200D, U+2060 kept)',
    writes: true,
    async run(ctx) {
      const ends = TRIMMED.join('');
      const tag = runTag();
      const [zwnj, zwj, wordJoiner] = KEPT as [string, string, string];
      const created = await ctx.create({ name: `${ends}${zwnj}${tag} trimmed${zwj}${wordJoiner}${ends}`, description: `${ends}trimmed too${ends}`, resolution: '256x256' });
      const kept = `${zwnj}${tag} trimmed${zwj}${wordJoiner}`;
      ensure(created.name === kept, `the image created with every trimmed character around its name is named ${visible(created.name)}, expected ${visible(kept)}`);
      const renamed = await ctx.client.api('PUT', `/images/${created.id}`, { headers: ctx.auth(), json: { name: `${ends}${tag} renamed${ends}` } });
      ensureStatus(renamed, 200);
      const name = (renamed.json as { data: WireImage }).data.name;
      ensure(name === `${tag} renamed`, `${renamed.label} answered the name ${visible(name)}, expected ${visible(`${tag} renamed`)}`);
      ensureStatus(await ctx.remove(created.id), 200);
    },
  },
  {
    name: 'input: every string is trimmed before validation (" 512x512\\u3000" is a valid resolution, "\\u00a01\\u3000" a valid favorite)',
    negative: true,
    writes: true,
    async run(ctx) {
      const created = await ctx.create({ name: `${runTag()} padded fields`, description: 'padded', resolution: ' 512x512\u3000', style: '\u3000anime\u00a0' });
      ensureEqual([created.resolution, created.style], ['512x512', 'anime'], 'resolution and style of the created image');
      const favourited = await ctx.client.api('PATCH', `/images/${created.id}`, { headers: ctx.auth(), form: { favorite: '\u00a01\u3000' } });
      ensureStatus(favourited, 200);
      ensureEqual((favourited.json as { data: WireImage }).data.favorite, true, `${favourited.label} favorite`);
      ensureStatus(await ctx.remove(created.id), 200);
    },
  },
  {
    name: 'input: a name of only trimmed characters, or of U+0000 (PHP\'s trim() in required), is required-missing on store and update',
    negative: true,
    // A correct server creates nothing here; one that does not trim would.
    writes: true,
    async run(ctx) {
      const valid = { description: 'never created', resolution: '256x256' };
      for (const name of [TRIMMED.join(''), '\u0000', ' \u0000 ']) {
        const response = await ctx.client.api('POST', '/images', { headers: ctx.auth(), json: { ...valid, name } });
        if (response.status === 201) ctx.track((response.json as { data: WireImage }).data.id);
        ensureEqual([response.status, response.json], [422, { message: { name: REQUIRED.name }, status: 422 }],
          `${response.label} with the name ${visible(name)}`);
      }
      // Validation comes before the lookup: a missing id shows the rule without touching anything.
      for (const char of [...TRIMMED, '\u0000']) {
        const response = await ctx.client.api('PATCH', '/images/999999999', { headers: ctx.auth(), json: { name: char.repeat(2) } });
        ensureEqual([response.status, response.json], [422, { message: { name: REQUIRED.name }, status: 422 }],
          `${response.label} with a name of only ${codePoint(char)}`);
      }
    },
  },
  {
    name: "input: a JSON body nested 511 levels is read; 512 levels or more (PHP's json_decode limit) is no body at all",
    negative: true,
    writes: true,
    async run(ctx) {
      const fields = { name: `${runTag()} deep`, description: 'a nested body', resolution: '256x256' };
      const send = (levels: number) => ctx.client.api('POST', '/images', {
        headers: { ...ctx.auth(), 'Content-Type': 'application/json' }, raw: nestedStoreBody(fields, levels),
      });
      const accepted = await send(511);
      ensureStatus(accepted, 201);
      const image = (accepted.json as { data: WireImage }).data;
      ctx.track(image.id);
      ensureEqual(image.name, fields.name, `${accepted.label} (511 levels) name`);
      ensureStatus(await ctx.remove(image.id), 200);
      for (const levels of [512, 20_000]) {
        const refused = await send(levels);
        if (refused.status === 201) ctx.track((refused.json as { data: WireImage }).data.id);
        ensureEqual([refused.status, refused.json], [422, { message: REQUIRED, status: 422 }], `${refused.label} with valid fields in a body ${levels} levels deep`);
      }
    },
  },
  {
    name: 'input: a POST form keeps its first 1001 variables (max_input_vars) and drops the rest silently',
    negative: true,
    writes: true,
    async run(ctx) {
      const fields = { name: `${runTag()} many fields`, description: 'a crowded form', resolution: '256x256' };
      const send = (padding: number) => ctx.client.api('POST', '/images', { headers: ctx.auth(), form: paddedForm(padding, fields) });
      const kept = await send(998);
      ensureStatus(kept, 201);
      const image = (kept.json as { data: WireImage }).data;
      ctx.track(image.id);
      ensureEqual(image.name, fields.name, `${kept.label} (998 dummy variables, then name, description, resolution) name`);
      ensureStatus(await ctx.remove(image.id), 200);
      for (const [padding, message] of [[999, { resolution: REQUIRED.resolution }], [1500, REQUIRED]] as const) {
        const refused = await send(padding);
        if (refused.status === 201) ctx.track((refused.json as { data: WireImage }).data.id);
        ensureEqual([refused.status, refused.json], [422, { message, status: 422 }], `${refused.label} with ${padding} dummy variables before name, description, resolution`);
      }
    },
  },
];
