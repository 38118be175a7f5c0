//! How fast the HTML reader is: decode + parse + blocks over every dev HTML
//! page, on one thread, pages read into memory first so that the disk is
//! not timed. The machine may be shared, so the thread's CPU time is
//! reported beside the wall-clock time: under load the wall clock counts
//! the time the thread waited for a core.
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
    let (mut best, mut best_cpu) = (f64::INFINITY, f64::INFINITY);
    let mut blocks = 0;
    for _ in 0..rounds.max(1) {
        let (start, start_cpu) = (Instant::now(), thread_cpu_seconds());
        blocks = 0;
        for (id, page) in &pages {
            blocks += read_html(id.as_str(), page, &options)?.0.blocks.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(thread_cpu_seconds() - start_cpu);
    }
    let n = pages.len() as f64;
    println!(
        "{} pages ({:.1} MB, {blocks} blocks), one thread, best of {rounds} rounds: \
         wall {best:.2} s = {:.0} pages/s ({:.1} MB/s); CPU {best_cpu:.2} s = {:.0} pages/s",
        pages.len(),
        bytes as f64 / 1e6,
        n / best,
        bytes as f64 / 1e6 / best,
        n / best_cpu
    );
    Ok(())
}

/// CPU time this thread has used, in seconds.
fn thread_cpu_seconds() -> f64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    now.tv_sec as f64 + now.tv_nsec as f64 * 1e-9
}
