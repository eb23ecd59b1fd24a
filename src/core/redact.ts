/**
 * Keys never reach logs or files: `api_token` values in a URL, and an account named by its key in
 * the admin API (`/__admin/accounts/<key>`; a number stays), become REDACTED.
 */
export function redactUrl(url: string): string {
  // Every logged request passes here: most have nothing to redact.
  if (!/api_token/i.test(url) && !url.startsWith('/__admin/accounts/')) return url;
  return url
    .replace(/((?:^|[?&])api_token(?:%5B[^=&]*%5D|\[[^=&]*\])?=)[^&]*/gi, '$1REDACTED')
    .replace(/^(\/__admin\/accounts\/)(?!\d+(?:[?#]|$))[^/?#]+/, '$1REDACTED');
}

/** Request headers as logs and the journal may keep them: credentials replaced by REDACTED. */
export function redactHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const scheme = /^\s*(\S+)\s/.exec(value)?.[1];
      const bearer = value.lastIndexOf('Bearer ');
      result[lower] = bearer !== -1 ? `${value.slice(0, bearer)}Bearer REDACTED` : scheme ? `${scheme} REDACTED` : 'REDACTED';
    } else if (lower === 'cookie') {
      result[lower] = 'REDACTED';
    } else {
      result[lower] = value;
    }
  }
  return result;
}

/** A request body as logs and the journal may keep it: `api_token` values replaced by REDACTED. */
export function redactBodyText(text: string): string {
  return text
    .replace(/("api_token"\s*:\s*)"(?:[^"\\]|\\.)*"/g, '$1"REDACTED"')
    .replace(/((?:^|&)api_token(?:%5B[^=&]*%5D|\[[^=&]*\])?=)[^&]*/gi, '$1REDACTED')
    .replace(/(name="api_token[^"]*"\r\n(?:[^\r\n]+\r\n)*\r\n)[^\r\n]*/g, '$1REDACTED');
}
