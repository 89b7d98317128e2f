#!/usr/bin/env node
// Generates the demo signature and seal PNGs in assets/demo (deterministic, no dependencies).
// Usage: node scripts/make-demo-images.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '../assets/demo');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng({ width, height, rgba }) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A canvas holding coverage (0..1) per pixel; ink colour is applied when encoding. */
function createCanvas(width, height) {
  const alpha = new Float32Array(width * height);
  function disc(cx, cy, r) {
    const x0 = Math.max(0, Math.floor(cx - r - 1));
    const x1 = Math.min(width - 1, Math.ceil(cx + r + 1));
    const y0 = Math.max(0, Math.floor(cy - r - 1));
    const y1 = Math.min(height - 1, Math.ceil(cy + r + 1));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        const a = Math.min(1, Math.max(0, r - d + 0.5));
        const i = y * width + x;
        if (a > alpha[i]) alpha[i] = a;
      }
    }
  }
  function toPng([r, g, b], opacity = 1) {
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < alpha.length; i++) {
      rgba[i * 4] = r;
      rgba[i * 4 + 1] = g;
      rgba[i * 4 + 2] = b;
      rgba[i * 4 + 3] = Math.round(alpha[i] * opacity * 255);
    }
    return encodePng({ width, height, rgba });
  }
  return { width, height, disc, toPng };
}

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a parametric stroke; the pen thins where it moves fast, like a real pen. */
function stroke(canvas, fn, { steps = 4000, width = 3.2 } = {}) {
  let prev = fn(0);
  for (let s = 1; s <= steps; s++) {
    const p = fn(s / steps);
    const speed = Math.hypot(p[0] - prev[0], p[1] - prev[1]) * steps / 1000;
    const r = Math.max(0.9, width * (1.15 - Math.min(0.6, speed * 0.35)));
    canvas.disc(p[0], p[1], r / 2 + 0.6);
    prev = p;
  }
}

/** Smooth pseudo-random wobble in 0..1 so each loop is a little different. */
function rand01(t, seed) {
  return 0.5 + 0.5 * Math.sin(t * 23 + seed) * Math.cos(t * 9 + seed * 0.7);
}

function drawSignature(seed) {
  const rand = mulberry32(seed);
  const canvas = createCanvas(400, 160);
  const loops = 4 + Math.floor(rand() * 4);
  const slant = 0.25 + rand() * 0.2;
  const amp = 34 + rand() * 18;
  // Capital-letter flourish: a tall loop at the start.
  const cx = 50 + rand() * 20;
  stroke(canvas, (t) => {
    const a = t * Math.PI * 2.2 - Math.PI / 2;
    return [cx + 24 * Math.cos(a) + t * 30, 75 + 48 * Math.sin(a) * (1 - t * 0.3)];
  });
  // Cursive body: a looping trochoid reads as a chain of joined letters.
  const x0 = cx + 40;
  const span = 200 + rand() * 60;
  const phase = rand() * Math.PI;
  stroke(canvas, (t) => {
    const w = t * Math.PI * 2 * loops;
    const h = amp * (0.55 + 0.45 * Math.abs(Math.sin(t * 5 + phase)));
    const y = 92 - h * (0.5 - 0.5 * Math.cos(w));
    const x = x0 + t * span - (10 + 8 * rand01(t, seed)) * Math.sin(w);
    return [x + (92 - y) * slant, y];
  });
  // Underline swoosh back to the left.
  stroke(canvas, (t) => [x0 + span + 20 - t * (span + 10), 120 + 10 * Math.sin(t * Math.PI) - t * 8], { width: 2.6 });
  return canvas.toPng([20, 50, 170]);
}

function drawStar(canvas, cx, cy, rOuter, rInner) {
  const points = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? rOuter : rInner;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
  for (let y = cy - rOuter; y <= cy + rOuter; y += 0.5) {
    for (let x = cx - rOuter; x <= cx + rOuter; x += 0.5) {
      if (insidePolygon(x, y, points)) canvas.disc(x, y, 0.6);
    }
  }
}

function insidePolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function drawSeal() {
  const size = 500;
  const c = size / 2;
  const canvas = createCanvas(size, size);
  const ring = (r, w) => stroke(canvas, (t) => [c + r * Math.cos(t * 2 * Math.PI), c + r * Math.sin(t * 2 * Math.PI)], { steps: 6000, width: w });
  ring(236, 12);
  ring(160, 6);
  drawStar(canvas, c, c, 70, 30);
  // "Ring text": blocky letter-like marks around the band between the circles.
  const rand = mulberry32(7);
  const marks = 34;
  for (let i = 0; i < marks; i++) {
    if (i === 0 || i === marks / 2) continue; // gaps like the dots between words on real seals
    const a = (i / marks) * 2 * Math.PI - Math.PI / 2;
    const shape = Math.floor(rand() * 3);
    stroke(canvas, (t) => letterMark(shape, t, a, c), { steps: 300, width: 7 });
  }
  return canvas.toPng([210, 20, 30], 0.92);
}

function letterMark(shape, t, a, c) {
  const along = [-Math.sin(a), Math.cos(a)];
  const radial = [Math.cos(a), Math.sin(a)];
  const base = 198;
  let u; // along the band
  let v; // radial offset
  if (shape === 0) [u, v] = [0, -22 + 44 * t]; // "I"
  else if (shape === 1) [u, v] = [-9 + 18 * Math.sin(t * Math.PI * 3), -22 + 44 * t]; // zig-zag "N"
  else [u, v] = [10 * Math.cos(t * 2 * Math.PI), 20 * Math.sin(t * 2 * Math.PI)]; // "O"
  return [c + radial[0] * (base + v) + along[0] * u, c + radial[1] * (base + v) + along[1] * u];
}

mkdirSync(outDir, { recursive: true });
[11, 23, 42, 77].forEach((seed, i) => {
  writeFileSync(resolve(outDir, `signature-${i + 1}.png`), drawSignature(seed));
});
writeFileSync(resolve(outDir, 'seal-ubnd.png'), drawSeal());
