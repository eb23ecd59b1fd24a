import { describe, expect, it } from 'vitest';
import { manualClock } from '../clock.ts';
import { createFake } from '../fake.ts';
import { RequestInput } from '../images/input.ts';
import { checkState, restoreState, saveState, StateFileError } from './saved-state.ts';

const KEYS = ['keyOne', 'keyTwo'];
const NOV = Date.UTC(2026, 10, 20);
const create = (fake: ReturnType<typeof createFake>, tenantIndex = 0) =>
  fake.service.create(fake.store.allTenants()[tenantIndex]!, RequestInput.from({}, { name: 'n', description: 'd', resolution: '256x256' }), 'http://x')
    .then((r) => r.status, () => 422);

describe("an account's settings at run time (what the admin API changes)", () => {
  it('"may still create N" counts from the images already created this month, and holds for this month only', async () => {
    const clock = manualClock(NOV);
    const fake = createFake({ keys: KEYS, count: 1, clock, quota: 10 });
    const tenant = fake.store.allTenants()[0]!;
    expect(await create(fake)).toBe(201);
    expect(await create(fake)).toBe(201);
    expect(fake.coordinator.setAccount(tenant, { remaining: 1 }, clock.now())).toEqual({ locale: null, monthQuota: { month: '2026-11', quota: 3 } });
    expect(tenant.remainingAt(clock.now())).toBe(1);
    expect(await create(fake)).toBe(201);
    expect(await create(fake)).toBe(422);
    // Next month the plan's allowance (--quota) applies again, counted from zero.
    clock.set(Date.UTC(2026, 11, 2));
    expect(tenant.quotaAt(clock.now())).toBe(10);
    expect(tenant.remainingAt(clock.now())).toBe(10);
    // The other account is untouched; null = unlimited for this month.
    expect(fake.store.allTenants()[1]!.quotaAt(clock.now())).toBe(10);
    expect(fake.coordinator.setAccount(tenant, { remaining: null, locale: 'ru' }, clock.now())).toEqual({ locale: 'ru', monthQuota: { month: '2026-12', quota: null } });
    expect(tenant.remainingAt(clock.now())).toBeNull();
  });

  it('--user-quotas is this month\'s allowance; next month the plan\'s again', async () => {
    const clock = manualClock(NOV);
    const fake = createFake({ keys: KEYS, count: 1, clock, quota: 2, userQuotas: { keyOne: 0 } });
    expect(await create(fake)).toBe(422);
    clock.set(Date.UTC(2026, 11, 1));
    expect(await create(fake)).toBe(201);
    expect(await create(fake)).toBe(201);
    expect(await create(fake)).toBe(422);
  });

  it('a reset goes back to the accounts as configured', () => {
    const clock = manualClock(NOV);
    const fake = createFake({ keys: KEYS, count: 1, clock, userLocales: { keyTwo: 'ru' }, userQuotas: { keyTwo: 4 } });
    const [one, two] = fake.store.allTenants();
    fake.coordinator.setAccount(one!, { locale: 'ru', remaining: 0 }, clock.now());
    fake.coordinator.setAccount(two!, { locale: null }, clock.now());
    fake.reseed();
    expect(fake.store.allTenants().map((t) => [t.config.locale, t.remainingAt(clock.now())])).toEqual([[null, null], ['ru', 4], [null, null]]);
  });
});

describe('--data keeps each account\'s locale and allowance', () => {
  it('saves and restores them; a file written before locales restores accounts without one', () => {
    const fake = createFake({ keys: KEYS, count: 2, clock: manualClock(NOV), userLocales: { keyOne: 'ru' }, userQuotas: { keyTwo: 0 } });
    const saved = JSON.parse(JSON.stringify(saveState(fake.store))) as ReturnType<typeof saveState>;
    expect(saved.users.map((u) => [u.locale, u.monthQuota])).toEqual([['ru', null], [null, { month: '2026-11', quota: 0 }], [null, null]]);
    const other = createFake({ keys: KEYS, count: 0 });
    restoreState(other.store, checkState(saved, 'the file'));
    expect(other.store.allTenants().map((t) => [t.config.locale, t.remainingAt(NOV)])).toEqual([['ru', null], [null, 0], [null, null]]);
    for (const user of saved.users) {
      delete user.locale;
      delete user.monthQuota;
    }
    restoreState(other.store, checkState(saved, 'the file'));
    expect(other.store.allTenants().map((t) => [t.config.locale, t.remainingAt(NOV)])).toEqual([[null, null], [null, null], [null, null]]);
  });

  it('refuses a locale or allowance that cannot be one', () => {
    const saved = saveState(createFake({ keys: KEYS, count: 0 }).store);
    expect(() => checkState({ ...saved, users: [{ ...saved.users[0]!, locale: 'r u' }] }, 'the file')).toThrow(StateFileError);
    expect(() => checkState({ ...saved, users: [{ ...saved.users[0]!, quota: -2 }] }, 'the file')).toThrow(/users\[0\]\.quota is -2/);
    expect(() => checkState({ ...saved, users: [{ ...saved.users[0]!, monthQuota: { month: 'soon', quota: 1 } }] }, 'the file')).toThrow(/users\[0\]\.monthQuota is/);
  });
});
