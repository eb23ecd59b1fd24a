import { loadSpec } from '../openapi/load.ts';
import { createResponseValidator, routedMethod } from '../openapi/validator.ts';
import { defaultSleep, Pacer } from './pacer.ts';
import type { Transport, WireResponse } from './transport.ts';

const validate = createResponseValidator(loadSpec());

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A JSON body (Content-Type: application/json). */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded), as pairs or already encoded. */
  form?: Record<string, string> | string;
  /** A raw body; set its Content-Type in headers. */
  raw?: string;
  /** Skip the OpenAPI check (paths the document does not describe, such as /api/xyz). */
  unchecked?: boolean;
}

export interface ContractResponse extends WireResponse {
  /** `GET /api/v1/images?x=1`: how failures name the request. */
  label: string;
  text: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  header(name: string): string | undefined;
}

/** A failed expectation about the server, naming the request that showed it. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/**
 * Talks to the implementation under test: paces requests, retries after a 429's Retry-After,
 * and checks every answer against the OpenAPI document (status documented for the operation,
 * content type, body schema, documented headers).
 */
export class ContractClient {
  /** Every response seen, for reports. */
  requestCount = 0;
  private readonly pacer: Pacer;

  constructor(
    readonly transport: Transport,
    /** The API's base path on the origin: `/api/v1`. */
    readonly basePath: string,
    ratePerMinute: number,
    /** How to wait (tests pass one that does not). */
    sleep?: (ms: number) => Promise<void>,
  ) {
    this.pacer = new Pacer(ratePerMinute, sleep ?? defaultSleep);
  }

  /** The site root the API lives under (`/api/v1` → ``): for /uploads and route-404 paths. */
  get sitePrefix(): string {
    return this.basePath.replace(/\/api\/v1\/?$/, '');
  }

  /** Lets go of the transport's server and connections (an in-process run's ephemeral port). */
  async close(): Promise<void> {
    await this.transport.close?.();
  }

  /** A request to `<base>/<path>`, e.g. `api('GET', '/images?per_page=10')`. */
  api(method: string, path: string, options: RequestOptions = {}): Promise<ContractResponse> {
    return this.send(method, `${this.basePath}${path}`, `/api/v1${path}`, options);
  }

  /** A request to a path on the site (`/api/xyz`, `/uploads/…`) or to an absolute URL it gave out. */
  site(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<ContractResponse> {
    const path = /^https?:\/\//.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl;
    const documentPath = this.sitePrefix !== '' && path.startsWith(this.sitePrefix) ? path.slice(this.sitePrefix.length) : path;
    return this.send(method, pathOrUrl, documentPath, options);
  }

  private async send(method: string, url: string, documentPath: string, options: RequestOptions): Promise<ContractResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: string | undefined;
    let fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
    if (options.json !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = JSON.stringify(options.json);
      if (typeof options.json === 'object' && options.json !== null) fields = { ...fields, ...(options.json as object) };
    } else if (options.form !== undefined) {
      headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      body = typeof options.form === 'string' ? options.form : new URLSearchParams(options.form).toString();
      fields = { ...fields, ...Object.fromEntries(new URLSearchParams(body)) };
    } else if (options.raw !== undefined) {
      body = options.raw;
    }
    const label = `${method} ${url}`;
    let response: WireResponse;
    for (let attempt = 0; ; attempt++) {
      await this.pacer.wait();
      this.requestCount++;
      response = await this.transport.send({ method, url, headers, body });
      const retryAfter = Number(response.headers['retry-after']);
      // Pace down rather than fail when the server throttles us, a few times at most.
      if (response.status !== 429 || attempt >= 3 || !Number.isFinite(retryAfter)) break;
      await this.pacer.delay((retryAfter + 1) * 1000);
    }
    const text = new TextDecoder().decode(response.bytes);
    const contentType = response.headers['content-type'] ?? '';
    let json: unknown;
    if (/[/+]json/.test(contentType) && text !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new ContractViolation(`${label} → ${response.status}: the body is not valid JSON although Content-Type is ${contentType}: ${text.slice(0, 200)}`);
      }
    }
    // A validating proxy in front (prism proxy) reports what it saw here.
    const violations = response.headers['sl-violations'];
    if (violations !== undefined) {
      throw new ContractViolation(`${label} → ${response.status}: the validating proxy reported violations: ${violations}`);
    }
    if (!options.unchecked) {
      const problems = validate({
        method: routedMethod(method, headers, fields),
        path: documentPath,
        status: response.status,
        contentType,
        headers: response.headers,
        body: contentType.startsWith('image/') ? undefined : text,
      });
      if (problems.length > 0) {
        throw new ContractViolation(`${label} → ${response.status} does not match the OpenAPI document:\n  ${problems.join('\n  ')}`);
      }
    }
    return { ...response, label, text, json, header: (name) => response.headers[name.toLowerCase()] };
  }
}
