/**
 * One painter per style: each draws a small seeded scene with its own palette and composition,
 * so pictures of different styles look different at a glance (and in their colour statistics).
 * Shapes are placed in fractions of the canvas, so every resolution shows the same picture.
 */

import type { Style } from '../images/enums.ts';
import type { Canvas } from './canvas.ts';
import { clamp01, jitter, mix, sampleStops, shade, smoothstep, type Rgb, type Stop } from './canvas.ts';
import { cos, hypot, sin } from './math.ts';
import { between, intBetween, pick, pixelNoise, type Random } from './random.ts';

export type Painter = (canvas: Canvas, random: Random) => void;

/** A wavy horizon: y (pixels) per column, around `level` (fraction of height). */
function ridgeLine(canvas: Canvas, random: Random, level: number, amplitude: number, waves: number): Float64Array {
  const ridge = new Float64Array(canvas.width);
  const terms = Array.from({ length: waves }, (_, k) => ({
    freq: (k + 1) * between(random, 1.5, 3.5),
    phase: between(random, 0, Math.PI * 2),
    amp: amplitude / (k + 1),
  }));
  for (let x = 0; x < canvas.width; x++) {
    const u = x / canvas.width;
    let v = level;
    for (const t of terms) v += t.amp * sin(u * t.freq * Math.PI + t.phase);
    ridge[x] = v * canvas.height;
  }
  return ridge;
}

/** Rises fast then levels off (about t^0.75), for sky and field gradients. */
function easeOut(t: number): number {
  return (t + Math.sqrt(t)) / 2;
}

/** No style: a calm two-colour diagonal wash with a few soft light blobs. */
const paintDefault: Painter = (c, random) => {
  const from = jitter([58, 128, 150], random, 18);
  const to = jitter([34, 52, 104], random, 14);
  c.linearGradient(0, 0, c.width, c.height, [[0, from], [1, to]]);
  const blobs = intBetween(random, 4, 6);
  for (let k = 0; k < blobs; k++) {
    const color = pick(random, [[120, 206, 200], [186, 168, 226], [98, 164, 214], [236, 204, 176]] as const);
    const r = between(random, 0.18, 0.4) * c.unit;
    c.softEllipse(between(random, 0.1, 0.9) * c.width, between(random, 0.1, 0.9) * c.height, r, r, color,
      between(random, 0.35, 0.6));
  }
};

/** 3D render: glossy shaded spheres with soft contact shadows in a grey studio. */
const paint3dRender: Painter = (c, random) => {
  const tint = jitter([0, 0, 0], random, 8);
  c.verticalGradient([
    [0, mix([222, 226, 234], tint, -0.5)], [0.55, [184, 188, 198]], [1, [126, 130, 142]],
  ]);
  const palette: readonly Rgb[] = [[226, 64, 60], [52, 120, 226], [246, 186, 44], [60, 178, 112], [170, 84, 214], [236, 236, 240]];
  const spheres = Array.from({ length: intBetween(random, 3, 5) }, () => {
    const r = between(random, 0.08, 0.19) * c.unit;
    return { x: between(random, 0.15, 0.85) * c.width, ground: between(random, 0.55, 0.92) * c.height, r, color: pick(random, palette) };
  }).sort((a, b) => a.ground - b.ground);
  for (const s of spheres) c.softEllipse(s.x + s.r * 0.35, s.ground, s.r * 1.25, s.r * 0.32, [40, 42, 52], 0.55);
  for (const s of spheres) c.sphere(s.x, s.ground - s.r, s.r, s.color);
};

