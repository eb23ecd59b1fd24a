/**
 * A small baseline JPEG encoder (ITU-T T.81): sequential DCT, Huffman coding with the standard
 * Annex K tables, YCbCr at 4:2:0 (default) or 4:4:4, quality scaled as libjpeg does.
 *
 * Web-standard only (typed arrays, no Buffer), so it bundles for browsers as well as Node.
 */

/** RGBA pixels, row-major, 4 bytes a pixel (alpha is ignored: JPEG has none). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

export interface JpegOptions {
  /** Chroma subsampling: '420' (half-resolution colour, the libjpeg default) or '444'. */
  subsampling?: '420' | '444';
}

// Position k of the zig-zag scan -> index in the natural (row-major) 8x8 block.
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
  12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
  58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

// Annex K.1 quantisation tables (natural order), for quality 50.
const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61,
  12, 12, 14, 19, 26, 58, 60, 55,
  14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77,
  24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_QUANT = [
  17, 18, 24, 47, 99, 99, 99, 99,
  18, 21, 26, 66, 99, 99, 99, 99,
  24, 26, 56, 99, 99, 99, 99, 99,
  47, 66, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99,
];

// Annex K.3 Huffman tables: counts of codes of length 1..16, then the symbols in code order.
interface HuffmanSpec { counts: number[]; symbols: number[] }

const DC_LUMA: HuffmanSpec = {
  counts: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0],
  symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const DC_CHROMA: HuffmanSpec = {
  counts: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
  symbols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
};
const AC_LUMA: HuffmanSpec = {
  counts: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  symbols: [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
  ],
};
const AC_CHROMA: HuffmanSpec = {
  counts: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  symbols: [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
    0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
    0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
    0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
    0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
    0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
    0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
    0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
    0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa,
  ],
};

/** Code and length for each of the 256 possible symbols (Annex C: canonical codes). */
interface HuffmanTable { codes: Uint16Array; lengths: Uint8Array }

function buildHuffmanTable(spec: HuffmanSpec): HuffmanTable {
  const codes = new Uint16Array(256);
  const lengths = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const count = spec.counts[length - 1] ?? 0;
    for (let i = 0; i < count; i++) {
      const symbol = spec.symbols[k++] ?? 0;
      codes[symbol] = code++;
      lengths[symbol] = length;
    }
    code <<= 1;
  }
  return { codes, lengths };
}

const TABLES = {
  dcLuma: buildHuffmanTable(DC_LUMA),
  acLuma: buildHuffmanTable(AC_LUMA),
  dcChroma: buildHuffmanTable(DC_CHROMA),
  acChroma: buildHuffmanTable(AC_CHROMA),
};

/** libjpeg's quality scaling: 50 is the Annex K table, 100 is all ones. */
function scaleQuantTable(base: readonly number[], quality: number): Uint8Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - q * 2;
  const table = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    table[i] = Math.min(255, Math.max(1, Math.floor(((base[i] ?? 1) * scale + 50) / 100)));
  }
  return table;
}

// The AAN float DCT leaves each output scaled by aan[row] * aan[col] * 8; fold that into the
// quantisation divisors (as libjpeg's jfdctflt.c / jcdctmgr.c do).
const AAN_SCALE = [1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379];

function reciprocalDivisors(quant: Uint8Array): Float32Array {
  const divisors = new Float32Array(64);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      const i = row * 8 + col;
      divisors[i] = 1 / ((quant[i] ?? 1) * (AAN_SCALE[row] ?? 1) * (AAN_SCALE[col] ?? 1) * 8);
    }
  }
  return divisors;
}

