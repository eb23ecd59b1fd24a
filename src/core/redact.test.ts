import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact.ts';

describe('redactUrl: no key reaches a log', () => {
  it.each<[string, string]>([
    ['/api/v1/images?api_token=secretKey&per_page=10', '/api/v1/images?api_token=REDACTED&per_page=10'],
    ['/api/v1/images?per_page=10&API_TOKEN[]=secretKey', '/api/v1/images?per_page=10&API_TOKEN[]=REDACTED'],
    ['/__admin/accounts/secretKey', '/__admin/accounts/REDACTED'],
    ['/__admin/accounts/secretKey?x=1', '/__admin/accounts/REDACTED?x=1'],
    ['/__admin/accounts/123secret', '/__admin/accounts/REDACTED'],
    ['/__admin/accounts/2', '/__admin/accounts/2'],
    ['/__admin/accounts', '/__admin/accounts'],
    ['/api/v1/images/5', '/api/v1/images/5'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
