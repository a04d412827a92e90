#!/usr/bin/env bash
# `jobbert match` at scale: N real job titles (bench/data/titles.jsonl, default the first 2,619)
# against ESCO (2,942 occupations, 32,964 labels), k = 5. Reports the label index build time, the
# titles/s of a whole `match` run on the cached index, and the search time per title (the run
# minus an `embed` run of the same titles, which is everything but reading the index and the
# search).
# usage: bench/match_esco.sh [MODEL_DIR (models/full-size)] [N (2619)]
# env:   JOBBERT (build/jobbert)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:-$here/models/full-size}"
n="${2:-2619}"
jobbert="${JOBBERT:-$here/build/jobbert}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -n "$n" "$here/bench/data/titles.jsonl" > "$work/titles.jsonl"
now() { date +%s.%N; }
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); model $model; $n titles"
"$jobbert" match -m "$model" --cache-dir "$work/cache" --rebuild-index -k 1 "warm-up" 2>&1 >/dev/null | grep '^indexed' || true
t0=$(now); "$jobbert" embed -q -m "$model" --route anchor -i "$work/titles.jsonl" -o "$work/emb.npy"; t1=$(now)
"$jobbert" match -q -m "$model" --cache-dir "$work/cache" -k 5 --format jsonl -i "$work/titles.jsonl" -o "$work/matches.jsonl"; t2=$(now)
rows=$(wc -l < "$work/matches.jsonl")
python3 - "$n" "$rows" "$t0" "$t1" "$t2" <<'PY'
import sys
n, rows = int(sys.argv[1]), int(sys.argv[2])
t0, t1, t2 = map(float, sys.argv[3:6])
embed, match = t1 - t0, t2 - t1
print(f"embed {n} titles: {embed:.2f} s; match them (k=5, cached index): {match:.2f} s = {n / match:.1f} titles/s; "
      f"{rows} result rows")
print(f"index read + exact search: {match - embed:.2f} s = {1000 * (match - embed) / n:.2f} ms per title")
PY
