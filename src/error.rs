//! The library's typed errors. Every error that concerns an input names it
//! (file path, line number or byte offset), so the binary can print it once
//! and the user knows where to look. The messages speak of the input, not of
//! a command line: the binary adds what its flags can do about them.

use std::path::PathBuf;

/// Where a problem was found: a file (or `<stdin>`) and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, or `<stdin>`.
    pub path: PathBuf,
    /// 1-based line number, when the problem is tied to a line.
    pub line: Option<usize>,
}

impl Location {
    /// A location naming a whole file.
    pub fn file(path: impl Into<PathBuf>) -> Location {
        Location {
            path: path.into(),
            line: None,
        }
    }

    /// A location naming one line of a file.
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Location {
        Location {
            path: path.into(),
            line: Some(line),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// Everything that can go wrong in gleaner's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened, read or written.
    // The message already says what the OS said, so the I/O error is not
    // also chained as a source (it would print twice under `{:#}`).
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// The input is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The input holds a NUL byte, which plain text never does.
    #[error("{path}: NUL byte at byte offset {offset}: this looks like a binary file")]
    NulByte {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// A line of a data file could not be parsed.
    #[error("{location}: {message}")]
    Parse {
        /// File and line.
        location: Location,
        /// What was wrong.
        message: String,
    },
    /// A label name that the label set does not know.
    #[error("{location}: unknown label {label:?} (known labels: {known})")]
    UnknownLabel {
        /// File and line.
        location: Location,
        /// The label found.
        label: String,
        /// The labels allowed, comma-separated.
        known: String,
    },
    /// A model file that cannot be used.
    #[error("{source_name}: {message}")]
    Model {
        /// The model file's path, or `<embedded default model>`.
        source_name: String,
        /// What was wrong with it.
        message: String,
    },
    /// A model file written by another format version.
    #[error(
        "{source_name}: model format version {found}, but this gleaner reads version {expected}: retrain it on its data"
    )]
    ModelVersion {
        /// The model file's path.
        source_name: String,
        /// The version this build reads.
        expected: u32,
        /// The version found in the file.
        found: u32,
    },
    /// Training could not run (no data, one label only, …).
    #[error("training failed: {0}")]
    Training(String),
    /// An invalid setting (a bad language code, a bad fold count, …).
    #[error("{0}")]
    InvalidSetting(String),
    /// An HTML page that could not be decoded.
    #[error("{id}: {error}")]
    Html {
        /// The page: its file path or JSONL id.
        id: String,
        /// What was wrong.
        error: crate::html::HtmlError,
    },
    /// A WARC record that could not be read: a damaged gzip member, a
    /// header without a version line or a length, a block that does not
    /// end where its length says. The reader goes on with the next record.
    #[error("{path}: WARC record at byte offset {offset}: {message}")]
    Warc {
        /// The shard.
        path: PathBuf,
        /// Byte offset of the record in the shard (of its gzip member when
        /// the shard is compressed), where `dd` or an index lookup finds it.
        offset: u64,
        /// What was wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            error,
        }
    }

    /// A parse error at `location`.
    pub fn parse(location: Location, message: impl Into<String>) -> Error {
        Error::Parse {
            location,
            message: message.into(),
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
