"""The corpus as HTML pages: gleaner learns HTML evidence from them.

``generate.py`` calls ``build(g, parts)`` (``g`` is the generate module). Each
page is composed like an ``.ann.txt`` page (same parts, same article split,
its own seeds), then written as an HTML document by one of six site templates
and recorded as a labeled-document JSONL record whose blocks are the blocks
that the rules of ``shared/data/FORMAT.md`` ("From HTML to blocks") cut from
that HTML. ``Reader`` below implements those rules; ``validate`` fails the
run if any page's reader blocks differ from its labeled blocks.

Standard library only; every choice comes from ``g.rng_for`` seeds.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import html as htmlmod
import itertools
import json
import re
from collections import Counter
from html.parser import HTMLParser

PAGES_PER_LANG = {"train": 24, "heldout": 6}
LEGACY_RATE = 0.2  # pages tried in a legacy encoding (kept UTF-8 if a character does not fit)
HIDDEN_RATE = 0.75  # pages with a hidden element holding text

# --------------------------------------------------------------------------
# The reader: FORMAT.md "From HTML to blocks"
# --------------------------------------------------------------------------
SKIP = set("script style noscript template svg head iframe select option button textarea "
           "title meta link object embed canvas math".split())
BLOCK = set("html body p div h1 h2 h3 h4 h5 h6 li td th figcaption blockquote pre section "
            "article header footer aside nav ul ol dl dt dd table tr tbody thead tfoot form "
            "figure main caption address center details summary fieldset legend hr menu "
            "dialog noframes".split())
VOID = set("area base br col embed hr img input link meta param source track wbr keygen".split())
# Unicode White_Space (what Rust's char::is_whitespace uses)
WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008" \
     "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
WS_RUN = re.compile("[" + re.escape(WS) + "]+")
HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)


def norm_block(text: str) -> str:
    """A block's text as the reader gives it: each line's white space runs
    collapsed and trimmed, empty lines dropped."""
    lines = [WS_RUN.sub(" ", ln).strip(" ") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def decode_page(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        m = META_CHARSET.search(data[:4096])
        enc = "windows-1252"
        if m:
            try:
                enc = codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                pass
        text = data.decode(enc, errors="replace")
    return text.replace("\x00", "")


class Reader(HTMLParser):
    """Cuts a well-formed page into (text, tag) blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, starts a skipped subtree)
        self.skip = 0
        self.blocks_open: list[str] = []
        self.buf: list[str] = []
        self.after_br = False
        self.blocks: list[tuple[str, str]] = []

    def flush(self):
        text = norm_block("".join(self.buf))
        self.buf = []
        self.after_br = False
        if text and has_alnum(text):
            self.blocks.append((text, self.blocks_open[-1] if self.blocks_open else "html"))

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.skip or tag in SKIP:
                return
            a = dict(attrs)
            if "hidden" in a or HIDING_STYLE.search(a.get("style") or ""):
                return
            if tag == "br":
                if self.after_br:
                    self.flush()
                else:
                    self.buf.append("\n")
                    self.after_br = True
            elif tag in BLOCK:  # hr
                self.flush()
            return
        a = dict(attrs)
        hides = tag in SKIP or "hidden" in a or bool(HIDING_STYLE.search(a.get("style") or ""))
        if self.skip or hides:
            self.skip += 1
            self.stack.append((tag, True))
            return
        self.stack.append((tag, False))
        if tag in BLOCK:
            self.flush()
            self.blocks_open.append(tag)
        else:
            self.after_br = False if self.after_br and tag != "br" else self.after_br

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            raise ValueError(f"unbalanced </{tag}> (open: {[t for t, _ in self.stack[-4:]]})")
        _, skipped = self.stack.pop()
        if skipped:
            self.skip -= 1
            return
        if tag in BLOCK:
            self.flush()
            self.blocks_open.pop()

    def handle_data(self, data):
        if self.skip:
            return
        if data.strip(WS):
            self.after_br = False
        self.buf.append(WS_RUN.sub(" ", data))  # a source line break is white space; <br> is "\n"

    def close(self):
        super().close()
        self.flush()
        if self.stack:
            raise ValueError(f"unclosed elements: {[t for t, _ in self.stack]}")


def read_blocks(data: bytes) -> list[tuple[str, str]]:
    r = Reader()
    r.feed(decode_page(data))
    r.close()
    return r.blocks


# --------------------------------------------------------------------------
# Class and id names
# --------------------------------------------------------------------------
CONCEPTS = ("header nav main article title lead content caption footer sidebar related comments "
            "cookie author date share ad breadcrumb search newsletter kicker logo quote meta topbar").split()
NAMES = {
    "en": "site-header main-nav main-content article article-title standfirst article-body caption "
          "site-footer sidebar related comments cookie-banner author date share ad breadcrumb search "
          "newsletter kicker logo quote meta topbar",
    "fr": "entete menu-principal contenu article titre chapo corps-article legende pied-de-page colonne "
          "a-lire-aussi commentaires bandeau-cookies auteur date partage pub fil-ariane recherche "
          "lettre-info surtitre logo citation infos barre-haut",
    "es": "cabecera menu-principal contenido articulo titular entradilla cuerpo pie-foto pie-de-pagina "
          "lateral relacionadas comentarios aviso-cookies autor fecha compartir publicidad migas buscador "
          "boletin antetitulo logo cita datos barra-superior",
    "it": "testata menu-principale contenuto articolo titolo sommario testo didascalia piede colonna-destra "
          "correlati commenti banner-cookie autore data condividi pubblicita briciole cerca newsletter "
          "occhiello logo citazione info barra-alta",
    "pt": "cabecalho menu-principal conteudo materia titulo linha-fina texto legenda rodape barra-lateral "
          "relacionadas comentarios aviso-cookies autor data compartilhar publicidade migalhas busca "
          "newsletter chapeu logo citacao info barra-topo",
    "de": "kopf hauptnavigation inhalt artikel ueberschrift vorspann artikeltext bildunterschrift fuss "
          "seitenleiste verwandte-artikel kommentare cookie-hinweis autor datum teilen anzeige brotkrumen "
          "suche newsletter dachzeile logo zitat metadaten kopfleiste",
    "nl": "kop hoofdmenu inhoud artikel titel intro artikeltekst onderschrift voettekst zijbalk gerelateerd "
          "reacties cookiemelding auteur datum delen advertentie kruimelpad zoeken nieuwsbrief rubriek "
          "logo citaat info topbalk",
    "pl": "naglowek menu-glowne tresc artykul tytul lead tresc-artykulu podpis stopka pasek-boczny "
          "powiazane komentarze cookies-info autor data udostepnij reklama okruszki szukaj newsletter "
          "nadtytul logo cytat metryczka gorny-pasek",
    "cs": "hlavicka navigace obsah clanek titulek perex text-clanku popisek paticka postranni-panel "
          "souvisejici komentare cookie-lista autor datum sdilet reklama drobecky hledat newsletter "
          "rubrika logo citace info horni-lista",
    "sv": "sidhuvud huvudmeny innehall artikel rubrik ingress brodtext bildtext sidfot sidokolumn relaterat "
          "kommentarer kakor skribent datum dela annons brodsmulor sok nyhetsbrev vinjett logga citat "
          "info toppfalt",
    "tr": "ust-bilgi ana-menu icerik haber baslik spot haber-metni aciklama alt-bilgi yan-sutun "
          "ilgili-haberler yorumlar cerez-uyarisi yazar tarih paylas reklam yol arama bulten kategori "
          "logo alinti bilgi ust-serit",
    "ru": "shapka menu kontent statya zagolovok lid tekst podpis podval sidebar pohozhie kommentarii "
          "cookie avtor data podelitsya reklama kroshki poisk rassylka rubrika logo citata info verh",
    "uk": "shapka menyu kontent stattia zaholovok lid tekst pidpys pidval bichna-panel shozhi komentari "
          "cookie avtor data podilytysia reklama khlibni-kryhty poshuk rozsylka rubryka logo tsytata "
          "info verkh",
    "el": "kefalida menou periexomeno arthro titlos eisagogi keimeno lezanta yposelido plaini-stili "
          "sxetika sxolia cookies syntaktis imerominia koinopoiisi diafimisi diadromi anazitisi "
          "enimerotiko katigoria logo parathesi stoixeia panw-mpara",
    "zh": "toubu daohang zhuti wenzhang biaoti daodu zhengwen tupian-shuoming yejiao cebian xiangguan "
          "pinglun cookie zuozhe shijian fenxiang guanggao mianbaoxie sousuo dingyue lanmu logo yinyong "
          "xinxi dingbu",
    "ja": "header gnav main kiji midashi lead honbun caption footer sidebar kanren comment cookie "
          "chosha hizuke share koukoku pankuzu kensaku mailmagazine category logo inyou meta topbar",
    "ro": "antet meniu-principal continut articol titlu sapou corp-articol legenda subsol bara-laterala "
          "articole-similare comentarii banner-cookie autor data distribuie publicitate fir-navigare "
          "cautare newsletter supratitlu logo citat info bara-sus",
    "fi": "ylatunniste paavalikko sisalto artikkeli otsikko ingressi leipateksti kuvateksti alatunniste "
          "sivupalkki aiheesta-lisaa kommentit evasteilmoitus kirjoittaja paivays jaa mainos murupolku "
          "haku uutiskirje vinjetti logo sitaatti tiedot ylapalkki",
    "hu": "fejlec fomenu tartalom cikk cim lead cikktorzs kepalairas lablec oldalsav kapcsolodo "
          "hozzaszolasok suti-ertesito szerzo datum megosztas hirdetes morzsamenu kereses hirlevel "
          "felcim logo idezet adatok felso-sav",
}
NAMES = {k: dict(zip(CONCEPTS, v.split())) for k, v in NAMES.items()}
assert all(len(v) == len(CONCEPTS) for v in NAMES.values()), {k: len(v) for k, v in NAMES.items()}

