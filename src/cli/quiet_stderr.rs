//! Keeps linfa-bayes 0.8.1's leftover `dbg!` away from the user.
//!
//! `MultinomialNb::fit_with` calls `dbg!` on every class histogram at every
//! call, which dumps ~0.5 MB per call at 4096 features (and ~8 MB at 65,536)
//! to stderr. The library leaves the process's stderr alone (a Python host or
//! another thread may be writing to it); the binary owns its process, so while
//! it trains, file descriptor 2 points at /dev/null. The redirection is
//! reference-counted, so nested or parallel trainings share it.

use std::sync::Mutex;

struct Redirect {
    depth: usize,
    #[cfg(unix)]
    saved_stderr: Option<i32>,
}

static REDIRECT: Mutex<Redirect> = Mutex::new(Redirect {
    depth: 0,
    #[cfg(unix)]
    saved_stderr: None,
});

/// While alive, stderr goes to /dev/null (on Unix; elsewhere it does nothing).
pub struct QuietStderr(());

impl QuietStderr {
    /// Starts silencing stderr.
    pub fn new() -> QuietStderr {
        let mut redirect = REDIRECT.lock().unwrap_or_else(|e| e.into_inner());
        if redirect.depth == 0 {
            redirect_to_null(&mut redirect);
        }
        redirect.depth += 1;
        QuietStderr(())
    }
}

impl Drop for QuietStderr {
    fn drop(&mut self) {
        let mut redirect = REDIRECT.lock().unwrap_or_else(|e| e.into_inner());
        redirect.depth -= 1;
        if redirect.depth == 0 {
            restore(&mut redirect);
        }
    }
}

#[cfg(unix)]
fn redirect_to_null(redirect: &mut Redirect) {
    use std::os::fd::IntoRawFd;
    let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") else {
        return;
    };
    let null = null.into_raw_fd();
    // SAFETY: plain descriptor calls on descriptors this function owns or on
    // fd 2; failures leave stderr as it was.
    unsafe {
        let saved = libc::dup(2);
        if saved >= 0 && libc::dup2(null, 2) >= 0 {
            redirect.saved_stderr = Some(saved);
        } else if saved >= 0 {
            libc::close(saved);
        }
        libc::close(null);
    }
}

#[cfg(unix)]
fn restore(redirect: &mut Redirect) {
    if let Some(saved) = redirect.saved_stderr.take() {
        // SAFETY: `saved` is the duplicate of the original fd 2 made above.
        unsafe {
            libc::dup2(saved, 2);
            libc::close(saved);
        }
    }
}

#[cfg(not(unix))]
fn redirect_to_null(_: &mut Redirect) {}

#[cfg(not(unix))]
fn restore(_: &mut Redirect) {}
