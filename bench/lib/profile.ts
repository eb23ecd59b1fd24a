// Reading a V8 CPU profile (node --cpu-prof writes one per thread as JSON: nodes, samples,
// timeDeltas): where the fake's time went, by function and by area. Pure, no I/O.

/** The parts of a .cpuprofile the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  /** µs, V8's monotonic clock (on Linux the same as process.hrtime) */
  startTime: number;
  endTime: number;
  /** the node id of each sample */
  samples: number[];
  /** µs since the previous sample (the first: since startTime) */
  timeDeltas: number[];
}

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based */
  lineNumber: number;
  columnNumber: number;
}

/** One line of a summary: a function or an area. */
export interface Cost {
  name: string;
  /** file:line (functions only) */
  location?: string;
  /** the area a function belongs to (functions only) */
  area?: string;
  samples: number;
  /** % of the busy samples (idle left out) */
  percent: number;
  /**
   * self time per completed request, µs (null: no request count): the share of busy samples times
   * the thread's CPU time when it was measured (`cpuUs`), else the time the samples stand for
   */
  usPerRequest: number | null;
}

export interface ProfileSummary {
  /** samples in the window, idle included */
  samples: number;
  idleSamples: number;
  /** the window's length, ms */
  windowMs: number;
  /** false when no sample fell in the window asked for: the whole profile was summarised */
  windowMatched: boolean;
  requests: number | null;
  /** busy CPU time per request on the fake's main thread, µs */
  cpuUsPerRequest: number | null;
  /** whether the per-request figures come from the thread's measured CPU time (else from sample spans) */
  measuredCpu: boolean;
  top: Cost[];
  areas: Cost[];
}

/**
 * Areas by package (express and the packages it runs on every request), checked in order after
 * V8's own entries; the first match wins.
 */
const EXPRESS_PACKAGES = ['express', 'router', 'finalhandler', 'send', 'body-parser', 'raw-body', 'on-finished', 'statuses', 'content-type',
  'accepts', 'negotiator', 'type-is', 'mime-types', 'mime-db', 'media-typer', 'qs', 'parseurl', 'encodeurl', 'escape-html', 'fresh', 'range-parser',
  'depd', 'debug', 'ms', 'cookie', 'cookie-signature', 'vary', 'proxy-addr', 'forwarded', 'ipaddr.js', 'etag', 'merge-descriptors', 'serve-static',
  'path-to-regexp', 'setprototypeof', 'http-errors', 'destroy', 'iconv-lite', 'unpipe', 'ee-first', 'content-disposition', 'safe-buffer',
  'is-promise', 'toidentifier', 'side-channel', 'object-inspect', 'call-bound', 'get-intrinsic', 'es-errors'];
const AREAS: [string, (url: string, name: string) => boolean][] = [
  ['GC', (_u, n) => n === '(garbage collector)'],
  ['V8 and native code (program)', (_u, n) => n === '(program)'],
  ['Express and its middleware', (u) => EXPRESS_PACKAGES.some((p) => u.includes(`/node_modules/${p}/`))],
  ['journal and request log', (u) => /\/src\/(core\/journal\/|cli\/log\.ts|cli\/batched-lines\.ts)/.test(u)],
  ['core: handler stages (protocol/)', (u) => u.includes('/src/core/protocol/')],
  ['core: list, search, filter', (u) => u.includes('/src/core/list/')],
  ['core: JPEG rendering', (u) => u.includes('/src/core/render/')],
  ['core: other', (u) => u.includes('/src/core/')],
  ['HTTP adapter (src/http)', (u) => u.includes('/src/http/')],
  ['ours: other (cli, node, admin…)', (u) => u.includes('/src/')],
  ['JSON and encoding', (u, n) => u.startsWith('node:internal/encoding') || u === 'node:buffer' || u.startsWith('node:internal/buffer')
    || (u === '' && /^(JSON\.)?(stringify|parse)$|^(encode|encodeInto|decode|utf8Write|utf8Slice|latin1Write|asciiSlice|byteLengthUtf8|write)$/.test(n))],
  ['node:http, net and streams', (u, n) => /^node:(_http_|http|https|net|stream|internal\/(http|stream_base_commons|streams\/|net|dtrace))/.test(u)
    // libuv's socket writes and reads, called from stream_base_commons
    || (u === '' && /^(writev|writeBuffer|write(Utf8|Latin1|Ascii|Ucs2)String|readStart|readStop|shutdown|onStreamRead)$/.test(n))],
  ['promises, ticks and async hooks', (u, n) => /^node:internal\/(process\/(task_queues|promises)|async_hooks|async_local_storage)/.test(u) || n === 'runMicrotasks'],
  ['timers', (u) => /^node:(timers|internal\/timers)/.test(u)],
  ['module loading (tsx)', (u) => u.includes('/node_modules/tsx/') || u.startsWith('node:internal/modules/')],
  ['Node (other)', (u) => u.startsWith('node:')],
  ['dependencies (other)', (u) => u.includes('/node_modules/')],
  ['V8 built-ins', (u) => u === ''],
];

/** The area of a function, for the summary's second table. */
export function areaOf(frame: Pick<CallFrame, 'url' | 'functionName'>): string {
  for (const [area, test] of AREAS) if (test(frame.url, frame.functionName)) return area;
  return 'other';
}

