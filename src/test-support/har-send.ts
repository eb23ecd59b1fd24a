import request from 'supertest';
import type { createApp } from '../http/app.ts';
import type { HarEntry } from '../har/har.ts';

/**
 * Sends a recorded request to an app in this process as it was recorded: its path and query on
 * the recording's origin (the same Host), its headers and body. The answer's body is its text.
 */
export function sendRecorded(app: ReturnType<typeof createApp>, entry: HarEntry, recordedOrigin: string): request.Test {
  const url = entry.request.url.slice(recordedOrigin.length);
  const method = entry.request.method.toLowerCase() as 'get';
  let pending = request(app)[method](url).set('Host', new URL(recordedOrigin).host);
  for (const { name, value } of entry.request.headers) {
    if (name.toLowerCase() !== 'content-length') pending = pending.set(name, value);
  }
  if (entry.request.postData?.text !== undefined) pending = pending.send(entry.request.postData.text);
  return pending.buffer(true).parse((res, callback) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => { text += chunk; });
    res.on('end', () => callback(null, text));
  });
}
