import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contractProgress, diffProgress, fitLine, formatTimeLeft, Progress, type ProgressStream } from './progress.ts';

/** A stream and a console that write into one log, in order, so tests see what a screen would get. */
function terminal(isTTY: boolean, columns = 120) {
  const log: string[] = [];
  const stream: ProgressStream & { writes: string[] } = { isTTY, columns, writes: [], write: (text) => { stream.writes.push(text); log.push(`stream:${text}`); } };
  const io = { out: (line: string) => log.push(`out:${line}`), err: (line: string) => log.push(`err:${line}`) };
  const errLines = () => log.filter((entry) => entry.startsWith('err:')).map((entry) => entry.slice(4));
  return { log, stream, io, errLines };
}

const CLEAR = '\r\x1b[K';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('not a terminal: plain lines on io.err', () => {
  it('one line at each 10% step, the last at the total, without a time', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = contractProgress(io, 0, () => 0, stream);
    progress.start(35);
    for (let i = 0; i < 35; i++) progress.advance({ problems: i === 5 ? 1 : 0 });
    progress.finish();
    const lines = errLines();
    expect(lines.map((line) => Number(/ (\d+)\/35 /.exec(line)?.[1]))).toEqual([4, 7, 11, 14, 18, 21, 25, 28, 32, 35]);
    expect(lines[0]).toBe('contract: 4/35 checks (11%), 0 failed, a few seconds left');
    expect(lines[2]).toBe('contract: 11/35 checks (31%), 1 failed, a few seconds left');
    expect(lines.at(-1)).toBe('contract: 35/35 checks (100%), 1 failed');
    expect(stream.writes).toEqual([]);
  });

  it('fewer items than steps: one line per item', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = diffProgress(io, 0, stream);
    progress.start(3);
    for (let i = 0; i < 3; i++) progress.advance({ problems: 1 });
    expect(errLines()).toEqual([
      'diff: 1/3 requests (33%), 1 difference, a few seconds left',
      'diff: 2/3 requests (66%), 2 differences, a few seconds left',
      'diff: 3/3 requests (100%), 3 differences',
    ]);
  });

  it('a line after 30 s without one, counted again from each step line; none once all are done', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = diffProgress(io, 0, stream);
    progress.start(100);
    vi.advanceTimersByTime(29_999);
    expect(errLines()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(errLines()).toEqual(['diff: 0/100 requests (0%), 0 differences']);
    progress.advance();
    vi.advanceTimersByTime(30_000);
    // 1 done in 60 s: 99 left at a minute each.
    expect(errLines().at(-1)).toBe('diff: 1/100 requests (1%), 0 differences, about 1 h 39 min left');
    vi.advanceTimersByTime(10_000);
    for (let i = 0; i < 9; i++) progress.advance();
    expect(errLines()).toHaveLength(3);
    expect(errLines().at(-1)).toMatch(/^diff: 10\/100 requests \(10%\)/);
    vi.advanceTimersByTime(29_999);
    expect(errLines()).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(errLines()).toHaveLength(4);
    for (let i = 0; i < 90; i++) progress.advance();
    const count = errLines().length;
    vi.advanceTimersByTime(120_000);
    expect(errLines()).toHaveLength(count);
    expect(errLines().at(-1)).toBe('diff: 100/100 requests (100%), 0 differences');
  });

  it('nothing is written after finish, not even by a timer', () => {
    const { io, stream, log } = terminal(false);
    const progress = diffProgress(io, 0, stream);
    progress.start(100);
    progress.finish();
    progress.advance();
    for (let i = 0; i < 20; i++) progress.advance();
    vi.advanceTimersByTime(300_000);
    expect(log).toEqual([]);
  });

  it('a run of nothing says nothing', () => {
    const { io, stream, log } = terminal(false);
    const progress = diffProgress(io, 0, stream);
    progress.start(0);
    vi.advanceTimersByTime(300_000);
    progress.finish();
    expect(log).toEqual([]);
  });
});

describe('time left', () => {
  it('with --rate the estimate is there before the first item: diff at 60 a minute, 578 requests', () => {
    const { io, stream } = terminal(true);
    const progress = diffProgress(io, 60, stream);
    progress.start(578);
    vi.advanceTimersByTime(0);
    expect(stream.writes).toEqual([`${CLEAR}0/578 requests · 0 differences · about 10 min left`]);
  });

  it('with --rate and items faster than the rate, the rate wins (pacing has not shown yet)', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = diffProgress(io, 60, stream);
    progress.start(578);
    for (let i = 0; i < 58; i++) progress.advance();
    // 520 left at one a second.
    expect(errLines()).toEqual(['diff: 58/578 requests (10%), 0 differences, about 9 min left']);
  });

  it('an implementation slower than the rate: the observed pace wins', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = diffProgress(io, 600, stream);
    progress.start(20);
    vi.advanceTimersByTime(4_000);
    progress.advance();
    progress.advance();
    // 2 s each observed (the rate allows 0.1 s): 18 left.
    expect(errLines().at(-1)).toBe('diff: 2/20 requests (10%), 0 differences, about 35 s left');
  });

  it('contract at a rate: a check costs its share of the requests so far at that rate', () => {
    const { io, stream } = terminal(true);
    let requests = 0;
    const progress = contractProgress(io, 60, () => requests, stream);
    progress.start(35);
    vi.advanceTimersByTime(0);
    // Requests per check unknown yet, and nothing observed: no estimate.
    expect(stream.writes.at(-1)).toBe(`${CLEAR}0/35 checks · 0 failed`);
    requests = 8;
    progress.advance();
    requests = 12;
    progress.advance({ problems: 1 });
    vi.advanceTimersByTime(100);
    // 6 requests a check at one a second: 33 checks × 6 s.
    expect(stream.writes.at(-1)).toBe(`${CLEAR}2/35 checks · 1 failed · about 3 min left`);
  });

  it('skipped items take no time: neither in the pace nor in what is left', () => {
    const { io, stream, errLines } = terminal(false);
    const progress = contractProgress(io, 0, () => 0, stream);
    // 10 checks, 5 of them will be skipped.
    progress.start(10, 5);
    progress.advance({ skipped: true });
    vi.advanceTimersByTime(20_000);
    progress.advance();
    // 1 check that took time, in 20 s; 4 more will.
    expect(errLines().at(-1)).toBe('contract: 2/10 checks (20%), 0 failed, about 1 min left');
  });

  it.each([
    [0, 'a few seconds left'],
    [9_999, 'a few seconds left'],
    [10_000, 'about 10 s left'],
    [41_000, 'about 40 s left'],
    [57_000, 'about 55 s left'],
    [58_000, 'about 1 min left'],
    [89_000, 'about 1 min left'],
    [90_000, 'about 2 min left'],
    [6 * 60_000, 'about 6 min left'],
    [59 * 60_000 + 29_000, 'about 59 min left'],
    [59 * 60_000 + 31_000, 'about 1 h left'],
    [80 * 60_000, 'about 1 h 20 min left'],
  ])('%i ms: %s', (ms, text) => {
    expect(formatTimeLeft(ms)).toBe(text);
  });
});

