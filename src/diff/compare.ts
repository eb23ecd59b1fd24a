import type { NormalAnswer } from './normalise.ts';
import type { Difference } from './types.ts';

/**
 * Names every difference between two normalised answers: status, the compared headers, the body
 * (JSON structurally and in key order, its text style; a JPEG's size; other bodies by type and
 * emptiness).
 */
export function compareAnswers(a: NormalAnswer, b: NormalAnswer, exact: boolean): Difference[] {
  const out: Difference[] = [];
  if (a.status !== b.status) out.push({ kind: 'status', where: 'status', a: String(a.status), b: String(b.status) });
  for (const name of [...new Set([...Object.keys(a.headers), ...Object.keys(b.headers)])].sort()) {
    const [va, vb] = [a.headers[name], b.headers[name]];
    if (va !== vb) out.push({ kind: `header ${name}`, where: name, a: va ?? '(absent)', b: vb ?? '(absent)' });
  }
  const [ba, bb] = [a.body, b.body];
  if (ba.kind !== bb.kind) {
    out.push({ kind: 'body type', where: 'body', a: describe(ba), b: describe(bb) });
  } else if (ba.kind === 'jpeg' && bb.kind === 'jpeg') {
    const fit = (body: typeof ba) => (body.declared === undefined || body.declared === body.size ? 'as declared' : `${body.size}, declared ${body.declared}`);
    if (fit(ba) !== fit(bb) || (exact && ba.size !== bb.size)) out.push({ kind: 'jpeg size', where: 'body', a: fit(ba) === 'as declared' ? ba.size : fit(ba), b: fit(bb) === 'as declared' ? bb.size : fit(bb) });
  } else if (ba.kind === 'other' && bb.kind === 'other') {
    if (ba.type !== bb.type || ba.empty !== bb.empty) out.push({ kind: 'body type', where: 'body', a: describe(ba), b: describe(bb) });
  } else if (ba.kind === 'json' && bb.kind === 'json') {
    compareJson(ba.value, bb.value, '$', out);
    for (const aspect of ['layout', 'slashes', 'nonAscii'] as const) {
      const [sa, sb] = [ba.style[aspect], bb.style[aspect]];
      if (sa !== sb && sa !== 'none' && sb !== 'none') out.push({ kind: 'json style', where: aspect, a: sa, b: sb });
    }
    const [pa, pb] = [ba.arithmetic.join('; '), bb.arithmetic.join('; ')];
    if (pa !== pb) out.push({ kind: 'list arithmetic', where: '$.meta', a: pa || 'consistent', b: pb || 'consistent' });
  }
  return out;
}

function describe(body: NormalAnswer['body']): string {
  if (body.kind === 'json') return 'JSON';
  if (body.kind === 'jpeg') return `JPEG ${body.size}`;
  return `${body.type}${body.empty ? ', empty' : ''}`;
}

function compareJson(a: unknown, b: unknown, path: string, out: Difference[]): void {
  if (isObject(a) && isObject(b)) {
    // A data-dependent list: the item shapes, when both sides have items.
    if (Array.isArray(a.$items) && Array.isArray(b.$items)) {
      const [sa, sb] = [a.$items.join(' | '), b.$items.join(' | ')];
      if (sa !== sb && a.$items.length > 0 && b.$items.length > 0) out.push({ kind: 'body value', where: `${path}[*]`, a: sa, b: sb });
      return;
    }
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    const missing = ka.filter((k) => !(k in b));
    const extra = kb.filter((k) => !(k in a));
    if (missing.length > 0 || extra.length > 0) {
      out.push({ kind: 'body keys', where: path, a: missing.length > 0 ? `has ${missing.join(', ')}` : '—', b: extra.length > 0 ? `has ${extra.join(', ')}` : '—' });
    }
    const shared = ka.filter((k) => k in b);
    const orderB = kb.filter((k) => k in a);
    if (shared.join(',') !== orderB.join(',')) out.push({ kind: 'body key order', where: path, a: shared.join(', '), b: orderB.join(', ') });
    for (const key of shared) compareJson(a[key], b[key], `${path}.${key}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push({ kind: 'body value', where: `${path}.length`, a: String(a.length), b: String(b.length) });
    for (let i = 0; i < Math.min(a.length, b.length); i++) compareJson(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ kind: 'body value', where: path, a: short(a), b: short(b) });
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
