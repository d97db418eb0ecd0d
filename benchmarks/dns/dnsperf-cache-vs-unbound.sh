#!/usr/bin/env bash
# Forwarding from cache: Strait's forwarder against unbound as a forwarding cache, both in front of
# the same upstream (a second unbound holding NAMES external names as local-data, TTL 3600), one
# thread each, same run. Caches are filled by one pass over the names first; then every query is a
# cache hit. Prints peak queries/s per round, rounds alternating.
# Usage: benchmarks/dns/dnsperf-cache-vs-unbound.sh [NAMES=2000] [SECONDS=10] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/../.."
names=${1:-2000}; seconds=${2:-10}; rounds=${3:-3}
command -v dnsperf >/dev/null && [ -x /usr/sbin/unbound ] || { echo "needs dnsperf and unbound" >&2; exit 1; }
./mvnw -B -q -o -pl cluster-dns -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$PWD/cluster-dns/target/bench-cp.txt" -Dmdep.includeScope=test
. .mvn/jdk25.sh
cp="$(cat cluster-dns/target/bench-cp.txt):cluster-dns/target/classes:cluster-dns/target/test-classes"
work=$(mktemp -d /tmp/strait-dnscache.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
up_port=$(free_port); cache_port=$(free_port); dead_port=$(free_port)
common="  do-ip6: no\n  do-daemonize: no\n  use-syslog: no\n  logfile: \"\"\n  username: \"\"\n  chroot: \"\"\n  directory: \"$work\"\n  num-threads: 1\n  access-control: 127.0.0.0/8 allow\n  do-not-query-localhost: no\n  module-config: \"iterator\"\n"
{ printf "server:\n  interface: 127.0.0.1@%s\n  port: %s\n  pidfile: \"%s/up.pid\"\n" "$up_port" "$up_port" "$work"; printf "$common"
  printf "  local-zone: \"example.org.\" static\n"
  for i in $(seq 0 $((names - 1))); do printf "  local-data: 'ext-%d.example.org. 3600 IN A 192.0.%d.%d'\n" "$i" $((i / 250)) $((i % 250 + 1)); done
  printf "remote-control:\n  control-enable: no\nforward-zone:\n  name: \".\"\n  forward-addr: 127.0.0.1@%s\n" "$dead_port"; } > "$work/up.conf"
{ printf "server:\n  interface: 127.0.0.1@%s\n  port: %s\n  pidfile: \"%s/cache.pid\"\n" "$cache_port" "$cache_port" "$work"; printf "$common"
  printf "remote-control:\n  control-enable: no\nforward-zone:\n  name: \".\"\n  forward-addr: 127.0.0.1@%s\n" "$up_port"; } > "$work/cache.conf"
for i in $(seq 0 $((names - 1))); do echo "ext-$i.example.org A"; done > "$work/queries.txt"
/usr/sbin/unbound -d -c "$work/up.conf" > "$work/up.out" 2>&1 & pids+=($!)
/usr/sbin/unbound -d -c "$work/cache.conf" > "$work/cache.out" 2>&1 & pids+=($!)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Dio.netty.leakDetectionLevel=disabled -cp "$cp" io.strait.dns.bench.DnsBenchServer \
  127.0.0.1 0 1 100 - "127.0.0.1:$up_port" > "$work/strait.out" 2>&1 & pids+=($!)
for _ in $(seq 100); do grep -q '^listening' "$work/strait.out" && break; sleep 0.2; done
strait_port=$(sed -n 's/^listening 127.0.0.1:\([0-9]*\)/\1/p' "$work/strait.out")
for _ in $(seq 100); do dig +tries=1 +time=1 @127.0.0.1 -p "$cache_port" ext-1.example.org >/dev/null 2>&1 && break; sleep 0.2; done
a=$(dig +short @127.0.0.1 -p "$strait_port" ext-7.example.org); b=$(dig +short @127.0.0.1 -p "$cache_port" ext-7.example.org)
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "answers differ: strait [$a] unbound [$b]" >&2; exit 1; }
fill() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -n 1 -c 1 -q 20 >/dev/null 2>&1; }
peak() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries.txt" -l "$seconds" -c 4 -q 200 2>&1 \
  | sed -n 's/.*Queries per second: *\([0-9.]*\).*/\1/p'; }
fill "$strait_port"; fill "$cache_port"; peak "$strait_port" >/dev/null; peak "$cache_port" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  echo "round $r strait-cache peak_qps=$(peak "$strait_port") unbound-cache peak_qps=$(peak "$cache_port")"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "${pids[2]}"; sleep 1; grep '^metrics' "$work/strait.out" | tr ',' '\n' | grep -E 'cache/|forwarded/' || true
