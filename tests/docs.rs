//! The documentation's examples, run: every ```` ```console ```` block of
//! `README.md` and `docs/ERRORS.md` is a test, so that what they show is
//! what gleaner prints.
//!
//! In a block, a line `$ COMMAND` is run by `sh` (standard error merged into
//! standard output, no standard input) with the `gleaner` under test first on
//! `PATH`; the lines up to the next `$` are its expected output, and a last
//! line `[exit N]` its exit code (0 when absent). Expected lines may elide:
//! a line `…` stands for any number of lines, and a line ending in ` …` for
//! any line that starts with what comes before it. Each document runs in a
//! fresh temporary directory holding links to the repository's `examples`,
//! `models`, `tests` and `training-data` and a copy of the files in
//! `tests/data/docs/` (fixtures such as `old-page.html`), so commands can
//! write files without touching the repository.
//!
//! When gleaner's output changes for a good reason (a retrained model moves
//! probabilities and scores), `GLEANER_BLESS=1 cargo test --release --test
//! docs` rewrites the expected output in place, keeping the elisions; read
//! the diff before committing it.

mod common;

use common::crawl;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The documents whose console blocks are run.
const DOCUMENTS: &[&str] = &["README.md", "docs/ERRORS.md"];

/// One `$ COMMAND` of a console block and what it should print.
struct Example {
    command: String,
    /// The expected lines: indices into the document's lines.
    expected: std::ops::Range<usize>,
    /// The line of `[exit N]`, when there is one.
    exit_line: Option<usize>,
    exit_code: i32,
}

/// The console blocks of a document, each a list of examples.
fn console_blocks(lines: &[String]) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let mut examples: Vec<Example> = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].trim_end() != "```" {
            let line = &lines[i];
            if let Some(command) = line.strip_prefix("$ ") {
                examples.push(Example {
                    command: command.to_string(),
                    expected: i + 1..i + 1,
                    exit_line: None,
                    exit_code: 0,
                });
            } else if let Some(example) = examples.last_mut() {
                let code = line
                    .strip_prefix("[exit ")
                    .and_then(|rest| rest.strip_suffix(']'))
                    .and_then(|n| n.parse().ok());
                match (code, example.exit_line) {
                    (Some(code), None) => {
                        example.exit_line = Some(i);
                        example.exit_code = code;
                    }
                    (None, None) => example.expected.end = i + 1,
                    // Blank lines after `[exit N]`, before the fence.
                    (None, Some(_)) if line.trim().is_empty() => {}
                    _ => panic!("line {}: `[exit N]` ends an example's output", i + 1),
                }
            } else {
                panic!("line {}: a console block starts with `$ `", i + 1);
            }
            i += 1;
        }
        blocks.push(examples);
        i += 1;
    }
    blocks
}

/// How an expected line matches.
enum Pattern<'a> {
    /// Any number of lines.
    Gap,
    /// A line starting with this.
    Prefix(&'a str),
    /// This line.
    Exact(&'a str),
}

fn pattern(line: &str) -> Pattern<'_> {
    if line.trim() == "…" {
        Pattern::Gap
    } else if let Some(prefix) = line.strip_suffix(" …") {
        Pattern::Prefix(prefix)
    } else {
        Pattern::Exact(line)
    }
}

/// For each expected line, the actual line it matched (`None` for a gap),
/// or `None` when the output does not match. `same` compares two lines.
fn align(
    expected: &[String],
    actual: &[&str],
    same: &dyn Fn(&str, &str) -> bool,
) -> Option<Vec<Option<usize>>> {
    fn go(
        expected: &[String],
        actual: &[&str],
        e: usize,
        a: usize,
        same: &dyn Fn(&str, &str) -> bool,
        matched: &mut Vec<Option<usize>>,
    ) -> bool {
        if e == expected.len() {
            return a == actual.len();
        }
        match pattern(&expected[e]) {
            Pattern::Gap => {
                matched.push(None);
                for next in a..=actual.len() {
                    if go(expected, actual, e + 1, next, same, matched) {
                        return true;
                    }
                }
                matched.pop();
                false
            }
            Pattern::Prefix(prefix) => {
                let fits = a < actual.len()
                    && actual[a]
                        .get(..prefix.len())
                        .is_some_and(|start| same(prefix, start));
                fits && {
                    matched.push(Some(a));
                    go(expected, actual, e + 1, a + 1, same, matched) || {
                        matched.pop();
                        false
                    }
                }
            }
            Pattern::Exact(line) => {
                a < actual.len() && same(line, actual[a]) && {
                    matched.push(Some(a));
                    go(expected, actual, e + 1, a + 1, same, matched) || {
                        matched.pop();
                        false
                    }
                }
            }
        }
    }
    let mut matched = Vec::new();
    go(expected, actual, 0, 0, same, &mut matched).then_some(matched)
}

/// A line with its numbers and runs of spaces reduced, to align an old
/// expected output with a new one whose scores moved.
fn shape(line: &str) -> String {
    let mut shaped = String::new();
    let mut previous = ' ';
    for c in line.chars() {
        let c = if c.is_ascii_digit() || (c == '.' && previous == '#') {
            '#'
        } else {
            c
        };
        if !(c == previous && (c == '#' || c == ' ')) {
            shaped.push(c);
        }
        previous = c;
    }
    shaped
}

