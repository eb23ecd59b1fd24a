import type { Clock } from '../clock.ts';
import type { FaultSettings } from '../faults.ts';
import type { StoredImage } from '../images/image.ts';
import type { Logger } from '../logger.ts';
import type { FixedWindowRateLimiter, RateLimitDecision } from '../protocol/rate-limit.ts';
import type { FakeSettings } from '../settings.ts';
import type { MemoryStore, Tenant, TenantConfig } from './store.ts';

/**
 * One change of the fake's state. A fake's state is its seed plus the ordered list of these: every
 * replica seeds the same images and applies the same changes in the same order, so all of them
 * hold the same images. `user` is the tenant's `userId` (its 1-based position in the store), the
 * same on every replica because replicas must be started with the same keys.
 */
export type StateChange =
  | { kind: 'create'; user: number; image: StoredImage; atMs: number }
  | { kind: 'update'; user: number; id: number; changes: ImageChanges }
  | { kind: 'delete'; user: number; id: number }
  | { kind: 'reseed'; seed: number; count: number }
  /** An account's settings changed at run time (the admin API): its locale and/or its allowance. */
  | { kind: 'account'; user: number; settings: AccountChanges };

/**
 * What the admin API may change of an account: its locale, and this month's allowance (images
 * created through the API this month included): the coordinator turns "may still create N" into
 * it, where the month's count is known.
 */
export type AccountChanges = Partial<Pick<TenantConfig, 'locale' | 'monthQuota'>>;

/** What an update may change (name and favourite; updated_at only when one of them changed). */
export type ImageChanges = Partial<Pick<StoredImage, 'name' | 'favorite' | 'updatedAt'>>;

/** Answers a coordinator may give synchronously (in memory) or after a round trip (Redis). */
export type MaybePromise<T> = T | Promise<T>;

/** `.then` for a value that may not be a promise: a value goes on at once, without a microtask. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Where the changes of the state are decided and ordered. The fake asks it before it reads and
 * for every write; it never changes the store behind the coordinator's back.
 *
 * - The in-memory default (`LocalCoordinator`) applies each change at once: one process, one order.
 * - A shared one (Redis, `--store redis://…`) orders the changes of several replicas: ids from one
 *   counter, quota and races decided atomically in the shared store, and every replica applying
 *   the shared log before it reads.
 */
export interface StateCoordinator {
  /**
   * Before every request that reads images (lists, shows, the lookup inside an update or delete,
   * the JPEG files): apply every change committed anywhere. Resolves to null, or to a warning
   * (one sentence) when the shared store cannot be reached and the request goes on from memory.
   */
  catchUp(): MaybePromise<string | null>;
  /** Stores a new image (the id is assigned here) or refuses it: the key's quota for the month of `atMs` is used up. */
  create(tenant: Tenant, fields: Omit<StoredImage, 'id'>, atMs: number): MaybePromise<StoredImage | 'quota-reached'>;
  /** Changes an image; 'gone' when it was deleted in the meantime (the API then answers 404). */
  update(tenant: Tenant, image: StoredImage, changes: ImageChanges): MaybePromise<'ok' | 'gone'>;
  /** Deletes an image; 'gone' when it was deleted in the meantime (404). */
  delete(tenant: Tenant, image: StoredImage): MaybePromise<'ok' | 'gone'>;
  /**
   * Sets an account's locale and/or what it may still create this month (`remaining`, null =
   * unlimited), from the month of `atMs`; resolves to the settings in force afterwards.
   */
  setAccount(tenant: Tenant, change: { locale?: string | null; remaining?: number | null }, atMs: number): MaybePromise<AccountChanges>;
  /** Back to the seed with this seed and count, images, quotas and rate-limit windows (on every replica). */
  reseed(next: { seed: number; count: number }): MaybePromise<void>;
  /** Counts one request of `clientKey` in its rate-limit window (across replicas for a shared store). */
  hit(clientKey: string): MaybePromise<RateLimitDecision>;
  /**
   * Where the state lives and whether writes can be stored now, for `GET /__admin/health`. A shared
   * store answers from the state its requests use: reachable only when writes are not refused.
   */
  health(): MaybePromise<StoreHealth>;
}

/** What a coordinator reports to `GET /__admin/health`. */
export interface StoreHealth {
  /** `memory` (this process holds the state) or the kind of shared store (`redis`). */
  store: string;
  /** A shared store's address, never with credentials (`redis://127.0.0.1:6379/0`). */
  address?: string;
  /** This process's replica number on the shared store. */
  replica?: number;
  /** Whether the state can take writes now; false while a shared store is out of reach. */
  reachable: boolean;
  /** Why not, one sentence (only when not reachable). */
  reason?: string;
}

/**
 * Thrown by a coordinator when the shared store cannot take a write: the API answers upstream's
 * 500 and nothing is half-applied. The message says what happened, for the log.
 */
export class SharedStoreUnavailable extends Error {}

/** What applying a change needs of the fake: its store, and how to seed it again. */
export interface ChangeTarget {
  store: MemoryStore;
  /** Clears the store and seeds it with this seed and count (and forgets rate-limit windows). */
  repopulate(seed: number, count: number): void;
}

/** What a coordinator gets from the fake it serves (`FakeOptions.coordinator`). */
export interface CoordinatorHost extends ChangeTarget {
  /** The options after defaults (seed and count change with a reseed). */
  settings: Pick<FakeSettings, 'seed' | 'count' | 'keys' | 'noApiKeys' | 'quota' | 'perPageDefault' | 'trustProxy' | 'referenceDate'>;
  /** Faults in force (a live object: `rateLimit` may change while the fake runs). */
  faults: FaultSettings;
  clock: Clock;
  logger: Logger;
  /** The rate limiter of this process (the in-memory default, and a fallback). */
  localLimiter: FixedWindowRateLimiter;
}

/** Applies one change to the store: what every replica does for each change of the shared log. */
export function applyChange(target: ChangeTarget, change: StateChange): void {
  if (change.kind === 'reseed') {
    target.repopulate(change.seed, change.count);
    return;
  }
  const tenant = target.store.allTenants()[change.user - 1];
  if (tenant === undefined) return; // replicas agree on the keys; a stranger's change has no owner here
  switch (change.kind) {
    case 'create':
      target.store.insertImageWithId(tenant, { ...change.image });
      tenant.countCreation(change.atMs);
      return;
    case 'update': {
      const image = tenant.images.get(change.id);
      if (image !== undefined) target.store.updateImage(tenant, image, change.changes);
      return;
    }
    case 'delete': {
      const image = tenant.images.get(change.id);
      if (image !== undefined) target.store.deleteImage(tenant, image);
      return;
    }
    case 'account':
      Object.assign(tenant.config, change.settings);
  }
}
