#!/usr/bin/env bash
# Training throughput and memory: `jobbert train` (LibTorch, C++) against a PyTorch eager loop of
# the same model, loss (CachedMultipleNegativesRankingLoss) and optimiser
# (scripts/train/torch_train_loop.py), on the same pairs, in the same run, at two batch sizes
# with the same mini-batch size: the cached loss keeps peak memory nearly flat as the batch grows.
#
# usage: scripts/train/bench_train.sh [BUILD_DIR]      (default: build)
# env:   BENCH_THREADS (1), BENCH_HIDDEN (128), BENCH_LAYERS (2), BENCH_FFN (512),
#        BENCH_MINI (64), BENCH_SMALL (256), BENCH_LARGE (2048), BENCH_STEPS_SMALL (6), BENCH_STEPS_LARGE (2)
# Prints a markdown table; raw JSON results in BUILD_DIR/train_bench/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
jobbert="$build/jobbert"
work="$build/train_bench"
threads="${BENCH_THREADS:-1}"
mini="${BENCH_MINI:-64}"
rm -rf "$work"
mkdir -p "$work"

echo "== model: random XLM-R hidden ${BENCH_HIDDEN:-128}, ${BENCH_LAYERS:-2} layers, ffn ${BENCH_FFN:-512}, fixture tokenizer (8002 ids)" >&2
/usr/bin/python3 "$root/scripts/reference/make_model.py" "$work/model" \
  --tokenizer "$root/tests/fixtures/tiny-asym-f32/tokenizer.json" --hidden "${BENCH_HIDDEN:-128}" \
  --layers "${BENCH_LAYERS:-2}" --heads 4 --ffn "${BENCH_FFN:-512}" --out-dim "${BENCH_HIDDEN:-128}" >/dev/null

# 2,500 (title, skill list) pairs from the fixture texts, lists joined once so both sides see the same texts.
/usr/bin/python3 - "$root/tests/fixtures/texts.jsonl" "$work" <<'EOF'
import json, sys
texts = [json.loads(l) for l in open(sys.argv[1])]
titles, lists = texts[100:2600], texts[-150:]
with open(sys.argv[2] + "/pairs.jsonl", "w") as f, open(sys.argv[2] + "/anchors.jsonl", "w") as a, \
     open(sys.argv[2] + "/positives.jsonl", "w") as p:
    for i, t in enumerate(titles):
        f.write(json.dumps({"anchor": t, "positive": lists[i % 150]}) + "\n")
        a.write(json.dumps(t) + "\n"); p.write(json.dumps(lists[i % 150]) + "\n")
EOF
"$jobbert" tokenize -m "$work/model" -q -i "$work/anchors.jsonl" > "$work/anchors.ids.jsonl"
"$jobbert" tokenize -m "$work/model" -q -i "$work/positives.jsonl" > "$work/positives.ids.jsonl"
/usr/bin/python3 -c "
import json
a = [json.loads(l)['ids'] for l in open('$work/anchors.ids.jsonl')]
p = [json.loads(l)['ids'] for l in open('$work/positives.ids.jsonl')]
open('$work/ids.jsonl', 'w').write(''.join(json.dumps({'anchor': x, 'positive': y}) + '\n' for x, y in zip(a, p)))
print('mean tokens: anchor %.1f, positive %.1f' % (sum(map(len, a)) / len(a), sum(map(len, p)) / len(p)))" >&2

echo "| batch | mini-batch | steps | jobbert train pairs/s | PyTorch eager pairs/s | jobbert peak RSS MiB | PyTorch peak RSS MiB |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for spec in "${BENCH_SMALL:-256}:${BENCH_STEPS_SMALL:-6}" "${BENCH_LARGE:-2048}:${BENCH_STEPS_LARGE:-2}"; do
  batch="${spec%%:*}"; steps="${spec##*:}"
  echo "== batch $batch, mini-batch $mini, $steps steps, $threads thread(s)" >&2
  "$jobbert" train --init "$work/model" --data "$work/pairs.jsonl" --out "$work/out-$batch" --batch-size "$batch" \
    --mini-batch-size "$mini" --max-steps "$steps" --threads "$threads" --lr 5e-5 -q --no-plot > "$work/cpp-$batch.json"
  /usr/bin/python3 "$here/torch_train_loop.py" "$work/model" "$work/ids.jsonl" --batch-size "$batch" \
    --mini-batch-size "$mini" --steps "$steps" --threads "$threads" > "$work/torch-$batch.json"
  /usr/bin/python3 -c "
import json
c = json.load(open('$work/cpp-$batch.json')); t = json.load(open('$work/torch-$batch.json'))
print('| %d | %d | %d | %.1f | %.1f | %.0f | %.0f |' % ($batch, $mini, $steps, c['pairs_per_s'], t['pairs_per_s'],
      c['peak_rss_mib'], t['peak_rss_mib']))"
done
