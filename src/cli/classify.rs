//! `gleaner classify`: every block with its label, probability and language.

use super::batch::{WriteOut, error_lines, exit_code, run_batch};
use super::options::{InputArgs, ModelArgs};
use super::output::Output;
use anyhow::{Context, bail};
use clap::ValueEnum;
use gleaner::input::InputKind;
use gleaner::labels::LabelSet;
use gleaner::model::{Model, PAGE_RULES};
use gleaner::output::{block_record, document_record};
use gleaner::pipeline::ClassifiedDocument;
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable table.
    Table,
    /// One JSON array of documents (one object per line with --input jsonl or warc).
    Json,
    /// One JSON object per document per line.
    Jsonl,
    /// Tab-separated: id, block, start, end, label, probability, rule, language, text (with tag and path before text when an input is HTML).
    Tsv,
}

/// Show every block with its label, probability and language.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    model: ModelArgs,
    /// In the table, list under each block the N features that weigh most for its label against the runner-up, named by their families (`gleaner features`). The table only.
    #[arg(long, value_name = "N", default_value_t = 0)]
    explain: usize,
    /// Output format [default: table; with --input jsonl: jsonl, one line per input line, the only format it takes].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// List the page rules (in the order they run), whether each runs with the model, and what it does; read no input.
    #[arg(long)]
    list_rules: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.list_rules {
        let model = args.model.load().context("cannot load the model")?;
        let mut out = Output::open(args.input.output.as_deref())?;
        out.write_all(rule_list(&model).as_bytes())?;
        out.finish()?;
        return Ok(ExitCode::SUCCESS);
    }
    let format = output_format(&args)?;
    let cleaner = args.input.cleaner(&args.model)?;
    let labels = cleaner.model().labels().clone();
    let mut out = args.input.open_output()?;
    let array = format == Format::Json;
    if array {
        out.write_all(b"[")?;
    }
    // Decided before any input is read, as the header must be: plain-text
    // runs keep the columns they always had.
    let html_columns = format == Format::Tsv && any_html_input(&args.input);
    if format == Format::Tsv {
        out.write_all(tsv_header(html_columns).as_bytes())?;
    }
    let failures = run_batch(
        &args.input,
        &mut out,
        if array { "," } else { "" },
        |document| {
            let classified = cleaner.classify(document);
            if args.explain > 0 {
                let reasons = cleaner.explain(&classified, args.explain);
                return ClassifyOutput::Text(table(&classified, &labels, Some(&reasons)));
            }
            if format == Format::Jsonl {
                return ClassifyOutput::Record {
                    doc: classified,
                    labels: &labels,
                };
            }
            ClassifyOutput::Text(render(&classified, &labels, format, html_columns))
        },
        error_lines(format == Format::Jsonl),
    )?;
    if array {
        out.write_all(b"\n]\n")?;
    }
    out.finish()?;
    Ok(exit_code(failures))
}

/// A classified page's output: text, or the page kept until its JSON line
/// is serialized straight into the output (a `String` of a page of a
/// million blocks would take hundreds of MB).
enum ClassifyOutput<'a> {
    Text(String),
    Record {
        doc: ClassifiedDocument,
        labels: &'a LabelSet,
    },
}

impl WriteOut for ClassifyOutput<'_> {
    fn write_out(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            ClassifyOutput::Text(text) => text.write_out(out),
            ClassifyOutput::Record { doc, labels } => {
                let record = document_record(&doc, labels, 0..doc.predictions.len());
                // serde_json writes a record in many small pieces; through
                // `dyn Write` and the output's own buffer each cost a call
                // (1.3% of `classify --format jsonl` on HTML). A local
                // buffer takes them inline and passes on 64 KiB at a time.
                // `into_inner` passes the rest on without flushing the
                // output itself (which would cost a write to the terminal
                // or file per document).
                let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
                serde_json::to_writer(&mut buffered, &record)?;
                buffered.write_all(b"\n")?;
                buffered.into_inner().map_err(|e| e.into_error())?;
                Ok(())
            }
        }
    }
}

