// The bench's table (console and latest.md) and chart (SVG, hand-written): pure, no I/O.

/** Human names of the scenarios. */
export const SCENARIO_LABELS: Record<string, string> = {
  list: 'default list',
  filtered: 'filtered list',
  show: 'show one',
  'jpeg-hit': 'JPEG, cache hits',
  'jpeg-first': 'JPEG, first renders',
  mixed: 'mixed 90/10',
};

export function sizeLabel(size: number | null): string {
  if (size == null) return 'any';
  if (size >= 1000 && size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}

export function formatRate(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(1);
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms >= 100) return Math.round(ms).toLocaleString('en-US');
  return ms.toFixed(ms >= 10 ? 1 : 2);
}

export function formatRatio(r: number | null | undefined): string {
  if (r == null || !Number.isFinite(r)) return '–';
  return `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toFixed(3)}×`;
}

/** One line of the table. */
export interface Row {
  scenario: string;
  size: number | null;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** null where none can be expected */
  expected404: number | null;
  /** ÷ the Express ceiling of the same scenario and size (the headline) */
  vsExpress: number | null;
  /** ÷ the node:http baseline of the same scenario and size */
  vsBaseline: number | null;
  vsPrism: number | null;
}

const TARGET_LABELS: Record<string, string> = { fake: 'fake', prism: 'prism mock', baseline: 'node:http baseline', express: 'Express 5 ceiling', cluster: '2 replicas on Redis' };

/**
 * The results table in Markdown (readable as is on a console).
 */
