import { CATALOGS } from './catalogs.ts';

/** Per installed catalog: its validation lines as patterns and its two page arrows. */
const SIGNS = Object.entries(CATALOGS).map(([locale, catalog]) => ({
  locale,
  // `:attribute`, `:max`, `:min` stand for any text; the rest of the line is literal.
  messages: Object.values(catalog.validation).map((line) =>
    new RegExp(`^${line.split(/:[a-z]+/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's')),
  labels: new Set([catalog.pagination.previous, catalog.pagination.next]),
}));

/**
 * The locale an API answer shows: the language of its validation messages (the software's
 * `lang/<code>/validation.php`) or of the arrows of a list's `meta.links` (`pagination.php`);
 * `null` when it shows neither. The site's own strings ("Resource not found.", the quota message)
 * say nothing: they stay English for a Russian account unless the site translates them
 * (BEHAVIOUR.md "Locale").
 *
 * @example
 * localeShownBy('{"message":{"name":["The name field is required."]},"status":422}'); // 'en'
 * localeShownBy('{"message":"Resource not found.","status":404}');                    // null
 */
export function localeShownBy(body: string): string | null {
  if (!body.startsWith('{')) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const { messages, labels } = localeSensitiveStrings(value);
  for (const sign of SIGNS) {
    if (labels.some((label) => sign.labels.has(label))) return sign.locale;
    if (messages.some((message) => sign.messages.some((pattern) => pattern.test(message)))) return sign.locale;
  }
  return null;
}

/** A 422's messages (`message.<field>[]`) and the first and last labels of a list's `meta.links`. */
function localeSensitiveStrings(value: unknown): { messages: string[]; labels: string[] } {
  const body = (typeof value === 'object' && value !== null ? value : {}) as { message?: unknown; meta?: { links?: unknown } };
  const messages: string[] = [];
  if (typeof body.message === 'object' && body.message !== null) {
    for (const list of Object.values(body.message)) {
      if (Array.isArray(list)) messages.push(...list.filter((m): m is string => typeof m === 'string'));
    }
  }
  const links = Array.isArray(body.meta?.links) ? (body.meta.links as unknown[]) : [];
  const labels = [links[0], links.at(-1)]
    .map((link) => (link as { label?: unknown } | undefined)?.label)
    .filter((label): label is string => typeof label === 'string');
  return { messages, labels };
}
