import type { components } from '../../types/openapi.ts';
import type { Clock } from '../clock.ts';
import type { Filter, Medium, Resolution, Style } from './enums.ts';
import { fail } from '../errors.ts';
import type { StoredImage } from './image.ts';
import type { RequestInput } from './input.ts';
import { ListPageCache } from '../list/page-cache.ts';
import type { Locales, Translator } from '../locale/translator.ts';
import { parseListQuery, type ListQuery } from '../list/list-query.ts';
import { paginationJson } from '../list/pagination.ts';
import { encodeControllerJson } from '../php/json.ts';
import { isPhpInteger, numericValue } from '../php/values.ts';
import { ResourceJsonCache } from './resource-json.ts';
import { randomUuid, type RandomSource } from '../random.ts';
import type { StateCoordinator } from '../state/coordinator.ts';
import type { MemoryStore, Tenant } from '../state/store.ts';
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
  /** Decides and orders every write (in memory by default; across replicas with a shared store). */
  coordinator: StateCoordinator;
  clock: Clock;
  /** Draws the `<uuid>` of created images. */
  random: RandomSource;
  /** The site's page size when `per_page` is missing or not allowed (25 on ailuna.ru). */
  perPageDefault: number;
  /** The site's banned words (empty as shipped). */
  bannedWords?: readonly string[];
  /** The site's languages: each account is answered in its own (validation messages, page labels). */
  locales: Locales;
  /** Called after every change of the stored images (persistence writes the state then). */
  onChange?: () => void;
}

type Schemas = components['schemas'];

/** A controller's answer: status and JSON text, plus the silently ignored mistakes to report. */
export interface ServiceResult {
  status: number;
  /** The body as upstream encodes it (`json_encode`): an ImageList, ImageEnvelope or DeletedImage. */
  json: string;
  /** The same body as UTF-8, when it is kept ready (cached pages): sent as is. */
  bytes?: Uint8Array;
  warnings: string[];
}

/**
 * The five operations of the Images API controller, over one user's images. Failures are thrown
 * as ApiErrors (validation, not found); the caller has already authenticated the user.
 */
export class ImagesService {
  private readonly resources = new ResourceJsonCache();
  private readonly pages = new ListPageCache();

  constructor(private readonly options: ImagesServiceOptions) {}

  list(tenant: Tenant, input: RequestInput, origin: string): ServiceResult {
    const query = parseListQuery(input, this.options.perPageDefault);
    const lang = this.lang(tenant);
    // Unfiltered pages repeat (every front end asks for the first one): keep their text until a
    // write. The locale is part of the key: an account's locale can change at run time.
    const cacheKey = isUnfiltered(query) ? `${origin} ${lang.locale} ${query.page} ${JSON.stringify(query.linkParameters)}` : null;
    if (cacheKey === null) return { status: 200, json: this.listJson(tenant, query, origin, lang), warnings: query.warnings };
    const page = this.pages.get(tenant, cacheKey) ?? this.pages.set(tenant, cacheKey, this.listJson(tenant, query, origin, lang));
    return { status: 200, json: page.json, bytes: page.bytes, warnings: query.warnings };
  }

  show(tenant: Tenant, id: string, origin: string): ServiceResult {
    return { status: 200, json: this.envelope(this.find(tenant, id), origin), warnings: [] };
  }

