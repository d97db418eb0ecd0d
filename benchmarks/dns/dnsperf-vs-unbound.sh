#!/usr/bin/env bash
# Strait's cluster DNS against unbound serving the same records from local-data, same machine,
# same run, one server thread each, dnsperf on loopback. Prints peak queries/s, then p50/p99 at
# half of each server's own peak (dnsperf -Q), per round; rounds alternate Strait and unbound.
# Usage: benchmarks/dns/dnsperf-vs-unbound.sh [SERVICES=10000] [SECONDS=15] [ROUNDS=2]
set -euo pipefail
cd "$(dirname "$0")/../.."
services=${1:-10000}; seconds=${2:-15}; rounds=${3:-2}
command -v dnsperf >/dev/null && [ -x /usr/sbin/unbound ] || { echo "needs dnsperf and unbound (apt-get install -y dnsperf unbound)" >&2; exit 1; }
./mvnw -B -q -o -pl cluster-dns -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/cluster-dns/target/bench-cp.txt" -Dmdep.includeScope=test
. .mvn/jdk25.sh
cp="$(cat cluster-dns/target/bench-cp.txt):cluster-dns/target/classes:cluster-dns/target/test-classes"
work=$(mktemp -d /tmp/strait-dnsperf.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Dio.netty.leakDetectionLevel=disabled -cp "$cp" io.strait.dns.bench.DnsBenchServer \
  127.0.0.1 0 1 "$services" "$work" > "$work/strait.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^listening' "$work/strait.out" && break; sleep 0.2; done
strait_port=$(sed -n 's/^listening 127.0.0.1:\([0-9]*\)/\1/p' "$work/strait.out")
unbound_port=$(sed -n 's/^unbound-port \([0-9]*\)/\1/p' "$work/strait.out")
grep '^zone-heap-bytes' "$work/strait.out"
/usr/sbin/unbound -d -c "$work/unbound.conf" > "$work/unbound.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do dig +tries=1 +time=1 @127.0.0.1 -p "$unbound_port" dns-version.cluster.local TXT >/dev/null 2>&1 && break; sleep 0.2; done
# same answers before measuring
for name in svc-7.ns-7.svc.cluster.local hl-3.ns-3.svc.cluster.local; do
  a=$(dig +short @127.0.0.1 -p "$strait_port" "$name" | sort); b=$(dig +short @127.0.0.1 -p "$unbound_port" "$name" | sort)
  [ "$a" = "$b" ] || { echo "answers differ for $name: strait [$a] unbound [$b]" >&2; exit 1; }
done
peak() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -l "$seconds" -c 4 -q 200 2>&1 \
  | sed -n 's/.*Queries per second: *\([0-9.]*\).*/\1/p'; }
latency() { # p50 p99 in microseconds at a fixed rate
  dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -l "$seconds" -c 4 -q 200 -Q "$2" -v 2>/dev/null \
    | awk '/^> /{print $NF}' | sort -n | awk '{a[NR]=$1} END{printf "%.0f %.0f", a[int(NR*0.5)]*1e6, a[int(NR*0.99)]*1e6}'; }
echo "warm-up (not counted)"; peak "$strait_port" >/dev/null; peak "$unbound_port" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for who in strait unbound; do
    port=$strait_port; [ "$who" = unbound ] && port=$unbound_port
    q=$(peak "$port"); half=$(awk -v q="$q" 'BEGIN{printf "%d", q/2}')
    read -r p50 p99 <<< "$(latency "$port" "$half")"
    echo "round $r $who peak_qps=$q at_half_qps=$half p50_us=$p50 p99_us=$p99"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
