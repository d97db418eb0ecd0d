#!/bin/sh
# Soak test of a standalone Strait on loopback (see benchmarks/README.md, "Soak"): mixed TCP/UDP
# load, endpoint churn, folder edits, bad files and FD pressure for --duration seconds (default
# 1800). Writes samples.csv, summary.json and strait.log into --out (default
# benchmarks/results/soak-DATE); exits 0 when nothing was lost and memory stayed flat.
#   usage: benchmarks/soak.sh [--duration 1800] [--strait-flags '--transport epoll'] [...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/.mvn/jdk25.sh"
export JAVA_HOME
exec python3 "$here/benchmarks/soak/soak.py" "$@"
