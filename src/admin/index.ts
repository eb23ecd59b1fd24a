/**
 * The admin client alone, safe for a browser bundle: web-standard `fetch` only (no `node:` imports,
 * no Express), so a front-end test can reset the fake or switch its faults from the page. The
 * server must send CORS headers for the page's origin (it does: `*` unless `--cors-origin` says
 * otherwise).
 *
 * @example
 * import { createAdminClient } from 'ailuna-images-kit/admin';
 * const admin = createAdminClient('http://127.0.0.1:4010');
 * await admin.reset();
 * await admin.setFaults({ errorRate: 1 });   // every API call now fails
 */
export {
  createAdminClient, type AccountPatch, type AccountView, type AdminClient, type AdminState, type FaultsPatch, type FaultsView,
} from '../http/admin-client.ts';
export type { JournalEntry, NearMiss } from '../core/journal/entries.ts';