/** A function's place: the URL without the root's file:// prefix, and the 1-based line. */
export function defaultLocation(frame: CallFrame, root = ''): string {
  const prefix = root ? `file://${root.endsWith('/') ? root : `${root}/`}` : '';
  const file = prefix && frame.url.startsWith(prefix) ? frame.url.slice(prefix.length) : frame.url || '(native)';
  return frame.url ? `${file}:${frame.lineNumber + 1}` : file;
}

/**
 * Sums the self time per function and per area over the samples in `window` (µs of the profile's
 * clock; all samples when none falls inside it). A sample stands for the time until the next one.
 * `requests` completed in the window give the per-request figures; with `cpuUs` (the main thread's
 * CPU time over the window, from /proc) they are shares of it, which a busy machine does not
 * inflate: a sample's span also counts the time the thread waited for a core.
 */
export function summariseProfile(profile: CpuProfile, { window, requests = null, cpuUs = null, top = 12, locate = (f: CallFrame) => defaultLocation(f) }: {
  window?: { fromUs: number; toUs: number };
  requests?: number | null;
  cpuUs?: number | null;
  top?: number;
  locate?: (frame: CallFrame) => string;
} = {}): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  // Each sample's time stamp, and the time it stands for (until the next sample, or the end).
  const stamps: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) stamps.push((t += delta));
  const spans = stamps.map((s, i) => Math.max(0, (stamps[i + 1] ?? profile.endTime) - s));
  const inside = (i: number) => !window || (stamps[i]! >= window.fromUs && stamps[i]! <= window.toUs);
  let chosen = profile.samples.map((_, i) => i).filter(inside);
  const windowMatched = chosen.length > 0 || !window;
  if (chosen.length === 0) chosen = profile.samples.map((_, i) => i);

  const byFunction = new Map<string, { frame: CallFrame; samples: number; us: number }>();
  const byArea = new Map<string, { samples: number; us: number }>();
  let idle = 0;
  let busyUs = 0;
  for (const i of chosen) {
    const frame = frames.get(profile.samples[i]!);
    if (!frame) continue;
    if (frame.functionName === '(idle)') {
      idle++;
      continue;
    }
    const span = spans[i]!;
    busyUs += span;
    const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}\u0000${frame.columnNumber}`;
    const f = byFunction.get(key) ?? { frame, samples: 0, us: 0 };
    f.samples++;
    f.us += span;
    byFunction.set(key, f);
    const area = areaOf(frame);
    const a = byArea.get(area) ?? { samples: 0, us: 0 };
    a.samples++;
    a.us += span;
    byArea.set(area, a);
  }
  const busy = chosen.length - idle;
  const measuredCpu = cpuUs !== null && cpuUs > 0 && busy > 0;
  const perRequest = (us: number, samples: number) => {
    if (!requests || requests <= 0) return null;
    return measuredCpu ? (cpuUs * samples) / busy / requests : us / requests;
  };
  const cost = (name: string, samples: number, us: number): Cost => ({ name, samples, percent: busy ? (100 * samples) / busy : 0, usPerRequest: perRequest(us, samples) });
  const first = stamps[chosen[0]!] ?? profile.startTime;
  const last = stamps[chosen[chosen.length - 1]!] ?? profile.endTime;
  return {
    samples: chosen.length,
    idleSamples: idle,
    windowMs: window && windowMatched ? (window.toUs - window.fromUs) / 1000 : (last - first) / 1000,
    windowMatched,
    requests,
    cpuUsPerRequest: perRequest(busyUs, busy),
    measuredCpu,
    // Most samples first; ties by name, so a summary reads the same every time.
    top: [...byFunction.values()].sort((a, b) => b.samples - a.samples || a.frame.functionName.localeCompare(b.frame.functionName)).slice(0, top)
      .map((f) => ({ ...cost(f.frame.functionName || '(anonymous)', f.samples, f.us), location: locate(f.frame), area: areaOf(f.frame) })),
    areas: [...byArea.entries()].sort((a, b) => b[1].samples - a[1].samples || a[0].localeCompare(b[0])).map(([area, a]) => cost(area, a.samples, a.us)),
  };
}

/** The summary as text: a heading line, the top functions, the areas. */
export function formatProfileSummary(title: string, s: ProfileSummary): string[] {
  const us = (v: number | null) => (v == null ? '' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)} µs/req`.padStart(12));
  const pct = (v: number) => `${v.toFixed(1)}%`.padStart(6);
  const busy = s.samples - s.idleSamples;
  return [
    `${title}: ${busy} busy samples in ${(s.windowMs / 1000).toFixed(1)} s (idle ${s.samples ? ((100 * s.idleSamples) / s.samples).toFixed(0) : 0}%)`
      + `${s.requests != null ? `, ${s.requests.toLocaleString('en-US')} requests, ${s.cpuUsPerRequest == null ? '–' : s.cpuUsPerRequest.toFixed(0)} µs of main-thread CPU per request`
        + `${s.measuredCpu ? ' (measured in /proc; shares by samples)' : ' (sample spans: a busy machine inflates them)'}` : ''}`
      + `${s.windowMatched ? '' : ' (the measured window matched no sample: the whole profile)'}`,
    '  top self time:',
    ...s.top.map((c) => `  ${pct(c.percent)} ${us(c.usPerRequest)}  ${c.name}  ${c.location ?? ''}  [${c.area ?? ''}]`),
    '  by area:',
    ...s.areas.map((c) => `  ${pct(c.percent)} ${us(c.usPerRequest)}  ${c.name}`),
  ];
}
