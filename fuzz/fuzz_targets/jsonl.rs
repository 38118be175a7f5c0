//! JSONL, both readers: labeled-document records (training data) and the
//! `--input jsonl` page records. A record that reads must write back and
//! read again to the same document.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::jsonl(bytes));
