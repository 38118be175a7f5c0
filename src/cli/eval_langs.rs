//! `gleaner eval-langs`: scores the language analysis on a gold set
//! (`tests/data/langs/mixed.jsonl`), or the main language on labeled pages.

use super::output::Output;
use anyhow::Context;
use gleaner::data::read_labeled;
use gleaner::labels::LabelSet;
use gleaner::language::evaluation::{GoldDocument, LanguageScores, evaluate_languages};
use gleaner::language::languages_from_codes;
use gleaner::language::real_pages::real_page_set;
use gleaner::language::{LanguageAnalyzer, LanguageSettings, iso_code};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Score the language analysis: block languages and mixed-language segments on a gold set, or with --main the main language of labeled pages.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold set (tests/data/langs/mixed.jsonl), or labeled-document JSONL with --main; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    data: Vec<PathBuf>,
    /// Only score the main language against the records' `lang` (labeled-document JSONL).
    #[arg(long)]
    main: bool,
    /// Build the test set from labeled pages (the dev pages): each page with a
    /// real paragraph, menu or footer of another language's page pasted in,
    /// and unaltered (see docs/LANGUAGES.md).
    #[arg(long, conflicts_with = "main")]
    real_pages: bool,
    /// Seed of the real-page set.
    #[arg(long, default_value_t = 17, requires = "real_pages")]
    seed: u64,
    /// List the documents with a wrong main language, a missed or a false
    /// segment, with the text of each segment.
    #[arg(long)]
    errors: bool,
    /// The cost of a switch of language between two units (default: the
    /// calibrated one; see docs/LANGUAGES.md), for tuning.
    #[arg(long, value_name = "NATS")]
    switch_cost: Option<f64>,
    /// Languages to choose from (ISO 639-1, comma-separated). Default: all 70.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    languages: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Output formats of `eval-langs`, as of every other report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable tables.
    Text,
    /// One JSON object.
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut settings = LanguageSettings::default();
    if !args.languages.is_empty() {
        settings.allowlist = Some(languages_from_codes(&args.languages).context("--languages")?);
    }
    if let Some(cost) = args.switch_cost {
        settings.switch_cost = cost;
    }
    let analyzer = LanguageAnalyzer::new(settings);
    let mut out = Output::open(None)?;
    if args.main {
        let data = read_labeled(&args.data, &LabelSet::standard())?;
        let with_lang: Vec<_> = data.documents.iter().filter(|d| d.lang.is_some()).collect();
        let right = with_lang
            .par_iter()
            .filter(|d| {
                let main = analyzer.analyze(&d.document).main.map(iso_code);
                let gold = d.lang.as_deref().map(|l| if l == "no" { "nb" } else { l });
                main == gold
            })
            .count();
        let accuracy = right as f64 / with_lang.len().max(1) as f64;
        if args.format == Format::Json {
            let record = serde_json::json!({
                "pages": with_lang.len(),
                "main_language_right": right,
                "accuracy": accuracy,
            });
            serde_json::to_writer_pretty(&mut out, &record)?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "main language right on {right} of {} pages ({accuracy:.3})",
                with_lang.len(),
            )?;
        }
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut gold = Vec::new();
    if args.real_pages {
        let data = read_labeled(&args.data, &LabelSet::standard())?;
        gold = real_page_set(&data.documents, args.seed);
    }
    for path in args.data.iter().filter(|_| !args.real_pages) {
        let text = if path.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin().lock())
                .map_err(|e| gleaner::Error::io("<stdin>", e))?
        } else {
            std::fs::read_to_string(path).map_err(|e| gleaner::Error::io(path, e))?
        };
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let doc: GoldDocument = serde_json::from_str(line).with_context(|| {
                format!("{}:{}: not a gold language record", path.display(), i + 1)
            })?;
            gold.push(doc);
        }
    }
    let started = Instant::now();
    let scores = evaluate_languages(&analyzer, &gold);
    let seconds = started.elapsed().as_secs_f64();
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &scores)?;
        writeln!(out)?;
    } else {
        print_scores(&mut out, &scores, &gold, seconds)?;
    }
    if args.errors {
        print_errors(&mut out, &scores, &gold)?;
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "-".into()
    } else {
        format!("{:.3}", a as f64 / b as f64)
    }
}

