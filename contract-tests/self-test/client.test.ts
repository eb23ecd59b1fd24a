import { describe, expect, it } from 'vitest';
import { ContractClient, ContractViolation } from '../../src/contract/client.ts';
import { Pacer } from '../../src/contract/pacer.ts';
import type { Transport, WireResponse } from '../../src/contract/transport.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const UNAUTHENTICATED: WireResponse = {
  status: 401,
  headers: {
    'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59',
    'access-control-allow-origin': '*', 'cache-control': 'no-cache, private',
  },
  bytes: encode('{"message":"Unauthenticated."}'),
};
const THROTTLED: WireResponse = {
  status: 429,
  headers: {
    'content-type': 'application/json', 'retry-after': '2', 'x-ratelimit-reset': '1795613794', 'x-ratelimit-limit': '60',
    'x-ratelimit-remaining': '0', 'access-control-allow-origin': '*', 'cache-control': 'no-cache, private',
  },
  bytes: encode('{\n    "message": "Too Many Attempts."\n}'),
};

/** A transport that answers from a script, recording what it was sent. */
function scripted(answers: WireResponse[]): Transport & { sent: string[] } {
  const sent: string[] = [];
  return {
    origin: 'http://scripted.test',
    sent,
    async send(request) {
      sent.push(`${request.method} ${request.url}`);
      const answer = answers.shift();
      if (!answer) throw new Error('the script ran out of answers');
      return answer;
    },
  };
}

describe('the pacer', () => {
  it('spaces requests evenly at the given rate', async () => {
    const slept: number[] = [];
    const pacer = new Pacer(120, async (ms) => { slept.push(ms); });
    await pacer.wait();
    await pacer.wait();
    await pacer.wait();
    expect(slept.length).toBe(2);
    for (const ms of slept) expect(ms).toBeGreaterThan(400);
  });

  it('does not wait at rate 0', async () => {
    const slept: number[] = [];
    const pacer = new Pacer(0, async (ms) => { slept.push(ms); });
    for (let i = 0; i < 5; i++) await pacer.wait();
    expect(slept).toEqual([]);
  });
});

describe('the contract client', () => {
  it('waits out a 429 (Retry-After) and sends the request again', async () => {
    const transport = scripted([THROTTLED, UNAUTHENTICATED]);
    const waited: number[] = [];
    const client = new ContractClient(transport, '/api/v1', 0, async (ms) => { waited.push(ms); });
    const response = await client.api('GET', '/images', { headers: { Accept: 'application/json' } });
    expect(response.status).toBe(401);
    expect(transport.sent).toEqual(['GET /api/v1/images', 'GET /api/v1/images']);
    expect(waited).toEqual([3000]);
  });

  it('fails an answer the document does not allow, naming the request', async () => {
    const wrong: WireResponse = { ...UNAUTHENTICATED, bytes: encode('{"message":"Unauthenticated.","status":401,"extra":1}') };
    const client = new ContractClient(scripted([wrong]), '/api/v1', 0);
    await expect(client.api('GET', '/images')).rejects.toThrowError(ContractViolation);
    const again = new ContractClient(scripted([wrong]), '/api/v1', 0);
    await expect(again.api('GET', '/images')).rejects.toThrowError(/GET \/api\/v1\/images → 401 does not match the OpenAPI document/);
  });

  it('fails an answer a validating proxy flagged', async () => {
    const flagged: WireResponse = { ...UNAUTHENTICATED, headers: { ...UNAUTHENTICATED.headers, 'sl-violations': '[{"message":"bad"}]' } };
    await expect(new ContractClient(scripted([flagged]), '/api/v1', 0).api('GET', '/images')).rejects.toThrowError(/validating proxy reported violations/);
  });
});
