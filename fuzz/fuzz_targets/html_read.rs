//! The HTML reader: bytes → decoding (byte-order mark, gzip, charset
//! override, `<meta charset>`, detection) → HTML5 parse → blocks. The
//! first byte picks the caller's charset. Blocks must be non-empty and
//! their spans must tile the page's plain-text rendering (the blocks
//! joined by a blank line).
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::html_read(bytes));
