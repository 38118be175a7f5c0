#!/usr/bin/env python3
"""Compare gleaner against trafilatura, readability-lxml and jusText on the dev sets.

For every dev file and every baseline system (trafilatura / jusText, each on
the original HTML and on the plain-text rendering wrapped as one <p> per
block; readability-lxml on the HTML) this script

1. runs the tool on every page and times the extraction alone,
2. maps the tool's extracted text back to the gold blocks (see
   ``map_blocks`` and README.md for the rule),
3. writes a predictions file in labeled-document JSONL (same ids and blocks
   as the gold; label ``body`` for extracted blocks, ``boilerplate``
   otherwise, ``headline`` for the block equal to trafilatura's title),
4. scores it with ``gleaner eval GOLD --predicted PRED --format json`` and,
   as a cross-check, with the same content-vs-boilerplate F1 computed here.

It also runs ``gleaner classify --format jsonl`` over the same plain-text
pages and, when the binary accepts ``--input html``, over the original HTML
(one process per set, ``RAYON_NUM_THREADS=1``); gleaner's HTML blocks are
aligned to the gold blocks by text (``align_blocks``). It prints a Markdown
table, which is also written to ``results.md`` beside this file.

Page text belongs to its publishers: predictions and raw tool outputs go to
``--out`` (default ``bench/compare/out/``, gitignored), never into the repo.
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import logging
import os
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# dev file stem -> directory name under dev/text and dev/html
SETS = {
    "readability-en": "readability",
    "aeb": "aeb",
    "trafilatura-half": "trafilatura",
    "cleaneval": "cleaneval",
}
# All four by default: cleaneval (645 pages) adds about 2 of the run's ~5
# minutes, and it is the one set gleaner's embedded model never learned from.
DEFAULT_SETS = list(SETS)

SYSTEMS = ["gleaner-html", "trafilatura-html", "readability-html", "justext-html",
           "trafilatura-text", "justext-text"]

LABELS = ["headline", "caption", "body", "quote", "boilerplate"]
# The labels with their own F1 column. A baseline only says extracted or
# not (body), plus headline where it names a title or keeps headings.
LABEL_COLUMNS = ["headline", "caption", "quote"]
CAN_PREDICT = {
    "trafilatura-html": {"headline"},
    "trafilatura-text": {"headline"},
    "readability-html": {"headline"},
    "justext-html": set(),
    "justext-text": set(),
}  # gleaner's rows predict all five labels

# ISO 639-1 -> jusText stoplist name; unknown or missing languages fall back
# to English (jusText has no stoplist for zh/ja, so it does poorly there).
JUSTEXT_LANG = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian",
    "is": "Icelandic", "it": "Italian", "ko": "Korean", "la": "Latin",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ms": "Malay",
    "nb": "Norwegian_Bokmal", "nl": "Dutch", "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}

# ---------------------------------------------------------------- tokens ---

# Han ideographs and kana are matched one character at a time (those scripts
# do not separate words with spaces, and the tools may break lines anywhere);
# everything else is a run of word characters.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def tokens(text: str) -> list[str]:
    """Normalised word tokens: NFKC, case-folded, punctuation dropped."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def norm(text: str) -> str:
    return " ".join(tokens(text))


# --------------------------------------------------------------- mapping ---

def map_blocks(blocks: list[str], extracted: str, threshold: float = 0.5,
               rule: str = "claim") -> list[bool]:
    """Which gold blocks a tool extracted, given the tool's output text.

    A block counts as extracted when at least ``threshold`` of its tokens
    (as a multiset, order ignored) are found in the tool's output.

    rule="overlap": each block is matched against the whole output on its
    own, so output tokens may be reused by any number of blocks.
    rule="claim" (default): output tokens are consumed. Blocks claim tokens
    longest first (ties in page order), and a block that reaches the
    threshold removes the tokens it matched from the pool. This stops a
    short navigation block ("Home", "News", "Share") from counting as
    extracted only because its words also occur in the article body,
    while each extracted paragraph still finds its own words.

    Blocks without any word token (pure punctuation or symbols) count as not
    extracted.
    """
    pool = Counter(tokens(extracted))
    block_tokens = [Counter(tokens(b)) for b in blocks]
    result = [False] * len(blocks)
    if rule == "overlap":
        for i, bt in enumerate(block_tokens):
            n = sum(bt.values())
            if n:
                hit = sum(min(c, pool[t]) for t, c in bt.items())
                result[i] = hit / n >= threshold
        return result
    order = sorted(range(len(blocks)), key=lambda i: (-sum(block_tokens[i].values()), i))
    for i in order:
        bt = block_tokens[i]
        n = sum(bt.values())
        if not n:
            continue
        matched = {t: min(c, pool[t]) for t, c in bt.items() if pool[t]}
        if sum(matched.values()) / n >= threshold:
            result[i] = True
            pool.subtract(matched)
    return result


