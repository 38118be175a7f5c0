//! The HTML reader against the dev sets: every labeled dev page that has its
//! original HTML is read with `gleaner::html::read_html`, and its block
//! texts are aligned (longest common subsequence on exact text) with the
//! labeled blocks. The labeled blocks were cut from the same HTML by the
//! rules of `FORMAT.md`, so nearly all must come back.
//!
//! One known difference is undone before comparing: where a page declares
//! `iso-8859-1` (or `latin1`, `us-ascii` …), the dev sets were decoded with
//! Python's codec of that name, which leaves bytes 0x80–0x9F as C1 control
//! characters (U+0080–U+009F, never text), while the reader, like every
//! browser and the WHATWG Encoding Standard, reads such a page as
//! windows-1252 (“ ” – ’ …). C1 controls in the labeled text are mapped
//! through windows-1252; the raw count is printed too.
//!
//! What stays missed (about 70 of 91,942 labeled blocks, nearly all in
//! cleaneval's hand-written 2006 pages) comes from the tree builders: the
//! sets were cut from lxml's (libxml2) trees, the reader uses html5ever's
//! HTML5 one. Seen in the misses: `</br>` is a line break in HTML5 and
//! nothing in lxml; a stray `</font>` makes libxml2 close the open `<p>`
//! while HTML5's adoption agency keeps the text in it; `<td>` outside a
//! table is ignored by HTML5.
//!
//! Needs `GLEANER_SHARED`; set `HTML_BLOCKS_DIFFS=N` to print the first N
//! missed blocks of each set (to the terminal only: the text belongs to its
//! publishers).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use gleaner::html::{HtmlOptions, read_html};

#[derive(serde::Deserialize)]
struct Record {
    id: String,
    blocks: Vec<RecordBlock>,
}

#[derive(serde::Deserialize)]
struct RecordBlock {
    text: String,
    label: Option<String>,
}

/// The least share of labeled blocks the reader must reproduce.
const MIN_REPRODUCED: f64 = 0.999;

const SETS: [&str; 4] = ["readability-en", "aeb", "trafilatura-half", "cleaneval"];

#[derive(Default)]
struct Tally {
    pages: usize,
    identical_pages: usize,
    labeled: usize,
    labeled_found: usize,
    /// Labeled blocks found without mapping C1 controls.
    labeled_found_raw: usize,
    blocks: usize,
    found: usize,
}

/// The labeled text with C1 controls read as the windows-1252 bytes they were.
fn c1_as_windows_1252(text: &str) -> String {
    if !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(byte @ 0x80..=0x9f) => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[byte])
                .0
                .chars()
                .next()
                .unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Which of `gold`'s blocks an LCS alignment with `read` matches.
fn aligned(gold: &[&str], read: &[&str]) -> Vec<bool> {
    aligned_by(gold.len(), read.len(), |i, j| gold[i] == read[j])
}

