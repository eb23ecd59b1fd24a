/**
 * A minimal RGBA raster with the few anti-aliased drawing primitives the style painters need.
 * Coordinates are pixels (pixel (x, y) covers [x, x+1) × [y, y+1)); colours are 0–255 triples.
 */

import { cos, hypot, powInt, sin } from './math.ts';
import type { Random } from './random.ts';

export type Rgb = readonly [number, number, number];

/** A gradient stop: position in [0, 1] and colour. */
export type Stop = readonly [number, Rgb];

/** Linear mix of two colours: t = 0 gives a, t = 1 gives b. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Scales a colour's brightness (k < 1 darker, k > 1 lighter). */
export function shade(c: Rgb, k: number): Rgb {
  return [c[0] * k, c[1] * k, c[2] * k];
}

/** The colour moved by up to ±amount per channel, for per-seed variety within a palette. */
export function jitter(c: Rgb, random: Random, amount: number): Rgb {
  return [
    c[0] + (random() * 2 - 1) * amount,
    c[1] + (random() * 2 - 1) * amount,
    c[2] + (random() * 2 - 1) * amount,
  ];
}

/** The colour at t along a list of stops sorted by position (clamped at both ends). */
export function sampleStops(stops: readonly Stop[], t: number): Rgb {
  const first = stops[0];
  if (!first) return [0, 0, 0];
  if (t <= first[0]) return first[1];
  for (let i = 1; i < stops.length; i++) {
    const prev = stops[i - 1]!;
    const next = stops[i]!;
    if (t <= next[0]) {
      const span = next[0] - prev[0];
      return span > 0 ? mix(prev[1], next[1], (t - prev[0]) / span) : next[1];
    }
  }
  return stops[stops.length - 1]![1];
}

export function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** Hermite smoothstep between edges e0 and e1. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = clamp01((x - e0) / (e1 - e0));
  return t * t * (3 - 2 * t);
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq > 0 ? clamp01(((px - ax) * dx + (py - ay) * dy) / lengthSq) : 0;
  const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
  return Math.sqrt(ex * ex + ey * ey);
}

export class Canvas {
  /** RGBA bytes; alpha is always 255. Writes clamp and round (Uint8ClampedArray). */
  readonly data: Uint8ClampedArray;
  /** The shorter side: sizes are given as fractions of it, so every resolution looks alike. */
  readonly unit: number;

  constructor(readonly width: number, readonly height: number, background: Rgb = [0, 0, 0]) {
    this.data = new Uint8ClampedArray(width * height * 4);
    this.unit = Math.min(width, height);
    this.fill(background);
  }

  fill(color: Rgb): void {
    const d = this.data;
    for (let i = 0; i < d.length; i += 4) {
      d[i] = color[0]; d[i + 1] = color[1]; d[i + 2] = color[2]; d[i + 3] = 255;
    }
  }

  /** Blends `color` over the pixel at byte offset i with opacity alpha (0–1). */
  blendAt(i: number, color: Rgb, alpha: number): void {
    const d = this.data;
    d[i] = d[i]! + (color[0] - d[i]!) * alpha;
    d[i + 1] = d[i + 1]! + (color[1] - d[i + 1]!) * alpha;
    d[i + 2] = d[i + 2]! + (color[2] - d[i + 2]!) * alpha;
  }

  /** Top-to-bottom gradient over rows [top, bottom); stop positions are fractions of the height. */
  verticalGradient(stops: readonly Stop[], top = 0, bottom = this.height): void {
    const d = this.data;
    for (let y = Math.max(0, Math.floor(top)); y < Math.min(this.height, Math.ceil(bottom)); y++) {
      const c = sampleStops(stops, (y + 0.5) / this.height);
      for (let i = y * this.width * 4, end = i + this.width * 4; i < end; i += 4) {
        d[i] = c[0]; d[i + 1] = c[1]; d[i + 2] = c[2];
      }
    }
  }

