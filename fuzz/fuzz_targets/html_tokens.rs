//! The HTML tokens read by byte scans against html5ever's tokenizer: any
//! bytes, made text lossily, parse to the same tree either way.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::html_tokens(bytes));