/** In-place forward DCT of an 8x8 block (Arai–Agui–Nakajima float, as in libjpeg's jfdctflt.c). */
function forwardDct(block: Float32Array): void {
  // Pass 1 works on rows (stride 1 within, 8 between), pass 2 on columns (the reverse).
  for (let pass = 0; pass < 2; pass++) {
    const step = pass === 0 ? 1 : 8;
    const next = pass === 0 ? 8 : 1;
    for (let line = 0, base = 0; line < 8; line++, base += next) {
      const i0 = base, i1 = base + step, i2 = base + 2 * step, i3 = base + 3 * step;
      const i4 = base + 4 * step, i5 = base + 5 * step, i6 = base + 6 * step, i7 = base + 7 * step;
      const d0 = block[i0]!, d1 = block[i1]!, d2 = block[i2]!, d3 = block[i3]!;
      const d4 = block[i4]!, d5 = block[i5]!, d6 = block[i6]!, d7 = block[i7]!;

      const tmp0 = d0 + d7, tmp7 = d0 - d7;
      const tmp1 = d1 + d6, tmp6 = d1 - d6;
      const tmp2 = d2 + d5, tmp5 = d2 - d5;
      const tmp3 = d3 + d4, tmp4 = d3 - d4;

      // Even part.
      const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
      const tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
      block[i0] = tmp10 + tmp11;
      block[i4] = tmp10 - tmp11;
      const z1 = (tmp12 + tmp13) * 0.707106781;
      block[i2] = tmp13 + z1;
      block[i6] = tmp13 - z1;

      // Odd part.
      const o10 = tmp4 + tmp5, o11 = tmp5 + tmp6, o12 = tmp6 + tmp7;
      const z5 = (o10 - o12) * 0.382683433;
      const z2 = 0.5411961 * o10 + z5;
      const z4 = 1.306562965 * o12 + z5;
      const z3 = o11 * 0.707106781;
      const z11 = tmp7 + z3, z13 = tmp7 - z3;
      block[i5] = z13 + z2;
      block[i3] = z13 - z2;
      block[i1] = z11 + z4;
      block[i7] = z11 - z4;
    }
  }
}

