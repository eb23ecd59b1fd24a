import { faker as englishFaker } from '@faker-js/faker/locale/en';
import type { Mersenne53 } from './mersenne.ts';

/**
 * Prompt-like image names, exactly as these calls of @faker-js/faker 10 with the `en` locale made
 * them (the same draws from the same random source, in the same order):
 *
 *   const adjective = () => faker.word.adjective();
 *   faker.helpers.arrayElement([
 *     () => `${capitalize(adjective())} ${faker.animal.type()} in a ${faker.word.noun()} forest`,
 *     () => `${faker.location.city()} skyline at ${faker.helpers.arrayElement(['dawn', 'dusk', 'night', 'noon'])}`,
 *     () => `Portrait of a ${adjective()} ${faker.person.jobType().toLowerCase()}`,
 *     () => `${capitalize(faker.color.human())} ${faker.vehicle.type().toLowerCase()} on an empty road`,
 *     () => `${capitalize(adjective())} still life with ${faker.food.fruit().toLowerCase()}`,
 *     () => `${faker.helpers.arrayElement(RUSSIAN_SUBJECTS)}`,
 *     () => `${capitalize(faker.animal.type())} astronaut, ${adjective()} mood`,
 *     () => `Logo for ${faker.company.name()}`,
 *     () => `${capitalize(faker.word.noun())} #${faker.number.int({ min: 1, max: 99 })}`,
 *   ])().slice(0, 128)
 *
 * but with faker's per-call work done once: its word lists are read (and capitalised or lowered)
 * when this module loads, and its pattern expansions (`location.city`, `company.name`,
 * `person.firstName`, `person.lastName`) are written out by hand. What faker does per draw:
 * - `helpers.arrayElement(list)`: `list[Math.floor(next() * list.length)]` (no draw for one item);
 * - `number.int({ min, max })`: `Math.floor(next() * (max - min + 1) + min)`;
 * - `helpers.weightedArrayElement(items)`: `next() * total`, then the first item whose running
 *   sum of weights exceeds it;
 * - `person.sexType()`: `arrayElement(['female', 'male'])`.
 * seed.test.ts compares this with the faker calls above, for many seeds.
 */

// The en locale's data (what `new Faker({ locale: [en] })` reads: `base` defines none of these).
const data = englishFaker.rawDefinitions;

function list(value: unknown, name: string): readonly string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    throw new Error(`@faker-js/faker's en locale has no ${name}.`);
  }
  return value as string[];
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const ADJECTIVES = list(data.word?.adjective, 'word.adjective');
const ADJECTIVES_CAPITALIZED = ADJECTIVES.map(capitalize);
const NOUNS = list(data.word?.noun, 'word.noun');
const NOUNS_CAPITALIZED = NOUNS.map(capitalize);
const ANIMALS = list(data.animal?.type, 'animal.type');
const ANIMALS_CAPITALIZED = ANIMALS.map(capitalize);
const JOB_TYPES_LOWER = list(data.person?.job_type, 'person.job_type').map((text) => text.toLowerCase());
const COLORS_CAPITALIZED = list(data.color?.human, 'color.human').map(capitalize);
const VEHICLES_LOWER = list(data.vehicle?.type, 'vehicle.type').map((text) => text.toLowerCase());
const FRUITS_LOWER = list(data.food?.fruit, 'food.fruit').map((text) => text.toLowerCase());
const CITY_PREFIXES = list(data.location?.city_prefix, 'location.city_prefix');
const CITY_SUFFIXES = list(data.location?.city_suffix, 'location.city_suffix');
const CITY_NAMES = list(data.location?.city_name, 'location.city_name');
const LEGAL_ENTITY_TYPES = list(data.company?.legal_entity_type, 'company.legal_entity_type');
const FIRST_NAMES = data.person?.first_name;
const FEMALE_FIRST_NAMES = list(FIRST_NAMES?.female, 'person.first_name.female');
const MALE_FIRST_NAMES = list(FIRST_NAMES?.male, 'person.first_name.male');
const GENERIC_FIRST_NAMES = list(FIRST_NAMES?.generic, 'person.first_name.generic');
const LAST_NAMES = list(data.person?.last_name?.generic, 'person.last_name.generic');

// person.firstName(): a sex, then the sexed list (weight 3·√length) or the generic one (√length).
const FEMALE_WEIGHT = 3 * Math.sqrt(FEMALE_FIRST_NAMES.length);
const MALE_WEIGHT = 3 * Math.sqrt(MALE_FIRST_NAMES.length);
const GENERIC_WEIGHT = Math.sqrt(GENERIC_FIRST_NAMES.length);
const FEMALE_TOTAL = 0 + FEMALE_WEIGHT + GENERIC_WEIGHT;
const MALE_TOTAL = 0 + MALE_WEIGHT + GENERIC_WEIGHT;

