#!/bin/bash
# Live Java heap per idle proxied TCP connection, from two class histograms (each forces a full
# GC, so only reachable objects count): one with the proxy idle, one holding N connections.
# Complements the shared harness's `mem` workload, whose PSS delta cannot see Java objects when
# the heap is pre-touched and counts uncollected garbage when it is not.
#   usage: benchmarks/heap-per-connection.sh [N]      (default 9000; needs ../shared/bench compiled
#          into $BENCH_LAB/classes, e.g. by one `./run.sh --workloads mem` with BENCH_LAB set)
# Env: BENCH_LAB (default /tmp/benchlab-mem), STRAIT_BENCH_FLAGS (e.g. '--transport epoll').
# Prints the per-class growth per connection and the total. Loopback only, fixed ports 28400/28500.
set -eu
N=${1:-9000}
LAB=${BENCH_LAB:-/tmp/benchlab-mem}
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/.mvn/jdk25.sh"
[ -d "$LAB/classes" ] || { echo "no $LAB/classes: run the shared harness once with BENCH_LAB=$LAB" >&2; exit 1; }
work=$(mktemp -d /tmp/strait-heap.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ulimit -n 20000 2>/dev/null || true
java -XX:+UseSerialGC -Xms128m -cp "$LAB/classes" BenchTools tcp-sink --port 28400 > "$work/sink.log" 2>&1 &
pids+=($!)
STRAIT_BENCH_JAVA_OPTS="-Xms16m -Xmx256m -XX:+UseSerialGC" \
  "$here/benchmarks/strait-target.sh" tcp 127.0.0.1 28500 28400 "$work" > "$work/strait.log" 2>&1 &
strait=$!
pids+=($strait)
for _ in $(seq 60); do grep -q ':6F54 ' /proc/net/tcp 2>/dev/null && break; sleep 0.5; done  # 28500 = 0x6F54
"$JAVA_HOME/bin/jcmd" "$strait" GC.class_histogram > "$work/h0.txt"
mkfifo "$work/hold.in"
java -XX:+UseSerialGC -cp "$LAB/classes" BenchTools tcp-hold --port 28500 --count "$N" --inflight 256 \
  --hold 300 --connect-timeout 60 < "$work/hold.in" > "$work/hold.log" 2>&1 &
pids+=($!)
exec 9> "$work/hold.in"   # tcp-hold closes its connections when its stdin reaches EOF
for _ in $(seq 120); do grep -q READY "$work/hold.log" && break; sleep 0.5; done
sleep 3
"$JAVA_HOME/bin/jcmd" "$strait" GC.class_histogram > "$work/h1.txt"
echo "tcp-hold: $(cat "$work/hold.log")"
exec 9>&-
python3 - "$work/h0.txt" "$work/h1.txt" "$N" <<'PY'
import re, sys
def load(f):
    d = {}
    for line in open(f):
        m = re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)', line)
        if m: d[m.group(3)] = int(m.group(2))
    return d
a, b, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
rows = sorted(((b[k] - a.get(k, 0)) / n, k) for k in b)
for per, k in reversed(rows[-25:]): print(f"{per:8.1f} B  {k}")
print(f"live heap per connection: {sum(p for p, _ in rows):.0f} B over {n} connections")
PY
