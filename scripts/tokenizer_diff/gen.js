// Generates the differential test's input strings (deterministic for a given seed).
//
// usage: node gen.js N SEED REAL_TEXTS.jsonl > inputs.jsonl
// Writes N JSON strings, one per line, from these families (share of N):
//   random code points across scripts and planes (22%), whitespace and control characters (10%),
//   combining-mark stacks (10%), emoji / ZWJ / flag / keycap sequences (8%), literal special
//   tokens and near misses with surrounding spaces (12%), compatibility characters the
//   normalizers rewrite (10%), mutated real job titles from REAL_TEXTS (20%), long inputs of
//   300..3000 chars mixing all of the above (5%), strings with code points new in Unicode 15.1/16
//   (3%).
'use strict';
const fs = require('fs');

const [N = '20000', SEED = '1', REAL = ''] = process.argv.slice(2);
let state = (parseInt(SEED, 10) >>> 0) || 1;
function rnd() {  // mulberry32
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));  // inclusive
const pick = (a) => a[Math.floor(rnd() * a.length)];
const cp = (c) => String.fromCodePoint(c);
const valid = (c) => !(c >= 0xd800 && c <= 0xdfff);

// [lo, hi] code point ranges: scripts, symbols, compatibility blocks, planes 1, 2, 14, 15.
const SCRIPT_RANGES = [
  [0x20, 0x7e], [0x20, 0x7e], [0x20, 0x7e], [0xa0, 0xff], [0x100, 0x24f], [0x250, 0x2ff],
  [0x370, 0x3ff], [0x400, 0x4ff], [0x530, 0x58f], [0x590, 0x5ff], [0x600, 0x6ff], [0x700, 0x74f],
  [0x900, 0x97f], [0x980, 0x9ff], [0xa00, 0xa7f], [0xb80, 0xbff], [0xc00, 0xc7f], [0xd00, 0xd7f],
  [0xe00, 0xe7f], [0xe80, 0xeff], [0xf00, 0xfff], [0x1000, 0x109f], [0x10a0, 0x10ff],
  [0x1100, 0x11ff], [0x1200, 0x137f], [0x13a0, 0x13ff], [0x1780, 0x17ff], [0x1800, 0x18af],
  [0x1e00, 0x1eff], [0x1f00, 0x1fff], [0x2000, 0x206f], [0x2070, 0x209f], [0x20a0, 0x20cf],
  [0x2100, 0x218f], [0x2190, 0x23ff], [0x2460, 0x24ff], [0x2500, 0x27bf], [0x2c00, 0x2c7f],
  [0x2e80, 0x2fdf], [0x3000, 0x30ff], [0x3130, 0x318f], [0x3200, 0x33ff], [0x3400, 0x4dbf],
  [0x4e00, 0x9fff], [0x4e00, 0x9fff], [0xa000, 0xa4cf], [0xa640, 0xa69f], [0xa720, 0xa7ff],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xac00, 0xd7a3], [0xd7b0, 0xd7ff], [0xe000, 0xe0ff],
  [0xf900, 0xfaff], [0xfb00, 0xfb4f], [0xfb50, 0xfdff], [0xfe00, 0xfe6f], [0xfe70, 0xfeff],
  [0xff00, 0xffef], [0xff00, 0xffef], [0xfff0, 0xfffd], [0x10000, 0x1007f], [0x10330, 0x1034f],
  [0x10400, 0x1044f], [0x11000, 0x1107f], [0x11080, 0x110cf], [0x11100, 0x1114f],
  [0x11300, 0x1137f], [0x11900, 0x1195f], [0x13000, 0x1342f], [0x16a40, 0x16a6f],
  [0x17000, 0x17fff], [0x1b000, 0x1b16f], [0x1d100, 0x1d1ff], [0x1d400, 0x1d7ff],
  [0x1e900, 0x1e95f], [0x1ee00, 0x1eeff], [0x1f100, 0x1f1ff], [0x1f200, 0x1f2ff],
  [0x1f300, 0x1faff], [0x1fb00, 0x1fbff], [0x20000, 0x2a6df], [0x2f800, 0x2fa1f],
  [0xe0000, 0xe007f], [0xe0100, 0xe01ef], [0xf0000, 0xf00ff],
];
// Blocks with characters added in Unicode 15.1 and 16.0 (and unassigned neighbours).
const NEW_RANGES = [
  [0x2ebf0, 0x2ee5d], [0x10d40, 0x10d8f], [0x10ec0, 0x10eff], [0x105c0, 0x105ff],
  [0x11380, 0x113ff], [0x116d0, 0x116ff], [0x11bc0, 0x11bff], [0x11f00, 0x11f5f],
  [0x16100, 0x1613f], [0x16d40, 0x16d7f], [0x1cc00, 0x1ceaf], [0x1e5d0, 0x1e5ff],
  [0xa7c0, 0xa7dc], [0x1c80, 0x1c8a], [0x2427, 0x2429], [0x31e4, 0x31e5], [0x1fa89, 0x1fa8f],
];
const COMBINING = [
  [0x300, 0x36f], [0x483, 0x489], [0x591, 0x5bd], [0x64b, 0x65f], [0x93c, 0x94d],
  [0x9bc, 0x9cd], [0xe31, 0xe31], [0xe34, 0xe3a], [0xe47, 0xe4e], [0xf71, 0xf84],
  [0x1ab0, 0x1ace], [0x1dc0, 0x1dff], [0x20d0, 0x20f0], [0x302a, 0x302f], [0x3099, 0x309a],
  [0xfe20, 0xfe2f], [0x1d165, 0x1d169], [0x1d16d, 0x1d172], [0x11127, 0x11134],
];
const SPACES = [
  ' ', ' ', ' ', '  ', '   ', '\t', '\n', '\r', '\r\n', '\u000b', '\u000c', '\u001c', '\u001f',
  '\u0085', '\u00a0', '\u1680', '\u180e', '\u2000', '\u2002', '\u2007', '\u200a', '\u200b',
  '\u200c', '\u200d', '\u200e', '\u2028', '\u2029', '\u202f', '\u205f', '\u2060', '\u3000',
  '\ufeff', '\u0000', '\u0001', '\u007f', '\u0080', '\u009f', '\u2581', '\u2581\u2581',
];
const SPECIALS = ['<s>', '</s>', '<pad>', '<unk>', '<mask>'];
const NEAR_SPECIALS = [
  '<s', 's>', '< s>', '</ s>', '<mask', 'mask>', '<MASK>', '<Mask>', '<<s>>', '<s><s>',
  '</s></s>', '<mask><mask>', '<0x41>', '<0xE2>', '<0x00>', '\u2581', '\uff1c\uff53\uff1e',
  '\uff1cmask\uff1e', '<\u200bs>', '<pa d>', '<unk', '<un k>', '<\u00adpad>',
];
const COMPAT = [
  'ﬁ', 'ﬂ', 'ﬃ', '㎒', '㎏', '㍿', '⑴', '①', '⒈', 'Ⅻ', 'ⅻ', '½', '¼', '²', '³', '¹', 'ª', 'º',
  '™', '℡', '℃', '№', '…', '‥', '¨', '¯', '´', '¸', '˘', '˙', '˚', '˛', '˜', '˝', 'ﹰ', 'ﷺ', 'ﷻ',
  'Ａ', 'ｚ', '０', '９', '！', '＂', '＇', '～', 'ｶ', 'ﾞ', 'ﾟ', 'ｶﾞ', 'ﾊﾟ', '㋿', '㍻', '㌀', 'Ǆ',
  'ǅ', 'ǆ', 'Ǳ', 'ŉ', 'ſ', 'ẛ', 'ẞ', 'İ', 'ı', 'Σ', 'ς', 'ΐ', 'ϐ', 'ϑ', 'ϒ', 'ϓ', 'ϔ', 'ϕ', 'ϰ',
  'ﬀ', 'ﬅ', 'ﬆ', 'ﬓ', 'ﭏ', 'ﷲ', 'ﻼ', '𝐀', '𝔸', '𝟘', '🄰', '🅐', '🯰', '🯹', 'ꟲ', 'ꟳ', 'ꟴ',
  'Å', 'Ω', 'K', '〈', '〉', '\u0344', '\u0f73', '\u0f75', '\u0f77', '\u0f79', '\u0f81', '\u1e9b\u0323',
  'e\u0301', 'e\u0301\u0323', 'a\u0308\u0304', 'ᄀ\u1161', '가\u11a8', 'ᅡ', '\u11a8',
  '\u1100\u1161\u11a8', 'ﬁx ', '\u00a8x', ' \u0301', '\u0301x', 'Ǆa', '⁰', '₉', 'ℌ', 'ℍ', 'ℹ',
];
const EMOJI = ['😀', '😂', '👍', '👋', '👨', '👩', '👧', '👦', '🏳', '🌈', '💻', '🔥', '🚀', '❤', '☺',
  '✌', '🦸', '🧑', '🫠', '🪿', '🇩', '🇪', '🇺', '🇸', '🏴'];
