//! Ctrl-C and `kill`: the temporary file behind `-o` is removed before the
//! process dies, so an interrupted run leaves nothing behind (a run stopped
//! while writing 1 GB used to leave a `.NAME.PID.tmp` of that size).
//!
//! The handler may only call async-signal-safe functions: it reads paths
//! registered beforehand from atomics, `unlink`s them, then restores the
//! default action and raises the signal again, so the exit status still
//! says "killed by SIGINT/SIGTERM" to the shell.

use std::ffi::CString;
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

/// Temporary files to remove on a signal. A run writes one `-o` file;
/// a few slots spare are room for more without allocating in the handler.
const SLOTS: usize = 8;

static TEMPORARIES: [AtomicPtr<libc::c_char>; SLOTS] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];

static INSTALL: Once = Once::new();

/// The signals that end a run the user stopped.
const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// A temporary file removed if the process is stopped by a signal while
/// this guard lives; dropping the guard (the file was renamed or removed)
/// forgets it.
pub struct TemporaryGuard {
    slot: Option<usize>,
}

impl TemporaryGuard {
    /// Registers `path` for removal on SIGINT, SIGTERM or SIGHUP.
    pub fn new(path: &Path) -> TemporaryGuard {
        use std::os::unix::ffi::OsStrExt;
        INSTALL.call_once(install_handlers);
        let Ok(path) = CString::new(path.as_os_str().as_bytes()) else {
            return TemporaryGuard { slot: None };
        };
        let raw = path.into_raw();
        for (slot, cell) in TEMPORARIES.iter().enumerate() {
            if cell
                .compare_exchange(
                    std::ptr::null_mut(),
                    raw,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return TemporaryGuard { slot: Some(slot) };
            }
        }
        // All slots taken: the file is still removed on every ordinary exit.
        // SAFETY: `raw` came from `into_raw` just above and was never shared.
        drop(unsafe { CString::from_raw(raw) });
        TemporaryGuard { slot: None }
    }
}

impl Drop for TemporaryGuard {
    fn drop(&mut self) {
        if let Some(slot) = self.slot {
            // The path is not freed: a handler running on another thread may
            // be reading it. One short string per `-o` file is all it costs.
            TEMPORARIES[slot].store(std::ptr::null_mut(), Ordering::SeqCst);
        }
    }
}

fn install_handlers() {
    for signal in SIGNALS {
        // SAFETY: `remove_temporaries` is an `extern "C" fn(c_int)` that only
        // calls async-signal-safe functions.
        unsafe {
            let previous = libc::signal(
                signal,
                remove_temporaries as *const () as libc::sighandler_t,
            );
            // A signal the parent told us to ignore (`nohup`) stays ignored.
            if previous == libc::SIG_IGN {
                libc::signal(signal, libc::SIG_IGN);
            }
        }
    }
}

extern "C" fn remove_temporaries(signal: libc::c_int) {
    for cell in &TEMPORARIES {
        let path = cell.load(Ordering::SeqCst);
        if !path.is_null() {
            // SAFETY: a registered path is a valid C string that is never freed.
            unsafe { libc::unlink(path) };
        }
    }
    // SAFETY: `signal` and `raise` are async-signal-safe.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}
