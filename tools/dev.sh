#!/usr/bin/env bash
# Set up a Debian 12 machine, build synack into build/, then run or test it.
#   bash tools/dev.sh run    build, then open the default scenario in synack-gui
#                            (headless in the terminal when there is no display)
#   bash tools/dev.sh test   build, then run every test (non-zero exit on any failure)
#   bash tools/dev.sh build  build only
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
case "$mode" in run|test|build) ;; *) echo "usage: bash tools/dev.sh run|test|build" >&2; exit 2 ;; esac

# Debian packages the build needs (the desktop app: ImGui, GLFW, OpenGL, stb,
# a UI font and a Chinese one; gettext compiles the message catalogue; expat
# reads the SVG export back in its tests; live mode runs ip
# and sysctl); the tests also read exports back with tshark and run the app
# under Xvfb.
packages=(g++ cmake make pkg-config libboost-dev libgtest-dev libgmock-dev libcli11-dev
          libfmt-dev nlohmann-json3-dev libyaml-cpp-dev libpcap-dev libsimdjson-dev
          libimgui-dev libglfw3-dev libstb-dev fonts-dejavu-core fonts-wqy-microhei libexpat1-dev
          gettext iproute2 procps)
if [ "$mode" = test ]; then packages+=(tshark xvfb xauth libgl1-mesa-dri); fi
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
    default=scenarios/handshake.yaml
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "synack: no display (DISPLAY and WAYLAND_DISPLAY are unset); running $default headless"
      ./build/synack run "$default"
    else
      status=0
      ./build/synack-gui "$default" || status=$?
      if [ "$status" -eq 3 ]; then  # synack-gui said in one line why there is no window
        ./build/synack run "$default"
      elif [ "$status" -ne 0 ]; then
        exit "$status"
      fi
    fi
    ;;
  test)
    ctest --test-dir build --output-on-failure -j "$jobs"
    # The same tests again built with AddressSanitizer and UBSan, stopping at
    # the first report. The app's window tests stay out: the system's OpenGL
    # driver is not built for the sanitizers and reports leaks of its own.
    cmake --preset debug >/dev/null
    cmake --build build-debug -j "$jobs"
    ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 \
      UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ctest --test-dir build-debug --output-on-failure -j "$jobs" -E '^GuiSmoke'
    ;;
esac
