#!/usr/bin/env bash
# Runs the large tests: builds the full-size synthetic model if missing (1.1 GB), computes the
# float64 reference (scripts/reference/numpy_ref.py) for 24 real titles, runs test_large.
# usage: tests/large/run_large.sh TEST_LARGE_BINARY [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
bin="$1"
work="${2:-$root/models}"
model="${JOBBERT_LARGE_MODEL:-$work/full-size}"
"$root/scripts/make_full_size_model.sh" "$model" >/dev/null
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Titles 17..40 of the golden set (real ESCO/TalentCLEF titles and edge cases); the full-size
# model shares the fixture tokenizer's ids.
/usr/bin/python3 - "$root/tests/fixtures/golden/tiny-asym-f32/model_ids.jsonl" "$tmp/ids.json" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])][16:40]
json.dump({"ids": rows}, open(sys.argv[2], "w"))
PY
/usr/bin/python3 "$root/scripts/reference/numpy_ref.py" "$model" "$tmp/ids.json" "$tmp/ref.json"
JOBBERT_LARGE_MODEL="$model" JOBBERT_LARGE_IDS="$tmp/ids.json" JOBBERT_LARGE_REFERENCE="$tmp/ref.json" "$bin"
