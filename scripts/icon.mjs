// Draws the extension icon, images/icon.png (128×128 RGBA): a dark rounded tile with four lines of a
// configuration file, each with the dot a check gives it (two fine, one error, one warning).
// Shapes are signed distance functions sampled 4×4 per pixel for smooth edges; the PNG is written
// by hand with node's zlib, so the script needs nothing but node.
// Usage: node scripts/icon.mjs [OUT]   (default images/icon.png)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

/** Distance from (x, y) to a rectangle with rounded corners; negative inside. */
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const qx = Math.abs(x - cx) - ((x1 - x0) / 2 - r);
  const qy = Math.abs(y - cy) - ((y1 - y0) / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(x, y, cx, cy, r) {
  return Math.hypot(x - cx, y - cy) - r;
}

/** A horizontal bar with round ends, from x0 to x1 at height y, `width` thick. */
function bar(x, y, x0, x1, cy, width) {
  const px = Math.min(Math.max(x, x0), x1);
  return Math.hypot(x - px, y - cy) - width / 2;
}

const hex = (s) => [parseInt(s.slice(1, 3), 16), parseInt(s.slice(3, 5), 16), parseInt(s.slice(5, 7), 16)];
const TILE_TOP = hex('#24476e');
const TILE_BOTTOM = hex('#132a44');
const LINE = hex('#dce6f0');
const OK = hex('#3fb950');
const ERROR = hex('#f85149');
const WARNING = hex('#e3b341');

// The file's lines: where each bar ends and the colour of its dot.
const lines = [
  { y: 34, end: 100, dot: OK },
  { y: 54, end: 86, dot: OK },
  { y: 74, end: 104, dot: ERROR },
  { y: 94, end: 78, dot: WARNING },
];

/** The colour (with alpha 0..1) at a sample point, front shapes painted last. */
function sample(x, y) {
  if (roundedRect(x, y, 4, 4, 124, 124, 26) > 0) return [0, 0, 0, 0];
  const t = (y - 4) / 120;
  let c = TILE_TOP.map((v, i) => v + (TILE_BOTTOM[i] - v) * t);
  for (const l of lines) {
    if (bar(x, y, 50, l.end, l.y, 9) <= 0) c = LINE;
    if (circle(x, y, 30, l.y, 8) <= 0) c = l.dot;
  }
  return [...c, 1];
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const n = SAMPLES * SAMPLES;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      // Average premultiplied colour over the pixel's samples, then un-premultiply.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [cr, cg, cb, ca] = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const o = (py * SIZE + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round((a / n) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  // compression, filter and interlace methods stay 0
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0; // no filter
    rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = process.argv[2] ?? 'images/icon.png';
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png(render()));
console.log(`wrote ${out} (${SIZE}x${SIZE})`);
