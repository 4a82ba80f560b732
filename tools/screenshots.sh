#!/usr/bin/env bash
# Renders the pictures in docs/images/ from the scenarios, under Xvfb when
# there is no display: bash tools/screenshots.sh [OUT_DIR]
# Each line below is a scenario and the step (events applied) it is shown at.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/images}
mkdir -p "$out"
shots=(
  "handshake 38"
  "close 70"
  "simultaneous_close 104"
  "syn_flood 150"
  "retransmission 112"
  "arp_via_gateway 60"
)
run=()
if [ -z "${DISPLAY:-}" ]; then run=(xvfb-run -a -s "-screen 0 1280x800x24"); fi
for shot in "${shots[@]}"; do
  read -r name step <<<"$shot"
  "${run[@]}" build/synack-gui "scenarios/$name.yaml" --step "$step" --size 1280x800 \
    --screenshot "$out/$name.png"
  echo "$out/$name.png"
done
# A Chinese lesson in the Chinese interface, the quiz on, stopped at its first question.
LANG=zh_CN.UTF-8 "${run[@]}" build/synack-gui scenarios/zh/handshake.yaml --quiz --step 12 \
  --size 1280x800 --screenshot "$out/lesson_zh.png"
echo "$out/lesson_zh.png"
# The retransmission scenario run on Linux beside its simulation: it needs
# root (network namespaces), so without it this one is left as it was.
if [ "$(id -u)" = 0 ]; then
  "${run[@]}" build/synack-gui scenarios/retransmission.yaml --live --step 45 --size 1280x800 \
    --screenshot "$out/live_beside.png"
  echo "$out/live_beside.png"
else
  echo "$out/live_beside.png: not rendered (a live run needs root)"
fi
