import type { components } from '../types/openapi.ts';
import type { Clock } from './clock.ts';
import type { Filter, Medium, Resolution, Style } from './enums.ts';
import { fail } from './errors.ts';
import { toResource, type StoredImage } from './image.ts';
import type { RequestInput } from './input.ts';
import { parseListQuery } from './list-query.ts';
import { paginationBlocks } from './pagination.ts';
import { isPhpInteger, numericValue } from './php/values.ts';
import { runListQuery } from './query-engine.ts';
import { randomUuid, type RandomSource } from './random.ts';
import type { MemoryStore, Tenant } from './store.ts';
import { storeRules, UPDATE_RULES, validate } from './validation.ts';

// Fields the API reads besides the operation's own: the key and the method override.
const TRANSPORT_FIELDS = ['api_token', '_method'];
const STORE_FIELDS = ['name', 'description', 'resolution', 'style', 'medium', 'filter', 'variations', ...TRANSPORT_FIELDS];
const UPDATE_FIELDS = ['name', 'favorite', ...TRANSPORT_FIELDS];

/** A warning naming the fields upstream silently ignores, if any were sent. */
function ignoredFields(input: RequestInput, known: readonly string[], why: string): string[] {
  const ignored = Object.keys(input.all()).filter((field) => !known.includes(field));
  return ignored.length === 0 ? [] : [`${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored: ${why}.`];
}

export interface ImagesServiceOptions {
  store: MemoryStore;
  clock: Clock;
  /** Draws the `<uuid>` of created images. */
  random: RandomSource;
  /** The site's page size when `per_page` is missing or not allowed (25 on ailuna.ru). */
  perPageDefault: number;
  /** The site's banned words (empty as shipped). */
  bannedWords?: readonly string[];
  /** Called after every change of the stored images (persistence writes the state then). */
  onChange?: () => void;
}

type Schemas = components['schemas'];
/** The bodies the controllers answer with, typed by the OpenAPI document's generated types. */
export type ServiceBody = Schemas['ImageList'] | Schemas['ImageEnvelope'] | Schemas['DeletedImage'];

/** A controller's answer: status and body, plus the silently ignored mistakes to report. */
export interface ServiceResult {
  status: number;
  body: ServiceBody;
  warnings: string[];
}

/**
 * The five operations of the Images API controller, over one user's images. Failures are thrown
 * as ApiErrors (validation, not found); the caller has already authenticated the user.
 */
export class ImagesService {
  constructor(private readonly options: ImagesServiceOptions) {}

  list(tenant: Tenant, input: RequestInput, origin: string): ServiceResult {
    const query = parseListQuery(input, this.options.perPageDefault);
    const page = runListQuery(tenant.images.values(), query);
    const { links, meta } = paginationBlocks(page, `${origin}/api/v1/images`, query.linkParameters);
    return {
      status: 200,
      body: { data: page.items.map((image) => toResource(image, origin)), links, meta, status: 200 },
      warnings: query.warnings,
    };
  }

  show(tenant: Tenant, id: string, origin: string): ServiceResult {
    const image = this.find(tenant, id);
    return { status: 200, body: { data: toResource(image, origin), status: 200 }, warnings: [] };
  }

  /** Validates, then "generates" the image (synchronously, as upstream) and answers 201. */
  create(tenant: Tenant, input: RequestInput, origin: string): ServiceResult {
    const nowMs = this.options.clock.now();
    const messages = validate(input, storeRules({
      quotaReached: tenant.quotaReachedAt(nowMs),
      bannedWords: this.options.bannedWords ?? [],
    }));
    if (Object.keys(messages).length > 0) fail({ kind: 'validation', messages });
    // Upstream's variations branch ends in a 404 (it calls a model endpoint that does not exist).
    if (input.has('variations')) fail({ kind: 'resource-not-found' });
    const now = Math.floor(nowMs / 1000);
    const image = this.options.store.insertImage(tenant, {
      name: input.get('name') as string,
      style: (input.get('style') ?? null) as Style | null,
      medium: (input.get('medium') ?? null) as Medium | null,
      filter: (input.get('filter') ?? null) as Filter | null,
      resolution: input.get('resolution') as Resolution,
      result: `${randomUuid(this.options.random)}.jpg`,
      favorite: false,
      createdAt: now,
      updatedAt: now,
    });
    tenant.countCreation(nowMs);
    this.options.onChange?.();
    // Upstream answers 201 with "status": 200 in the body.
    return {
      status: 201,
      body: { data: toResource(image, origin), status: 200 },
      warnings: ignoredFields(input, STORE_FIELDS, 'store reads only name, description, resolution, style, medium, filter and variations'),
    };
  }

  /** PUT and PATCH: only `name` and `favorite` change; validation comes before the lookup. */
  update(tenant: Tenant, id: string, input: RequestInput, origin: string): ServiceResult {
    if (input.has('user_id')) fail({ kind: 'unauthorized-action' });
    const messages = validate(input, UPDATE_RULES);
    if (Object.keys(messages).length > 0) fail({ kind: 'validation', messages });
    const image = this.find(tenant, id);
    const changes: Partial<Pick<StoredImage, 'name' | 'favorite'>> = {};
    if (input.has('name')) changes.name = input.get('name') as string;
    const favorite = input.get('favorite');
    if (input.has('favorite') && isPhpInteger(favorite)) {
      changes.favorite = numericValue(favorite === true ? 1 : (favorite as string | number)) === 1;
    }
    const changed = (changes.name !== undefined && changes.name !== image.name)
      || (changes.favorite !== undefined && changes.favorite !== image.favorite);
    if (changed) {
      Object.assign(image, changes);
      // Eloquent touches updated_at only when an attribute really changed.
      image.updatedAt = Math.floor(this.options.clock.now() / 1000);
      this.options.onChange?.();
    }
    return {
      status: 200,
      body: { data: toResource(image, origin), status: 200 },
      warnings: ignoredFields(input, UPDATE_FIELDS, 'only name and favorite change on update'),
    };
  }

  destroy(tenant: Tenant, id: string): ServiceResult {
    const image = this.find(tenant, id);
    this.options.store.deleteImage(tenant, image);
    this.options.onChange?.();
    return { status: 200, body: { id: image.id, object: 'image', deleted: true, status: 200 }, warnings: [] };
  }

  private find(tenant: Tenant, id: string): StoredImage {
    return this.options.store.findImage(tenant, id) ?? fail({ kind: 'resource-not-found' });
  }
}
