#!/usr/bin/python3
"""Derive data/esco/occupations_en.tsv from ESCO's occupations_en.csv (ESCO v1.0.x, English).

usage: derive_esco_occupations.py occupations_en.csv occupations_en.tsv

Input: the ESCO "occupations_en.csv" export (columns conceptType, conceptUri, iscoGroup,
preferredLabel, altLabels, hiddenLabels, ...; several labels per cell, separated by newlines).

Output: a UTF-8 TSV with header `id<TAB>preferred_label<TAB>label` and one row per distinct
label of each occupation: the preferred label first, then the alternative labels, then the
hidden labels, each in file order. Labels are stripped of surrounding whitespace (Python
str.strip), empty labels are dropped, and a label already listed for the same occupation is
not repeated. id is the concept URI; rows are sorted by concept URI (stable, so each
occupation keeps its label order). The script fails loudly if any field would contain a tab or
a newline, if a concept URI repeats, or if an occupation has no preferred label.
Deterministic: same input, same bytes out. Prints counts to stderr.
"""
import csv
import sys

EXPECTED_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels"]


def split_labels(cell):
    return [s.strip() for s in cell.split("\n") if s.strip()]


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    src, dst = argv[1], argv[2]
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    if header[: len(EXPECTED_HEADER)] != EXPECTED_HEADER:
        sys.exit(f"unexpected header: {header}")
    col = {name: i for i, name in enumerate(header)}
    occupations = {}
    counts = {"preferred": 0, "alternative": 0, "hidden": 0, "duplicates_dropped": 0}
    for n, r in enumerate(data, start=2):
        if len(r) != len(header):
            sys.exit(f"record {n}: {len(r)} fields, expected {len(header)}")
        if r[col["conceptType"]] != "Occupation":
            sys.exit(f"record {n}: conceptType {r[col['conceptType']]!r}")
        uri = r[col["conceptUri"]].strip()
        if not uri or uri in occupations:
            sys.exit(f"record {n}: empty or repeated concept URI {uri!r}")
        pref = split_labels(r[col["preferredLabel"]])
        if len(pref) != 1:
            sys.exit(f"record {n}: expected exactly one preferred label, got {pref!r}")
        labels, seen = [], set()
        for kind, cell in (("preferred", pref[0]), ("alternative", r[col["altLabels"]]),
                           ("hidden", r[col["hiddenLabels"]])):
            for label in split_labels(cell):
                if label in seen:
                    counts["duplicates_dropped"] += 1
                    continue
                seen.add(label)
                labels.append(label)
                counts[kind] += 1
        occupations[uri] = (pref[0], labels)
    out_rows = [("id", "preferred_label", "label")]
    for uri in sorted(occupations):
        pref, labels = occupations[uri]
        out_rows += [(uri, pref, label) for label in labels]
    for row in out_rows:
        for field in row:
            if any(c in field for c in "\t\n\r"):
                sys.exit(f"field contains a tab or newline: {field!r}")
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        for row in out_rows:
            f.write("\t".join(row) + "\n")
    print(f"occupations {len(occupations)}; label rows {len(out_rows) - 1} "
          f"(preferred {counts['preferred']}, alternative {counts['alternative']}, "
          f"hidden {counts['hidden']}); duplicates dropped {counts['duplicates_dropped']}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
