import { foldForCollation, mysqlNumericPrefix } from '../list/collation.ts';
import { constantTimeEquals } from '../constant-time.ts';
import type { StoredImage } from '../images/image.ts';
import { ImageIndex } from '../list/image-index.ts';

/** How a key is set up: its plan may lack API access, or cap the images it may create. */
export interface TenantConfig {
  key: string;
  /** false = the plan has no API access: every images route answers 403. */
  apiAccess: boolean;
  /** The plan's monthly allowance: images the key may create through the API in a month; null = unlimited. */
  quota: number | null;
  /**
   * An allowance set for one month only (`--user-quotas`, the admin API): in `month` it replaces
   * `quota`; in other months the plan's allowance applies again. Absent or null: none.
   */
  monthQuota?: MonthQuota | null;
  /**
   * The account's locale (`users.locale`); null or one that is not installed: the site default.
   * Absent in states saved before locales existed.
   */
  locale?: string | null;
}

/** An account's allowance for one UTC month (`2026-11`); null = unlimited that month. */
export interface MonthQuota {
  month: string;
  quota: number | null;
}

/** One user of the API (upstream: a user row with its api_token and plan). */
export class Tenant {
  /**
   * Images this key created through the API in `createdInMonth` (seeded images do not count,
   * deletes give none back).
   */
  createdThroughApi = 0;
  /** The UTC month (`2026-11`) that `createdThroughApi` counts. */
  createdInMonth = '';
  readonly images = new Map<number, StoredImage>();
  /** The same images indexed for lists; the store keeps it in step with `images`. */
  readonly index = new ImageIndex();

  constructor(readonly config: TenantConfig, readonly userId: number) {}

  /** Whether the plan's allowance for the month of `nowMs` is used up. */
  quotaReachedAt(nowMs: number): boolean {
    const quota = this.quotaAt(nowMs);
    return quota !== null && this.createdThisMonth(nowMs) >= quota;
  }

  /** The allowance of the month of `nowMs` (images created through the API included); null = unlimited. */
  quotaAt(nowMs: number): number | null {
    const special = this.config.monthQuota;
    return special != null && special.month === monthOf(nowMs) ? special.quota : this.config.quota;
  }

  /** Counts one image created through the API at `nowMs`. */
  countCreation(nowMs: number): void {
    this.createdThroughApi = this.createdThisMonth(nowMs) + 1;
    this.createdInMonth = monthOf(nowMs);
  }

  /** What the account may still create in the month of `nowMs`; null = unlimited. */
  remainingAt(nowMs: number): number | null {
    const quota = this.quotaAt(nowMs);
    return quota === null ? null : Math.max(0, quota - this.createdThisMonth(nowMs));
  }

  /** Images created through the API in the month of `nowMs`. */
  // Upstream's images_month_count is zeroed by a monthly cron (cron:clear-user-usages).
  createdThisMonth(nowMs: number): number {
    return this.createdInMonth === monthOf(nowMs) ? this.createdThroughApi : 0;
  }
}

/**
 * The in-memory state of the fake: users keyed by API key, each with its own images, and ids
 * that are unique across users and grow with creation time (one auto-increment, as upstream).
 */
export class MemoryStore {
  private readonly tenants: Tenant[] = [];
  /** Each tenant's key as the database compares it, in the order of `tenants`. */
  private readonly foldedKeys: string[] = [];
  private readonly imageByResult = new Map<string, StoredImage>();
  private lastId = 0;

  /** Forgets every user and image; ids start again from 1. */
  clear(): void {
    this.tenants.length = 0;
    this.foldedKeys.length = 0;
    this.imageByResult.clear();
    this.lastId = 0;
  }

  addTenant(config: TenantConfig): Tenant {
    const tenant = new Tenant(config, this.tenants.length + 1);
    this.tenants.push(tenant);
    this.foldedKeys.push(keyIndex(config.key));
    return tenant;
  }

  allTenants(): readonly Tenant[] {
    return this.tenants;
  }

  /** The last id handed out (the auto-increment). */
  get lastIssuedId(): number {
    return this.lastId;
  }

  /** Restores the auto-increment (from a saved state): ids never repeat across restarts. */
  set lastIssuedId(id: number) {
    this.lastId = Math.max(this.lastId, id);
  }

  /**
   * The user whose key equals `token` under the database collation (case-insensitive,
   * trailing spaces ignored), as `where api_token = ?` finds it.
   */
  findTenantByToken(token: string): Tenant | undefined {
    // Every key is compared in full, in constant time: how long a refusal takes tells nothing.
    const folded = keyIndex(token);
    let found: Tenant | undefined;
    this.tenants.forEach((tenant, index) => {
      if (constantTimeEquals(this.foldedKeys[index] as string, folded) && found === undefined) found = tenant;
    });
    return found;
  }

  /** Inserts an image with the next id. */
  insertImage(tenant: Tenant, fields: Omit<StoredImage, 'id'>): StoredImage {
    const image: StoredImage = { id: ++this.lastId, ...fields };
    tenant.images.set(image.id, image);
    tenant.index.insert(image);
    this.imageByResult.set(image.result, image);
    return image;
  }

  /** Inserts an image with a given id (seeding), keeping the auto-increment ahead of it. */
  insertImageWithId(tenant: Tenant, image: StoredImage): void {
    const existing = tenant.images.get(image.id);
    if (existing !== undefined) this.deleteImage(tenant, existing);
    tenant.images.set(image.id, image);
    tenant.index.insert(image);
    this.imageByResult.set(image.result, image);
    this.lastId = Math.max(this.lastId, image.id);
  }

  /**
   * `where id = ? and user_id = ?` with the id as the URL gave it: MySQL reads the string as a
   * number (`5abc`, `05`, `5.0`, ` 5` are 5; `5.9` is no image).
   */
  findImage(tenant: Tenant, idText: string): StoredImage | undefined {
    const id = mysqlNumericPrefix(idText);
    return Number.isSafeInteger(id) ? tenant.images.get(id) : undefined;
  }

  /** Changes the fields an update may change (every change of an image goes through here). */
  updateImage(tenant: Tenant, image: StoredImage, changes: Partial<Pick<StoredImage, 'name' | 'favorite' | 'updatedAt'>>): void {
    const previousName = image.name;
    Object.assign(image, changes);
    tenant.index.update(image, previousName);
  }

  deleteImage(tenant: Tenant, image: StoredImage): void {
    tenant.images.delete(image.id);
    tenant.index.delete(image);
    this.imageByResult.delete(image.result);
  }

  /** The image whose file is `<uuid>.jpg`, whoever owns it (the uploads folder is public). */
  findImageByResult(result: string): StoredImage | undefined {
    return this.imageByResult.get(result);
  }
}

/** The UTC month of an instant, as the quota counts it: `2026-11`. */
export function monthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

function keyIndex(key: string): string {
  const trimmed = key.replace(/ +$/, '');
  // Keys are ASCII as a rule (every request folds one): there the collation's folding is lower case.
  return /^[ -~]*$/.test(trimmed) ? trimmed.toLowerCase() : foldForCollation(trimmed);
}
