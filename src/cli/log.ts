import type { Logger } from '../core/logger.ts';
import { redactUrl } from '../core/redact.ts';
import { BatchedLines } from './batched-lines.ts';
import { colours, paintStatus, type Console, type Palette } from './terminal.ts';

/** One answered request, as the server logs it. */
export interface RequestRecord {
  method: string;
  /** As the client sent it; `api_token` values are redacted here. */
  url: string;
  status: number;
  durationMs: number;
  /** The X-Mock-Warning sentences of the answer. */
  warnings: readonly string[];
  /** A few words after the line (record: "3 recorded"; replay: "no recording matched"). */
  note?: string;
}

export interface ServerLogOptions {
  format: 'text' | 'json';
  /** Leave out the banner, request lines and notices (info); warnings and errors stay. */
  quiet: boolean;
  /** The clock, in milliseconds since the epoch (tests pass a fixed one). */
  now?: () => number;
}

/**
 * The log of a running server (serve, record, replay).
 * - text: `2026-05-01T12:00:00.123Z GET /api/v1/images 200 1.4ms`; warnings and errors on stderr
 *   as `<time> warning: …`, `<time> error: …`; the start-up banner as it is, without a time.
 * - json: one object per line with `time` (ISO 8601), `level` (info, warn, error) and `message`,
 *   or for a request `method`, `url`, `status`, `durationMs` and `warnings`; info and requests on
 *   stdout, warn and error on stderr (as in text), and never a colour.
 * Request lines are written in batches (see BatchedLines): the log stays cheap under load.
 */
export class ServerLog implements Logger {
  private readonly requests: BatchedLines;
  private readonly now: () => number;
  private readonly paint: { out: Palette; err: Palette };
  // Under load many lines share a millisecond: its ISO form is made once.
  private lastMs = NaN;
  private lastIso = '';

  constructor(private readonly io: Console, private readonly options: ServerLogOptions) {
    this.requests = new BatchedLines((text) => io.out(text));
    this.now = options.now ?? Date.now;
    this.paint = { out: colours(io, 'out'), err: colours(io, 'err') };
  }

  /** A notice on stdout (left out by --quiet). */
  info(message: string): void {
    if (this.options.quiet) return;
    this.out(this.options.format === 'json' ? this.json('info', { message }) : `${this.time('out')} ${message}`);
  }

  warn(message: string): void {
    this.requests.flush();
    this.io.err(this.options.format === 'json' ? this.json('warn', { message }) : `${this.time('err')} ${this.paint.err.yellow('warning:')} ${message}`);
  }

  error(message: string): void {
    this.requests.flush();
    this.io.err(this.options.format === 'json' ? this.json('error', { message }) : `${this.time('err')} ${this.paint.err.red('error:')} ${message}`);
  }

  /** One answered request (left out by --quiet). */
  request(record: RequestRecord): void {
    if (this.options.quiet) return;
    const url = redactUrl(record.url);
    const durationMs = Math.round(record.durationMs * 10) / 10;
    this.requests.add(this.options.format === 'json'
      ? this.json('info', { method: record.method, url, status: record.status, durationMs, warnings: record.warnings, ...(record.note === undefined ? {} : { note: record.note }) })
      : `${this.time('out')} ${record.method} ${url} ${paintStatus(this.paint.out, record.status)} ${durationMs.toFixed(1)}ms${record.note === undefined ? '' : ` (${record.note})`}`);
  }

  /**
   * The start-up banner (left out by --quiet): the text as it is, or in json one info line whose
   * message is the text's first line, with `fields` (never keys: logs are collected and kept).
   */
  banner(text: string, fields: Record<string, unknown> = {}): void {
    if (this.options.quiet) return;
    this.out(this.options.format === 'json' ? this.json('info', { message: text.split('\n')[0], ...fields }) : text);
  }

  /** Writes the request lines that wait (call when stopping). */
  flush(): void {
    this.requests.flush();
  }

  private out(line: string): void {
    this.requests.flush();
    this.io.out(line);
  }

  private iso(): string {
    const ms = this.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  private time(stream: 'out' | 'err'): string {
    return this.paint[stream].dim(this.iso());
  }

  private json(level: 'info' | 'warn' | 'error', fields: Record<string, unknown>): string {
    return JSON.stringify({ time: this.iso(), level, ...fields });
  }
}