const TONES = ['\u{1f3fb}', '\u{1f3fc}', '\u{1f3fd}', '\u{1f3fe}', '\u{1f3ff}'];

const fromRanges = (ranges) => {
  for (;;) {
    const [lo, hi] = pick(ranges);
    const c = int(lo, hi);
    if (valid(c)) return cp(c);
  }
};
const anyCodePoint = () => {
  for (;;) {
    const c = rnd() < 0.5 ? int(1, 0xffff) : int(0x10000, 0x10ffff);
    if (valid(c)) return cp(c);
  }
};
const word = () => {
  const n = int(1, 10);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(pick([int(97, 122), int(65, 90), int(97, 122)]));
  return s;
};
const emojiSeq = () => {
  const k = rnd();
  if (k < 0.2) return pick(['🇩🇪', '🇺🇸', '🇫🇷', '🇪🇸', '🇨🇳', '🇩🇪🇺🇸', '🇦', '🇦🇦🇦']);
  if (k < 0.3) return pick(['1\ufe0f\u20e3', '#\ufe0f\u20e3', '*\u20e3', '9\u20e3']);
  if (k < 0.4) return '🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}';
  let s = pick(EMOJI);
  const parts = int(1, 4);
  for (let i = 1; i < parts; i++) {
    if (rnd() < 0.4) s += pick(TONES);
    if (rnd() < 0.3) s += '\ufe0f';
    s += '\u200d' + pick(EMOJI);
  }
  if (rnd() < 0.3) s += pick(TONES);
  return s;
};
const marks = () => {
  let s = rnd() < 0.8 ? fromRanges([[0x41, 0x5a], [0x61, 0x7a], [0x391, 0x3c9], [0x430, 0x44f],
    [0x915, 0x939], [0xe01, 0xe2e], [0xac00, 0xac10], [0x61, 0x7a]]) : '';
  const n = int(1, 6);
  for (let i = 0; i < n; i++) s += fromRanges(COMBINING);
  return s;
};

