#!/usr/bin/env bash
# Peak memory for one huge JSONL record (issue #19): generates a labeled-
# document record of BLOCKS blocks (default 1e6, about 75 MB), runs
# `gleaner clean` and `gleaner classify` on it with --input jsonl under
# /usr/bin/time -v, and reports each peak RSS as a ratio to the record's
# size, against the target: peak <= 4 x record + 60 MB.
#   scripts/memory-bench.sh [BLOCKS]
# Builds the release binary first. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
blocks="${1:-1000000}"
cargo build --release --quiet
work=$(mktemp -d "${TMPDIR:-/tmp}/gleaner-memory-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
record="$work/record.jsonl"
awk -v n="$blocks" 'BEGIN {
    printf "{\"id\":\"big\",\"blocks\":["
    for (i = 0; i < n; i++) {
        if (i) printf ","
        printf "{\"text\":\"Paragraph %07d of the page, with a few words.\",\"label\":\"body\"}", i
    }
    print "]}"
}' > "$record"
size=$(stat -c %s "$record")
limit=$(( 4 * size + 60 * 1024 * 1024 ))
echo "record: $blocks blocks, $size bytes; target peak <= $limit bytes (4 x record + 60 MB)"
status=0
for command in "clean --input jsonl" "classify --input jsonl"; do
    # shellcheck disable=SC2086 # the command's words split on purpose
    /usr/bin/time -f "%M %e" -o "$work/time" target/release/gleaner $command "$record" > /dev/null
    read -r peak_kb seconds < "$work/time"
    peak=$(( peak_kb * 1024 ))
    verdict=$([ "$peak" -le "$limit" ] && echo within || echo OVER)
    awk -v c="$command" -v p="$peak" -v s="$size" -v t="$seconds" -v v="$verdict" 'BEGIN {
        printf "%-40s peak %7.1f MB  ratio %5.2f x record  %6.1f s  %s target\n", c, p / 1048576, p / s, t, v
    }'
    [ "$verdict" = within ] || status=1
done
exit "$status"
