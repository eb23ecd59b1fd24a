/**
 * Laravel's `$request->expectsJson()`: decides between JSON errors and HTML pages / the login
 * redirect. The most preferred type in `Accept` (ordered by q, then position) must contain
 * `/json` or `+json`; or the request is an XMLHttpRequest accepting anything.
 */
export function expectsJson(headers: { get(name: string): string | null }): boolean {
  const accept = readAccept(headers.get('accept'));
  const ajax = headers.get('x-requested-with') === 'XMLHttpRequest';
  const pjax = (headers.get('x-pjax') ?? '') !== '' && headers.get('x-pjax') !== 'false';
  if (ajax && !pjax && accept.acceptsAnything) return true;
  return accept.wantsJson;
}

/** What expectsJson needs of one Accept value. */
interface AcceptReading {
  /** No type, or a wildcard (`*`, `*` `/` `*`) first. */
  acceptsAnything: boolean;
  /** The first type names JSON (`/json` or `+json`). */
  wantsJson: boolean;
}

/**
 * Readings of the Accept values seen last: a client sends the same one with every request, and
 * parsing it is most of what negotiation costs. Bounded: cleared when full.
 */
const ACCEPT_READINGS = new Map<string | null, AcceptReading>();
const MAX_ACCEPT_READINGS = 64;

function readAccept(accept: string | null): AcceptReading {
  let reading = ACCEPT_READINGS.get(accept);
  if (reading === undefined) {
    const acceptable = acceptableContentTypes(accept);
    const first = acceptable[0];
    const lower = first?.toLowerCase() ?? '';
    reading = {
      acceptsAnything: acceptable.length === 0 || first === '*/*' || first === '*',
      wantsJson: lower.includes('/json') || lower.includes('+json'),
    };
    if (ACCEPT_READINGS.size >= MAX_ACCEPT_READINGS) ACCEPT_READINGS.clear();
    ACCEPT_READINGS.set(accept, reading);
  }
  return reading;
}

/** Symfony's AcceptHeader: items sorted by q (descending), ties kept in header order. */
export function acceptableContentTypes(accept: string | null): string[] {
  if (accept === null || accept.trim() === '') return [];
  const items = splitOutsideQuotes(accept, ',')
    .map((part, index) => {
      const [value = '', ...params] = splitOutsideQuotes(part, ';').map((s) => s.trim());
      let quality = 1;
      for (const param of params) {
        const [name, raw] = param.split('=').map((s) => s.trim());
        if (name?.toLowerCase() === 'q' && raw !== undefined) {
          const q = Number(raw.replace(/^"|"$/g, ''));
          quality = Number.isFinite(q) ? q : 1;
        }
      }
      return { value, quality, index };
    })
    .filter((item) => item.value !== '');
  items.sort((a, b) => b.quality - a.quality || a.index - b.index);
  return items.map((item) => item.value);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}
