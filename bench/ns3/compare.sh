#!/usr/bin/env bash
# Runs the same workload in ns-3 (ns3_bench) and in synack (`synack bench`)
# and prints each run's line and the ratio of the median wall times.
#
#   bash bench/ns3/compare.sh
#
# Environment (all optional):
#   SYNACK     synack binary            (default: <repo>/build/synack)
#   BUILD_DIR  where ns3_bench is built (default: /tmp/ns3-bench-build)
#   CLIENTS    client counts            (default: "100 1000")
#   BYTES      bytes per client         (default: 1000)
#   RUNS       runs per tool and count  (default: 3)
#   NS3_LINK   ns-3 link model, simple or csma (default: simple; see README.md)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
SYNACK="${SYNACK:-$repo/build/synack}"
BUILD_DIR="${BUILD_DIR:-/tmp/ns3-bench-build}"
CLIENTS="${CLIENTS:-100 1000}"
BYTES="${BYTES:-1000}"
RUNS="${RUNS:-3}"
NS3_LINK="${NS3_LINK:-simple}"

# ---- build ns3_bench ----------------------------------------------------------
missing=()
dpkg -s libns3-dev >/dev/null 2>&1 || missing+=(libns3-dev)
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
command -v pkg-config >/dev/null || missing+=(pkg-config)
if ((${#missing[@]})); then
  echo "installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cmake -S "$here" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" >/dev/null
ns3_bench="$BUILD_DIR/ns3_bench"

# ---- is there a synack with a bench command? ----------------------------------
have_synack=1
if [[ ! -x "$SYNACK" ]]; then
  echo "NOTE: no synack binary at $SYNACK (build it, or set SYNACK=); running the ns-3 side only"
  have_synack=0
elif ! "$SYNACK" bench --help >/dev/null 2>&1; then
  echo "NOTE: $SYNACK has no 'bench' command yet; running the ns-3 side only"
  have_synack=0
fi

# field NAME LINE: the value of NAME=... in LINE
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<" $2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

for n in $CLIENTS; do
  echo "== clients=$n bytes=$BYTES, $RUNS runs each"
  ns3_walls=() synack_walls=()
  for ((i = 0; i < RUNS; i++)); do
    status=0
    line=$("$ns3_bench" --clients="$n" --bytes="$BYTES" --link="$NS3_LINK") || status=$?
    echo "$line"
    ((status == 0)) || echo "WARNING: ns-3 run incomplete: received $(field received "$line") of $((n * BYTES)) bytes"
    ns3_walls+=("$(field wall_s "$line")")
  done
  if ((have_synack)); then
    for ((i = 0; i < RUNS; i++)); do
      status=0
      line=$("$SYNACK" bench --clients "$n" --bytes "$BYTES") || status=$?
      echo "$line"
      ((status == 0)) || echo "WARNING: synack bench exited with status $status"
      wall=$(field wall_s "$line")
      [[ -n $wall ]] && synack_walls+=("$wall")
    done
  fi
  ns3_med=$(median "${ns3_walls[@]}")
  if ((${#synack_walls[@]})); then
    synack_med=$(median "${synack_walls[@]}")
    awk -v a="$ns3_med" -v b="$synack_med" 'BEGIN {
      printf "median wall_s: ns3=%s synack=%s  ns3/synack=%s\n", a, b, (b > 0) ? sprintf("%.2f", a / b) : "n/a" }'
  else
    echo "median wall_s: ns3=$ns3_med synack=n/a"
  fi
done
