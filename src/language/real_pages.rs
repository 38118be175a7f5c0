//! A test set of real pages with real foreign text pasted in, built at run
//! time from labeled pages (the dev pages in `../shared/data/dev/`, whose
//! text belongs to its publishers and is never committed).
//!
//! Each page in a known main language is taken three times, each time with
//! one stretch of 1-3 consecutive blocks from a page of another language
//! pasted in: a paragraph (or two), menu lines, or a page's footer, 40 to
//! 1,500 bytes, at the start, in the middle or at the end (rotating). The
//! page is also taken unaltered, to count false segments. The result is in
//! the gold format of [`GoldDocument`], so it is scored like the authored set.

use super::evaluation::{GoldDocument, GoldSpan};
use super::lang_from_code;
use crate::data::LabeledDocument;
use whatlang::Lang;

/// Fewest and most bytes of a pasted stretch (the range).
const MIN_BYTES: usize = 40;
const MAX_BYTES: usize = 1_500;
/// A block of at least this many bytes is a paragraph; menu lines are
/// shorter than [`MENU_BYTES`].
const PARAGRAPH_BYTES: usize = 150;
const MENU_BYTES: usize = 80;
/// Host blocks with at least this many letters get the page's language as
/// their gold language (shorter ones are menus, names, dates: unknown).
const GOLD_BLOCK_LETTERS: usize = 60;

/// The kinds of stretch pasted in.
const KINDS: [&str; 3] = ["paragraph", "menu", "footer"];
/// Where the stretch goes.
const POSITIONS: [&str; 3] = ["start", "middle", "end"];

/// A page usable as host or donor: its main language and block texts.
struct Page {
    lang: Lang,
    code: &'static str,
    blocks: Vec<String>,
}

/// A deterministic generator (SplitMix64): the set is the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// The candidate stretches of one kind on a donor page: block ranges.
fn stretches(page: &Page, kind: &str) -> Vec<std::ops::Range<usize>> {
    let n = page.blocks.len();
    let bytes = |r: &std::ops::Range<usize>| -> usize {
        page.blocks[r.clone()].iter().map(|b| b.len() + 2).sum::<usize>() - 2
    };
    let mut found = Vec::new();
    match kind {
        "paragraph" => {
            for start in 0..n {
                for len in 1..=2 {
                    let r = start..(start + len).min(n);
                    if page.blocks[r.clone()]
                        .iter()
                        .all(|b| b.len() >= PARAGRAPH_BYTES)
                        && r.len() == len
                    {
                        found.push(r);
                    }
                }
            }
        }
        "menu" => {
            for start in 0..n {
                let r = start..(start + 3).min(n);
                if r.len() == 3
                    && page.blocks[r.clone()]
                        .iter()
                        .all(|b| b.len() < MENU_BYTES && letters(b) >= 3)
                {
                    found.push(r);
                }
            }
        }
        _ => {
            // The page's last 1-3 blocks that carry letters.
            for len in 1..=3.min(n) {
                found.push(n - len..n);
            }
        }
    }
    found.retain(|r| {
        let b = bytes(r);
        (MIN_BYTES..=MAX_BYTES).contains(&b)
            && page.blocks[r.clone()]
                .iter()
                .map(|b| letters(b))
                .sum::<usize>()
                >= 20
    });
    found
}

/// Whether a stretch is fit to paste as gold text in the donor's language:
/// whatlang (an independent check, not the analyzer under test) must not
/// call it the host's language (an English menu on a German page is no
/// German segment), and a stretch of 100 letters or more must be called
/// the donor's language.
///
/// And it must carry language a reader can see (see
/// [`carries_language`]): names, brands and menus of capitalised
/// words ("Sitemap · AGB · © 2021 …", "Fulda / Hersfeld Rotenburg") are no
/// segment anyone asks for, and no detector can tell their language.
fn fit_as_gold(text: &str, donor: Lang, host: Lang) -> bool {
    if !carries_language(text) {
        return false;
    }
    match whatlang::detect(text) {
        Some(info) if info.lang() == host => false,
        Some(info) if letters(text) >= 100 => info.lang() == donor,
        _ => true,
    }
}

