#!/usr/bin/env bash
# Regenerates models/default.gleaner, the model embedded in gleaner, and
# prints its training report (kept in models/TRAINING-REPORT.txt).
#
# It learns from the project's own corpus (training-data/train; never
# training-data/heldout) and the shared dev pages, read at training time and
# never committed. Usage: GLEANER_SHARED=../shared scripts/train-default-model.sh
#
# How each data set's labels are used: scripts/default-training-options.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/default-training-options.sh
cargo build --release --quiet
# A fixed date keeps the model file byte-identical for identical data.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1764288000}" \
  ./target/release/gleaner train --folds 5 --seed 13 "${TRAINING_OPTIONS[@]}" "${TRAINING_DATA[@]}" \
    -o models/default.gleaner | tee models/TRAINING-REPORT.txt
