//! Plain text: bytes → text (strict and lossy decoding) → blocks, which
//! must cover the text in order.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::text(bytes));
