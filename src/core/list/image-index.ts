import { collationSortKey, compareSortKeys, foldForCollation, likeContainsPattern } from './collation.ts';
import type { StoredImage } from '../images/image.ts';
import type { ListQuery } from './list-query.ts';
import { columnMatches, type PageResult } from './plain-scan.ts';
import { Bitset } from './bitset.ts';
import { TrigramIndex } from './trigram-index.ts';

const COLUMNS = ['resolution', 'style', 'medium', 'filter'] as const;
type Column = (typeof COLUMNS)[number];

export interface ImageIndexTuning {
  /** Up to this many matches a page is cut from the sorted matches; above, the presorted order is walked. */
  sortMatchesUpTo: number;
  /** Empty slots left by deletes that trigger a rebuild (once they also outnumber the live ones). */
  rebuildAfterDeletes: number;
}

const DEFAULT_TUNING: ImageIndexTuning = { sortMatchesUpTo: 2048, rebuildAfterDeletes: 4096 };

/**
 * One user's images indexed for `GET /images`: a bitset per column value and for favourites,
 * trigram posting lists of the folded names, and the images presorted by id and by name. It
 * answers exactly as `runListQuery` (the plain scan) does, which the property tests check.
 *
 * Each image keeps one slot (a small integer) for its life; deleted slots are left empty and the
 * index is rebuilt once they outnumber the live ones. What only searches and name sorts need
 * (folded names, sort keys, the name order, the trigrams) is built on first use, so start-up
 * pays only for the bitsets.
 */
export class ImageIndex {
  private slots: Array<StoredImage | undefined> = [];
  private slotById = new Map<number, number>();
  private live = new Bitset();
  private liveCount = 0;
  private favorites = new Bitset();
  private columns = emptyColumns();
  private matchCache = emptyMatchCache();
  /** Live slots in ascending id. */
  private idOrder: number[] = [];
  private folded: Array<string | undefined> = [];
  private sortKeys: Array<string | undefined> = [];
  /** Live slots by (sort key, id) ascending; null until a list is first sorted by name. */
  private nameOrder: number[] | null = null;
  private trigrams: TrigramIndex | null = null;
  /** Per-query marks that drop a slot listed twice in a posting list. */
  private seen = new Uint32Array(0);
  private stamp = 0;
  /** Bumps on every change: caches built from the index compare it. */
  version = 0;

  constructor(private readonly tuning: ImageIndexTuning = DEFAULT_TUNING) {}

  get size(): number {
    return this.liveCount;
  }

  insert(image: StoredImage): void {
    const slot = this.slots.length;
    this.slots.push(image);
    this.slotById.set(image.id, slot);
    this.live.add(slot);
    this.liveCount++;
    if (image.favorite) this.favorites.add(slot);
    for (const column of COLUMNS) this.columnSet(column, image[column]).add(slot);
    const lastId = this.idOrder.length === 0 ? -Infinity : this.imageAt(this.idOrder[this.idOrder.length - 1] as number).id;
    if (image.id > lastId) this.idOrder.push(slot);
    else this.idOrder.splice(this.idPosition(image.id), 0, slot);
    if (this.nameOrder !== null) this.nameOrder.splice(this.namePosition(slot), 0, slot);
    this.trigrams?.add(slot, this.foldedName(slot));
    this.version++;
  }

  /** After `image.name` or `image.favorite` changed (`previousName` is the name it had). */
  update(image: StoredImage, previousName: string): void {
    const slot = this.slotById.get(image.id);
    if (slot === undefined) return;
    if (image.favorite) this.favorites.add(slot);
    else this.favorites.delete(slot);
    if (image.name !== previousName) {
      if (this.nameOrder !== null) this.nameOrder.splice(this.nameOrderIndexOf(slot), 1);
      this.folded[slot] = undefined;
      this.sortKeys[slot] = undefined;
      if (this.nameOrder !== null) this.nameOrder.splice(this.namePosition(slot), 0, slot);
      if (this.trigrams !== null) {
        this.trigrams.add(slot, this.foldedName(slot));
        this.trigrams.staleEntries += previousName.length;
        // Renames leave entries behind; past a point a fresh index is cheaper to search.
        if (this.trigrams.staleEntries > this.trigrams.entries) this.trigrams = null;
      }
    }
    this.version++;
  }

  delete(image: StoredImage): void {
    const slot = this.slotById.get(image.id);
    if (slot === undefined) return;
    if (this.nameOrder !== null) this.nameOrder.splice(this.nameOrderIndexOf(slot), 1);
    this.idOrder.splice(this.idPosition(image.id), 1);
    this.slotById.delete(image.id);
    this.live.delete(slot);
    this.liveCount--;
    this.favorites.delete(slot);
    for (const column of COLUMNS) this.columnSet(column, image[column]).delete(slot);
    this.slots[slot] = undefined;
    this.version++;
    const dead = this.slots.length - this.liveCount;
    if (dead > this.tuning.rebuildAfterDeletes && dead > this.liveCount) this.rebuild();
  }