/** Abstract: overlapping translucent circles, bars and triangles on cool off-white. */
const paintAbstract: Painter = (c, random) => {
  c.fill(jitter([222, 230, 234], random, 6));
  const palette: readonly Rgb[] = [[214, 64, 52], [32, 52, 110], [236, 178, 42], [28, 136, 132], [34, 32, 36], [236, 150, 140]];
  const shapes = intBetween(random, 10, 15);
  for (let k = 0; k < shapes; k++) {
    const color = pick(random, palette);
    const alpha = between(random, 0.55, 0.92);
    const x = between(random, 0, 1) * c.width, y = between(random, 0, 1) * c.height;
    const size = between(random, 0.08, 0.3) * c.unit;
    const angle = between(random, 0, Math.PI);
    const kind = intBetween(random, 0, 3);
    if (kind === 0) {
      c.circle(x, y, size, color, alpha);
    } else if (kind === 1) {
      // A rotated bar.
      const long = size * 2.2, short = size * 0.45;
      const ux = cos(angle), uy = sin(angle);
      c.polygon([
        x - ux * long - uy * short, y - uy * long + ux * short,
        x + ux * long - uy * short, y + uy * long + ux * short,
        x + ux * long + uy * short, y + uy * long - ux * short,
        x - ux * long + uy * short, y - uy * long - ux * short,
      ], color, alpha);
    } else if (kind === 2) {
      const points: number[] = [];
      for (let p = 0; p < 3; p++) {
        const a = angle + (p * Math.PI * 2) / 3;
        points.push(x + cos(a) * size * 1.3, y + sin(a) * size * 1.3);
      }
      c.polygon(points, color, alpha);
    } else {
      const ux = cos(angle) * size * 2, uy = sin(angle) * size * 2;
      c.line(x - ux, y - uy, x + ux, y + uy, c.unit * 0.012, [34, 32, 36], 0.9);
    }
  }
};

/** Anime: saturated blue sky, soft fluffy clouds, a bright sun glow and green hills. */
const paintAnime: Painter = (c, random) => {
  c.verticalGradient([[0, jitter([56, 128, 240], random, 10)], [0.55, [132, 196, 255]], [0.85, [206, 236, 255]]]);
  c.softEllipse(between(random, 0.65, 0.95) * c.width, between(random, 0.05, 0.2) * c.height,
    0.4 * c.unit, 0.4 * c.unit, [255, 252, 230], 0.75);
  const clouds = intBetween(random, 2, 4);
  for (let k = 0; k < clouds; k++) {
    const cx = between(random, 0.1, 0.9) * c.width, cy = between(random, 0.15, 0.55) * c.height;
    const w = between(random, 0.12, 0.22) * c.unit;
    const puffs = Array.from({ length: intBetween(random, 5, 8) }, () => ({
      x: cx + between(random, -1, 1) * w, y: cy + between(random, -0.35, 0.15) * w, r: between(random, 0.35, 0.6) * w,
    }));
    for (const p of puffs) c.circle(p.x, p.y + p.r * 0.18, p.r, [196, 214, 240]); // shaded underside
    for (const p of puffs) c.circle(p.x, p.y, p.r * 0.94, [255, 255, 255]);
  }
  const hill = c.unit * between(random, 0.55, 0.75);
  c.circle(between(random, 0.1, 0.4) * c.width, c.height + hill * 0.62, hill, [120, 206, 104]);
  c.circle(between(random, 0.6, 0.9) * c.width, c.height + hill * 0.72, hill * 1.1, [84, 178, 86]);
};

