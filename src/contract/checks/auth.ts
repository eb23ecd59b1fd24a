import { ensure, ensureEqual, ensureStatus } from '../context.ts';
import type { Check } from './check.ts';

// Auth runs before validation and lookup, so any id will do for the item routes.
const OPERATIONS: Array<[method: string, path: string, body?: Record<string, string>]> = [
  ['GET', '/images'],
  ['POST', '/images', { name: 'x', description: 'x', resolution: '256x256' }],
  ['GET', '/images/1'],
  ['PUT', '/images/1', { name: 'x' }],
  ['PATCH', '/images/1', { favorite: '1' }],
  ['DELETE', '/images/1'],
];

const UNAUTHENTICATED = '{"message":"Unauthenticated."}';

export const authChecks: Check[] = [
  {
    negative: true,
    name: 'auth: every operation without a key answers 401 {"message":"Unauthenticated."} to a JSON client',
    async run({ client }) {
      for (const [method, path, form] of OPERATIONS) {
        const response = await client.api(method, path, { headers: { Accept: 'application/json' }, ...(form ? { form } : {}) });
        ensureStatus(response, 401);
        ensureEqual(response.json, JSON.parse(UNAUTHENTICATED), `${response.label} body`);
      }
    },
  },
  {
    negative: true,
    name: 'auth: every operation with a wrong key answers 401 to a JSON client',
    async run({ client }) {
      for (const [method, path, form] of OPERATIONS) {
        const response = await client.api(method, path, {
          headers: { Accept: 'application/json', Authorization: 'Bearer wrong0000000000000000000000000000000000000000000000000000000000' },
          ...(form ? { form } : {}),
        });
        ensureStatus(response, 401);
        ensureEqual(response.json, JSON.parse(UNAUTHENTICATED), `${response.label} body`);
      }
    },
  },
  {
    negative: true,
    name: 'auth: without a JSON Accept every operation without a key is redirected (302) to <origin>/login',
    async run({ client }) {
      const cases: Array<[string, string, Record<string, string> | undefined, string | undefined]> = [
        ...OPERATIONS.map(([method, path, form]) => [method, path, form, undefined] as [string, string, Record<string, string> | undefined, undefined]),
        ['GET', '/images', undefined, 'text/html'],
        ['GET', '/images', undefined, 'text/html, application/json'],
      ];
      for (const [method, path, form, accept] of cases) {
        const response = await client.api(method, path, { headers: accept === undefined ? {} : { Accept: accept }, ...(form ? { form } : {}) });
        ensureStatus(response, 302);
        const location = response.header('location') ?? '';
        ensure(/^https?:\/\/[^/]+\/login$/.test(location), `${response.label} (Accept: ${accept ?? 'none'}) redirects to ${location}, not <origin>/login`);
      }
    },
  },
  {
    negative: true,
    name: 'auth: a JSON client is one whose first Accept type by q is JSON, or an XMLHttpRequest',
    async run({ client }) {
      const cases: Array<[Record<string, string>, number]> = [
        [{ Accept: 'application/vnd.api+json' }, 401],
        [{ Accept: 'text/html;q=0.5, application/json' }, 401],
        [{ 'X-Requested-With': 'XMLHttpRequest' }, 401],
        [{ Accept: 'text/html;q=0.9, application/json;q=0.8' }, 302],
      ];
      for (const [headers, status] of cases) {
        const response = await client.api('GET', '/images', { headers });
        ensure(response.status === status, `${response.label} with ${JSON.stringify(headers)} answered ${response.status}, expected ${status}`);
      }
    },
  },
  {
    negative: true,
    name: 'auth: the key also works as ?api_token=, as the Basic password, and after "Token Bearer "',
    async run({ client, config }) {
      const forms: Array<[string, string, Record<string, string>]> = [
        ['api_token in the query', `/images?per_page=10&api_token=${encodeURIComponent(config.key)}`, { Accept: 'application/json' }],
        ['Basic password', '/images?per_page=10', { Accept: 'application/json', Authorization: `Basic ${btoa(`user:${config.key}`)}` }],
        ['Token Bearer', '/images?per_page=10', { Accept: 'application/json', Authorization: `Token Bearer ${config.key}` }],
        ['an upper-cased key', '/images?per_page=10', { Accept: 'application/json', Authorization: `Bearer ${config.key.toUpperCase()}` }],
      ];
      for (const [what, path, headers] of forms) {
        const response = await client.api('GET', path, { headers });
        ensure(response.status === 200, `the key as ${what} was refused: ${response.label} answered ${response.status}`);
      }
    },
  },
  {
    negative: true,
    name: 'auth: a lower-case "bearer" and a wrong ?api_token= before a good Bearer header are refused',
    async run({ client, config }) {
      const lower = await client.api('GET', '/images', { headers: { Accept: 'application/json', Authorization: `bearer ${config.key}` } });
      ensureStatus(lower, 401);
      const wrongQuery = await client.api('GET', '/images?api_token=wrong', { headers: { Accept: 'application/json', Authorization: `Bearer ${config.key}` } });
      ensureStatus(wrongQuery, 401);
      const emptyQuery = await client.api('GET', '/images?per_page=10&api_token=', { headers: { Accept: 'application/json', Authorization: `Bearer ${config.key}` } });
      ensureStatus(emptyQuery, 200);
    },
  },
];