// The patterns written out below, as en has them (a newer faker with other patterns is refused,
// rather than silently giving other names for the same seed).
const PATTERNS_EXPANDED_BELOW = {
  'location.city_pattern': [
    '{{location.city_prefix}} {{person.firstName}}{{location.city_suffix}}',
    '{{location.city_prefix}} {{person.firstName}}',
    '{{person.firstName}}{{location.city_suffix}}',
    '{{person.lastName}}{{location.city_suffix}}',
    '{{location.city_name}}',
  ],
  'company.name_pattern': [
    '{{person.lastName}} - {{person.lastName}}',
    '{{person.lastName}} {{company.legal_entity_type}}',
    '{{person.lastName}}, {{person.lastName}} and {{person.lastName}}',
  ],
  // person.lastName(): 95 × one generic last name, 5 × two joined by a hyphen.
  'person.last_name_pattern': {
    generic: [
      { value: '{{person.last_name.generic}}', weight: 95 },
      { value: '{{person.last_name.generic}}-{{person.last_name.generic}}', weight: 5 },
    ],
  },
};
for (const [path, expected] of Object.entries(PATTERNS_EXPANDED_BELOW)) {
  const [category, entry] = path.split('.') as [string, string];
  const actual = (data as Record<string, Record<string, unknown> | undefined>)[category]?.[entry];
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`@faker-js/faker's en ${path} is not the one seeding expands: seeding would no longer repeat its names.`);
  }
}

const TIMES_OF_DAY = ['dawn', 'dusk', 'night', 'noon'] as const;

const RUSSIAN_SUBJECTS = [
  'Кот в космосе', 'Зимний лес на рассвете', 'Старый маяк у моря', 'Лиса в осеннем парке',
  'Ночной город под дождём', 'Портрет девушки с веснушками', 'Горное озеро', 'Медведь в шапке-ушанке',
] as const;

/** `helpers.arrayElement(items)`. */
function pick<T>(random: Mersenne53, items: readonly T[]): T {
  return items[items.length > 1 ? Math.floor(random.next() * items.length) : 0] as T;
}

function firstName(random: Mersenne53): string {
  if (Math.floor(random.next() * 2) === 0) {
    return pick(random, random.next() * FEMALE_TOTAL < FEMALE_WEIGHT ? FEMALE_FIRST_NAMES : GENERIC_FIRST_NAMES);
  }
  return pick(random, random.next() * MALE_TOTAL < MALE_WEIGHT ? MALE_FIRST_NAMES : GENERIC_FIRST_NAMES);
}

function lastName(random: Mersenne53): string {
  random.next(); // person.sexType(), drawn although en's last names have no sexed patterns
  if (random.next() * 100 < 95) return pick(random, LAST_NAMES);
  const first = pick(random, LAST_NAMES);
  return `${first}-${pick(random, LAST_NAMES)}`;
}

/** location.city(): one of en's five city patterns, expanded left to right. */
function city(random: Mersenne53): string {
  switch (Math.floor(random.next() * 5)) {
    case 0: {
      const prefix = pick(random, CITY_PREFIXES);
      const first = firstName(random);
      return `${prefix} ${first}${pick(random, CITY_SUFFIXES)}`;
    }
    case 1: {
      const prefix = pick(random, CITY_PREFIXES);
      return `${prefix} ${firstName(random)}`;
    }
    case 2: {
      const first = firstName(random);
      return `${first}${pick(random, CITY_SUFFIXES)}`;
    }
    case 3: {
      const last = lastName(random);
      return `${last}${pick(random, CITY_SUFFIXES)}`;
    }
    default:
      return pick(random, CITY_NAMES);
  }
}

/** company.name(): one of en's three company patterns, expanded left to right. */
function companyName(random: Mersenne53): string {
  switch (Math.floor(random.next() * 3)) {
    case 0: {
      const first = lastName(random);
      return `${first} - ${lastName(random)}`;
    }
    case 1: {
      const last = lastName(random);
      return `${last} ${pick(random, LEGAL_ENTITY_TYPES)}`;
    }
    default: {
      const first = lastName(random);
      const second = lastName(random);
      return `${first}, ${second} and ${lastName(random)}`;
    }
  }
}

/** A name like the ones people give generated images: short prompts, a few in Russian. */
export function promptLikeName(random: Mersenne53): string {
  let name: string;
  switch (Math.floor(random.next() * 9)) {
    case 0: {
      const adjective = pick(random, ADJECTIVES_CAPITALIZED);
      const animal = pick(random, ANIMALS);
      name = `${adjective} ${animal} in a ${pick(random, NOUNS)} forest`;
      break;
    }
    case 1: {
      const place = city(random);
      name = `${place} skyline at ${pick(random, TIMES_OF_DAY)}`;
      break;
    }
    case 2: {
      const adjective = pick(random, ADJECTIVES);
      name = `Portrait of a ${adjective} ${pick(random, JOB_TYPES_LOWER)}`;
      break;
    }
    case 3: {
      const color = pick(random, COLORS_CAPITALIZED);
      name = `${color} ${pick(random, VEHICLES_LOWER)} on an empty road`;
      break;
    }
    case 4: {
      const adjective = pick(random, ADJECTIVES_CAPITALIZED);
      name = `${adjective} still life with ${pick(random, FRUITS_LOWER)}`;
      break;
    }
    case 5:
      name = pick(random, RUSSIAN_SUBJECTS);
      break;
    case 6: {
      const animal = pick(random, ANIMALS_CAPITALIZED);
      name = `${animal} astronaut, ${pick(random, ADJECTIVES)} mood`;
      break;
    }
    case 7:
      name = `Logo for ${companyName(random)}`;
      break;
    default: {
      const noun = pick(random, NOUNS_CAPITALIZED);
      name = `${noun} #${Math.floor(random.next() * 99 + 1)}`;
      break;
    }
  }
  return name.slice(0, 128);
}
