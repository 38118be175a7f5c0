#!/usr/bin/env python3
"""Compare gleaner against trafilatura and jusText on the dev sets.

For every dev file and every baseline system (trafilatura / jusText, each on
the original HTML and on the plain-text rendering wrapped as one <p> per
block) this script

1. runs the tool on every page and times the extraction alone,
2. maps the tool's extracted text back to the gold blocks (see
   ``map_blocks`` and README.md for the rule),
3. writes a predictions file in labeled-document JSONL (same ids and blocks
   as the gold; label ``body`` for extracted blocks, ``boilerplate``
   otherwise, ``headline`` for the block equal to trafilatura's title),
4. scores it with ``gleaner eval GOLD --predicted PRED --format json`` and,
   as a cross-check, with the same content-vs-boilerplate F1 computed here.

It also times ``gleaner classify --format jsonl`` over the same plain-text
pages (one process, ``RAYON_NUM_THREADS=1``) and prints a Markdown table,
which is also written to ``results.md`` beside this file.

Page text belongs to its publishers: predictions and raw tool outputs go to
``--out`` (default ``bench/compare/out/``, gitignored), never into the repo.
"""

from __future__ import annotations

import argparse
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
}

SYSTEMS = ["trafilatura-html", "justext-html", "trafilatura-text", "justext-text"]

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


# ----------------------------------------------------------------- tools ---

def wrap_plain_text(blocks: list[str]) -> str:
    """The plain-text page as minimal HTML: one escaped <p> per block."""
    paras = "\n".join(
        "<p>" + html.escape(b).replace("\n", "<br>\n") + "</p>" for b in blocks
    )
    return ('<html><head><meta charset="utf-8"></head><body>\n'
            + paras + "\n</body></html>")


def run_trafilatura(page, lang):
    import trafilatura
    doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    if doc is None:
        return "", None
    return doc.text or "", doc.title


def run_justext(page, lang):
    import justext
    stoplist = justext.get_stoplist(JUSTEXT_LANG.get(lang or "en", "English"))
    if isinstance(page, str):
        page = page.encode("utf-8")
    paragraphs = justext.justext(page, stoplist)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate), None


TOOLS = {
    "trafilatura-html": (run_trafilatura, "html"),
    "justext-html": (run_justext, "html"),
    "trafilatura-text": (run_trafilatura, "wrapped"),
    "justext-text": (run_justext, "wrapped"),
}

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
    """Content-vs-boilerplate F1 (blocks, chars) and headline F1.

    content = any label except boilerplate; blocks with a null gold label
    are skipped. Headline F1 is None when the gold has no headline blocks.
    """
    cb = [0, 0, 0]  # tp fp fn, blocks
    cc = [0, 0, 0]  # tp fp fn, chars
    hb = [0, 0, 0]
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
            gh, ph = gb["label"] == "headline", pb["label"] == "headline"
            hb[0] += gh and ph
            hb[1] += ph and not gh
            hb[2] += gh and not ph
    return {
        "content_f1_blocks": f1(*cb),
        "content_f1_chars": f1(*cc),
        "headline_f1": f1(*hb) if hb[0] + hb[2] else None,
    }


def _find_label_f1(obj, label):
    """Find the F1 of `label` in gleaner's eval JSON, whatever its nesting."""
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
        "headline_f1": _find_label_f1(data, "headline"),
    }
    if scores["content_f1_blocks"] is None:
        return None, "gleaner eval JSON has no content_f1_blocks"
    return scores, "ok"


# ---------------------------------------------------------------- gleaner ---

def time_gleaner(gleaner: Path, pages: list[Page]) -> tuple[float | None, str | None, str]:
    """Wall time of one `gleaner classify` process over all pages' text files."""
    if not gleaner.exists():
        return None, None, f"{gleaner} not found"
    cmd = [str(gleaner), "classify", "--format", "jsonl"] + [str(p.text_path) for p in pages]
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    t0 = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, None, f"gleaner classify failed: {e}"
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        return None, None, f"gleaner classify exited {out.returncode}: {out.stderr.strip()[:200]}"
    return elapsed, out.stdout, "ok"


