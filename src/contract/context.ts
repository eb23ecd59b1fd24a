import type { ContractClient} from './client.ts';
import { ContractViolation, type ContractResponse } from './client.ts';
import type { ContractMode } from './modes.ts';

/** What the suite is pointed at and allowed to do. */
export interface ContractConfig {
  /** `http://127.0.0.1:4011/api/v1`; undefined = our fake in-process. */
  baseUrl?: string;
  key: string;
  /** A second user, for the isolation checks (skipped without it). */
  key2?: string;
  /**
   * An account whose locale is Russian, for the locale checks (skipped without it). `key` must be
   * an English account's: the other checks expect English messages.
   */
  keyRu?: string;
  /** An account that has used up this month's image allowance, for the quota check (skipped without it). */
  keyUsedUp?: string;
  /** No creates, updates or deletes (generating an image on the real API costs money). */
  readOnly: boolean;
  /** Requests per minute (0 = as fast as the server answers). */
  rate: number;
  /** The server is our fake: also check its extras (X-Mock-Warning). */
  fakeExtras: boolean;
  /**
   * `full` (default); `schema-only` for a stateless mock such as `prism mock` (only the checks of
   * answer shapes); `behind-validating-proxy` for `prism proxy --errors` (no negative requests).
   */
  mode?: ContractMode;
}

/** An image as the API serves it (only what the checks read). */
export interface WireImage {
  id: number;
  name: string;
  style: string | null;
  medium: string | null;
  filter: string | null;
  resolution: string;
  result: string;
  url: string;
  favorite: boolean;
  created_at: string;
  updated_at: string;
}

export interface WireList {
  data: WireImage[];
  links: { first: string; last: string; prev: string | null; next: string | null };
  meta: {
    current_page: number; from: number | null; last_page: number; path: string; per_page: number;
    to: number | null; total: number; links: Array<{ url: string | null; label: string; active: boolean }>;
  };
  status: number;
}

/** Stops reading the whole collection past this many pages of 100 (a big account on the real API). */
const MAX_PAGES = 30;

/** Shared state and helpers of one contract run. */
export class ContractContext {
  private readonly created = new Map<number, string>();

  constructor(readonly client: ContractClient, readonly config: ContractConfig) {}

  /** Headers of an authenticated JSON request. */
  auth(key: string = this.config.key): Record<string, string> {
    return { Accept: 'application/json', Authorization: `Bearer ${key}` };
  }

  async list(query = '', key: string = this.config.key): Promise<{ response: ContractResponse; body: WireList }> {
    const response = await this.client.api('GET', `/images${query === '' ? '' : `?${query}`}`, { headers: this.auth(key) });
    ensureStatus(response, 200);
    return { response, body: response.json as WireList };
  }

  /** Every image of the user matching `query`, read with per_page=100 page by page. */
  async listAll(query = '', key: string = this.config.key): Promise<WireImage[]> {
    const items: WireImage[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await this.list(`${query === '' ? '' : `${query}&`}per_page=100&page=${page}`, key);
      items.push(...body.data);
      if (page >= body.meta.last_page) return items;
    }
    return items;
  }

  /** Creates an image (counted for cleanup); fails the check on anything but 201. */
  async create(fields: Record<string, unknown>, key: string = this.config.key): Promise<WireImage> {
    this.ensureWritable();
    const response = await this.client.api('POST', '/images', { headers: this.auth(key), json: fields });
    ensureStatus(response, 201);
    const image = (response.json as { data: WireImage }).data;
    this.created.set(image.id, key);
    return image;
  }

  /** Remembers an image the run created by other means, so that cleanUp deletes it. */
  track(id: number, key: string = this.config.key): void {
    this.created.set(id, key);
  }

  /** Deletes an image the run created (and forgets it). */
  async remove(id: number, key: string = this.config.key): Promise<ContractResponse> {
    this.ensureWritable();
    const response = await this.client.api('DELETE', `/images/${id}`, { headers: this.auth(key) });
    this.created.delete(id);
    return response;
  }

  /** Deletes whatever the run created and did not delete: the server is left as it was found. */
  async cleanUp(): Promise<void> {
    for (const [id, key] of [...this.created]) {
      try {
        await this.client.api('DELETE', `/images/${id}`, { headers: this.auth(key), unchecked: true });
      } finally {
        this.created.delete(id);
      }
    }
  }

  ensureWritable(): void {
    if (this.config.readOnly) throw new Error('A write was attempted in read-only mode (a bug in the suite).');
  }
}

export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ContractViolation(message);
}

export function ensureStatus(response: ContractResponse, status: number): void {
  ensure(response.status === status, `${response.label} answered ${response.status}, expected ${status}: ${response.text.slice(0, 300)}`);
}

/** Deep equality with both values in the message. */
export function ensureEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  ensure(a === e, `${what}: expected ${e}, got ${a}`);
}
