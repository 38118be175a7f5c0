//! The annotation format (docs/ANNOTATION-FORMAT.md). A file that reads
//! must convert to JSONL and back, and be written again in the format,
//! without loss (what `gleaner convert` promises).
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::annotated(bytes));
