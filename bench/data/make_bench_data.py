#!/usr/bin/python3
"""Writes the benchmark's input texts (bench/data/titles.jsonl, skill_lists.jsonl; committed, one
JSON string per line) from the repository's real data, with fixed seeds:

- titles.jsonl (3,000): the 2,600 real job titles of tests/fixtures/texts.jsonl (lines 76..2675:
  ESCO labels, vacancy titles, TalentCLEF 2025 titles in en/es/de/zh) plus 400 ESCO occupation
  labels (data/esco/occupations_en.tsv, column `label`) not already among them, sampled with
  seed 5; then shuffled (seed 5).
- skill_lists.jsonl (500): the 200 real ESCO skill lists of texts.jsonl (lines 2676..2875), plus
  300 derived ones: each takes a list length (number of comma-separated items) drawn from the
  real lists and that many distinct items drawn from all items of the real lists (seed 5). Items
  are split at ", ", so a skill label that itself contains ", " contributes its parts.

usage: bench/data/make_bench_data.py   (from anywhere; paths are relative to the repository)
"""
import csv
import json
import os
import random

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..")


def main():
    texts = [json.loads(l) for l in open(os.path.join(root, "tests", "fixtures", "texts.jsonl"), encoding="utf-8")]
    real_titles, real_skills = texts[75:2675], texts[2675:2875]
    assert len(real_titles) == 2600 and len(real_skills) == 200
    assert "," in real_skills[0] and "," not in real_titles[-1]
    rng = random.Random(5)
    with open(os.path.join(root, "data", "esco", "occupations_en.tsv"), encoding="utf-8") as f:
        esco = sorted({r["label"].strip() for r in csv.DictReader(f, delimiter="\t") if r["label"].strip()})
    taken = {t.strip() for t in real_titles}
    titles = real_titles + rng.sample([l for l in esco if l not in taken], 400)
    rng.shuffle(titles)

    items = list(dict.fromkeys(s.strip() for l in real_skills for s in l.split(", ") if s.strip()))
    lengths = [len(l.split(", ")) for l in real_skills]
    derived = [", ".join(rng.sample(items, rng.choice(lengths))) for _ in range(300)]
    skills = real_skills + derived
    rng.shuffle(skills)

    for name, rows in (("titles.jsonl", titles), ("skill_lists.jsonl", skills)):
        with open(os.path.join(here, name), "w", encoding="utf-8") as out:
            for t in rows:
                out.write(json.dumps(t, ensure_ascii=False) + "\n")
    print(f"{len(titles)} titles, {len(skills)} skill lists ({len(items)} distinct items)")


if __name__ == "__main__":
    main()