def gleaner_predictions(stdout: str, pages: list[Page]) -> list[dict] | None:
    """gleaner's classify output as predictions aligned to the gold, if it
    is one labeled document per input file, in order, with the gold's blocks."""
    docs = []
    for line in stdout.splitlines():
        if line.strip():
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError:
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
        if any(l not in ("headline", "caption", "body", "quote", "boilerplate") for l in labels):
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


def extract_all(system: str, pages: list[Page]) -> tuple[list[tuple[str, str | None]], float]:
    """Run one tool over all pages; returns outputs and the summed wall time
    of the tool calls (inputs are read and wrapped before timing)."""
    fn, kind = TOOLS[system]
    if kind == "html":
        inputs = [p.html_path.read_bytes() for p in pages]
    else:
        inputs = [wrap_plain_text(p.text_path.read_text(encoding="utf-8").split("\n\n"))
                  for p in pages]
    langs = [p.doc.get("lang") for p in pages]
    if inputs:  # warm-up call (imports, lazy tables), not timed
        fn(inputs[0], langs[0])
    outputs, elapsed = [], 0.0
    for page_input, lang in zip(inputs, langs):
        t0 = time.perf_counter()
        try:
            out = fn(page_input, lang)
        except Exception as e:  # a tool crashing on a page extracts nothing
            print(f"  {system}: error on a page: {type(e).__name__}: {e}", file=sys.stderr)
            out = ("", None)
        elapsed += time.perf_counter() - t0
        outputs.append(out)
    return outputs, elapsed


