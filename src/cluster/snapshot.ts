import type { StoredImage } from '../core/images/image.ts';
import type { AccountChanges, ChangeTarget, StateChange } from '../core/state/coordinator.ts';

/**
 * A compacted state: the delta against the seed (images created or changed, ids deleted, per-user
 * quota counters) with the seed and count in force. Loading it gives the state it was taken from.
 */
export interface StateSnapshot {
  format: 'ailuna-images-kit/redis-snapshot@1';
  seed: number;
  count: number;
  /** The store's auto-increment when taken (0 = as seeded). */
  lastId: number;
  /** Images created through the API or changed since the seed, as they are now. */
  images: Array<{ user: number; image: StoredImage }>;
  /** Ids deleted since the seed (seeded or created ones). */
  deleted: Array<{ user: number; id: number }>;
  quota: Array<{ user: number; createdThroughApi: number; createdInMonth: string }>;
  /** Accounts whose settings the admin API changed since the seed (absent in older snapshots). */
  accounts?: Array<{ user: number; settings: AccountChanges }>;
}

/** The snapshot of a reseed: the seed alone. */
export function seedOnlySnapshot(seed: number, count: number): StateSnapshot {
  return { format: 'ailuna-images-kit/redis-snapshot@1', seed, count, lastId: 0, images: [], deleted: [], quota: [] };
}

/**
 * Follows the changes applied to a store and remembers which ids they touched, so that a snapshot
 * costs the size of the delta, not of the whole store (no second seeding to compare with).
 */
export class DeltaTracker {
  /** id → owner, for images created or updated since the seed. */
  private readonly touched = new Map<number, number>();
  private readonly deleted = new Map<number, number>();
  /** user → its settings changed since the seed. */
  private readonly accounts = new Map<number, AccountChanges>();

  constructor(private seed: number, private count: number) {}

  /** Call after applying `change`. */
  noteApplied(change: StateChange): void {
    switch (change.kind) {
      case 'reseed':
        this.seed = change.seed;
        this.count = change.count;
        this.touched.clear();
        this.deleted.clear();
        this.accounts.clear();
        return;
      case 'account':
        this.accounts.set(change.user, { ...this.accounts.get(change.user), ...change.settings });
        return;
      case 'create':
        this.touched.set(change.image.id, change.user);
        return;
      case 'update':
        this.touched.set(change.id, change.user);
        return;
      case 'delete':
        this.touched.delete(change.id);
        this.deleted.set(change.id, change.user);
    }
  }

  /** The snapshot of `target`'s store as it is now (it must have applied every change noted). */
  snapshot(target: ChangeTarget): StateSnapshot {
    const tenants = target.store.allTenants();
    const images: StateSnapshot['images'] = [];
    for (const [id, user] of this.touched) {
      const image = tenants[user - 1]?.images.get(id);
      if (image !== undefined) images.push({ user, image: { ...image } });
    }
    images.sort((a, b) => a.image.id - b.image.id);
    return {
      format: 'ailuna-images-kit/redis-snapshot@1',
      seed: this.seed,
      count: this.count,
      lastId: target.store.lastIssuedId,
      images,
      deleted: [...this.deleted].map(([id, user]) => ({ id, user })).sort((a, b) => a.id - b.id),
      quota: tenants
        .filter((tenant) => tenant.createdInMonth !== '')
        .map((tenant) => ({ user: tenant.userId, createdThroughApi: tenant.createdThroughApi, createdInMonth: tenant.createdInMonth })),
      accounts: [...this.accounts].map(([user, settings]) => ({ user, settings: { ...settings } })).sort((a, b) => a.user - b.user),
    };
  }

  /** Replaces `target`'s state with the snapshot's, and follows it from there. */
  load(target: ChangeTarget, snapshot: StateSnapshot): void {
    if (snapshot.format !== 'ailuna-images-kit/redis-snapshot@1') {
      throw new Error(`The snapshot in Redis has the format ${JSON.stringify(snapshot.format)}, which this version does not read; use the same version on every replica.`);
    }
    target.repopulate(snapshot.seed, snapshot.count);
    this.seed = snapshot.seed;
    this.count = snapshot.count;
    this.touched.clear();
    this.deleted.clear();
    this.accounts.clear();
    const tenants = target.store.allTenants();
    for (const { user, id } of snapshot.deleted) {
      const tenant = tenants[user - 1];
      const image = tenant?.images.get(id);
      if (tenant !== undefined && image !== undefined) target.store.deleteImage(tenant, image);
      this.deleted.set(id, user);
    }
    for (const { user, image } of snapshot.images) {
      const tenant = tenants[user - 1];
      if (tenant === undefined) continue;
      target.store.insertImageWithId(tenant, { ...image });
      this.touched.set(image.id, user);
    }
    for (const { user, createdThroughApi, createdInMonth } of snapshot.quota) {
      const tenant = tenants[user - 1];
      if (tenant === undefined) continue;
      tenant.createdThroughApi = createdThroughApi;
      tenant.createdInMonth = createdInMonth;
    }
    for (const { user, settings } of snapshot.accounts ?? []) {
      const tenant = tenants[user - 1];
      if (tenant === undefined) continue;
      Object.assign(tenant.config, settings);
      this.accounts.set(user, { ...settings });
    }
    target.store.lastIssuedId = snapshot.lastId;
  }
}