/** Art deco: gold fans, rays and a double frame on deep navy. */
const paintArtDeco: Painter = (c, random) => {
  c.verticalGradient([[0, [12, 16, 30]], [1, [30, 34, 56]]]);
  const gold = jitter([214, 176, 84], random, 12);
  const dark: Rgb = [16, 20, 36];
  const cx = c.width / 2, cy = between(random, 0.8, 0.92) * c.height;
  // Rays: alternating thin wedges over the upper half-plane.
  const rays = intBetween(random, 9, 14) * 2;
  for (let k = 0; k < rays; k += 2) {
    const a0 = Math.PI + (k * Math.PI) / rays;
    c.sector(cx, cy, c.unit * 1.3, a0, a0 + Math.PI / rays, gold, 0.22);
  }
  // Concentric fan: gold and navy bands, ribbed by dark radial lines.
  const bands = intBetween(random, 3, 5);
  const outer = between(random, 0.42, 0.55) * c.unit;
  for (let b = 0; b < bands; b++) {
    const r = outer * (1 - b / (bands + 0.5));
    c.sector(cx, cy, r, Math.PI, Math.PI * 2, b % 2 === 0 ? gold : dark);
    if (b % 2 === 0) {
      const ribs = 6 + b * 2;
      for (let k = 1; k < ribs; k++) {
        const a = Math.PI + (k * Math.PI) / ribs;
        c.line(cx, cy, cx + cos(a) * r, cy + sin(a) * r, c.unit * 0.006, dark);
      }
    }
  }
  c.circle(cx, cy, outer * 0.14, gold);
  // Double frame.
  for (const inset of [0.035, 0.055]) {
    const x0 = inset * c.unit, y0 = inset * c.unit, x1 = c.width - x0, y1 = c.height - y0;
    const w = c.unit * 0.005;
    c.line(x0, y0, x1, y0, w, gold); c.line(x1, y0, x1, y1, w, gold);
    c.line(x1, y1, x0, y1, w, gold); c.line(x0, y1, x0, y0, w, gold);
  }
};

/** Cartoon: a yellow sunburst, a green hill and round characters with thick black outlines. */
const paintCartoon: Painter = (c, random) => {
  c.fill(jitter([255, 206, 58], random, 6));
  const cx = between(random, 0.3, 0.7) * c.width, cy = between(random, 0.25, 0.45) * c.height;
  const rays = 16;
  const turn = between(random, 0, Math.PI);
  for (let k = 0; k < rays; k++) {
    const a0 = turn + (k * 2 * Math.PI) / rays;
    c.sector(cx, cy, c.unit * 1.6, a0, a0 + Math.PI / rays, [255, 228, 120]);
  }
  const outline = c.unit * 0.014;
  const ink: Rgb = [20, 20, 24];
  const hillR = c.unit * 0.9;
  const hillX = between(random, 0.3, 0.7) * c.width, hillY = c.height + hillR * 0.68;
  c.circle(hillX, hillY, hillR + outline, ink);
  c.circle(hillX, hillY, hillR, [88, 196, 72]);
  const palette: readonly Rgb[] = [[236, 62, 52], [48, 118, 232], [170, 86, 214], [255, 128, 32]];
  const characters = intBetween(random, 2, 3);
  for (let k = 0; k < characters; k++) {
    const r = between(random, 0.09, 0.15) * c.unit;
    const x = ((k + 0.5) / characters + between(random, -0.08, 0.08)) * c.width;
    const y = between(random, 0.55, 0.72) * c.height;
    c.circle(x, y, r + outline, ink);
    c.circle(x, y, r, pick(random, palette));
    for (const side of [-1, 1]) {
      const ex = x + side * r * 0.35, ey = y - r * 0.2;
      c.circle(ex, ey, r * 0.24 + outline * 0.6, ink);
      c.circle(ex, ey, r * 0.24, [255, 255, 255]);
      c.circle(ex + r * 0.06, ey + r * 0.04, r * 0.1, ink);
    }
    // Smile: a few short strokes along an arc.
    let px = x - r * 0.35, py = y + r * 0.3;
    for (let s = 1; s <= 6; s++) {
      const a = Math.PI * (1 - s / 6);
      const nx = x + cos(a) * r * 0.35, ny = y + r * 0.3 + sin(a) * r * 0.18;
      c.line(px, py, nx, ny, outline * 0.8, ink);
      px = nx; py = ny;
    }
  }
};

