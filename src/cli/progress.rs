//! Progress on standard error while a batch runs (documents, bytes, rate,
//! ETA), when standard error is a terminal and `--quiet` is not given, and
//! the one-line summary at the end. Messages printed while a bar shows go
//! through [`BatchProgress::message`], so that they do not tear it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// `--quiet`: set once, before any command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Turns progress and summaries off for the whole run (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Whether standard error is a terminal someone watches.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// A batch's progress bar (none when standard error is no terminal or
/// `--quiet` is given) and its counts.
pub struct BatchProgress {
    bar: Option<ProgressBar>,
    started: Instant,
    documents: u64,
    bytes: u64,
}

impl BatchProgress {
    /// Progress over `total_bytes` of input (unknown for standard input:
    /// then no ETA).
    pub fn new(total_bytes: Option<u64>) -> BatchProgress {
        let bar = (!quiet() && stderr_is_terminal()).then(|| {
            let (bar, template) = match total_bytes {
                Some(total) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                    "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}, ETA {eta} · {msg}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{elapsed_precise} {spinner} {bytes} {bytes_per_sec} · {msg}",
                ),
            };
            let style = ProgressStyle::with_template(template)
                .expect("a valid template")
                .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        BatchProgress {
            bar,
            started: Instant::now(),
            documents: 0,
            bytes: 0,
        }
    }

    /// `count` more documents done.
    pub fn documents_done(&mut self, count: u64) {
        self.documents += count;
        if let Some(bar) = &self.bar {
            let rate = self.documents as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} documents, {rate:.0}/s", self.documents));
        }
    }

    /// `bytes` more of the input read.
    pub fn bytes_done(&mut self, bytes: u64) {
        self.bytes += bytes;
        if let Some(bar) = &self.bar {
            bar.set_position(self.bytes);
        }
    }

    /// Prints a line on standard error above the bar.
    pub fn message(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar; returns the time since the batch started.
    pub fn finish(&self) -> Duration {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        self.started.elapsed()
    }
}

/// Cross-validation's folds as a bar, for `train` and `eval` (none when
/// standard error is no terminal, `--quiet` is given, or there are no
/// folds). Training points file descriptor 2 at /dev/null while
/// linfa-bayes prints (`quiet_stderr.rs`), so the bar draws on a duplicate
/// of the real standard error, taken when the bar is made: make it before
/// the [`super::quiet_stderr::QuietStderr`].
pub struct FoldBar {
    bar: Option<ProgressBar>,
}

impl FoldBar {
    /// A bar over `folds` folds.
    pub fn new(folds: usize) -> FoldBar {
        let bar = (folds > 0 && !quiet() && stderr_is_terminal())
            .then(real_stderr)
            .flatten()
            .map(|target| {
                let bar = ProgressBar::with_draw_target(Some(folds as u64), target);
                let style = ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:30}] {pos}/{len} folds trained, ETA {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> ");
                bar.set_style(style);
                bar.enable_steady_tick(Duration::from_millis(200));
                bar
            });
        FoldBar { bar }
    }

    /// A fold is trained.
    pub fn report(&self, progress: gleaner::train::FoldProgress) {
        if let Some(bar) = &self.bar {
            bar.set_length(progress.total as u64);
            bar.set_position(progress.done as u64);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A draw target on a duplicate of file descriptor 2 as it is now, as a
/// console terminal (its width and escapes are the terminal's own).
#[cfg(unix)]
fn real_stderr() -> Option<ProgressDrawTarget> {
    use std::os::fd::FromRawFd;
    // SAFETY: `dup` returns a new descriptor this function then owns (or -1).
    let fd = unsafe { libc::dup(2) };
    if fd < 0 {
        return None;
    }
    // SAFETY: `fd` is a fresh descriptor owned by nothing else.
    let write = unsafe { std::fs::File::from_raw_fd(fd) };
    // The bar never reads; the pair wants a reading side all the same.
    let read = write.try_clone().ok()?;
    let term = console::Term::read_write_pair(read, write);
    Some(ProgressDrawTarget::term(term, 20))
}

#[cfg(not(unix))]
fn real_stderr() -> Option<ProgressDrawTarget> {
    Some(ProgressDrawTarget::stderr())
}