def headline_index(blocks: list[str], title: str | None) -> int | None:
    """First block whose normalised text equals the normalised title."""
    if not title:
        return None
    t = norm(title)
    if not t:
        return None
    for i, b in enumerate(blocks):
        if norm(b) == t:
            return i
    return None


def heading_indices(blocks: list[str], extracted: list[bool],
                    headings: list[str]) -> list[int]:
    """Gold blocks that are the headings a tool kept (readability's <h1>-<h6>).

    Each heading goes to the first extracted block, not yet taken, whose
    normalised text equals it: a heading that the tool kept is in its output,
    so it must be one of the blocks mapped as extracted, and equality (not
    token overlap) keeps a short heading from landing on a paragraph.
    """
    taken: set[int] = set()
    for heading in headings:
        h = norm(heading)
        if not h:
            continue
        for i, b in enumerate(blocks):
            if extracted[i] and i not in taken and norm(b) == h:
                taken.add(i)
                break
    return sorted(taken)


# ----------------------------------------------------------------- tools ---

@dataclass
class Extraction:
    """What a baseline returns for one page: its text, and what it says about
    headlines (a title, headings kept in its output)."""
    text: str = ""
    titles: tuple[str, ...] = ()  # tried in order; the first matching a block wins
    headings: tuple[str, ...] = ()


def wrap_plain_text(blocks: list[str]) -> str:
    """The plain-text page as minimal HTML: one escaped <p> per block."""
    paras = "\n".join(
        "<p>" + html.escape(b).replace("\n", "<br>\n") + "</p>" for b in blocks
    )
    return ('<html><head><meta charset="utf-8"></head><body>\n'
            + paras + "\n</body></html>")


def run_trafilatura(page, lang) -> Extraction:
    import trafilatura
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    if doc is None:
        return Extraction()
    return Extraction(doc.text or "", (doc.title,) if doc.title else ())


