//! `gleaner langs`: main language, block languages, mixed-language segments.

use super::batch::{error_lines, exit_code, run_batch};
use super::classify::{preview, terminal_text};
use super::options::InputArgs;
use anyhow::bail;
use clap::ValueEnum;
use gleaner::document::Document;
use gleaner::language::{LanguageReport, iso_code};
use gleaner::output::{round3, segment_records};
use serde_json::json;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Output formats of `langs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable report.
    Text,
    /// One JSON object per document, one per line.
    Json,
}

/// Report the main language, each block's language and the mixed-language segments.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Output format [default: text; with --input jsonl: json, one line per input line, the only format it takes].
    #[arg(long, value_enum)]
    format: Option<Format>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.format == Some(Format::Text) && args.input.is_record_stream() {
        bail!(
            "--format text does not go with --input jsonl or warc, which write one JSON line per \
             input line (--format json)"
        );
    }
    let analyzer = args.input.analyzer()?;
    let json = args.format == Some(Format::Json) || args.input.is_record_stream();
    let mut out = args.input.open_output()?;
    let failures = run_batch(
        &args.input,
        &mut out,
        "",
        |document| render(&document, &analyzer.analyze(&document), json),
        error_lines(json),
    )?;
    out.finish()?;
    Ok(exit_code(failures))
}

fn render(document: &Document, report: &LanguageReport, json: bool) -> String {
    if json {
        let blocks: Vec<_> = report
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                json!({
                    "index": i,
                    "language": b.detected.map(|d| iso_code(d.lang)),
                    "confidence": b.detected.map(|d| round3(d.confidence)),
                    "trusted": b.trusted,
                    "letters": b.letters,
                })
            })
            .collect();
        let mut record = json!({
            "id": document.id,
            "language": report.main.map(iso_code),
            "blocks": blocks,
            "segments": segment_records(report),
        });
        if let Some(archive) = &document.archive {
            record["url"] = json!(archive.url);
            record["warc_record_id"] = json!(archive.record_id);
            record["warc_date"] = json!(archive.date);
        }
        return format!("{record}\n");
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: main language {}",
        terminal_text(&document.id),
        report.main.map_or("unknown", iso_code)
    );
    for (i, (block, language)) in document.blocks.iter().zip(&report.blocks).enumerate() {
        let (lang, confidence) = language.detected.map_or(("-", String::from("-")), |d| {
            (iso_code(d.lang), format!("{:.2}", d.confidence))
        });
        let trust = if language.trusted {
            "trusted"
        } else {
            "untrusted"
        };
        let _ = writeln!(
            out,
            "{i:>5}  {lang:<3} {confidence:>5} {trust:<9}  {}",
            preview(&block.text, 60)
        );
    }
    let _ = writeln!(out, "segments: {}", report.segments.len());
    for s in segment_records(report) {
        let span = s
            .start
            .zip(s.end)
            .map_or("-".into(), |(a, b)| format!("bytes {a}-{b}"));
        let _ = writeln!(
            out,
            "  blocks {}-{}  {span}  {}  confidence {:.2}",
            s.first_block, s.last_block, s.language, s.confidence
        );
    }
    out.push('\n');
    out
}