fn print_scores(
    out: &mut impl Write,
    s: &LanguageScores,
    gold: &[GoldDocument],
    seconds: f64,
) -> std::io::Result<()> {
    let bytes: usize = gold.iter().map(|d| d.text.len()).sum();
    writeln!(
        out,
        "documents {}  main language right {}",
        s.documents,
        ratio(s.main_right, s.documents)
    )?;
    writeln!(
        out,
        "segments: recall {} ({} of {}), precision {} ({} of {})",
        ratio(s.found_segments, s.gold_segments),
        s.found_segments,
        s.gold_segments,
        ratio(s.correct_segments, s.predicted_segments),
        s.correct_segments,
        s.predicted_segments
    )?;
    writeln!(
        out,
        "false segments per 100 monolingual documents: {:.1} ({} in {} documents)",
        100.0 * s.false_segments_in_monolingual as f64 / s.monolingual_documents.max(1) as f64,
        s.false_segments_in_monolingual,
        s.monolingual_documents
    )?;
    for (kind, (total, found)) in &s.recall_by_kind {
        if *total > 0 {
            writeln!(
                out,
                "  recall on {kind:<12} {} ({found} of {total})",
                ratio(*found, *total)
            )?;
        }
    }
    for (bucket, (total, found)) in &s.recall_by_length {
        writeln!(
            out,
            "  recall on {:<12} {} ({found} of {total})",
            format!("{bucket} B"),
            ratio(*found, *total)
        )?;
    }
    writeln!(
        out,
        "throughput: {:.0} documents/s, {:.2} MB/s (one thread, single run)",
        s.documents as f64 / seconds,
        bytes as f64 / seconds / 1e6
    )?;
    writeln!(
        out,
        "\nblock language (accuracy = right / blocks with a gold language; abstained = given no language)"
    )?;
    writeln!(
        out,
        "{:<5} {:>7} {:>9} {:>10} {:>7} {:>9} {:>10}",
        "lang", "short", "accuracy", "abstained", "long", "accuracy", "abstained"
    )?;
    let mut totals = [(0, 0, 0), (0, 0, 0)];
    for (lang, counts) in &s.blocks {
        if lang == "none" {
            continue;
        }
        let [short, long] = counts;
        writeln!(
            out,
            "{lang:<5} {:>7} {:>9} {:>10} {:>7} {:>9} {:>10}",
            short.blocks,
            ratio(short.right, short.blocks),
            ratio(short.abstained, short.blocks),
            long.blocks,
            ratio(long.right, long.blocks),
            ratio(long.abstained, long.blocks)
        )?;
        for (t, c) in totals.iter_mut().zip(counts) {
            t.0 += c.blocks;
            t.1 += c.right;
            t.2 += c.abstained;
        }
    }
    let [short, long] = totals;
    writeln!(
        out,
        "{:<5} {:>7} {:>9} {:>10} {:>7} {:>9} {:>10}",
        "all",
        short.0,
        ratio(short.1, short.0),
        ratio(short.2, short.0),
        long.0,
        ratio(long.1, long.0),
        ratio(long.2, long.0)
    )?;
    if let Some([short, long]) = s.blocks.get("none") {
        writeln!(
            out,
            "blocks that carry no language (brand words, e-mail, menus of names): {} of {} still got one",
            short.languageless_given_language + long.languageless_given_language,
            short.languageless + long.languageless
        )?;
    }
    Ok(())
}

/// One line per error, with the segment's text (shortened), to read what
/// the misses and false segments really are.
fn print_errors(
    out: &mut impl Write,
    s: &LanguageScores,
    gold: &[GoldDocument],
) -> std::io::Result<()> {
    let text_of = |id: &str, start: usize, end: usize| -> String {
        let Some(doc) = gold.iter().find(|d| d.id == id) else {
            return String::new();
        };
        let text = doc.text.get(start..end).unwrap_or("");
        let short: String = text.chars().take(160).collect();
        short.replace('\n', " / ")
    };
    writeln!(out, "\nerrors")?;
    for e in &s.errors {
        if e.main.1.as_deref() != Some(e.main.0.as_str()) {
            writeln!(
                out,
                "{} [{}] main {} read as {}",
                e.id,
                e.kind,
                e.main.0,
                e.main.1.as_deref().unwrap_or("-")
            )?;
        }
        for (start, end, lang) in &e.missed {
            writeln!(
                out,
                "{} [{}] missed {lang} {}B: {}",
                e.id,
                e.kind,
                end - start,
                text_of(&e.id, *start, *end)
            )?;
        }
        for (start, end, lang) in &e.false_segments {
            writeln!(
                out,
                "{} [{}] false {lang} {}B: {}",
                e.id,
                e.kind,
                end - start,
                text_of(&e.id, *start, *end)
            )?;
        }
    }
    Ok(())
}
