#!/usr/bin/env bash
# Regenerates the zbench-gui screenshots of README.md and docs/user-guide.md (docs/zbench-gui/*.png) on
# the virtual rig, under an Xvfb of its own: tools/gui_screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
gui="$(realpath "${1:-build}/bin/zbench-gui")"
cli="${1:-build}/bin/zbench"
out=docs/zbench-gui
display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
# The files opened here are not the user's recent files.
config="$(mktemp -d)"
export XDG_CONFIG_HOME="$config"
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$config"' EXIT
sleep 1
rig=(--sim-scenario "$out/demo-rig.json" --output amplifier --r-ref 10)
DISPLAY="$display" "$gui" "${rig[@]}" --residual --run impedance --screenshot "$out/impedance.png"
DISPLAY="$display" "$gui" "${rig[@]}" --run hum --screenshot "$out/hum.png"
DISPLAY="$display" "$gui" "${rig[@]}" --sim-realtime --run hum --screenshot-after 3 --screenshot "$out/hum-live.png"
DISPLAY="$display" "$gui" "${rig[@]}" --run advise --screenshot "$out/advise.png"
# A safety refusal: an open DUT (no current through it) refused by the probe, with its dialog.
scratch="$(mktemp -d)"
echo '{"dut": {"model": "open"}}' > "$scratch/open-dut.json"
(cd "$scratch" && DISPLAY="$display" "$gui" --sim-scenario open-dut.json --run impedance \
  --screenshot "$OLDPWD/$out/refusal.png" 2>/dev/null) || true
rm -rf "$scratch"
# Two hum reports, before and after a change that took 14 dB off every harmonic, compared.
reports="$(mktemp -d)"
for level in -70 -84; do
  echo "{\"seed\": 5, \"hum\": {\"mains_hz\": 50.0, \"harmonics\": [{\"n\": 1, \"dbfs\": $level},
        {\"n\": 3, \"dbfs\": $((level - 8))}, {\"n\": 5, \"dbfs\": $((level - 15))}]}}" > "$reports/rig$level.json"
done
"$cli" hum --seconds 5 -q --sim-scenario "$reports/rig-70.json" --spectrum --json "$reports/before.json"
"$cli" hum --seconds 5 -q --sim-scenario "$reports/rig-84.json" --spectrum --json "$reports/after ground lift.json"
DISPLAY="$display" "$gui" "$reports/before.json" "$reports/after ground lift.json" --tab hum --screenshot "$out/hum-compare.png"
rm -rf "$reports"
# The SEAS L16RNX in free air and with 8 g and 16 g added (shared/reference-data/SOURCES.md), dual-mass T/S.
l16="${ZBENCH_REFERENCE_DATA:-../shared/reference-data}/jcandy_speakertools"
if [ -f "$l16/L16RNX_0g_242_27mV.zma" ]; then
  DISPLAY="$display" "$gui" "$l16/L16RNX_0g_242_27mV.zma" "$l16/L16RNX_8_017g_242_27mV.zma" "$l16/L16RNX_16_048g_242_27mV.zma" \
    --ts-mass L16RNX_8_017g_242_27mV=8.017 --ts-mass L16RNX_16_048g_242_27mV=16.048 --residual --run ts \
    --screenshot "$out/ts-dual-mass.png" >/dev/null
else
  echo "no reference data in $l16: ts-dual-mass.png kept as it is" >&2
fi
profiles="$(mktemp -d)"
DISPLAY="$display" "$gui" --run calibrate --wizard-step channel-match --profile bench --profiles-dir "$profiles" \
  --r-ref 10 --screenshot "$out/calibration.png"
# The profile that step saved, in the Profiles tab; the Generator tab.
DISPLAY="$display" "$gui" --profiles-dir "$profiles" --tab profiles --screenshot "$out/profiles.png"
rm -rf "$profiles"
DISPLAY="$display" "$gui" "${rig[@]}" --tab generator --screenshot "$out/generator.png"
echo "wrote $out/impedance.png, hum.png, hum-live.png, hum-compare.png, advise.png, ts-dual-mass.png, refusal.png, calibration.png, profiles.png, generator.png"