/** Growable byte sink with a bit writer that stuffs a 0x00 after every 0xFF in entropy data. */
class ByteWriter {
  private bytes: Uint8Array;
  private length = 0;
  private bitBuffer = 0;
  private bitCount = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(1024, capacity));
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value & 0xff;
  }

  word(value: number): void {
    this.byte(value >> 8);
    this.byte(value);
  }

  array(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.byte(values[i] ?? 0);
  }

  /** Appends the low `count` bits of `value`, most significant first (count <= 16). */
  bits(value: number, count: number): void {
    this.bitBuffer = (this.bitBuffer << count) | (value & ((1 << count) - 1));
    this.bitCount += count;
    while (this.bitCount >= 8) {
      this.bitCount -= 8;
      const b = (this.bitBuffer >> this.bitCount) & 0xff;
      this.byte(b);
      if (b === 0xff) this.byte(0); // byte stuffing (F.1.2.3)
    }
    this.bitBuffer &= (1 << this.bitCount) - 1;
  }

  /** Pads the last partial byte with 1-bits (F.1.2.3). */
  flushBits(): void {
    if (this.bitCount > 0) this.bits(0x7f, 8 - this.bitCount);
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Number of bits needed for |value| (the Huffman "category", Table F.1/F.2). */
function bitLength(value: number): number {
  let v = value < 0 ? -value : value;
  let n = 0;
  while (v) { n++; v >>= 1; }
  return n;
}

/** Appends the magnitude bits of a coefficient: negatives are sent as value - 1 (F.1.2.1). */
function writeValue(out: ByteWriter, value: number, size: number): void {
  out.bits(value < 0 ? value - 1 : value, size);
}

/**
 * Transforms, quantises and Huffman-codes one 8x8 block (`block` is overwritten).
 * Returns the block's quantised DC value, for the next block's DC prediction.
 */
function encodeBlock(
  out: ByteWriter, block: Float32Array, divisors: Float32Array, previousDc: number,
  dc: HuffmanTable, ac: HuffmanTable, quantised: Int32Array,
): number {
  forwardDct(block);
  for (let k = 0; k < 64; k++) {
    const n = ZIGZAG[k]!;
    quantised[k] = Math.round(block[n]! * divisors[n]!);
  }

  const dcValue = quantised[0]!;
  const diff = dcValue - previousDc;
  const dcSize = bitLength(diff);
  out.bits(dc.codes[dcSize]!, dc.lengths[dcSize]!);
  if (dcSize) writeValue(out, diff, dcSize);

  let lastNonZero = 63;
  while (lastNonZero > 0 && quantised[lastNonZero] === 0) lastNonZero--;
  let run = 0;
  for (let k = 1; k <= lastNonZero; k++) {
    const value = quantised[k]!;
    if (value === 0) { run++; continue; }
    while (run >= 16) { // ZRL: sixteen zeros
      out.bits(ac.codes[0xf0]!, ac.lengths[0xf0]!);
      run -= 16;
    }
    const size = bitLength(value);
    const symbol = (run << 4) | size;
    out.bits(ac.codes[symbol]!, ac.lengths[symbol]!);
    writeValue(out, value, size);
    run = 0;
  }
  if (lastNonZero < 63) out.bits(ac.codes[0x00]!, ac.lengths[0x00]!); // EOB
  return dcValue;
}

function writeHuffmanSegment(out: ByteWriter, classAndId: number, spec: HuffmanSpec): void {
  out.word(0xffc4);
  out.word(2 + 1 + 16 + spec.symbols.length);
  out.byte(classAndId);
  out.array(spec.counts);
  out.array(spec.symbols);
}

function writeHeaders(
  out: ByteWriter, width: number, height: number, lumaQuant: Uint8Array, chromaQuant: Uint8Array,
  sampling: number,
): void {
  out.word(0xffd8); // SOI

  // APP0 JFIF 1.01, no density units (aspect 1:1), no thumbnail.
  out.word(0xffe0);
  out.word(16);
  out.array([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0]);
  out.word(1);
  out.word(1);
  out.byte(0);
  out.byte(0);

  // DQT: two 8-bit tables, written in zig-zag order.
  out.word(0xffdb);
  out.word(2 + 2 * 65);
  for (const [id, table] of [[0, lumaQuant], [1, chromaQuant]] as const) {
    out.byte(id);
    for (let k = 0; k < 64; k++) out.byte(table[ZIGZAG[k]!]!);
  }

  // SOF0: baseline, 8-bit, three components (Y with `sampling`, Cb and Cr 1x1).
  out.word(0xffc0);
  out.word(8 + 3 * 3);
  out.byte(8);
  out.word(height);
  out.word(width);
  out.byte(3);
  out.array([1, sampling, 0]);
  out.array([2, 0x11, 1]);
  out.array([3, 0x11, 1]);

  // DHT: DC tables are class 0, AC class 1; id 0 luma, id 1 chroma.
  writeHuffmanSegment(out, 0x00, DC_LUMA);
  writeHuffmanSegment(out, 0x10, AC_LUMA);
  writeHuffmanSegment(out, 0x01, DC_CHROMA);
  writeHuffmanSegment(out, 0x11, AC_CHROMA);

  // SOS: all three components interleaved, full spectral range, no approximation.
  out.word(0xffda);
  out.word(6 + 2 * 3);
  out.byte(3);
  out.array([1, 0x00, 2, 0x11, 3, 0x11]);
  out.array([0, 63, 0]);
}

/**
 * Encodes RGBA pixels as a baseline JFIF JPEG.
 *
 * @param image RGBA pixels (`data.length === width * height * 4`); any size from 1x1 to 65535x65535.
 * @param quality 1 (smallest) to 100 (best), scaled like libjpeg's `-quality`.
 * @example
 * const pixels = new Uint8Array(16 * 16 * 4).fill(200);
 * const jpeg = encodeJpeg({ width: 16, height: 16, data: pixels }, 90); // Uint8Array, starts FF D8
 */
export function encodeJpeg(image: RgbaImage, quality = 80, options: JpegOptions = {}): Uint8Array {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1
    || width > 0xffff || height > 0xffff) {
    throw new RangeError(`JPEG size must be whole numbers from 1 to 65535, got ${width}x${height}`);
  }
  if (data.length < width * height * 4) {
    throw new RangeError(`expected ${width * height * 4} RGBA bytes for ${width}x${height}, got ${data.length}`);
  }
  const subsampled = (options.subsampling ?? '420') === '420';
  const mcuSize = subsampled ? 16 : 8;

  const lumaQuant = scaleQuantTable(LUMA_QUANT, quality);
  const chromaQuant = scaleQuantTable(CHROMA_QUANT, quality);
  const lumaDivisors = reciprocalDivisors(lumaQuant);
  const chromaDivisors = reciprocalDivisors(chromaQuant);

  // Colour planes padded up to whole MCUs by repeating the last row and column (the padding
  // is cropped away by decoders, and repeating avoids ringing at the edge).
  const paddedW = Math.ceil(width / mcuSize) * mcuSize;
  const paddedH = Math.ceil(height / mcuSize) * mcuSize;
  const yPlane = new Float32Array(paddedW * paddedH);
  const cbPlane = new Float32Array(paddedW * paddedH);
  const crPlane = new Float32Array(paddedW * paddedH);
  for (let y = 0; y < paddedH; y++) {
    const srcRow = Math.min(y, height - 1) * width;
    for (let x = 0; x < paddedW; x++) {
      const s = (srcRow + Math.min(x, width - 1)) * 4;
      const r = data[s]!, g = data[s + 1]!, b = data[s + 2]!;
      const d = y * paddedW + x;
      // JFIF YCbCr, level-shifted by -128 for the DCT.
      yPlane[d] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
      cbPlane[d] = -0.168735892 * r - 0.331264108 * g + 0.5 * b;
      crPlane[d] = 0.5 * r - 0.418687589 * g - 0.081312411 * b;
    }
  }

  const out = new ByteWriter(width * height / 4 + 1024);
  writeHeaders(out, width, height, lumaQuant, chromaQuant, subsampled ? 0x22 : 0x11);

  const block = new Float32Array(64);
  const quantised = new Int32Array(64);
  let dcY = 0, dcCb = 0, dcCr = 0;

  // Copies the 8x8 block at (x0, y0) of a plane into `block`.
  const loadBlock = (plane: Float32Array, x0: number, y0: number): void => {
    for (let row = 0; row < 8; row++) {
      const start = (y0 + row) * paddedW + x0;
      block.set(plane.subarray(start, start + 8), row * 8);
    }
  };
  // Averages the 16x16 area at (x0, y0) of a plane down to 8x8 (4:2:0 chroma).
  const loadHalfBlock = (plane: Float32Array, x0: number, y0: number): void => {
    for (let row = 0; row < 8; row++) {
      const top = (y0 + 2 * row) * paddedW + x0;
      const bottom = top + paddedW;
      for (let col = 0; col < 8; col++) {
        const c = 2 * col;
        block[row * 8 + col] =
          (plane[top + c]! + plane[top + c + 1]! + plane[bottom + c]! + plane[bottom + c + 1]!) * 0.25;
      }
    }
  };

  for (let my = 0; my < paddedH; my += mcuSize) {
    for (let mx = 0; mx < paddedW; mx += mcuSize) {
      if (subsampled) {
        // Four luma blocks in raster order, then one Cb and one Cr (A.2.3).
        for (const [dx, dy] of [[0, 0], [8, 0], [0, 8], [8, 8]] as const) {
          loadBlock(yPlane, mx + dx, my + dy);
          dcY = encodeBlock(out, block, lumaDivisors, dcY, TABLES.dcLuma, TABLES.acLuma, quantised);
        }
        loadHalfBlock(cbPlane, mx, my);
        dcCb = encodeBlock(out, block, chromaDivisors, dcCb, TABLES.dcChroma, TABLES.acChroma, quantised);
        loadHalfBlock(crPlane, mx, my);
        dcCr = encodeBlock(out, block, chromaDivisors, dcCr, TABLES.dcChroma, TABLES.acChroma, quantised);
      } else {
        loadBlock(yPlane, mx, my);
        dcY = encodeBlock(out, block, lumaDivisors, dcY, TABLES.dcLuma, TABLES.acLuma, quantised);
        loadBlock(cbPlane, mx, my);
        dcCb = encodeBlock(out, block, chromaDivisors, dcCb, TABLES.dcChroma, TABLES.acChroma, quantised);
        loadBlock(crPlane, mx, my);
        dcCr = encodeBlock(out, block, chromaDivisors, dcCr, TABLES.dcChroma, TABLES.acChroma, quantised);
      }
    }
  }

  out.flushBits();
  out.word(0xffd9); // EOI
  return out.result();
}
