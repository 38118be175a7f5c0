#!/usr/bin/env bash
# Regenerates models/default.gleaner, the model embedded in gleaner, and
# prints its training report (kept in models/TRAINING-REPORT.txt).
#
# It learns from the project's own corpus (training-data/train; never
# training-data/heldout) and the shared dev pages, read at training time and
# never committed. Usage: GLEANER_SHARED=../shared scripts/train-default-model.sh
#
# How each dev set's labels are used (see ../shared/data/FORMAT.md, "Known
# label quirks", and models/README.md):
# - aeb: section headings (<h2>-<h6>) labeled body become headline
#   (--headings-as-headlines);
# - aeb, readability-en, trafilatura-half: body blocks that are mainly a
#   direct quotation are not learned from, since these sets call such
#   paragraphs body and gleaner calls them quote (--skip-quotation-body);
# - readability-en: its quote labels (blockquotes, table cells from a
#   reader-mode tool) are not learned from (--unlabel);
# - the authored corpus, which follows gleaner's taxonomy exactly, counts
#   three times (--weight).
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${GLEANER_SHARED:-../shared}"
dev="$shared/data/dev"
for f in readability-en aeb trafilatura-half; do
  [ -f "$dev/$f.jsonl" ] || { echo "missing $dev/$f.jsonl (set GLEANER_SHARED)" >&2; exit 1; }
done
cargo build --release --quiet
# A fixed date keeps the model file byte-identical for identical data.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1764288000}" \
  ./target/release/gleaner train --folds 5 --seed 13 --decoder independent \
    --headings-as-headlines \
    --skip-quotation-body "$dev/aeb.jsonl" --skip-quotation-body "$dev/readability-en.jsonl" \
    --skip-quotation-body "$dev/trafilatura-half.jsonl" \
    --unlabel "$dev/readability-en.jsonl=quote" \
    --weight training-data/train=3 \
    training-data/train "$dev/readability-en.jsonl" "$dev/aeb.jsonl" "$dev/trafilatura-half.jsonl" \
    -o models/default.gleaner | tee models/TRAINING-REPORT.txt