/// The output format, with the options that do not go with it refused
/// rather than silently ignored: JSONL input streams one result line per
/// input line, and `--explain` writes into the table.
fn output_format(args: &Args) -> anyhow::Result<Format> {
    let format = match (args.format, args.input.is_record_stream()) {
        (Some(format @ (Format::Table | Format::Json | Format::Tsv)), true) => bail!(
            "--format {} does not go with --input jsonl or warc, which write one JSON line per \
             input line (--format jsonl)",
            format
                .to_possible_value()
                .expect("no skipped values")
                .get_name()
        ),
        (Some(format), _) => format,
        (None, true) => Format::Jsonl,
        (None, false) => Format::Table,
    };
    if args.explain > 0 && format != Format::Table {
        bail!(
            "--explain lists features in the table only, not in --format {}",
            format
                .to_possible_value()
                .expect("no skipped values")
                .get_name()
        );
    }
    Ok(format)
}

/// Whether any input is read as HTML, so that the TSV has tag and path columns.
fn any_html_input(input: &InputArgs) -> bool {
    input
        .sources()
        .iter()
        .flatten()
        .any(|source| source.kind(input.forced_kind()) == InputKind::Html)
}

/// The TSV header line, with the HTML columns when asked.
fn tsv_header(html_columns: bool) -> String {
    let html = if html_columns { "tag\tpath\t" } else { "" };
    format!("id\tblock\tstart\tend\tlabel\tprobability\trule\tlanguage\t{html}text\n")
}

fn render(
    doc: &ClassifiedDocument,
    labels: &LabelSet,
    format: Format,
    html_columns: bool,
) -> String {
    match format {
        Format::Jsonl => format!(
            "{}\n",
            serde_json::to_string(&document_record(doc, labels, 0..doc.predictions.len()))
                .expect("serializable")
        ),
        Format::Json => format!(
            "\n{}",
            serde_json::to_string_pretty(&document_record(doc, labels, 0..doc.predictions.len()))
                .expect("serializable")
        ),
        Format::Tsv => {
            let mut out = String::new();
            for i in 0..doc.predictions.len() {
                let r = block_record(doc, labels, i);
                let html = if html_columns {
                    format!(
                        "{}\t{}\t",
                        tsv_field(r.tag.unwrap_or("")),
                        tsv_field(r.path.unwrap_or(""))
                    )
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{html}{}",
                    tsv_field(&doc.document.id),
                    r.index,
                    r.start.map_or(String::new(), |s| s.to_string()),
                    r.end.map_or(String::new(), |s| s.to_string()),
                    r.label,
                    r.probability.map_or(String::new(), |p| format!("{p:.3}")),
                    r.rule.unwrap_or(""),
                    r.language.unwrap_or(""),
                    tsv_field(r.text)
                );
            }
            out
        }
        Format::Table => table(doc, labels, None),
    }
}

/// Per block, `Cleaner::explain`'s runner-up label and the features that
/// weigh most for its label against it.
type Reasons = (usize, Vec<(String, f64)>);

