#!/usr/bin/env bash
# Builds the tokenizer libFuzzer target with clang and runs it for a fixed time.
# usage: fuzz/run.sh [SECONDS] [BUILD_DIR]        (defaults: 60, build-fuzz)
# The seed corpus (every text of tests/fixtures/texts.jsonl for every input mode) is written to
# BUILD_DIR/fuzz-corpus on first use; libFuzzer adds what it finds there. Exit status is
# libFuzzer's: non-zero on a crash, leak, sanitizer report or invariant failure (the input is
# saved as crash-*/leak-* in the current directory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-60}"
build="${2:-$root/build-fuzz}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DJOBBERT_FUZZ=ON -DJOBBERT_WERROR=ON -DJOBBERT_BUILD_TESTS=OFF -DJOBBERT_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target fuzz_tokenizer
corpus="$build/fuzz-corpus"
if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus"
  node -e '
    const fs = require("fs"), path = require("path");
    const [texts, dir] = process.argv.slice(1);
    fs.readFileSync(texts, "utf8").split("\n").filter((l) => l.length).forEach((l, i) => {
      const mode = i % 8, body = Buffer.from(JSON.parse(l), "utf8");
      const head = mode === 5 || mode === 6 ? Buffer.from([mode, (i * 37) & 255]) : Buffer.from([mode + 8 * (i % 32)]);
      fs.writeFileSync(path.join(dir, `seed${i}`), Buffer.concat([head, body]));
    });' "$root/tests/fixtures/texts.jsonl" "$corpus"
fi
"$build/fuzz/fuzz_tokenizer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -timeout=10 -rss_limit_mb=4096 "$corpus"
