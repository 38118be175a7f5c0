//! `gleaner check-data`: validates labeled data and prints what to look at.

use super::classify::{preview, terminal_text};
use super::output::Output;
use super::training_options::label_set;
use gleaner::data::read_labeled_checked;
use gleaner::train::label_counts;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Validate labeled data; print counts per label and language, repeated blocks across documents, and documents without body or boilerplate.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Labeled data files or directories; `-` reads labeled-document JSONL from standard input.
    #[arg(required = true, value_name = "DATA")]
    data: Vec<PathBuf>,
    /// The label set (comma-separated). Default: the five standard labels.
    #[arg(long, value_delimiter = ',', value_name = "LABELS")]
    labels: Vec<String>,
    /// How many repeated blocks to list.
    #[arg(long, default_value_t = 10)]
    show: usize,
}

/// Where a (near-)duplicate block occurs.
struct Repeats {
    documents: Vec<usize>,
    content: bool,
    text: String,
}

/// Text reduced to lower-case letters, so that near-duplicates (differing
/// in case, digits, punctuation or spacing) compare equal.
fn near_duplicate_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let labels = label_set(&args.labels)?;
    // Every problem is reported, not only the first: a data set is fixed
    // in one pass, and the counts below are those of the valid documents.
    let (data, problems) = read_labeled_checked(&args.data, &labels);
    for problem in &problems {
        eprintln!("gleaner: {problem}");
    }
    let mut out = Output::open(None)?;
    let blocks: usize = data.documents.iter().map(|d| d.labels.len()).sum();
    let verdict = match problems.len() {
        0 => "ok".to_string(),
        1 => "1 problem (on stderr)".to_string(),
        n => format!("{n} problems (on stderr)"),
    };
    writeln!(
        out,
        "{verdict}: {} documents, {} blocks in {} file(s)",
        data.documents.len(),
        blocks,
        data.files.len()
    )?;

    writeln!(out, "\nblocks per label:")?;
    for (label, n) in label_counts(&data) {
        writeln!(out, "  {label:<12} {n:>7}")?;
    }
    let unlabeled = data
        .documents
        .iter()
        .flat_map(|d| &d.labels)
        .filter(|l| l.is_none())
        .count();
    writeln!(out, "  {:<12} {unlabeled:>7}", "(null)")?;

    // language → per-label counts; a block's own language overrides its document's.
    let mut per_language: BTreeMap<String, (usize, Vec<usize>)> = BTreeMap::new();
    for d in &data.documents {
        let doc_lang = d.lang.clone().unwrap_or_else(|| "unknown".into());
        per_language
            .entry(doc_lang.clone())
            .or_insert_with(|| (0, vec![0; labels.len()]))
            .0 += 1;
        for (label, block_lang) in d.labels.iter().zip(&d.block_languages) {
            let lang = block_lang.clone().unwrap_or_else(|| doc_lang.clone());
            let entry = per_language
                .entry(lang)
                .or_insert_with(|| (0, vec![0; labels.len()]));
            if let Some(l) = label {
                entry.1[*l] += 1;
            }
        }
    }
    writeln!(
        out,
        "\nper language (documents by main language; blocks by their own language):"
    )?;
    writeln!(
        out,
        "  {:<8} {:>5} {}",
        "lang",
        "docs",
        labels
            .names()
            .iter()
            .map(|l| format!("{l:>12}"))
            .collect::<String>()
    )?;
    for (lang, (docs, counts)) in &per_language {
        writeln!(
            out,
            "  {lang:<8} {docs:>5} {}",
            counts
                .iter()
                .map(|n| format!("{n:>12}"))
                .collect::<String>()
        )?;
    }
    let missing: Vec<String> = per_language
        .iter()
        .filter(|(_, (docs, _))| *docs > 0)
        .filter_map(|(lang, (_, counts))| {
            let absent: Vec<&str> = counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n == 0)
                .map(|(l, _)| labels.name(l))
                .collect();
            (!absent.is_empty()).then(|| format!("{lang} (no {})", absent.join(", ")))
        })
        .collect();
    if !missing.is_empty() {
        writeln!(out, "  languages missing labels: {}", missing.join("; "))?;
    }

    // Repeated blocks across documents, split by whether they are content.
    let mut seen: BTreeMap<String, Repeats> = BTreeMap::new();
    for (doc_index, d) in data.documents.iter().enumerate() {
        for (block, label) in d.document.blocks.iter().zip(&d.labels) {
            let key = near_duplicate_key(&block.text);
            if key.chars().count() < 20 {
                continue;
            }
            let entry = seen.entry(key).or_insert_with(|| Repeats {
                documents: Vec::new(),
                content: false,
                text: block.text.clone(),
            });
            if entry.documents.last() != Some(&doc_index) {
                entry.documents.push(doc_index);
            }
            entry.content |= label.is_some_and(|l| labels.is_content(l));
        }
    }
    let mut repeated: Vec<&Repeats> = seen.values().filter(|r| r.documents.len() > 1).collect();
    repeated.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(a.text.cmp(&b.text))
    });
    let content_repeats = repeated.iter().filter(|r| r.content).count();
    writeln!(
        out,
        "\nblocks (20+ letters) repeated across documents: {} ({} of them labeled content somewhere)",
        repeated.len(),
        content_repeats
    )?;
    for r in repeated.iter().take(args.show) {
        writeln!(
            out,
            "  {:>4} docs  {:<8} {}",
            r.documents.len(),
            if r.content { "content" } else { "boiler" },
            preview(&r.text, 60)
        )?;
    }

    let body = labels.id("body");
    let boilerplate = labels.id("boilerplate");
    let lacking: Vec<String> = data
        .documents
        .iter()
        .filter(|d| {
            !d.labels.iter().any(|l| l.is_some() && *l == body)
                || !d.labels.iter().any(|l| l.is_some() && *l == boilerplate)
        })
        .map(|d| format!("{} ({})", terminal_text(&d.document.id), d.source))
        .collect();
    writeln!(
        out,
        "\ndocuments without any body or without any boilerplate: {}",
        lacking.len()
    )?;
    for line in lacking.iter().take(args.show) {
        writeln!(out, "  {line}")?;
    }
    out.finish()?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