def run_justext(page, lang) -> Extraction:
    import justext
    stoplist = justext.get_stoplist(JUSTEXT_LANG.get(lang or "en", "English"))
    if isinstance(page, str):
        page = page.encode("utf-8")
    paragraphs = justext.justext(page, stoplist)
    return Extraction("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def run_readability(page, lang) -> Extraction:
    """readability-lxml: the text of ``Document.summary()``; headline
    candidates are ``short_title()`` (site name cut off), then ``title()``,
    and the <h1>-<h6> elements left in the summary."""
    import lxml.html
    from readability import Document
    doc = Document(page)
    summary = doc.summary()
    root = lxml.html.fromstring(summary)
    # itertext with a separator: text_content() would glue "</p><p>" words.
    text = "\n".join(root.itertext())
    headings = tuple(" ".join(h.itertext())
                     for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6"))
    titles = tuple(t for t in (doc.short_title(), doc.title()) if t)
    return Extraction(text, titles, headings)


TOOLS = {
    "trafilatura-html": (run_trafilatura, "html"),
    "readability-html": (run_readability, "html"),
    "justext-html": (run_justext, "html"),
    "trafilatura-text": (run_trafilatura, "wrapped"),
    "justext-text": (run_justext, "wrapped"),
}


def baseline_labels(blocks: list[str], ex: Extraction, threshold: float,
                    rule: str) -> list[str]:
    """A baseline's output as one label per gold block: body when mapped as
    extracted, headline for the title block and kept headings, else
    boilerplate."""
    extracted = map_blocks(blocks, ex.text, threshold, rule)
    labels = ["body" if e else "boilerplate" for e in extracted]
    for title in ex.titles:
        h = headline_index(blocks, title)
        if h is not None:
            labels[h] = "headline"
            break
    for i in heading_indices(blocks, extracted, list(ex.headings)):
        labels[i] = "headline"
    return labels


# ----------------------------------------------------------------- data ----

@dataclass
class Page:
    doc: dict
    text_path: Path
    html_path: Path
    blocks: list[str] = field(default_factory=list)


def load_set(shared: Path, stem: str, limit: int | None) -> tuple[Path, list[Page]]:
    dev = shared / "data" / "dev"
    gold = dev / f"{stem}.jsonl"
    pages = []
    with gold.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            case = doc["id"].split("/", 1)[1]
            pages.append(Page(
                doc=doc,
                text_path=dev / "text" / SETS[stem] / f"{case}.txt",
                html_path=dev / "html" / SETS[stem] / f"{case}.html",
                blocks=[b["text"] for b in doc["blocks"]],
            ))
            if limit and len(pages) >= limit:
                break
    return gold, pages


# --------------------------------------------------------------- scoring ---

def f1(tp: float, fp: float, fn: float) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def python_scores(golds: list[dict], preds: list[dict]) -> dict:
    """Content-vs-boilerplate F1 (blocks, chars) and per-label F1.

    content = any label except boilerplate; blocks with a null gold label
    are skipped. ``<label>_f1`` is None when the gold has no block with that
    label (no support: an F1 there would say nothing); ``<label>_support``
    counts the gold blocks.
    """
    cb = [0, 0, 0]  # tp fp fn, blocks
    cc = [0, 0, 0]  # tp fp fn, chars
    per_label = {label: [0, 0, 0] for label in LABELS}
    for g, p in zip(golds, preds):
        for gb, pb in zip(g["blocks"], p["blocks"]):
            if gb["label"] is None:
                continue
            w = len(gb["text"])
            gc, pc = gb["label"] != "boilerplate", pb["label"] != "boilerplate"
            for acc, inc in ((cb, 1), (cc, w)):
                if gc and pc:
                    acc[0] += inc
                elif pc:
                    acc[1] += inc
                elif gc:
                    acc[2] += inc
            for label, acc in per_label.items():
                gl, pl = gb["label"] == label, pb["label"] == label
                acc[0] += gl and pl
                acc[1] += pl and not gl
                acc[2] += gl and not pl
    scores = {"content_f1_blocks": f1(*cb), "content_f1_chars": f1(*cc)}
    for label, (tp, fp, fn) in per_label.items():
        scores[f"{label}_support"] = tp + fn
        scores[f"{label}_f1"] = f1(tp, fp, fn) if tp + fn else None
    return scores


def _find_label_f1(obj, label):
    """Find the F1 of `label` in gleaner's eval JSON, whatever its nesting.

    gleaner eval lists {"label", "precision", "recall", "f1", "support"} in
    scores.labels; a label with neither gold nor predicted blocks is left
    out of that list (returns None).
    """
    if isinstance(obj, dict):
        if label in obj and isinstance(obj[label], dict):
            for k in ("f1", "F1", "f"):
                if isinstance(obj[label].get(k), (int, float)):
                    return float(obj[label][k])
        for v in obj.values():
            r = _find_label_f1(v, label)
            if r is not None:
                return r
    elif isinstance(obj, list):
        for v in obj:
            if isinstance(v, dict) and v.get("label") == label:
                for k in ("f1", "F1", "f"):
                    if isinstance(v.get(k), (int, float)):
                        return float(v[k])
            r = _find_label_f1(v, label)
            if r is not None:
                return r
    return None


def _find_key(obj, key):
    if isinstance(obj, dict):
        if isinstance(obj.get(key), (int, float)):
            return float(obj[key])
        for v in obj.values():
            r = _find_key(v, key)
            if r is not None:
                return r
    return None


def gleaner_eval(gleaner: Path, gold: Path, pred: Path) -> tuple[dict | None, str]:
    """Score with `gleaner eval`; returns (scores or None, reason)."""
    if not gleaner.exists():
        return None, f"{gleaner} not found"
    cmd = [str(gleaner), "eval", str(gold), "--predicted", str(pred), "--format", "json"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, f"gleaner eval failed: {e}"
    if out.returncode != 0:
        return None, f"gleaner eval exited {out.returncode}: {out.stderr.strip()[:200]}"
    try:
        data = json.loads(out.stdout)
    except json.JSONDecodeError:
        return None, "gleaner eval printed no JSON: " + out.stdout.strip()[:80]
    # gleaner eval prints {"overall": {"scores": {...}}, "files": [...]};
    # the searches fall back to any nesting in case that layout changes.
    overall = data.get("overall", {}).get("scores", data) if isinstance(data, dict) else data
    data = overall if _find_key(overall, "content_f1_blocks") is not None else data
    scores = {
        "content_f1_blocks": _find_key(data, "content_f1_blocks"),
        "content_f1_chars": _find_key(data, "content_f1_chars"),
    }
    for label in LABELS:
        scores[f"{label}_f1"] = _find_label_f1(data, label)
    if scores["content_f1_blocks"] is None:
        return None, "gleaner eval JSON has no content_f1_blocks"
    return scores, "ok"


# ---------------------------------------------------------------- gleaner ---

def time_gleaner(gleaner: Path, files: list[Path], input_kind: str = "text",
                 ) -> tuple[float | None, str | None, str]:
    """Wall time of one `gleaner classify` process over all of a set's files.

    input_kind "text" reads the plain-text pages (the default input, no
    flag); "html" passes ``--input html``. Returns (seconds, stdout, reason);
    seconds is None when gleaner is missing or failed, reason says why.
    """
    if not gleaner.exists():
        return None, None, f"{gleaner} not found"
    cmd = [str(gleaner), "classify", "--format", "jsonl"]
    if input_kind != "text":
        cmd += ["--input", input_kind]
    cmd += [str(f) for f in files]
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, None, f"gleaner classify failed: {e}"
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        first = out.stderr.strip().splitlines()[0] if out.stderr.strip() else ""
        if input_kind != "text" and f"'{input_kind}'" in out.stderr:
            return None, None, (f"this gleaner has no `--input {input_kind}` yet "
                                f"({first[:160]}); row skipped")
        return None, None, f"gleaner classify exited {out.returncode}: {out.stderr.strip()[:200]}"
    return elapsed, out.stdout, "ok"


def parse_jsonl(stdout: str) -> list | None:
    """The JSON objects of a JSONL text, or None if a line is not JSON."""
    docs = []
    for line in stdout.splitlines():
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError:
                return None
    return docs


# ------------------------------------------------- gleaner on the HTML ---

@dataclass
class Alignment:
    """How gleaner's HTML blocks met the gold blocks of one or more pages.

    ``gold_to_pred[i]`` is the index of gleaner's block matched to gold
    block i, or None. Counts are over gold blocks (``extra`` over gleaner's).
    """
    gold_to_pred: list[int | None] = field(default_factory=list)
    exact: int = 0
    normalised: int = 0
    unmatched: int = 0
    extra: int = 0

    def add(self, other: "Alignment") -> None:
        self.exact += other.exact
        self.normalised += other.normalised
        self.unmatched += other.unmatched
        self.extra += other.extra


def _matching_pairs(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i, j) with a[i] == b[j], in order in both lists: the
    matching blocks of difflib (a longest-common-subsequence-style
    alignment; no junk heuristic, which would ignore frequent blocks)."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(m.a + k, m.b + k) for m in sm.get_matching_blocks() for k in range(m.size)]


def align_blocks(gold: list[str], pred: list[str]) -> Alignment:
    """Align gleaner's blocks (texts, page order) to the gold blocks.

    The HTML reader cuts blocks by the rules the gold was cut by, so nearly
    every gold block should come back with identical text. First pass:
    identical texts, in order. Second pass, only inside the gaps the first
    pass left: texts equal after ``norm`` (case, punctuation and white space
    ignored), so a small difference in decoding or spacing does not lose a
    block. What is still unmatched is reported, never guessed.
    """
    result = Alignment(gold_to_pred=[None] * len(gold))
    anchors = _matching_pairs(gold, pred)
    for i, j in anchors:
        result.gold_to_pred[i] = j
    result.exact = len(anchors)
    # gaps between consecutive anchors (and before the first / after the last)
    bounds = [(-1, -1)] + anchors + [(len(gold), len(pred))]
    for (i0, j0), (i1, j1) in zip(bounds, bounds[1:]):
        gi, pj = list(range(i0 + 1, i1)), list(range(j0 + 1, j1))
        if not gi or not pj:
            continue
        for a, b in _matching_pairs([norm(gold[i]) for i in gi], [norm(pred[j]) for j in pj]):
            result.gold_to_pred[gi[a]] = pj[b]
            result.normalised += 1
    result.unmatched = sum(j is None for j in result.gold_to_pred)
    result.extra = len(pred) - len(gold) + result.unmatched
    return result


def _doc_for_pages(docs: list, pages: list[Page]) -> list | None:
    """gleaner's output documents in page order: by id (the input path, or
    its file name) when every page finds one, else by position when there is
    exactly one document per page."""
    by_id = {}
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("id"), str):
            by_id[d["id"]] = d
            by_id.setdefault(Path(d["id"]).name, d)
    found = [by_id.get(str(p.html_path)) or by_id.get(p.html_path.name) for p in pages]
    if all(found):
        return found
    return docs if len(docs) == len(pages) else None


def gleaner_html_predictions(stdout: str, pages: list[Page]
                             ) -> tuple[list[dict] | None, Alignment | None, str]:
    """gleaner's `classify --input html` output as predictions on the gold's
    blocks. A gold block that gleaner did not produce (no aligned block)
    is predicted ``boilerplate``: gleaner did not keep it. Returns
    (predictions, alignment totals, reason when None)."""
    docs = parse_jsonl(stdout)
    if docs is None:
        return None, None, "gleaner classify --input html printed a line that is not JSON"
    docs = _doc_for_pages(docs, pages)
    if docs is None:
        return None, None, "gleaner classify --input html: not one document per HTML file"
    preds, total = [], Alignment()
    for d, page in zip(docs, pages):
        blocks = d.get("blocks") if isinstance(d, dict) else None
        if not isinstance(blocks, list) or not all(
                isinstance(b, dict) and isinstance(b.get("text"), str) for b in blocks):
            return None, None, "gleaner classify --input html: blocks without text"
        al = align_blocks(page.blocks, [b["text"] for b in blocks])
        total.add(al)
        labels = []
        for j in al.gold_to_pred:
            label = blocks[j].get("label") if j is not None else "boilerplate"
            if label not in LABELS:
                return None, None, f"gleaner classify --input html: unknown label {label!r}"
            labels.append(label)
        preds.append(prediction_doc(page, labels))
    return preds, total, "ok"


# ------------------------------------------------- gleaner on the text ---

def gleaner_predictions(stdout: str, pages: list[Page]) -> list[dict] | None:
    """gleaner's classify output as predictions aligned to the gold, if it
    is one labeled document per input file, in order, with the gold's blocks."""
    docs = parse_jsonl(stdout)
    if docs is None:
        return None
    total_blocks = sum(len(p.blocks) for p in pages)
    if (len(docs) == total_blocks != len(pages)
            and all(isinstance(d, dict) and "label" in d for d in docs)):
        # one line per block, files in argument order
        grouped, i = [], 0
        for p in pages:
            grouped.append({"blocks": docs[i:i + len(p.blocks)]})
            i += len(p.blocks)
        docs = grouped
    if len(docs) != len(pages):
        return None
    preds = []
    for d, p in zip(docs, pages):
        blocks = d.get("blocks") if isinstance(d, dict) else None
        if not isinstance(blocks, list) or len(blocks) != len(p.blocks):
            return None
        labels = [b.get("label") if isinstance(b, dict) else None for b in blocks]
        if any(l not in LABELS for l in labels):
            return None
        preds.append(prediction_doc(p, labels))
    return preds


# ------------------------------------------------------------------ main ---

def prediction_doc(page: Page, labels: list[str]) -> dict:
    d = page.doc
    return {
        "id": d["id"], "lang": d.get("lang"), "url": d.get("url"),
        "blocks": [{"text": b["text"], "label": l, "tag": b.get("tag")}
                   for b, l in zip(d["blocks"], labels)],
    }


def write_jsonl(path: Path, docs: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


def extract_all(system: str, pages: list[Page]) -> tuple[list[Extraction], float, int]:
    """Run one tool over all pages; returns outputs, the summed wall time
    of the tool calls (inputs are read and wrapped before timing) and the
    number of pages the tool failed on (an empty extraction each)."""
    fn, kind = TOOLS[system]
    if kind == "html":
        inputs = [p.html_path.read_bytes() for p in pages]
    else:
        inputs = [wrap_plain_text(p.text_path.read_text(encoding="utf-8").split("\n\n"))
                  for p in pages]
    langs = [p.doc.get("lang") for p in pages]
    if inputs:  # warm-up call (imports, lazy tables), not timed
        try:
            fn(inputs[0], langs[0])
        except Exception:
            pass
    outputs, elapsed, failed = [], 0.0, 0
    for page_input, lang in zip(inputs, langs):
        t0 = time.perf_counter()
        try:
            out = fn(page_input, lang)
        except Exception as e:  # a tool crashing on a page extracts nothing
            print(f"  {system}: error on a page: {type(e).__name__}: {e}", file=sys.stderr)
            out = Extraction()
            failed += 1
        elapsed += time.perf_counter() - t0
        outputs.append(out)
    return outputs, elapsed, failed


def fmt(x, digits=3):
    return "n/a" if x is None else f"{x:.{digits}f}"


def in_sample_sets(report: Path = REPO / "models" / "TRAINING-REPORT.txt") -> set[str]:
    """Dev files the embedded model learned from, so that gleaner's rows on
    them can be marked in-sample: the `file <path>` lines of the training
    report that sits beside the embedded model (models/README.md)."""
    if not report.exists():
        return set()
    stems = set()
    for line in report.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) > 1 and parts[0] == "file" and parts[1].endswith(".jsonl"):
            stems.add(Path(parts[1]).name[:-len(".jsonl")])
    return stems


@dataclass
class Row:
    """One system's predictions on one set, before scoring."""
    key: str  # system name: gleaner-text, gleaner-html, trafilatura-html, …
    preds: list[dict]
    pps: float | None
    name: str = ""  # as shown in the table (key plus in-sample mark)


def baseline_row(system: str, pages: list[Page], stem: str, args,
                 notes: list[str]) -> Row:
    """Run a baseline over a set, write its raw output, map it to labels."""
    print(f"  {system} ...", file=sys.stderr)
    outputs, elapsed, failed = extract_all(system, pages)
    if failed:
        notes.append(f"{stem}: {system} raised an error on {failed} page(s) "
                     "(bytes it could not decode or parse); scored as extracting nothing")
    preds, raw = [], []
    for page, ex in zip(pages, outputs):
        labels = baseline_labels(page.blocks, ex, args.threshold, args.match)
        preds.append(prediction_doc(page, labels))
        raw.append({"id": page.doc["id"], "titles": list(ex.titles),
                    "headings": list(ex.headings), "text": ex.text})
    write_jsonl(args.out / f"{stem}.{system}.raw.jsonl", raw)
    return Row(system, preds, len(pages) / elapsed if elapsed else None)


def gleaner_html_row(pages: list[Page], stem: str, args, notes: list[str]) -> Row | None:
    """gleaner classify --input html over a set's HTML files, aligned to
    the gold blocks; None (and a note) when the binary cannot do it."""
    print("  gleaner-html ...", file=sys.stderr)
    elapsed, stdout, reason = time_gleaner(args.gleaner, [p.html_path for p in pages], "html")
    if elapsed is None:
        note = f"gleaner-html: {reason}"
        if note not in notes:
            notes.append(note)
        return None
    (args.out / f"{stem}.gleaner-html.raw.jsonl").write_text(stdout, encoding="utf-8")
    preds, al, reason = gleaner_html_predictions(stdout, pages)
    if preds is None:
        notes.append(f"{stem}: {reason}; gleaner-html timed "
                     f"({len(pages) / elapsed:.1f} pages/s) but not scored")
        return None
    n = al.exact + al.normalised + al.unmatched
    notes.append(
        f"{stem}: gleaner-html blocks aligned to the gold: {al.exact} of {n} "
        f"({100 * al.exact / n if n else 0:.2f}%) with identical text, "
        f"{al.normalised} more equal after normalisation, {al.unmatched} gold "
        f"blocks unmatched (scored as predicted boilerplate); {al.extra} gleaner "
        f"blocks matched no gold block")
    return Row("gleaner-html", preds, len(pages) / elapsed if elapsed else None)


def score_row(row: Row, golds: list[dict], gold_for_eval: Path, stem: str,
              args, notes: list[str]) -> tuple[dict, str]:
    """Scores of one row by `gleaner eval` (Python cross-check; fallback),
    with n/a for labels the gold lacks or the system cannot predict."""
    pred_path = args.out / f"{stem}.{row.key}.pred.jsonl"
    write_jsonl(pred_path, row.preds)
    py = python_scores(golds, row.preds)
    ev, reason = gleaner_eval(args.gleaner, gold_for_eval, pred_path)
    if ev is None:
        src, sc = "python", dict(py)
        note = f"gleaner eval unavailable ({reason}); scores computed in compare.py"
        if note not in notes:
            notes.append(note)
    else:
        src, sc = "gleaner eval", dict(ev)
        for k in ["content_f1_blocks", "content_f1_chars"] + [f"{l}_f1" for l in LABELS]:
            if ev[k] is not None and py[k] is not None and abs(ev[k] - py[k]) > 1e-3:
                notes.append(f"{stem}/{row.key}: {k} gleaner eval {ev[k]:.4f} "
                             f"vs compare.py {py[k]:.4f}")
    can = CAN_PREDICT.get(row.key, set(LABELS))
    for label in LABELS:
        if py[f"{label}_support"] == 0 or label not in can:
            sc[f"{label}_f1"] = None  # no gold support / not predictable: n/a, not 0
    return sc, src


def set_table(stem: str, n_pages: int, scored: list, g_pps: float | None,
              timing_only: bool, in_sample: bool, golds: list[dict]) -> str:
    """The Markdown table of one set, with the gold support of the label
    columns under it (an F1 over a handful of blocks says little)."""
    lines = [f"### {stem} ({n_pages} pages)", "",
             "| system | content F1 blocks | content F1 chars | headline F1 | caption F1 "
             "| quote F1 | pages/s | × gleaner-text speed | scored by |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row, sc, src in scored:
        ratio = row.pps / g_pps if row.pps and g_pps else None
        labels = " | ".join(fmt(sc[f"{l}_f1"]) for l in LABEL_COLUMNS)
        lines.append(f"| {row.name or row.key} | {fmt(sc['content_f1_blocks'])} "
                     f"| {fmt(sc['content_f1_chars'])} | {labels} | {fmt(row.pps, 1)} "
                     f"| {fmt(ratio, 4)} | {src} |")
    if timing_only:
        lines.append(f"| gleaner-text | – | – | – | – | – | {fmt(g_pps, 1)} | 1.0000 | timing only |")
    support = Counter(b["label"] for g in golds for b in g["blocks"])
    lines += ["", "Gold blocks: " + ", ".join(f"{l} {support[l]:,}" for l in LABEL_COLUMNS)
              + f", content {sum(v for k, v in support.items() if k and k != 'boilerplate'):,}"
              + f", boilerplate {support['boilerplate']:,}, null (skipped) {support[None]:,}."]
    if in_sample:
        lines += ["", "† in-sample: gleaner's embedded model learned from these pages "
                  "(models/TRAINING-REPORT.txt); cross-validated scores are in docs/EVAL.md."]
    return "\n".join(lines)


def totals_table(sets: list[str], totals: dict[str, list[float]]) -> str | None:
    """Speed over all sets together: each system's pages over its time."""
    g_total = totals.get("gleaner-text")
    if len(sets) < 2 or not g_total or not g_total[1]:
        return None
    g_all = g_total[0] / g_total[1]
    lines = [f"### All {', '.join(sets)} pages together ({int(g_total[0])} pages)", "",
             "Total pages ÷ total time of each system's runs above.", "",
             "| system | pages/s | × gleaner-text speed | gleaner-text is ×… faster |",
             "|---|---:|---:|---:|"]
    for system, (pages_done, seconds) in totals.items():
        pps = pages_done / seconds if seconds else None
        if pps is None or pages_done != g_total[0]:
            continue  # a system that missed a set is not comparable
        lines.append(f"| {system} | {fmt(pps, 1)} | {fmt(pps / g_all, 4)} | {fmt(g_all / pps, 1)} |")
    return "\n".join(lines)


def run_set(stem: str, args, systems: list[str], in_sample: bool,
            notes: list[str], totals: dict[str, list[float]]) -> str:
    """Run, score and tabulate every system on one dev file."""
    started = time.perf_counter()
    gold_path, pages = load_set(args.shared, stem, args.limit)
    golds = [p.doc for p in pages]
    if args.limit:  # gleaner eval gets a gold file with the same pages
        gold_for_eval = args.out / f"{stem}.gold.jsonl"
        write_jsonl(gold_for_eval, golds)
    else:
        gold_for_eval = gold_path
    print(f"[{stem}] {len(pages)} pages", file=sys.stderr)

    g_time, g_stdout, g_reason = time_gleaner(args.gleaner, [p.text_path for p in pages])
    g_pps = len(pages) / g_time if g_time else None
    if g_time is None:
        notes.append(f"{stem}: gleaner not timed ({g_reason})")
    rows: list[Row] = []
    timing_only = False
    if g_stdout is not None:
        gp = gleaner_predictions(g_stdout, pages)
        if gp is None:
            timing_only = True
            notes.append(f"{stem}: gleaner classify output is not one labeled document "
                         "per file with the gold's blocks; gleaner timed but not scored")
        else:
            rows.append(Row("gleaner-text", gp, g_pps))
    for system in systems:
        if system == "gleaner-html":
            row = gleaner_html_row(pages, stem, args, notes)
            if row is not None:
                rows.append(row)
        else:
            rows.append(baseline_row(system, pages, stem, args, notes))

    scored = []
    for row in rows:
        if row.key.startswith("gleaner") and in_sample:
            row.name = f"{row.key} †"
        sc, src = score_row(row, golds, gold_for_eval, stem, args, notes)
        scored.append((row, sc, src))
    for row in rows + ([Row("gleaner-text", [], g_pps)] if timing_only else []):
        if row.pps:
            total = totals.setdefault(row.key, [0.0, 0.0])
            total[0] += len(pages)
            total[1] += len(pages) / row.pps
    table = set_table(stem, len(pages), scored, g_pps, timing_only, in_sample, golds)
    seconds = time.perf_counter() - started
    print(f"[{stem}] done in {seconds:.0f} s", file=sys.stderr)
    return table + (f"\n\nThis set took {seconds:.0f} s of wall time "
                    "(all systems, mapping and scoring included).")


def shown_options(args, sets: list[str], systems: list[str]) -> list[str]:
    """The options that change what results.md holds (not paths of this
    machine), to print in its first line."""
    shown = []
    if args.limit:
        shown += ["--limit", str(args.limit)]
    if sets != DEFAULT_SETS:
        shown += ["--sets", ",".join(sets)]
    if systems != SYSTEMS:
        shown += ["--systems", ",".join(systems)]
    if args.gleaner != REPO / "target" / "release" / "gleaner":
        shown += ["--gleaner", str(args.gleaner)]
    if args.match != "claim" or args.threshold != 0.5:
        shown += ["--match", args.match, "--threshold", str(args.threshold)]
    return shown


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path,
                    default=Path(os.environ.get("GLEANER_SHARED", REPO.parent / "shared")),
                    help="shared folder holding data/dev (env GLEANER_SHARED, default ../shared from the repo root)")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS),
                    help="comma-separated dev files, from " + ", ".join(SETS)
                    + " (default: %(default)s)")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated systems besides gleaner-text, which always runs "
                    "(default: %(default)s)")
    ap.add_argument("--limit", type=int, default=None, help="pages per dev file (quick run)")
    ap.add_argument("--gleaner", type=Path, default=REPO / "target" / "release" / "gleaner")
    ap.add_argument("--out", type=Path, default=HERE / "out",
                    help="predictions and raw outputs (gitignored; holds page text)")
    ap.add_argument("--results", type=Path, default=HERE / "results.md")
    ap.add_argument("--match", choices=["claim", "overlap"], default="claim",
                    help="mapping rule, see map_blocks (default: %(default)s)")
    ap.add_argument("--threshold", type=float, default=0.5,
                    help="share of a block's tokens that must be found (default: %(default)s)")
    ap.add_argument("--no-pin", action="store_true",
                    help="do not pin this process (and gleaner) to one CPU")
    args = ap.parse_args(argv)

    logging.disable(logging.CRITICAL)  # trafilatura/htmldate log per page
    sets = [s for s in args.sets.split(",") if s]
    systems = [s for s in args.systems.split(",") if s]
    for s in sets:
        if s not in SETS:
            ap.error(f"unknown set {s!r}; choose from {', '.join(SETS)}")
    for s in systems:
        if s not in SYSTEMS:
            ap.error(f"unknown system {s!r}; choose from {', '.join(SYSTEMS)}")
    if not (args.shared / "data" / "dev").is_dir():
        ap.error(f"no data/dev under {args.shared}; set GLEANER_SHARED")
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})  # gleaner's subprocess inherits this
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    load_start = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    notes: list[str] = []
    # Per system over all sets: [pages, seconds] (the reference
    # speeds, ≈30 pages/s for trafilatura on HTML, are over all dev pages).
    totals: dict[str, list[float]] = {}
    trained_on = in_sample_sets()
    sections = [run_set(stem, args, systems, stem in trained_on, notes, totals)
                for stem in sets]
    together = totals_table(sets, totals)
    if together:
        sections.append(together)
    wall = time.perf_counter() - started
    load_end = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    header = [
        "# gleaner vs trafilatura, readability-lxml and jusText",
        "",
        "Generated by `bash bench/compare/run.sh"
        + "".join(f" {a}" for a in shown_options(args, sets, systems))
        + f"` in {wall / 60:.1f} minutes. "
        f"Mapping rule: `{args.match}`, threshold {args.threshold} (see README.md). "
        "Content = any label except boilerplate; null gold labels skipped. "
        "Label F1: n/a where the gold has no such label or the system cannot "
        "predict it. "
        "pages/s: extraction wall time only, one process pinned to one CPU; "
        "gleaner: one `classify` process per set over its text (gleaner-text) or "
        "HTML (gleaner-html) files, RAYON_NUM_THREADS=1 "
        "(process start-up and file reading included). "
        "'× gleaner-text speed' = system pages/s ÷ gleaner-text pages/s. "
        # Others' work on the machine slows every timing: say how busy it was.
        f"Load average (1 min) at start / end: {fmt(load_start, 1)} / {fmt(load_end, 1)} "
        f"on {os.cpu_count()} CPUs.",
        "",
        "",
    ]
    doc = "\n".join(header) + "\n\n".join(sections) + "\n"
    if notes:
        doc += "\nNotes:\n" + "".join(f"- {n}\n" for n in notes)
    print(doc)
    args.results.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