/** Digital art: glowing neon circuit traces and sparks on near-black violet. */
const paintDigitalArt: Painter = (c, random) => {
  c.verticalGradient([[0, [8, 4, 22]], [1, [28, 8, 52]]]);
  const neon: readonly Rgb[] = [[0, 200, 230], [230, 30, 180], [70, 100, 255], [150, 50, 255]];
  const width = c.unit * 0.004;
  const traces = intBetween(random, 9, 14);
  for (let k = 0; k < traces; k++) {
    const color = pick(random, neon);
    let x = between(random, 0.05, 0.95) * c.width, y = between(random, 0.05, 0.95) * c.height;
    let heading = intBetween(random, 0, 7);
    const steps = intBetween(random, 3, 6);
    for (let s = 0; s < steps; s++) {
      heading = (heading + intBetween(random, -1, 1) + 8) % 8;
      const length = between(random, 0.06, 0.22) * c.unit;
      const a = (heading * Math.PI) / 4;
      const nx = x + cos(a) * length, ny = y + sin(a) * length;
      c.glowLine(x, y, nx, ny, width, color, 0.35);
      x = nx; y = ny;
    }
    c.circle(x, y, width * 2.5, [255, 255, 255]);
    c.softEllipse(x, y, width * 12, width * 12, color, 0.6);
  }
  const sparks = intBetween(random, 20, 40);
  for (let k = 0; k < sparks; k++) {
    const r = between(random, 1, 3) * width;
    c.softEllipse(between(random, 0, 1) * c.width, between(random, 0, 1) * c.height, r, r, pick(random, neon), 0.9);
  }
};

/** Illustration: a warm sunset sky over layered hills fading into the distance. */
const paintIllustration: Painter = (c, random) => {
  c.verticalGradient([[0, jitter([244, 146, 118], random, 10)], [0.45, [252, 204, 152]], [0.7, [255, 232, 190]]]);
  const sx = between(random, 0.25, 0.75) * c.width, sy = between(random, 0.28, 0.42) * c.height;
  c.softEllipse(sx, sy, c.unit * 0.3, c.unit * 0.3, [255, 244, 214], 0.6);
  c.circle(sx, sy, c.unit * 0.08, [255, 248, 228]);
  const far = jitter([198, 142, 160], random, 10), near = jitter([34, 64, 76], random, 8);
  const layers = intBetween(random, 4, 5);
  for (let k = 0; k < layers; k++) {
    const t = k / (layers - 1);
    c.fillBelow(ridgeLine(c, random, 0.46 + 0.12 * k, 0.05 - 0.006 * k, 3), mix(far, near, t));
  }
};

/** Origami: the picture plane folded into flat, differently lit triangular facets. */
const paintOrigami: Painter = (c, random) => {
  const paper = jitter([226, 96, 80], random, 10);
  c.fill(paper);
  const cols = intBetween(random, 4, 6), rows = intBetween(random, 4, 6);
  // Grid vertices, jittered inside (the border stays on the edge).
  const vx = new Float64Array((cols + 1) * (rows + 1));
  const vy = new Float64Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const inner = (edge: number, max: number): number => (edge > 0 && edge < max ? between(random, -0.32, 0.32) : 0);
      vx[j * (cols + 1) + i] = ((i + inner(i, cols)) / cols) * c.width;
      vy[j * (cols + 1) + i] = ((j + inner(j, rows)) / rows) * c.height;
    }
  }
  const at = (i: number, j: number): [number, number] => [vx[j * (cols + 1) + i]!, vy[j * (cols + 1) + i]!];
  const facet = (a: [number, number], b: [number, number], d: [number, number]): void => {
    c.polygon([...a, ...b, ...d], shade(paper, between(random, 0.62, 1.12)));
  };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const p00 = at(i, j), p10 = at(i + 1, j), p01 = at(i, j + 1), p11 = at(i + 1, j + 1);
      if (random() < 0.5) { facet(p00, p10, p11); facet(p00, p11, p01); } else { facet(p00, p10, p01); facet(p10, p11, p01); }
    }
  }
  // Light creases along the folds.
  const crease: Rgb = [255, 236, 226];
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const [x, y] = at(i, j);
      if (i < cols) { const [x2, y2] = at(i + 1, j); c.line(x, y, x2, y2, c.unit * 0.003, crease, 0.35); }
      if (j < rows) { const [x2, y2] = at(i, j + 1); c.line(x, y, x2, y2, c.unit * 0.003, crease, 0.35); }
    }
  }
};

