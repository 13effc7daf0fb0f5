#!/usr/bin/env bash
# rnomad benchmarks against the performance budget (DESIGN.md §5), with ratios measured in the
# same run. Usage: [RUNS=N] benches/bench.sh [--quick]
#
# Needs hyperfine and curl (installed with apt-get when missing and run as root). Set NOMAD_BIN
# to a real nomad binary to time Nomad's CLI on the same simulated cluster as well.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${1:-}
RUNS=${RUNS:-20}   # hyperfine runs per line; RUNS=5 for a faster full-size run
[ "$QUICK" = "--quick" ] && RUNS=5

need() {
  command -v "$1" >/dev/null 2>&1 && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
  else
    echo "bench: please install $2" >&2; exit 1
  fi
}
need hyperfine hyperfine
need curl curl
need /usr/bin/time time

cargo build --release -q -p rnomad -p nomad-sim
T=${CARGO_TARGET_DIR:-$PWD/target}
R=$T/release/rnomad
SIM=$T/release/nomad-sim
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT

# start_sim NAME ARGS… : starts nomad-sim on a free port, sets URL_<NAME>
start_sim() {
  local name=$1; shift
  "$SIM" --addr 127.0.0.1:0 "$@" >"$TMP/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    grep -q "listening on" "$TMP/$name.log" 2>/dev/null && break
    sleep 0.1
  done
  local url; url=$(sed -n 's/^nomad-sim listening on //p' "$TMP/$name.log" | head -1)
  [ -n "$url" ] || { echo "bench: nomad-sim $name did not start" >&2; cat "$TMP/$name.log" >&2; exit 1; }
  printf -v "URL_$name" '%s' "$url"
}

# The median, not the mean: on a machine shared with other work, a few runs that wait for a
# core would otherwise move the result.
mean() { # median seconds of a hyperfine JSON export
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
bench() { # bench NAME COMMAND : median seconds
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$TMP/$1.json" "$2" >/dev/null 2>&1 \
    || hyperfine --warmup 2 --runs "$RUNS" --export-json "$TMP/$1.json" "$2" >/dev/null
  mean "$TMP/$1.json"
}
ms() { python3 -c "print(f'{float(\"$1\")*1000:.1f} ms')"; }
ratio() { python3 -c "print(f'{float(\"$1\")/float(\"$2\"):.2f}x')"; }
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

export NOMAD_CLI_SHOW_HINTS=false
rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }

# 1. Start-up.
t_true=$(bench true "/bin/true")
t_ver=$(bench version "$R version")
t_help=$(bench help "$R -h")
row "start-up: \`rnomad version\`" "$(ms "$t_ver")" "\`/bin/true\` $(ms "$t_true")" "+$(python3 -c "print(f'{($t_ver-$t_true)*1000:.1f} ms')")"
row "start-up: \`rnomad -h\`" "$(ms "$t_help")" "\`/bin/true\` $(ms "$t_true")" "+$(python3 -c "print(f'{($t_help-$t_true)*1000:.1f} ms')")"

