#!/usr/bin/env bash
# Runs the same workloads in ns-3 (ns3_bench) and in synack (`synack bench`),
# alternating the two, prints each run's line, and ends with a table of the
# median whole-process wall times side by side and their ratio.
#
#   bash bench/ns3/compare.sh
#
# Environment (all optional):
#   SYNACK     synack binary            (default: <repo>/build/synack)
#   BUILD_DIR  where ns3_bench is built (default: /tmp/ns3-bench-build)
#   WORKLOADS  CLIENTSxBYTES items      (default: "100x1000 1000x1000 10x1000000 10000x1000")
#   RUNS       runs per tool and workload (default: 5)
#   BIG_RUNS   runs of each tool on workloads of more than 2000 clients, which
#              take minutes each (default: 1)
#   NS3_LINK   ns-3 link model, simple or csma (default: simple; see README.md)
#   NS3_MEM_GB address space an ns-3 run may use, in GiB (default: 16); on a
#              flat LAN of 10 000 clients ns-3 holds every flooded ARP copy as
#              an event and needs more than 21 GiB
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
SYNACK="${SYNACK:-$repo/build/synack}"
BUILD_DIR="${BUILD_DIR:-/tmp/ns3-bench-build}"
WORKLOADS="${WORKLOADS:-100x1000 1000x1000 10x1000000 10000x1000}"
RUNS="${RUNS:-5}"
BIG_RUNS="${BIG_RUNS:-1}"
NS3_MEM_GB="${NS3_MEM_GB:-16}"
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

# whole-process wall time of a command, in seconds; its output line in $line
timed() {
  local start=$EPOCHREALTIME
  status=0
  line=$("$@") || status=$?
  wall=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
}

table=()
for w in $WORKLOADS; do
  n=${w%x*} bytes=${w#*x}
  runs=$RUNS ns3_runs=$RUNS
  if ((n > 2000)); then runs=$BIG_RUNS ns3_runs=$BIG_RUNS; fi
  echo "== clients=$n bytes=$bytes: ns-3 $ns3_runs runs, synack $runs runs"
  ns3_walls=() synack_walls=() ns3_failed=""
  for ((i = 0; i < runs; i++)); do
    if ((i < ns3_runs)); then
      timed bash -c 'ulimit -v $1; exec "${@:2}"' limit $((NS3_MEM_GB * 1024 * 1024)) \
        "$ns3_bench" --clients="$n" --bytes="$bytes" --link="$NS3_LINK" 2>/dev/null
      if [[ -z $line ]]; then
        echo "ns3 clients=$n bytes=$bytes: no result (exit status $status after $wall s; out of its $NS3_MEM_GB GiB?)"
        ns3_failed="no result after $wall s (${NS3_MEM_GB} GiB were not enough)"
      else
        echo "$line process_wall_s=$wall"
        ((status == 0)) || echo "WARNING: ns-3 run incomplete: received $(field received "$line") of $((n * bytes)) bytes"
        ns3_walls+=("$wall")
      fi
    fi
    if ((have_synack)); then
      timed "$SYNACK" bench --clients "$n" --bytes "$bytes"
      echo "$line process_wall_s=$wall"
      ((status == 0)) || echo "WARNING: synack bench exited with status $status"
      synack_walls+=("$wall")
    fi
  done
  if ((${#ns3_walls[@]} == 0)); then
    synack_med=$( ((${#synack_walls[@]})) && median "${synack_walls[@]}" || echo n/a)
    table+=("| $n × $bytes B | $ns3_failed | $synack_med s ($runs) | n/a |")
    continue
  fi
  ns3_med=$(median "${ns3_walls[@]}")
  if ((${#synack_walls[@]})); then
    synack_med=$(median "${synack_walls[@]}")
    table+=("$(awk -v n="$n" -v b="$bytes" -v a="$ns3_med" -v s="$synack_med" -v r="$ns3_runs" -v k="$runs" 'BEGIN {
      printf "| %d × %d B | %.3f s (%d) | %.3f s (%d) | %.1f× |", n, b, a, r, s, k, (s > 0) ? a / s : 0 }')")
  else
    table+=("| $n × $bytes B | $ns3_med s | n/a | n/a |")
  fi
done

echo
echo "median whole-process wall time (runs), on $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"):"
echo "| workload | ns-3 3.37 | synack | ns-3 / synack |"
echo "|---|---|---|---|"
printf '%s\n' "${table[@]}"
