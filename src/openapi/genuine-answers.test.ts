import { describe, expect, it } from 'vitest';
import { routedMethodOf } from '../core/protocol/routed-method.ts';
import { harHeaders } from '../har/har.ts';
import { readHarEntries } from '../test-support/genuine-har.ts';
import { loadSpec } from './load.ts';
import { createResponseValidator } from './validator.ts';

const validate = createResponseValidator(loadSpec());
const entries = readHarEntries()
  .map((entry, index) => ({ entry, index, url: new URL(entry.request.url) }))
  .filter(({ url }) => url.pathname.startsWith('/api/v1/images') || url.pathname.startsWith('/uploads/users/images/'));

describe('the genuine recording agrees with the document', () => {
  it('covers the recorded image routes', () => {
    expect(entries.length).toBeGreaterThan(80);
  });

  it.each(entries.map(({ entry, index, url }) => [
    `#${index} ${entry.request.method} ${url.pathname}${url.search} -> ${entry.response.status} (${entry.comment ?? ''})`,
    { entry, url },
  ] as const))('%s', async (_name, { entry, url }) => {
    const headers = harHeaders(entry.response.headers);
    const errors = validate({
      // The document describes routed operations: a POST with _method=PATCH is an update.
      method: await routedMethodOf({
        method: entry.request.method, url: entry.request.url, methodOverride: harHeaders(entry.request.headers)['x-http-method-override'],
        contentType: entry.request.postData?.mimeType ?? null, body: entry.request.postData?.text ?? null,
      }),
      path: url.pathname + url.search,
      status: entry.response.status,
      contentType: headers['content-type'] ?? null,
      headers,
      // JPEG bodies are not stored in the HAR (only their size): content type and headers only.
      body: entry.response.content.mimeType === 'image/jpeg' ? undefined : entry.response.content.text,
    });
    expect(errors).toEqual([]);
  });
});
