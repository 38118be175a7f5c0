# Sourced by scripts/train-default-model.sh and scripts/accuracy-gate.sh, so
# that the gate measures exactly how the default model is trained.
# Expects $dev (the shared dev data directory). Sets the array TRAINING_OPTIONS.
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
#   three times (--weight);
# - the decoder (each block on its own, or Viterbi over the label sequence)
#   is the one cross-validation prefers (--decoder auto, the default).
TRAINING_OPTIONS=(
  --headings-as-headlines
  --skip-quotation-body "$dev/aeb.jsonl"
  --skip-quotation-body "$dev/readability-en.jsonl"
  --skip-quotation-body "$dev/trafilatura-half.jsonl"
  --unlabel "$dev/readability-en.jsonl=quote"
  --weight training-data/train=3
)
TRAINING_DATA=(training-data/train "$dev/readability-en.jsonl" "$dev/aeb.jsonl" "$dev/trafilatura-half.jsonl")