# 2. Large lists: 10,000 jobs, 1,000 nodes, 50,000 allocations.
JOBS=10000; NODES=1000
[ "$QUICK" = "--quick" ] && JOBS=2000 && NODES=200
start_sim big --jobs $JOBS --nodes $NODES --allocs-per-job 5 --seed 1
export NOMAD_ADDR=$URL_big
t_curl_jobs=$(bench curl_jobs "curl -s -o /dev/null $URL_big/v1/jobs")
t_jobs=$(bench jobs "$R job status")
size_jobs=$(curl -s "$URL_big/v1/jobs" | wc -c)
mem_jobs=$(peak_kb "$R" job status)
row "\`job status\` ($JOBS jobs)" "$(ms "$t_jobs")" "curl of the body $(ms "$t_curl_jobs")" "$(ratio "$t_jobs" "$t_curl_jobs")"
# Paired: curl and rnomad run in turn, 11 times each, and the median of the per-pair ratios
# counts (a shared machine's slow moments then hit both sides of a pair alike).
paired=$(python3 - "$URL_big" "$R" <<'PY'
import os, statistics, subprocess, sys, time
url, r = sys.argv[1], sys.argv[2]
cmds = [["curl", "-s", "-o", "/dev/null", url + "/v1/jobs"], [r, "job", "status"]]
ratios = []
for i in range(12):
    t = []
    for c in cmds:
        s = time.perf_counter(); subprocess.run(c, stdout=subprocess.DEVNULL, check=True); t.append(time.perf_counter() - s)
    if i:
        ratios.append(t[1] / t[0])
print(f"{statistics.median(ratios):.2f}x")
PY
)
row "\`job status\` ($JOBS jobs), paired with curl" "median of 11 pairs" "curl of the body" "$paired"
row "\`job status\` peak memory" "$((mem_jobs / 1024)) MiB" "body $((size_jobs / 1048576)) MiB" "$(ratio "$mem_jobs" "$((size_jobs / 1024))")"
# 50,000 allocations: the table (which asks for no task states) against curl of the body it
# asks for and of the whole list; -json (task states and all) against curl of its body.
t_curl_allocs=$(bench curl_allocs "curl -s -o /dev/null '$URL_big/v1/allocations?reverse=true'")
t_curl_allocs_lean=$(bench curl_allocs_lean "curl -s -o /dev/null '$URL_big/v1/allocations?reverse=true&task_states=false'")
t_allocs=$(bench allocs "$R alloc list")
t_allocs_json=$(bench allocs_json "$R alloc list -json")
mem_allocs=$(peak_kb "$R" alloc list)
mem_allocs_json=$(peak_kb "$R" alloc list -json)
n_allocs=$((JOBS * 5))
row "\`alloc list\` ($n_allocs allocations)" "$(ms "$t_allocs")" "curl of its body (no task states) $(ms "$t_curl_allocs_lean"); of the whole list $(ms "$t_curl_allocs")" "$(ratio "$t_allocs" "$t_curl_allocs_lean") / $(ratio "$t_allocs" "$t_curl_allocs")"
row "\`alloc list\` peak memory" "$((mem_allocs / 1024)) MiB" "" ""
row "\`alloc list -json\` ($n_allocs allocations)" "$(ms "$t_allocs_json")" "curl of the body $(ms "$t_curl_allocs")" "$(ratio "$t_allocs_json" "$t_curl_allocs")"
row "\`alloc list -json\` peak memory" "$((mem_allocs_json / 1024)) MiB" "" ""
# `job status -json` over every job: 1 + 4 x JOBS requests, a window of 8 jobs (32 requests)
# in flight, each document written as its turn comes; timed once (it is long), with peak memory.
n_json_reqs=$((1 + 4 * JOBS))
t0=$(date +%s.%N); mem_json_all=$(peak_kb "$R" job status -json); t1=$(date +%s.%N)
t_json_all=$(python3 -c "print($t1 - $t0)")
row "\`job status -json\` ($JOBS jobs, $n_json_reqs requests)" "$(ms "$t_json_all"), peak $((mem_json_all / 1024)) MiB" "" ""
t_curl_nodes=$(bench curl_nodes "curl -s -o /dev/null $URL_big/v1/nodes")
t_nodes=$(bench nodes "$R node status")
row "\`node status\` ($NODES nodes)" "$(ms "$t_nodes")" "curl of the body $(ms "$t_curl_nodes")" "$(ratio "$t_nodes" "$t_curl_nodes")"

# 3. Round trips on a 20 ms link: `job status <id>`.
start_sim slow --jobs 20 --nodes 5 --allocs-per-job 3 --seed 1 --latency-ms 20
export NOMAD_ADDR=$URL_slow
t_single=$(bench single "$R job status web")
ALLOC=$(curl -s "$URL_slow/v1/allocations" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["ID"])')
t_alloc=$(bench alloc_full "$R alloc status $ALLOC")
row "\`alloc status <full id>\`, 20 ms per request" "$(ms "$t_alloc")" "one round trip 20 ms" "$(python3 -c "print(f'{$t_alloc/0.020:.1f} round trips')")"
row "\`job status web\`, 20 ms per request" "$(ms "$t_single")" "one round trip 20 ms" "$(python3 -c "print(f'{$t_single/0.020:.1f} round trips')")"

