import type { JournalEntry, NearMiss } from '../core/journal.ts';

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
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
