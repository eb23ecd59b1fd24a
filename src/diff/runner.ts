import { randomBytes } from 'node:crypto';
import { defaultSleep, Pacer } from '../contract/pacer.ts';
import type { Transport } from '../contract/transport.ts';
import { compareAnswers } from './compare.ts';
import { rawHttpTransport, UnreachableError } from './http-send.ts';
import { normalise } from './normalise.ts';
import { buildRequests } from './requests.ts';
import type { Answer, DiffRequest, DiffResult, Exchange, KnownImage, Side } from './types.ts';

/** One implementation: its API base (`http://host:port/api/v1`) and its keys. */
export interface SideConfig {
  base: string;
  key: string;
  key2?: string;
  /** A key that authenticates but whose plan has no API access (the 403 requests). */
  noApiKey?: string;
  /** A key of an account whose locale is `ru` (the requests whose answers follow the account's language). */
  keyRu?: string;
}

export interface DiffOptions {
  a: SideConfig;
  b: SideConfig;
  readOnly: boolean;
  /** At most this many requests a minute to each side; 0 = unpaced. */
  rate: number;
  /** Default: random. */
  token?: string;
  /** Default: the full request set. */
  requests?: DiffRequest[];
  sleep?: (ms: number) => Promise<void>;
  /** Called once before the first request, with the number of requests of the set (progress). */
  onPlan?: (total: number) => void;
  /** Called after each request, compared or not (progress). */
  onExchange?: (exchange: Exchange, total: number) => void;
}

/** How many times a 429 is waited out before its status counts. */
const RETRIES_AFTER_429 = 4;

class SideRunner {
  readonly known = new Map<string, KnownImage>();
  readonly transport: Transport & { close(): void };
  readonly basePath: string;
  readonly sitePrefix: string;
  private readonly pacer: Pacer;

  constructor(readonly config: SideConfig, rate: number, private readonly sleep: (ms: number) => Promise<void>) {
    const url = new URL(config.base);
    this.transport = rawHttpTransport(url.origin);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.sitePrefix = this.basePath.replace(/\/api\/v1$/, '');
    this.pacer = new Pacer(rate, sleep);
  }

  /** The template with this side's keys (the Russian account's for its requests), ids and urls. */
  fill(text: string, account?: 'ru'): string {
    const key = account === 'ru' ? (this.config.keyRu ?? '') : this.config.key;
    return text
      .replaceAll('{{key}}', key)
      .replaceAll('{{KEY}}', key.toUpperCase())
      .replaceAll('{{key2}}', this.config.key2 ?? '')
      .replaceAll('{{noapi}}', this.config.noApiKey ?? '')
      .replaceAll('{{basic}}', Buffer.from(`diff:${key}`).toString('base64'))
      // An image this side did not create answers as a missing one would.
      .replace(/\{\{id:(\w+)\}\}/g, (_, slot: string) => String(this.known.get(slot)?.id ?? 999999999))
      .replace(/\{\{url:(\w+)\}\}/g, (_, slot: string) => this.known.get(slot)?.url ?? `site:/uploads/users/images/not-created-${slot}.jpg`);
  }

  url(path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    return path.startsWith('site:') ? `${this.sitePrefix}${path.slice(5)}` : `${this.basePath}${path}`;
  }

  async send(request: DiffRequest): Promise<Answer> {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, this.fill(v, request.account)]));
    const body = request.body === undefined ? undefined : this.fill(request.body, request.account);
    const url = this.url(this.fill(request.path, request.account));
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait();
      const answer = await this.sendOnce(request.method, url, headers, body);
      const retryAfter = Number(answer.headers['retry-after']);
      // Throttled: wait the window out and ask again; a 429 only counts if it persists.
      if (answer.status !== 429 || attempt >= RETRIES_AFTER_429 || !Number.isFinite(retryAfter)) return answer;
      await this.pacer.delay((retryAfter + 1) * 1000);
    }
  }

  /**
   * A URL the server handed out on another host (an image `url` naming a CDN, or a mock's example
   * host) that cannot be reached is an answer with status 0, not a reason to stop the run.
   */
  private async sendOnce(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
    try {
      return await this.transport.send({ method, url, headers, body });
    } catch (error) {
      if (!(error instanceof UnreachableError) || !/^https?:\/\//.test(url) || new URL(url).origin === this.transport.origin) throw error;
      return { status: 0, headers: {}, bytes: new TextEncoder().encode(`unreachable: ${error.message}`) };
    }
  }

  /** Remembers the image a store created, or the first one a list showed. */
  remember(request: DiffRequest, answer: Answer): void {
    const slot = request.creates ?? (request.lists ? 'listed' : undefined);
    if (slot === undefined || answer.status >= 300) return;
    let body: { data?: unknown };
    try {
      body = JSON.parse(new TextDecoder().decode(answer.bytes)) as { data?: unknown };
    } catch {
      return;
    }
    const image = (Array.isArray(body.data) ? body.data[0] : body.data) as Partial<Record<string, unknown>> | undefined;
    if (typeof image?.id !== 'number' || typeof image.url !== 'string') return;
    this.known.set(slot, {
      id: image.id,
      url: image.url,
      uuid: String(image.result ?? '').replace(/\.jpg$/, '').toLowerCase(),
      resolution: String(image.resolution),
      ...(request.account === undefined ? {} : { account: request.account }),
    });
  }

  /** The resolution of the image whose file the request asks for. */
  declared(request: DiffRequest): string | undefined {
    const slot = /^\{\{url:(\w+)\}\}$/.exec(request.path)?.[1];
    return slot === undefined ? undefined : this.known.get(slot)?.resolution;
  }

  /** Deletes what this run created and has not deleted yet; returns the number of requests. */
  async cleanup(): Promise<number> {
    let sent = 0;
    for (const [slot, image] of this.known) {
      if (slot === 'listed') continue;
      try {
        sent++;
        // Each image with the key of the account that created it.
        await this.send({
          group: 'cleanup', name: `cleanup ${slot}`, method: 'DELETE', path: `/images/${image.id}`,
          headers: { Accept: 'application/json', Authorization: 'Bearer {{key}}' }, scope: 'exact', ...(image.account ? { account: image.account } : {}),
        });
      } catch {
        // The side went away; nothing more to clean there.
        break;
      }
    }
    return sent;
  }
}