  /** Filters, sorts and cuts one page, as `runListQuery` does over every image. */
  run(query: ListQuery): PageResult {
    const masks: Bitset[] = [];
    for (const column of COLUMNS) {
      const value = query[column];
      if (value === undefined) continue;
      const matching = this.matchingSets(column, value);
      if (matching.length === 0) return this.page([], query);
      masks.push(matching.length === 1 ? matching[0] as Bitset : Bitset.union(matching));
    }
    if (query.favorite !== undefined) {
      if (query.favorite === 1) masks.push(this.favorites);
      else if (query.favorite === 0) masks.push(this.live.without(this.favorites));
      else return this.page([], query); // favorite is 0 or 1: no other number matches
    }
    // Rarest first: membership tests fail early, and the smallest set bounds the matches.
    masks.sort((a, b) => a.count() - b.count());
    if (query.search !== null) return this.page(this.searchMatches(query.search, masks), query);
    // Column and favourite sets hold live slots only, so their intersection does too.
    const filtered = masks.length === 0 ? null : masks.length === 1 ? masks[0] as Bitset : Bitset.intersection(masks);
    const total = filtered === null ? this.liveCount : filtered.count();
    if (filtered !== null && total <= this.tuning.sortMatchesUpTo) return this.page(filtered.toArray(), query);
    return this.walk(filtered, total, query);
  }

  /** The slots in every one of `masks` (rarest first) whose name matches `search`, in no order. */
  private searchMatches(search: string, masks: readonly Bitset[]): number[] {
    const pattern = likeContainsPattern(search);
    this.trigrams ??= this.buildTrigrams();
    const candidates = this.trigrams.candidates(pattern.literals);
    const matches: number[] = [];
    const rarest = masks.length === 0 ? this.liveCount : (masks[0] as Bitset).count();
    // Fewer trigram candidates than slots in the rarest set: test each candidate against the sets
    // directly (no intersection is built, and most candidates fail the first test).
    if (candidates !== null && candidates.length <= rarest) {
      const stamp = this.nextStamp();
      const pool = masks.length === 0 ? [this.live] : masks;
      for (const slot of candidates) {
        if (!inEvery(pool, slot) || this.seen[slot] === stamp) continue;
        this.seen[slot] = stamp;
        if (pattern.matchesFolded(this.foldedName(slot))) matches.push(slot);
      }
      return matches;
    }
    const filtered = masks.length === 0 ? this.live : masks.length === 1 ? masks[0] as Bitset : Bitset.intersection(masks);
    if (candidates === null) {
      for (const slot of filtered.toArray()) {
        if (pattern.matchesFolded(this.foldedName(slot))) matches.push(slot);
      }
      return matches;
    }
    // Fewer slots left by the filters than candidates: mark the candidates (cheap writes) and
    // test the name only of slots that are both, instead of every slot the filters leave.
    const stamp = this.nextStamp();
    for (const slot of candidates) this.seen[slot] = stamp;
    for (const slot of filtered.toArray()) {
      if (this.seen[slot] === stamp && pattern.matchesFolded(this.foldedName(slot))) matches.push(slot);
    }
    return matches;
  }

  /** Sorts the matching slots and cuts the page; many matches are walked in the presorted order instead. */
  private page(matches: number[], query: ListQuery): PageResult {
    if (matches.length > this.tuning.sortMatchesUpTo) {
      const set = new Bitset(this.slots.length);
      for (const slot of matches) set.add(slot);
      return this.walk(set, matches.length, query);
    }
    const direction = query.sort === 'asc' ? 1 : -1;
    if (query.sortBy === 'id') {
      matches.sort((a, b) => (this.imageAt(a).id - this.imageAt(b).id) * direction);
    } else {
      // Equal names keep id order in both directions, as the plain scan does.
      matches.sort((a, b) => compareSortKeys(this.sortKey(a), this.sortKey(b)) * direction || this.imageAt(a).id - this.imageAt(b).id);
    }
    const start = (query.page - 1) * query.perPage;
    return pageResult(matches.slice(start, start + query.perPage).map((slot) => this.imageAt(slot)), matches.length, query);
  }

  /** The page of a large match set, read off the presorted order without sorting the matches. */
  private walk(filtered: Bitset | null, total: number, query: ListQuery): PageResult {
    const start = (query.page - 1) * query.perPage;
    const items: StoredImage[] = [];
    if (filtered === null && query.sortBy === 'id') {
      // Every image, by id: the page is a slice of the id order.
      const order = this.idOrder;
      for (let i = start; i < start + query.perPage && i < total; i++) {
        items.push(this.imageAt(order[query.sort === 'asc' ? i : total - 1 - i] as number));
      }
    } else if (start < total) {
      const end = start + query.perPage;
      let position = 0;
      for (const slot of this.ordered(query)) {
        if (filtered !== null && !filtered.has(slot)) continue;
        if (position >= start) items.push(this.imageAt(slot));
        if (++position >= end) break;
      }
    }
    return pageResult(items, total, query);
  }