// Ordered-dither (Bayer 4x4) thresholds in [0, 1).
const BAYER4 = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5].map((v) => (v + 0.5) / 16);

/** Pixel art: a 4-colour handheld-console landscape drawn on a coarse grid of big pixels. */
const paintPixelArt: Painter = (c, random) => {
  const shades: readonly Rgb[] = [[15, 56, 15], [48, 98, 48], [139, 172, 15], [155, 188, 15]];
  const palette = shades.map((color) => jitter(color, random, 4));
  const grid = pick(random, [24, 32, 40]);
  const cell = Math.max(1, Math.round(c.unit / grid));
  const cols = Math.ceil(c.width / cell), rows = Math.ceil(c.height / cell);
  const horizon = between(random, 0.55, 0.7) * rows;
  const sunX = between(random, 0.2, 0.8) * cols, sunY = between(random, 0.15, 0.35) * rows, sunR = grid * 0.11;
  const hills = Array.from({ length: cols }, (_, i) => horizon - (sin(i * 0.35 + sunX) * 0.5 + 0.5) * grid * 0.18);
  const trees = Array.from({ length: intBetween(random, 2, 4) }, () => ({
    x: Math.floor(between(random, 0.1, 0.9) * cols), h: Math.round(between(random, 0.18, 0.26) * grid),
  }));
  const colorOf = (i: number, j: number): number => {
    for (const t of trees) {
      const base = Math.floor(horizon) + 2;
      const dy = base - j;
      if (dy >= 0 && dy < 2 && i === t.x) return 0; // trunk
      if (dy >= 2 && dy < t.h && Math.abs(i - t.x) <= Math.ceil((t.h - dy) / 2.5)) return 0; // crown
    }
    if (j >= horizon + 1) return (j + i) % 7 === 0 ? 1 : 2; // tilled ground
    if (j >= (hills[i] ?? horizon)) return 1;
    const sunDistance = hypot(i - sunX, j - sunY);
    if (sunDistance <= sunR) return sunDistance > sunR - 1 ? 1 : 2;
    // Sky: dithered from the lightest shade down to the next near the horizon.
    const t = j / horizon;
    return (t - 0.45) * 1.6 > BAYER4[(j % 4) * 4 + (i % 4)]! ? 2 : 3;
  };
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const color = palette[colorOf(i, j)]!;
      for (let y = j * cell; y < Math.min(c.height, (j + 1) * cell); y++) {
        for (let x = i * cell; x < Math.min(c.width, (i + 1) * cell); x++) {
          const p = (y * c.width + x) * 4;
          c.data[p] = color[0]; c.data[p + 1] = color[1]; c.data[p + 2] = color[2];
        }
      }
    }
  }
};

/** Photography: a natural sky over hazy hills and fields, soft grain and a gentle vignette. */
const paintPhotography: Painter = (c, random) => {
  const horizon = between(random, 0.55, 0.66);
  const skyTop = jitter([62, 112, 186], random, 10), skyLow = jitter([200, 214, 226], random, 6);
  const fieldNear = jitter([54, 68, 34], random, 8), fieldFar = jitter([106, 124, 66], random, 8);
  for (let y = 0; y < c.height; y++) {
    const v = (y + 0.5) / c.height;
    const color = v < horizon
      ? mix(skyTop, skyLow, easeOut(v / horizon))
      : mix(fieldFar, fieldNear, easeOut((v - horizon) / (1 - horizon)));
    for (let x = 0, i = y * c.width * 4; x < c.width; x++, i += 4) {
      c.data[i] = color[0]; c.data[i + 1] = color[1]; c.data[i + 2] = color[2];
    }
  }
  c.softEllipse(between(random, 0.2, 0.8) * c.width, horizon * c.height * 0.6, c.unit * 0.45, c.unit * 0.35, [255, 246, 226], 0.35);
  c.fillBelow(ridgeLine(c, random, horizon - 0.04, 0.025, 4), [138, 154, 172], 0.85);
  c.fillBelow(ridgeLine(c, random, horizon + 0.005, 0.006, 3), fieldFar);
  // Soft grain and vignette in one pass; the grain is per-pixel but seeded.
  const salt = Math.floor(random() * 0xffffffff);
  for (let y = 0; y < c.height; y++) {
    const dy = (y + 0.5) / c.height - 0.5;
    for (let x = 0; x < c.width; x++) {
      const dx = (x + 0.5) / c.width - 0.5;
      const k = 1 - 0.45 * (dx * dx + dy * dy);
      const grain = (pixelNoise(x, y, salt) - 0.5) * 10;
      const i = (y * c.width + x) * 4;
      c.data[i] = c.data[i]! * k + grain; c.data[i + 1] = c.data[i + 1]! * k + grain; c.data[i + 2] = c.data[i + 2]! * k + grain;
    }
  }
};

