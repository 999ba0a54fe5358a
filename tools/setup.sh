#!/usr/bin/env bash
# zbench set-up on Debian 12: install what is missing, build, then
#   tools/setup.sh demo    measure the built-in virtual woofer (the main job)
#   tools/setup.sh test    run every test, then again under ASan+UBSan (what CI
#                          runs, via .ci/run; SANITIZE=0 skips the second pass)
#   tools/setup.sh bench   run the benchmark programs
#   tools/setup.sh soak    10 minutes of live hum monitoring through JACK (not in CI)
# Re-running is cheap: apt-get only runs when a package is missing and the
# build is incremental. BUILD_DIR (default build) and JOBS (default 2) apply.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-demo}"
BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-2}"

# The demo needs the command-line tool only; the tests need everything.
packages=(build-essential cmake pkg-config
          libfftw3-dev nlohmann-json3-dev libcli11-dev libsndfile1-dev libeigen3-dev
          librtaudio-dev libjack-jackd2-dev libpulse-dev)
case "$mode" in
  demo) ;;
  *) packages+=(catch2 jackd2 pulseaudio pulseaudio-utils libimgui-dev libglfw3-dev libgl-dev libpng-dev libglib2.0-dev dbus-daemon xvfb xauth
                imagemagick desktop-file-utils appstream man-db) ;;
esac
if [ "$mode" = bench ]; then packages+=(python3-numpy python3-scipy hyperfine); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = demo ]; then
  # Only zbench: no GUI, tests or benchmarks (a later `test` turns them on again).
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DZBENCH_BUILD_GUI=OFF -DZBENCH_BUILD_TESTS=OFF \
    -DZBENCH_BUILD_BENCH=OFF >/dev/null
  cmake --build "$BUILD_DIR" -j"$JOBS" --target zbench
else
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DZBENCH_BUILD_GUI=ON -DZBENCH_BUILD_TESTS=ON \
    -DZBENCH_BUILD_BENCH=ON >/dev/null
  cmake --build "$BUILD_DIR" -j"$JOBS"
fi

case "$mode" in
  demo)
    mkdir -p demo-output
    "$BUILD_DIR/bin/zbench" impedance --out demo-output/woofer.zma --json demo-output/woofer.json \
      --save-recording demo-output/woofer.wav
    echo "setup: wrote demo-output/woofer.zma (open it in REW, VituixCAD or XSim), woofer.json and woofer.wav"
    ;;
  test)
    (cd "$BUILD_DIR" && ctest --output-on-failure -j"$JOBS")
    # The Debian package: build it, install it, use it, remove it.
    (cd "$BUILD_DIR" && rm -f zbench_*.deb && cpack -G DEB >/dev/null)
    deb="$(ls "$BUILD_DIR"/zbench_*.deb)"
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "./$deb" >/dev/null
    (
      work="$(mktemp -d)"
      trap 'rm -rf "$work"' EXIT
      /usr/bin/zbench --version
      /usr/bin/zbench impedance --out "$work/woofer.zma" --json "$work/woofer.json"
      test -s "$work/woofer.zma"
      MANPAGER=cat man zbench | grep -q "zbench-impedance(1)"
      desktop-file-validate /usr/share/applications/zbench.desktop
      appstreamcli validate --no-net --pedantic /usr/share/metainfo/io.github.zbench.zbench.metainfo.xml
    ) || { $SUDO apt-get remove -y -qq zbench >/dev/null; echo "setup: the installed package failed its check" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq zbench >/dev/null
    if test -e /usr/bin/zbench; then echo "setup: removing the package left /usr/bin/zbench" >&2; exit 1; fi
    echo "setup: $deb installed, ran the demo and its man page, and was removed"
    if [ "${SANITIZE:-1}" != 0 ]; then
      # The same suite built with AddressSanitizer and UndefinedBehaviorSanitizer
      # (docs/testing.md "Sanitizers"): any report fails the test that triggered it.
      asan_dir="${ASAN_BUILD_DIR:-build-asan}"
      cmake -S . -B "$asan_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZBENCH_SANITIZE=ON \
        -DZBENCH_BUILD_GUI=OFF -DZBENCH_BUILD_BENCH=OFF >/dev/null
      cmake --build "$asan_dir" -j"$JOBS" --target zbench_tests
      # LeakSanitizer too (tools/lsan.supp lists the deliberate and third-party
      # leaks), where the machine lets it stop the process to scan it: it
      # needs ptrace, which some containers forbid.
      leaks=1
      if ASAN_OPTIONS=detect_leaks=1 "$asan_dir/bin/zbench" --version 2>&1 | grep -q "LeakSanitizer has encountered a fatal error"; then
        echo "setup: LeakSanitizer cannot run here (no ptrace); leak detection is off for this pass"
        leaks=0
      fi
      supp="$(pwd)/tools/lsan.supp"
      start=$(date +%s)
      (cd "$asan_dir" && ASAN_OPTIONS=detect_leaks=$leaks:abort_on_error=0:strict_string_checks=1 \
        LSAN_OPTIONS="suppressions=$supp:print_suppressions=0" \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$JOBS" -LE "slow|install")
      echo "setup: sanitizer test pass took $(( $(date +%s) - start )) s"
    fi
    ;;
  bench)
    for b in bench_impedance bench_ts bench_hum; do "$BUILD_DIR/bin/$b"; done
    ;;
  soak)
    "$BUILD_DIR/bin/bench_soak" --seconds "${SOAK_SECONDS:-600}"
    ;;
  *)
    echo "usage: tools/setup.sh [demo|test|bench|soak]" >&2
    exit 2
    ;;
esac
