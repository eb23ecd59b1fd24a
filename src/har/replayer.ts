import { renderImageJpeg } from '../core/render/index.ts';
import type { Filter, Medium, Resolution, Style } from '../core/images/enums.ts';
import { checkLocaleCode } from '../core/locale/translator.ts';
import { expectsJson } from '../core/protocol/negotiation.ts';
import { answerLocale, credentialOf, recordedAccounts, type RecordedAccount } from './accounts.ts';
import { safeDecode } from './redact.ts';
import { responseBytes, type Har, type HarEntry } from './har.ts';

/** A request as the replayer matches it (web-standard types, so MSW can use it too). */
export interface ReplayRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: { get(name: string): string | null };
  body: Uint8Array | null;
  /** The origin the client used: recorded URLs in bodies are rebased onto it. */
  origin: string;
}

export interface ReplayResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
  /** Which recorded entry answered (its index), or why none did. */
  source: { entry: number } | { unmatched: true } | { rendered: true };
}

export interface ReplayOptions {
  /**
   * Rewrite the recorded origin(s) in bodies and Location headers to the origin the client used,
   * so that links and image URLs lead back to the replayer (default true; false = exact bytes).
   */
  rebaseUrls?: boolean;
  /** Answers requests no recording matches (e.g. the fake's handler); default: a 404 that explains. */
  fallback?: (request: ReplayRequest) => Promise<ReplayResponse>;
  /**
   * The language a client whose key is not in the recording plays (`ru`): its requests get only
   * answers of the recorded accounts in that language, or answers that show none (a 404, an
   * image). Default: the language of the first recorded account its requests match.
   */
  locale?: string;
  /**
   * Per client key, the language that client plays: overrides `locale`, and for a recorded key the
   * language of its own account where its own recordings lack a request (they are still served).
   */
  userLocales?: Readonly<Record<string, string>>;
}

interface Recorded extends Described {
  index: number;
  entry: HarEntry;
  /** The language the recorded answer shows, or null. */
  shown: string | null;
}

/** Which recorded account a client plays, and in which language. */
interface ClientAccount {
  /** The recorded account (identity) it is: its own key's, or the one it was bound to; null if none yet. */
  account: string | null;
  locale: string | null;
  /** Why it plays that account and language, for the 404 that explains a miss. */
  why: string;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);
const IGNORED_QUERY = /^api_token(\[.*\])?$/i;

/**
 * Serves the exchanges of a HAR file. A request matches a recording with the same method, path,
 * query (in any order, `api_token` ignored), body (JSON compared as data, forms as pairs), and the
 * same shape of credentials and Accept (so 401, 302 and 200 answers stay apart). Identical requests
 * get the recorded answers in order, then the last one again. Image files that were not recorded are
 * drawn by the fake's renderer from what the recorded JSON says about them.
 *
 * Accounts: a request made with a recorded key gets that key's recordings. A client whose key was
 * not recorded (or not for this request) plays one recorded account: the first one its requests
 * match, then that one first; and it never gets an answer in another language than that account's
 * (or `locale`'s) — an English client sees no Russian validation message and vice versa.
 */
export class HarReplayer {
  private readonly byKey = new Map<string, Recorded[]>();
  private readonly byLooseKey = new Map<string, Recorded[]>();
  private readonly served = new Map<string, number>();
  private readonly recorded: Recorded[];
  private readonly origins: string[];
  private readonly knownImages = new Map<string, { resolution: Resolution; style: Style | null; medium: Medium | null; filter: Filter | null }>();
  private readonly accountsById: Map<string, RecordedAccount>;
  /** Client key fingerprint → the recorded account it plays since its first loose match. */
  private readonly bindings = new Map<string, string>();
  /** Client key fingerprint → the language `userLocales` gives it. */
  private readonly clientLocales = new Map<string, string>();

  constructor(har: Har, private readonly options: ReplayOptions = {}) {
    this.recorded = har.log.entries.map((entry, index) => describeRecorded(entry, index));
    this.accountsById = recordedAccounts(har);
    for (const [key, locale] of Object.entries(options.userLocales ?? {})) this.clientLocales.set(credentialOf(`Bearer ${key}`, '').identity, locale);
    this.checkLocales();
    for (const recorded of this.recorded) {
      for (const [index, key] of [[this.byKey, recorded.key], [this.byLooseKey, recorded.looseKey]] as const) {
        const list = index.get(key) ?? [];
        list.push(recorded);
        index.set(key, list);
      }
      this.indexImages(recorded.entry);
    }
    this.origins = [...new Set(har.log.entries.map((e) => safeOrigin(e.request.url)).filter((o): o is string => o !== null))];
  }

