import { jpegSize } from '../contract/checks/jpeg.ts';
import { isListBody, listArithmetic } from './list-arithmetic.ts';
import type { Answer, KnownImage } from './types.ts';

/** An answer reduced to what is compared, with what legitimately differs replaced by placeholders. */
export interface NormalAnswer {
  status: number;
  headers: Record<string, string>;
  body:
    | { kind: 'json'; value: unknown; style: JsonStyle; arithmetic: string[] }
    | { kind: 'jpeg'; size: string; declared: string | undefined }
    | { kind: 'other'; type: string; empty: boolean };
}

/** How the JSON text is written (any parser reads both forms the same; clients may still care). */
export interface JsonStyle {
  layout: string;
  slashes: 'escaped' | 'plain' | 'none';
  nonAscii: 'escaped' | 'raw' | 'none';
}

export interface NormaliseContext {
  scope: 'exact' | 'shape';
  /** The images this side knows by slot (created by the run, or listed). */
  known: Map<string, KnownImage>;
  /** The resolution the requested file should have (an image `url`'s image). */
  declared?: string;
}

/**
 * Headers compared; `x-ratelimit-remaining` and friends only by their presence and form (they count
 * each side's own traffic), except the remaining count of a 429, where both enforce.
 */
const COMPARED = /^(content-type|location|allow|vary|cache-control|access-control-.*|x-ratelimit-.*|retry-after)$/;
const COUNTERS: Record<string, [RegExp, string]> = {
  'x-ratelimit-remaining': [/^\d+$/, '<count>'],
  'x-ratelimit-reset': [/^\d+$/, '<unix time>'],
  'retry-after': [/^\d+$/, '<seconds>'],
};

const ORIGIN = /^https?:\/\/[^/\s]+/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/;

export function normalise(answer: Answer, context: NormaliseContext): NormalAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (!COMPARED.test(name)) continue;
    // A 429 comes only from a limit that is enforced: there `X-RateLimit-Remaining` is a value both
    // sides must agree on (0), not a counter of each side's own traffic.
    const counter = name === 'x-ratelimit-remaining' && answer.status === 429 ? undefined : COUNTERS[name];
    headers[name] = counter ? (counter[0].test(value.trim()) ? counter[1] : value) : name === 'location' ? value.replace(ORIGIN, '<origin>') : value;
  }
  return { status: answer.status, headers, body: normaliseBody(answer, context) };
}

function normaliseBody(answer: Answer, context: NormaliseContext): NormalAnswer['body'] {
  const type = (answer.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const size = jpegSize(answer.bytes);
  if (size !== null) return { kind: 'jpeg', size: `${size.width}x${size.height}`, declared: context.declared };
  const text = new TextDecoder().decode(answer.bytes);
  if (/[/+]json$/.test(type) && text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { kind: 'other', type: `${type} (not valid JSON)`, empty: false };
    }
    const value = context.scope === 'shape' ? shapeOf(placeholders(parsed, context, ''), '') : placeholders(parsed, context, '');
    return { kind: 'json', value, style: jsonStyle(text), arithmetic: isListBody(parsed) ? listArithmetic(parsed) : [] };
  }
  return { kind: 'other', type: type === '' ? '(none)' : type, empty: answer.bytes.length === 0 };
}

/** Origins, uuids, timestamps and the ids of known images replaced by placeholders. */
function placeholders(value: unknown, context: NormaliseContext, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => placeholders(item, context, ''));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v, context, k)]));
  }
  if (typeof value === 'number' && key === 'id') {
    for (const [slot, image] of context.known) if (image.id === value) return `<id of ${slot}>`;
    return value;
  }
  if (typeof value !== 'string') return value;
  if ((key === 'created_at' || key === 'updated_at') && TIMESTAMP.test(value)) return '<timestamp>';
  return value.replace(ORIGIN, '<origin>').replace(UUID, (uuid) => {
    for (const [slot, image] of context.known) if (image.uuid === uuid.toLowerCase()) return `<uuid of ${slot}>`;
    return '<uuid>';
  });
}

const NULLABLE = new Set(['style', 'medium', 'filter']);

/**
 * The data-independent part of an answer: an image becomes its key order and value types, a list
 * keeps its links and meta with the data-dependent numbers replaced (their arithmetic is
 * checked separately), everything else (messages, statuses) stays as it is.
 */
function shapeOf(value: unknown, key: string): unknown {
  if (isImage(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NULLABLE.has(k) && (v === null || typeof v === 'string') ? '<string or null>' : typeLabel(v)]));
  }
  if (isListBody(value)) {
    const shapes = [...new Set(value.data.map((item) => JSON.stringify(shapeOf(item, ''))))].sort();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => {
      if (k === 'data') return [k, { $items: shapes }];
      if (k === 'links') return [k, mapKeys(v, { last: pageless, next: () => '<next page or null>' })];
      if (k === 'meta') {
        return [k, mapKeys(v, {
          from: () => '<number or null>', to: () => '<number or null>', total: () => '<number>', last_page: () => '<number>',
          links: (links) => Array.isArray(links) && links.length >= 2
            ? [links[0], '<page window>', mapKeys(links.at(-1), { url: () => '<next page or null>' })]
            : links,
        })];
      }
      return [k, v];
    }));
  }
  if (key === 'id' && typeof value === 'string' && value.startsWith('<id of ')) return '<integer>';
  if (Array.isArray(value)) return value.map((item) => shapeOf(item, ''));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v, k)]));
  if (key === 'id' && typeof value === 'number') return typeLabel(value);
  return value;
}

function isImage(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value && 'name' in value && 'resolution' in value;
}

function typeLabel(value: unknown): string {
  if (typeof value === 'string') return value.startsWith('<') ? value.replace(/^<id of [^>]+>$/, '<integer>').replace(/<uuid of [^>]+>/g, '<uuid>') : '<string>';
  if (value === null) return '<null>';
  if (typeof value === 'number') return Number.isInteger(value) ? '<integer>' : '<number>';
  if (Array.isArray(value)) return '<array>';
  return `<${typeof value}>`;
}

function pageless(url: unknown): unknown {
  return typeof url === 'string' ? url.replace(/([?&]page=)\d+$/, '$1<last page>') : url;
}

function mapKeys(value: unknown, edits: Record<string, (v: unknown) => unknown>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, edits[k] ? edits[k](v) : v]));
}

export function jsonStyle(text: string): JsonStyle {
  const indent = /\n( +)"/.exec(text)?.[1]?.length;
  const escapedNonAscii = /\\u([0-9a-fA-F]{4})/g;
  let hasEscaped = false;
  for (const match of text.matchAll(escapedNonAscii)) if (parseInt(match[1] as string, 16) >= 0x80) hasEscaped = true;
  return {
    layout: text.includes('\n') ? `pretty${indent === undefined ? '' : `, ${indent}-space indent`}` : 'compact',
    slashes: text.includes('\\/') ? 'escaped' : text.includes('/') ? 'plain' : 'none',
    // eslint-disable-next-line no-control-regex
    nonAscii: hasEscaped ? 'escaped' : /[^\u0000-\u007f]/.test(text) ? 'raw' : 'none',
  };
}