TEMPLATES = ("html5", "divsoup", "table", "wordpress", "portal", "minimal")

LEGACY = {
    "de": ["windows-1252", "iso-8859-1"], "en": ["windows-1252", "iso-8859-1"],
    "es": ["windows-1252", "iso-8859-1"], "fr": ["windows-1252", "iso-8859-1"],
    "it": ["windows-1252"], "nl": ["windows-1252"], "pt": ["windows-1252", "iso-8859-1"],
    "sv": ["windows-1252"], "ru": ["windows-1251", "koi8-r"], "uk": ["windows-1251"],
    "ja": ["shift_jis", "euc-jp"], "zh": ["gb2312", "gbk"], "ko": ["euc-kr"],
    "cs": ["windows-1250", "iso-8859-2"], "pl": ["windows-1250", "iso-8859-2"],
    "el": ["windows-1253", "iso-8859-7"], "tr": ["windows-1254"], "ar": ["windows-1256"],
    "fi": ["windows-1252", "iso-8859-1"], "hu": ["windows-1250", "iso-8859-2"],
    # Romanian ș ț (comma below) are not in windows-1250 or iso-8859-2 (those
    # have the cedilla forms ş ţ); iso-8859-16 is the one legacy set with them.
    "ro": ["iso-8859-16"],
}
# the decoder a browser (WHATWG) uses for a label, where Python's differs
WHATWG_DECODER = {"gb2312": "gbk", "gbk": "gb18030", "euc-kr": "cp949", "shift_jis": "cp932"}
# characters whose legacy CJK mappings differ between decoders
CJK_UNSAFE = set("\u301c\uff5e\u2016\u2225\u2212\uff0d\u00a2\u00a3\u00ac\uffe0\uffe1\uffe2\u2014\u2015\u00a5\u203e")

SVG_ICONS = [
    '<svg class="icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14V3z"/></svg>',
    '<svg class="icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" stroke-width="2"/><path d="M16 16l5 5"/></svg>',
    '<svg class="icon" width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z"/></svg>',
    '<svg class="icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true"><path d="M18 16a3 3 0 0 0-2.4 1.2l-7-3.5a3 3 0 0 0 0-1.4l7-3.5A3 3 0 1 0 15 7l-7 3.5a3 3 0 1 0 0 3l7 3.5A3 3 0 1 0 18 16z"/></svg>',
]
CSS = [
    "body{margin:0;font:16px/1.5 Georgia,serif;color:#222}a{color:#0a58ca}.wrap{max-width:1100px;margin:0 auto}",
    ".nav ul,.menu{list-style:none;margin:0;padding:0}.nav li{display:inline-block;margin-right:12px}",
    "img{max-width:100%;height:auto}figure{margin:1em 0}figcaption,.caption{font-size:13px;color:#666}",
    "blockquote{border-left:3px solid #ccc;margin:1em 0;padding-left:1em;font-style:italic}",
    ".cookie{position:fixed;bottom:0;left:0;right:0;background:#fff;box-shadow:0 -2px 8px rgba(0,0,0,.2);z-index:99}",
    "@media (max-width:700px){.sidebar{display:none}.wrap{padding:0 12px}}",
]
JS = [
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-%s');",
    "(function(d){var s=d.createElement('script');s.async=1;s.src='/assets/js/ads.%s.js';d.head.appendChild(s)})(document);",
    "document.documentElement.className=document.documentElement.className.replace('no-js','js');var PAGE_ID='%s';",
    "if('serviceWorker' in navigator){navigator.serviceWorker.register('/sw.js?v=%s')}",
]


def esc(s: str) -> str:
    return htmlmod.escape(s, quote=False)


def attr(s: str) -> str:
    return htmlmod.escape(s, quote=True)


# --------------------------------------------------------------------------
# Units: a page's blocks grouped as a template draws them
# --------------------------------------------------------------------------
GROUPED = {"nav", "comment", "footer", "cookie", "misc", "li", "share", "ads"}
CRUMB_SEPS = (" › ", " / ", " > ", " » ")


def units_of(blocks):
    """[(kind, [blocks])] in page order.  Kinds are the PageBuilder roles, plus
    'crumbs', 'kicker', 'meta' (byline + datelines) and 'related' (heading +
    titles, each maybe with a date)."""
    units = []
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        role = b.role or "dateline"
        if role == "nav" and b.label == "boilerplate" and any(s in b.text for s in CRUMB_SEPS):
            units.append(("crumbs", [b]))
            i += 1
            continue
        if role == "byline":
            j = i + 1
            while j < n and (blocks[j].role or "dateline") == "dateline":
                j += 1
            units.append(("meta", blocks[i:j]))
            i = j
            continue
        if role in ("related_heading", "related_title") and (role == "related_heading" or (
                i + 1 < n and blocks[i + 1].role == "related_title")):
            j = i + 1
            while j < n and (blocks[j].role in ("related_title",) or (
                    (blocks[j].role or "dateline") == "dateline" and blocks[j - 1].role == "related_title")):
                j += 1
            units.append(("related", blocks[i:j]))
            i = j
            continue
        if role in GROUPED:
            j = i + 1
            while j < n and blocks[j].role == role and (role != "nav" or not any(
                    s in blocks[j].text for s in CRUMB_SEPS)):
                j += 1
            units.append((role, blocks[i:j]))
            i = j
            continue
        units.append((role, [b]))
        i += 1
    # a single menu item right before the headline is a kicker
    for k in range(len(units) - 1):
        if units[k][0] == "nav" and len(units[k][1]) == 1 and units[k + 1][0] in ("h1", "caption"):
            units[k] = ("kicker", units[k][1])
    return units


