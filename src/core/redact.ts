/** Keys never reach logs or files: `api_token` values in a URL or form body become REDACTED. */
export function redactUrl(url: string): string {
  return url.replace(/((?:^|[?&])api_token(?:%5B[^=&]*%5D|\[[^=&]*\])?=)[^&]*/gi, '$1REDACTED');
}
