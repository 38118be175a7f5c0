//! How fast the HTML reader is: decode + parse + blocks over every dev HTML
//! page, on one thread, pages read into memory first so that the disk is
//! not timed.
//!
//! ```sh
//! GLEANER_SHARED=../shared cargo run --release --example html_speed [ROUNDS]
//! ```

use std::time::Instant;

use gleaner::html::{HtmlOptions, read_html};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let shared = std::env::var_os("GLEANER_SHARED")
        .ok_or("set GLEANER_SHARED to the shared data directory")?;
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(3);
    let root = std::path::Path::new(&shared).join("data/dev/html");
    let mut pages = Vec::new();
    for set in std::fs::read_dir(&root)? {
        for page in std::fs::read_dir(set?.path())? {
            let path = page?.path();
            if path.extension().is_some_and(|e| e == "html") {
                pages.push((path.display().to_string(), std::fs::read(&path)?));
            }
        }
    }
    pages.sort();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let options = HtmlOptions::default();
    let mut best = f64::INFINITY;
    let mut blocks = 0;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        blocks = 0;
        for (id, page) in &pages {
            blocks += read_html(id.as_str(), page, &options)?.0.blocks.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{} pages ({:.1} MB, {blocks} blocks): best of {rounds} rounds {best:.2} s, {:.0} pages/s, {:.1} MB/s on one thread",
        pages.len(),
        bytes as f64 / 1e6,
        pages.len() as f64 / best,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}