class Page:
    """Renders one Doc as HTML, recording the blocks it writes."""

    def __init__(self, g, rng, doc, site, headline, title, template, names, lang, url):
        self.g, self.r, self.doc, self.site = g, rng, doc, site
        self.h, self.title, self.t, self.lang = headline, title, template, lang
        self.names = names
        self.url = url
        self.out: list[str] = []
        self.exp: list[dict] = []
        r = rng
        self.nbsp_entity = r.random() < 0.5
        self.br = r.choice(["<br>", "<br>", "<br/>", "<br />"])
        self.ind = r.choice(["", "  ", "\t", "    "])
        self.img_n = 0
        # markup choices, per page, weighted by template
        T = template
        self.cap_style = r.choice({
            "html5": ["figure", "figure", "figure", "figure-span", "div-p"],
            "divsoup": ["div-p", "div-div", "div-span", "figure"],
            "table": ["table", "table", "div-p", "div-span"],
            "wordpress": ["wp-caption", "wp-caption", "wp-block", "wp-block"],
            "portal": ["figure", "figure-span", "div-div", "div-p"],
            "minimal": ["figure", "p-after", "p-after", "figure-bare"],
        }[T])
        self.sub_style = r.choice({
            "html5": ["h2", "h2", "h3"], "divsoup": ["h3", "strong", "div"], "table": ["strong", "b-br", "h3"],
            "wordpress": ["h2", "h3", "strong"], "portal": ["h2", "h2", "div"], "minimal": ["h2", "strong"],
        }[T])
        self.quote_style = r.choice({
            "html5": ["bq-p", "bq-p", "bq", "p"], "divsoup": ["p", "div", "bq"], "table": ["p", "bq", "td"],
            "wordpress": ["bq-p", "bq-p", "p", "pull"], "portal": ["bq-p", "div", "p", "pull"],
            "minimal": ["bq", "bq-p", "p"],
        }[T])
        self.title_style = r.choice({
            "html5": ["h1", "h1"], "divsoup": ["h1", "div"], "table": ["h1", "td-b", "div"],
            "wordpress": ["h1"], "portal": ["h1", "h1", "h2"], "minimal": ["h1", "h1", "h1a"],
        }[T])
        self.nav_style = r.choice({
            "html5": ["ul", "ul", "nav-a"], "divsoup": ["div-a", "div-a-sep", "ul"], "table": ["td", "td-br", "div-a-sep"],
            "wordpress": ["ul"], "portal": ["ul", "ul", "div-a"], "minimal": ["nav-a", "nav-a-sep", "ul"],
        }[T])
        self.p_style = "td-text" if T == "table" and r.random() < 0.5 else r.choice(
            ["p"] * 8 + (["div"] if T in ("divsoup", "portal") else []))

    # ---- low-level writers -------------------------------------------------
    def w(self, s: str) -> None:
        self.out.append(s)

    def c(self, concept: str) -> str:
        name = self.names[concept]
        if self.t == "portal":
            return f"c-{name}"
        return name

    def txt(self, text: str, wrap_prose=False) -> str:
        """A block's text as HTML: escaped, <br> for line breaks, sometimes a
        source line break inside a long line."""
        lines = []
        for ln in text.split("\n"):
            s = esc(ln)
            if self.nbsp_entity:
                s = s.replace("\u00a0", "&nbsp;")
            if wrap_prose and len(s) > 120 and " " in s[60:] and self.r.random() < 0.3:
                k = s.index(" ", 60)
                s = s[:k] + "\n" + self.ind * 3 + s[k + 1:]
            lines.append(s)
        return (self.br + "\n" if self.r.random() < 0.5 else self.br).join(lines)

    def expect(self, text, label, tag, lang=None):
        t = norm_block(text)
        if not t or not has_alnum(t):
            return
        rec = {"text": t, "label": label, "tag": tag}
        if lang:
            rec["lang"] = lang
        self.exp.append(rec)

    def lang_attr(self, b) -> str:
        return f' lang="{b.lang}"' if b.lang and self.r.random() < 0.6 else ""

    def blk(self, tag, b, attrs="", inline=None, prose=False):
        """<tag attrs>[<inline>]text[</inline>]</tag>: one block with that tag."""
        inner = self.txt(b.text, prose)
        if inline:
            iname = inline.split()[0]
            inner = f"<{inline}>{inner}</{iname}>"
        self.w(f"<{tag}{attrs}{self.lang_attr(b)}>{inner}</{tag}>\n")
        self.expect(b.text, b.label, tag, b.lang)

    def merged(self, tag, attrs, bs, item="a", sep=" "):
        """Several boilerplate blocks drawn inline in one block element."""
        parts = []
        for b in bs:
            t = self.txt(b.text)
            if item == "a":
                parts.append(f'<a href="{self.href(b.text)}">{t}</a>')
            elif item:
                parts.append(f"<{item}>{t}</{item.split()[0]}>")
            else:
                parts.append(t)
        self.w(f"<{tag}{attrs}>" + esc(sep).join(parts) + f"</{tag}>\n")
        lang = bs[0].lang
        self.expect(sep.join(b.text for b in bs), "boilerplate", tag, lang)

    def can_merge(self, bs):
        return all("\n" not in b.text and b.lang == bs[0].lang and b.label == "boilerplate" for b in bs)

    def href(self, text):
        """A site-relative link; each site keeps one URL style."""
        slug = (self.g.slugify(text) or "page")[:40]
        style = int(hashlib.sha256(self.site["domain"].encode("utf-8")).hexdigest()[:4], 16) % 3
        return (f"/{slug}/", f"/{slug}.html", f"/index.php?page={slug}")[style]

    def date_attr(self):
        r = self.r
        return f"2025-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(5, 22):02d}:{r.randint(0, 59):02d}:00+01:00"

    def img(self):
        self.img_n += 1
        r = self.r
        w, h = r.choice([(1200, 675), (800, 533), (640, 427), (1024, 576)])
        src = f"/media/2025/{r.randint(1, 12):02d}/{self.g.slugify(self.h)[:30] or 'img'}-{self.img_n}.jpg"
        extra = f' srcset="{src}?w=480 480w, {src}?w={w} {w}w"' if r.random() < 0.3 else ""
        lazy = ' loading="lazy"' if r.random() < 0.5 else ""
        return f'<img src="{src}"{extra} width="{w}" height="{h}" alt=""{lazy}>'

    # ---- units ---------------------------------------------------------------
    def unit(self, kind, bs, where):
        r = self.r
        m = getattr(self, "u_" + kind, None)
        if m:
            m(bs, where)
        else:
            for b in bs:
                self.blk("p" if r.random() < 0.7 else "div", b)

    def u_cookie(self, bs, where):
        r = self.r
        style = r.choice(["div", "dialog", "div-text"])
        pos = "bottom" if where == "end" else "top"
        btn = '<button type="button" class="btn" aria-label="Accept">&#10003;</button>' \
              '<button type="button" class="close" aria-label="Close">&times;</button>'
        if style == "dialog":
            self.w(f'<dialog open class="consent" aria-modal="true">\n')
            for b in bs:
                self.blk("p", b)
            self.w(btn + "</dialog>\n")
        elif style == "div-text" and len(bs) == 1:
            self.w(f'<div id="{self.c("cookie")}" class="cookie cookie-{pos}" role="dialog">')
            self.w(self.txt(bs[0].text))
            self.w(btn + "</div>\n")
            self.expect(bs[0].text, "boilerplate", "div", bs[0].lang)
        else:
            self.w(f'<div id="{self.c("cookie")}" class="cookie" role="dialog" '
                   f'style="position:fixed;{pos}:0;left:0;right:0;z-index:9999">\n<div class="cookie__inner">\n')
            for b in bs:
                self.blk("p", b, ' class="cookie__text"')
            self.w(f'<div class="cookie__buttons">{btn}</div>\n</div>\n</div>\n')

    def u_misc(self, bs, where):
        r = self.r
        if where == "pre" and self.can_merge(bs) and r.random() < 0.4:
            self.merged("div", f' class="{self.c("topbar")}"', bs, "a", " ")
            return
        if len(bs) > 1 and r.random() < 0.5:
            self.w(f'<ul class="{self.c("topbar")} links">\n')
            for b in bs:
                self.blk("li", b, "", f'a href="{self.href(b.text)}"')
            self.w("</ul>\n")
            return
        for b in bs:
            tag = r.choice(["div", "p", "div"])
            inline = r.choice([f'a href="{self.href(b.text)}"', "span", None, 'a href="#"'])
            self.blk(tag, b, f' class="{r.choice(["paywall", "promo", "login", self.c("search"), "notice"])}"', inline)

    def u_site(self, bs, where):
        r = self.r
        b = bs[0]
        s = r.choice(["div", "p", "div-img", "div", "p", "div-img", "h1"])
        if s == "div-img":
            self.w(f'<div class="{self.c("logo")}"><a href="/" rel="home"><img src="/assets/logo.svg" alt="" width="180" height="40">'
                   f'{self.txt(b.text)}</a></div>\n')
            self.expect(b.text, b.label, "div", b.lang)
        else:
            self.blk(s, b, f' class="{r.choice(["site-title", self.c("logo"), "brand"])}"', 'a href="/" rel="home"')

    def u_nav(self, bs, where):
        r = self.r
        style = self.nav_style if where == "pre" else r.choice(["ul", "div-a-sep", "ul", self.nav_style])
        if not self.can_merge(bs) and style not in ("ul", "td"):
            style = "ul"
        cls = self.c("nav") if where == "pre" else r.choice(["footer-nav", "footer-menu", self.c("nav") + "-footer"])
        if style == "ul":
            tag = "nav" if self.t in ("html5", "wordpress", "minimal", "portal") else "div"
            aria = ' aria-label="Main"' if tag == "nav" else ""
            self.w(f'<{tag} class="{cls}"{aria}>\n<ul class="menu">\n')
            for k, b in enumerate(bs):
                li_cls = f' class="menu-item menu-item-{r.randint(10, 999)}"' if self.t == "wordpress" else ""
                cur = ' aria-current="page"' if k == 1 and r.random() < 0.3 else ""
                self.blk("li", b, li_cls, f'a href="{self.href(b.text)}"{cur}')
            self.w(f"</ul>\n</{tag}>\n")
            if where == "pre" and r.random() < 0.3:
                self.w(f'<button class="menu-toggle" aria-expanded="false">{SVG_ICONS[2]}</button>\n')
        elif style == "td":
            self.w(f'<table class="{cls}" cellspacing="0" cellpadding="4"><tr>\n')
            for b in bs:
                self.blk("td", b, "", f'a href="{self.href(b.text)}" class="navlink"')
            self.w("</tr></table>\n")
        elif style == "td-br":
            self.w(f'<table class="{cls}"><tr><td valign="top">')
            self.w(self.br.join(f'<a href="{self.href(b.text)}">{self.txt(b.text)}</a>' for b in bs))
            self.w("</td></tr></table>\n")
            self.expect("\n".join(b.text for b in bs), "boilerplate", "td", bs[0].lang)
        else:
            tag = "nav" if style.startswith("nav") else "div"
            sep = r.choice([" | ", " · ", " / "]) if style.endswith("sep") else " "
            self.merged(tag, f' class="{cls}"', bs, "a", sep)

    def u_crumbs(self, bs, where):
        r = self.r
        b = bs[0]
        sep = next(s for s in CRUMB_SEPS if s in b.text)
        items = b.text.split(sep)
        tag = r.choice(["nav", "div", "p"])
        parts = [f'<a href="{self.href(t)}">{self.txt(t)}</a>' for t in items[:-1]]
        parts.append(f"<span>{self.txt(items[-1])}</span>" if r.random() < 0.5 else f'<a href="{self.href(items[-1])}">{self.txt(items[-1])}</a>')
        self.w(f'<{tag} class="{self.c("breadcrumb")}" aria-label="breadcrumb">' + esc(sep).join(parts) + f"</{tag}>\n")
        self.expect(b.text, b.label, tag, b.lang)

    def u_kicker(self, bs, where):
        r = self.r
        tag = r.choice(["p", "div", "span-div"])
        if tag == "span-div":
            self.w(f'<div class="{self.c("meta")}-top"><span class="{self.c("kicker")}"><a href="{self.href(bs[0].text)}">{self.txt(bs[0].text)}</a></span></div>\n')
            self.expect(bs[0].text, "boilerplate", "div", bs[0].lang)
        else:
            self.blk(tag, bs[0], f' class="{self.c("kicker")}"', f'a href="{self.href(bs[0].text)}"')

    def u_ads(self, bs, where):
        r = self.r
        for b in bs:
            s = r.choice(["div", "aside", "p", "div-slot"])
            if s == "div-slot":
                self.w(f'<div class="{self.c("ad")} ad-slot" id="ad-{r.randint(1, 9)}">'
                       f'<span class="ad-label">{self.txt(b.text)}</span>'
                       f'<div class="ad-container" style="min-height:{r.choice([90, 250, 280])}px"></div></div>\n')
                self.expect(b.text, b.label, "div", b.lang)
            else:
                self.blk(s, b, f' class="{self.c("ad")} {r.choice(["banner", "mpu", "sponsored"])}"')

    def u_h1(self, bs, where):
        r = self.r
        b = bs[0]
        st = self.title_style
        if getattr(self, "_had_h1", False):  # the second of two titles
            st = r.choice(["h1", "h2", "div"])
        self._had_h1 = True
        if st == "h1":
            cls = {"wordpress": "entry-title", "portal": "article__title"}.get(self.t, self.c("title"))
            self.blk("h1", b, f' class="{cls}"' if r.random() < 0.7 else "")
        elif st == "h1a":
            self.blk("h1", b, "", f'a href="{attr(self.url or "/")}"')
        elif st == "h2":
            self.blk("h2", b, f' class="{self.c("title")} headline"')
        elif st == "td-b":
            self.w(f'<table width="100%"><tr><td class="{self.c("title")}"><b>{self.txt(b.text)}</b></td></tr></table>\n')
            self.expect(b.text, b.label, "td", b.lang)
        else:
            self.blk("div", b, f' class="{r.choice(["title", self.c("title"), "headline"])}"')

    def u_standfirst(self, bs, where):
        r = self.r
        b = bs[0]
        s = r.choice(["p", "p", "div", "p-strong", "h2"])
        if s == "p-strong":
            self.blk("p", b, "", "strong")
        else:
            self.blk(s, b, f' class="{r.choice([self.c("lead"), "lead", "summary", "intro"])}"', prose=True)

    def u_meta(self, bs, where):
        r = self.r
        by, dls = bs[0], bs[1:]
        s = r.choice(["div-merged", "separate", "address", "p"])
        if by.lang or any(d.lang for d in dls) or "\n" in by.text or any("\n" in d.text for d in dls):
            s = "separate"
        if s == "div-merged" and dls:
            tag = r.choice(["div", "p"])
            self.w(f'<{tag} class="{self.c("meta")}"><span class="{self.c("author")}">{self.txt(by.text)}</span> '
                   + " ".join(f'<time datetime="{self.date_attr()}">{self.txt(d.text)}</time>' for d in dls)
                   + f"</{tag}>\n")
            self.expect(" ".join([by.text] + [d.text for d in dls]), "boilerplate", tag)
            return
        if s == "address":
            self.blk("address", by, f' class="{self.c("author")}"', 'a rel="author" href="/author/"')
        elif "\n" in by.text or r.random() < 0.5:
            self.blk(r.choice(["div", "p"]), by, f' class="byline"', f'span class="{self.c("author")}"')
        else:
            self.w(f'<div class="{self.c("meta")}">\n')
            self.blk("p", by, f' class="byline"', f'span class="author vcard"')
            for d in dls:
                self.blk("p", d, f' class="{self.c("date")}"', f'time datetime="{self.date_attr()}"')
            self.w("</div>\n")
            return
        for d in dls:
            self.u_dateline([d], where)

    def u_byline(self, bs, where):
        self.u_meta(bs, where)

    def u_dateline(self, bs, where):
        r = self.r
        for b in bs:
            tag = r.choice(["div", "p", "span-div"])
            if tag == "span-div" and "\n" not in b.text:
                self.w(f'<div class="{self.c("date")}"><span class="updated">{self.txt(b.text)}</span></div>\n')
                self.expect(b.text, b.label, "div", b.lang)
            else:
                self.blk("p" if tag == "span-div" else tag, b, f' class="{self.c("date")}"',
                         f'time datetime="{self.date_attr()}"' if r.random() < 0.7 else None)

    def u_share(self, bs, where):
        r = self.r
        if self.can_merge(bs) and r.random() < 0.6:
            parts = [f'<a class="share-link" href="https://share.example/?u={r.randint(1000, 9999)}" rel="nofollow">'
                     f'{r.choice(SVG_ICONS) if r.random() < 0.6 else ""}{self.txt(b.text)}</a>' for b in bs]
            tag = r.choice(["div", "div", "p"])
            self.w(f'<{tag} class="{self.c("share")}">' + " ".join(parts) + f"</{tag}>\n")
            self.expect(" ".join(b.text for b in bs), "boilerplate", tag, bs[0].lang)
        else:
            self.w(f'<ul class="{self.c("share")}-buttons">\n')
            for b in bs:
                self.w(f'<li{self.lang_attr(b)}><a href="#" data-network="{r.choice(["fb", "x", "mail", "wa"])}">'
                       f'{SVG_ICONS[3] if r.random() < 0.5 else ""}{self.txt(b.text)}</a></li>\n')
                self.expect(b.text, b.label, "li", b.lang)
            self.w("</ul>\n")

    def u_caption(self, bs, where):
        r = self.r
        b = bs[0]
        st = self.cap_style
        la = self.lang_attr(b)
        t = self.txt(b.text)
        img = self.img()
        if st == "figure":
            self.w(f'<figure class="{r.choice(["image", "figure", "article-image"])}">{img}\n<figcaption{la}>{t}</figcaption></figure>\n')
            tag = "figcaption"
        elif st == "figure-span":
            self.w(f'<figure>{img}<figcaption><span class="{self.c("caption")}"{la}>{t}</span></figcaption></figure>\n')
            tag = "figcaption"
        elif st == "figure-bare":
            self.w(f"<figure>{img}\n{t}</figure>\n")
            tag = "figure"
        elif st == "div-p":
            self.w(f'<div class="{r.choice(["img", "photo", "picture"])}">{img}<p class="{self.c("caption")}"{la}>{t}</p></div>\n')
            tag = "p"
        elif st == "div-div":
            self.w(f'<div class="media">{img}<div class="{self.c("caption")}"{la}>{t}</div></div>\n')
            tag = "div"
        elif st == "div-span":
            self.w(f'<div class="{r.choice(["foto", "photo", "image"])}">{img}{self.br}<span class="{self.c("caption")}">{t}</span></div>\n')
            tag = "div"
        elif st == "table":
            self.w(f'<table class="image" align="{r.choice(["right", "center"])}"><tr><td>{img}</td></tr>'
                   f'<tr><td class="{self.c("caption")}">{t}</td></tr></table>\n')
            tag = "td"
        elif st == "wp-caption":
            tag = r.choice(["p", "p", "div"])  # older themes: <div class="wp-caption-text">
            self.w(f'<div id="attachment_{r.randint(100, 9999)}" class="wp-caption align{r.choice(["none", "center"])}">{img}'
                   f'<{tag} class="wp-caption-text">{t}</{tag}></div>\n')
        elif st == "wp-block":
            self.w(f'<figure class="wp-block-image size-large">{img}<figcaption class="wp-element-caption">{t}</figcaption></figure>\n')
            tag = "figcaption"
        else:  # p-after
            self.w(f'<p>{img}</p>\n<p class="{r.choice(["caption", "photo-credit", "small"])}"><em>{t}</em></p>\n')
            tag = "p"
        self.expect(b.text, b.label, tag, b.lang)

    def u_p(self, bs, where):
        if self.p_style == "td-text":
            # the table template writes paragraphs as text separated by <br><br>
            self.w(self.txt(bs[0].text, True) + self.br + self.br + "\n")
            self.expect(bs[0].text, bs[0].label, self.cur_container, bs[0].lang)
        else:
            self.blk(self.p_style, bs[0], "", prose=True)

    def u_sub(self, bs, where):
        r = self.r
        b = bs[0]
        st = self.sub_style
        anchor = next((a for a in set(self.g.WIKI_EDIT_LINKS.values()) | {"¶"} if b.text.endswith(a)), None)
        if st in ("h2", "h3") and anchor:
            head = esc(b.text[:-len(anchor)])
            if anchor == "¶":
                tail = f'<a class="headerlink" href="#s{r.randint(1, 99)}" title="Permalink">¶</a>'
            else:
                tail = f'<span class="mw-editsection">{esc(anchor)}</span>'
            self.w(f'<{st} id="s-{r.randint(1, 999)}"><span class="mw-headline">{head}</span>{tail}</{st}>\n')
            self.expect(b.text, b.label, st, b.lang)
        elif st in ("h2", "h3"):
            self.blk(st, b)
        elif st == "strong":
            self.blk("p", b, "", "strong")
        elif st == "b-br" and self.p_style == "td-text":
            self.w(f"<b>{self.txt(b.text)}</b>{self.br}{self.br}\n")
            self.expect(b.text, b.label, self.cur_container, b.lang)
        else:
            self.blk("div", b, f' class="{r.choice(["subtitle", "intertitle", "crosshead"])}"')

    def u_li(self, bs, where):
        tag = self.r.choice(["ul", "ul", "ol"])
        self.w(f"<{tag}>\n")
        for b in bs:
            self.blk("li", b, "", prose=True)
        self.w(f"</{tag}>\n")

    def u_quote(self, bs, where):
        r = self.r
        b = bs[0]
        st = self.quote_style
        la = self.lang_attr(b)
        t = self.txt(b.text, True)
        if st == "bq-p":
            self.w(f'<blockquote{la}>\n<p>{t}</p>\n</blockquote>\n')
            tag = "p"
        elif st == "bq":
            self.w(f"<blockquote{la}>{t}</blockquote>\n")
            tag = "blockquote"
        elif st == "pull":
            self.w(f'<aside class="pullquote"><p{la}>{t}</p></aside>\n')
            tag = "p"
        elif st == "div":
            self.w(f'<div class="{self.c("quote")}"{la}>{t}</div>\n')
            tag = "div"
        elif st == "td" and self.p_style == "td-text":
            self.w(f"<i>{t}</i>{self.br}{self.br}\n")
            tag = self.cur_container
        else:
            self.w(f"<p{la}>{t}</p>\n")
            tag = "p"
        self.expect(b.text, b.label, tag, b.lang)

    def u_related(self, bs, where):
        r = self.r
        cont = r.choice(["aside", "section", "div"])
        self.w(f'<{cont} class="{self.c("related")}">\n')
        items = []  # (title, [dates])
        head = None
        for b in bs:
            if b.role == "related_heading":
                head = b
            elif b.role == "related_title":
                items.append((b, []))
            elif items:
                items[-1][1].append(b)
        if head:
            st = r.choice(["h2", "h3", "h4", "div", "p-strong"])
            if st == "p-strong":
                self.blk("p", head, "", "strong")
            else:
                self.blk(st, head, f' class="{r.choice(["section-title", "widget-title", "related-title", "title"])}"')
        style = r.choice(["ul", "teaser", "ul"])
        if self.t in ("portal", "html5") and len(items) <= 6 and r.random() < 0.25:
            style = "figure"
        if style == "ul":
            self.w("<ul>\n")
            for tb, ds in items:
                if ds and not tb.lang and all(not d.lang and "\n" not in d.text for d in ds) and "\n" not in tb.text:
                    self.w(f'<li><a href="{self.href(tb.text)}">{self.txt(tb.text)}</a> '
                           + " ".join(f'<span class="{self.c("date")}">{self.txt(d.text)}</span>' for d in ds) + "</li>\n")
                    self.expect(" ".join([tb.text] + [d.text for d in ds]), "boilerplate", "li")
                else:
                    self.blk("li", tb, "", f'a href="{self.href(tb.text)}"')
                    for d in ds:
                        self.blk("p", d, f' class="{self.c("date")}"')
            self.w("</ul>\n")
        elif style == "figure":  # teaser cards: a picture and its title in a figcaption
            for tb, ds in items:
                fc = r.choice(["", "", ' class="caption"'])
                self.w(f'<figure class="card">{self.img()}<figcaption{fc}>')
                self.w(f'<a href="{self.href(tb.text)}"{self.lang_attr(tb)}>{self.txt(tb.text)}</a>')
                if ds and not tb.lang and "\n" not in tb.text and all("\n" not in d.text and not d.lang for d in ds):
                    self.w(" " + " ".join(f'<time datetime="{self.date_attr()}">{self.txt(d.text)}</time>' for d in ds))
                    self.expect(" ".join([tb.text] + [d.text for d in ds]), "boilerplate", "figcaption")
                    self.w("</figcaption></figure>\n")
                else:
                    self.expect(tb.text, tb.label, "figcaption", tb.lang)
                    self.w("</figcaption></figure>\n")
                    for d in ds:
                        self.blk("p", d, f' class="{self.c("date")}"')
        else:
            ht = r.choice(["h3", "h4", "div"])
            tcls = r.choice(["teaser__title", "headline", "title", self.c("title")] + (["entry-title"] if self.t == "wordpress" else []))
            for tb, ds in items:
                self.w(f'<div class="teaser">{self.img() if r.random() < 0.5 else ""}\n')
                self.blk(ht, tb, f' class="{tcls}"', f'a href="{self.href(tb.text)}"')
                for d in ds:
                    self.blk("p", d, f' class="{self.c("date")}"', f'time datetime="{self.date_attr()}"')
                self.w("</div>\n")
        self.w(f"</{cont}>\n")

    def u_related_title(self, bs, where):
        r = self.r
        for b in bs:
            st = r.choice(["p-strong", "div", "aside"])
            if st == "p-strong":
                self.blk("p", b, ' class="read-more"', f'strong')
            else:
                self.blk(st, b, f' class="{r.choice(["read-also", "inline-related"])}"', f'a href="{self.href(b.text)}"')

    def u_related_heading(self, bs, where):
        for b in bs:
            self.blk(self.r.choice(["h2", "h3", "div"]), b)

    def u_comment(self, bs, where):
        """A thread: each entry an author line, the comment, votes or a time,
        as far as the texts tell; UI lines ("Reply", "Comments (9)") too."""
        r = self.r
        def kind(b):
            t = b.text
            if sum(c.isalpha() for c in t) < 3:
                return "meta"
            if len(t) <= 32 and "\n" not in t and not re.search(r"[.!?。！？]$", t):
                return "author"
            return "text"
        entries, cur = [], None
        head = None
        if re.search(r"\(\d+\)", bs[0].text) and r.random() < 0.7:
            head, bs = bs[0], bs[1:]
        for b in bs:
            k = kind(b)
            if cur is None or k == "author" or (k == "text" and any(kk == "text" for kk, _ in cur)):
                cur = []
                entries.append(cur)
            cur.append((k, b))
        ol = r.random() < (0.8 if self.t == "wordpress" else 0.5)
        self.w(f'<section id="{self.c("comments")}" class="comments-area">\n')
        if head:
            self.blk(r.choice(["h2", "h3", "div"]), head, ' class="comments-title"')
        self.w('<ol class="comment-list">\n' if ol else '<div class="comment-list">\n')
        # forum-like: the comment body in a blockquote
        quote_style = self.t in ("divsoup", "table", "minimal") and r.random() < 0.06
        for entry in entries:
            self.w(f'<li class="comment" id="comment-{r.randint(100, 99999)}">' if ol else
                   f'<div class="comment" id="c{r.randint(100, 99999)}">')
            art_open = r.random() < 0.4
            self.w('<article class="comment-body">\n' if art_open else "\n")
            for k, b in entry:
                if k == "author":
                    st = r.random()
                    if st < 0.5:
                        self.w(f'<div class="comment-author vcard"><b class="fn"{self.lang_attr(b)}>{self.txt(b.text)}</b></div>\n')
                        self.expect(b.text, b.label, "div", b.lang)
                    elif st < 0.8:
                        self.blk("p", b, ' class="comment-author"', "cite")
                    else:
                        self.blk("div", b, ' class="user"', f'a href="/user/{r.randint(1, 9999)}" rel="nofollow"')
                elif k == "meta":
                    self.blk(r.choice(["div", "p"]), b, ' class="comment-meta"',
                             r.choice([None, "small", f'time datetime="{self.date_attr()}"']))
                else:
                    if quote_style:
                        self.blk("blockquote", b, ' class="comment-text"')
                    elif r.random() < 0.6:
                        self.w('<div class="comment-content">')
                        self.blk("p", b)
                        self.w("</div>\n")
                    else:
                        self.blk("div", b, ' class="comment-text"')
            if r.random() < 0.3 and entry[0][0] != "meta":
                self.w(f'<a class="comment-reply-link" href="#respond" aria-label="Reply">{SVG_ICONS[0]}</a>\n')
            if art_open:
                self.w("</article>")
            self.w("</li>\n" if ol else "</div>\n")
        self.w("</ol>\n" if ol else "</div>\n")
        self.w("</section>\n")

    def u_newsletter(self, bs, where):
        r = self.r
        b = bs[0]
        st = r.choice(["div-p", "form", "div"])
        if st == "form":
            self.w(f'<form class="{self.c("newsletter")}" action="/subscribe" method="post"{self.lang_attr(b)}>'
                   f'{self.txt(b.text)}<input type="email" name="email" required>'
                   f'<button type="submit" aria-label="Subscribe">&rarr;</button></form>\n')
            self.expect(b.text, b.label, "form", b.lang)
        elif st == "div-p":
            self.w(f'<div class="{self.c("newsletter")} box">\n')
            self.blk("p", b)
            self.w('<form action="/nl" method="post"><input type="email" name="e"><button type="submit">&raquo;</button></form>\n</div>\n')
        else:
            self.blk("div", b, f' class="{self.c("newsletter")}{r.choice(["", " intro", " box"])}"')

    def u_footer(self, bs, where):
        r = self.r
        for b in bs:
            if "@" in b.text or ("\n" in b.text and r.random() < 0.6):
                self.blk("address", b)
            else:
                st = r.choice(["p", "p-small", "div", "direct"])
                if st == "p-small":
                    self.blk("p", b, "", "small")
                elif st == "direct" and not self.footer_direct_used:
                    self.footer_direct_used = True
                    self.w(f"<span class=\"copyright\"{self.lang_attr(b)}>{self.txt(b.text)}</span>\n")
                    self.expect(b.text, b.label, self.cur_container, b.lang)
                else:
                    self.blk("div" if st != "p" else "p", b, f' class="{r.choice(["copyright", "legal", "footer-text"])}"')

    def u_comment_extra(self, bs, where):
        self.u_comment(bs, where)

    # ---- layout ---------------------------------------------------------------
    def render_units(self, units, where):
        for kind, bs in units:
            self.unit(kind, bs, where)

    def body(self, units):
        """Template skeletons around the three regions: before the article
        (header chrome), the article, after it (related, comments, footer)."""
        r = self.r
        content = [i for i, (_, bs) in enumerate(units) if any(b.label != "boilerplate" for b in bs)]
        fc, lc = (content[0], content[-1]) if content else (0, -1)
        pre, art, post = units[:fc], units[fc:lc + 1], units[lc + 1:]
        # cookie banners and a skip link stay outside the header
        lead_cookie = [u for u in pre if u[0] == "cookie"]
        pre = [u for u in pre if u[0] != "cookie"]
        # the footer: from the menu before the first footer entry to the last one
        fidx = [i for i, u in enumerate(post) if u[0] == "footer"]
        if fidx:
            s = fidx[0]
            while s > 0 and post[s - 1][0] in ("nav", "misc"):
                s -= 1
            after, foot, tail = post[:s], post[s:fidx[-1] + 1], post[fidx[-1] + 1:]
        else:
            after, foot, tail = post, [], []
        T = self.t
        self.footer_direct_used = False
        hidden = self.hidden_html()
        body_cls = {"wordpress": "post-template-default single single-post", "portal": "page-article"}.get(T, "article")
        self.w(f'<body class="{body_cls}">\n')
        self.cur_container = "body"
        if hidden and r.random() < 0.5:
            self.w(hidden)
            hidden = ""
        self.render_units(lead_cookie, "start")
        if T == "table":
            self.w('<table class="layout" width="100%" border="0" cellpadding="0" cellspacing="0">\n<tr><td class="header" colspan="2">\n')
            self.cur_container = "td"
            self.render_units(pre, "pre")
            self.w('</td></tr>\n<tr><td class="content" valign="top">\n')
            self.render_units(art, "art")
            self.render_units(after, "after")
            self.w(f'</td><td class="{self.c("sidebar")}" width="200" valign="top">{hidden}</td></tr>\n'
                   '<tr><td class="footer" colspan="2">\n')
            hidden = ""
            self.render_units(foot, "foot")
            self.w("</td></tr>\n</table>\n")
            self.cur_container = "body"
        else:
            sem = T in ("html5", "wordpress", "minimal")
            if T == "wordpress":
                self.w('<div id="page" class="site">\n<a class="skip-link screen-reader-text" href="#content" hidden>#</a>\n')
            if T == "portal":
                self.w('<div class="l-page">\n<div class="l-page__inner">\n')
            htag = "header" if sem or (T == "portal" and r.random() < 0.5) else "div"
            hid = {"wordpress": ' id="masthead"'}.get(T, "")
            self.w(f'<{htag}{hid} class="{self.c("header")}">\n')
            if T in ("divsoup", "portal"):
                self.w('<div class="container"><div class="row">\n')
            self.cur_container = htag if T not in ("divsoup", "portal") else "div"
            self.render_units(pre, "pre")
            if T in ("divsoup", "portal"):
                self.w("</div></div>\n")
            self.w(f"</{htag}>\n")
            if r.random() < 0.5:
                self.w(f"<!-- /.{self.c('header')} -->\n")
            if hidden and r.random() < 0.5:
                self.w(hidden)
                hidden = ""
            mtag = "main" if sem else "div"
            self.w(f'<{mtag} id="{self.c("main")}" class="{"site-main" if T == "wordpress" else "wrap"}">\n')
            if T == "portal":
                self.w('<div class="l-row"><div class="l-col l-col--8"><div class="article-wrapper">\n')
            if T == "wordpress":
                self.w(f'<article id="post-{r.randint(100, 99999)}" class="post type-post status-publish format-standard">\n')
            elif sem:
                self.w(f'<article class="{self.c("article")}">\n')
            else:
                self.w(f'<div class="{self.c("article")}" id="{self.c("content")}">\n')
            self.cur_container = "article" if sem else "div"
            hdr = [i for i, u in enumerate(art) if u[0] in ("p", "li", "quote", "sub")]
            split = hdr[0] if hdr else len(art)
            if sem and split > 0 and r.random() < 0.7:
                self.w(f'<header class="{"entry-header" if T == "wordpress" else "article-header"}">\n')
                self.cur_container = "header"
                self.render_units(art[:split], "art")
                self.w("</header>\n")
                self.cur_container = "article"
            else:
                self.render_units(art[:split], "art")
            btag = "div"
            self.w(f'<div class="{"entry-content" if T == "wordpress" else self.c("content")}">\n')
            self.cur_container = btag
            self.render_units(art[split:], "art")
            self.w("</div>\n")
            self.cur_container = "article" if sem else "div"
            if T == "wordpress":
                self.w("</article>\n")
                self.render_units(after, "after")
            else:
                self.render_units(after, "after")
                self.w("</article>\n" if sem else "</div>\n")
            if T == "portal":
                self.w('</div></div>\n<div class="l-col l-col--4"><aside class="sidebar">'
                       f'<div class="ad-slot" id="sky" style="min-height:600px"></div></aside></div>\n</div>\n')
            self.w(f"</{mtag}>\n")
            ftag = "footer" if sem or r.random() < 0.3 else "div"
            if foot:
                fid = ' id="colophon"' if T == "wordpress" else ""
                self.w(f'<{ftag}{fid} class="{self.c("footer")}">\n')
                self.cur_container = ftag
                if T in ("portal", "divsoup") and r.random() < 0.5:
                    self.w('<div class="footer-inner">\n')
                    self.cur_container = "div"
                    self.render_units(foot, "foot")
                    self.w("</div>\n")
                else:
                    self.render_units(foot, "foot")
                self.w(f"</{ftag}>\n")
            if T == "portal":
                self.w("</div>\n</div>\n")
            if T == "wordpress":
                self.w("</div>\n")
            self.cur_container = "body"
        self.render_units(tail, "end")
        if hidden:
            self.w(hidden)
        self.w(f'<script src="/assets/js/app.{self.hash8()}.js" defer></script>\n')
        if r.random() < 0.5:
            self.w(f"<script>{r.choice(JS) % self.hash8()}</script>\n")
        if r.random() < 0.3:
            self.w('<noscript><img src="/pixel.gif?nojs=1" width="1" height="1" alt=""></noscript>\n')
        self.w("</body>\n</html>\n")

    def hash8(self):
        return hashlib.sha256(f"{self.doc.id}/{len(self.out)}".encode()).hexdigest()[:8]

    def hidden_html(self):
        """A hidden element with text from the parts: never a block."""
        r = self.r
        if r.random() >= HIDDEN_RATE:
            return ""
        bp = self.g_parts["bp"]
        pool = [t for k in ("nav", "misc", "newsletter", "share") for t in bp[k] if "\n" not in t]
        texts = r.sample(pool, min(len(pool), r.randint(1, 4)))
        how = r.choice(['hidden', 'style="display:none"', 'style="display: none;"', 'style="visibility:hidden"',
                        'hidden class="mobile-menu"'])
        inner = "".join(f'<li><a href="{self.href(t)}">{esc(t)}</a></li>' for t in texts)
        return f'<div class="{r.choice(["offcanvas", "search-overlay", "mobile-nav", "modal"])}" {how}><ul>{inner}</ul></div>\n'

    def head(self, charset_decl):
        r = self.r
        h, site = self.h, self.site
        og = h if r.random() < 0.8 else self.title
        lines = ["<head>"]
        if charset_decl:
            lines.append(charset_decl)
        lines.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
        lines.append(f"<title>{esc(self.title)}</title>")
        if self.url:
            lines.append(f'<link rel="canonical" href="{attr(self.url)}">')
        lines.append(f'<meta property="og:title" content="{attr(og)}">')
        lines.append(f'<meta property="og:site_name" content="{attr(site["name"])}">')
        lines.append('<meta property="og:type" content="article">')
        if r.random() < 0.5:
            lines.append('<meta name="twitter:card" content="summary_large_image">')
            lines.append(f'<meta name="twitter:title" content="{attr(h)}">')
        lines.append(f'<link rel="stylesheet" href="/assets/css/main.{self.hash8()}.css">')
        lines.append("<style>" + "".join(r.sample(CSS, r.randint(1, 3))) + "</style>")
        if r.random() < 0.6:
            ld = {"@context": "https://schema.org", "@type": r.choice(["NewsArticle", "NewsArticle", "Article", "BlogPosting"]),
                  "headline": h, "datePublished": self.date_attr(),
                  "publisher": {"@type": "Organization", "name": site["name"]}}
            if self.url:
                ld["mainEntityOfPage"] = self.url
            lines.append('<script type="application/ld+json">'
                         + json.dumps(ld, ensure_ascii=False).replace("</", "<\\/") + "</script>")
        lines.append(f"<script>{r.choice(JS) % self.hash8()}</script>")
        if self.t in ("table", "divsoup") and r.random() < 0.5:
            lines.append('<!--[if lt IE 9]><script src="/js/html5shiv.min.js"></script><![endif]-->')
        lines.append("</head>")
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Building the pages
# --------------------------------------------------------------------------
def site_styles(g, parts):
    """Each site keeps one template and one class-naming scheme."""
    out = {}
    for lang in sorted(parts):
        rng = g.rng_for("html-sites", lang)
        order = list(TEMPLATES)
        rng.shuffle(order)
        for i, s in enumerate(parts[lang]["sites"]):
            scheme = rng.choice(["en", "en", "local", "mixed"]) if lang in NAMES and lang != "en" else "en"
            if scheme == "local":
                names = dict(NAMES[lang])
            elif scheme == "mixed":
                names = {k: (NAMES[lang][k] if rng.random() < 0.5 else NAMES["en"][k]) for k in CONCEPTS}
            else:
                names = dict(NAMES["en"])
            out[(lang, s["domain"])] = (order[i % len(order)], scheme, names)
    return out


