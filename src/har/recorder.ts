import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { systemClock, type Clock } from '../core/clock.ts';
import { silentLogger, type Logger } from '../core/logger.ts';
import { loadSpec } from '../openapi/load.ts';
import { createResponseValidator } from '../openapi/validator.ts';
import { routedMethodOf } from '../core/protocol/routed-method.ts';
import { readBody } from '../http/read-body.ts';
import { emptyHar, isTextual, toBase64, type Har, type HarEntry, type HarNameValue } from './har.ts';
import { writeHarFile } from './har-file.ts';
import { noteAccount } from './accounts.ts';
import { redactEntry } from './redact.ts';

export interface RecorderOptions {
  /** Where requests go: an origin (`http://127.0.0.1:4010`, `https://ailuna.ru`). */
  upstream: string;
  /** The HAR file, rewritten (atomically) after every exchange. */
  out: string;
  logger?: Logger;
  clock?: Clock;
  /** Leave out headers that change from run to run (Date, Connection, Keep-Alive): for fixtures. */
  stableHeaders?: boolean;
}

export interface Recorder {
  /** An HTTP server that is not listening yet: `recorder.server.listen(port, host)`. */
  server: Server;
  har: Har;
}

// Hop-by-hop headers belong to one connection, not to the exchange.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);

