import { bodyText } from './json-report.ts';
import { groupByKind, requestLabel } from './summary.ts';
import type { Answer, DiffResult, Exchange } from './types.ts';

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
table.diffs{border-collapse:collapse;width:100%;margin:.5rem 0}
.diffs td,.diffs th{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top;text-align:left}
.diffs th{background:#f4f4f4}.a{background:#fff0f0}.b{background:#f0f4ff}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
pre{white-space:pre-wrap;word-break:break-all;background:#fafafa;border:1px solid #eee;padding:.5rem;margin:0;max-height:24rem;overflow:auto}
details{margin:.75rem 0}summary{cursor:pointer;font-weight:600}
.ok{color:#176117}.bad{color:#a11}`;

/**
 * A self-contained HTML page (inline CSS, no script, no external asset): the summary by kind,
 * then every request with a difference, its differences and both answers side by side.
 */
export function htmlReport(result: DiffResult): string {
  const groups = groupByKind(result);
  const total = groups.reduce((n, g) => n + g.differences.length, 0);
  const differing = result.exchanges.filter((e) => e.differences.length > 0);
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>ailuna-images diff</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>ailuna-images diff</h1>',
    `<p>A: <code>${esc(result.a)}</code><br>B: <code>${esc(result.b)}</code><br>${result.readOnly ? 'read-only, ' : ''}${result.russianAccount ? 'with a Russian account, ' : 'no Russian account (no --key-ru), '}started ${esc(result.startedAt)}, token <code>${esc(result.token)}</code></p>`,
    `<p id="verdict" class="${total === 0 ? 'ok' : 'bad'}">${result.exchanges.length} requests, ${total} differences</p>`,
  ];
  if (groups.length > 0) {
    parts.push('<h2>By kind</h2><table class="diffs" id="kinds"><tr><th>Kind</th><th>Differences</th><th>First request</th></tr>');
    for (const { kind, differences } of groups) {
      const first = differences[0]?.exchange as Exchange;
      parts.push(`<tr><td>${esc(kind)}</td><td>${differences.length}</td><td><a href="#r${first.index + 1}">${esc(requestLabel(first))}</a></td></tr>`);
    }
    parts.push('</table><h2>Requests with differences</h2>');
  }
  for (const exchange of differing) parts.push(exchangeHtml(exchange));
  parts.push('</body></html>\n');
  return parts.join('\n');
}

function exchangeHtml(exchange: Exchange): string {
  const { request } = exchange;
  const rows = exchange.differences.map((d) => `<tr><td>${esc(d.kind)}</td><td>${esc(d.where)}</td><td class="a">${esc(d.a)}</td><td class="b">${esc(d.b)}</td></tr>`).join('');
  const sent = [`${request.method} ${request.path.replace(/^site:/, '')}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`), ...(request.body === undefined ? [] : ['', request.body])].join('\n');
  return `<details class="exchange" id="r${exchange.index + 1}" open><summary>${esc(requestLabel(exchange))}</summary>
<table class="diffs"><tr><th>Kind</th><th>Where</th><th>A</th><th>B</th></tr>${rows}</table>
<pre class="request">${esc(sent)}</pre>
<div class="sides"><div><strong>A</strong>${answerHtml(exchange.a, 'a')}</div><div><strong>B</strong>${answerHtml(exchange.b, 'b')}</div></div></details>`;
}

function answerHtml(answer: Answer, side: string): string {
  const head = [`HTTP ${answer.status}`, ...Object.entries(answer.headers).sort().map(([k, v]) => `${k}: ${v}`)].join('\n');
  return `<pre class="answer ${side}">${esc(head)}\n\n${esc(bodyText(answer))}</pre>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
