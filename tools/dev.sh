#!/usr/bin/env bash
# Set up a Debian 12 machine, build synack into build/, then run or test it.
#   bash tools/dev.sh run    build, then run the default job
#   bash tools/dev.sh test   build, then run every test (non-zero exit on any failure)
#   bash tools/dev.sh build  build only
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
case "$mode" in run|test|build) ;; *) echo "usage: bash tools/dev.sh run|test|build" >&2; exit 2 ;; esac

# Debian packages the build needs; the tests also read exports back with tshark.
packages=(g++ cmake make pkg-config libboost-dev libgtest-dev libgmock-dev libcli11-dev
          libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libpcap-dev)
if [ "$mode" = test ]; then packages+=(tshark); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "synack: installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset default >/dev/null
cmake --build build -j "$jobs"

case "$mode" in
  build) ;;
  run)
    ./build/synack run scenarios/handshake.yaml
    ;;
  test)
    ctest --test-dir build --output-on-failure -j "$jobs"
    ;;
esac
