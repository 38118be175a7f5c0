//! The model file: any bytes either load as a model that then cleans
//! pages (text and HTML) without panicking, or give an error. The first
//! byte chooses between the bytes as a whole file and the bytes as the
//! payload behind a well-formed header, so that the fuzzer reaches the
//! payload's decoding and checks.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::model_file(bytes));