/**
 * Sends every request of the set to A, then the same to B, in order, and compares the answers.
 * Cleans up what it created on both sides, also when a side becomes unreachable midway (the
 * UnreachableError is then rethrown).
 */
export async function runDiff(options: DiffOptions): Promise<DiffResult> {
  const token = options.token ?? `zqd${randomBytes(5).toString('hex')}`;
  const sleep = options.sleep ?? defaultSleep;
  const sides: Record<Side, SideRunner> = {
    a: new SideRunner(options.a, options.rate, sleep),
    b: new SideRunner(options.b, options.rate, sleep),
  };
  const russianAccount = options.a.keyRu !== undefined && options.b.keyRu !== undefined;
  const requests = options.requests ?? buildRequests({
    token, readOnly: options.readOnly,
    key2: options.a.key2 !== undefined && options.b.key2 !== undefined,
    noApiKey: options.a.noApiKey !== undefined && options.b.noApiKey !== undefined,
    russianAccount,
  });
  options.onPlan?.(requests.length);
  const result: DiffResult = {
    a: options.a.base, b: options.b.base, readOnly: options.readOnly, token, startedAt: new Date().toISOString(), exchanges: [], cleanup: 0,
    // Given a request set, whether it holds the Russian account's requests.
    russianAccount: requests.some((r) => r.account === 'ru'),
  };
  try {
    for (const [index, request] of requests.entries()) {
      // Read-only runs show "the first listed image": a side that lists none (an empty account) has
      // nothing to show, so those requests say nothing about the implementations.
      if (references(request, 'listed') && sides.a.known.has('listed') !== sides.b.known.has('listed')) {
        const side = sides.a.known.has('listed') ? 'B' : 'A';
        const none: Answer = { status: 0, headers: {}, bytes: new Uint8Array() };
        const exchange: Exchange = { index, request, a: none, b: none, differences: [], skipped: `${side} lists no image for this key, so it has none to show` };
        result.exchanges.push(exchange);
        options.onExchange?.(exchange, requests.length);
        continue;
      }
      const answers = {} as Record<Side, Answer>;
      for (const side of ['a', 'b'] as const) {
        answers[side] = await sides[side].send(request);
        sides[side].remember(request, answers[side]);
      }
      const [na, nb] = (['a', 'b'] as const).map((side) =>
        normalise(answers[side], { scope: request.scope, known: sides[side].known, declared: sides[side].declared(request) })) as [ReturnType<typeof normalise>, ReturnType<typeof normalise>];
      const exchange: Exchange = { index, request, a: answers.a, b: answers.b, differences: compareAnswers(na, nb, request.scope === 'exact') };
      result.exchanges.push(exchange);
      options.onExchange?.(exchange, requests.length);
    }
  } finally {
    if (!options.readOnly) result.cleanup = (await sides.a.cleanup()) + (await sides.b.cleanup());
    sides.a.transport.close();
    sides.b.transport.close();
  }
  return result;
}

/** Whether the request's template uses the image remembered under `slot`. */
function references(request: DiffRequest, slot: string): boolean {
  const text = `${request.path} ${request.body ?? ''} ${Object.values(request.headers).join(' ')}`;
  return text.includes(`{{id:${slot}}}`) || text.includes(`{{url:${slot}}}`);
}