def encode_page(g, rng, lang, build):
    """``build(charset_decl) -> str``; returns (bytes, encoding name)."""
    legacy = None
    if lang in LEGACY and rng.random() < LEGACY_RATE:
        legacy = rng.choice(LEGACY[lang])
    decl_kind = rng.random()
    if legacy:
        decl = (f'<meta charset="{legacy}">' if decl_kind < 0.5 else
                f'<meta http-equiv="Content-Type" content="text/html; charset={legacy}">')
        text = build(decl)
        try:
            data = text.encode(legacy)
            back = data.decode(WHATWG_DECODER.get(legacy, legacy))
            if back == text and not (lang in ("ja", "zh", "ko") and CJK_UNSAFE & set(text)):
                return data, legacy
        except UnicodeError:
            pass
    decl = ('<meta charset="utf-8">' if decl_kind < 0.8 else
            '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">' if decl_kind < 0.95 else "")
    return build(decl).encode("utf-8"), "utf-8"


def make_page(g, parts, comp, styles, rng, lang, split, ai, doc_id, force):
    doc = comp.page(rng, lang, split, ai, doc_id, force)
    site = comp.site
    art = parts[lang]["articles"][ai]
    h = art["headline"]
    blocks = list(doc.blocks)
    titles = [b for b in blocks if b.role == "title"]
    title = titles[0].text if titles else None
    if titles:
        has_h1 = any(b.role == "h1" for b in blocks)
        k = blocks.index(titles[0])
        blocks = [b for b in blocks if b.role != "title"]
        if not has_h1:
            blocks.insert(k, g.Block("headline", g.clean_text(h), "h1", None, "h1"))
    if not title:
        title = rng.choice([f"{h} | {site['name']}", f"{h} - {site['name']}", f"{h} – {site['name']}",
                            f"{site['name']}: {h}", h, f"{h} | {site['name']}"])
    template, scheme, names = styles[(lang, site["domain"])]
    url = doc.url or f"https://{site['domain']}/{g.slugify(h) or 'article'}"
    page = Page(g, rng, doc, site, h, title, template, names, lang, url)
    page.g_parts = parts[lang]
    units = units_of(blocks)
    page.body(units)
    body = "".join(page.out)
    html_lang = lang if rng.random() < 0.9 else None

    def build(decl):
        open_tag = f'<html lang="{html_lang}">' if html_lang else "<html>"
        page.out = []
        return ("<!DOCTYPE html>\n" + open_tag + "\n" + page.head(decl) + body)

    # head() draws from the page rng: build once per candidate with a copy
    state = rng.getstate()

    def build_fixed(decl):
        rng.setstate(state)
        return build(decl)

    data, enc = encode_page(g, g.rng_for(doc_id, "encoding"), lang, build_fixed)
    return {"doc": doc, "blocks": page.exp, "data": data, "encoding": enc,
            "template": template, "scheme": scheme, "site": site["name"]}


