#!/usr/bin/env python3
"""Generate gleaner's labeled mixed-language test set (tests/data/langs/mixed.jsonl).

Reads the authored snippets in snippets.json (same folder) and assembles
documents: a main-language article (headline, paragraphs, bylines, menus,
footers, brand-ish boilerplate) plus, for the mixed kinds, one planted stretch
in another language. Every block and every mixed-language segment is labeled
with UTF-8 byte spans. See README.md for the schema.

Python 3.11, standard library only, deterministic (fixed SEED below): running it
twice gives byte-identical output.

    python3 tests/data/langs/generate.py           # (re)write mixed.jsonl, print stats
    python3 tests/data/langs/generate.py --check   # exit 1 if mixed.jsonl is stale
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

# Fixed seed: change it only on purpose (the whole set changes with it).
SEED = 20250312

HERE = Path(__file__).resolve().parent
SNIPPETS = HERE / "snippets.json"
OUTPUT = HERE / "mixed.jsonl"

KINDS = ["footer", "banner", "menu", "quote"]  # mixed kinds, in rotation
MONO_PER_LANG = 6   # monolingual docs per main language
ROUNDS = 9          # mixed docs per main language (= foreign docs per language)
MIN_BLOCKS, MAX_BLOCKS = 4, 30
MIN_QUOTE_LETTERS = 40
MIN_MENU_LETTERS = 60

# Quotation marks the main language wraps a quotation in (open, close).
QUOTE_MARKS = {
    "en": ("\u201c", "\u201d"),            # “ ”
    "pl": ("\u201e", "\u201d"),            # „ ”
    "de": ("\u201e", "\u201c"),            # „ “
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb"),  # « … » with no-break spaces
    "es": ("\u00ab", "\u00bb"),            # « »
    "it": ("\u00ab", "\u00bb"),
    "pt": ("\u00ab", "\u00bb"),
    "nl": ("\u201c", "\u201d"),
    "cs": ("\u201e", "\u201c"),            # „ “
    "sv": ("\u201d", "\u201d"),            # ” ”
    "ru": ("\u00ab", "\u00bb"),
    "uk": ("\u00ab", "\u00bb"),
    "tr": ("\u201c", "\u201d"),
    "ar": ("\u00ab", "\u00bb"),
    "zh": ("\u201c", "\u201d"),
    "ja": ("\u300c", "\u300d"),            # 「 」
    "ko": ("\u201c", "\u201d"),
    "el": ("\u00ab", "\u00bb"),
    "hu": ("\u201e", "\u201d"),            # „ ”
    "fi": ("\u201d", "\u201d"),            # ” ”
    "ro": ("\u201e", "\u201d"),            # „ ”
}
# Languages whose sentences are joined without a space.
NO_SPACE = {"zh", "ja"}
MENU_SEPARATORS = [" | ", " · ", " / ", "  |  "]
SCRIPT_GROUP = {  # coarse script families, for the pairing statistics
    "Latin": "Latin", "Cyrillic": "Cyrillic", "Greek": "Greek", "Arabic": "Arabic",
    "Han": "CJK", "Japanese": "CJK", "Hangul": "CJK",
}


def letters(s: str) -> int:
    return sum(ch.isalpha() for ch in s)


# ---------------------------------------------------------------------------
# Which (main, foreign) pairs: ROUNDS permutations without fixed points. Each
# round makes every language main once and foreign once, so each language is
# main in ROUNDS mixed docs and foreign in ROUNDS docs. The first two rounds
# are written by hand so the same-script pairs asked for are present in both
# directions; the rest are seeded random derangements.
# ---------------------------------------------------------------------------
HAND_ROUNDS = [
    # swaps: en/pl, de/nl, es/pt, ru/uk, fr/ar, it/ja, sv/zh, tr/ko, el/hu; cycle cs>fi>ro>cs
    [("en", "pl"), ("de", "nl"), ("es", "pt"), ("ru", "uk"), ("fr", "ar"), ("it", "ja"),
     ("sv", "zh"), ("tr", "ko"), ("el", "hu"), ("cs", "fi", "ro")],
    # swaps: cs/pl, en/zh, de/ar, fr/uk, es/it, pt/ko, nl/el, sv/fi, ru/tr; cycle ja>ro>hu>ja
    [("pl", "cs"), ("en", "zh"), ("de", "ar"), ("fr", "uk"), ("es", "it"), ("pt", "ko"),
     ("nl", "el"), ("sv", "fi"), ("ru", "tr"), ("ja", "ro", "hu")],
]


def cycles_to_map(cycles):
    m = {}
    for cyc in cycles:
        for i, a in enumerate(cyc):
            m[a] = cyc[(i + 1) % len(cyc)]
    return m


def plan_pairs(langs, rng):
    rounds = []
    used = set()
    for cycles in HAND_ROUNDS:
        m = cycles_to_map(cycles)
        assert sorted(m) == sorted(langs) and sorted(m.values()) == sorted(langs), cycles
        rounds.append(m)
        used |= set(m.items())
    while len(rounds) < ROUNDS:
        m = random_matching(langs, used, rng)
        rounds.append(m)
        used |= set(m.items())
    return rounds


def random_matching(langs, used, rng):
    """A permutation main -> foreign with no fixed point and no pair from `used`
    (a perfect bipartite matching, found by augmenting paths over shuffled candidates)."""
    cand = {}
    for a in langs:
        c = [b for b in langs if b != a and (a, b) not in used]
        rng.shuffle(c)
        cand[a] = c
    owner = {}  # foreign -> main

    def augment(a, seen):
        for b in cand[a]:
            if b in seen:
                continue
            seen.add(b)
            if b not in owner or augment(owner[b], seen):
                owner[b] = a
                return True
        return False

    order = langs[:]
    rng.shuffle(order)
    for a in order:
        if not augment(a, set()):
            raise RuntimeError("no fresh derangement left")
    return {a: b for b, a in owner.items()}


# ---------------------------------------------------------------------------
# Document assembly
# ---------------------------------------------------------------------------
class Builder:
    def __init__(self):
        self.blocks = []   # [text, lang or None]
        self.quotes = []   # (block index, char prefix before quote, quote text, lang)

    def add(self, text, lang):
        self.blocks.append([text, lang])

    def __len__(self):
        return len(self.blocks)


def pick_menu(items, rng, min_letters):
    """A prefix of the menu (>= 6 items) with at least min_letters letters."""
    n = len(items)
    choices = [k for k in range(6, n + 1) if letters("".join(items[:k])) >= min_letters]
    if not choices:
        raise ValueError(f"menu too short in letters: {items}")
    return items[: rng.choice(choices)]


def render_menu(items, rng):
    """A menu as a run of blocks: one block per item, one block of lines, or one inline block."""
    mode = rng.choice(["blocks", "blocks", "lines", "inline"])
    if mode == "blocks":
        return list(items)
    if mode == "lines":
        return ["\n".join(items)]
    return [rng.choice(MENU_SEPARATORS).join(items)]


def neutral_line(S, rng):
    return rng.choice(S["neutral"])


def quote_paragraph(base, main, intro, quote):
    """Paragraph `base` + intro sentence + quotation in main's marks; returns (text, prefix)."""
    j = "" if main in NO_SPACE else " "
    op, cl = QUOTE_MARKS[main]
    prefix = base + j + intro + j + op
    return prefix + quote + cl, prefix


