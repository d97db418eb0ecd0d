#!/bin/sh
# Runs Strait as a target of the shared L4 benchmark harness (../shared/bench): a plain
# `strait standalone` on a manifest folder written into the harness's work dir, one Service
# whose ClusterIP is HOST:PORT and whose one endpoint is HOST:BACKEND.
#   usage: strait-target.sh tcp|udp HOST PORT BACKEND WORKDIR
# Used as  OURS_CMD='exec benchmarks/strait-target.sh tcp {host} {port} {backend} {workdir}'.
# JVM defaults (override with STRAIT_BENCH_JAVA_OPTS): a fixed, pre-touched 256 MB heap with the
# Serial collector. A JFR profile of a 5 s http_ka run showed 3 young collections and no GC in the
# top frames, so the collector is not what limits throughput here; Serial adds no GC threads on a
# 2-core machine and pre-touching keeps heap growth out of the mem workload's per-connection figure.
# Parallel, G1 and ZGC were not A/B measured (see RESULTS.md). Transport: auto = io_uring, which
# beat epoll on http_close (16.2k vs 10.9k req/s) and bulk1 in single smoke runs.
# Extra strait flags: STRAIT_BENCH_FLAGS (e.g. '--transport epoll').
set -eu
proto=$1 host=$2 port=$3 backend=$4 workdir=$5
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/.mvn/jdk25.sh"
jar="$here/daemon/target/strait.jar"
[ -f "$jar" ] || { echo "strait-target: build first: ./mvnw -pl daemon -am package -DskipTests" >&2; exit 1; }
P=$(echo "$proto" | tr a-z A-Z)
dir="$workdir/manifests-$proto-$port"
mkdir -p "$dir"
cat > "$dir/bench.yaml" <<YAML
apiVersion: v1
kind: Service
metadata: {name: bench-$proto-$port, namespace: bench}
spec:
  clusterIP: $host
  ports: [{name: p, protocol: $P, port: $port}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: bench-$proto-$port-1
  namespace: bench
  labels: {kubernetes.io/service-name: bench-$proto-$port}
addressType: IPv4
ports: [{name: p, protocol: $P, port: $backend}]
endpoints: [{addresses: ["$host"]}]
YAML
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  ${STRAIT_BENCH_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC -XX:+AlwaysPreTouch} \
  -jar "$jar" standalone --manifests "$dir" --node-name bench \
  --healthz-bind-address 127.0.0.1:0 --metrics-bind-address 127.0.0.1:0 --nodeport-addresses 127.0.0.1/32 \
  ${STRAIT_BENCH_FLAGS-}
