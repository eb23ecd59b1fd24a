import { encodeControllerJson, encodeFrameworkJson } from '../php/json.ts';

/** A response as the core produces it; adapters (Express, MSW) write it out unchanged. */
export interface ApiResponse {
  status: number;
  /** In the order they are sent; a name may repeat (X-Mock-Warning). */
  headers: Array<[string, string]>;
  body: string | Uint8Array | null;
  /**
   * A text body's UTF-8, when the core keeps it ready (cached pages). It counts only while `body`
   * is still that very text: whoever rewrites `body` need not know about it (see `bodyToSend`).
   */
  encoded?: { text: string; bytes: Uint8Array };
}

/** What to write: the ready UTF-8 of the body when it is still current, else the body itself. */
export function bodyToSend(response: ApiResponse): string | Uint8Array | null {
  const { encoded, body } = response;
  return encoded !== undefined && encoded.text === body ? encoded.bytes : body;
}

export const JSON_TYPE = 'application/json';
export const HTML_TYPE = 'text/html; charset=UTF-8';

/** A controller's JSON answer: compact, `\/` and `\uXXXX` escaped (`response()->json()`). */
export function controllerJson(status: number, body: unknown): ApiResponse {
  return { status, headers: [['Content-Type', JSON_TYPE]], body: encodeControllerJson(body) };
}

/** A controller's JSON answer already encoded as `controllerJson` would encode it (and its UTF-8, if ready). */
export function encodedControllerJson(status: number, json: string, bytes?: Uint8Array): ApiResponse {
  const response: ApiResponse = { status, headers: [['Content-Type', JSON_TYPE]], body: json };
  if (bytes !== undefined) response.encoded = { text: json, bytes };
  return response;
}

/** A framework error's JSON answer: pretty-printed, slashes unescaped. */
export function frameworkJson(status: number, body: unknown): ApiResponse {
  return { status, headers: [['Content-Type', JSON_TYPE]], body: encodeFrameworkJson(body) };
}

export function html(status: number, body: string): ApiResponse {
  return { status, headers: [['Content-Type', HTML_TYPE]], body };
}
