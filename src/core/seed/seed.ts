import { FILTERS, MEDIUMS, RESOLUTIONS, STYLES, type Resolution } from '../images/enums.ts';
import type { StoredImage } from '../images/image.ts';
import { randomImageFile, seededRandom } from '../random.ts';
import { Mersenne53 } from './mersenne.ts';
import { promptLikeName } from './names.ts';
import type { MemoryStore, Tenant } from '../state/store.ts';

export interface SeedOptions {
  seed: number;
  /** Images per key. */
  count: number;
  /** Seeded timestamps fall in the months before this instant (ms), so bytes never depend on today. */
  referenceDate: number;
}

const DAY = 86_400;
const SPREAD_DAYS = 180;
const [RESOLUTION_SMALL, RESOLUTION_MEDIUM, RESOLUTION_LARGE] = RESOLUTIONS;

/**
 * Fills every tenant with `count` deterministic images: prompt-like names, a realistic spread of
 * resolutions, styles, mediums and filters (with nulls), about 20% favourites, creation times over
 * the half year before the reference date, and ids that grow with creation time across all users.
 *
 * The data is what @faker-js/faker 10 drew for these images (`faker.seed(seed)`, then
 * `number.int`, `number.float`, `helpers.arrayElement`, `helpers.weightedArrayElement` and the
 * name calls in names.ts), drawn here straight from the same Mersenne Twister: seed.test.ts
 * pins the bytes and compares them with those faker calls.
 */
export function seedStore(store: MemoryStore, tenants: readonly Tenant[], options: SeedOptions): void {
  const random = new Mersenne53(options.seed);
  const files = seededRandom(`uuids:${options.seed}`);
  const end = Math.floor(options.referenceDate / 1000);
  const images: StoredImage[] = [];
  const owners: Tenant[] = [];
  for (const tenant of tenants) {
    for (let i = 0; i < options.count; i++) {
      const createdAt = end - int(random, 3600, SPREAD_DAYS * DAY);
      const favorite = random.next() < 0.2;
      // Favourited or renamed images were touched later than they were made.
      const touched = favorite || random.next() < 0.15;
      const updatedAt = touched ? int(random, createdAt, end - 60) : createdAt;
      // `id` first, as the images are served; the real id follows creation time (below).
      images.push({
        id: 0,
        name: promptLikeName(random),
        style: pickOrNull(random, STYLES, 0.2),
        medium: pickOrNull(random, MEDIUMS, 0.45),
        filter: pickOrNull(random, FILTERS, 0.75),
        resolution: resolution(random),
        result: randomImageFile(files),
        favorite,
        createdAt,
        updatedAt,
      });
      owners.push(tenant);
    }
  }
  // Ids follow creation time across all users, as one auto-increment would give them.
  const order = creationOrder(images);
  for (let k = 0; k < order.length; k++) {
    const index = order[k]!;
    const image = images[index]!;
    image.id = k + 1;
    store.insertImageWithId(owners[index]!, image);
  }
}

/** `faker.number.int({ min, max })` for whole `min` and `max`. */
function int(random: Mersenne53, min: number, max: number): number {
  const low = Math.ceil(min);
  const high = Math.floor(max);
  if (low === high) return low;
  if (high < low) {
    throw new Error(max >= min ? `No suitable integer value between ${min} and ${max} found.` : `Max ${max} should be greater than min ${min}.`);
  }
  return Math.floor(random.next() * (high - low + 1) + low);
}

/** `faker.number.float() < nullShare ? null : faker.helpers.arrayElement(values)`. */
function pickOrNull<T extends string>(random: Mersenne53, values: readonly T[], nullShare: number): T | null {
  return random.next() < nullShare ? null : values[Math.floor(random.next() * values.length)]!;
}

/** `faker.helpers.weightedArrayElement` over the resolutions with weights 2, 3 and 5. */
function resolution(random: Mersenne53): Resolution {
  const drawn = random.next() * 10;
  return drawn < 2 ? RESOLUTION_SMALL : drawn < 5 ? RESOLUTION_MEDIUM : RESOLUTION_LARGE;
}

/**
 * Indices of `images` by creation time, ties in their order in the array: what a stable sort by
 * `createdAt` gives. Whole-second times make it a sort of plain numbers (time and index packed in
 * one, exact below 2^53); anything else takes the comparison sort.
 */
function creationOrder(images: readonly StoredImage[]): ArrayLike<number> {
  const n = images.length;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (const { createdAt } of images) {
    if (!Number.isSafeInteger(createdAt)) whole = false;
    if (createdAt < min) min = createdAt;
    if (createdAt > max) max = createdAt;
  }
  if (whole && (max - min + 1) * n <= Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (images[i]!.createdAt - min) * n + i;
    keys.sort();
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = keys[k]! % n;
    return order;
  }
  return Array.from(images.keys()).sort((a, b) => images[a]!.createdAt - images[b]!.createdAt);
}
