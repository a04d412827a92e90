#!/usr/bin/env bash
# The engine comparison, in one invocation: jobbert.cpp (fp32, bf16, int8) vs PyTorch eager vs
# ONNX Runtime on the full-size synthetic JobBERT-v3 (scripts/make_full_size_model.sh) and the
# data in bench/data (3,000 titles through `anchor`, 500 skill lists through `positive`), every
# engine given the same token ids, 2 threads each; plus the GEMM backend's own peak, precision
# against fp32, and the issue-5 targets. Prints the report; JSON results stay in WORK/results.
#
# usage: bench/run_bench.sh [BUILD_DIR] [WORK_DIR]
#   BUILD_DIR  a build of this repository with the bench programs (default: build)
#   WORK_DIR   model exports, npm packages, ids, embeddings, results (default: models/bench)
# env: BENCH_QUICK=1   subsets (600 titles, 100 skill lists, batch sizes 8,32) for a smoke run
#      BENCH_THREADS   threads per engine (default 2)
# Needs: python3-torch and python3-numpy (Debian), node + npm (onnxruntime-node is installed into
# WORK_DIR/node with --ignore-scripts, which skips its GPU download; the CPU library is packaged).
# Measure on a quiet machine: the load average before and after is printed with the results.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
work="${2:-$root/models/bench}"
threads="${BENCH_THREADS:-2}"
ort_version=1.30.0
model="$root/models/full-size"
py=/usr/bin/python3
mkdir -p "$work"/{ids,emb,results,data}
work="$(cd "$work" && pwd)"
res="$work/results"
rm -f "$res"/*.json "$work"/emb/*.f32

echo "== preparing (model, ONNX exports, onnxruntime-node, token ids)" >&2
"$root/scripts/make_full_size_model.sh" "$model" >&2
for route in anchor positive; do
  [ -f "$work/$route.onnx" ] || "$py" "$here/export_onnx.py" "$model" "$route" "$work/$route.onnx" 2>/dev/null
done
if [ ! -f "$work/node/node_modules/onnxruntime-node/package.json" ]; then
  mkdir -p "$work/node"
  (cd "$work/node" && echo '{"private": true}' > package.json &&
   npm install --no-audit --no-fund --ignore-scripts "onnxruntime-node@$ort_version" >&2)
fi
esco="$root/data/esco/occupations_en.tsv"
[ -f "$esco" ] || { echo "missing $esco (ESCO labels for the matching corpus)" >&2; exit 1; }
# The matching corpus: every distinct ESCO preferred label.
"$py" - "$esco" "$work/data/corpus.jsonl" <<'PY'
import csv, json, sys
rows = csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t")
labels = sorted({r["preferred_label"].strip() for r in rows if r["preferred_label"].strip()})
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for l in labels: out.write(json.dumps(l, ensure_ascii=False) + "\n")
PY
titles="$root/bench/data/titles.jsonl"; skills="$root/bench/data/skill_lists.jsonl"
batches=1,8,32,128; latency=300; repeat=3
if [ -n "${BENCH_QUICK:-}" ]; then
  head -n 600 "$titles" > "$work/data/titles.jsonl"; head -n 100 "$skills" > "$work/data/skills.jsonl"
  titles="$work/data/titles.jsonl"; skills="$work/data/skills.jsonl"; batches=8,32; latency=60; repeat=1
fi
"$build/bench/tokenize_ids" "$model" "$titles" "$work/ids/titles.jsonl"
"$build/bench/tokenize_ids" "$model" "$skills" "$work/ids/skills.jsonl"
"$build/bench/tokenize_ids" "$model" "$work/data/corpus.jsonl" "$work/ids/corpus.jsonl"

isa="$(ONEDNN_VERBOSE=1 "$build/bench/gemm_peak" --precision fp32 --rows 16 --reps 1 --out /dev/null 2>/dev/null |
       sed -n 's/^onednn_verbose,info,cpu,isa://p' | head -n 1)"
"$py" - "$work/ids" "$res/env.json" "$threads" "$(uptime | sed 's/.*load average: //')" "$isa" <<'PY'
import json, os, platform, sys
d, out, threads, load, isa = sys.argv[1:6]
ids = {s: [json.loads(l) for l in open(os.path.join(d, s + ".jsonl"))] for s in ("titles", "skills", "corpus")}
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
json.dump({"cpu": cpu, "cores": os.cpu_count(), "threads": int(threads), "load_before": load, "onednn": "2.6.3",
           "onednn_isa": isa, "n_titles": len(ids["titles"]), "n_skills": len(ids["skills"]),
           "n_corpus": len(ids["corpus"]),
           "mean_title_tokens": sum(map(len, ids["titles"])) / len(ids["titles"]),
           "mean_skill_tokens": sum(map(len, ids["skills"])) / len(ids["skills"])}, open(out, "w"), indent=1)
PY
echo "== load average before: $(uptime | sed 's/.*load average: //')" >&2

export OMP_NUM_THREADS="$threads"
for p in fp32 bf16 int8; do
  echo "== jobbert.cpp $p" >&2
  "$build/bench/gemm_peak" --precision "$p" --out "$res/gemm_$p.json"
  "$build/bench/bench_encode" "$model" --precision "$p" --titles "$work/ids/titles.jsonl" \
    --skills "$work/ids/skills.jsonl" --corpus "$work/ids/corpus.jsonl" --emb-dir "$work/emb" \
    --out "$res/ours_$p.json" --threads "$threads" --repeat "$repeat" --latency "$latency"
done
echo "== ONNX Runtime" >&2
for set in titles skills; do
  onnx="$work/anchor.onnx"; [ "$set" = skills ] && onnx="$work/positive.onnx"
  NODE_PATH="$work/node/node_modules" node "$here/ort_peer.js" "$onnx" "$work/ids/$set.jsonl" "$res/ort_$set.json" \
    --threads "$threads" --batches "$batches" --latency "$([ "$set" = skills ] && echo $((latency / 3)) || echo "$latency")" \
    --embeddings "$work/emb/ort_$set.f32"
done
echo "== PyTorch eager" >&2
"$py" "$here/torch_peer.py" "$model" "$work/ids/titles.jsonl" "$work/ids/skills.jsonl" "$res/torch.json" \
  --threads "$threads" --batches "$batches" --latency "$latency" --emb-dir "$work/emb"

"$py" - "$res/env.json" "$(uptime | sed 's/.*load average: //')" <<'PY'
import json, sys
e = json.load(open(sys.argv[1])); e["load_after"] = sys.argv[2]; json.dump(e, open(sys.argv[1], "w"), indent=1)
PY
"$py" "$here/quality.py" "$work/emb" 1024 "$res/quality.json"
"$py" "$here/report.py" "$res"