/** Pop art: Ben-Day halftone dots on hot pink, and a bold outlined comic burst. */
const paintPopArt: Painter = (c, random) => {
  c.fill(jitter([236, 38, 136], random, 8));
  const dot: Rgb = [255, 226, 0];
  const cell = c.unit * 0.045;
  const lx = between(random, 0, 1) * c.width, ly = between(random, 0, 1) * c.height;
  const maxDistance = hypot(c.width, c.height);
  for (let row = 0, y = cell / 2; y < c.height + cell; row++, y += cell * 0.87) {
    for (let x = row % 2 ? cell : cell / 2; x < c.width + cell; x += cell) {
      const fade = 1 - hypot(x - lx, y - ly) / maxDistance;
      c.circle(x, y, cell * 0.5 * (0.2 + 0.75 * fade * fade), dot);
    }
  }
  // The burst: a polygon hub and one triangle per spike, over a black copy for the outline.
  const bx = between(random, 0.35, 0.65) * c.width, by = between(random, 0.35, 0.65) * c.height;
  const spikes = intBetween(random, 10, 14);
  const inner = c.unit * between(random, 0.17, 0.22), outer = inner * 1.6;
  const turn = between(random, 0, Math.PI);
  const burst = (scale: number, color: Rgb): void => {
    const hub: number[] = [];
    for (let k = 0; k < spikes; k++) {
      const a = turn + (k * 2 * Math.PI) / spikes, b = turn + ((k + 1) * 2 * Math.PI) / spikes, m = (a + b) / 2;
      hub.push(bx + cos(a) * inner * scale, by + sin(a) * inner * scale);
      c.polygon([
        bx + cos(a) * inner * scale, by + sin(a) * inner * scale,
        bx + cos(m) * outer * scale, by + sin(m) * outer * scale,
        bx + cos(b) * inner * scale, by + sin(b) * inner * scale,
      ], color);
    }
    c.polygon(hub, color);
  };
  burst(1.1, [16, 16, 20]);
  burst(1, [40, 200, 240]);
  c.circle(bx, by, inner * 0.55, [255, 255, 255]);
  c.circle(bx, by, inner * 0.4, [232, 30, 40]);
};

