import type { StoredImage } from '../images/image.ts';
import type { RateLimitDecision } from '../protocol/rate-limit.ts';
import { applyChange, type AccountChanges, type CoordinatorHost, type ImageChanges, type StateCoordinator, type StoreHealth } from './coordinator.ts';
import { monthOf, type Tenant } from './store.ts';

/**
 * The default coordinator: one process holds the state, so every change is decided and applied
 * at once, in the order requests arrive (JavaScript runs one of them at a time).
 */
export class LocalCoordinator implements StateCoordinator {
  constructor(private readonly host: CoordinatorHost) {}

  catchUp(): null {
    return null;
  }

  create(tenant: Tenant, fields: Omit<StoredImage, 'id'>, atMs: number): StoredImage | 'quota-reached' {
    if (tenant.quotaReachedAt(atMs)) return 'quota-reached';
    const image = this.host.store.insertImage(tenant, fields);
    tenant.countCreation(atMs);
    return image;
  }

  update(tenant: Tenant, image: StoredImage, changes: ImageChanges): 'ok' | 'gone' {
    if (tenant.images.get(image.id) !== image) return 'gone';
    this.host.store.updateImage(tenant, image, changes);
    return 'ok';
  }

  delete(tenant: Tenant, image: StoredImage): 'ok' | 'gone' {
    if (tenant.images.get(image.id) !== image) return 'gone';
    this.host.store.deleteImage(tenant, image);
    return 'ok';
  }

  setAccount(tenant: Tenant, change: { locale?: string | null; remaining?: number | null }, atMs: number): AccountChanges {
    const settings: AccountChanges = {};
    if (change.locale !== undefined) settings.locale = change.locale;
    if (change.remaining !== undefined) {
      settings.monthQuota = { month: monthOf(atMs), quota: change.remaining === null ? null : tenant.createdThisMonth(atMs) + change.remaining };
    }
    applyChange(this.host, { kind: 'account', user: tenant.userId, settings });
    return { locale: tenant.config.locale ?? null, monthQuota: tenant.config.monthQuota ?? null };
  }

  reseed(next: { seed: number; count: number }): void {
    this.host.repopulate(next.seed, next.count);
  }

  hit(clientKey: string): RateLimitDecision {
    return this.host.localLimiter.hit(clientKey);
  }

  health(): StoreHealth {
    return { store: 'memory', reachable: true };
  }
}
