import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BatchedLines } from './batched-lines.ts';

describe('BatchedLines', () => {
  it('writes the lines that came within the delay in one write, in order', async () => {
    const writes: string[] = [];
    const lines = new BatchedLines((text) => writes.push(text), { delayMs: 20, maxChars: 1000 });
    lines.add('a');
    lines.add('b');
    expect(writes).toEqual([]);
    await sleep(60);
    expect(writes).toEqual(['a\nb']);
    lines.add('c');
    expect(writes).toEqual(['a\nb']);
    await sleep(60);
    expect(writes).toEqual(['a\nb', 'c']);
  });

  it('writes at once when maxChars wait, without waiting for the delay', () => {
    const writes: string[] = [];
    const lines = new BatchedLines((text) => writes.push(text), { delayMs: 60_000, maxChars: 8 });
    lines.add('abc');
    expect(writes).toEqual([]);
    lines.add('def');
    expect(writes).toEqual(['abc\ndef']);
    lines.add('g');
    lines.flush();
    expect(writes).toEqual(['abc\ndef', 'g']);
  });

  it('flush writes what waits at once, and nothing when nothing waits; no write is left for later', async () => {
    const writes: string[] = [];
    const lines = new BatchedLines((text) => writes.push(text), { delayMs: 20, maxChars: 1000 });
    lines.flush();
    lines.add('x');
    lines.flush();
    writes.push('other output');
    await sleep(60);
    expect(writes).toEqual(['x', 'other output']);
  });
});
