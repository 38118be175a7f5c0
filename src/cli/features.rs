//! `gleaner features`: every feature family, with its group, the setting
//! that weighs it and what it captures, from the same table the features
//! are computed with.

use super::output::Output;
use clap::ValueEnum;
use gleaner::features::{Family, families};
use std::io::Write;
use std::process::ExitCode;

/// Output formats of `features`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable list: name, group and weight, then the doc.
    Table,
    /// One JSON array of families: name, group, weight, parts, doc.
    Json,
}

/// List the feature families: what the model sees of every block.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut out = Output::open(None)?;
    match args.format {
        Format::Table => write_table(&mut out)?,
        Format::Json => {
            let records: Vec<Record> = families().map(record).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&records)?)?;
        }
    }
    out.finish()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut Output) -> std::io::Result<()> {
    writeln!(out, "{:<34}{:<14}weight", "family", "group")?;
    for family in families() {
        writeln!(
            out,
            "{:<34}{:<14}{}",
            family.name(),
            family.group().name(),
            family.weight().setting()
        )?;
        writeln!(out, "    {}", family.doc())?;
    }
    Ok(())
}

/// A family as JSON, its fields in the table's order.
#[derive(serde::Serialize)]
struct Record {
    name: &'static str,
    group: &'static str,
    weight: &'static str,
    parts: Vec<&'static str>,
    doc: &'static str,
}

fn record(family: &Family) -> Record {
    Record {
        name: family.name(),
        group: family.group().name(),
        weight: family.weight().setting(),
        parts: family.parts().collect(),
        doc: family.doc(),
    }
}