export function markdownTable(rows: Row[]): string {
  const head = ['scenario', 'images/key', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'expected 404', '× Express', '× node:http', '× Prism'];
  const body = rows.map((r) => [
    SCENARIO_LABELS[r.scenario] ?? r.scenario,
    r.target === 'prism' ? 'any' : sizeLabel(r.size),
    TARGET_LABELS[r.target] ?? r.target,
    formatRate(r.rps),
    formatMs(r.p50),
    formatMs(r.p99),
    String(r.errors),
    String(r.non2xx),
    r.expected404 == null ? '–' : String(r.expected404),
    formatRatio(r.vsExpress),
    formatRatio(r.vsBaseline),
    formatRatio(r.vsPrism),
  ]);
  const right = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

/** The target verdicts, one line each. */
export function targetLines(targets: { id: string; description: string; value: number | null; limit: string; verdict: string }[]): string[] {
  return targets.map((t) => {
    const value = t.value == null ? 'not measured' : Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(t.value < 10 ? 3 : 1);
    return `${t.verdict.padEnd(4)}  ${t.description}: ${value} (target ${t.limit})`;
  });
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface ChartData {
  title: string;
  subtitle: string;
  scenarios: string[];
  sizes: number[];
  /** the fake's req/s ÷ the Express ceiling's, by scenario, then size */
  vsExpress: Record<string, Record<string, number>>;
  /** the fake's req/s ÷ the node:http baseline's, by scenario, then size */
  vsBaseline: Record<string, Record<string, number>>;
  /** the targets on the Express ratio, by scenario, then size */
  targets: Record<string, Record<string, number>>;
  /** short lines shown in a free cell of the grid */
  notes?: string[];
}

/**
 * The fake's req/s as a share of the Express ceiling's (1 = as fast as Express with ready bodies)
 * against data size, one panel per scenario: the ratio as a line over the sizes (log x), the
 * ratio to bare node:http dotted, targets as short red dashes, the ceiling as a grey line at 1.
 */
export function renderChart(data: ChartData): string {
  const panelW = 300;
  const panelH = 230;
  const gap = 20;
  const columns = Math.min(3, Math.max(1, data.scenarios.length));
  const rows = Math.ceil(data.scenarios.length / columns);
  const top = 84;
  const left = 20;
  const width = left * 2 + columns * panelW + (columns - 1) * gap;
  const height = top + rows * (panelH + gap) + 10;
  const m = { l: 54, r: 14, t: 26, b: 42 };
  const sizes = [...data.sizes].sort((a, b) => a - b);
  const colours = { fake: '#1f6feb', baseline: '#555', target: '#cf222e', ceiling: '#999' };
  const ratioText = (r: number) => `${r.toFixed(2)}×`;

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${xml(data.title)}</text>`,
    `<text x="${width / 2}" y="42" text-anchor="middle" font-size="11" fill="#444">${xml(data.subtitle)}</text>`,
    // Legend
    `<g transform="translate(${width / 2 - 300}, 58)">`,
    `<line x1="0" y1="0" x2="24" y2="0" stroke="${colours.fake}" stroke-width="2.5"/><circle cx="12" cy="0" r="3.5" fill="${colours.fake}"/><text x="30" y="4">fake ÷ Express ceiling</text>`,
    `<line x1="170" y1="0" x2="194" y2="0" stroke="${colours.baseline}" stroke-width="2" stroke-dasharray="2 3"/><text x="200" y="4">fake ÷ node:http baseline</text>`,
    `<line x1="360" y1="0" x2="384" y2="0" stroke="${colours.target}" stroke-width="2.5" stroke-dasharray="5 3"/><text x="390" y="4">target</text>`,
    `<line x1="450" y1="0" x2="474" y2="0" stroke="${colours.ceiling}" stroke-width="1.5"/><text x="480" y="4">the ceiling (1×)</text>`,
    '</g>',
  ];

  data.scenarios.forEach((scenario, index) => {
    const px = left + (index % columns) * (panelW + gap);
    const py = top + Math.floor(index / columns) * (panelH + gap);
    const plotW = panelW - m.l - m.r;
    const plotH = panelH - m.t - m.b;
    const fake = data.vsExpress[scenario] ?? {};
    const base = data.vsBaseline[scenario] ?? {};
    const targets = data.targets[scenario] ?? {};
    const values = [...Object.values(fake), ...Object.values(base), ...Object.values(targets)].filter((v) => Number.isFinite(v));
    // Linear from 0 to at least the ceiling, in steps of 0.25.
    const hi = Math.max(1.25, Math.ceil(Math.max(0, ...values) * 4 + 0.5) / 4);
    const y = (v: number) => m.t + plotH - (Math.max(0, v) / hi) * plotH;
    const lx0 = Math.log10(sizes[0] ?? 1);
    const lx1 = Math.log10(sizes[sizes.length - 1] ?? 10);
    const x = (s: number) => (lx1 === lx0 ? m.l + plotW / 2 : m.l + 16 + ((Math.log10(s) - lx0) / (lx1 - lx0)) * (plotW - 32));

    out.push(`<g transform="translate(${px}, ${py})">`);
    out.push(`<rect x="0" y="0" width="${panelW}" height="${panelH}" fill="#fafafa" stroke="#ddd"/>`);
    out.push(`<text x="${panelW / 2}" y="17" text-anchor="middle" font-size="13" font-weight="bold">${xml(SCENARIO_LABELS[scenario] ?? scenario)}</text>`);
    const step = hi > 2.5 ? 0.5 : 0.25;
    for (let v = 0; v <= hi + 1e-9; v += step) {
      const gy = y(v).toFixed(1);
      out.push(`<line x1="${m.l}" y1="${gy}" x2="${m.l + plotW}" y2="${gy}" stroke="${Math.abs(v - 1) < 1e-9 ? colours.ceiling : '#e3e3e3'}"${Math.abs(v - 1) < 1e-9 ? ' stroke-width="1.5"' : ''}/>`);
      out.push(`<text x="${m.l - 5}" y="${gy}" dy="3.5" text-anchor="end" fill="#333">${v.toFixed(2)}</text>`);
    }
    out.push(`<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${m.t + plotH}" stroke="#333"/>`);
    out.push(`<line x1="${m.l}" y1="${m.t + plotH}" x2="${m.l + plotW}" y2="${m.t + plotH}" stroke="#333"/>`);
    for (const s of sizes) {
      const sx = x(s).toFixed(1);
      out.push(`<line x1="${sx}" y1="${m.t + plotH}" x2="${sx}" y2="${m.t + plotH + 4}" stroke="#333"/>`);
      out.push(`<text x="${sx}" y="${m.t + plotH + 15}" text-anchor="middle" fill="#333">${sizeLabel(s)}</text>`);
    }
    out.push(`<text x="${m.l + plotW / 2}" y="${panelH - 8}" text-anchor="middle" fill="#333">images per key (log scale)</text>`);
    out.push(`<text transform="translate(13, ${m.t + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">× the ceiling's req/s</text>`);
    for (const s of sizes) {
      const t = targets[s];
      if (t == null) continue;
      out.push(`<line x1="${(x(s) - 14).toFixed(1)}" y1="${y(t).toFixed(1)}" x2="${(x(s) + 14).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${colours.target}" stroke-width="2.5" stroke-dasharray="5 3"/>`);
    }
    const line = (series: Record<string, number>, colour: string, dash: string) => {
      const measured = sizes.filter((s) => series[s] != null && Number.isFinite(series[s]));
      if (measured.length > 1) {
        out.push(`<polyline points="${measured.map((s) => `${x(s).toFixed(1)},${y(series[s]!).toFixed(1)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
      }
      return measured;
    };
    line(base, colours.baseline, '2 3');
    const measured = line(fake, colours.fake, '');
    for (const s of measured) {
      const v = fake[s]!;
      out.push(`<circle cx="${x(s).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${colours.fake}"/>`);
      out.push(`<text x="${x(s).toFixed(1)}" y="${y(v).toFixed(1)}" dy="-8" text-anchor="middle" font-weight="bold" fill="${colours.fake}" stroke="#fafafa" stroke-width="3" paint-order="stroke">${ratioText(v)}</text>`);
    }
    if (measured.length === 0) out.push(`<text x="${m.l + plotW / 2}" y="${m.t + plotH / 2}" text-anchor="middle" fill="#999">not measured</text>`);
    out.push('</g>');
  });
  // Notes in the first free cell of the grid, if there is one.
  if (data.notes && data.notes.length > 0 && data.scenarios.length < rows * columns) {
    const index = data.scenarios.length;
    const px = left + (index % columns) * (panelW + gap);
    const py = top + Math.floor(index / columns) * (panelH + gap);
    out.push(`<g transform="translate(${px}, ${py})">`);
    data.notes.forEach((note, i) => out.push(`<text x="8" y="${20 + i * 16}" fill="#444">${xml(note)}</text>`));
    out.push('</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
