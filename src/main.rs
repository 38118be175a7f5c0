//! The `gleaner` command: parses arguments, runs one subcommand, prints an
//! error once and maps it to an exit code. All the work is in the library.

mod cli;

use clap::Parser;
use std::process::ExitCode;

// The allocator is the process's to choose, so the binary chooses it: a
// page read from HTML is many small strings (tags, attributes, tokens,
// feature names), and glibc's malloc and free took about a fifth of the
// instructions of `classify` on the dev HTML pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's options (`mimalloc.h`); libmimalloc-sys binds this function
// only with a feature that needs another crate.
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in `mimalloc.h`'s `mi_option_e`.
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Memory freed is returned to the OS after this many milliseconds.
/// mimalloc 3 waits 1000 ms, and the stages of one huge page free and
/// allocate hundreds of MB within that time: a JSONL record of 1e6 blocks
/// (75 MB) peaked at about 425 MB with the 1000 ms delay, 340-354 MB with 10 ms
/// and 319 MB with 0 (issue #19, docs/MEMORY.md). `classify` of the 1148
/// dev HTML pages took the same user and system time with 0 as with 1000
/// within the noise of a shared machine (about 3%).
const PURGE_DELAY_MS: std::ffi::c_long = 0;

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's documented options to a valid value;
    // options may be set at any time.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gleaner: {error:#}");
            ExitCode::from(2)
        }
    }
}