def generate(g, parts):
    splits = g.split_articles(parts)
    comp = g.Composer(parts, splits)
    styles = site_styles(g, parts)
    corpus = {}
    for lang in sorted(parts):
        rng = g.rng_for("html-docs", lang)
        number = itertools.count()
        corpus[lang] = {}
        for split in ("train", "heldout"):
            ndocs = PAGES_PER_LANG[split]
            arts = list(splits[lang][split])
            rng.shuffle(arts)
            schedule = []
            while len(schedule) < ndocs:
                schedule.extend(arts)
                rng.shuffle(arts)
            schedule = schedule[:ndocs]
            sizes = [g.SIZES[i % len(g.SIZES)] for i in range(ndocs)]
            rng.shuffle(sizes)
            pages = []
            for j, ai in enumerate(schedule):
                n = next(number)
                doc_id = f"html/{lang}/{n:04d}"
                force = {"size": sizes[j]}
                if j == 0:
                    force.update(caption=True, quote=True)
                if j == 1:
                    force.update(foreign_bp=True)
                if j == 2 and split == "train":
                    force.update(foreign_quote=True)
                p = make_page(g, parts, comp, styles, rng, lang, split, ai, doc_id, force)
                p["id"] = doc_id
                p["path"] = f"pages/{lang}/{n:04d}.html"
                pages.append(p)
            corpus[lang][split] = pages
    return corpus


