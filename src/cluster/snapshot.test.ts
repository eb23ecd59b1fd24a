import { describe, expect, it } from 'vitest';
import { createFake, type Fake } from '../core/fake.ts';
import { applyChange, type ChangeTarget, type StateChange } from '../core/state/coordinator.ts';
import { saveState } from '../core/state/saved-state.ts';
import { DeltaTracker, seedOnlySnapshot } from './snapshot.ts';

const OPTIONS = { seed: 3, count: 20, keys: ['k1', 'k2'], noApiKeys: ['k3'], quota: 5 };

function target(fake: Fake): ChangeTarget {
  return { store: fake.store, repopulate: (seed, count) => { void fake.reseed({ seed, count }); } };
}

function created(user: number, id: number, name: string, atMs: number): StateChange {
  return {
    kind: 'create', user, atMs,
    image: { id, name, style: null, medium: null, filter: null, resolution: '512x512', result: `${name}.jpg`, favorite: false, createdAt: 1, updatedAt: 1 },
  };
}

/** Applies the changes to a fake followed by a tracker, as a replica does. */
function replay(changes: StateChange[]): { fake: Fake; tracker: DeltaTracker } {
  const fake = createFake(OPTIONS);
  const tracker = new DeltaTracker(fake.settings.seed, fake.settings.count);
  for (const change of changes) {
    applyChange(target(fake), change);
    tracker.noteApplied(change);
  }
  return { fake, tracker };
}

const CHANGES: StateChange[] = [
  created(1, 41, 'first', Date.UTC(2026, 11, 1)),
  created(2, 42, 'second', Date.UTC(2026, 11, 2)),
  created(1, 43, 'third', Date.UTC(2026, 11, 3)),
  { kind: 'update', user: 1, id: 41, changes: { name: 'first renamed', favorite: true, updatedAt: 2 } },
  { kind: 'update', user: 2, id: 25, changes: { name: 'seeded renamed', updatedAt: 3 } },
  { kind: 'delete', user: 1, id: 43 },
  { kind: 'delete', user: 1, id: 3 },
];

describe('snapshots of the shared state', () => {
  it('give back the state they were taken from, loaded into a freshly seeded replica', () => {
    const { fake, tracker } = replay(CHANGES);
    const snapshot = JSON.parse(JSON.stringify(tracker.snapshot(target(fake)))) as ReturnType<DeltaTracker['snapshot']>;
    expect(snapshot.images.map((entry) => entry.image.id)).toEqual([25, 41, 42]);
    expect(snapshot.deleted).toEqual([{ id: 3, user: 1 }, { id: 43, user: 1 }]);

    const late = createFake(OPTIONS);
    const lateTracker = new DeltaTracker(OPTIONS.seed, OPTIONS.count);
    lateTracker.load(target(late), snapshot);
    expect(saveState(late.store)).toEqual(saveState(fake.store));
    // …and the late replica snapshots the same delta again.
    expect(lateTracker.snapshot(target(late))).toEqual(snapshot);
  });

  it('keep the changes after a reseed only', () => {
    const { fake, tracker } = replay([...CHANGES, { kind: 'reseed', seed: 9, count: 4 }, created(2, 9, 'after', Date.UTC(2026, 11, 4))]);
    const snapshot = tracker.snapshot(target(fake));
    expect(snapshot).toMatchObject({ seed: 9, count: 4, deleted: [], images: [{ user: 2, image: { id: 9, name: 'after' } }] });
    const late = createFake(OPTIONS);
    new DeltaTracker(OPTIONS.seed, OPTIONS.count).load(target(late), snapshot);
    expect(saveState(late.store)).toEqual(saveState(fake.store));
  });

  it('of a reseed are the bare seed', () => {
    const { fake } = replay(CHANGES);
    new DeltaTracker(OPTIONS.seed, OPTIONS.count).load(target(fake), seedOnlySnapshot(7, 5));
    expect(saveState(fake.store)).toEqual(saveState(createFake({ ...OPTIONS, seed: 7, count: 5 }).store));
  });
});
