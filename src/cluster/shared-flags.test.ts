import { describe, expect, it } from 'vitest';
import { flagsMismatch, recordFlags, type StateShapingFlags } from './shared-flags.ts';

const WHERE = 'redis://127.0.0.1:6390/0';
const FLAGS: StateShapingFlags = {
  seed: 1, count: 40, keys: ['keyOneSecret', 'keyTwoSecret'], noApiKeys: ['keyThreeSecret'], quota: null,
  perPageDefault: 25, rateLimit: 0, referenceDate: Date.UTC(2026, 10, 1),
};

describe('state-shaping flags shared through Redis', () => {
  it('agree with themselves', () => {
    expect(flagsMismatch(recordFlags(FLAGS), recordFlags({ ...FLAGS, keys: [...FLAGS.keys] }), WHERE)).toBeNull();
  });

  it('recorded by a version before locales, agree with replicas that use none', () => {
    const { userLocales: _l, userQuotas: _q, locale: _d, translations: _t, ...older } = recordFlags(FLAGS);
    expect(flagsMismatch(recordFlags(FLAGS), older, WHERE)).toBeNull();
    expect(flagsMismatch(recordFlags({ ...FLAGS, locale: 'ru' }), older, WHERE)).toMatch(/^--locale is ru here but en/);
  });

  it('the same translations files with other lines differ, and say so', () => {
    const here = recordFlags({ ...FLAGS, translations: { ru: { a: 'b' } } });
    const there = recordFlags({ ...FLAGS, translations: { ru: { a: 'c' } } });
    expect(flagsMismatch(here, there, WHERE)).toMatch(/^--translations differ: ru\.json here, ru\.json with other lines in /);
  });

  it('are recorded without the keys', () => {
    const withAccounts = { ...FLAGS, userLocales: { keyOneSecret: 'ru' }, userQuotas: { keyThreeSecret: 2 } };
    expect(JSON.stringify(recordFlags(withAccounts))).not.toMatch(/keyOneSecret|keyThreeSecret/);
    const text = JSON.stringify(recordFlags(FLAGS));
    for (const key of [...FLAGS.keys, ...FLAGS.noApiKeys]) expect(text).not.toContain(key);
  });

  it.each<[Partial<StateShapingFlags>, RegExp]>([
    [{ seed: 2 }, /^--seed is 2 here but 1 in redis:\/\/127\.0\.0\.1:6390\/0 \(recorded by the first replica\); start every replica with the same --seed, or use another Redis database \(for example redis:\/\/127\.0\.0\.1:6390\/1\)\.$/],
    [{ count: 10 }, /^--count is 10 here but 40 in /],
    [{ quota: 5 }, /^--quota is 5 here but unlimited \(not set\) in /],
    [{ perPageDefault: 10 }, /^--per-page-default is 10 here but 25 /],
    [{ rateLimit: 60 }, /^--rate-limit is 60 here but 0 /],
    [{ referenceDate: Date.UTC(2025, 0, 1) }, /^--ref-date is 2025-01-01T00:00:00\.000Z here but 2026-11-01T00:00:00\.000Z /],
    [{ keys: ['keyOneSecret'] }, /^--keys has 1 key here but 2 in redis:\/\/127\.0\.0\.1:6390\/0 \(recorded by the first replica; keys are compared by their SHA-256 and never shown\)/],
    [{ keys: ['keyTwoSecret', 'keyOneSecret'] }, /^--keys has 2 keys here as in .*, but not the same ones in the same order/],
    [{ noApiKeys: [] }, /^--noapi-keys has 0 keys here but 1 /],
    [{ locale: 'ru' }, /^--locale is ru here but en in /],
    [{ translations: { ru: { 'Resource not found.': 'Не найдено.' } } }, /^--translations differ: ru\.json here, none in /],
    [{ userLocales: { keyTwoSecret: 'ru' } }, /^--user-locales differs here from redis:.* keys are never shown\)/],
    [{ userQuotas: { keyOneSecret: 0 } }, /^--user-quotas differs here from /],
  ])('name the flag that differs: %j', (change, message) => {
    const text = flagsMismatch(recordFlags({ ...FLAGS, ...change }), recordFlags(FLAGS), WHERE);
    expect(text).toMatch(message);
    for (const key of [...FLAGS.keys, ...FLAGS.noApiKeys]) expect(text).not.toContain(key);
  });
});
