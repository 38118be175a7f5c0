//! Writing an evaluation report (`eval`, and `train`'s cross-validation):
//! tables per file, language and label, a confusion matrix, the worst
//! mistakes; or JSON, or Markdown.

use super::classify::{preview, terminal_text};
use clap::ValueEnum;
use gleaner::eval::{EvalReport, GroupScores};
use std::io::Write;

/// Output formats of `eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable tables.
    Text,
    /// Markdown tables.
    Markdown,
    /// One JSON object.
    Json,
}

/// Writes an evaluation report.
pub fn print_report(
    out: &mut impl Write,
    report: &EvalReport,
    format: Format,
) -> anyhow::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)?;
        return Ok(());
    }
    let md = format == Format::Markdown;
    write_groups(out, report, md)?;
    if let Some(as_text) = &report.as_plain_text {
        writeln!(out)?;
        writeln!(out, "the same pages as plain text (without their markup):")?;
        write_groups(out, as_text, md)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "confusion matrix (overall; rows gold, columns predicted):"
    )?;
    let mut header = vec!["gold \\ predicted".to_string()];
    header.extend(report.labels.iter().cloned());
    let rows: Vec<Vec<String>> = report
        .labels
        .iter()
        .zip(&report.overall.scores.confusion)
        .map(|(l, row)| {
            std::iter::once(l.clone())
                .chain(row.iter().map(|n| n.to_string()))
                .collect()
        })
        .collect();
    write_table(out, &header, &rows, md)?;
    if !report.errors.is_empty() {
        writeln!(out)?;
        writeln!(out, "most confident mistakes:")?;
        for e in &report.errors {
            writeln!(
                out,
                "  {} #{}: {} → {} ({})  {}",
                terminal_text(&e.document),
                e.block,
                e.gold,
                e.predicted,
                match (e.probability, e.rule) {
                    (_, Some(rule)) => format!("rule {rule}"),
                    (Some(p), None) => format!("{p:.3}"),
                    (None, None) => "-".into(),
                },
                preview(&e.text, 70)
            )?;
        }
    }
    Ok(())
}

/// The scores table: overall, per file, per language.
fn write_groups(out: &mut impl Write, report: &EvalReport, md: bool) -> anyhow::Result<()> {
    let groups: Vec<&GroupScores> = std::iter::once(&report.overall)
        .chain(&report.files)
        .chain(&report.languages)
        .collect();
    let mut header = vec![
        "group".to_string(),
        "docs".into(),
        "blocks".into(),
        "content F1 blocks".into(),
        "content F1 chars".into(),
        "macro-F1".into(),
        "accuracy".into(),
    ];
    header.extend(report.labels.iter().map(|l| format!("{l} F1")));
    let mut rows = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let kind = if i == 0 {
            ""
        } else if i <= report.files.len() {
            "file "
        } else {
            "lang "
        };
        let s = &group.scores;
        let mut row = vec![
            format!("{kind}{}", group.name),
            group.documents.to_string(),
            s.blocks.to_string(),
            format!("{:.3}", s.content_f1_blocks),
            format!("{:.3}", s.content_f1_chars),
            format!("{:.3}", s.macro_f1),
            format!("{:.3}", s.accuracy),
        ];
        row.extend(
            report
                .labels
                .iter()
                .map(|l| s.f1_of(l).map_or("-".into(), |f| format!("{f:.3}"))),
        );
        rows.push(row);
    }
    write_table(out, &header, &rows, md)?;
    Ok(())
}

fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
    markdown: bool,
) -> std::io::Result<()> {
    if markdown {
        writeln!(out, "| {} |", header.join(" | "))?;
        writeln!(
            out,
            "|{}",
            header.iter().map(|_| "---|").collect::<String>()
        )?;
        for row in rows {
            writeln!(out, "| {} |", row.join(" | "))?;
        }
        return Ok(());
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            std::iter::once(&header[c])
                .chain(rows.iter().map(|r| &r[c]))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(header).chain(rows.iter().map(|r| r.as_slice())) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (s, w))| {
                if c == 0 {
                    format!("{s:<w$}")
                } else {
                    format!("{s:>w$}")
                }
            })
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end())?;
    }
    Ok(())
}
