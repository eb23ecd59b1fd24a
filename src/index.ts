/**
 * ailuna-images-kit: a faithful, stateful fake of the ailuna.ru Images API v1.
 *
 * @example
 * import { createApp } from 'ailuna-images-kit';
 * createApp({ seed: 7, keys: ['my-key'] }).listen(4010, '127.0.0.1');
 */
export { createApp, type CreateAppOptions } from './http/app.ts';
export { createFake, type Fake, type FakeOptions } from './core/fake.ts';
export type { FakeSettings } from './core/settings.ts';
export { ApiHandler, type ApiRequest } from './core/protocol/handler.ts';
export type { ApiResponse } from './core/protocol/response.ts';
export { MemoryStore, Tenant, type TenantConfig } from './core/state/store.ts';
export { ImagesService } from './core/images/service.ts';
export {
  applyChange, SharedStoreUnavailable,
  type CoordinatorHost, type ImageChanges, type StateChange, type StateCoordinator, type StoreHealth,
} from './core/state/coordinator.ts';
export type { HealthReport } from './core/state/health.ts';
export { LocalCoordinator } from './core/state/local-coordinator.ts';
export { manualClock, systemClock, type Clock } from './core/clock.ts';
export type { Logger } from './core/logger.ts';
export type { ImageResource, StoredImage } from './core/images/image.ts';
export * from './core/images/enums.ts';
export * from './core/defaults.ts';
export { renderImageJpeg } from './core/render/index.ts';
export { loadSpec } from './openapi/load.ts';
export { createResponseValidator } from './openapi/validator.ts';
export {
  createAdminClient, type AccountPatch, type AccountView, type AdminClient, type FaultsPatch, type FaultsView,
} from './http/admin-client.ts';
export { Locales, SITE_STRINGS, parseTranslationFile, type TranslationFile } from './core/locale/translator.ts';
export type { JournalEntry, NearMiss } from './core/journal/entries.ts';
