import type { StoredImage } from '../images/image.ts';
import type { MemoryStore, MonthQuota } from './store.ts';
import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES } from '../images/enums.ts';
import { LOCALE_CODE } from '../locale/translator.ts';

/** What `--data FILE` keeps: every user's images and counters, and the auto-increment. */
export interface SavedState {
  format: 'ailuna-images-kit/state@1';
  lastId: number;
  users: Array<{
    key: string;
    apiAccess: boolean;
    quota: number | null;
    /** The account's locale (absent in files written before locales existed: none). */
    locale?: string | null;
    /** An allowance set for one month (absent in older files: none). */
    monthQuota?: MonthQuota | null;
    createdThroughApi: number;
    createdInMonth: string;
    images: StoredImage[];
  }>;
}

/** The store as a saved state. */
export function saveState(store: MemoryStore): SavedState {
  return {
    format: 'ailuna-images-kit/state@1',
    lastId: store.lastIssuedId,
    users: store.allTenants().map((tenant) => ({
      key: tenant.config.key,
      apiAccess: tenant.config.apiAccess,
      quota: tenant.config.quota,
      locale: tenant.config.locale ?? null,
      monthQuota: tenant.config.monthQuota ?? null,
      createdThroughApi: tenant.createdThroughApi,
      createdInMonth: tenant.createdInMonth,
      images: [...tenant.images.values()].sort((a, b) => a.id - b.id),
    })),
  };
}

/** Thrown for a state that cannot be used; the message says what is wrong where. */
export class StateFileError extends Error {}

/** Checks a parsed state file thoroughly (a half-valid file must never pass as a reset). */
export function checkState(value: unknown, source: string): SavedState {
  const fail = (what: string): never => {
    throw new StateFileError(`${source} is not a state file of ailuna-images-kit: ${what}.`);
  };
  const state = value as Partial<SavedState> | null;
  if (typeof state !== 'object' || state === null) fail('it is not a JSON object');
  if (state!.format !== 'ailuna-images-kit/state@1') fail(`its "format" is ${JSON.stringify(state!.format)}, expected "ailuna-images-kit/state@1"`);
  if (!Number.isSafeInteger(state!.lastId) || (state!.lastId as number) < 0) fail('"lastId" is not a whole number');
  if (!Array.isArray(state!.users)) fail('"users" is not a list');
  const ids = new Set<number>();
  state!.users!.forEach((user, u) => {
    if (typeof user?.key !== 'string' || user.key === '') fail(`users[${u}].key is not a key`);
    if (!Array.isArray(user.images)) fail(`users[${u}].images is not a list`);
    if (user.locale !== undefined && user.locale !== null && (typeof user.locale !== 'string' || !LOCALE_CODE.test(user.locale))) fail(`users[${u}].locale is ${JSON.stringify(user.locale)}, not a locale code`);
    if (user.quota !== null && !(Number.isSafeInteger(user.quota) && user.quota >= 0)) fail(`users[${u}].quota is ${JSON.stringify(user.quota)}, not a whole number or null`);
    const special = user.monthQuota;
    if (special != null && (typeof special.month !== 'string' || !/^\d{4}-\d{2}$/.test(special.month) || (special.quota !== null && !(Number.isSafeInteger(special.quota) && special.quota >= 0)))) {
      fail(`users[${u}].monthQuota is ${JSON.stringify(special)}, not {"month":"YYYY-MM","quota":N or null}`);
    }
    user.images.forEach((image, i) => {
      const where = `users[${u}].images[${i}]`;
      if (!Number.isSafeInteger(image?.id) || image.id < 1 || image.id > (state!.lastId as number)) fail(`${where}.id is not an id up to lastId`);
      if (ids.has(image.id)) fail(`${where}.id ${image.id} appears twice`);
      ids.add(image.id);
      if (typeof image.name !== 'string' || typeof image.result !== 'string' || typeof image.favorite !== 'boolean') fail(`${where} lacks name, result or favorite`);
      if (!(RESOLUTIONS as readonly string[]).includes(image.resolution)) fail(`${where}.resolution is ${JSON.stringify(image.resolution)}`);
      for (const [field, allowed] of [['style', STYLES], ['medium', MEDIUMS], ['filter', FILTERS]] as const) {
        const v = image[field];
        if (v !== null && !(allowed as readonly string[]).includes(v as string)) fail(`${where}.${field} is ${JSON.stringify(v)}`);
      }
      if (!Number.isFinite(image.createdAt) || !Number.isFinite(image.updatedAt)) fail(`${where} lacks createdAt or updatedAt`);
    });
  });
  return state as SavedState;
}

/** Replaces the store's contents with a saved state. */
export function restoreState(store: MemoryStore, state: SavedState): void {
  store.clear();
  for (const user of state.users) {
    const tenant = store.addTenant({ key: user.key, apiAccess: user.apiAccess, quota: user.quota, locale: user.locale ?? null, monthQuota: user.monthQuota ?? null });
    tenant.createdThroughApi = user.createdThroughApi;
    tenant.createdInMonth = user.createdInMonth;
    for (const image of user.images) store.insertImageWithId(tenant, { ...image });
  }
  store.lastIssuedId = state.lastId;
}
