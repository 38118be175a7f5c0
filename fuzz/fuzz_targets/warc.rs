//! The WARC reader: any bytes as a shard (plain or gzipped), each record
//! read into its page; reading always ends and never panics.
#![no_main]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| checks::warc(bytes));