/** Retro: faded seventies stripes (straight bands or a rainbow arc) with a setting sun. */
const paintRetro: Painter = (c, random) => {
  const cream = jitter([240, 224, 192], random, 6);
  c.fill(cream);
  const stripes: readonly Rgb[] = [[236, 176, 64], [226, 128, 52], [196, 84, 48], [128, 72, 44]];
  const band = c.unit * between(random, 0.055, 0.075);
  if (random() < 0.5) {
    const top = between(random, 0.48, 0.6) * c.height;
    c.circle(between(random, 0.3, 0.7) * c.width, top, c.unit * 0.2, [244, 160, 64]);
    stripes.forEach((color, k) => {
      const y = top + k * band * 1.25;
      c.polygon([0, y, c.width, y, c.width, y + band, 0, y + band], color);
    });
  } else {
    // Concentric rainbow arcs from a point below the bottom edge.
    const cx = between(random, 0.2, 0.8) * c.width, cy = c.height * 1.05;
    const outer = c.unit * between(random, 0.7, 0.85);
    stripes.forEach((color, k) => {
      c.sector(cx, cy, outer - k * band * 1.2, Math.PI, Math.PI * 2, color);
      c.sector(cx, cy, outer - k * band * 1.2 - band, Math.PI, Math.PI * 2, cream);
    });
    c.circle(cx, cy, outer - stripes.length * band * 1.2, [244, 160, 64]);
  }
  // Fade, warm grain and vignette, as on an old print.
  const salt = Math.floor(random() * 0xffffffff);
  for (let y = 0; y < c.height; y++) {
    const dy = (y + 0.5) / c.height - 0.5;
    for (let x = 0; x < c.width; x++) {
      const dx = (x + 0.5) / c.width - 0.5;
      const k = 1 - 0.5 * (dx * dx + dy * dy);
      const grain = (pixelNoise(x, y, salt) - 0.5) * 14;
      const i = (y * c.width + x) * 4;
      c.data[i] = (c.data[i]! * 0.82 + cream[0] * 0.18) * k + grain;
      c.data[i + 1] = (c.data[i + 1]! * 0.82 + cream[1] * 0.18) * k + grain;
      c.data[i + 2] = (c.data[i + 2]! * 0.82 + cream[2] * 0.18) * k * 0.96 + grain;
    }
  }
};

/** Sketch: graphite hatching and wobbly contours on light paper. */
const paintSketch: Painter = (c, random) => {
  c.fill(jitter([244, 240, 230], random, 4));
  const graphite: Rgb = [56, 56, 64];
  const thin = Math.max(0.8, c.unit * 0.0025);
  // Contours: wobbly circles and ellipses drawn twice, slightly off, like a quick sketch.
  const contours = intBetween(random, 3, 5);
  for (let k = 0; k < contours; k++) {
    const cx = between(random, 0.2, 0.8) * c.width, cy = between(random, 0.2, 0.8) * c.height;
    const rx = between(random, 0.08, 0.25) * c.unit, ry = rx * between(random, 0.6, 1.2);
    for (let pass = 0; pass < 2; pass++) {
      const wobble = between(random, 0, Math.PI * 2);
      let px = 0, py = 0;
      for (let s = 0; s <= 40; s++) {
        const a = (s / 40) * Math.PI * 2.1;
        const rr = 1 + 0.04 * sin(a * 3 + wobble);
        const x = cx + cos(a) * rx * rr, y = cy + sin(a) * ry * rr;
        if (s > 0) c.line(px, py, x, y, thin * 1.3, graphite, 0.7);
        px = x; py = y;
      }
    }
  }
  // Hatching: patches of parallel strokes.
  const patches = intBetween(random, 6, 10);
  for (let k = 0; k < patches; k++) {
    const cx = between(random, 0.1, 0.9) * c.width, cy = between(random, 0.1, 0.9) * c.height;
    const size = between(random, 0.07, 0.16) * c.unit;
    const angle = between(random, 0.6, 1.1);
    const ux = cos(angle), uy = -sin(angle);
    const strokes = intBetween(random, 8, 16);
    for (let s = 0; s < strokes; s++) {
      const offset = (s / strokes - 0.5) * 2 * size;
      const half = size * between(random, 0.6, 1);
      const ox = cx - uy * offset, oy = cy + ux * offset;
      c.line(ox - ux * half, oy - uy * half, ox + ux * half, oy + uy * half, thin, graphite, between(random, 0.25, 0.6));
    }
  }
  const salt = Math.floor(random() * 0xffffffff);
  for (let i = 0, p = 0; i < c.data.length; i += 4, p++) {
    const grain = (pixelNoise(p % c.width, Math.floor(p / c.width), salt) - 0.5) * 8;
    c.data[i] = c.data[i]! + grain; c.data[i + 1] = c.data[i + 1]! + grain; c.data[i + 2] = c.data[i + 2]! + grain;
  }
};

