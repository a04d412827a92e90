#!/usr/bin/python3
"""Expectations for the reference's input handling, produced by Python itself.

usage: gen_input_handling.py TEXTS.jsonl OUT.jsonl
Writes one JSON object per line: {"text", "strip": text.strip(), "lower": text.strip().lower()}
for every text of TEXTS.jsonl plus edge cases of Python's whitespace set and case mappings.
The expectations are Python's (CPython str.strip / str.lower), never hand-written.
"""
import json, sys, unicodedata

texts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
# Every code point Python's str.strip() removes, and near misses it keeps.
spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
near = ["\u200b", "\ufeff", "\u180e", "\u2060", "\u00ad", "\u200e", "\u200f", "\u034f"]
extra = []
for ch in spaces + near:
    extra += [ch, ch + "x" + ch, "x" + ch + "y", ch * 3 + "Nurse" + ch * 2]
extra += [
    "\u0130stanbul", "\u0130", "I\u0307", "\u03a3", "\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3 \u03a3\u0391",
    "A\u03a3'", "A\u03a3'B", "\u03a3\u0391", "A\u03a3\u0301", "A.\u03a3.", "\u1e9e", "\u01c5", "\u01c4", "\u212b",
    "\u212a", "\uff21\uff22\uff23", "\U00010400", "\u13a0\u13a1", "\u1c90\u1c91", "\u0587", "\ufb00", "\u2160\u2161",
    "\u24b6", "\u0049\u0307", "\u00c0\u00c9\u00ce\u00d5\u00dc", "A\u0300", "SOFTWARE ENGINEER", "\u0048\u0130",
    "\u1f88\u1f89", "\u1fbc", "\u0399\u0308\u0301", "x" * 3000, " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85 ",
]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for t in texts + extra:
        s = t.strip()
        f.write(json.dumps({"text": t, "strip": s, "lower": s.lower()}, ensure_ascii=False) + "\n")
print(f"{len(texts) + len(extra)} cases; Python {sys.version.split()[0]}, Unicode {unicodedata.unidata_version}",
      file=sys.stderr)