/// Which of `n` gold blocks an LCS alignment with `m` read blocks matches,
/// `same(i, j)` saying whether gold block `i` is read block `j`.
fn aligned_by(n: usize, m: usize, same: impl Fn(usize, usize) -> bool) -> Vec<bool> {
    let mut table = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[at(i, j)] = if same(i, j) {
                table[at(i + 1, j + 1)] + 1
            } else {
                table[at(i + 1, j)].max(table[at(i, j + 1)])
            };
        }
    }
    let mut matched = vec![false; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(i, j) {
            matched[i] = true;
            i += 1;
            j += 1;
        } else if table[at(i + 1, j)] >= table[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

fn check_set(shared: &Path, set: &str, diffs: usize) -> Tally {
    let file = std::fs::File::open(shared.join(format!("data/dev/{set}.jsonl")))
        .expect("dev set is readable");
    let mut tally = Tally::default();
    let mut shown = 0;
    for line in std::io::BufReader::new(file).lines() {
        let record: Record = serde_json::from_str(&line.expect("line")).expect("record");
        let (set_dir, case) = record.id.split_once('/').expect("id is <set>/<case>");
        let path = shared.join(format!("data/dev/html/{set_dir}/{case}.html"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let (document, _) =
            read_html(path.display().to_string(), &bytes, &HtmlOptions::default()).expect("reads");
        let read: Vec<&str> = document.blocks.iter().map(|b| b.text.as_str()).collect();
        let raw_gold: Vec<&str> = record.blocks.iter().map(|b| b.text.as_str()).collect();
        let raw_matched = aligned(&raw_gold, &read);
        let gold_texts: Vec<String> = raw_gold.iter().map(|t| c1_as_windows_1252(t)).collect();
        // A UTF-8 page can hold C1 controls itself: either form may match.
        let matched = aligned_by(raw_gold.len(), read.len(), |i, j| {
            raw_gold[i] == read[j] || gold_texts[i] == read[j]
        });
        tally.pages += 1;
        tally.identical_pages +=
            usize::from(read.len() == raw_gold.len() && matched.iter().all(|&m| m));
        tally.blocks += raw_gold.len();
        tally.found += matched.iter().filter(|&&m| m).count();
        for (block, found) in record.blocks.iter().zip(&matched) {
            if block.label.is_some() {
                tally.labeled += 1;
                tally.labeled_found += usize::from(*found);
            }
        }
        for (block, found) in record.blocks.iter().zip(&raw_matched) {
            if block.label.is_some() {
                tally.labeled_found_raw += usize::from(*found);
            }
        }
        for (block, found) in record.blocks.iter().zip(&matched) {
            if !found && shown < diffs {
                shown += 1;
                eprintln!("MISS {} {:?}: {:?}", record.id, block.label, block.text);
            }
        }
    }
    tally
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[test]
fn html_reader_reproduces_the_labeled_dev_blocks() {
    let Some(shared) = std::env::var_os("GLEANER_SHARED").map(PathBuf::from) else {
        let _ = writeln!(
            std::io::stderr(),
            "skipped html_reader_reproduces_the_labeled_dev_blocks: GLEANER_SHARED is not set"
        );
        return;
    };
    let diffs = std::env::var("HTML_BLOCKS_DIFFS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut total = Tally::default();
    let mut report = String::from(
        "set               pages identical  labeled blocks reproduced  all blocks reproduced   labeled, C1 unmapped\n",
    );
    for set in SETS {
        let t = check_set(&shared, set, diffs);
        report += &format!(
            "{set:<17} {:>5} {:>9}  {:>6}/{:<6} {:>7.3}%   {:>6}/{:<6} {:>7.3}%   {:>7.3}%\n",
            t.pages,
            t.identical_pages,
            t.labeled_found,
            t.labeled,
            100.0 * share(t.labeled_found, t.labeled),
            t.found,
            t.blocks,
            100.0 * share(t.found, t.blocks),
            100.0 * share(t.labeled_found_raw, t.labeled)
        );
        total.pages += t.pages;
        total.identical_pages += t.identical_pages;
        total.labeled += t.labeled;
        total.labeled_found += t.labeled_found;
        total.labeled_found_raw += t.labeled_found_raw;
        total.blocks += t.blocks;
        total.found += t.found;
    }
    report += &format!(
        "{:<17} {:>5} {:>9}  {:>6}/{:<6} {:>7.3}%   {:>6}/{:<6} {:>7.3}%   {:>7.3}%\n",
        "all",
        total.pages,
        total.identical_pages,
        total.labeled_found,
        total.labeled,
        100.0 * share(total.labeled_found, total.labeled),
        total.found,
        total.blocks,
        100.0 * share(total.found, total.blocks),
        100.0 * share(total.labeled_found_raw, total.labeled)
    );
    let _ = write!(std::io::stderr(), "{report}");
    assert!(
        total.pages > 1000,
        "only {} dev pages with HTML found",
        total.pages
    );
    let reproduced = share(total.labeled_found, total.labeled);
    assert!(
        reproduced >= MIN_REPRODUCED,
        "{:.3}% of labeled blocks reproduced:\n{report}",
        100.0 * reproduced
    );
}

#[test]
fn alignment_matches_in_order() {
    assert_eq!(
        aligned(&["a", "b", "c"], &["a", "x", "c"]),
        [true, false, true]
    );
    assert_eq!(
        aligned(&["a", "b"], &["b", "a"])
            .iter()
            .filter(|&&m| m)
            .count(),
        1
    );
    assert_eq!(aligned(&[], &["a"]), Vec::<bool>::new());
}

/// The common tokens read by byte scans (`html::fast_tokens`) build the
/// same tree as html5ever's tokenizer alone on every dev page, HTML or not
/// in a labeled set.
#[test]
fn fast_tokens_build_html5evers_tree_on_every_dev_page() {
    let Some(shared) = std::env::var_os("GLEANER_SHARED").map(PathBuf::from) else {
        let _ = writeln!(
            std::io::stderr(),
            "skipped fast_tokens_build_html5evers_tree_on_every_dev_page: GLEANER_SHARED is not set"
        );
        return;
    };
    let mut pages = 0;
    let html = shared.join("data/dev/html");
    for set in std::fs::read_dir(&html).expect("dev/html") {
        let set = set.expect("dev/html entry").path();
        for page in std::fs::read_dir(&set).expect("a set's pages") {
            let path = page.expect("a page").path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("readable page");
            let (text, _) = gleaner::html::decode(&bytes, None, usize::MAX).expect("decodes");
            if let Some(difference) = gleaner::html::fast_tokens_disagree(&text) {
                panic!("{}: the trees differ\n{difference}", path.display());
            }
            pages += 1;
        }
    }
    assert!(pages >= 1148, "{pages} dev pages");
}