  /** Validates, then "generates" the image (synchronously, as upstream) and answers 201. */
  async create(tenant: Tenant, input: RequestInput, origin: string): Promise<ServiceResult> {
    const nowMs = this.options.clock.now();
    const lang = this.lang(tenant);
    const rules = (quotaReached: boolean) => storeRules({ quotaReached, bannedWords: this.options.bannedWords ?? [] });
    const messages = validate(input, rules(tenant.quotaReachedAt(nowMs)), lang);
    if (Object.keys(messages).length > 0) fail({ kind: 'validation', messages });
    // Upstream's variations branch ends in a 404 (it calls a model endpoint that does not exist).
    if (input.has('variations')) fail({ kind: 'resource-not-found' });
    const now = Math.floor(nowMs / 1000);
    const image = await this.options.coordinator.create(tenant, {
      name: input.get('name') as string,
      style: (input.get('style') ?? null) as Style | null,
      medium: (input.get('medium') ?? null) as Medium | null,
      filter: (input.get('filter') ?? null) as Filter | null,
      resolution: input.get('resolution') as Resolution,
      result: `${randomUuid(this.options.random)}.jpg`,
      favorite: false,
      createdAt: now,
      updatedAt: now,
    }, nowMs);
    // Another replica used the last of the allowance meanwhile: the answer upstream gives then.
    if (image === 'quota-reached') fail({ kind: 'validation', messages: validate(input, rules(true), lang) });
    this.options.onChange?.();
    // Upstream answers 201 with "status": 200 in the body.
    return {
      status: 201,
      json: this.envelope(image, origin),
      warnings: ignoredFields(input, STORE_FIELDS, 'store reads only name, description, resolution, style, medium, filter and variations'),
    };
  }

  /** PUT and PATCH: only `name` and `favorite` change; validation comes before the lookup. */
  async update(tenant: Tenant, id: string, input: RequestInput, origin: string): Promise<ServiceResult> {
    if (input.has('user_id')) fail({ kind: 'unauthorized-action' });
    const messages = validate(input, UPDATE_RULES, this.lang(tenant));
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
      // Eloquent touches updated_at only when an attribute really changed.
      const outcome = await this.options.coordinator.update(tenant, image, { ...changes, updatedAt: Math.floor(this.options.clock.now() / 1000) });
      if (outcome === 'gone') fail({ kind: 'resource-not-found' });
      this.options.onChange?.();
    }
    // A shared store may have replaced the tenants and images while the write was out (a
    // snapshot loaded): answer from the stored image, as it is after the write.
    const stored = this.options.store.allTenants()[tenant.userId - 1]?.images.get(image.id) ?? image;
    return {
      status: 200,
      json: this.envelope(stored, origin),
      warnings: ignoredFields(input, UPDATE_FIELDS, 'only name and favorite change on update'),
    };
  }

  async destroy(tenant: Tenant, id: string): Promise<ServiceResult> {
    const image = this.find(tenant, id);
    if (await this.options.coordinator.delete(tenant, image) === 'gone') fail({ kind: 'resource-not-found' });
    this.options.onChange?.();
    const body: Schemas['DeletedImage'] = { id: image.id, object: 'image', deleted: true, status: 200 };
    return { status: 200, json: encodeControllerJson(body), warnings: [] };
  }

  /**
   * The list body, joined from each image's ready JSON: `json_encode` of an object is the
   * encodings of its members in order, so the bytes are those of encoding the whole.
   */
  private listJson(tenant: Tenant, query: ListQuery, origin: string, lang: Translator): string {
    const page = tenant.index.run(query);
    const blocks = paginationJson(page, `${origin}/api/v1/images`, query.linkParameters, lang.labels);
    const data = page.items.map((image) => this.resources.json(image, origin)).join(',');
    return `{"data":[${data}],"links":${blocks.links},"meta":${blocks.meta},"status":200}`;
  }

  /** The translator of the account's locale. */
  private lang(tenant: Tenant): Translator {
    return this.options.locales.forAccount(tenant.config.locale);
  }

  /** `{"data": <image>, "status": 200}` (ImageEnvelope). */
  private envelope(image: StoredImage, origin: string): string {
    return `{"data":${this.resources.json(image, origin)},"status":200}`;
  }

  private find(tenant: Tenant, id: string): StoredImage {
    return this.options.store.findImage(tenant, id) ?? fail({ kind: 'resource-not-found' });
  }
}

function isUnfiltered(query: ListQuery): boolean {
  return query.search === null && query.favorite === undefined && query.resolution === undefined
    && query.style === undefined && query.medium === undefined && query.filter === undefined;
}
