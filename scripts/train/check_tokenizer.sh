#!/usr/bin/env bash
# A tokenizer trained by `jobbert train` (jobbert-spm-train: SentencePiece Unigram, nmt_nfkc,
# written as an XLM-R tokenizer.json) must be read identically by jobbert's tokenizer and by
# Hugging Face tokenizers (npm tokenizers 0.23.2). Trains one on the fixture texts and runs the
# tokenizer differential harness (scripts/tokenizer_diff) on it.
#
# usage: scripts/train/check_tokenizer.sh [BUILD_DIR] [VOCAB_SIZE]   (default: build, 4000)
# env:   CHECK_TOKENIZER_N (20000 generated strings + the fixture texts)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
vocab="${2:-4000}"
diff_dir="$root/scripts/tokenizer_diff"
work="$build/train_tokenizer_check"
mkdir -p "$work"

echo "== training a $vocab-id tokenizer on tests/fixtures/texts.jsonl"
/usr/bin/python3 -c "
import json, sys
with open('$work/corpus.txt', 'w') as f:
    for l in open('$root/tests/fixtures/texts.jsonl'):
        f.write(json.loads(l).replace('\n', ' ').replace('\r', ' ') + '\n')"
"$build/jobbert-spm-train" --input "$work/corpus.txt" --vocab-size "$vocab" --output "$work/tokenizer.json"

if [ ! -f "$diff_dir/node_modules/tokenizers/package.json" ]; then
  (cd "$diff_dir" && npm install --no-audit --no-fund --loglevel=error)
fi
lib="$build/src/libjobbert.a"
# shellcheck disable=SC2046
"${CXX:-c++}" -std=c++20 -O2 -fopenmp -I"$root/include" -I"$root/src" \
  "$diff_dir/tokenize_dump.cpp" "$lib" $(pkg-config --libs icu-uc libpcre2-8) -o "$work/tokenize_dump"
node "$diff_dir/gen.js" "${CHECK_TOKENIZER_N:-20000}" 1 "$root/tests/fixtures/texts.jsonl" > "$work/inputs.jsonl"
cat "$root/tests/fixtures/texts.jsonl" >> "$work/inputs.jsonl"
echo "== encoding $(wc -l < "$work/inputs.jsonl") strings with jobbert and HF tokenizers"
"$work/tokenize_dump" "$work/tokenizer.json" 64 "$work/inputs.jsonl" "$work/trained.ours.jsonl" &
NODE_PATH="$diff_dir/node_modules" node "$diff_dir/hf_encode.js" "$work/tokenizer.json" 64 "$work/inputs.jsonl" \
  "$work/trained.hf.jsonl"
wait
node "$diff_dir/compare.js" "$work" "$work/inputs.jsonl" "$work/report.json" trained
