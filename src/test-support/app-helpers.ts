import { createApp, type CreateAppOptions } from '../http/app.ts';

/** Keys shaped like real ones (64 letters and digits); the tests' own, not the demo defaults. */
export const KEY = 'TestKeyAlpha0000000000000000000000000000000000000000000000000001';
export const OTHER_KEY = 'TestKeyBravo0000000000000000000000000000000000000000000000000002';
export const NOAPI_KEY = 'TestKeyNoApi0000000000000000000000000000000000000000000000000003';

/** Every request in the tests names this host, so URLs are built on a known origin. */
export const HOST = 'api.test';
export const ORIGIN = `http://${HOST}`;

export type TestApp = ReturnType<typeof createApp>;

/** An app with the tests' keys (one of them without API access) and a small seed. */
export function testApp(options: CreateAppOptions = {}): TestApp {
  return createApp({ keys: [KEY, OTHER_KEY], noApiKeys: [NOAPI_KEY], count: 5, ...options });
}

/** Headers of a request that wants JSON, authenticated with `key` (none when null). */
export function jsonHeaders(key: string | null = KEY, extra: Record<string, string> = {}): Record<string, string> {
  return {
    Host: HOST,
    Accept: 'application/json',
    ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
    ...extra,
  };
}

/** The pretty-printed JSON Laravel's exception handler writes (4 spaces, slashes unescaped). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 4);
}
