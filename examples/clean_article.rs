//! Cleans an article with gleaner's library facade and prints every block,
//! then the cleaned article as Markdown.
//!
//! ```sh
//! cargo run --release --example clean_article                      # examples/article.txt, embedded model
//! cargo run --release --example clean_article -- PAGE.txt MODEL   # a page of yours, a model file
//! ```

use gleaner::Cleaner;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let page_path = args.next().unwrap_or_else(|| "examples/article.txt".into());
    let cleaner = match args.next() {
        Some(model_path) => Cleaner::from_model_file(model_path)?,
        None => Cleaner::default(),
    };
    let text = std::fs::read_to_string(&page_path)?;
    let page = cleaner.clean(&text)?;

    println!(
        "{page_path}: main language {}",
        page.main_language().unwrap_or("unknown")
    );
    for block in page.blocks() {
        let span = block
            .span()
            .map_or("-".into(), |s| format!("{}-{}", s.start, s.end));
        let preview: String = block.text().chars().take(60).collect();
        // A label a page rule set has no probability: the rule is named.
        let probability = match (block.probability(), block.rule()) {
            (_, Some(rule)) => rule.to_string(),
            (Some(p), None) => format!("{p:.3}"),
            (None, None) => "-".into(),
        };
        println!(
            "{:>3} {:>11} {:<12} {probability:<5} {:<3} {preview}",
            block.index(),
            span,
            block.label(),
            block.language().unwrap_or("-"),
        );
    }
    for segment in page.segments() {
        println!(
            "segment: blocks {:?} in {} (confidence {:.2})",
            segment.blocks(),
            segment.language(),
            segment.confidence()
        );
    }
    println!();
    print!("{}", page.to_markdown());
    Ok(())
}
