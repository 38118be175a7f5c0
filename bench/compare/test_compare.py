#!/usr/bin/env python3
"""Unit checks of compare.py on synthetic data (no dev pages, no network).

    bench/compare/.venv/bin/python -m unittest discover -s bench/compare -p 'test_*.py'

They cover what the full run cannot check while gleaner has no HTML input
yet: the alignment of gleaner's HTML blocks to the gold blocks, the
predictions built from it, and that a gleaner without `--input html` makes
the gleaner-html row skip with a message instead of failing the run. The
texts below are made up.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402


def page(case: str, blocks: list[tuple[str, str | None]], root: Path) -> compare.Page:
    """A synthetic gold page whose HTML path lives under root."""
    doc = {"id": f"synthetic/{case}", "lang": "en", "url": None,
           "blocks": [{"text": t, "label": l, "tag": "p"} for t, l in blocks]}
    return compare.Page(doc=doc, text_path=root / f"{case}.txt",
                        html_path=root / f"{case}.html", blocks=[t for t, _ in blocks])


class AlignBlocks(unittest.TestCase):
    def test_identical(self):
        gold = ["Title", "First paragraph.", "Second paragraph."]
        al = compare.align_blocks(gold, list(gold))
        self.assertEqual(al.gold_to_pred, [0, 1, 2])
        self.assertEqual((al.exact, al.normalised, al.unmatched, al.extra), (3, 0, 0, 0))

    def test_missing_and_extra_blocks(self):
        gold = ["Menu", "Headline", "Body one.", "Body two.", "Footer"]
        pred = ["Headline", "Cookie banner", "Body one.", "Body two.", "Footer", "Ad"]
        al = compare.align_blocks(gold, pred)
        self.assertEqual(al.gold_to_pred, [None, 0, 2, 3, 4])
        self.assertEqual((al.exact, al.unmatched, al.extra), (4, 1, 2))

    def test_normalised_match_only_inside_gaps(self):
        # "Body  one" differs in case and spacing: matched in the second pass.
        gold = ["Headline", "Body one.", "Body two."]
        pred = ["Headline", "body  ONE", "Body two."]
        al = compare.align_blocks(gold, pred)
        self.assertEqual(al.gold_to_pred, [0, 1, 2])
        self.assertEqual((al.exact, al.normalised, al.unmatched), (2, 1, 0))

    def test_order_is_kept_with_repeated_blocks(self):
        # Repeated short blocks ("Share") must pair in page order, never cross.
        gold = ["Share", "A.", "Share", "B.", "Share"]
        pred = ["Share", "A.", "B.", "Share"]
        al = compare.align_blocks(gold, pred)
        matched = [j for j in al.gold_to_pred if j is not None]
        self.assertEqual(matched, sorted(matched))
        self.assertEqual(al.unmatched, 1)
        self.assertEqual(al.gold_to_pred[1], 1)
        self.assertEqual(al.gold_to_pred[3], 2)

    def test_empty_sides(self):
        self.assertEqual(compare.align_blocks([], ["x"]).extra, 1)
        al = compare.align_blocks(["x", "y"], [])
        self.assertEqual((al.unmatched, al.gold_to_pred), (2, [None, None]))


class HtmlPredictions(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.pages = [
            page("a", [("Headline", "headline"), ("Body one.", "body"), ("Nav", "boilerplate")],
                 self.root),
            page("b", [("Only block", "body")], self.root),
        ]

    def output(self, docs):
        return "".join(json.dumps(d) + "\n" for d in docs)

    def doc(self, p, blocks):
        return {"id": str(p.html_path), "language": "en", "segments": [],
                "blocks": [{"index": i, "label": l, "probability": 0.9, "language": "en",
                            "text": t} for i, (t, l) in enumerate(blocks)]}

    def test_unmatched_gold_block_is_boilerplate(self):
        out = self.output([
            self.doc(self.pages[0], [("Headline", "headline"), ("Body one.", "body")]),
            self.doc(self.pages[1], [("Only block", "body"), ("Extra", "body")]),
        ])
        preds, al, reason = compare.gleaner_html_predictions(out, self.pages)
        self.assertEqual(reason, "ok")
        self.assertEqual([b["label"] for b in preds[0]["blocks"]],
                         ["headline", "body", "boilerplate"])
        self.assertEqual([b["label"] for b in preds[1]["blocks"]], ["body"])
        self.assertEqual(preds[0]["id"], "synthetic/a")  # the gold's ids and blocks
        self.assertEqual((al.exact, al.unmatched, al.extra), (3, 1, 1))

    def test_documents_found_by_id_in_any_order(self):
        out = self.output([
            self.doc(self.pages[1], [("Only block", "quote")]),
            self.doc(self.pages[0], [("Headline", "headline"), ("Body one.", "body"),
                                     ("Nav", "boilerplate")]),
        ])
        preds, al, _ = compare.gleaner_html_predictions(out, self.pages)
        self.assertEqual([b["label"] for b in preds[1]["blocks"]], ["quote"])
        self.assertEqual(al.unmatched, 0)

    def test_bad_output_is_refused(self):
        self.assertIsNone(compare.gleaner_html_predictions("not json\n", self.pages)[0])
        no_text = {"id": "x", "blocks": [{"index": 0, "label": "body"}]}
        self.assertIsNone(compare.gleaner_html_predictions(
            self.output([no_text, no_text]), self.pages)[0])

    def test_scores_count_unmatched_as_boilerplate(self):
        out = self.output([
            self.doc(self.pages[0], [("Headline", "headline")]),
            self.doc(self.pages[1], [("Only block", "body")]),
        ])
        preds, _, _ = compare.gleaner_html_predictions(out, self.pages)
        sc = compare.python_scores([p.doc for p in self.pages], preds)
        # content: gold Headline, Body one., Only block; gleaner lost Body one.
        self.assertAlmostEqual(sc["content_f1_blocks"], 2 * 1.0 * (2 / 3) / (1 + 2 / 3))
        self.assertEqual(sc["headline_f1"], 1.0)
        self.assertIsNone(sc["caption_f1"])  # no caption in this gold


class GleanerBinary(unittest.TestCase):
    """time_gleaner against fake gleaner executables."""

    def fake(self, script: str) -> Path:
        path = Path(tempfile.mkdtemp()) / "gleaner"
        path.write_text("#!/bin/sh\n" + textwrap.dedent(script))
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
        return path

    def test_no_html_input_skips_with_message(self):
        # What clap prints for an unknown value of --input.
        g = self.fake("""\
            echo "error: invalid value 'html' for '--input <KIND>'" >&2
            exit 2
            """)
        elapsed, stdout, reason = compare.time_gleaner(g, [Path("x.html")], "html")
        self.assertIsNone(elapsed)
        self.assertIn("no `--input html`", reason)
        self.assertIn("skipped", reason)

    def test_html_input_passes_flag_and_files(self):
        g = self.fake("""\
            echo "$RAYON_NUM_THREADS $*"
            """)
        elapsed, stdout, reason = compare.time_gleaner(g, [Path("a.html"), Path("b.html")], "html")
        self.assertEqual(reason, "ok")
        self.assertEqual(stdout.strip(),
                         "1 classify --format jsonl --input html a.html b.html")

    def test_missing_binary(self):
        elapsed, _, reason = compare.time_gleaner(Path("/nonexistent/gleaner"), [], "html")
        self.assertIsNone(elapsed)
        self.assertIn("not found", reason)


class Headings(unittest.TestCase):
    def test_heading_goes_to_equal_extracted_block(self):
        blocks = ["Site", "Intro", "Results", "Results are good."]
        extracted = [False, True, True, True]
        self.assertEqual(compare.heading_indices(blocks, extracted, ["RESULTS"]), [2])
        self.assertEqual(compare.heading_indices(blocks, [False] * 4, ["Results"]), [])

    def test_title_then_headings_in_labels(self):
        ex = compare.Extraction("Big news\nIntro text here\nDetails",
                                titles=("Big news", "Big news | Site"),
                                headings=("Details",))
        labels = compare.baseline_labels(
            ["Menu", "Big news", "Intro text here", "Details"], ex, 0.5, "claim")
        self.assertEqual(labels, ["boilerplate", "headline", "body", "headline"])


class InSample(unittest.TestCase):
    def test_reads_file_lines_of_the_training_report(self):
        report = Path(tempfile.mkdtemp()) / "TRAINING-REPORT.txt"
        report.write_text("trained on 3 documents\n"
                          "file ../shared/data/dev/aeb.jsonl   181 26749 0.8\n"
                          "file training-data/train   378 0.9\n")
        self.assertEqual(compare.in_sample_sets(report), {"aeb"})


if __name__ == "__main__":
    unittest.main()
