// Compares jobbert's and HF's encodings of the differential inputs (see run.sh).
// usage: node compare.js WORK_DIR INPUTS.jsonl REPORT.json NAME...
// Reads INPUTS.jsonl, WORK_DIR/<name>.ours.jsonl, WORK_DIR/<name>.hf.jsonl; writes REPORT.json.
// A text is a mismatch if ids or tokens differ with or without truncation, or one side failed.
// Mismatches whose text holds a code point ICU 72 does not know (Unicode 15.0 data; HF carries
// Unicode 16) are listed apart; every other mismatch fails the run (exit status 1).
'use strict';
const fs = require('fs');
const path = require('path');

const [work, inputsPath, reportPath, ...fixtures] = process.argv.slice(2);
const readJsonl = (p) => fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.length).map((l) => JSON.parse(l));
const texts = readJsonl(inputsPath);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const hex = (c) => 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
// Node's own ICU (process.versions.unicode) tells whether ICU 72's unknown code points are
// assigned in a newer Unicode version (informative only; the bucket is decided by ICU 72).
const assignedInNode = (c) => !/\p{Cn}/u.test(String.fromCodePoint(c));

let failed = 0;
const report = { unicode: process.versions.unicode, fixtures: {} };
console.log(`texts: ${texts.length}; HF tokenizers vs jobbert; node ICU Unicode ${process.versions.unicode}`);
for (const fx of fixtures) {
  const ours = readJsonl(path.join(work, `${fx}.ours.jsonl`));
  const hf = readJsonl(path.join(work, `${fx}.hf.jsonl`));
  if (ours.length !== texts.length || hf.length !== texts.length) {
    console.log(`${fx}: output length mismatch (ours ${ours.length}, hf ${hf.length}, texts ${texts.length})`);
    failed++;
    continue;
  }
  let equal = 0;
  const newer = [];
  const real = [];
  for (let i = 0; i < texts.length; i++) {
    const o = ours[i];
    const h = hf[i];
    const ok = !o.error && !h.error && same(o.ids, h.ids) && same(o.tokens, h.tokens) &&
      same(o.tids, h.tids) && same(o.ttokens, h.ttokens);
    if (ok) { equal++; continue; }
    const entry = {
      line: i + 1, text: texts[i],
      ours: o.error ? { error: o.error } : { tokens: o.tokens, ttokens: o.ttokens },
      hf: h.error ? { error: h.error } : { tokens: h.tokens, ttokens: h.ttokens },
    };
    if (o.new_cps && o.new_cps.length) {
      // Code points unknown to ICU 72; those Node's newer ICU knows as assigned come first.
      const cps = [...new Set(o.new_cps)];
      entry.new_code_points = cps.filter(assignedInNode).map(hex);
      entry.unassigned_code_points = cps.filter((c) => !assignedInNode(c)).map(hex);
      newer.push(entry);
    } else {
      real.push(entry);
    }
  }
  report.fixtures[fx] = { texts: texts.length, equal, unicode_newer_mismatches: newer, mismatches: real };
  console.log(`${fx}: ${equal}/${texts.length} equal; mismatches: ${real.length}; ` +
    `listed apart (code points newer than ICU 72's Unicode 15.0): ${newer.length}`);
  if (newer.length) {
    const all = new Set();
    for (const e of newer) for (const c of e.new_code_points) all.add(c);
    console.log(`    newer code points in those texts (assigned per Node's Unicode ${process.versions.unicode}): ` +
      [...all].sort().join(' '));
  }
  for (const e of real.slice(0, 10)) {
    console.log(`    MISMATCH line ${e.line} ${JSON.stringify(e.text)}`);
    console.log(`      hf   ${JSON.stringify(e.hf)}`);
    console.log(`      ours ${JSON.stringify(e.ours)}`);
  }
  if (real.length) failed++;
}
fs.writeFileSync(reportPath, JSON.stringify(report, null, 1));
console.log(`report: ${reportPath}`);
process.exit(failed ? 1 : 0);
