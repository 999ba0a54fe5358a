#!/usr/bin/env bash
# Regenerates the zbench-gui screenshots of README.md and docs/user-guide.md (docs/zbench-gui/*.png) on
# the virtual rig, under an Xvfb of its own: tools/gui_screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
gui="${1:-build}/bin/zbench-gui"
out=docs/zbench-gui
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
rig=(--sim-scenario "$out/demo-rig.json" --output amplifier --r-ref 10)
DISPLAY="$display" "$gui" "${rig[@]}" --run impedance --screenshot "$out/impedance.png"
DISPLAY="$display" "$gui" "${rig[@]}" --run hum --screenshot "$out/hum.png"
DISPLAY="$display" "$gui" "${rig[@]}" --sim-realtime --run hum --screenshot-after 3 --screenshot "$out/hum-live.png"
profiles="$(mktemp -d)"
DISPLAY="$display" "$gui" --run calibrate --wizard-step channel-match --profile bench --profiles-dir "$profiles" \
  --r-ref 10 --screenshot "$out/calibration.png"
rm -rf "$profiles"
echo "wrote $out/impedance.png, hum.png, hum-live.png, calibration.png"
