#!/usr/bin/env bash
# Tokenizer throughput: jobbert (single thread) vs Hugging Face tokenizers' encodeBatch over the
# whole set with its parallelism off, on the same real job titles, in one run.
#
# usage: bench/tokenizer_vs_hf.sh [BUILD_DIR] [TOKENIZER.json]
#   BUILD_DIR      default build (needs bench/tokenizer_bench built)
#   TOKENIZER.json default models/full-size/tokenizer.json (the fixture pipeline padded to
#                  XLM-R's 250002 ids; scripts/make_full_size_model.sh) if present, else
#                  tests/fixtures/tiny-asym-f32/tokenizer.json
# Texts: the 2,600 real job titles of tests/fixtures/texts.jsonl (lines 76..2675: after the 75
# edge cases, before the 200 skill lists), truncated to 64 tokens as JobBERT-v3 does.
# HF tokenizers (npm tokenizers@0.23.2) is installed into scripts/tokenizer_diff/node_modules.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
tok="${2:-}"
if [ -z "$tok" ]; then
  tok="$root/models/full-size/tokenizer.json"
  [ -f "$tok" ] || tok="$root/tests/fixtures/tiny-asym-f32/tokenizer.json"
fi
texts="$root/tests/fixtures/texts.jsonl"
skip=75 count=2600 max_len=64 repeat="${REPEAT:-7}"
diff_dir="$root/scripts/tokenizer_diff"
if [ ! -f "$diff_dir/node_modules/tokenizers/package.json" ]; then
  (cd "$diff_dir" && npm install --no-audit --no-fund --loglevel=error)
fi
echo "tokenizer: $tok"
echo "texts:     $count real job titles from $texts (max_length $max_len, best of $repeat)"
ours=$("$build/bench/tokenizer_bench" "$tok" "$texts" --skip $skip --count $count --max-length $max_len --repeat "$repeat")
hf=$(TOKENIZERS_PARALLELISM=false NODE_PATH="$diff_dir/node_modules" \
     node "$root/bench/tokenizer_hf_bench.js" "$tok" "$texts" $skip $count $max_len "$repeat")
node -e '
const o = JSON.parse(process.argv[1]), h = JSON.parse(process.argv[2]);
if (o.tokens !== h.tokens) console.log(`WARNING: token counts differ (ours ${o.tokens}, hf ${h.tokens})`);
const f = (x) => x.toFixed(2).padStart(8);
const row = (name, s) => console.log(`${name.padEnd(44)} ${f(s.us_per_text)} us/text ${f(s.texts_per_s / 1000)} k texts/s ${f(s.tokens_per_s / 1e6)} M tokens/s`);
console.log(`${o.texts} texts, ${o.tokens} tokens; load: jobbert ${o.load_s.toFixed(3)} s, HF ${h.load_s.toFixed(3)} s`);
row("jobbert encode_ids (1 thread)", o.encode_ids);
row("jobbert encode, ids + tokens (1 thread)", o.encode);
row("HF encodeBatch, whole set (PARALLELISM=false)", h.encode_batch);
row("HF encode, one call per text", h.encode_one_by_one);
console.log(`HF per-call overhead: encodeBatch([""]) ${h.overhead_us.encode_batch_one_empty_text.toFixed(1)} us, encode("") ${h.overhead_us.encode_one_empty_text.toFixed(1)} us`);
console.log(`speed-up vs HF encodeBatch: encode_ids ${(h.encode_batch.seconds / o.encode_ids.seconds).toFixed(2)}x, encode ${(h.encode_batch.seconds / o.encode.seconds).toFixed(2)}x (goal >= 2x)`);
' "$ours" "$hf"
