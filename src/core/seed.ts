import { Faker, en } from '@faker-js/faker';
import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES, type Filter, type Medium, type Resolution, type Style } from './enums.ts';
import type { StoredImage } from './image.ts';
import { randomUuid, seededRandom } from './random.ts';
import type { MemoryStore, Tenant } from './store.ts';

export interface SeedOptions {
  seed: number;
  /** Images per key. */
  count: number;
  /** Seeded timestamps fall in the months before this instant (ms), so bytes never depend on today. */
  referenceDate: number;
}

const DAY = 86_400;
const SPREAD_DAYS = 180;

/**
 * Fills every tenant with `count` deterministic images: prompt-like names, a realistic spread of
 * resolutions, styles, mediums and filters (with nulls), about 20% favourites, creation times over
 * the half year before the reference date, and ids that grow with creation time across all users.
 */
export function seedStore(store: MemoryStore, tenants: readonly Tenant[], options: SeedOptions): void {
  const faker = new Faker({ locale: [en] });
  faker.seed(options.seed);
  const uuidRandom = seededRandom(`uuids:${options.seed}`);
  const end = Math.floor(options.referenceDate / 1000);
  const drafts: Array<{ tenant: Tenant; image: Omit<StoredImage, 'id'> }> = [];
  for (const tenant of tenants) {
    for (let i = 0; i < options.count; i++) {
      const createdAt = end - faker.number.int({ min: 3600, max: SPREAD_DAYS * DAY });
      const favorite = faker.number.float() < 0.2;
      // Favourited or renamed images were touched later than they were made.
      const touched = favorite || faker.number.float() < 0.15;
      const updatedAt = touched ? faker.number.int({ min: createdAt, max: end - 60 }) : createdAt;
      drafts.push({
        tenant,
        image: {
          name: promptLikeName(faker),
          style: pickOrNull(faker, STYLES, 0.2) as Style | null,
          medium: pickOrNull(faker, MEDIUMS, 0.45) as Medium | null,
          filter: pickOrNull(faker, FILTERS, 0.75) as Filter | null,
          resolution: faker.helpers.weightedArrayElement([
            { value: RESOLUTIONS[0], weight: 2 },
            { value: RESOLUTIONS[1], weight: 3 },
            { value: RESOLUTIONS[2], weight: 5 },
          ]) as Resolution,
          result: `${randomUuid(uuidRandom)}.jpg`,
          favorite,
          createdAt,
          updatedAt,
        },
      });
    }
  }
  // Ids follow creation time across all users, as one auto-increment would give them.
  drafts.sort((a, b) => a.image.createdAt - b.image.createdAt);
  drafts.forEach(({ tenant, image }, index) => store.insertImageWithId(tenant, { id: index + 1, ...image }));
}

function pickOrNull(faker: Faker, values: readonly string[], nullShare: number): string | null {
  return faker.number.float() < nullShare ? null : faker.helpers.arrayElement(values);
}

const RUSSIAN_SUBJECTS = [
  'Кот в космосе', 'Зимний лес на рассвете', 'Старый маяк у моря', 'Лиса в осеннем парке',
  'Ночной город под дождём', 'Портрет девушки с веснушками', 'Горное озеро', 'Медведь в шапке-ушанке',
] as const;

/** A name like the ones people give generated images: short prompts, a few in Russian. */
function promptLikeName(faker: Faker): string {
  const adjective = () => faker.word.adjective();
  const templates: Array<() => string> = [
    () => `${capitalize(adjective())} ${faker.animal.type()} in a ${faker.word.noun()} forest`,
    () => `${faker.location.city()} skyline at ${faker.helpers.arrayElement(['dawn', 'dusk', 'night', 'noon'])}`,
    () => `Portrait of a ${adjective()} ${faker.person.jobType().toLowerCase()}`,
    () => `${capitalize(faker.color.human())} ${faker.vehicle.type().toLowerCase()} on an empty road`,
    () => `${capitalize(adjective())} still life with ${faker.food.fruit().toLowerCase()}`,
    () => `${faker.helpers.arrayElement(RUSSIAN_SUBJECTS)}`,
    () => `${capitalize(faker.animal.type())} astronaut, ${adjective()} mood`,
    () => `Logo for ${faker.company.name()}`,
    () => `${capitalize(faker.word.noun())} #${faker.number.int({ min: 1, max: 99 })}`,
  ];
  return faker.helpers.arrayElement(templates)().slice(0, 128);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