/// The readable table; under a block whose label a page rule set, the
/// rule and what it does (in place of the probability, which it has none
/// of); with `reasons` (`--explain`), the features that weigh most. An
/// HTML page has a column with each block's element, the first hint of why
/// it got its label (`--format jsonl` gives the whole DOM path).
fn table(doc: &ClassifiedDocument, labels: &LabelSet, reasons: Option<&[Reasons]>) -> String {
    let mut out = String::new();
    let main = doc
        .languages
        .main
        .map_or("unknown", gleaner::language::iso_code);
    let count = doc.predictions.len();
    let _ = writeln!(
        out,
        "{}  (main language: {main}, {count} block{})",
        terminal_text(&doc.document.id),
        if count == 1 { "" } else { "s" }
    );
    let html = doc.document.blocks.iter().any(|b| b.evidence.is_some());
    let tag_header = if html {
        format!("{:<10}  ", "tag")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{:>5}  {:>13}  {:<11}  {:>5}  {:<4}  {tag_header}text",
        "block", "bytes", "label", "prob", "lang"
    );
    for i in 0..doc.predictions.len() {
        let r = block_record(doc, labels, i);
        let span = match (r.start, r.end) {
            (Some(s), Some(e)) => format!("{s}-{e}"),
            _ => "-".into(),
        };
        let tag = if html {
            format!("{:<10}  ", r.tag.unwrap_or("-"))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:>5}  {:>13}  {:<11}  {:>5}  {:<4}  {tag}{}",
            r.index,
            span,
            r.label,
            r.probability.map_or("-".into(), |p| format!("{p:.3}")),
            r.language.unwrap_or("-"),
            preview(r.text, 60)
        );
        if let Some(rule) = doc.predictions[i].rule {
            let _ = writeln!(out, "{:>24}rule {}: {}", "", rule.name, rule.summary);
        }
        if let Some((runner_up, features)) = reasons.and_then(|r| r.get(i)) {
            let listed: Vec<String> = features
                .iter()
                .map(|(name, weight)| format!("{name} {weight:+.2}"))
                .collect();
            let _ = writeln!(
                out,
                "{:>24}vs {}: {}",
                "",
                labels.name(*runner_up),
                listed.join(", ")
            );
        }
    }
    out.push('\n');
    out
}

/// `--list-rules`: each page rule, whether it runs with the model, and what it does.
fn rule_list(model: &Model) -> String {
    let mut out = String::new();
    let width = PAGE_RULES
        .iter()
        .map(|rule| rule.name.len())
        .max()
        .unwrap_or(0);
    for (rule, status) in model.rule_statuses() {
        let _ = writeln!(out, "{:<width$}  {status}", rule.name);
        let _ = writeln!(out, "{:<width$}  {}", "", rule.summary);
    }
    out
}

/// A TSV field: backslash, tab, newline and carriage return escaped as
/// `\\`, `\t`, `\n`, `\r`, so that every record is one line of the
/// columns its header names, whatever an id or a text holds.
fn tsv_field(text: &str) -> String {
    let mut field = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => field.push_str("\\\\"),
            '\t' => field.push_str("\\t"),
            '\n' => field.push_str("\\n"),
            '\r' => field.push_str("\\r"),
            c => field.push(c),
        }
    }
    field
}

/// Whether printing `c` to a terminal would do something other than show
/// a character: control characters (escape sequences start with one) and
/// the bidirectional controls that reorder the rest of the line.
fn hidden_effect(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from a page made safe to print in a table: each control or
/// bidirectional-control character shown as `\u{..}`, never sent raw to
/// the terminal (a page could otherwise recolour, move or reverse the
/// output around it).
pub fn terminal_text(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden_effect(c) {
            safe.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            safe.push(c);
        }
    }
    safe
}

/// The first `width` characters of a text on one line, with an ellipsis
/// when cut, safe to print ([`terminal_text`]).
pub fn preview(text: &str, width: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    let flat = terminal_text(&flat);
    if flat.chars().count() <= width {
        flat
    } else {
        let mut cut: String = flat.chars().take(width - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_fields_keep_one_record_per_line() {
        assert_eq!(tsv_field("a\tb\nc\\d\re"), "a\\tb\\nc\\\\d\\re");
    }

    #[test]
    fn tables_never_print_escape_sequences_or_bidi_controls() {
        assert_eq!(
            preview("red \u{1b}[31mtext\u{7}", 60),
            "red \\u{1b}[31mtext\\u{7}"
        );
        assert_eq!(
            terminal_text("abc\u{202E}fed\u{2066}x"),
            "abc\\u{202e}fed\\u{2066}x"
        );
        assert_eq!(preview("Zürich 東京", 60), "Zürich 東京");
    }
}