  /** How many recorded exchanges there are. */
  get size(): number {
    return this.recorded.length;
  }

  /** The recorded accounts (by their redacted credential) and the language their answers show. */
  get accounts(): RecordedAccount[] {
    return [...this.accountsById.values()];
  }

  async handle(request: ReplayRequest): Promise<ReplayResponse> {
    const incoming = describeIncoming(request);
    // Recordings made with the client's own key first, then those of the account it plays.
    const exact = this.byKey.get(incoming.key);
    if (exact && exact.length > 0) return this.answer(this.next(incoming.key, exact), request.origin);
    const loose = this.byLooseKey.get(incoming.looseKey) ?? [];
    const client = this.client(incoming.identity);
    const sequence = this.looseSequence(loose, client);
    if (sequence.length > 0) {
      const account = (sequence[0] as Recorded).identity;
      if (client.account === null && incoming.identity !== '' && account !== '') this.bindings.set(incoming.identity, account);
      return this.answer(this.next(`loose:${account}:${incoming.looseKey}`, sequence), request.origin);
    }
    const image = this.renderUnrecordedImage(request);
    if (image) return image;
    if (this.options.fallback) return this.options.fallback(request);
    return this.unmatched(request, incoming, client, loose);
  }

  /** Forgets how many times each request was served, and which account each client played. */
  reset(): void {
    this.served.clear();
    this.bindings.clear();
  }

  /** The next of a sequence of identical recordings (then the last again). */
  private next(servedKey: string, sequence: Recorded[]): Recorded {
    const count = this.served.get(servedKey) ?? 0;
    this.served.set(servedKey, count + 1);
    return sequence[Math.min(count, sequence.length - 1)] as Recorded;
  }

  /** Which account a client plays and in which language (see the class comment). */
  private client(identity: string): ClientAccount {
    const given = this.clientLocales.get(identity);
    const own = identity !== '' && this.accountsById.has(identity) ? identity : undefined;
    const account = own ?? this.bindings.get(identity) ?? null;
    const accountLocale = account === null ? null : (this.accountsById.get(account)?.locale ?? null);
    const name = account === null ? '' : (this.accountsById.get(account)?.name ?? '');
    if (given !== undefined) return { account, locale: given, why: `userLocales gives this client's key ${given}` };
    if (accountLocale !== null) {
      return { account, locale: accountLocale, why: own ? `its key is the recorded account ${name} (${accountLocale})` : `it plays the recorded account ${name} (${accountLocale}) since its first request matched that account's recording` };
    }
    if (this.options.locale !== undefined) return { account, locale: this.options.locale, why: `the replay's locale is ${this.options.locale}` };
    return { account, locale: null, why: account === null ? 'it plays no recorded account yet' : `it plays the recorded account ${name}, whose language no answer shows` };
  }

  /**
   * Of the recordings of a request by any account: those of one account, in order — the account the
   * client plays, else one in the client's language, else any — leaving out answers in another
   * language than the client's.
   */
  private looseSequence(candidates: Recorded[], client: ClientAccount): Recorded[] {
    const fitting = candidates.filter((c) => client.locale === null || c.shown === null || c.shown === client.locale);
    const rank = (c: Recorded) => (client.account !== null && c.identity === client.account ? 0
      : client.locale !== null && this.accountsById.get(c.identity)?.locale === client.locale ? 1 : 2);
    const best = fitting.reduce<Recorded | undefined>((chosen, c) => (chosen === undefined || rank(c) < rank(chosen) ? c : chosen), undefined);
    return best === undefined ? [] : fitting.filter((c) => c.identity === best.identity);
  }

  /** `REDACTED-1a2b (ru)`: a recorded account and its language. */
  private describeAccount(identity: string): string {
    if (identity === '') return 'no key';
    const account = this.accountsById.get(identity);
    return `${account?.name ?? identity} (${account?.locale ?? 'language not shown'})`;
  }

