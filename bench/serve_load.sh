#!/usr/bin/env bash
# Load test of `jobbert serve` on loopback, bounded in time (~4 min for the default model, ~6 min
# for the full-size one on 2 cores). Requests of 1 title and of 32 titles (POST /embed):
#   1. offline: fp32 `anchor` throughput of the library on the same titles (bench/encode_bench,
#      same token budget and threads as the server);
#   2. closed loop at 1, 8 and 64 concurrent clients (hey -c): p50/p99 latency, titles/s, errors;
#   3. capacity: open loop at fixed rates from 0.5x to 1.5x the 64-client rate (wrk with
#      bench/serve_open_loop.lua: Poisson arrivals): the rate beyond which served titles/s stops
#      rising, and 0 errors below it. Steps 2-3 run on a server whose queue takes the 64 clients
#      of step 2 (--max-queue-ms 0: only --max-queue-texts, 4096, bounds it);
#   4. overload: twice the capacity (enough connections to keep offering it while accepted
#      requests wait up to a second; at most 480) against a server with the default
#      admission (--max-queue-ms 1000): status codes (only 200 and 429 expected), p50/p99,
#      server RSS during the phase, /health afterwards, exit code 0 on SIGTERM.
# usage: bench/serve_load.sh MODEL_DIR [OUT_DIR]
# env:   JOBBERT (build/jobbert), ENCODE_BENCH (build/bench/encode_bench), PHASE (10, seconds per
#        phase; the overload phase runs 2 x PHASE), PORT (18181), BATCH_TOKENS (2048), THREADS (0 =
#        all cores: forward-pass threads, offline and served alike), SERVE_ARGS (more serve flags)
# needs: hey and wrk (Debian packages), python3, curl. Loopback only.
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
report="python3 $here/bench/serve_load_report.py"
mkdir -p "$out"
for tool in hey wrk curl; do command -v $tool > /dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 2; }; done
start=$(date +%s)
echo "== $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg), OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}" \
  | tee "$out/machine.txt"

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
  "$encode_bench" "$model" "$out/ids$n.jsonl" --route anchor --batch-tokens "$budget" --threads "$threads" \
    --repeat 3 > "$out/offline$n.txt" 2>&1
  echo "offline, $n-title set: $(grep throughput "$out/offline$n.txt")"
done

server=""
start_server() {  # args: NAME, then more `jobbert serve` flags
  local name="$1"; shift
  "$jobbert" serve -m "$model" --port "$port" --taxonomy none --batch-tokens "$budget" --threads "$threads" \
    --http-threads 512 "$@" ${SERVE_ARGS:-} > "$out/server-$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health" || true)" = 200 ] && break
    sleep 0.5
  done
  curl -sf "$url/info" > "$out/info-$name.json"
  echo "server $name: pid $server, RSS after loading $(rss) kB" | tee -a "$out/rss.txt"
}
stop_server() {
  curl -s "$url/metrics" > "$out/metrics-$1.txt"
  echo "server $1: RSS at the end $(rss) kB, peak $(awk '/VmHWM/ {print $2}' "/proc/$server/status") kB" \
    | tee -a "$out/rss.txt"
  kill -TERM "$server"
  local code=0
  wait "$server" || code=$?
  echo "server $1: exit code $code after SIGTERM" | tee -a "$out/rss.txt"
  server=""
}
trap '[ -n "$server" ] && kill -TERM $server 2> /dev/null || true' EXIT
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
sample_rss() { while kill -0 "$server" 2> /dev/null; do rss >> "$1"; sleep 0.5; done; }
drain() {  # waits (at most 120 s) until the queue is empty and nothing is being encoded
  for _ in $(seq 1 240); do
    curl -s "$url/metrics" | grep -q '^jobbert_queue_texts 0$' && return 0
    sleep 0.5
  done
}
closed() {  # args: NAME CLIENTS BODY
  sample_rss "$out/$1.rss" & local s=$!
  hey -z "${phase}s" -c "$2" -t 300 -m POST -T application/json -D "$3" "$url/embed" > "$out/$1.txt" 2>&1 || true
  kill $s 2> /dev/null || true
}
open_loop() {  # args: NAME RATE CONNECTIONS SECONDS BODY EXPECTED-LATENCY-S
  local think  # mean think time per connection: connections / rate - the expected latency
  think=$(python3 -c "print(max(0.0, 1000 * ($3 / $2 - $6)))")
  sample_rss "$out/$1.rss" & local s=$!
  echo "offered_rate $2" > "$out/$1.txt"
  echo "connections $3" >> "$out/$1.txt"
  BODY="$5" THINK_MS="$think" wrk -t 2 -c "$3" -d "${4}s" --timeout 300s -s "$here/bench/serve_open_loop.lua" \
    "$url/embed" >> "$out/$1.txt" 2>&1 || true
  kill $s 2> /dev/null || true
}

# 2-3. Closed loops and the capacity sweep.
start_server sweep --max-queue-ms 0
for n in 1 32; do
  hey -n 32 -c 4 -t 300 -m POST -T application/json -D "$out/body$n.json" "$url/embed" > /dev/null  # warm-up
  for c in 1 8 64; do
    drain
    closed "closed${n}_c$c" "$c" "$out/body$n.json"
  done
  l1=$($report p50 "$out/closed${n}_c1.txt")
  r64=$($report rate "$out/closed${n}_c64.txt")
  for f in 0.5 0.8 1.0 1.25 1.5; do
    rate=$(python3 -c "print($r64 * $f)")
    conns=$(python3 -c "import math; print(min(256, max(4, math.ceil($rate * (4 * $l1 + 1)))))")
    drain
    open_loop "open${n}_x$f" "$rate" "$conns" "$phase" "$out/body$n.json" "$(python3 -c "print(2 * $l1)")"
  done
  $report capacity "$out" "$n" > "$out/capacity$n.txt"
done
stop_server sweep

# 4. Overload at twice the capacity, default admission.
start_server overload
for n in 1 32; do
  hey -n 32 -c 4 -t 300 -m POST -T application/json -D "$out/body$n.json" "$url/embed" > /dev/null  # warm-up
  l1=$($report p50 "$out/closed${n}_c1.txt")
  rate=$(python3 -c "print(2 * $(cat "$out/capacity$n.txt"))")
  # Half the requests are expected to wait about the admission limit (1 s), half to get an
  # immediate 429.
  conns=$(python3 -c "import math; print(min(480, max(8, math.ceil($rate * ($l1 + 2.5)))))")
  drain
  open_loop "over$n" "$rate" "$conns" $((2 * phase)) "$out/body$n.json" "$(python3 -c "print(($l1 + 1) / 2)")"
  echo "health after the $n-title overload: $(curl -s -o /dev/null -w '%{http_code}' "$url/health")" \
    | tee -a "$out/health.txt"
done
stop_server overload
trap - EXIT
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(( $(date +%s) - start )) s" | tee -a "$out/machine.txt"
$report report "$out" | tee "$out/report.md"
