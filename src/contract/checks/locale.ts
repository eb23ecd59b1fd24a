import type { ContractResponse } from '../client.ts';
import { ensure, ensureEqual, ensureStatus, type ContractContext, type WireList } from '../context.ts';
import type { Check } from './check.ts';
import { ALL_REQUIRED } from './data.ts';

/**
 * The account's language: a Russian account gets the software's Russian validation messages
 * (lang/ru/validation.php) and page arrows, byte for byte; nothing else changes, and neither
 * Accept-Language nor a locale cookie chooses (upstream's auth runs before its locale middleware).
 */

/** JSON as the controllers write it: compact, `/` escaped, non-ASCII as lower-case `\uXXXX` (PHP's json_encode). */
export function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const LABELS = {
  ru: { previous: '&laquo; Назад', next: 'Вперёд &raquo;' },
  en: { previous: '&laquo; Previous', next: 'Next &raquo;' },
} as const;

const N129 = 'x'.repeat(129);
const VALID = { name: 'n', description: 'd', resolution: '256x256' };

/** A Russian account's answer to a store with none of the three required fields. */
const RU_ALL_REQUIRED = {
  name: ['Поле Имя обязательно для заполнения.'],
  description: ['Поле Описание обязательно для заполнения.'],
  resolution: ['Поле resolution обязательно для заполнения.'],
};

/** Store bodies a Russian account gets refused, with the genuine application's `message` object. */
export const RU_STORE_CASES: Array<[what: string, body: Record<string, unknown>, message: Record<string, string[]>]> = [
  ['nothing', {}, RU_ALL_REQUIRED],
  ['a name of 129 characters', { ...VALID, name: N129 }, { name: ['Количество символов в поле Имя не может превышать 128.'] }],
  ['a number as the name', { ...VALID, name: 5 }, { name: ['Поле Имя должно быть строкой.'] }],
  ['a description of 2049 characters', { ...VALID, description: 'd'.repeat(2049) }, { description: ['Количество символов в поле Описание не может превышать 2048.'] }],
  ['an unknown resolution', { ...VALID, resolution: '1x1' }, { resolution: ['Выбранное значение для resolution ошибочно.'] }],
  ['an unknown style', { ...VALID, style: 'bad' }, { style: ['Выбранное значение для style ошибочно.'] }],
  ['variations "abc"', { ...VALID, variations: 'abc' }, { variations: ['Поле variations должно быть целым числом.', 'Выбранное значение для variations ошибочно.'] }],
];

/** Update bodies a Russian account gets refused (validation comes before the lookup). */
export const RU_UPDATE_CASES: Array<[what: string, body: Record<string, unknown>, message: Record<string, string[]>]> = [
  ['favorite "abc"', { favorite: 'abc' }, { favorite: ['Поле favorite должно быть целым числом.', 'Поле favorite должно быть между 0 и 1.'] }],
  ['favorite 5', { favorite: 5 }, { favorite: ['Поле favorite должно быть между 0 и 1.'] }],
  ['an empty name', { name: '' }, { name: ['Поле Имя обязательно для заполнения.'] }],
  ['a name of 129 characters', { name: N129 }, { name: ['Количество символов в поле Имя не может превышать 128.'] }],
];

/** The answer is exactly `{"message":…,"status":422}` as upstream writes it, and says nothing of its language. */
function ensureRefusedWith(response: ContractResponse, message: Record<string, string[]>, what: string): void {
  ensureStatus(response, 422);
  ensureEqual(response.json, { message, status: 422 }, `${response.label} (${what}) body`);
  const expected = phpJson({ message, status: 422 });
  ensure(response.text === expected, `${response.label} (${what}): the body is not written as upstream writes it (compact, non-ASCII \\u-escaped in lower case): expected ${expected.slice(0, 200)}…, got ${response.text.slice(0, 200)}…`);
  ensureEqual(response.header('content-language'), undefined, `${response.label} Content-Language`);
}