def record(p, lang):
    return json.dumps({"id": p["id"], "lang": lang, "url": None, "html_path": p["path"],
                       "blocks": p["blocks"]}, ensure_ascii=False)


def validate(g, corpus):
    errors = []
    ids = set()
    for lang in sorted(corpus):
        for split in ("train", "heldout"):
            labels = Counter()
            for p in corpus[lang][split]:
                if p["id"] in ids:
                    errors.append(f"duplicate id {p['id']}")
                ids.add(p["id"])
                try:
                    got = read_blocks(p["data"])
                except ValueError as exc:
                    errors.append(f"{p['id']}: {exc}")
                    continue
                want = [(b["text"], b["tag"]) for b in p["blocks"]]
                if got != want:
                    k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
                    errors.append(f"{p['id']} ({p['template']}): reader blocks differ from labeled blocks at {k}: "
                                  f"reader {got[k] if k < len(got) else None!r} vs labeled {want[k] if k < len(want) else None!r}")
                for b in p["blocks"]:
                    if b["label"] not in g.LABELS:
                        errors.append(f"{p['id']}: label {b['label']!r}")
                    if b.get("lang") == lang:
                        errors.append(f"{p['id']}: block lang equals page lang")
                    labels[b["label"]] += 1
                if len(p["blocks"]) < g.MIN_BLOCKS - 2:
                    errors.append(f"{p['id']}: only {len(p['blocks'])} blocks")
            missing = [l for l in g.LABELS if not labels[l]]
            if missing:
                errors.append(f"{split}-html/{lang}: labels missing: {', '.join(missing)}")
        tr = {b["text"] for p in corpus[lang]["train"] for b in p["blocks"] if b["label"] != "boilerplate"}
        ho = {b["text"] for p in corpus[lang]["heldout"] for b in p["blocks"] if b["label"] != "boilerplate"}
        leak = sorted(tr & ho)
        if leak:
            errors.append(f"{lang}: {len(leak)} article blocks in both HTML splits, e.g. {leak[0][:60]!r}")
    return errors


