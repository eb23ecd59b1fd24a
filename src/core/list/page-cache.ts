import type { Tenant } from '../state/store.ts';

/** A page as JSON text and as the UTF-8 bytes sent for it (encoded once, not per request). */
export interface CachedPage {
  json: string;
  bytes: Uint8Array;
}

interface TenantPages {
  /** The tenant's index version the pages were made at: any write makes them stale. */
  version: number;
  pages: Map<string, CachedPage>;
}

const encoder = new TextEncoder();

/**
 * Serialised pages of unfiltered lists, per key, dropped on every write of that key's images.
 * Front ends and CI suites ask for the same first pages over and over; a write of one user never
 * costs another user their cached pages.
 */
export class ListPageCache {
  private readonly byTenant = new WeakMap<Tenant, TenantPages>();

  constructor(private readonly maxPagesPerKey = 64) {}

  get(tenant: Tenant, key: string): CachedPage | undefined {
    const entry = this.byTenant.get(tenant);
    return entry !== undefined && entry.version === tenant.index.version ? entry.pages.get(key) : undefined;
  }

  set(tenant: Tenant, key: string, json: string): CachedPage {
    let entry = this.byTenant.get(tenant);
    if (entry === undefined || entry.version !== tenant.index.version) {
      entry = { version: tenant.index.version, pages: new Map() };
      this.byTenant.set(tenant, entry);
    }
    if (entry.pages.size >= this.maxPagesPerKey) entry.pages.delete(entry.pages.keys().next().value as string);
    const page = { json, bytes: encoder.encode(json) };
    entry.pages.set(key, page);
    return page;
  }
}
