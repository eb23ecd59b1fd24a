import { describe, expect, it } from 'vitest';
import { bodyToSend, encodedControllerJson } from './response.ts';

describe('bodyToSend', () => {
  const json = '{"data":[],"status":200}';
  const bytes = new TextEncoder().encode(json);

  it('sends the ready UTF-8 of a body that is still the text it was made from', () => {
    expect(bodyToSend(encodedControllerJson(200, json, bytes))).toBe(bytes);
  });

  it('sends the body itself once someone rewrote it (or emptied it for HEAD)', () => {
    const rewritten = { ...encodedControllerJson(200, json, bytes), body: '{"data":[],"status":201}' };
    expect(bodyToSend(rewritten)).toBe('{"data":[],"status":201}');
    expect(bodyToSend({ ...encodedControllerJson(200, json, bytes), body: null })).toBeNull();
    expect(bodyToSend(encodedControllerJson(200, json))).toBe(json);
  });
});