def outputs(corpus):
    """{relative path: bytes} of every HTML-corpus file."""
    files = {}
    for lang in sorted(corpus):
        for split in ("train", "heldout"):
            d = f"{split}-html"
            lines = []
            for p in corpus[lang][split]:
                files[f"{d}/{p['path']}"] = p["data"]
                lines.append(record(p, lang))
            files[f"{d}/{lang}.jsonl"] = ("\n".join(lines) + "\n").encode("utf-8")
    return files


def summary(corpus):
    lab, tpl, enc, tags = Counter(), Counter(), Counter(), Counter()
    npages = nbytes = 0
    for lang in sorted(corpus):
        for split in ("train", "heldout"):
            for p in corpus[lang][split]:
                npages += 1
                nbytes += len(p["data"])
                tpl[p["template"]] += 1
                enc[p["encoding"]] += 1
                for b in p["blocks"]:
                    lab[b["label"]] += 1
                    tags[(b["label"], b["tag"])] += 1
    print(f"html: {npages} pages, {sum(lab.values())} blocks, {nbytes} bytes of HTML; "
          + ", ".join(f"{l} {lab[l]}" for l in ("headline", "caption", "body", "quote", "boilerplate")))
    print("html templates: " + ", ".join(f"{k} {v}" for k, v in sorted(tpl.items())))
    print("html encodings: " + ", ".join(f"{k} {v}" for k, v in sorted(enc.items())))
    for l in ("headline", "caption", "body", "quote"):
        print(f"  {l} tags: " + ", ".join(f"{t} {n}" for (ll, t), n in tags.most_common() if ll == l))


def build(g, parts, out_dir, check_only):
    """Generate, validate, write (or compare). Returns a list of errors."""
    corpus = generate(g, parts)
    errors = validate(g, corpus)
    if errors:
        return errors
    files = outputs(corpus)
    stale = []
    for rel, data in sorted(files.items()):
        path = out_dir / rel
        if check_only:
            if not path.exists() or path.read_bytes() != data:
                stale.append(f"stale or missing: {rel}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if not check_only:  # pages left over from an earlier, larger run
        for split in ("train", "heldout"):
            for old in sorted((out_dir / f"{split}-html").glob("**/*")):
                if old.is_file() and old.relative_to(out_dir).as_posix() not in files:
                    old.unlink()
    summary(corpus)
    return stale