def build_doc(S, main, foreign, kind, rng):
    L = S["languages"]
    M = L[main]
    F = L[foreign] if foreign else None
    mono = kind == "monolingual"
    b = Builder()
    p_neutral = 0.35 if mono else 0.15

    # --- top of the page -------------------------------------------------
    banner_pos = rng.choice(["top", "bottom"]) if kind == "banner" else None
    menu_pos = rng.choice(["top", "bottom"]) if kind == "menu" else None
    if banner_pos == "top":
        b.add(rng.choice(F["banners"]), foreign)
    if mono and rng.random() < 0.3:
        b.add(rng.choice(M["banners"]), main)
    if rng.random() < (0.7 if mono else 0.4):
        b.add(neutral_line(S, rng), None)
    if rng.random() < (0.5 if mono else 0.25):
        for t in render_menu(pick_menu(rng.choice(M["menus"]), rng, 0), rng):
            b.add(t, main)
    if menu_pos == "top":
        for t in render_menu(pick_menu(rng.choice(F["menus"]), rng, MIN_MENU_LETTERS), rng):
            b.add(t, foreign)
        if rng.random() < 0.5:
            b.add(neutral_line(S, rng), None)

    # --- the article -----------------------------------------------------
    b.add(rng.choice(M["headlines"]), main)
    r = rng.random()
    if r < 0.4:
        b.add(rng.choice(M["bylines"]), main)
    elif r < 0.7:
        b.add(neutral_line(S, rng), None)
    n_par = rng.randint(2, min(8, len(M["paragraphs"])))
    paras = rng.sample(M["paragraphs"], n_par)
    quote_at = rng.randrange(n_par) if (kind == "quote" or (mono and rng.random() < 0.5)) else None
    for i, p in enumerate(paras):
        if i == quote_at:
            if kind == "quote":
                q, qlang = rng.choice(F["quotes"]), foreign
            else:  # monolingual: a quotation in the main language itself (no segment)
                q, qlang = rng.choice(M["quotes"]), main
            text, prefix = quote_paragraph(p, main, rng.choice(M["quote_intros"]), q)
            b.quotes.append((len(b), prefix, q, qlang))
            b.add(text, main)
        else:
            b.add(p, main)
        if i < n_par - 1 and rng.random() < p_neutral:
            b.add(neutral_line(S, rng), None)
    if rng.random() < (0.6 if mono else 0.3):
        b.add(rng.choice(["Read more", "Newsletter", "Facebook", "Instagram | X | YouTube",
                          "PDF | Print | Share", "#news #local #2025"]), None)

    # --- bottom of the page ----------------------------------------------
    if menu_pos == "bottom" and rng.random() < 0.5:
        for t in render_menu(pick_menu(rng.choice(F["menus"]), rng, MIN_MENU_LETTERS), rng):
            b.add(t, foreign)
        menu_pos = "done"
    if rng.random() < (0.8 if mono else 0.5):
        b.add(rng.choice(M["footers"]), main)
    if kind == "footer":
        if rng.random() < 0.3:  # two consecutive foreign footer blocks = one segment
            for t in rng.sample(F["footers"], 2):
                b.add(t, foreign)
        else:
            b.add(rng.choice(F["footers"]), foreign)
    if menu_pos == "bottom":
        for t in render_menu(pick_menu(rng.choice(F["menus"]), rng, MIN_MENU_LETTERS), rng):
            b.add(t, foreign)
    for _ in range(rng.choice([0, 0, 1, 1, 2] if not mono else [1, 2, 2, 3])):
        b.add(neutral_line(S, rng), None)
    if banner_pos == "bottom":
        b.add(rng.choice(F["banners"]), foreign)
    return b


