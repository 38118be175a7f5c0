//! The whole clean of an HTML page: read, languages, features, labels and
//! every output, on any bytes.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::html_clean(bytes));