let real = [];
if (REAL) {
  real = fs.readFileSync(REAL, 'utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l))
    .filter((t) => t.length > 0);
}
const toFullwidth = (s) => s.replace(/[!-~]/g, (ch) => cp(ch.codePointAt(0) + 0xfee0));
// Inserts `piece` at a random code point boundary of `t`.
const insert = (t, piece) => {
  const cps = Array.from(t);
  const at = int(0, cps.length);
  return cps.slice(0, at).join('') + piece + cps.slice(at).join('');
};
const mutate = (t) => {
  const ops = int(1, 3);
  for (let i = 0; i < ops; i++) {
    const k = rnd();
    if (k < 0.15) t = insert(t, pick(SPACES));
    else if (k < 0.25) t = t.toUpperCase();
    else if (k < 0.32) t = t.toLowerCase();
    else if (k < 0.4) t = pick(SPACES) + t + pick(SPACES);
    else if (k < 0.5) t = insert(t, pick(SPECIALS));
    else if (k < 0.58) t = t.replace(/ /g, pick(['  ', '\u00a0', '\u3000', '\t', '\u2581']));
    else if (k < 0.66) t = insert(t, pick(COMPAT));
    else if (k < 0.72) t = insert(t, fromRanges(COMBINING));
    else if (k < 0.78) t = toFullwidth(t);
    else if (k < 0.84) t = t.normalize(pick(['NFD', 'NFKD']));
    else if (k < 0.9) t = pick(['¨', ' ', '  ', '\u00a0', '<s>', ' <mask>']) + t;
    else t = insert(t, emojiSeq());
  }
  return t;
};

const families = [
  [0.22, () => {
    const n = int(1, 40);
    let s = '';
    for (let i = 0; i < n; i++) s += rnd() < 0.9 ? fromRanges(SCRIPT_RANGES) : anyCodePoint();
    return s;
  }],
  [0.10, () => {
    const n = int(1, 12);
    let s = '';
    for (let i = 0; i < n; i++) s += rnd() < 0.5 ? pick(SPACES) : word();
    return s;
  }],
  [0.10, () => {
    const n = int(1, 5);
    let s = '';
    for (let i = 0; i < n; i++) s += marks() + (rnd() < 0.3 ? ' ' : '');
    return s;
  }],
  [0.08, () => {
    const n = int(1, 4);
    let s = '';
    for (let i = 0; i < n; i++) s += emojiSeq() + (rnd() < 0.4 ? pick(SPACES) : '') + (rnd() < 0.3 ? word() : '');
    return s;
  }],
  [0.12, () => {
    const n = int(1, 6);
    let s = '';
    for (let i = 0; i < n; i++) {
      const k = rnd();
      s += k < 0.45 ? pick(SPECIALS) : k < 0.65 ? pick(NEAR_SPECIALS) : k < 0.85 ? pick(SPACES) : word();
    }
    return s;
  }],
  [0.10, () => {
    const n = int(1, 8);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(COMPAT) + (rnd() < 0.3 ? pick(SPACES) : '') + (rnd() < 0.3 ? word() : '');
    return s;
  }],
  [0.20, () => (real.length ? mutate(pick(real)) : word())],
  [0.05, () => {
    const target = int(300, 3000);
    let s = '';
    while (s.length < target) {
      const k = rnd();
      s += k < 0.3 && real.length ? pick(real) : k < 0.5 ? pick(SPACES) : k < 0.6 ? pick(SPECIALS)
        : k < 0.7 ? marks() : k < 0.8 ? pick(COMPAT) : k < 0.9 ? fromRanges(SCRIPT_RANGES) : word();
      s += rnd() < 0.5 ? ' ' : '';
    }
    return s;
  }],
  [0.03, () => {
    const n = int(1, 6);
    let s = '';
    for (let i = 0; i < n; i++) s += rnd() < 0.6 ? fromRanges(NEW_RANGES) : word() + ' ';
    return s;
  }],
];

const out = [];
const total = parseInt(N, 10);
const seen = new Set();
while (out.length < total) {
  let r = rnd();
  let gen = families[families.length - 1][1];
  for (const [share, g] of families) {
    if (r < share) { gen = g; break; }
    r -= share;
  }
  const s = gen();
  if (seen.has(s) || !s.isWellFormed()) continue;
  seen.add(s);
  out.push(JSON.stringify(s));
}
process.stdout.write(out.join('\n') + '\n');
