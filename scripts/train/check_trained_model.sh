#!/usr/bin/env bash
# A model written by `jobbert train` is in the published layout: the float64 numpy reference
# (scripts/reference/numpy_ref.py, transformers' XLM-R semantics read from the directory) and
# jobbert's engine agree on it within 1e-5 for the pooled vector and every route.
#
# Trains for a few steps (a new model with a trained tokenizer, and a fine-tuned fixture), then
# compares both on the fixture texts' token ids.
#
# usage: scripts/train/check_trained_model.sh [BUILD_DIR]   (default: build)
# env:   CHECK_TRAINED_N (texts compared, default 400)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
jobbert="$build/jobbert"
work="$build/train_model_check"
n="${CHECK_TRAINED_N:-400}"
rm -rf "$work"
mkdir -p "$work"

# (title, skill list) pairs from the fixture texts.
/usr/bin/python3 - "$root/tests/fixtures/texts.jsonl" "$work/pairs.jsonl" <<'EOF'
import json, sys
texts = [json.loads(l) for l in open(sys.argv[1])]
titles, lists = texts[100:1100], texts[-150:]
with open(sys.argv[2], "w") as f:
    for i, t in enumerate(titles):
        f.write(json.dumps({"title": t, "skills": [s for s in lists[i % 150].split(", ") if s]}) + "\n")
EOF

common=(--data "$work/pairs.jsonl" --batch-size 32 --mini-batch-size 16 --max-steps 3 --lr 1e-3 --threads 1 -q --no-plot)
"$jobbert" train "${common[@]}" --out "$work/new-router" --config hidden=32,layers=2,heads=4,ffn=64,out=24,vocab=1500 \
  --layout router --dropout 0.1 >/dev/null
"$jobbert" train "${common[@]}" --out "$work/new-asym-lower" --config hidden=32,layers=1,heads=2,ffn=48,out=16,vocab=1200 \
  --lowercase >/dev/null
"$jobbert" train "${common[@]}" --out "$work/finetuned-asym" --init "$root/tests/fixtures/tiny-asym-f32" >/dev/null
"$jobbert" train "${common[@]}" --out "$work/finetuned-router-bf16" --init "$root/tests/fixtures/tiny-router-bf16" >/dev/null

status=0
head -n "$n" "$root/tests/fixtures/texts.jsonl" > "$work/texts.jsonl"
for model in new-router new-asym-lower finetuned-asym finetuned-router-bf16; do
  dir="$work/$model"
  # Token ids as the engine sees them (input handling + tokenizer), then the same ids to both sides.
  "$jobbert" tokenize -m "$dir" -q -i "$work/texts.jsonl" > "$work/$model.tok.jsonl"
  /usr/bin/python3 - "$work/$model.tok.jsonl" "$work/$model.ids.json" "$work/$model.ids.jsonl" <<'EOF'
import json, sys
ids = [json.loads(l)["ids"] for l in open(sys.argv[1])]
json.dump({"ids": ids}, open(sys.argv[2], "w"))
open(sys.argv[3], "w").write("".join(json.dumps(s) + "\n" for s in ids))
EOF
  /usr/bin/python3 "$root/scripts/reference/numpy_ref.py" "$dir" "$work/$model.ids.json" "$work/$model.ref.json"
  routes=$(/usr/bin/python3 -c "import json; print(' '.join(json.load(open('$work/$model.ref.json'))['routes']))")
  for route in none $routes; do
    "$jobbert" embed -m "$dir" -q --ids -i "$work/$model.ids.jsonl" --route "$route" -o "$work/$model.$route.npy"
  done
  /usr/bin/python3 - "$work" "$model" $routes <<'EOF' || status=1
import json, sys
import numpy as np
work, model, routes = sys.argv[1], sys.argv[2], sys.argv[3:]
ref = json.load(open(f"{work}/{model}.ref.json"))
ok, parts = True, []
for route in ["none"] + routes:
    want = np.array(ref["pooled"] if route == "none" else ref["routes"][route])
    got = np.load(f"{work}/{model}.{route}.npy").astype(np.float64)
    d = float(np.abs(got - want).max())
    ok &= d <= 1e-5
    parts.append(f"{route} {d:.2e}")
print(f"{'ok  ' if ok else 'FAIL'} {model}: {len(want)} texts, max |engine - numpy_ref|: " + ", ".join(parts))
sys.exit(0 if ok else 1)
EOF
done
exit $status
