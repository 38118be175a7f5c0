#!/usr/bin/env bash
# How much the deal of pages into folds moves the cross-validated scores of
# the default training recipe: 5-fold grouped cross-validation (each fold
# tunes its own decoder, as `gleaner train` does) once per seed, one table
# row per data file with each seed's content F1 (blocks / characters) and
# headline F1, and their mean. A change to the features or the decoder is
# worth keeping when it wins on the mean, not on one seed: one file's
# headline F1 moves by up to 0.03 between seeds (docs/EVAL.md).
#
# Usage: scripts/seed-spread.sh [SEED...]      (default: 13 7 21)
#        GLEANER=path/to/gleaner scripts/seed-spread.sh   (another build)
# Needs the shared dev data (GLEANER_SHARED, default ../shared). About 1.5
# minutes per seed on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/default-training-options.sh
if [ -z "${GLEANER:-}" ]; then
  cargo build --release --quiet
  GLEANER=./target/release/gleaner
fi
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(13 7 21)

reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
for seed in "${seeds[@]}"; do
  echo "seed $seed ..." >&2
  "$GLEANER" eval --folds 5 --seed "$seed" --format json "${TRAINING_OPTIONS[@]}" "${TRAINING_DATA[@]}" \
    > "$reports/$seed.json"
done

python3 - "$reports" "${seeds[@]}" <<'PY'
import json, sys
directory, seeds = sys.argv[1], sys.argv[2:]
reports = [json.load(open(f"{directory}/{seed}.json")) for seed in seeds]

def summary(scores):
    headline = next((l["f1"] for l in scores["labels"] if l["label"] == "headline"), None)
    return scores["content_f1_blocks"], scores["content_f1_chars"], headline

def rows(report):
    yield "all pages", summary(report["overall"]["scores"])
    for group in report["files"]:
        yield group["name"], summary(group["scores"])

def cell(values):
    blocks, chars, headline = values
    return f"{blocks:.3f} / {chars:.3f}  {headline:.3f}" if headline is not None else f"{blocks:.3f} / {chars:.3f}  -"

table = {}
for report in reports:
    for name, values in rows(report):
        table.setdefault(name, []).append(values)
print("content F1 blocks / chars, then headline F1; 5-fold, seeds " + ", ".join(seeds))
print(f"{'data':48}" + "".join(f"  {'seed ' + s:>22}" for s in seeds) + f"  {'mean':>22}")
for name, values in table.items():
    means = [sum(v[k] for v in values) / len(values) if all(v[k] is not None for v in values) else None for k in range(3)]
    print(f"{name[-48:]:48}" + "".join(f"  {cell(v):>22}" for v in values) + f"  {cell(means):>22}")
PY
