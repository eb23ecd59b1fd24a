import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BatchedLines } from './batched-lines.ts';

describe('BatchedLines', () => {
  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const writes: string[] = [];
    const lines = new BatchedLines((text) => writes.push(text));
    lines.add('a');
    lines.add('b');
    expect(writes).toEqual([]);
    await setImmediate();
    expect(writes).toEqual(['a\nb']);
    lines.add('c');
    await setImmediate();
    expect(writes).toEqual(['a\nb', 'c']);
  });

  it('flush writes what waits at once, and nothing when nothing waits', async () => {
    const writes: string[] = [];
    const lines = new BatchedLines((text) => writes.push(text));
    lines.flush();
    lines.add('x');
    lines.flush();
    writes.push('other output');
    await setImmediate();
    expect(writes).toEqual(['x', 'other output']);
  });
});