/**
 * A recording proxy: forwards every request to the upstream unchanged (but for its Host), answers
 * with the upstream's answer, and appends the exchange — credentials redacted, the response checked
 * against the OpenAPI document — to a HAR file that is valid after every write. `log._accounts`
 * names each credential (redacted) with the language its answers showed, so a replay can keep the
 * answers of an English and a Russian account apart.
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const upstream = new URL(options.upstream);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const validate = createResponseValidator(loadSpec());
  const { entries, ...head } = emptyHar(`Recorded through ailuna-images record from ${upstream.origin}; credentials redacted.`).log;
  // The accounts before the entries: a reader sees them first.
  const har: Har = { log: { ...head, _accounts: {}, entries } };
  writeHarFile(options.out, har);

  const server = createServer((req, res) => {
    void exchange(req, res).catch((error: unknown) => {
      logger.error(`record: ${req.method} ${req.url}: ${(error as Error).message}`);
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `The recorder could not reach ${upstream.origin}: ${(error as Error).message}` }));
      } else {
        res.end();
      }
    });
  });

  async function exchange(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = clock.now();
    const body = (await readBody(req)).bytes;
    const requestHeaders = forwardableHeaders(req.headers);
    requestHeaders.host = upstream.host;
    // Plain bodies only, so the recording holds readable text.
    delete requestHeaders['accept-encoding'];
    const answer = await forward(upstream, req.method ?? 'GET', req.url ?? '/', requestHeaders, body);
    const entry = redactEntry(buildEntry({
      started, elapsed: clock.now() - started, method: req.method ?? 'GET', url: `${upstream.origin}${req.url ?? '/'}`,
      httpVersion: `HTTP/${req.httpVersion}`, requestHeaders: req.rawHeaders, requestBody: body,
      status: answer.status, statusText: answer.statusText, responseHeaders: answer.rawHeaders, responseBody: answer.body,
      stableHeaders: options.stableHeaders ?? false,
    }));
    const path = new URL(entry.request.url).pathname;
    const contentType = answer.headers['content-type'];
    const problems = validate({
      method: await routedMethodOf({
        method: req.method ?? 'GET', url: req.url ?? '/', methodOverride: String(req.headers['x-http-method-override'] ?? ''),
        contentType: req.headers['content-type'] ?? null, body,
      }),
      path: `${path}${new URL(entry.request.url).search}`,
      status: answer.status,
      contentType: typeof contentType === 'string' ? contentType : null,
      headers: answer.headers as Record<string, string>,
      body: typeof contentType === 'string' && contentType.startsWith('image/') ? undefined : new TextDecoder().decode(answer.body),
    });
    const undescribed = problems.length === 1 && /no documented path matches/.test(problems[0] as string);
    if (undescribed) {
      // A path outside the API (a route 404): nothing in the document to hold it to.
      entry.comment = 'Not described by the OpenAPI document.';
    } else if (problems.length > 0) {
      entry.comment = `OpenAPI violations:\n${problems.join('\n')}`;
      for (const problem of problems) logger.warn(`record: ${entry.request.method} ${entry.request.url}: ${problem}`);
    }
    har.log.entries.push(entry);
    const changed = noteAccount(har, entry);
    if (changed !== null) logger.warn(`record: ${changed}`);
    // On disk before the client has its answer: whoever got a response finds it in the file.
    writeHarFile(options.out, har);
    res.writeHead(answer.status, answer.statusText, forwardableHeaders(answer.headers));
    res.end(answer.body);
  }

  return { server, har };
}

interface ForwardedAnswer {
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: Uint8Array;
}

function forward(upstream: URL, method: string, path: string, headers: Record<string, string | string[]>, body: Uint8Array | null): Promise<ForwardedAnswer> {
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send({
      protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port || undefined,
      method, path, headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
    }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => resolve({
        status: incoming.statusCode ?? 502,
        statusText: incoming.statusMessage ?? '',
        headers: incoming.headers,
        rawHeaders: incoming.rawHeaders,
        body: new Uint8Array(Buffer.concat(chunks)),
      }));
    });
    outgoing.on('error', reject);
    outgoing.end(body ?? undefined);
  });
}

function forwardableHeaders(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) result[name] = value;
  }
  return result;
}

interface ExchangeFacts {
  started: number;
  elapsed: number;
  method: string;
  url: string;
  httpVersion: string;
  requestHeaders: string[];
  requestBody: Uint8Array | null;
  status: number;
  statusText: string;
  responseHeaders: string[];
  responseBody: Uint8Array;
  stableHeaders: boolean;
}

function pairs(raw: string[], drop: Set<string>): HarNameValue[] {
  const result: HarNameValue[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!drop.has(name.toLowerCase())) result.push({ name: name.toLowerCase(), value: raw[i + 1] as string });
  }
  return result;
}

function buildEntry(facts: ExchangeFacts): HarEntry {
  const url = new URL(facts.url);
  const requestHeaders = pairs(facts.requestHeaders, new Set([...HOP_BY_HOP, ...(facts.stableHeaders ? VOLATILE : []), 'host']));
  const responseHeaders = pairs(facts.responseHeaders, new Set(facts.stableHeaders ? VOLATILE : []));
  const requestType = requestHeaders.find((h) => h.name === 'content-type')?.value ?? '';
  const responseType = responseHeaders.find((h) => h.name === 'content-type')?.value ?? '';
  const textBody = isTextual(responseType);
  return {
    startedDateTime: new Date(facts.started).toISOString(),
    time: facts.stableHeaders ? 0 : facts.elapsed,
    request: {
      method: facts.method,
      url: facts.url,
      httpVersion: facts.httpVersion,
      cookies: [],
      headers: requestHeaders,
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(facts.requestBody && facts.requestBody.length > 0
        ? { postData: { mimeType: requestType, text: new TextDecoder().decode(facts.requestBody) } }
        : {}),
      headersSize: -1,
      bodySize: facts.requestBody?.length ?? 0,
    },
    response: {
      status: facts.status,
      statusText: facts.statusText,
      httpVersion: facts.httpVersion,
      cookies: [],
      headers: responseHeaders,
      content: {
        size: facts.responseBody.length,
        mimeType: responseType,
        text: textBody ? new TextDecoder().decode(facts.responseBody) : toBase64(facts.responseBody),
        ...(textBody ? {} : { encoding: 'base64' as const }),
      },
      redirectURL: responseHeaders.find((h) => h.name === 'location')?.value ?? '',
      headersSize: -1,
      bodySize: facts.responseBody.length,
    },
    cache: {},
    timings: { send: 0, wait: facts.stableHeaders ? 0 : facts.elapsed, receive: 0 },
  };
}
