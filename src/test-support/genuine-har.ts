import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Minimal HAR 1.2 shapes used by the tests. */
export interface HarHeader { name: string; value: string }
export interface HarEntry {
  comment?: string;
  request: {
    method: string;
    url: string;
    headers: HarHeader[];
    postData?: { mimeType: string; text?: string };
  };
  response: {
    status: number;
    headers: HarHeader[];
    content: { mimeType: string; text?: string; encoding?: string };
  };
}

const HAR_PATH = fileURLToPath(new URL('../../fixtures/upstream/genuine-sample.har', import.meta.url));

/** The 113 exchanges recorded from the genuine application (keys already replaced). */
export function genuineEntries(): HarEntry[] {
  return (JSON.parse(readFileSync(HAR_PATH, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
}

/** The origin the genuine application ran on while recording. */
export const GENUINE_ORIGIN = 'http://127.0.0.1:18089';
export const GENUINE_HOST = '127.0.0.1:18089';

export function harHeader(headers: HarHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