# 4. `job status -json` over 100 jobs at 10 ms (Nomad: 401 sequential requests, >= 4 s).
start_sim json --jobs 100 --nodes 10 --allocs-per-job 2 --seed 1 --latency-ms 10
export NOMAD_ADDR=$URL_json
t_json=$(bench json "$R job status -json")
row "\`job status -json\`, 100 jobs, 10 ms per request" "$(ms "$t_json")" "Nomad's 401 sequential requests >= 4010 ms" "$(python3 -c "print(f'{4.010/$t_json:.1f}x faster')")"

# 5. `alloc logs` on a large log: the whole stdout of one task, against curl fetching the same
# framed stream (base64 frames, as Nomad's CLI asks for them).
LOG_MB=64
[ "$QUICK" = "--quick" ] && LOG_MB=16
start_sim logs --jobs 3 --nodes 2 --seed 1
export NOMAD_ADDR=$URL_logs
read -r LOG_ALLOC LOG_TASK < <(curl -s "$URL_logs/v1/allocations" | python3 -c '
import json, sys
a = next(a for a in json.load(sys.stdin) if a["ClientStatus"] == "running")
print(a["ID"], next(iter(a["TaskStates"])))')
python3 -c '
import json, sys
line = "2026-11-22T10:00:00Z web: GET /api/v1/items 200 1.2ms user=42 trace=5f0c1a2b3c4d5e6f\n"
data = line * (int(sys.argv[1]) * 1048576 // len(line))
json.dump({"task": sys.argv[2], "type": "stdout", "data": data}, open(sys.argv[3], "w"))' \
  "$LOG_MB" "$LOG_TASK" "$TMP/log.json"
curl -sf -o /dev/null -X POST --data-binary "@$TMP/log.json" "$URL_logs/v1/sim/alloc/$LOG_ALLOC/logs" || { echo "bench: could not append the log" >&2; exit 1; }
t_curl_logs=$(bench curl_logs "curl -s -o /dev/null '$URL_logs/v1/client/fs/logs/$LOG_ALLOC?task=$LOG_TASK&type=stdout&origin=start&offset=0'")
t_logs=$(bench logs "$R alloc logs $LOG_ALLOC $LOG_TASK")
row "\`alloc logs\` ($LOG_MB MiB log)" "$(ms "$t_logs") ($(python3 -c "print(f'{$LOG_MB/$t_logs:.0f}')") MiB/s)" "curl of the framed stream $(ms "$t_curl_logs")" "$(ratio "$t_logs" "$t_curl_logs")"

if [ -n "${NOMAD_BIN:-}" ]; then
  export NOMAD_ADDR=$URL_big
  t_n=$(bench nomad_jobs "$NOMAD_BIN job status")
  row "Nomad's own \`job status\` ($JOBS jobs)" "$(ms "$t_n")" "rnomad $(ms "$t_jobs")" "$(ratio "$t_n" "$t_jobs") slower"
  export NOMAD_ADDR=$URL_json
  t_nj=$(bench nomad_json "$NOMAD_BIN job status -json")
  row "Nomad's own \`job status -json\` (100 jobs, 10 ms)" "$(ms "$t_nj")" "rnomad $(ms "$t_json")" "$(ratio "$t_nj" "$t_json") slower"
fi

echo "| measurement | rnomad | baseline | ratio |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"

# 5. Event stream throughput (DESIGN.md §5: >= 200,000 events/s rendered, >= 1,000,000 events/s
# as ndjson): a loopback server sends the events, the time until rnomad has written them counts.
cargo build --release -q --example event_bench
echo
echo "event stream throughput:"
"$T/release/examples/event_bench" "$R" "$([ "$QUICK" = "--quick" ] && echo 100000 || echo 300000)"
