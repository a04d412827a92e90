#!/usr/bin/env bash
# Writes the full-size synthetic model used by benchmarks and large tests: JobBERT-v3's exact
# architecture and layout (XLM-R base: hidden 768, 12 layers, 12 heads, FFN 3072, vocab 250002;
# 1024-d tanh anchor/positive heads; F32; 4.x Asym layout) with random, unsaturated weights
# (fixed seed) and the fixture tokenizer padded to 250002 ids. About 1.1 GB; never committed.
# usage: scripts/make_full_size_model.sh [OUT_DIR]   (default models/full-size)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../models/full-size}"
if [ -f "$out/model.safetensors" ]; then echo "$out exists"; exit 0; fi
/usr/bin/python3 "$here/reference/make_model.py" "$out" \
  --tokenizer "$here/../tests/fixtures/tiny-asym-f32/tokenizer.json" --seed 7 \
  --vocab 250002 --hidden 768 --layers 12 --heads 12 --ffn 3072 --out-dim 1024 --dtype F32 --format asym
