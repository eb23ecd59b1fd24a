import type { JournalEntry, NearMiss } from '../core/journal/entries.ts';

export interface FaultsView {
  latency: string | null;
  errorRate: number;
  rateLimit: number;
  generationDelay: string | null;
}

export interface FaultsPatch {
  latency?: string | number | null;
  errorRate?: number;
  rateLimit?: number;
  generationDelay?: string | number | null;
}

/** An account as GET /__admin/accounts shows it (never its whole key). */
export interface AccountView {
  /** Its number: name it so in `account()` and `setAccount()` (or by its whole key). */
  account: number;
  /** The key's first and last characters. */
  key: string;
  apiAccess: boolean;
  /** The account's own locale (null = none). */
  locale: string | null;
  /** The locale it is answered in: its own when installed, else the site default, else en. */
  answeredIn: string;
  /** The month's allowance (images created through the API this month included); null = unlimited. */
  quota: number | null;
  createdThisMonth: number;
  /** Images it may still create this month; null = unlimited. */
  remaining: number | null;
  images: number;
}

export interface AccountPatch {
  /** A locale code (`ru`), or null for none (the site default answers). */
  locale?: string | null;
  /** Images it may still create this month (0 = used up), or null for unlimited. */
  remaining?: number | null;
}

export interface AdminState {
  seed: number;
  count: number;
  users: Array<{ apiAccess: boolean; images: number }>;
}

/**
 * A typed client of the fake's /__admin API, for tests.
 *
 * @example
 * const admin = createAdminClient('http://127.0.0.1:4010');
 * await admin.clearRequests();
 * // … the app under test does its thing …
 * const [last] = await admin.requests();
 * expect(last.method).toBe('POST');
 */
export function createAdminClient(origin: string, options: { token?: string; fetch?: typeof fetch } = {}) {
  const fetchImpl = options.fetch ?? fetch;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetchImpl(`${origin.replace(/\/+$/, '')}/__admin${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(options.token === undefined ? {} : { 'X-Admin-Token': options.token }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new Error(`${method} /__admin${path} answered ${response.status}: ${text}`);
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  return {
    /** The journal, newest first. */
    requests: async (limit?: number) => (await call<{ requests: JournalEntry[] }>('GET', `/requests${limit ? `?limit=${limit}` : ''}`)).requests,
    clearRequests: () => call<void>('DELETE', '/requests'),
    nearMisses: async () => (await call<{ nearMisses: NearMiss[] }>('GET', '/near-misses')).nearMisses,
    reset: () => call<AdminState>('POST', '/reset'),
    reseed: (options: { seed?: number; count?: number }) => call<AdminState>('POST', '/reseed', options),
    faults: () => call<FaultsView>('GET', '/faults'),
    setFaults: (patch: FaultsPatch) => call<FaultsView>('PATCH', '/faults', patch),
    /** Every account, with its locale and allowance. */
    accounts: () => call<{ siteLocale: string; installedLocales: string[]; accounts: AccountView[] }>('GET', '/accounts'),
    /** One account, by its number or its whole key. */
    account: (account: number | string) => call<AccountView>('GET', `/accounts/${encodeURIComponent(String(account))}`),
    /**
     * Changes an account until the next reset: `{ locale: 'ru' }`, `{ remaining: 0 }` (its allowance used up).
     *
     * @example
     * await admin.setAccount(1, { locale: 'ru', remaining: 0 });
     */
    setAccount: (account: number | string, patch: AccountPatch) => call<AccountView>('PATCH', `/accounts/${encodeURIComponent(String(account))}`, patch),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