/// The expected lines rewritten from the actual output, keeping elisions.
fn blessed(expected: &[String], actual: &[&str]) -> Option<Vec<String>> {
    if !expected
        .iter()
        .any(|l| !matches!(pattern(l), Pattern::Exact(_)))
    {
        return Some(actual.iter().map(|l| l.to_string()).collect());
    }
    let by_shape = |a: &str, b: &str| {
        let (a, b) = (shape(a), shape(b));
        // A prefix cut inside a number shapes shorter than its line.
        b.starts_with(&a) || a == b
    };
    let matched = align(expected, actual, &by_shape)?;
    Some(
        expected
            .iter()
            .zip(matched)
            .map(|(line, index)| match (pattern(line), index) {
                (Pattern::Exact(_), Some(a)) => actual[a].to_string(),
                (Pattern::Prefix(prefix), Some(a)) => {
                    // As many words as the old prefix had.
                    let words = prefix.split_whitespace().count();
                    let end = word_end(actual[a], words);
                    format!("{} …", &actual[a][..end])
                }
                _ => line.clone(),
            })
            .collect(),
    )
}

/// The byte offset where the `words`-th whitespace-separated word of a line ends.
fn word_end(line: &str, words: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == words {
                    return i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    line.len()
}

/// A fresh directory to run a block in, with the repository's inputs linked.
fn workspace(repo: &Path) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("gleaner-docs-")
        .tempdir()
        .expect("a temporary directory");
    for name in ["examples", "models", "tests", "training-data"] {
        std::os::unix::fs::symlink(repo.join(name), dir.path().join(name)).unwrap();
    }
    // The README's WARC example: the first 20 English authored pages as a
    // crawler stores them.
    let english: Vec<_> = crawl::authored_pages()
        .into_iter()
        .filter(|page| page.parent().is_some_and(|dir| dir.ends_with("en")))
        .take(20)
        .collect();
    let (records, _) = crawl::crawl(&english);
    let shard: Vec<u8> = records.iter().flat_map(|r| crawl::gzip(r)).collect();
    std::fs::write(dir.path().join("demo.warc.gz"), shard).unwrap();
    let fixtures = repo.join("tests/data/docs");
    for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// Runs one command as the documentation shows it.
fn run(command: &str, cwd: &Path) -> (String, i32) {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_gleaner"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(cwd)
        .env("PATH", path)
        .env_remove("GLEANER_SHARED")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    (text, output.status.code().unwrap_or(-1))
}

fn check_document(name: &str) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = repo.join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let bless = std::env::var_os("GLEANER_BLESS").is_some_and(|v| v == "1");
    // (range of lines, replacement), applied from the bottom up.
    let mut edits: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    let mut failures = Vec::new();
    let blocks = console_blocks(&lines);
    assert!(!blocks.is_empty(), "{name} has no console blocks");
    // One directory for the whole document: a case may use the files an
    // earlier one made, as in one shell session.
    let dir = workspace(repo);
    for block in &blocks {
        for example in block {
            let (output, code) = run(&example.command, dir.path());
            let actual: Vec<&str> = output.trim_end_matches('\n').lines().collect();
            let actual: Vec<&str> = if output.trim().is_empty() {
                Vec::new()
            } else {
                actual
            };
            let mut expected: Vec<String> = lines[example.expected.clone()].to_vec();
            while expected.last().is_some_and(|l| l.trim().is_empty()) {
                expected.pop();
            }
            let matches = align(&expected, &actual, &|a, b| a == b).is_some();
            if matches && code == example.exit_code {
                continue;
            }
            if bless {
                let Some(mut new) = blessed(&expected, &actual) else {
                    failures.push(format!(
                        "{name}:{}: `{}`: cannot carry the elisions over to the new \
                         output; edit it by hand:\n{output}",
                        example.expected.start, example.command
                    ));
                    continue;
                };
                // Keep the blank line before the closing fence, if there was one.
                let old = lines[example.expected.clone()].len();
                new.extend(std::iter::repeat_n(String::new(), old - expected.len()));
                if code != 0 {
                    new.push(format!("[exit {code}]"));
                }
                let end = example.exit_line.map_or(example.expected.end, |l| l + 1);
                edits.push((example.expected.start..end, new));
            } else {
                failures.push(format!(
                    "{name}:{}: `{}` printed (exit {code}, expected {}):\n{output}\nexpected:\n{}",
                    example.expected.start,
                    example.command,
                    example.exit_code,
                    expected.join("\n")
                ));
            }
        }
    }
    if bless && !edits.is_empty() {
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        for (range, new) in edits {
            lines.splice(range, new);
        }
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        eprintln!("{name}: expected outputs rewritten (GLEANER_BLESS=1)");
    }
    assert!(
        failures.is_empty(),
        "{} example(s) differ; if the change is right, rerun with GLEANER_BLESS=1 \
         and read the diff:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn readme_examples_print_what_they_show() {
    check_document(DOCUMENTS[0]);
}

#[test]
fn every_bad_input_case_in_errors_md_answers_as_documented() {
    check_document(DOCUMENTS[1]);
}

#[test]
fn elisions_match_any_lines_and_line_ends() {
    let expected: Vec<String> = ["a", "…", "d 1 …", "e"].map(String::from).to_vec();
    assert!(align(&expected, &["a", "b", "c", "d 1 2", "e"], &|a, b| a == b).is_some());
    assert!(align(&expected, &["a", "d 1", "e"], &|a, b| a == b).is_some());
    assert!(align(&expected, &["a", "d 2", "e"], &|a, b| a == b).is_none());
    assert!(align(&expected, &["a", "d 1", "e", "f"], &|a, b| a == b).is_none());
    let blessed = blessed(&expected, &["a", "x", "d 3.5 9", "e"]).unwrap();
    assert_eq!(blessed, ["a", "…", "d 3.5 …", "e"]);
}
