import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../openapi/load.ts';
import { routedMethodOf } from '../core/protocol/routed-method.ts';
import { createResponseValidator } from '../openapi/validator.ts';
import { responseBytes } from './har.ts';
import { readHarFile } from './har-file.ts';
import { generateFixtures } from './generate.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const FILES = ['seed/default.json', 'recordings/endpoints.har', 'recordings/limits.har', 'recordings/browser.har'];

describe('the committed fixtures', () => {
  it('are what `npm run fixtures` writes today (run it after changing the fake)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'ailuna-fixtures-'));
    await generateFixtures(fresh);
    for (const file of FILES) {
      const committed = readFileSync(join(FIXTURES, file), 'utf8');
      expect(committed === readFileSync(join(fresh, file), 'utf8'), `fixtures/${file} is stale: run npm run fixtures`).toBe(true);
    }
  }, 60_000);

  it('hold only answers the OpenAPI document allows', async () => {
    const validate = createResponseValidator(loadSpec());
    const problems: string[] = [];
    for (const file of FILES.filter((f) => f.endsWith('.har'))) {
      for (const entry of readHarFile(join(FIXTURES, file)).log.entries) {
        const url = new URL(entry.request.url);
        if (!url.pathname.startsWith('/api/v1') && !url.pathname.startsWith('/uploads/')) continue;
        const headers = Object.fromEntries(entry.response.headers.map((h) => [h.name, h.value]));
        const found = validate({
          method: await routedMethodOf({
            method: entry.request.method, url: entry.request.url,
            methodOverride: entry.request.headers.find((h) => h.name.toLowerCase() === 'x-http-method-override')?.value ?? null,
            contentType: entry.request.postData?.mimeType ?? null, body: entry.request.postData?.text ?? null,
          }),
          path: `${url.pathname}${url.search}`,
          status: entry.response.status,
          contentType: headers['content-type'] ?? null,
          headers,
          body: entry.response.content.encoding === 'base64' ? undefined : new TextDecoder().decode(responseBytes(entry.response)),
        });
        problems.push(...found.map((p) => `${file}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('contain no API key', () => {
    for (const file of FILES) {
      const text = readFileSync(join(FIXTURES, file), 'utf8');
      if (file.endsWith('.har')) expect(text, file).not.toMatch(/demoKey(One|Two|NoApiAccess)/);
    }
  });
});
