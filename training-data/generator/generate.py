#!/usr/bin/env python3
"""Compose gleaner's synthetic multilingual training corpus.

Reads every ``parts/<lang>.json`` next to this script (schema: PARTS-SCHEMA.md)
and writes scraped-looking, fully labeled pages in gleaner's hand-annotation
format (docs/ANNOTATION-FORMAT.md) to

    training-data/train/<lang>.ann.txt
    training-data/heldout/<lang>.ann.txt

and, through ``html_pages.py``, the same kind of pages as HTML documents with
labeled-document JSONL records (``training-data/{train,heldout}-html/``),
each checked against a reader of shared/data/FORMAT.md's HTML rules.

Deterministic: every random choice comes from ``random.Random`` instances whose
seeds are derived from ``SEED`` and the language code (see ``rng_for``), files
are read in sorted order and no unsorted dict/set iteration decides anything.
Python 3.11, standard library only.  Usage:

    python3 training-data/generator/generate.py [--check-only]

``--check-only`` validates the parts files and the existing output without
writing anything.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# Fixed parameters.  Changing any of them changes the whole corpus.
# --------------------------------------------------------------------------
SEED = 20250311            # the corpus seed; documented in README.md
DOCS_PER_LANG = 26         # documents per language (train + heldout)
HELDOUT_ARTICLE_SHARE = 0.2  # share of each language's ARTICLES held out
HELDOUT_DOC_SHARE = 0.2    # share of each language's documents in heldout
FOREIGN_BOILERPLATE_RATE = 0.2
FOREIGN_QUOTE_RATE = 0.065  # plus one forced page per language: ~10% overall
MIN_BLOCKS, MAX_BLOCKS = 5, 200
# Pages without any chrome: an article as a CMS export, a reader-mode tool or
# a careful scraper gives it. Without them, a model learns that a page's first
# block is never its title and that the last ones are always a footer.
BARE_RATE = 0.08
# Pages whose section headings carry a section anchor, as text renderings of
# wikis ("History[edit]") and documentation sites ("Setting up¶") keep them.
SECTION_ANCHOR_RATE = 0.1
# The section edit link of MediaWiki's interface in each language.
WIKI_EDIT_LINKS = {
    "ar": "[عدل]", "cs": "[editovat | editovat zdroj]",
    "de": "[Bearbeiten | Quelltext bearbeiten]", "el": "[επεξεργασία | επεξεργασία κώδικα]",
    "en": "[edit]", "es": "[editar]", "fr": "[modifier | modifier le code]",
    "it": "[modifica | modifica wikitesto]", "ja": "[編集]", "ko": "[편집]",
    "nl": "[bewerken | brontekst bewerken]", "pl": "[edytuj | edytuj kod]",
    "pt": "[editar | editar código-fonte]", "ru": "[править | править код]",
    "sv": "[redigera | redigera wikitext]", "tr": "[değiştir | kaynağı değiştir]",
    "uk": "[ред. | ред. код]", "zh": "[编辑]",
    "fi": "[muokkaa | muokkaa wikitekstiä]", "hu": "[szerkesztés | forrásszöveg szerkesztése]",
    "ro": "[modificare | modificare sursă]",
}
GENERATOR_VERSION = "gen-v1"

HERE = Path(__file__).resolve().parent
PARTS_DIR = HERE / "parts"
OUT_DIR = HERE.parent  # training-data/

LABELS = ("headline", "caption", "body", "quote", "boilerplate")
BOILERPLATE_KEYS = ("nav", "bylines", "datelines", "cookie", "newsletter", "share",
                    "related_heading", "related_titles", "comments", "footer", "ads", "misc")
ARTICLE_LIST_KEYS = ("subheadings", "paragraphs", "quotes", "captions", "list_items")
GENRES = ("politics", "sport", "science", "business", "culture", "tech",
          "press-release", "local")
NO_SPACE_LANGS = ("zh", "ja")  # scripts written without spaces between sentences


def rng_for(*keys: str) -> random.Random:
    """A Random seeded from SEED and the given keys (stable across runs and
    Python versions: sha256, not hash())."""
    material = "/".join((GENERATOR_VERSION, str(SEED)) + keys).encode("utf-8")
    return random.Random(int.from_bytes(hashlib.sha256(material).digest()[:8], "big"))


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# --------------------------------------------------------------------------
# Loading and checking parts files
# --------------------------------------------------------------------------
def _strs(value) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and v.strip()]


def load_parts() -> dict[str, dict]:
    """Load parts/*.json in sorted order.  A file that does not parse or lacks
    the essentials is skipped with a warning (others may be mid-edit)."""
    parts: dict[str, dict] = {}
    for path in sorted(PARTS_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            warn(f"{path.name}: skipped, cannot read JSON ({exc})")
            continue
        lang = path.stem
        if not isinstance(data, dict):
            warn(f"{path.name}: skipped, top level is not an object")
            continue
        if data.get("lang") != lang:
            warn(f"{path.name}: \"lang\" is {data.get('lang')!r}, using file name {lang!r}")
        problems = check_parts(data)
        arts = [a for a in data.get("articles", []) if usable_article(a)]
        if len(arts) < 2:
            warn(f"{path.name}: skipped, fewer than 2 usable articles")
            continue
        for p in problems:
            warn(f"{path.name}: {p}")
        bp = data.get("boilerplate") if isinstance(data.get("boilerplate"), dict) else {}
        sites = [s for s in data.get("sites", []) if isinstance(s, dict)
                 and isinstance(s.get("name"), str) and isinstance(s.get("domain"), str)]
        if not sites:
            sites = [{"name": lang.upper(), "domain": f"example-{lang}.invalid"}]
        parts[lang] = {
            "lang": lang,
            "sites": sites,
            "articles": [normalise_article(a) for a in arts],
            "bp": {k: _strs(bp.get(k)) for k in BOILERPLATE_KEYS},
        }
    return parts


def usable_article(a) -> bool:
    return (isinstance(a, dict) and isinstance(a.get("headline"), str)
            and a["headline"].strip() and len(_strs(a.get("paragraphs"))) >= 2)


def normalise_article(a: dict) -> dict:
    out = {k: _strs(a.get(k)) for k in ARTICLE_LIST_KEYS}
    out["headline"] = a["headline"].strip()
    out["standfirst"] = a.get("standfirst", "").strip() if isinstance(a.get("standfirst"), str) else ""
    out["genre"] = a.get("genre", "") if isinstance(a.get("genre"), str) else ""
    return out


def check_parts(data: dict) -> list[str]:
    """Schema problems worth telling the author about (non-fatal)."""
    probs = []
    if len(data.get("sites", [])) < 4:
        probs.append("fewer than 4 sites")
    arts = data.get("articles", [])
    if len(arts) < 14:
        probs.append(f"only {len(arts)} articles (schema asks >= 14)")
    genres = sorted({a.get("genre") for a in arts if isinstance(a, dict) and isinstance(a.get("genre"), str)})
    missing = [g for g in GENRES if g not in genres]
    if missing:
        probs.append(f"genres not covered: {', '.join(missing)}")
    for i, a in enumerate(arts):
        if not isinstance(a, dict):
            probs.append(f"article {i} is not an object")
            continue
        n = len(_strs(a.get("paragraphs")))
        if not 4 <= n <= 10:
            probs.append(f"article {i}: {n} paragraphs (schema: 4-10)")
        if not 1 <= len(_strs(a.get("quotes"))) <= 3:
            probs.append(f"article {i}: quotes should be 1-3")
        if not 1 <= len(_strs(a.get("captions"))) <= 2:
            probs.append(f"article {i}: captions should be 1-2")
        if len(_strs(a.get("subheadings"))) > 3:
            probs.append(f"article {i}: more than 3 subheadings")
    bp = data.get("boilerplate", {})
    if not isinstance(bp, dict):
        return probs + ["boilerplate is not an object"]
    mins = {"nav": 15, "related_titles": 12, "comments": 10}
    for k in BOILERPLATE_KEYS:
        need = mins.get(k, 6)
        have = len(_strs(bp.get(k)))
        if have < need:
            probs.append(f"boilerplate.{k}: {have} entries (schema: >= {need})")
    return probs


# --------------------------------------------------------------------------
# Blocks and documents
# --------------------------------------------------------------------------
@dataclass
class Block:
    label: str
    text: str
    tag: str | None = None
    lang: str | None = None  # only when it differs from the document's
    role: str | None = field(default=None, compare=False)  # TAGS key; the HTML pages use it


@dataclass
class Doc:
    id: str
    lang: str
    url: str | None
    blocks: list[Block] = field(default_factory=list)
    article_key: tuple[str, int] | None = None
    foreign_bp: bool = False
    foreign_quote: bool = False


def clean_text(text: str) -> str:
    """Collapse runs of spaces/tabs, drop empty lines (no blank lines in a block)."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\f\v]+", " ", line).strip(" \t")
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


TAGS = {
    "nav": ["a", "li", "a"], "h1": ["h1"], "sub": ["h2", "h2", "h3"], "p": ["p"],
    "standfirst": ["p", "div", "p"], "li": ["li"], "quote": ["blockquote", "p", "p"],
    "caption": ["figcaption", "figcaption", "p", "span"], "byline": ["span", "div", "address", "a", "p"],
    "dateline": ["time", "span", "p"], "cookie": ["div", "p"], "newsletter": ["div", "p", "h3", "form"],
    "share": ["a", "button", "span"], "related_heading": ["h2", "h3", "h4", "div"],
    "related_title": ["a", "h3", "h4", "a"], "comment": ["p", "div", "span"],
    "footer": ["footer", "p", "small", "div"], "ads": ["div", "span", "aside"],
    "misc": ["a", "button", "span", "a"], "title": ["title", "h1"], "site": ["a", "div", "span"],
}


class PageBuilder:
    """Builds one page.  ``role`` picks the html tag; ``use_tags`` decides
    whether the page keeps tags at all (plain-text sources have none)."""

    def __init__(self, rng: random.Random, lang: str, use_tags: bool):
        self.rng, self.lang, self.use_tags = rng, lang, use_tags
        self.blocks: list[Block] = []

    def make(self, label: str, text: str, role: str, lang: str | None = None) -> Block | None:
        text = clean_text(text)
        if not text:
            return None
        tag = self.rng.choice(TAGS[role]) if self.use_tags else None
        return Block(label, text, tag, lang if lang and lang != self.lang else None, role)

    def add(self, label: str, text: str, role: str, lang: str | None = None) -> None:
        b = self.make(label, text, role, lang)
        if b:
            self.blocks.append(b)


# --------------------------------------------------------------------------
# Text variation helpers
# --------------------------------------------------------------------------
SENT_SPLIT = re.compile(r"(?<=[.!?…。！？؟])[\"”»’)]?\s+(?=\S)|(?<=[。！？])(?=\S)")


def sentences(text: str) -> list[str]:
    return [s for s in SENT_SPLIT.split(text) if s.strip()]


def join_sents(lang: str, parts: list[str]) -> str:
    return ("" if lang in NO_SPACE_LANGS else " ").join(p.strip() for p in parts)


def add_nbsp(rng: random.Random, text: str, lang: str) -> str:
    """Scraped text keeps non-breaking spaces: after short words, and in French
    before ; : ! ? » and after «."""
    if lang == "fr":
        text = re.sub(r" ([;:!?»])", "\u00a0\\1", text)
        text = re.sub(r"« ", "«\u00a0", text)
    if lang in NO_SPACE_LANGS:
        return text
    def repl(m):
        return m.group(1) + ("\u00a0" if rng.random() < 0.5 else " ")
    return re.sub(r"(\b\w{1,2}) (?=\w)", repl, text)


def slugify(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^a-zA-Z0-9]+", "-", s).strip("-").lower()
    return "-".join(s.split("-")[:8])


# --------------------------------------------------------------------------
# Page composition
# --------------------------------------------------------------------------
SIZES = ("minimal", "short", "medium", "long", "huge")
SIZE_WEIGHTS = (0.13, 0.30, 0.33, 0.17, 0.07)
FOREIGN_BP_KINDS = ("footer", "cookie", "newsletter", "misc", "share", "ads")


class Composer:
    def __init__(self, parts: dict[str, dict], splits: dict[str, dict[str, list[int]]]):
        self.parts = parts
        self.langs = sorted(parts)
        self.splits = splits  # lang -> split -> article indices

    def other_lang(self, rng: random.Random, lang: str) -> str | None:
        others = [l for l in self.langs if l != lang]
        if not others:
            return None
        # English consent banners / footers are the commonest foreign chrome.
        if "en" in others and rng.random() < 0.35:
            return "en"
        return rng.choice(others)

    def pick(self, rng, lang, key, k=1, lang_override=None):
        pool = self.parts[lang_override or lang]["bp"].get(key, [])
        site = getattr(self, "site", None)
        if site and not lang_override:
            # a footer naming another site of this language would be odd: prefer
            # entries that name no other site (fall back to all if none remain)
            others = [s for s in self.parts[lang]["sites"] if s is not site]
            own = [t for t in pool if not any(o["name"] in t or o["domain"] in t for o in others)]
            pool = own or pool
        if not pool:
            return []
        k = min(k, len(pool))
        return rng.sample(pool, k)

    # ---- the article proper ------------------------------------------------
    def article_sequence(self, rng, pb: PageBuilder, art, size, opts) -> list[tuple]:
        """Returns a list of ('blk', Block) and ('slot', None) entries; slots are
        places between paragraphs where inline chrome may go."""
        lang = pb.lang
        paras = list(art["paragraphs"])
        n = len(paras)
        if size == "minimal":
            idx = [0, rng.randrange(1, n)] if rng.random() < 0.5 else [0, 1]
        else:
            low = max(2, math.ceil(n * (0.45 if size == "short" else 0.6)))
            k = rng.randint(min(low, n), n)
            idx = [0] + sorted(rng.sample(range(1, n), k - 1))
        chosen = [paras[i] for i in idx]
        # split a long paragraph or merge two short ones, as CMSs and scrapers do
        if size != "minimal" and rng.random() < 0.35:
            cands = [i for i, p in enumerate(chosen) if len(sentences(p)) >= 3]
            if cands:
                i = rng.choice(cands)
                ss = sentences(chosen[i])
                cut = rng.randrange(1, len(ss))
                chosen[i:i + 1] = [join_sents(lang, ss[:cut]), join_sents(lang, ss[cut:])]
        if size != "minimal" and len(chosen) >= 4 and rng.random() < 0.25:
            i = rng.randrange(1, len(chosen) - 1)
            chosen[i:i + 2] = [join_sents(lang, [chosen[i], chosen[i + 1]])]
        if opts["nbsp"]:
            chosen = [add_nbsp(rng, p, lang) for p in chosen]
        if opts.get("paywall"):
            chosen = chosen[:rng.randint(2, 3)]

        m = len(chosen)
        before: dict[int, list[Block]] = {i: [] for i in range(m + 1)}  # before paragraph i
        # subheadings
        subs = art["subheadings"]
        if subs and size != "minimal" and m >= 3 and rng.random() < 0.8:
            s = min(len(subs), m - 2, rng.randint(1, len(subs)))
            positions = sorted(rng.sample(range(2, m), s)) if s > 0 else []
            for pos, text in zip(positions, subs):
                before[pos].append(pb.make("headline", text, "sub"))
        # list items go after paragraph j (i.e. before j+1)
        items = art["list_items"]
        if items and (size != "minimal") and rng.random() < 0.75:
            k = rng.randint(min(2, len(items)), len(items))
            start = rng.randrange(0, len(items) - k + 1)
            j = rng.randint(1, m)
            before[j] = [pb.make("body", t, "li") for t in items[start:start + k]] + before[j]
        # quotes
        quotes = list(art["quotes"])
        if quotes and (opts["force_quote"] or rng.random() < (0.5 if size == "minimal" else 0.85)):
            k = rng.randint(1, len(quotes)) if size != "minimal" else 1
            chosen_q = sorted(rng.sample(range(len(quotes)), k))
            pos = sorted(rng.randint(1, m) for _ in chosen_q)
            for p, qi in zip(pos, chosen_q):
                text = add_nbsp(rng, quotes[qi], lang) if opts["nbsp"] else quotes[qi]
                before[p].append(pb.make("quote", text, "quote"))
        fq = opts.get("foreign_quote")
        if fq:
            p = rng.randint(1, m)
            before[p].append(pb.make("quote", fq[1], "quote", lang=fq[0]))
        # inline captions
        for cap in opts["inline_captions"]:
            before[rng.randint(1, m)].insert(0, pb.make("caption", cap, "caption"))

        seq: list[tuple] = []
        for i in range(m + 1):
            for b in before[i]:
                if b:
                    seq.append(("blk", b))
            if i < m:
                if i > 0:
                    seq.append(("slot", None))
                b = pb.make("body", chosen[i], "p")
                if b:
                    seq.append(("blk", b))
        return seq

    # ---- whole page ---------------------------------------------------------
    def page(self, rng: random.Random, lang: str, split: str, art_idx: int, doc_id: str,
             force: dict) -> Doc:
        P = self.parts[lang]
        art = P["articles"][art_idx]
        bp = P["bp"]
        site = rng.choice(P["sites"])
        self.site = site
        size = force.get("size") or rng.choices(SIZES, SIZE_WEIGHTS)[0]
        pb = PageBuilder(rng, lang, use_tags=rng.random() < 0.6)
        huge = size == "huge"
        if huge:
            size = "long"  # a long page plus extra menus and lists (below)
        big = size in ("medium", "long")
        long_ = size == "long"

        # foreign material
        foreign_bp: dict[str, str] = {}
        if force.get("foreign_bp") or rng.random() < FOREIGN_BOILERPLATE_RATE:
            ol = self.other_lang(rng, lang)
            if ol:
                kinds = [k for k in FOREIGN_BP_KINDS if self.parts[ol]["bp"].get(k)]
                if size == "minimal":
                    kinds = [k for k in kinds if k in ("footer", "cookie")] or kinds
                for k in rng.sample(kinds, min(len(kinds), 1 if rng.random() < 0.7 else 2)):
                    foreign_bp[k] = ol
        foreign_quote = None
        if force.get("foreign_quote") or rng.random() < FOREIGN_QUOTE_RATE:
            ol = self.other_lang(rng, lang)
            if ol:
                pool = [q for i in self.splits[ol][split] for q in self.parts[ol]["articles"][i]["quotes"]]
                if pool:
                    foreign_quote = (ol, rng.choice(pool))

        def take(key, k=1):
            """k entries of boilerplate kind `key`, from the foreign language if
            this page has foreign chrome of that kind."""
            ol = foreign_bp.get(key)
            return [(t, ol) for t in self.pick(rng, lang, key, k, ol)]

        def add_bp(key, role, k=1):
            for t, ol in take(key, k):
                pb.add("boilerplate", t, role, ol)

        cookie_pos = rng.choice(["start", "end", "end"]) if rng.random() < (0.35 if size == "minimal" else 0.7) else None
        if "cookie" in foreign_bp and cookie_pos is None:
            cookie_pos = rng.choice(["start", "end"])

        # -- header chrome
        if cookie_pos == "start":
            add_bp("cookie", "cookie", rng.randint(1, 2))
        if size != "minimal":
            if rng.random() < 0.5:
                add_bp("misc", "misc", rng.randint(1, 3))
            if rng.random() < 0.6:
                pb.add("boilerplate", site["name"], "site")
            nav = bp["nav"]
            if nav:
                k = {"short": rng.randint(0, 7), "medium": rng.randint(5, 14),
                     "long": rng.randint(10, len(nav) + 8)}[size]
                k = min(k, len(nav))
                start = rng.randrange(0, len(nav) - k + 1) if rng.random() < 0.3 else 0
                for t in nav[start:start + k]:
                    pb.add("boilerplate", t, "nav")
            if huge and nav:  # the mobile menu: the same items again, as scrapers see both
                add_bp("misc", "misc")
                for t in nav:
                    pb.add("boilerplate", t, "nav")
            if big and rng.random() < 0.4:
                add_bp("misc", "misc", rng.randint(1, 2))
            if rng.random() < 0.25:
                add_bp("ads", "ads")
            if nav and rng.random() < 0.3:
                sep = rng.choice([" › ", " / ", " > ", " » "])
                crumbs = [nav[0]] + rng.sample(nav[1:], min(len(nav) - 1, rng.randint(1, 2)))
                pb.add("boilerplate", sep.join(crumbs), "nav")
            elif nav and rng.random() < 0.3:
                pb.add("boilerplate", rng.choice(nav), "nav")  # kicker / section label

        caps = list(art["captions"])
        rng.shuffle(caps)
        use_caps = [c for c in caps if rng.random() < 0.75]
        if force.get("caption") and not use_caps and caps:
            use_caps = caps[:1]
        cap_mode = rng.choices(["hero", "top", "inline", "top"], [0.12, 0.4, 0.3, 0.18])[0]
        top_caps, inline_caps = [], []
        for i, c in enumerate(use_caps):
            (inline_caps if (cap_mode == "inline" or i > 0) else top_caps).append(c)
        if cap_mode == "hero":
            for c in top_caps:
                pb.add("caption", c, "caption")
            top_caps = []

        # -- headline variants
        h = art["headline"]
        r = rng.random()
        if r < 0.2:
            pb.add("headline", h, "h1")
            pb.add("headline", h, "h1")
        elif r < 0.35:
            t = rng.choice([f"{h} | {site['name']}", f"{h} - {site['name']}",
                            f"{site['name']}: {h}", f"{h} – {site['name']}"])
            pb.add("headline", t, "title")
            if rng.random() < 0.75:
                pb.add("headline", h, "h1")
        else:
            pb.add("headline", h, "h1")

        # -- byline / dateline
        by_pos = rng.choices(["before_sf", "after_sf", "end", "none"], [0.4, 0.3, 0.2, 0.1])[0]
        if size == "minimal" and by_pos == "none":
            by_pos = "end"

        def byline_blocks():
            bys = self.pick(rng, lang, "bylines")
            dls = self.pick(rng, lang, "datelines", rng.randint(1, 2))
            style = rng.random()
            if style < 0.45:
                for t in bys:
                    pb.add("boilerplate", t, "byline")
                for t in dls:
                    pb.add("boilerplate", t, "dateline")
            elif style < 0.75:
                sep = rng.choice([" | ", " · ", ", ", " — "])
                pb.add("boilerplate", sep.join(bys + dls[:1]), "byline")
            else:
                pb.add("boilerplate", "\n".join(bys + dls), "byline")

        def share_row():
            ents = take("share", rng.randint(1, 4))
            if not ents:
                return
            if rng.random() < 0.5:
                for t, ol in ents:
                    pb.add("boilerplate", t, "share", ol)
            else:
                pb.add("boilerplate", rng.choice([" ", " | ", "\n"]).join(t for t, _ in ents),
                       "share", ents[0][1])

        if by_pos == "before_sf":
            byline_blocks()
        if art["standfirst"] and rng.random() < (0.5 if size == "minimal" else 0.85):
            sf = add_nbsp(rng, art["standfirst"], lang) if rng.random() < 0.2 else art["standfirst"]
            pb.add("body", sf, "standfirst")
        if by_pos == "after_sf":
            byline_blocks()
        if big and rng.random() < 0.35:
            share_row()
        for c in top_caps:
            pb.add("caption", c, "caption")

        # -- article body with inline chrome in slots
        opts = {
            "nbsp": rng.random() < 0.3,
            "paywall": long_ is False and size != "minimal" and rng.random() < 0.06,
            "force_quote": bool(force.get("quote")),
            "foreign_quote": foreign_quote,
            "inline_captions": inline_caps,
        }
        seq = self.article_sequence(rng, pb, art, size, opts)
        slots = [i for i, (kind, _) in enumerate(seq) if kind == "slot"]
        inline: dict[int, list[Block]] = {}
        if size != "minimal" and slots:
            extras = []
            if rng.random() < 0.3:
                extras.append([pb.make("boilerplate", t, "ads", ol) for t, ol in take("ads")])
            if rng.random() < 0.25 and bp["related_heading"] and bp["related_titles"]:
                rh, rt = rng.choice(bp["related_heading"]), rng.choice(bp["related_titles"])
                extras.append([pb.make("boilerplate", rng.choice([f"{rh}: {rt}", f"{rh} – {rt}", f"» {rt}"]), "related_title")])
            if big and rng.random() < 0.15:
                extras.append([pb.make("boilerplate", t, "newsletter", ol) for t, ol in take("newsletter")])
            if big and rng.random() < 0.2:
                extras.append([pb.make("boilerplate", t, "ads", ol) for t, ol in take("ads")])
            for ex in extras:
                inline.setdefault(rng.choice(slots), []).extend(b for b in ex if b)
        for i, (kind, b) in enumerate(seq):
            if kind == "blk":
                pb.blocks.append(b)
            else:
                pb.blocks.extend(inline.get(i, []))
        if opts["paywall"]:
            add_bp("misc", "misc", rng.randint(1, 2))

        # -- after the article
        if by_pos == "end":
            byline_blocks()
        if size != "minimal" and nav_ok(bp) and rng.random() < 0.2:
            pb.add("boilerplate", rng.choice([", ", " · ", " | "]).join(rng.sample(bp["nav"], 3)), "nav")
        if size != "minimal" and rng.random() < 0.55:
            share_row()
        if big and rng.random() < 0.5 or "newsletter" in foreign_bp:
            add_bp("newsletter", "newsletter", rng.randint(1, 2))
        if size != "minimal" and rng.random() < (0.8 if big else 0.4):
            self.related(rng, pb, lang, split, art_idx, size)
        if big and rng.random() < 0.35:
            add_bp("ads", "ads", rng.randint(1, 2))
        if huge or big and rng.random() < (0.75 if long_ else 0.35):
            self.comments(rng, pb, lang, long_, rounds=4 if huge else None)
        if huge:
            self.related(rng, pb, lang, split, art_idx, size)
        if long_ and bp["nav"] and (huge or rng.random() < 0.6):
            k = rng.randint(6, len(bp["nav"]))
            for t in rng.sample(bp["nav"], k):
                pb.add("boilerplate", t, "nav")
        if size != "minimal" and rng.random() < 0.3 or "misc" in foreign_bp:
            add_bp("misc", "misc")
        if "share" in foreign_bp and size == "minimal":
            share_row()
        if "ads" in foreign_bp and not big:
            add_bp("ads", "ads")
        nfoot = 1 if size in ("minimal", "short") else rng.randint(1, 3)
        add_bp("footer", "footer", nfoot)
        if cookie_pos == "end":
            add_bp("cookie", "cookie", rng.randint(1, 2))

        blocks = pb.blocks
        # enforce the block-count range
        while len(blocks) < MIN_BLOCKS:
            extra = self.pick(rng, lang, "datelines") or self.pick(rng, lang, "misc")
            if not extra:
                break
            blocks.insert(1, Block("boilerplate", clean_text(extra[0]),
                                   rng.choice(TAGS["dateline"]) if pb.use_tags else None))
        if len(blocks) > MAX_BLOCKS:
            blocks = trim(blocks)
        # Separate generators, so that the other pages stay as they were.
        anchors = rng_for(doc_id, "anchors")
        if anchors.random() < SECTION_ANCHOR_RATE:
            anchor = WIKI_EDIT_LINKS.get(lang, "¶") if anchors.random() < 0.7 else "¶"
            sections = {clean_text(t) for t in art["subheadings"]}
            for b in blocks:
                if b.label == "headline" and b.text in sections:
                    b.text += anchor
        if rng_for(doc_id, "bare").random() < BARE_RATE:
            bare = [b for b in blocks if b.label != "boilerplate"]
            if len(bare) >= MIN_BLOCKS:
                blocks = bare

        url = None
        if rng.random() < 0.8:
            sec = slugify(rng.choice(bp["nav"])) if bp["nav"] else "news"
            slug = slugify(h) or "article"
            url = f"https://{site['domain']}/{sec or 'news'}/{slug}-{doc_id.rsplit('/', 1)[1]}"
        return Doc(doc_id, lang, url, blocks, (lang, art_idx),
                   foreign_bp=any(b.lang and b.label == "boilerplate" for b in blocks),
                   foreign_quote=any(b.lang and b.label == "quote" for b in blocks))

    def related(self, rng, pb, lang, split, art_idx, size):
        bp = self.parts[lang]["bp"]
        if bp["related_heading"]:
            pb.add("boilerplate", rng.choice(bp["related_heading"]), "related_heading")
        k = {"short": rng.randint(2, 4), "medium": rng.randint(3, 6), "long": rng.randint(4, 12)}[size]
        titles = self.pick(rng, lang, "related_titles", k)
        # sometimes a teaser is another article of the same split (never the other split)
        same = [i for i in self.splits[lang][split] if i != art_idx]
        for i, t in enumerate(titles):
            if same and rng.random() < 0.12:
                titles[i] = self.parts[lang]["articles"][rng.choice(same)]["headline"]
        with_dates = rng.random() < 0.3
        for t in titles:
            pb.add("boilerplate", t, "related_title")
            if with_dates:
                for d in self.pick(rng, lang, "datelines"):
                    pb.add("boilerplate", d, "dateline")

    def comments(self, rng, pb, lang, long_, rounds=None):
        pool = self.parts[lang]["bp"]["comments"]
        if not pool:
            return
        k = rng.randint(3, len(pool)) if not long_ else rng.randint(len(pool) // 2, len(pool))
        ents = rng.sample(pool, min(k, len(pool)))
        rounds = rounds or (rng.randint(1, 3) if long_ else 1)
        for r in range(rounds):
            if r:
                ents = rng.sample(pool, min(len(pool), rng.randint(3, len(pool))))
            for t in ents:
                if rng.random() < 0.25:
                    pb.add("boilerplate", handle(rng), "comment")
                pb.add("boilerplate", t, "comment")
                if rng.random() < 0.3:
                    pb.add("boilerplate", rng.choice([
                        f"👍 {rng.randint(0, 99)}", f"▲ {rng.randint(0, 60)} ▼ {rng.randint(0, 20)}",
                        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}", f"#{rng.randint(1, 400)}",
                        f"+{rng.randint(1, 40)}"]), "comment")


def nav_ok(bp) -> bool:
    return len(bp["nav"]) >= 3


def handle(rng: random.Random) -> str:
    letters = "abcdefghijklmnoprstuvwz"
    base = "".join(rng.choice(letters) for _ in range(rng.randint(2, 5)))
    return rng.choice([f"{base}_{rng.randint(70, 2005)}", f"{base}{rng.randint(1, 99)}",
                       f"@{base}{rng.randint(1, 999)}", f"{base.upper()[:2]}.{base[2:] or 'x'}"])


def trim(blocks: list[Block]) -> list[Block]:
    """Drop boilerplate from the middle of the trailing chrome (comments,
    footer nav, related) until the page fits MAX_BLOCKS; article blocks and
    the last three blocks (footer, cookie banner) are kept."""
    blocks = list(blocks)
    last_content = max((i for i, b in enumerate(blocks) if b.label != "boilerplate"), default=0)
    while len(blocks) > MAX_BLOCKS:
        removable = [i for i, b in enumerate(blocks)
                     if b.label == "boilerplate" and last_content < i < len(blocks) - 3]
        if not removable:
            removable = [i for i, b in enumerate(blocks) if b.label == "boilerplate"]
        if not removable:
            break
        del blocks[removable[len(removable) // 2]]
        last_content = max((i for i, b in enumerate(blocks) if b.label != "boilerplate"), default=0)
    return blocks


# --------------------------------------------------------------------------
# Splits and corpus
# --------------------------------------------------------------------------
def split_articles(parts: dict[str, dict]) -> dict[str, dict[str, list[int]]]:
    out = {}
    for lang in sorted(parts):
        n = len(parts[lang]["articles"])
        order = list(range(n))
        rng_for("split", lang).shuffle(order)
        k = max(1, round(n * HELDOUT_ARTICLE_SHARE))
        out[lang] = {"heldout": sorted(order[:k]), "train": sorted(order[k:])}
    return out


def content_set(doc: Doc) -> set[str]:
    """The article's own text in a page (foreign quotes left out)."""
    return {b.text for b in doc.blocks if b.label in ("body", "quote", "caption") and not b.lang}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def generate(parts: dict[str, dict]) -> dict[str, dict[str, list[Doc]]]:
    splits = split_articles(parts)
    comp = Composer(parts, splits)
    corpus: dict[str, dict[str, list[Doc]]] = {}
    for lang in sorted(parts):
        rng = rng_for("docs", lang)
        n_held = max(len(splits[lang]["heldout"]), round(DOCS_PER_LANG * HELDOUT_DOC_SHARE))
        n_train = max(len(splits[lang]["train"]), DOCS_PER_LANG - n_held)
        corpus[lang] = {}
        number = itertools.count()
        for split, ndocs in (("train", n_train), ("heldout", n_held)):
            arts = list(splits[lang][split])
            rng.shuffle(arts)
            # every article once, then the rest round-robin in a new shuffled order
            schedule = []
            while len(schedule) < ndocs:
                schedule.extend(arts)
                rng.shuffle(arts)
            schedule = schedule[:ndocs]
            docs: list[Doc] = []
            sizes = [SIZES[i % len(SIZES)] for i in range(ndocs)]  # all sizes in every split
            rng.shuffle(sizes)
            for j, ai in enumerate(schedule):
                doc_id = f"gen/{lang}/{next(number):04d}"
                force = {"size": sizes[j] if j < len(SIZES) else None}
                if j == 0:
                    force.update(caption=True, quote=True)
                if j == 1 and split == "train":
                    force.update(foreign_bp=True)
                if j == 2 and split == "train":
                    force.update(foreign_quote=True)
                best, best_sim = None, 2.0
                earlier = [d for d in docs if d.article_key == (lang, ai)]
                for attempt in range(8):
                    cand = comp.page(rng, lang, split, ai, doc_id, force)
                    sim = max((jaccard(content_set(cand), content_set(d)) for d in earlier), default=0.0)
                    if sim < best_sim:
                        best, best_sim = cand, sim
                    if sim < 0.6:
                        break
                docs.append(best)
            corpus[lang][split] = docs
    return corpus


# --------------------------------------------------------------------------
# Writing and re-reading the annotation format
# --------------------------------------------------------------------------
def fmt_value(v: str) -> str:
    return json.dumps(v, ensure_ascii=False) if (not v or re.search(r'[\s"]', v)) else v


def render(docs: list[Doc], lang: str, split: str) -> str:
    out = [f"@# gleaner synthetic corpus: {lang}, {split} split. Generated by "
           f"training-data/generator/generate.py (seed {SEED}); do not edit by hand.",
           "@# Texts are invented for gleaner (parts/*.json); labels are exact by construction."]
    for d in docs:
        out.append("")
        head = f"@doc {d.id} lang={d.lang}"
        if d.url:
            head += f" url={fmt_value(d.url)}"
        out.append(head)
        for b in d.blocks:
            line = f"@{b.label}"
            if b.tag:
                line += f" tag={fmt_value(b.tag)}"
            if b.lang:
                line += f" lang={fmt_value(b.lang)}"
            out.append(line)
            for t in b.text.split("\n"):
                out.append(("@" + t) if t.startswith("@") else t)
    return "\n".join(out) + "\n"


class FormatError(Exception):
    pass


def parse_ann(text: str, name: str) -> list[dict]:
    """A small reader for the annotation format, used to check our output."""
    docs: list[dict] = []
    cur_block = None
    after_blank = False
    block_keys = {"tag", "lang", "start", "end"}
    doc_keys = {"lang", "url"}

    def kv(parts, allowed, lineno):
        res = {}
        for p in parts:
            if "=" not in p:
                raise FormatError(f"{name}:{lineno}: bad key=value {p!r}")
            k, v = p.split("=", 1)
            if k not in allowed:
                raise FormatError(f"{name}:{lineno}: unknown key {k!r}")
            res[k] = json.loads(v) if v.startswith('"') else v
        return res

    def tokens(s):
        return re.findall(r'\S+="(?:[^"\\]|\\.)*"|\S+', s)

    def close(lineno):
        if cur_block is not None and not cur_block["lines"]:
            raise FormatError(f"{name}:{lineno}: empty block")

    for lineno, line in enumerate(text.split("\n"), 1):
        if line.startswith("@") and not line.startswith("@@") and line != "@":
            if line.startswith("@#"):
                continue
            close(lineno)
            toks = tokens(line[1:])
            if toks[0] == "doc":
                if len(toks) < 2:
                    raise FormatError(f"{name}:{lineno}: @doc without id")
                docs.append({"id": toks[1], **kv(toks[2:], doc_keys, lineno), "blocks": []})
                cur_block = None
            else:
                if toks[0] not in LABELS + ("null",):
                    raise FormatError(f"{name}:{lineno}: unknown label {toks[0]!r}")
                if not docs:
                    raise FormatError(f"{name}:{lineno}: block before any @doc")
                cur_block = {"label": toks[0], **kv(toks[1:], block_keys, lineno), "lines": []}
                docs[-1]["blocks"].append(cur_block)
            after_blank = False
            continue
        if line.strip() == "":
            after_blank = True
            continue
        if cur_block is None or after_blank:
            raise FormatError(f"{name}:{lineno}: text outside a block")
        cur_block["lines"].append("" if line == "@" else (line[1:] if line.startswith("@@") else line))
    close(len(text.split("\n")))
    for d in docs:
        for b in d["blocks"]:
            b["text"] = "\n".join(b.pop("lines"))
    return docs


def validate(corpus: dict[str, dict[str, list[Doc]]], rendered: dict[tuple[str, str], str]) -> list[str]:
    errors = []
    seen_ids: set[str] = set()
    for (lang, split), text in sorted(rendered.items()):
        name = f"{split}/{lang}.ann.txt"
        try:
            parsed = parse_ann(text, name)
        except FormatError as exc:
            errors.append(str(exc))
            continue
        docs = corpus[lang][split]
        if len(parsed) != len(docs):
            errors.append(f"{name}: {len(parsed)} docs parsed, {len(docs)} generated")
        labels = Counter()
        for pd, d in zip(parsed, docs):
            if pd["id"] in seen_ids:
                errors.append(f"{name}: duplicate id {pd['id']}")
            seen_ids.add(pd["id"])
            if pd.get("lang") != lang:
                errors.append(f"{name}: {pd['id']} lang {pd.get('lang')!r}")
            if not MIN_BLOCKS <= len(pd["blocks"]) <= MAX_BLOCKS:
                errors.append(f"{name}: {pd['id']} has {len(pd['blocks'])} blocks")
            if [(b["label"], b["text"], b.get("tag"), b.get("lang")) for b in pd["blocks"]] != \
               [(b.label, b.text, b.tag, b.lang) for b in d.blocks]:
                errors.append(f"{name}: {pd['id']} does not round-trip")
            for b in pd["blocks"]:
                if b["label"] not in LABELS:
                    errors.append(f"{name}: {pd['id']} block without a real label")
                if not b["text"].strip():
                    errors.append(f"{name}: {pd['id']} empty block")
                if b.get("lang") == lang:
                    errors.append(f"{name}: {pd['id']} block lang equals doc lang")
                labels[b["label"]] += 1
        missing = [l for l in LABELS if not labels[l]]
        if missing:
            errors.append(f"{name}: labels missing: {', '.join(missing)}")
    # no article text shared between splits (boilerplate may be shared)
    for lang in sorted(corpus):
        tr = {b.text for d in corpus[lang]["train"] for b in d.blocks if b.label != "boilerplate"}
        ho = {b.text for d in corpus[lang]["heldout"] for b in d.blocks if b.label != "boilerplate"}
        leak = sorted(tr & ho)
        if leak:
            errors.append(f"{lang}: {len(leak)} article blocks in both splits, e.g. {leak[0][:60]!r}")
    return errors


def summary(corpus) -> None:
    head = f"{'lang':<5}{'split':<8}{'docs':>5}{'blocks':>7}" + "".join(f"{l[:5]:>7}" for l in LABELS) \
        + f"{'min':>5}{'max':>5}{'fBP':>5}{'fQ':>4}{'maxSim':>8}"
    print(head)
    print("-" * len(head))
    tot = Counter()
    for lang in sorted(corpus):
        for split in ("train", "heldout"):
            docs = corpus[lang][split]
            c = Counter(b.label for d in docs for b in d.blocks)
            nb = [len(d.blocks) for d in docs]
            sims = [jaccard(content_set(a), content_set(b)) for a, b in itertools.combinations(docs, 2)]
            print(f"{lang:<5}{split:<8}{len(docs):>5}{sum(nb):>7}" + "".join(f"{c[l]:>7}" for l in LABELS)
                  + f"{min(nb):>5}{max(nb):>5}{sum(d.foreign_bp for d in docs):>5}"
                  + f"{sum(d.foreign_quote for d in docs):>4}{max(sims, default=0):>8.2f}")
            tot["docs"] += len(docs)
            tot["blocks"] += sum(nb)
            tot[split] += len(docs)
            for l in LABELS:
                tot[l] += c[l]
    print("-" * len(head))
    print(f"total: {tot['docs']} docs ({tot['train']} train, {tot['heldout']} heldout), {tot['blocks']} blocks; "
          + ", ".join(f"{l} {tot[l]}" for l in LABELS))


def main(argv: list[str]) -> int:
    check_only = "--check-only" in argv
    parts = load_parts()
    if not parts:
        print("no usable parts/*.json found", file=sys.stderr)
        return 1
    corpus = generate(parts)
    rendered = {(lang, split): render(corpus[lang][split], lang, split)
                for lang in sorted(corpus) for split in ("train", "heldout")}
    errors = validate(corpus, rendered)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    if errors:
        print(f"{len(errors)} validation error(s); nothing written", file=sys.stderr)
        return 2
    for (lang, split), text in sorted(rendered.items()):
        path = OUT_DIR / split / f"{lang}.ann.txt"
        if check_only:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"stale or missing: {path.relative_to(OUT_DIR.parent)}", file=sys.stderr)
                errors.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    summary(corpus)
    import html_pages  # the same pages as HTML + labeled-document JSONL
    html_errors = html_pages.build(sys.modules[__name__], parts, OUT_DIR, check_only)
    for e in html_errors:
        print(f"error: {e}", file=sys.stderr)
    if html_errors and not check_only:
        print(f"{len(html_errors)} HTML validation error(s); HTML pages not written", file=sys.stderr)
        return 2
    errors.extend(html_errors)
    print(f"languages: {', '.join(sorted(corpus))}; seed {SEED}; "
          + ("checked only" if check_only else f"written under {OUT_DIR.relative_to(OUT_DIR.parent)}/{{train,heldout}}/"))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
