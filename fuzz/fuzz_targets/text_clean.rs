//! The whole clean of plain text: blocks, languages, features, labels and
//! every output, on any bytes (decoded lossily, as `--lossy` does).
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::text_clean(bytes));
