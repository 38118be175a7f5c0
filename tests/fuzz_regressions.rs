//! The fuzz targets' checks (`fuzz/fuzz_targets/checks.rs`) on the committed
//! seeds (`fuzz/seeds/TARGET/`) and on every input a fuzzer crashed on
//! (`fuzz/regressions/TARGET/`, each named after what broke), so that a
//! plain `cargo test` keeps them fixed without nightly or libFuzzer.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of `fuzz/seeds/TARGET` and
/// `fuzz/regressions/TARGET`, naming the file that fails.
fn run_inputs(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(
                outcome.is_ok(),
                "{} fails the {target} checks",
                path.display()
            );
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target}");
}

#[test]
fn text_inputs() {
    run_inputs("text", checks::text);
}

#[test]
fn text_clean_inputs() {
    run_inputs("text_clean", checks::text_clean);
}

#[test]
fn jsonl_inputs() {
    run_inputs("jsonl", checks::jsonl);
}

#[test]
fn annotated_inputs() {
    run_inputs("annotated", checks::annotated);
}

#[test]
fn model_file_inputs() {
    run_inputs("model_file", checks::model_file);
}

#[test]
fn html_read_inputs() {
    run_inputs("html_read", checks::html_read);
}

#[test]
fn html_tokens_inputs() {
    run_inputs("html_tokens", checks::html_tokens);
}

#[test]
fn html_clean_inputs() {
    run_inputs("html_clean", checks::html_clean);
}

#[test]
fn warc_inputs() {
    run_inputs("warc", checks::warc);
}
