#!/usr/bin/env bash
# The documented long run of one fuzz target (docs/FUZZING.md): RUNS
# executions (default 10^7) on one core, growing fuzz/corpus/TARGET from
# the committed seeds, crashes written to fuzz/artifacts/TARGET/. Prints
# libFuzzer's final statistics and the wall-clock time.
#   fuzz/run-long.sh TARGET [RUNS] [BINARY]
# BINARY defaults to the one `cargo +nightly fuzz build -s none` built.
# MAX_SECONDS (environment) stops the run after that long, if it has not
# reached RUNS by then.
set -euo pipefail
cd "$(dirname "$0")"
target="$1"
runs="${2:-10000000}"
binary="${3:-target/x86_64-unknown-linux-gnu/release/$target}"
mkdir -p "corpus/$target" "artifacts/$target"
start=$(date +%s)
status=0
"$binary" "corpus/$target" "seeds/$target" -runs="$runs" -max_total_time="${MAX_SECONDS:-0}" -max_len=4096 \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" 2>&1 | grep -v '^#[0-9]' || status=$?
echo "target=$target wall_seconds=$(( $(date +%s) - start ))"
exit "$status"
