# Sourced by scripts/train-default-model.sh, scripts/accuracy-gate.sh and
# scripts/seed-spread.sh, so that they all measure exactly how the default
# model is trained. Run from the repository's root. Sets $dev (the shared dev
# data directory, from GLEANER_SHARED, default ../shared) and checks that its
# files are there, then the arrays TRAINING_OPTIONS and TRAINING_DATA.
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
#   is the one cross-validation prefers (--decoder auto, the default);
# - every dev page is read with its HTML (dev/html/<id>.html, --html-dir):
#   the blocks are the HTML reader's, labeled from the records by text, and
#   the model learns a markup factor beside the text factor (the text
#   factor sees the same blocks as from the plain-text pages); the authored
#   HTML pages (training-data/train-html) teach only the markup factor
#   (--markup-only), the markup of other languages' sites, without shifting
#   how plain text is labeled.
dev="${GLEANER_SHARED:-../shared}/data/dev"
for f in readability-en aeb trafilatura-half; do
  [ -f "$dev/$f.jsonl" ] || { echo "missing $dev/$f.jsonl (set GLEANER_SHARED)" >&2; exit 1; }
done

TRAINING_OPTIONS=(
  --headings-as-headlines
  --skip-quotation-body "$dev/aeb.jsonl"
  --skip-quotation-body "$dev/readability-en.jsonl"
  --skip-quotation-body "$dev/trafilatura-half.jsonl"
  --unlabel "$dev/readability-en.jsonl=quote"
  --weight training-data/train=3
  --html-dir "$dev/html"
  --markup-only training-data/train-html
)
TRAINING_DATA=(training-data/train training-data/train-html "$dev/readability-en.jsonl" "$dev/aeb.jsonl" "$dev/trafilatura-half.jsonl")