  /** Live slots in the query's order (name ties by ascending id in both directions). */
  private *ordered(query: ListQuery): Generator<number> {
    const ascending = query.sort === 'asc';
    if (query.sortBy === 'id') {
      const order = this.idOrder;
      if (ascending) yield* order;
      else for (let i = order.length - 1; i >= 0; i--) yield order[i] as number;
      return;
    }
    const order = this.nameOrder ??= this.buildNameOrder();
    if (ascending) {
      yield* order;
      return;
    }
    for (let last = order.length - 1; last >= 0;) {
      let first = last;
      const key = this.sortKey(order[last] as number);
      while (first > 0 && this.sortKey(order[first - 1] as number) === key) first--;
      for (let i = first; i <= last; i++) yield order[i] as number;
      last = first - 1;
    }
  }

  private rebuild(): void {
    const images = this.idOrder.map((slot) => this.imageAt(slot));
    const hadNameOrder = this.nameOrder !== null;
    this.slots = [];
    this.slotById = new Map();
    this.live = new Bitset();
    this.liveCount = 0;
    this.favorites = new Bitset();
    this.columns = emptyColumns();
    this.matchCache = emptyMatchCache();
    this.idOrder = [];
    this.folded = [];
    this.sortKeys = [];
    this.nameOrder = null;
    this.trigrams = null;
    for (const image of images) this.insert(image);
    if (hadNameOrder) this.nameOrder = this.buildNameOrder();
  }

  private buildTrigrams(): TrigramIndex {
    const trigrams = new TrigramIndex();
    for (const slot of this.idOrder) trigrams.add(slot, this.foldedName(slot));
    return trigrams;
  }

  private buildNameOrder(): number[] {
    return [...this.idOrder].sort((a, b) => this.compareByName(a, b));
  }

  private compareByName(a: number, b: number): number {
    return compareSortKeys(this.sortKey(a), this.sortKey(b)) || this.imageAt(a).id - this.imageAt(b).id;
  }

  /** Where `slot` goes in the name order (binary search). */
  private namePosition(slot: number): number {
    const order = this.nameOrder as number[];
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compareByName(order[middle] as number, slot) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private nameOrderIndexOf(slot: number): number {
    const position = this.namePosition(slot);
    // The slot's key is the one it was placed by (callers clear it only after removing).
    return (this.nameOrder as number[])[position] === slot ? position : (this.nameOrder as number[]).indexOf(slot);
  }

  /** Where `id` is (or goes) in the id order (binary search). */
  private idPosition(id: number): number {
    let low = 0;
    let high = this.idOrder.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.imageAt(this.idOrder[middle] as number).id < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private columnSet(column: Column, value: string | null): Bitset {
    const sets = this.columns[column];
    let set = sets.get(value);
    if (set === undefined) {
      set = new Bitset(this.slots.length);
      sets.set(value, set);
      this.matchCache[column].clear(); // a new value may match filters seen before
    }
    return set;
  }

  /** The sets of the column values `value` matches (collation and numeric comparison), remembered per filter value. */
  private matchingSets(column: Column, value: NonNullable<ListQuery[Column]> | null): Bitset[] {
    const key = `${typeof value}:${String(value)}`;
    const cache = this.matchCache[column];
    let sets = cache.get(key);
    if (sets === undefined) {
      sets = [...this.columns[column]].filter(([columnValue]) => columnMatches(columnValue, value)).map(([, set]) => set);
      if (cache.size >= 256) cache.clear();
      cache.set(key, sets);
    }
    return sets;
  }

  private foldedName(slot: number): string {
    return this.folded[slot] ??= foldForCollation(this.imageAt(slot).name);
  }

  private sortKey(slot: number): string {
    return this.sortKeys[slot] ??= collationSortKey(this.imageAt(slot).name);
  }

  private imageAt(slot: number): StoredImage {
    return this.slots[slot] as StoredImage;
  }

  private nextStamp(): number {
    if (this.seen.length < this.slots.length) this.seen = new Uint32Array(Math.max(1024, this.slots.length * 2));
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}

function inEvery(sets: readonly Bitset[], slot: number): boolean {
  for (const set of sets) if (!set.has(slot)) return false;
  return true;
}

function emptyColumns(): Record<Column, Map<string | null, Bitset>> {
  return { resolution: new Map(), style: new Map(), medium: new Map(), filter: new Map() };
}

function emptyMatchCache(): Record<Column, Map<string, Bitset[]>> {
  return { resolution: new Map(), style: new Map(), medium: new Map(), filter: new Map() };
}

function pageResult(items: StoredImage[], total: number, query: ListQuery): PageResult {
  const start = (query.page - 1) * query.perPage;
  return {
    items,
    total,
    perPage: query.perPage,
    currentPage: query.page,
    lastPage: Math.max(1, Math.ceil(total / query.perPage)),
    from: items.length === 0 ? null : start + 1,
    to: items.length === 0 ? null : start + items.length,
  };
}