describe('a terminal: one line redrawn in place', () => {
  it('redraws with \\r and erase-to-end, at most 10 times a second', () => {
    const { io, stream } = terminal(true);
    const progress = diffProgress(io, 0, stream);
    progress.start(578);
    for (let i = 0; i < 50; i++) progress.advance();
    vi.advanceTimersByTime(0);
    expect(stream.writes).toEqual([`${CLEAR}50/578 requests · 0 differences · a few seconds left`]);
    for (let i = 0; i < 50; i++) {
      progress.advance({ problems: 1 });
      vi.advanceTimersByTime(10);
    }
    // 500 ms of updates every 10 ms: one drawing per 100 ms.
    expect(stream.writes).toHaveLength(6);
    expect(stream.writes.at(-1)).toBe(`${CLEAR}100/578 requests · 50 differences · a few seconds left`);
    expect(stream.writes.every((text) => text.startsWith(CLEAR) && !text.includes('\n'))).toBe(true);
  });

  it('cut to the terminal width', () => {
    const { io, stream } = terminal(true, 24);
    const progress = diffProgress(io, 0, stream);
    progress.start(578);
    progress.advance({ problems: 3 });
    vi.advanceTimersByTime(0);
    expect(stream.writes).toEqual([`${CLEAR}1/578 requests · 3 dif…`]);
    expect(Array.from(stream.writes[0]!.slice(CLEAR.length))).toHaveLength(23);
  });

  it('erased before each line of normal output, on stdout or stderr, and drawn again after it', () => {
    const { io, stream, log } = terminal(true);
    const progress = contractProgress(io, 0, () => 0, stream);
    progress.io.out('Contract check of the fake');
    progress.start(3);
    vi.advanceTimersByTime(0);
    progress.io.out('  ✓ first');
    progress.advance();
    vi.advanceTimersByTime(100);
    progress.io.err('warning: something');
    vi.advanceTimersByTime(100);
    expect(log).toEqual([
      // Before start there is no line to erase.
      'out:Contract check of the fake',
      `stream:${CLEAR}0/3 checks · 0 failed`,
      `stream:${CLEAR}`,
      'out:  ✓ first',
      `stream:${CLEAR}1/3 checks · 0 failed · a few seconds left`,
      `stream:${CLEAR}`,
      'err:warning: something',
      `stream:${CLEAR}1/3 checks · 0 failed · a few seconds left`,
    ]);
  });

  it('removed at the end; nothing drawn afterwards; output after it passes through', () => {
    const { io, stream, log } = terminal(true);
    const progress = diffProgress(io, 0, stream);
    progress.start(2);
    progress.advance();
    vi.advanceTimersByTime(0);
    progress.advance();
    // The last drawing is due but the run ends first.
    progress.finish();
    progress.advance();
    vi.advanceTimersByTime(1_000);
    progress.io.out('diff: 2 requests, 0 differences');
    expect(log).toEqual([
      `stream:${CLEAR}1/2 requests · 0 differences · a few seconds left`,
      `stream:${CLEAR}`,
      'out:diff: 2 requests, 0 differences',
    ]);
  });

  it('no plain lines on a terminal', () => {
    const { io, stream, errLines } = terminal(true);
    const progress = new Progress({ command: 'x', unit: 'items', problems: (n) => `${n} bad`, io, stream });
    progress.start(10);
    for (let i = 0; i < 10; i++) progress.advance();
    vi.advanceTimersByTime(60_000);
    progress.finish();
    expect(errLines()).toEqual([]);
    expect(stream.writes.at(-1)).toBe(CLEAR);
  });
});

describe('fitLine', () => {
  it.each([
    ['short', 80, 'short'],
    ['abcdef', 6, 'abcd…'],
    ['abcde', 6, 'abcde'],
    ['a·b·c·d', 5, 'a·b…'],
    ['x'.repeat(100), undefined, `${'x'.repeat(78)}…`],
    ['x'.repeat(100), 0, `${'x'.repeat(78)}…`],
  ])('%s in %s columns', (text, columns, expected) => {
    expect(fitLine(text, columns)).toBe(expected);
  });
});
