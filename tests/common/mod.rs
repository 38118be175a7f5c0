//! Helpers shared by several integration tests.

pub mod crawl;
