//! Helpers shared by several integration tests. Each test crate uses only
//! some of them.
#![allow(dead_code)]

pub mod crawl;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the gleaner binary with `args` and no standard input.
pub fn gleaner(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .output()
        .expect("gleaner runs")
}

/// Runs the gleaner binary with `args`, `input` on its standard input.
pub fn gleaner_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gleaner"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gleaner runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}
