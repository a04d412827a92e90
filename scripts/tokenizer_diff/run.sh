#!/usr/bin/env bash
# Differential test: jobbert's tokenizer vs Hugging Face tokenizers (npm tokenizers 0.23.2, the
# Rust library) on generated strings, for every fixture tokenizer.json.
#
# usage: scripts/tokenizer_diff/run.sh [BUILD_DIR]      (default: build)
# env:   TOKENIZER_DIFF_N (20000 strings), TOKENIZER_DIFF_SEED (1), TOKENIZER_DIFF_WORK (output
#        folder, default BUILD_DIR/tokenizer_diff), TOKENIZER_DIFF_VARIANT_N (the first 10000
#        strings also run through the extra tokenizer.json variants of make_variants.js; 0: skip
#        them), CXX (c++)
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
variant_n="${TOKENIZER_DIFF_VARIANT_N:-10000}"
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

encode_both() {  # NAME TOKENIZER.json MAX_LENGTH INPUTS.jsonl
  echo "== $1 (max_length $3)"
  "$work/tokenize_dump" "$2" "$3" "$4" "$work/$1.ours.jsonl" &
  NODE_PATH="$here/node_modules" node "$here/hf_encode.js" "$2" "$3" "$4" "$work/$1.hf.jsonl"
  wait
}
for fx in "${fixtures[@]}"; do
  max_len=$(node -e "console.log(require('$root/tests/fixtures/$fx/sentence_bert_config.json').max_seq_length)")
  encode_both "$fx" "$root/tests/fixtures/$fx/tokenizer.json" "$max_len" "$work/inputs.jsonl"
done
variants=()
if [ "$variant_n" -gt 0 ]; then
  head -n "$variant_n" "$work/inputs.jsonl" > "$work/inputs-variants.jsonl"
  node "$here/make_variants.js" "$root/tests/fixtures" "$work/variants" > "$work/variants.txt"
  while read -r name max_len; do
    variants+=("$name")
    encode_both "$name" "$work/variants/$name/tokenizer.json" "$max_len" "$work/inputs-variants.jsonl" </dev/null
  done < "$work/variants.txt"
fi

echo "== comparing"
status=0
node "$here/compare.js" "$work" "$work/inputs.jsonl" "$work/report.json" "${fixtures[@]}" || status=$?
if [ "${#variants[@]}" -gt 0 ]; then
  echo "== comparing the extra variants (first $variant_n strings)"
  node "$here/compare.js" "$work" "$work/inputs-variants.jsonl" "$work/report-variants.json" "${variants[@]}" || status=$?
fi
echo "== tokenizer differential test done in $(( $(date +%s) - start )) s (exit $status)"
exit $status
