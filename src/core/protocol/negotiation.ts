/**
 * Laravel's `$request->expectsJson()`: decides between JSON errors and HTML pages / the login
 * redirect. The most preferred type in `Accept` (ordered by q, then position) must contain
 * `/json` or `+json`; or the request is an XMLHttpRequest accepting anything.
 */
export function expectsJson(headers: { get(name: string): string | null }): boolean {
  const acceptable = acceptableContentTypes(headers.get('accept'));
  const first = acceptable[0];
  const ajax = headers.get('x-requested-with') === 'XMLHttpRequest';
  const pjax = (headers.get('x-pjax') ?? '') !== '' && headers.get('x-pjax') !== 'false';
  const acceptsAnything = acceptable.length === 0 || first === '*/*' || first === '*';
  if (ajax && !pjax && acceptsAnything) return true;
  if (first === undefined) return false;
  const lower = first.toLowerCase();
  return lower.includes('/json') || lower.includes('+json');
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
