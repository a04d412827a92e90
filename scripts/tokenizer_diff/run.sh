#!/usr/bin/env bash
# Differential test: jobbert's tokenizer vs Hugging Face tokenizers (npm tokenizers 0.23.2, the
# Rust library) on generated strings, for every fixture tokenizer.json.
#
# usage: scripts/tokenizer_diff/run.sh [BUILD_DIR]      (default: build)
# env:   TOKENIZER_DIFF_N (20000 strings), TOKENIZER_DIFF_SEED (1), TOKENIZER_DIFF_WORK (output
#        folder, default BUILD_DIR/tokenizer_diff), CXX (c++)
# Needs: the library built in BUILD_DIR (src/libjobbert.a), node + npm (installs tokenizers into
# scripts/tokenizer_diff/node_modules, git-ignored), pkg-config, ICU and PCRE2 development files.
# Exit status: 0 if every mismatch involves a code point newer than ICU 72's Unicode 15.0 (those
# are listed apart), 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
work="${TOKENIZER_DIFF_WORK:-$build/tokenizer_diff}"
n="${TOKENIZER_DIFF_N:-20000}"
seed="${TOKENIZER_DIFF_SEED:-1}"
fixtures=(tiny-asym-f32 tiny-router-bf16 tiny-legacy-f16 tiny-nfkc-roberta tiny-bytefallback)
mkdir -p "$work"
start=$(date +%s)

if [ ! -f "$here/node_modules/tokenizers/package.json" ]; then
  echo "== npm install tokenizers@0.23.2"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi

echo "== building tokenize_dump against $build/src/libjobbert.a"
lib="$build/src/libjobbert.a"
[ -f "$lib" ] || { echo "missing $lib: build the library first (cmake --build $build)"; exit 2; }
# shellcheck disable=SC2046
"${CXX:-c++}" -std=c++20 -O2 -fopenmp -I"$root/include" -I"$root/src" \
  "$here/tokenize_dump.cpp" "$lib" $(pkg-config --libs icu-uc libpcre2-8) -o "$work/tokenize_dump"

echo "== generating $n strings (seed $seed)"
node "$here/gen.js" "$n" "$seed" "$root/tests/fixtures/texts.jsonl" > "$work/inputs.jsonl"

for fx in "${fixtures[@]}"; do
  tok="$root/tests/fixtures/$fx/tokenizer.json"
  max_len=$(node -e "console.log(require('$root/tests/fixtures/$fx/sentence_bert_config.json').max_seq_length)")
  echo "== $fx (max_length $max_len)"
  "$work/tokenize_dump" "$tok" "$max_len" "$work/inputs.jsonl" "$work/$fx.ours.jsonl" &
  NODE_PATH="$here/node_modules" node "$here/hf_encode.js" "$tok" "$max_len" "$work/inputs.jsonl" "$work/$fx.hf.jsonl"
  wait
done

echo "== comparing"
status=0
node "$here/compare.js" "$work" "${fixtures[@]}" || status=$?
echo "== tokenizer differential test done in $(( $(date +%s) - start )) s (exit $status)"
exit $status