/// Builds the real-page set from labeled pages with a main language: for
/// every such page, one document per kind of pasted stretch and the page
/// unaltered (kind `unaltered`). Pages without a main language whatlang
/// knows, or with fewer than three blocks, are skipped.
pub fn real_page_set(pages: &[LabeledDocument], seed: u64) -> Vec<GoldDocument> {
    let usable: Vec<Page> = pages
        .iter()
        .filter_map(|d| {
            let code = d.lang.as_deref()?;
            let code = if code == "no" { "nb" } else { code };
            let lang = lang_from_code(code)?;
            let blocks: Vec<String> = d
                .document
                .blocks
                .iter()
                .map(|b| tidy(&b.text))
                .filter(|t| !t.is_empty())
                .collect();
            (blocks.len() >= 3).then_some(Page {
                lang,
                code: super::iso_code(lang),
                blocks,
            })
        })
        .collect();
    let mut rng = Seeded(seed);
    let mut out = Vec::new();
    for (index, host) in usable.iter().enumerate() {
        let id = |suffix: &str| format!("real/{index}/{suffix}");
        out.push(build(id("unaltered"), "unaltered", host, None));
        for (k, kind) in KINDS.iter().enumerate() {
            let position = POSITIONS[(index + k) % POSITIONS.len()];
            // A donor page of another language with a fit stretch of this kind.
            let donors: Vec<&Page> = usable.iter().filter(|p| p.lang != host.lang).collect();
            let mut chosen = None;
            for _ in 0..20 {
                let donor = donors[rng.below(donors.len())];
                let candidates = stretches(donor, kind);
                if candidates.is_empty() {
                    continue;
                }
                let range = candidates[rng.below(candidates.len())].clone();
                let text = donor.blocks[range.clone()].join("\n\n");
                if fit_as_gold(&text, donor.lang, host.lang) {
                    chosen = Some((donor, range));
                    break;
                }
            }
            let Some((donor, range)) = chosen else {
                continue;
            };
            let at = match position {
                "start" => 0,
                "middle" => host.blocks.len() / 2,
                _ => host.blocks.len(),
            };
            let inserted = Inserted {
                at,
                blocks: &donor.blocks[range],
                code: donor.code,
            };
            out.push(build(
                id(kind),
                &format!("{kind}/{position}"),
                host,
                Some(inserted),
            ));
        }
    }
    out
}

/// A block's text as plain-text input keeps it: lines trimmed, no blank line.
fn tidy(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

struct Inserted<'a> {
    at: usize,
    blocks: &'a [String],
    code: &'static str,
}

/// The gold document: blocks joined by blank lines, the host's long blocks
/// in its language, the pasted blocks in theirs, one gold segment.
fn build(id: String, kind: &str, host: &Page, inserted: Option<Inserted>) -> GoldDocument {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut segments = Vec::new();
    let mut push = |text: &mut String, block: &str, lang: Option<&str>| -> (usize, usize) {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(block);
        if let Some(lang) = lang {
            blocks.push(GoldSpan {
                start,
                end: text.len(),
                lang: Some(lang.to_string()),
            });
        }
        (start, text.len())
    };
    for i in 0..=host.blocks.len() {
        if let Some(ins) = inserted.as_ref().filter(|ins| ins.at == i) {
            let mut span: Option<(usize, usize)> = None;
            for block in ins.blocks {
                let (s, e) = push(&mut text, block, Some(ins.code));
                span = Some((span.map_or(s, |p| p.0), e));
            }
            if let Some((start, end)) = span {
                segments.push(GoldSpan {
                    start,
                    end,
                    lang: Some(ins.code.to_string()),
                });
            }
        }
        if let Some(block) = host.blocks.get(i) {
            let lang = (letters(block) >= GOLD_BLOCK_LETTERS).then_some(host.code);
            push(&mut text, block, lang);
        }
    }
    GoldDocument {
        id,
        kind: kind.to_string(),
        main: host.code.to_string(),
        text,
        blocks,
        segments,
    }
}

/// Whether text carries language a reader can see: at least three words
/// written in lowercase (function words, verbs: "Jetzt anmelden" is not
/// enough, "Alle Rechte vorbehalten und geschützt" is), or, in a script
/// without case, ten letters. The model's own test (`language_shown`)
/// counts distinct words and reads "Barron's" as one; this filter keeps
/// the set the same as it was when the rule chain was measured on it.
fn carries_language(text: &str) -> bool {
    let mut lowercase_words = 0;
    let mut uncased_letters = 0;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_lowercase() && word.chars().count() >= 2 {
            lowercase_words += 1;
        } else if !first.is_lowercase() && !first.is_uppercase() {
            uncased_letters += word.chars().count();
        }
    }
    lowercase_words >= 3 || uncased_letters >= 10
}
