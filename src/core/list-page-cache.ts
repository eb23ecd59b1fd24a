import type { Tenant } from './store.ts';

interface TenantPages {
  /** The tenant's index version the pages were made at: any write makes them stale. */
  version: number;
  pages: Map<string, string>;
}

/**
 * Serialised pages of unfiltered lists, per key, dropped on every write of that key's images.
 * Front ends and CI suites ask for the same first pages over and over; a write of one user never
 * costs another user their cached pages.
 */
export class ListPageCache {
  private readonly byTenant = new WeakMap<Tenant, TenantPages>();

  constructor(private readonly maxPagesPerKey = 64) {}

  get(tenant: Tenant, key: string): string | undefined {
    const entry = this.byTenant.get(tenant);
    return entry !== undefined && entry.version === tenant.index.version ? entry.pages.get(key) : undefined;
  }

  set(tenant: Tenant, key: string, json: string): void {
    let entry = this.byTenant.get(tenant);
    if (entry === undefined || entry.version !== tenant.index.version) {
      entry = { version: tenant.index.version, pages: new Map() };
      this.byTenant.set(tenant, entry);
    }
    if (entry.pages.size >= this.maxPagesPerKey) entry.pages.delete(entry.pages.keys().next().value as string);
    entry.pages.set(key, json);
  }
}