  /** `locale` and `userLocales` must be locale codes some recorded answer shows. */
  private checkLocales(): void {
    const shown = new Set([...this.recorded.map((r) => r.shown), ...this.accounts.map((a) => a.locale)].filter((l): l is string => l !== null));
    for (const [option, locale] of [['locale', this.options.locale], ...Object.values(this.options.userLocales ?? {}).map((l) => ['userLocales', l])] as const) {
      if (locale === undefined) continue;
      checkLocaleCode(locale, option);
      if (!shown.has(locale)) {
        throw new RangeError(`${option}: no recorded answer is in ${locale} (${shown.size === 0 ? 'no answer of the recording shows a language' : `the recording's answers are in ${[...shown].sort().join(', ')}`}).`);
      }
    }
  }

  private answer(recorded: Recorded, origin: string): ReplayResponse {
    const { response } = recorded.entry;
    const rebase = this.options.rebaseUrls !== false;
    let body = responseBytes(response);
    if (rebase && response.content.encoding !== 'base64') body = new TextEncoder().encode(this.rebase(new TextDecoder().decode(body), origin));
    const headers = response.headers
      .filter((h) => !HOP_BY_HOP.has(h.name.toLowerCase()))
      .map((h): [string, string] => [h.name, rebase && h.name.toLowerCase() === 'location' ? this.rebase(h.value, origin) : h.value]);
    return { status: response.status, headers, body, source: { entry: recorded.index } };
  }

  private rebase(text: string, origin: string): string {
    let result = text;
    for (const recordedOrigin of this.origins) {
      if (recordedOrigin === origin) continue;
      result = result.split(recordedOrigin).join(origin);
      // PHP's json_encode writes "http:\/\/host".
      result = result.split(recordedOrigin.replace(/\//g, '\\/')).join(origin.replace(/\//g, '\\/'));
    }
    return result;
  }

  private indexImages(entry: HarEntry): void {
    if (!/json/.test(entry.response.content.mimeType) || !entry.response.content.text) return;
    let body: unknown;
    try {
      body = JSON.parse(entry.response.content.text);
    } catch {
      return;
    }
    const data = (body as { data?: unknown } | null)?.data;
    for (const item of Array.isArray(data) ? data : [data]) {
      const image = item as { result?: unknown; resolution?: Resolution; style?: Style | null; medium?: Medium | null; filter?: Filter | null } | null;
      if (typeof image?.result === 'string' && typeof image.resolution === 'string') {
        this.knownImages.set(image.result, { resolution: image.resolution, style: image.style ?? null, medium: image.medium ?? null, filter: image.filter ?? null });
      }
    }
  }

  private renderUnrecordedImage(request: ReplayRequest): ReplayResponse | null {
    const file = /^\/uploads\/users\/images\/([^/?]+)$/.exec(request.url)?.[1];
    const image = file === undefined ? undefined : this.knownImages.get(decodeURIComponent(file));
    if (!image || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
    const body = renderImageJpeg({ seed: decodeURIComponent(file as string), ...image });
    return { status: 200, headers: [['content-type', 'image/jpeg']], body: request.method === 'HEAD' ? new Uint8Array() : body, source: { rendered: true } };
  }

  private unmatched(request: ReplayRequest, incoming: Described, client: ClientAccount, sameRequest: Recorded[]): ReplayResponse {
    const closest = this.recorded
      .map((recorded) => ({ recorded, differences: differences(incoming, recorded) }))
      .sort((a, b) => a.differences.length - b.differences.length || a.recorded.index - b.recorded.index)
      .slice(0, 3)
      .map(({ recorded, differences: diff }) => ({
        entry: recorded.index, request: recorded.description,
        ...(recorded.identity === '' ? {} : { account: this.describeAccount(recorded.identity) }),
        differences: diff,
      }));
    // Recorded, but only in another language than the client's: say so.
    const languages = [...new Set(sameRequest.map((r) => r.shown))].filter((l): l is string => l !== null);
    const body = sameRequest.length > 0 && client.locale !== null ? {
      message: `No recorded exchange in ${client.locale} matches ${incoming.description}: it was recorded only for ${[...new Set(sameRequest.map((r) => this.describeAccount(r.identity)))].join(', ')}, answered in ${languages.join(', ')}.`,
      hint: `This client plays an account in ${client.locale}: ${client.why}. Record this request with an account in ${client.locale}, or replay with another locale.`,
      client: { key: incoming.credential, locale: client.locale },
      closest,
      status: 404,
    } : {
      message: `No recorded exchange matches ${incoming.description}.`,
      hint: 'Record this request too, or start the replayer with the fake as fallback (--fallback fake).',
      closest,
      status: 404,
    };
    return {
      status: 404,
      headers: [['content-type', 'application/json'], ['x-replay-unmatched', '1']],
      body: new TextEncoder().encode(JSON.stringify(body, null, 2)),
      source: { unmatched: true },
    };
  }
}

interface Described {
  /** Everything, including which key (by fingerprint) was used. */
  key: string;
  /** The same without the key's identity: used when no recording has the client's key. */
  looseKey: string;
  /** The key's fingerprint ('' without a key). */
  identity: string;
  /** The credential as reports may name it (`REDACTED-1a2b`), '' without one. */
  credential: string;
  description: string;
  method: string;
  path: string;
  query: string[];
  body: string;
  shape: string;
}

function describeRecorded(entry: HarEntry, index: number): Recorded {
  const url = new URL(entry.request.url);
  const headers = new Map(entry.request.headers.map((h) => [h.name.toLowerCase(), h.value]));
  const described = describe(entry.request.method, `${url.pathname}${url.search}`, { get: (n) => headers.get(n.toLowerCase()) ?? null },
    entry.request.postData?.text ?? '', entry.request.postData?.mimeType ?? '');
  return { index, entry, shown: answerLocale(entry.response), ...described };
}

function describeIncoming(request: ReplayRequest): Described {
  return describe(request.method, request.url, request.headers, request.body ? new TextDecoder().decode(request.body) : '', request.headers.get('content-type') ?? '');
}

function describe(method: string, pathAndQuery: string, headers: { get(name: string): string | null }, body: string, contentType: string): Described {
  const [path = '', search = ''] = pathAndQuery.split(/\?(.*)/s);
  const query = search.split('&').filter((p) => p !== '' && !IGNORED_QUERY.test(safeDecode(p.split('=')[0] ?? ''))).map(normalizePair).sort();
  const normalizedBody = normalizeBody(body, contentType);
  const { kind, identity, name } = credentialOf(headers.get('authorization') ?? '', search);
  const shape = `${kind}|${expectsJson(headers) ? 'json' : 'html'}|${headers.get('x-http-method-override') ?? ''}`;
  const normalizedPath = normalizePath(path);
  const loose = JSON.stringify([method.toUpperCase(), normalizedPath, query, normalizedBody, shape]);
  return {
    key: JSON.stringify([loose, identity]),
    looseKey: loose,
    identity,
    credential: name,
    description: `${method.toUpperCase()} ${pathAndQuery}`,
    method: method.toUpperCase(), path: normalizedPath, query, body: normalizedBody, shape,
  };
}

function differences(incoming: Described, recorded: Described): string[] {
  const result: string[] = [];
  if (incoming.method !== recorded.method) result.push(`method: sent ${incoming.method}, recorded ${recorded.method}`);
  if (incoming.path !== recorded.path) result.push(`path: sent ${incoming.path}, recorded ${recorded.path}`);
  const missing = recorded.query.filter((q) => !incoming.query.includes(q));
  const extra = incoming.query.filter((q) => !recorded.query.includes(q));
  if (extra.length > 0) result.push(`query: sent ${extra.join('&')}, not recorded`);
  if (missing.length > 0) result.push(`query: recorded ${missing.join('&')}, not sent`);
  if (incoming.body !== recorded.body) result.push(`body: sent ${incoming.body.slice(0, 120) || '(none)'}, recorded ${recorded.body.slice(0, 120) || '(none)'}`);
  if (incoming.shape !== recorded.shape) result.push(`credentials/Accept: sent ${incoming.shape}, recorded ${recorded.shape}`);
  return result;
}

function normalizePair(pair: string): string {
  const [name = '', value = ''] = pair.split(/=(.*)/s);
  return `${safeDecode(name)}=${safeDecode(value)}`;
}

function normalizePath(path: string): string {
  return path.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

function normalizeBody(text: string, contentType: string): string {
  if (text === '') return '';
  if (/[/+]json/.test(contentType)) {
    try {
      return JSON.stringify(sortKeys(JSON.parse(text)));
    } catch {
      return text;
    }
  }
  if (/x-www-form-urlencoded/.test(contentType)) {
    return text.split('&').filter((p) => p !== '' && !IGNORED_QUERY.test(safeDecode(p.split('=')[0] ?? ''))).map(normalizePair).sort().join('&');
  }
  return text;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'api_token').sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