/** Vaporwave: cyan-to-pink sky, a striped sunset sun and a neon perspective grid. */
const paintVaporwave: Painter = (c, random) => {
  const horizon = between(random, 0.58, 0.66) * c.height;
  const sky: Stop[] = [[0, jitter([70, 200, 246], random, 10)], [0.3, [176, 140, 236]], [horizon / c.height, [255, 118, 196]]];
  c.verticalGradient(sky, 0, horizon);
  // The sun: yellow to pink, cut by widening gaps in its lower half.
  const sx = between(random, 0.35, 0.65) * c.width, r = c.unit * between(random, 0.2, 0.26), sy = horizon - r * 0.6;
  const sunTop: Rgb = [255, 232, 92], sunBottom: Rgb = [255, 64, 156];
  for (let y = Math.max(0, Math.floor(sy - r)); y < Math.min(c.height, Math.ceil(horizon)); y++) {
    const t = (y + 0.5 - (sy - r)) / (2 * r);
    const band = (y + 0.5 - sy) / r + 0.15; // > 0 from just above the centre downwards
    if (band > 0 && ((band * 7) % 1) < band * 0.7) continue;
    const color = mix(sunTop, sunBottom, t);
    for (let x = Math.max(0, Math.floor(sx - r - 1)); x < Math.min(c.width, Math.ceil(sx + r + 1)); x++) {
      const coverage = clamp01(r - hypot(x + 0.5 - sx, y + 0.5 - sy) + 0.5);
      if (coverage > 0) c.blendAt((y * c.width + x) * 4, color, coverage);
    }
  }
  // Floor: dark violet with a perspective grid. A floor row at `depth` (0 at the horizon, 1 at
  // the bottom) sees the ground at distance 1 / depth; lines sit at whole multiples of a step.
  const grid = pick(random, [[0, 240, 255], [255, 70, 220]] as const);
  const floor: Stop[] = [[0, [58, 10, 88]], [1, [18, 0, 38]]];
  const floorHeight = c.height - horizon;
  const depthStep = 0.12, lateralStep = between(random, 0.12, 0.2);
  const cx = c.width / 2;
  for (let y = Math.ceil(horizon); y < c.height; y++) {
    const depth = (y + 0.5 - horizon) / floorHeight;
    const z = 1 / Math.max(depth, 1e-3);
    const lineWidth = Math.max(0.8, c.unit * 0.004 * (0.3 + depth));
    const fade = smoothstep(0, 0.2, depth);
    const k = Math.max(1, Math.round(z / depthStep));
    const rowOfLine = horizon + floorHeight / (k * depthStep);
    const hLine = clamp01(lineWidth / 2 - Math.abs(y + 0.5 - rowOfLine) + 0.5);
    const gap = (lateralStep * c.unit) / z; // pixels between vertical lines on this row
    const base = sampleStops(floor, depth);
    for (let x = 0; x < c.width; x++) {
      const offset = x + 0.5 - cx;
      const nearest = Math.round(offset / gap) * gap;
      const vLine = clamp01(lineWidth / 2 - Math.abs(offset - nearest) + 0.5);
      const color = mix(base, grid, Math.max(hLine, vLine) * fade);
      const i = (y * c.width + x) * 4;
      c.data[i] = color[0]; c.data[i + 1] = color[1]; c.data[i + 2] = color[2];
    }
  }
};

/** The painter of each style; `null` (no style chosen) has a look of its own. */
export const PAINTERS: Readonly<Record<Style | 'none', Painter>> = {
  none: paintDefault,
  '3d_render': paint3dRender,
  abstract: paintAbstract,
  anime: paintAnime,
  art_deco: paintArtDeco,
  cartoon: paintCartoon,
  digital_art: paintDigitalArt,
  illustration: paintIllustration,
  origami: paintOrigami,
  pixel_art: paintPixelArt,
  photography: paintPhotography,
  pop_art: paintPopArt,
  retro: paintRetro,
  sketch: paintSketch,
  vaporwave: paintVaporwave,
};
