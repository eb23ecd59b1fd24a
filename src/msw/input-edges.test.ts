import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagesHandlers } from './index.ts';

/**
 * The input edges through the MSW handlers (fetch intercepted by setupServer): the same core as
 * the Express fake, but requests arrive without a Content-Length, so the body size limit must
 * hold on what arrived.
 */
const KEY = 'MswEdgesKey00000000000000000000000000000000000000000000000000001';
const ORIGIN = 'http://localhost:4010';
const LIMIT = 8 * 1024 * 1024;
const HEADERS = { Accept: 'application/json', Authorization: `Bearer ${KEY}` };

const handlers = createImagesHandlers({ seed: 3, count: 3, keys: [KEY], baseUrl: ORIGIN });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function store(type: string, body: string): Promise<{ status: number; text: string; warning: string | null }> {
  const response = await fetch(`${ORIGIN}/api/v1/images`, { method: 'POST', headers: { ...HEADERS, 'Content-Type': type }, body });
  return { status: response.status, text: await response.text(), warning: response.headers.get('x-mock-warning') };
}

describe('input edges through the MSW handlers', () => {
  it('trims U+0085 and U+180E, keeps U+200C, and a name of only U+0000 is required', async () => {
    const trimmed = await store('application/json', JSON.stringify({ name: '\u0085\u200cOwl\u180e', description: 'd', resolution: '256x256' }));
    expect(trimmed.status).toBe(201);
    expect((JSON.parse(trimmed.text) as { data: { name: string } }).data.name).toBe('\u200cOwl');
    const nul = await store('application/json', JSON.stringify({ name: ' \u0000 ', description: 'd', resolution: '256x256' }));
    expect(nul.text).toBe('{"message":{"name":["The name field is required."]},"status":422}');
  });

  it('JSON nested 511 levels is read, 512 and 20,000 give no fields', async () => {
    const deep = (levels: number) => `{"name":"Owl","description":"d","resolution":"256x256","deep":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    expect((await store('application/json', deep(511))).status).toBe(201);
    for (const levels of [512, 20_000]) {
      const refused = await store('application/json', deep(levels));
      expect(refused.status).toBe(422);
      expect(Object.keys((JSON.parse(refused.text) as { message: object }).message)).toEqual(['name', 'description', 'resolution']);
    }
  });

  it('a POST form keeps 1001 variables', async () => {
    const dummies = (n: number) => Array.from({ length: n }, (_, i) => `d${i}=1`).join('&');
    const fields = 'name=Owl&description=d&resolution=256x256';
    expect((await store('application/x-www-form-urlencoded', `${dummies(998)}&${fields}`)).status).toBe(201);
    const dropped = await store('application/x-www-form-urlencoded', `${dummies(999)}&${fields}`);
    expect(dropped.text).toBe('{"message":{"resolution":["The resolution field is required."]},"status":422}');
  });

  it('8388608 bytes reach validation, 8388609 are a 413, with no Content-Length to go by', async () => {
    const body = (bytes: number) => {
      const head = '{"name":"Owl","description":"d","resolution":"256x256","pad":"';
      return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
    };
    expect((await store('application/json', body(LIMIT))).status).toBe(201);
    const tooLarge = await store('application/json', body(LIMIT + 1));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toBe('{\n    "message": ""\n}');
  }, 60_000);
});
