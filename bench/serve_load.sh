#!/usr/bin/env bash
# Load test of `jobbert serve` on loopback, bounded in time (about 20 x PHASE seconds plus model
# loading; ~4 min with the default PHASE=10). For requests of 1 title and of 32 titles (POST /embed):
#   1. offline: fp32 `anchor` throughput of the library on the same titles (bench/encode_bench,
#      same token budget as the server);
#   2. closed loop at 1, 8 and 64 concurrent clients (hey -c): p50/p99 latency, titles/s, errors;
#   3. capacity: open loop at fixed rates (hey -q) from 0.5x to 1.5x the 64-client rate: the rate
#      beyond which served titles/s stops rising, and 0 errors below it;
#   4. overload: a fixed rate of twice the capacity from 256 clients: status codes (only 200 and
#      429 expected), p99 of each, server RSS during the phase, and /health afterwards.
# usage: bench/serve_load.sh MODEL_DIR [OUT_DIR]
# env:   JOBBERT (build/jobbert), ENCODE_BENCH (build/bench/encode_bench), PHASE (10, seconds per
#        phase), PORT (18181), BATCH_TOKENS (2048), THREADS (0 = all cores; forward-pass threads,
#        offline and served alike), SERVE_ARGS (extra `jobbert serve` flags)
# needs: hey (Debian package `hey`), python3, curl.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
model="${1:?usage: bench/serve_load.sh MODEL_DIR [OUT_DIR]}"
out="${2:-$here/bench/results/serve-$(basename "$(realpath "$model")")}"
jobbert="${JOBBERT:-$here/build/jobbert}"
encode_bench="${ENCODE_BENCH:-$here/build/bench/encode_bench}"
phase="${PHASE:-10}"
port="${PORT:-18181}"
budget="${BATCH_TOKENS:-2048}"
threads="${THREADS:-0}"
url="http://127.0.0.1:$port"
mkdir -p "$out"
command -v hey > /dev/null || { echo "needs hey (apt-get install hey)" >&2; exit 2; }

echo "== machine: $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"

# Titles: real job titles of tests/fixtures/texts.jsonl (rows 75..2399: ESCO labels, vacancy
# titles, TalentCLEF en/es/de/zh), 32 spread over them; the 1-title body is the first of these.
python3 - "$here/tests/fixtures/texts.jsonl" "$out" <<'PY'
import json, sys
texts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")][75:2400]
titles = [t.strip() for t in texts[::72] if t.strip()][:32]
for n in (1, 32):
    with open(f"{sys.argv[2]}/body{n}.json", "w", encoding="utf-8") as f:
        json.dump({"inputs": titles[:n]}, f, ensure_ascii=False)
    with open(f"{sys.argv[2]}/titles{n}.jsonl", "w", encoding="utf-8") as f:
        for t in titles[:n]:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
PY

# 1. Offline: the same titles, repeated to 512 sequences, one encode_ids call per repeat.
for n in 1 32; do
  "$jobbert" tokenize -m "$model" --model-input -i "$out/titles$n.jsonl" \
    | python3 -c "import json,sys; rows=[json.loads(l)['ids'] for l in sys.stdin]; [print(json.dumps(rows[i % len(rows)])) for i in range(512)]" \
    > "$out/ids$n.jsonl"
  "$encode_bench" "$model" "$out/ids$n.jsonl" --route anchor --batch-tokens "$budget" --threads "$threads" --repeat 3 \
    > "$out/offline$n.txt" 2>&1
  grep throughput "$out/offline$n.txt"
done

# The server: 512 HTTP threads (the overload phase opens 256 connections).
"$jobbert" serve -m "$model" --port "$port" --taxonomy none --batch-tokens "$budget" --threads "$threads" --http-threads 512 \
  ${SERVE_ARGS:-} > "$out/server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2> /dev/null || true' EXIT
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health" || true)" = 200 ] && break
  sleep 0.5
done
curl -sf "$url/info" > "$out/info.json"
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
echo "server pid $server, RSS after load $(rss) kB" | tee "$out/rss.txt"

# Runs hey for one phase; samples the server's RSS meanwhile. args: NAME HEY-ARGS...
run() {
  local name="$1"; shift
  ( while kill -0 $server 2> /dev/null; do rss >> "$out/$name.rss"; sleep 0.5; done ) &
  local sampler=$!
  hey -z "${phase}s" -m POST -T application/json "$@" > "$out/$name.txt" 2>&1 || true
  kill $sampler 2> /dev/null || true
}

for n in 1 32; do
  hey -n 64 -c 8 -m POST -T application/json -D "$out/body$n.json" "$url/embed" > /dev/null  # warm-up
  for c in 1 8 64; do
    run "closed${n}_c$c" -c "$c" -D "$out/body$n.json" "$url/embed"
  done
  # Capacity: open loop at fixed total rates, multiples of the 64-client rate.
  r64=$(python3 "$here/bench/serve_load_report.py" rate "$out/closed${n}_c64.txt")
  for f in 0.5 0.75 1.0 1.25 1.5; do
    workers=64
    q=$(python3 -c "print(max(0.01, $r64 * $f / $workers))")
    run "open${n}_x$f" -c $workers -q "$q" -D "$out/body$n.json" "$url/embed"
  done
  cap=$(python3 "$here/bench/serve_load_report.py" capacity "$out" "$n")
  # Overload: twice the capacity, 256 clients.
  q=$(python3 -c "print(max(0.01, 2 * $cap / 256))")
  run "over${n}" -c 256 -q "$q" -D "$out/body$n.json" "$url/embed"
  echo "health after overload ($n): $(curl -s -o /dev/null -w '%{http_code}' "$url/health")" | tee -a "$out/health.txt"
done
curl -s "$url/metrics" > "$out/metrics.txt"
echo "server RSS at the end $(rss) kB, peak $(awk '/VmHWM/ {print $2}' "/proc/$server/status") kB" | tee -a "$out/rss.txt"
kill -TERM $server
wait $server && echo "server exit 0" | tee -a "$out/rss.txt"
trap - EXIT
python3 "$here/bench/serve_load_report.py" report "$out" | tee "$out/report.md"