  /** Gradient along the line from (x0, y0) (t = 0) to (x1, y1) (t = 1), over the whole canvas. */
  linearGradient(x0: number, y0: number, x1: number, y1: number, stops: readonly Stop[]): void {
    const dx = x1 - x0, dy = y1 - y0;
    const lengthSq = dx * dx + dy * dy || 1;
    // A small lookup table keeps this one multiply-add per pixel.
    const lut = Array.from({ length: 257 }, (_, k) => sampleStops(stops, k / 256));
    const d = this.data;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const t = clamp01(((x + 0.5 - x0) * dx + (y + 0.5 - y0) * dy) / lengthSq);
        const c = lut[Math.round(t * 256)]!;
        const i = (y * this.width + x) * 4;
        d[i] = c[0]; d[i + 1] = c[1]; d[i + 2] = c[2];
      }
    }
  }

  /**
   * The shared rasteriser: blends `color` wherever `inside(x, y)` (a signed distance in pixels,
   * positive inside) is positive, within the box, with a one-pixel anti-aliased edge.
   */
  fillShape(
    minX: number, minY: number, maxX: number, maxY: number, color: Rgb, alpha: number,
    inside: (x: number, y: number) => number,
  ): void {
    const x0 = Math.max(0, Math.floor(minX)), x1 = Math.min(this.width, Math.ceil(maxX));
    const y0 = Math.max(0, Math.floor(minY)), y1 = Math.min(this.height, Math.ceil(maxY));
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const coverage = inside(x + 0.5, y + 0.5) + 0.5;
        if (coverage <= 0) continue;
        this.blendAt((y * this.width + x) * 4, color, coverage >= 1 ? alpha : coverage * alpha);
      }
    }
  }

  circle(cx: number, cy: number, r: number, color: Rgb, alpha = 1): void {
    this.fillShape(cx - r - 1, cy - r - 1, cx + r + 1, cy + r + 1, color, alpha,
      (x, y) => r - Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)));
  }

  /** An ellipse whose opacity falls smoothly from `alpha` at the centre to 0 at the rim. */
  softEllipse(cx: number, cy: number, rx: number, ry: number, color: Rgb, alpha: number): void {
    const x0 = Math.max(0, Math.floor(cx - rx)), x1 = Math.min(this.width, Math.ceil(cx + rx));
    const y0 = Math.max(0, Math.floor(cy - ry)), y1 = Math.min(this.height, Math.ceil(cy + ry));
    for (let y = y0; y < y1; y++) {
      const ny = (y + 0.5 - cy) / ry;
      for (let x = x0; x < x1; x++) {
        const nx = (x + 0.5 - cx) / rx;
        const d2 = nx * nx + ny * ny;
        if (d2 >= 1) continue;
        const falloff = 1 - d2;
        this.blendAt((y * this.width + x) * 4, color, alpha * falloff * falloff);
      }
    }
  }

  /** A convex polygon, given as a flat list x0, y0, x1, y1, … in either winding. */
  polygon(points: readonly number[], color: Rgb, alpha = 1): void {
    const n = points.length >> 1;
    if (n < 3) return;
    let area = 0;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < n; k++) {
      const ax = points[2 * k]!, ay = points[2 * k + 1]!;
      const bx = points[(2 * k + 2) % (2 * n)]!, by = points[(2 * k + 3) % (2 * n)]!;
      area += ax * by - bx * ay;
      minX = Math.min(minX, ax); maxX = Math.max(maxX, ax);
      minY = Math.min(minY, ay); maxY = Math.max(maxY, ay);
    }
    // Unit inward normals of every edge: the distance inside is the smallest edge distance.
    const sign = area >= 0 ? 1 : -1;
    const edges = new Float64Array(n * 3);
    for (let k = 0; k < n; k++) {
      const ax = points[2 * k]!, ay = points[2 * k + 1]!;
      const bx = points[(2 * k + 2) % (2 * n)]!, by = points[(2 * k + 3) % (2 * n)]!;
      const length = hypot(bx - ax, by - ay) || 1;
      const nx = (-(by - ay) / length) * sign, ny = ((bx - ax) / length) * sign;
      edges[3 * k] = nx; edges[3 * k + 1] = ny; edges[3 * k + 2] = -(nx * ax + ny * ay);
    }
    this.fillShape(minX - 1, minY - 1, maxX + 1, maxY + 1, color, alpha, (x, y) => {
      let distance = Infinity;
      for (let k = 0; k < edges.length; k += 3) {
        const e = edges[k]! * x + edges[k + 1]! * y + edges[k + 2]!;
        if (e < distance) distance = e;
      }
      return distance;
    });
  }

  /** A pie slice from angle a0 to a1 (radians, clockwise on screen, a0 < a1 <= a0 + π). */
  sector(cx: number, cy: number, r: number, a0: number, a1: number, color: Rgb, alpha = 1): void {
    // The slice is the disc cut by two half-planes, one per straight edge; the signed distance is
    // the smallest of the three. Bounding box: the centre and the arc's end and extreme points.
    const xs = [cx, cx + cos(a0) * r, cx + cos(a1) * r];
    const ys = [cy, cy + sin(a0) * r, cy + sin(a1) * r];
    for (let k = Math.ceil(a0 / (Math.PI / 2)); k * (Math.PI / 2) <= a1; k++) {
      xs.push(cx + cos(k * (Math.PI / 2)) * r);
      ys.push(cy + sin(k * (Math.PI / 2)) * r);
    }
    // Inward normals: the start edge's points to increasing angle, the end edge's to decreasing.
    const n0x = -sin(a0), n0y = cos(a0);
    const n1x = sin(a1), n1y = -cos(a1);
    this.fillShape(Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1, color, alpha,
      (x, y) => {
        const dx = x - cx, dy = y - cy;
        return Math.min(r - Math.sqrt(dx * dx + dy * dy), dx * n0x + dy * n0y, dx * n1x + dy * n1y);
      });
  }

  /** A straight stroke with round caps. */
  line(x0: number, y0: number, x1: number, y1: number, width: number, color: Rgb, alpha = 1): void {
    const half = width / 2;
    this.fillShape(Math.min(x0, x1) - half - 1, Math.min(y0, y1) - half - 1,
      Math.max(x0, x1) + half + 1, Math.max(y0, y1) + half + 1, color, alpha,
      (x, y) => half - segmentDistance(x, y, x0, y0, x1, y1));
  }

  /** A light-emitting stroke: adds colour that fades with distance (for neon looks). */
  glowLine(x0: number, y0: number, x1: number, y1: number, width: number, color: Rgb, strength = 1): void {
    const reach = width * 6;
    const bx0 = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
    const bx1 = Math.min(this.width, Math.ceil(Math.max(x0, x1) + reach));
    const by0 = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
    const by1 = Math.min(this.height, Math.ceil(Math.max(y0, y1) + reach));
    const d = this.data;
    for (let y = by0; y < by1; y++) {
      for (let x = bx0; x < bx1; x++) {
        const dist = segmentDistance(x + 0.5, y + 0.5, x0, y0, x1, y1) / width;
        if (dist > 6) continue;
        const glow = strength / (1 + dist * dist * 2);
        const core = dist < 0.5 ? 1 : 0;
        const i = (y * this.width + x) * 4;
        d[i] = d[i]! + color[0] * glow + 255 * core * 0.6 * strength;
        d[i + 1] = d[i + 1]! + color[1] * glow + 255 * core * 0.6 * strength;
        d[i + 2] = d[i + 2]! + color[2] * glow + 255 * core * 0.6 * strength;
      }
    }
  }

  /**
   * A lit sphere (Lambert diffuse plus a Blinn–Phong highlight), light from the upper left.
   */
  sphere(cx: number, cy: number, r: number, color: Rgb): void {
    // Light direction (normalised) and the half-vector with the viewer at +z.
    const lx = -0.5, ly = -0.6, lz = 0.62;
    const ll = hypot(lx, ly, lz);
    const Lx = lx / ll, Ly = ly / ll, Lz = lz / ll;
    const hl = hypot(Lx, Ly, Lz + 1);
    const Hx = Lx / hl, Hy = Ly / hl, Hz = (Lz + 1) / hl;
    const x0 = Math.max(0, Math.floor(cx - r - 1)), x1 = Math.min(this.width, Math.ceil(cx + r + 1));
    const y0 = Math.max(0, Math.floor(cy - r - 1)), y1 = Math.min(this.height, Math.ceil(cy + r + 1));
    const lit: [number, number, number] = [0, 0, 0];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const nx = (x + 0.5 - cx) / r, ny = (y + 0.5 - cy) / r;
        const d2 = nx * nx + ny * ny;
        const coverage = clamp01((1 - Math.sqrt(d2)) * r + 0.5);
        if (coverage <= 0) continue;
        const nz = Math.sqrt(Math.max(0, 1 - d2));
        const diffuse = Math.max(0, nx * Lx + ny * Ly + nz * Lz);
        const specular = powInt(Math.max(0, nx * Hx + ny * Hy + nz * Hz), 48) * 0.75;
        // Ambient, diffuse, a touch of rim light from the floor below.
        const k = 0.22 + 0.85 * diffuse + 0.12 * Math.max(0, ny) * (1 - nz);
        lit[0] = color[0] * k + 255 * specular;
        lit[1] = color[1] * k + 255 * specular;
        lit[2] = color[2] * k + 255 * specular;
        this.blendAt((y * this.width + x) * 4, lit, coverage);
      }
    }
  }

  /**
   * Fills everything below a curve: `ridge[x]` is the curve's y (pixels) at column x.
   * The top pixel of each column is partly covered, for a smooth edge.
   */
  fillBelow(ridge: Float64Array, color: Rgb, alpha = 1): void {
    for (let x = 0; x < this.width; x++) {
      const top = ridge[x]!;
      for (let y = Math.max(0, Math.floor(top)); y < this.height; y++) {
        const coverage = clamp01(y + 1 - top);
        this.blendAt((y * this.width + x) * 4, color, coverage * alpha);
      }
    }
  }
}