def fmt(x, digits=3):
    return "n/a" if x is None else f"{x:.{digits}f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path,
                    default=Path(os.environ.get("GLEANER_SHARED", REPO.parent / "shared")),
                    help="shared folder holding data/dev (env GLEANER_SHARED, default ../shared from the repo root)")
    ap.add_argument("--sets", default=",".join(SETS),
                    help="comma-separated dev files (default: %(default)s)")
    ap.add_argument("--systems", default=",".join(SYSTEMS),
                    help="comma-separated baselines (default: %(default)s)")
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
        if s not in TOOLS:
            ap.error(f"unknown system {s!r}; choose from {', '.join(TOOLS)}")
    if not (args.shared / "data" / "dev").is_dir():
        ap.error(f"no data/dev under {args.shared}; set GLEANER_SHARED")
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})  # gleaner's subprocess inherits this
    args.out.mkdir(parents=True, exist_ok=True)

    notes: list[str] = []
    sections: list[str] = []
    # Per system over all sets: [pages, seconds] (the reference
    # speeds, ≈30 pages/s for trafilatura on HTML, are over all dev pages).
    totals: dict[str, list[float]] = {}
    for stem in sets:
        gold_path, pages = load_set(args.shared, stem, args.limit)
        golds = [p.doc for p in pages]
        if args.limit:  # gleaner eval gets a gold file with the same pages
            gold_for_eval = args.out / f"{stem}.gold.jsonl"
            write_jsonl(gold_for_eval, golds)
        else:
            gold_for_eval = gold_path
        print(f"[{stem}] {len(pages)} pages", file=sys.stderr)

        g_time, g_stdout, g_reason = time_gleaner(args.gleaner, pages)
        g_pps = len(pages) / g_time if g_time else None
        if g_time is None:
            notes.append(f"{stem}: gleaner not timed ({g_reason})")
        rows = []
        systems_preds = []
        if g_stdout is not None:
            gp = gleaner_predictions(g_stdout, pages)
            if gp is None:
                notes.append(f"{stem}: gleaner classify output is not one labeled document "
                             "per file with the gold's blocks; gleaner timed but not scored")
            else:
                systems_preds.append(("gleaner (text, embedded model: in-sample, it learned from these pages; see docs/EVAL.md for cross-validated scores)", gp, g_pps))
        for system in systems:
            print(f"  {system} ...", file=sys.stderr)
            outputs, elapsed = extract_all(system, pages)
            preds, raw = [], []
            for page, (text, title) in zip(pages, outputs):
                extracted = map_blocks(page.blocks, text, args.threshold, args.match)
                labels = ["body" if e else "boilerplate" for e in extracted]
                h = headline_index(page.blocks, title)
                if h is not None:
                    labels[h] = "headline"
                preds.append(prediction_doc(page, labels))
                raw.append({"id": page.doc["id"], "title": title, "text": text})
            write_jsonl(args.out / f"{stem}.{system}.raw.jsonl", raw)
            systems_preds.append((system, preds, len(pages) / elapsed if elapsed else None))

        for system, preds, pps in systems_preds:
            pred_path = args.out / f"{stem}.{system.split()[0]}.pred.jsonl"
            write_jsonl(pred_path, preds)
            py = python_scores(golds, preds)
            ev, reason = gleaner_eval(args.gleaner, gold_for_eval, pred_path)
            if ev is None:
                src, sc = "python", py
                note = f"gleaner eval unavailable ({reason}); scores computed in compare.py"
                if note not in notes:
                    notes.append(note)
            else:
                src, sc = "gleaner eval", dict(ev)
                if sc["headline_f1"] is None or py["headline_f1"] is None:
                    # no headline in this gold set: report n/a, not 0
                    sc["headline_f1"] = py["headline_f1"]
                for k in ("content_f1_blocks", "content_f1_chars", "headline_f1"):
                    if ev[k] is not None and py[k] is not None and abs(ev[k] - py[k]) > 1e-3:
                        notes.append(f"{stem}/{system}: {k} gleaner eval {ev[k]:.4f} "
                                     f"vs compare.py {py[k]:.4f}")
            if system.startswith("justext"):
                sc["headline_f1"] = None  # jusText predicts no headlines
            ratio = pps / g_pps if pps and g_pps else None
            rows.append((system, sc, pps, ratio, src))
            if pps:
                total = totals.setdefault(system.split()[0], [0.0, 0.0])
                total[0] += len(pages)
                total[1] += len(pages) / pps

        lines = [f"### {stem} ({len(pages)} pages)", "",
                 "| system | content F1 blocks | content F1 chars | headline F1 | pages/s | × gleaner speed | scored by |",
                 "|---|---:|---:|---:|---:|---:|---|"]
        for system, sc, pps, ratio, src in rows:
            lines.append(f"| {system} | {fmt(sc['content_f1_blocks'])} | {fmt(sc['content_f1_chars'])} "
                         f"| {fmt(sc['headline_f1'])} | {fmt(pps, 1)} | {fmt(ratio, 4)} | {src} |")
        if g_pps and not any(r[0].startswith("gleaner") for r in rows):
            lines.append(f"| gleaner (text) | – | – | – | {fmt(g_pps, 1)} | 1.0000 | timing only |")
        sections.append("\n".join(lines))

    g_total = totals.get("gleaner")
    if len(sets) > 1 and g_total and g_total[1]:
        g_all = g_total[0] / g_total[1]
        lines = [f"### All {', '.join(sets)} pages together ({int(g_total[0])} pages)", "",
                 "Total pages ÷ total time of each system's runs above.", "",
                 "| system | pages/s | × gleaner speed | gleaner is ×… faster |",
                 "|---|---:|---:|---:|"]
        for system, (pages_done, seconds) in totals.items():
            pps = pages_done / seconds if seconds else None
            if pps is None or pages_done != g_total[0]:
                continue  # a system that missed a set is not comparable
            lines.append(f"| {system} | {fmt(pps, 1)} | {fmt(pps / g_all, 4)} | {fmt(g_all / pps, 1)} |")
        sections.append("\n".join(lines))

    header = [
        "# gleaner vs trafilatura and jusText",
        "",
        f"Generated by `bash bench/compare/run.sh`"
        + (f" with `--limit {args.limit}`" if args.limit else "") + ". "
        f"Mapping rule: `{args.match}`, threshold {args.threshold} (see README.md). "
        "Content = any label except boilerplate; null gold labels skipped. "
        "pages/s: extraction wall time only, one process pinned to one CPU; "
        "gleaner: one `classify` process over all text files, RAYON_NUM_THREADS=1 "
        "(process start-up and file reading included). "
        "'× gleaner speed' = system pages/s ÷ gleaner pages/s.",
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