def merge_adjacent_neutral(b):
    """Two neutral lines in a row are fine, but identical neighbours look silly: drop repeats."""
    out, quotes_map = [], {}
    for i, blk in enumerate(b.blocks):
        if out and blk[1] is None and out[-1][1] is None and out[-1][0] == blk[0]:
            continue
        quotes_map[i] = len(out)
        out.append(blk)
    b.quotes = [(quotes_map[i], p, q, l) for (i, p, q, l) in b.quotes]
    b.blocks = out


def finalize(doc_id, kind, main, b):
    """Join blocks, compute byte spans, derive gold segments."""
    texts = [t for t, _ in b.blocks]
    text = "\n\n".join(texts) + "\n"
    blocks, pos = [], 0
    for t, lang in b.blocks:
        n = len(t.encode("utf-8"))
        blocks.append({"start": pos, "end": pos + n, "lang": lang})
        pos += n + 2
    segments = []
    # runs of consecutive foreign blocks of one language
    i = 0
    while i < len(blocks):
        lang = blocks[i]["lang"]
        if lang is not None and lang != main:
            j = i
            while j + 1 < len(blocks) and blocks[j + 1]["lang"] == lang:
                j += 1
            segments.append({"start": blocks[i]["start"], "end": blocks[j]["end"], "lang": lang})
            i = j + 1
        else:
            i += 1
    # quotations inside paragraphs
    for bi, prefix, q, qlang in b.quotes:
        if qlang == main:
            continue
        s = blocks[bi]["start"] + len(prefix.encode("utf-8"))
        segments.append({"start": s, "end": s + len(q.encode("utf-8")), "lang": qlang})
    segments.sort(key=lambda s: s["start"])
    return {"id": doc_id, "kind": kind, "main": main, "text": text,
            "blocks": blocks, "segments": segments}


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
def validate(docs, S, expected):
    """expected: id -> (list of block texts, list of segment texts)."""
    langs = set(S["languages"])
    ids = [d["id"] for d in docs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for d in docs:
        did, text, main = d["id"], d["text"], d["main"]
        assert d["kind"] in KINDS + ["monolingual"], did
        assert main in langs, did
        assert text.endswith("\n") and not text.endswith("\n\n"), did
        assert "\r" not in text and "\n\n\n" not in text, did
        raw = text.encode("utf-8")
        btexts, stexts = expected[did]
        blocks = d["blocks"]
        assert MIN_BLOCKS <= len(blocks) <= MAX_BLOCKS, (did, len(blocks))
        assert len(blocks) == len(btexts), did
        # blocks tile the text exactly: block, "\n\n", block, ..., block, "\n"
        assert blocks[0]["start"] == 0, did
        for k, (blk, want) in enumerate(zip(blocks, btexts)):
            got = raw[blk["start"]:blk["end"]].decode("utf-8")  # fails if not on a char boundary
            assert got == want, (did, k)
            assert got and all(line.strip() for line in got.split("\n")), (did, k, "blank line in block")
            assert blk["lang"] is None or blk["lang"] in langs, (did, k)
            if k + 1 < len(blocks):
                assert raw[blk["end"]:blocks[k + 1]["start"]] == b"\n\n", (did, k)
            else:
                assert raw[blk["end"]:] == b"\n", (did, k)
        assert blocks[-1]["end"] == len(raw) - 1, did
        # re-splitting the text on blank lines gives the same blocks
        assert text[:-1].split("\n\n") == btexts, did
        # segments
        segs = d["segments"]
        assert len(segs) == len(stexts), did
        prev_end = -1
        for s, want in zip(segs, stexts):
            assert s["lang"] in langs and s["lang"] != main, did
            assert s["start"] >= prev_end, (did, "overlap")
            prev_end = s["end"]
            got = raw[s["start"]:s["end"]].decode("utf-8")
            assert got == want, (did, got[:40], want[:40])
            assert got == got.strip(), did
        if d["kind"] == "monolingual":
            assert not segs, did
            assert all(b["lang"] in (None, main) for b in blocks), did
        else:
            assert len(segs) == 1, (did, segs)
            s = segs[0]
            if d["kind"] == "quote":
                assert letters(stexts[0]) >= MIN_QUOTE_LETTERS, did
                inside = [b for b in blocks if b["start"] < s["start"] and s["end"] < b["end"]]
                assert len(inside) == 1 and inside[0]["lang"] == main, did
            else:
                covered = [b for b in blocks if s["start"] <= b["start"] and b["end"] <= s["end"]]
                assert covered and covered[0]["start"] == s["start"] and covered[-1]["end"] == s["end"], did
                assert all(b["lang"] == s["lang"] for b in covered), did
                if d["kind"] == "menu":
                    assert letters(stexts[0]) >= MIN_MENU_LETTERS, did
    # coverage requirements
    n = len(docs)
    kinds = Counter(d["kind"] for d in docs)
    assert kinds["monolingual"] >= 0.35 * n, kinds
    main_c = Counter(d["main"] for d in docs)
    foreign_c = Counter(s["lang"] for d in docs for s in d["segments"])
    for l in langs:
        assert main_c[l] >= 8 and foreign_c[l] >= 8, (l, main_c[l], foreign_c[l])


def check_snippets(S):
    for l, d in S["languages"].items():
        need = {"paragraphs": 8, "headlines": 4, "footers": 4, "banners": 3,
                "menus": 2, "quotes": 4, "quote_intros": 4, "bylines": 1}
        for k, m in need.items():
            assert len(d[k]) >= m, (l, k)
        for q in d["quotes"]:
            assert letters(q) >= MIN_QUOTE_LETTERS, (l, q)
            assert "\n" not in q
        for m in d["menus"]:
            assert 6 <= len(m) <= 12 and letters("".join(m)) >= MIN_MENU_LETTERS, (l, m)
        for f in d["footers"]:
            assert 1 <= len(f.split("\n")) <= 4, (l, f)
        for k in ("paragraphs", "headlines", "bylines", "quote_intros"):
            assert all("\n" not in t for t in d[k]), (l, k)
        for k, v in d.items():
            if isinstance(v, list):
                for t in (v if k != "menus" else [x for m in v for x in m]):
                    assert all(line.strip() == line and line for line in t.split("\n")), (l, k, t)
    assert len(S["neutral"]) >= 6


# ---------------------------------------------------------------------------
def generate():
    S = json.loads(SNIPPETS.read_text(encoding="utf-8"))
    check_snippets(S)
    langs = list(S["languages"])
    assert set(langs) == set(QUOTE_MARKS), "every language needs quotation marks"
    rng = random.Random(SEED)
    rounds = plan_pairs(langs, rng)
    plan = []
    for r, m in enumerate(rounds):
        for i, main in enumerate(langs):
            plan.append((main, m[main], KINDS[(r + i) % len(KINDS)]))
    for main in langs:
        plan += [(main, None, "monolingual")] * MONO_PER_LANG
    rng.shuffle(plan)

    docs, expected = [], {}
    for n, (main, foreign, kind) in enumerate(plan, 1):
        doc_id = f"langs/{n:04d}"
        drng = random.Random(SEED * 10007 + n)
        for _ in range(100):
            b = build_doc(S, main, foreign, kind, drng)
            merge_adjacent_neutral(b)
            if MIN_BLOCKS <= len(b) <= MAX_BLOCKS:
                break
        else:
            raise RuntimeError(f"{doc_id}: could not fit {MIN_BLOCKS}..{MAX_BLOCKS} blocks")
        d = finalize(doc_id, kind, main, b)
        # expected strings, straight from the builder, for validation
        btexts = [t for t, _ in b.blocks]
        stexts = []
        # recompute segment strings independently of byte arithmetic
        runs, i = [], 0
        while i < len(b.blocks):
            lang = b.blocks[i][1]
            if lang is not None and lang != main:
                j = i
                while j + 1 < len(b.blocks) and b.blocks[j + 1][1] == lang:
                    j += 1
                runs.append((i, "\n\n".join(t for t, _ in b.blocks[i:j + 1])))
                i = j + 1
            else:
                i += 1
        qs = [(bi, q) for bi, _, q, ql in b.quotes if ql != main]
        stexts = [t for _, t in sorted(runs + qs, key=lambda x: x[0])]
        expected[doc_id] = (btexts, stexts)
        docs.append(d)
    validate(docs, S, expected)
    return S, docs


def dump(docs):
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def stats(S, docs):
    scripts = {l: SCRIPT_GROUP[d["script"]] for l, d in S["languages"].items()}
    kinds = Counter(d["kind"] for d in docs)
    lines = [f"documents: {len(docs)}",
             "kinds: " + ", ".join(f"{k}={kinds[k]}" for k in KINDS + ["monolingual"])
             + f" (monolingual {kinds['monolingual'] / len(docs):.0%})"]
    main_c = Counter(d["main"] for d in docs)
    foreign_c = Counter(s["lang"] for d in docs for s in d["segments"])
    lines.append("main/foreign per language: " + ", ".join(
        f"{l}={main_c[l]}/{foreign_c[l]}" for l in S["languages"]))
    pair = Counter()
    for d in docs:
        for s in d["segments"]:
            pair[(scripts[d["main"]], scripts[s["lang"]])] += 1
    lines.append("script pairs (main>foreign): " + ", ".join(
        f"{a}>{b}={n}" for (a, b), n in sorted(pair.items())))
    nb = [len(d["blocks"]) for d in docs]
    lines.append(f"blocks per doc: min {min(nb)}, max {max(nb)}, mean {sum(nb) / len(nb):.1f}")
    nullb = sum(b["lang"] is None for d in docs for b in d["blocks"])
    lines.append(f"blocks: {sum(nb)} total, {nullb} with lang null")
    return "\n".join(lines)


def main(argv):
    S, docs = generate()
    out = dump(docs)
    if "--check" in argv:
        cur = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if cur != out:
            print(f"{OUTPUT.name} is stale: run generate.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(docs)} documents)")
        return 0
    OUTPUT.write_text(out, encoding="utf-8")
    print(stats(S, docs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
