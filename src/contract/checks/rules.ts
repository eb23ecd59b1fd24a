import { ensureEqual, ensureStatus, type WireImage } from '../context.ts';
import type { Check } from './check.ts';

const VALID = { name: 'contract rule probe', description: 'never created', resolution: '256x256' };

/** Store bodies that must be refused, with upstream's `message` object. */
const STORE_CASES: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
  ['empty body', {}, {
    name: ['The name field is required.'], description: ['The description field is required.'], resolution: ['The resolution field is required.'],
  }],
  ['blank name', { ...VALID, name: '   ' }, { name: ['The name field is required.'] }],
  ['129-character name', { ...VALID, name: 'n'.repeat(129) }, { name: ['The name may not be greater than 128 characters.'] }],
  ['name not a string', { ...VALID, name: 123 }, { name: ['The name must be a string.'] }],
  ['2049-character description', { ...VALID, description: 'd'.repeat(2049) }, { description: ['The description may not be greater than 2048 characters.'] }],
  ['unknown resolution', { ...VALID, resolution: '300x300' }, { resolution: ['The selected resolution is invalid.'] }],
  ['resolution as a number', { ...VALID, resolution: 512 }, { resolution: ['The resolution must be a string.', 'The selected resolution is invalid.'] }],
  ['style in capitals', { ...VALID, style: 'ANIME' }, { style: ['The selected style is invalid.'] }],
  ['unknown medium', { ...VALID, medium: 'oil' }, { medium: ['The selected medium is invalid.'] }],
  ['unknown filter', { ...VALID, filter: 'blur' }, { filter: ['The selected filter is invalid.'] }],
  ['empty variations', { ...VALID, variations: '' }, { variations: ['The variations field is required.'] }],
  ['variations not an integer', { ...VALID, variations: 'abc' }, { variations: ['The variations must be an integer.', 'The selected variations is invalid.'] }],
  ['variations out of range', { ...VALID, variations: 9 }, { variations: ['The selected variations is invalid.'] }],
];

/** Update bodies that must be refused (validation comes before the lookup: any id will do). */
const UPDATE_CASES: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
  ['empty name', { name: '' }, { name: ['The name field is required.'] }],
  ['name not a string', { name: 123 }, { name: ['The name must be a string.'] }],
  ['129-character name', { name: 'n'.repeat(129) }, { name: ['The name may not be greater than 128 characters.'] }],
  ['favorite null', { favorite: null }, { favorite: ['The favorite field is required.'] }],
  ['favorite false', { favorite: false }, { favorite: ['The favorite must be an integer.'] }],
  ['favorite "abc"', { favorite: 'abc' }, { favorite: ['The favorite must be an integer.', 'The favorite must be between 0 and 1.'] }],
  ['favorite 2', { favorite: 2 }, { favorite: ['The favorite must be between 0 and 1.'] }],
  ['favorite "01"', { favorite: '01' }, { favorite: ['The favorite must be an integer.'] }],
];

export const ruleChecks: Check[] = [
  {
    negative: true,
    name: 'rules: every store rule is refused with 422 and the upstream message object',
    // A correct server creates nothing here; a broken one might, so not in read-only mode.
    writes: true,
    async run(ctx) {
      for (const [what, body, message] of STORE_CASES) {
        const response = await ctx.client.api('POST', '/images', { headers: ctx.auth(), json: body });
        ensureStatus(response, 422);
        ensureEqual(response.json, { message, status: 422 }, `${response.label} (${what}) body`);
      }
    },
  },
  {
    negative: true,
    name: 'rules: every update rule is refused with 422, before the image is looked up',
    async run(ctx) {
      for (const method of ['PUT', 'PATCH']) {
        for (const [what, body, message] of UPDATE_CASES) {
          const response = await ctx.client.api(method, '/images/999999999', { headers: ctx.auth(), json: body });
          ensureStatus(response, 422);
          ensureEqual(response.json, { message, status: 422 }, `${response.label} (${what}) body`);
        }
      }
    },
  },
  {
    negative: true,
    name: 'rules: user_id on update is refused with 403 "This action is unauthorized." before validation and lookup',
    async run(ctx) {
      const response = await ctx.client.api('PATCH', '/images/999999999', { headers: ctx.auth(), json: { user_id: 1, favorite: 'x' } });
      ensureStatus(response, 403);
      ensureEqual(response.json, { message: 'This action is unauthorized.' }, `${response.label} body`);
    },
  },
  {
    negative: true,
    name: 'rules: a valid variations is answered 404 "Resource not found."',
    writes: true,
    async run(ctx) {
      const response = await ctx.client.api('POST', '/images', { headers: ctx.auth(), json: { ...VALID, variations: 2 } });
      ensureStatus(response, 404);
      ensureEqual(response.json, { message: 'Resource not found.', status: 404 }, `${response.label} body`);
    },
  },
  {
    name: 'rules: an account whose allowance is used up is refused 422 "You created too many images." (a rule of name: after its other messages, absent when it is missing)',
    needsKeyUsedUp: true,
    negative: true,
    // A correct server creates nothing here; one that ignores the allowance would.
    writes: true,
    async run(ctx) {
      const key = ctx.config.keyUsedUp as string;
      const QUOTA = 'You created too many images.';
      const cases: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
        ['valid fields', VALID, { name: [QUOTA] }],
        ['129-character name', { ...VALID, name: 'n'.repeat(129) }, { name: ['The name may not be greater than 128 characters.', QUOTA] }],
        ['no name', { description: VALID.description, resolution: VALID.resolution }, { name: ['The name field is required.'] }],
      ];
      for (const [what, body, message] of cases) {
        const response = await ctx.client.api('POST', '/images', { headers: ctx.auth(key), json: body });
        if (response.status === 201) ctx.track((response.json as { data: WireImage }).data.id, key);
        ensureEqual([response.status, response.json], [422, { message, status: 422 }], `${response.label} (${what}) from the used-up account`);
      }
    },
  },
];