/** The arrows of a list page (and that it has no Content-Language). */
async function pageArrows(ctx: ContractContext, key: string, headers: Record<string, string> = {}): Promise<{ response: ContractResponse; labels: [string, string] }> {
  const response = await ctx.client.api('GET', '/images?per_page=10&page=2', { headers: { ...ctx.auth(key), ...headers } });
  ensureStatus(response, 200);
  ensureEqual(response.header('content-language'), undefined, `${response.label} Content-Language`);
  const links = (response.json as WireList).meta.links;
  const pages = links.slice(1, -1);
  ensure(pages.every((l) => /^\d+$/.test(l.label) || l.label === '...'), `${response.label} meta.links page labels: ${JSON.stringify(pages.map((l) => l.label))}`);
  return { response, labels: [links[0]?.label ?? '', links.at(-1)?.label ?? ''] };
}

export const localeChecks: Check[] = [
  {
    name: "locale: a Russian account's store is refused in the software's Russian messages, \\u-escaped, without Content-Language",
    needsKeyRu: true,
    negative: true,
    // A correct server creates nothing here; a broken one might.
    writes: true,
    async run(ctx) {
      for (const [what, body, message] of RU_STORE_CASES) {
        const response = await ctx.client.api('POST', '/images', { headers: ctx.auth(ctx.config.keyRu), json: body });
        ensureRefusedWith(response, message, what);
      }
    },
  },
  {
    name: "locale: a Russian account's update is refused in the software's Russian messages",
    needsKeyRu: true,
    negative: true,
    async run(ctx) {
      for (const [what, body, message] of RU_UPDATE_CASES) {
        const response = await ctx.client.api('PUT', '/images/999999999', { headers: ctx.auth(ctx.config.keyRu), json: body });
        ensureRefusedWith(response, message, what);
      }
    },
  },
  {
    name: `locale: a Russian account's page arrows are "${LABELS.ru.previous}" and "${LABELS.ru.next}" (English: "${LABELS.en.previous}", "${LABELS.en.next}")`,
    needsKeyRu: true,
    async run(ctx) {
      const ru = await pageArrows(ctx, ctx.config.keyRu as string);
      ensureEqual(ru.labels, [LABELS.ru.previous, LABELS.ru.next], `${ru.response.label} (Russian account) arrows`);
      const en = await pageArrows(ctx, ctx.config.key);
      ensureEqual(en.labels, [LABELS.en.previous, LABELS.en.next], `${en.response.label} (English account) arrows`);
    },
  },
  {
    name: 'locale: the account decides the language, never Accept-Language or a locale cookie',
    needsKeyRu: true,
    // An empty store: no server can create an image from nothing, so it runs in read-only mode too.
    negative: true,
    async run(ctx) {
      const keyRu = ctx.config.keyRu as string;
      const store = (key: string, headers: Record<string, string>) =>
        ctx.client.api('POST', '/images', { headers: { ...ctx.auth(key), ...headers }, json: {} });
      ensureRefusedWith(await store(keyRu, { 'Accept-Language': 'en-US,en;q=0.9' }), RU_ALL_REQUIRED, 'Russian account, Accept-Language: en-US');
      const arrows = await pageArrows(ctx, keyRu, { 'Accept-Language': 'en-US,en;q=0.9' });
      ensureEqual(arrows.labels, [LABELS.ru.previous, LABELS.ru.next], `${arrows.response.label} (Russian account, Accept-Language: en-US) arrows`);
      // The bytes too (a validating proxy re-encodes bodies, and this check does not run behind one).
      const { text, label } = arrows.response;
      ensure(/^[\x20-\x7e]*$/.test(text), `${label}: the body is not ASCII (non-ASCII must be \\u-escaped)`);
      ensure(text.includes(`"label":${phpJson(LABELS.ru.previous)}`), `${label}: the arrow is not written ${phpJson(LABELS.ru.previous)}`);
      const russianHints: Array<Record<string, string>> = [{ 'Accept-Language': 'ru-RU,ru;q=0.9' }, { 'Accept-Language': 'ru' }, { Cookie: 'locale=ru' }];
      for (const headers of russianHints) {
        ensureRefusedWith(await store(ctx.config.key, headers), ALL_REQUIRED, `English account, ${JSON.stringify(headers)}`);
      }
    },
  },
];
