#!/usr/bin/env bash
# Runs the libFuzzer targets one after another (docs/testing.md "Fuzzing").
#   tests/fuzz/run_fuzzers.sh [SECONDS_PER_TARGET] [TARGET...]
# Default: 600 s each, every target. BUILD_DIR (default build-fuzz) must have
# been configured with -DZBENCH_FUZZ=ON and clang. Each target's growing
# corpus, crash artifacts and log go to $BUILD_DIR/fuzz-work/<target>/; the
# committed seeds (tests/fuzz/corpus/<target>/) and ../shared/reference-data
# are read, never written. Prints libFuzzer's final stats per target.
# -timeout=30: libFuzzer's hang detector is a wall-clock alarm, and a nice-19
# process on a loaded 2-core machine can be starved for over 10 s (a 23-byte
# ZMA input "timed out" after 11 s that way, stuck in ASan's allocator
# returning memory to the kernel (madvise); alone it runs in milliseconds).
# ASan therefore keeps freed memory (allocator_release_to_os_interval_ms=-1).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR="${BUILD_DIR:-build-fuzz}"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(zma scenario profile wav hum_compare)
ref="${ZBENCH_REFERENCE_DATA:-../shared/reference-data}"

for t in "${targets[@]}"; do
  bin="$BUILD_DIR/bin/fuzz_$t"
  [ -x "$bin" ] || { echo "run_fuzzers: $bin is not built (cmake --build $BUILD_DIR --target fuzz_$t)" >&2; exit 2; }
  work="$BUILD_DIR/fuzz-work/$t"
  mkdir -p "$work/corpus" "$work/artifacts"
  seeds=("tests/fuzz/corpus/$t")
  opts=(-max_len=16384)
  case "$t" in
    zma) for d in jcandy_speakertools jonronen_speaker-measurements yankz12_audiolib-elac; do
           [ -d "$ref/$d" ] && seeds+=("$ref/$d"); done ;;
    wav) opts=(-max_len=65536)
         for d in cjxyyzs_ENF-SAH-Dataset ghua-ac_ENF-WHU-Dataset; do [ -d "$ref/$d" ] && seeds+=("$ref/$d"); done ;;
    *) opts+=(-dict=tests/fuzz/json.dict) ;;
  esac
  echo "run_fuzzers: $t for $seconds s (log $work/log)"
  start=$(date +%s)
  set +e
  ASAN_OPTIONS="${ASAN_OPTIONS:-allocator_release_to_os_interval_ms=-1}" nice -n 19 "$bin" "$work/corpus" "${seeds[@]}" "${opts[@]}" -max_total_time="$seconds" -timeout=30 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/log" 2>&1
  rc=$?
  set -e
  echo "run_fuzzers: $t exit $rc after $(( $(date +%s) - start )) s, artifacts: $(ls "$work/artifacts" | wc -l)"
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)" "$work/log" || tail -30 "$work/log"
  [ "$rc" -eq 0 ] || exit "$rc"
done
