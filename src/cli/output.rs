//! Where results go: standard output, or a file written to a temporary name
//! and renamed into place only when complete, so a failed run never leaves a
//! half-written file, nor one replacing an input.

use anyhow::Context;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A destination for output.
pub enum Output {
    Stdout(BufWriter<std::io::Stdout>),
    File {
        temporary: PathBuf,
        destination: PathBuf,
        writer: BufWriter<File>,
        finished: bool,
        /// Removes the temporary file if a signal stops the run.
        #[cfg(unix)]
        _interrupt: super::interrupt::TemporaryGuard,
    },
}

impl Output {
    /// `None` or `-` is standard output.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Output> {
        match path {
            None => Ok(Output::Stdout(BufWriter::new(std::io::stdout()))),
            Some(p) if p.as_os_str() == "-" => {
                Ok(Output::Stdout(BufWriter::new(std::io::stdout())))
            }
            Some(destination) => {
                let name = destination
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "output".into());
                let temporary =
                    destination.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                let file = File::create(&temporary).with_context(|| {
                    format!("{}: cannot create output file", destination.display())
                })?;
                Ok(Output::File {
                    #[cfg(unix)]
                    _interrupt: super::interrupt::TemporaryGuard::new(&temporary),
                    temporary,
                    destination: destination.to_path_buf(),
                    writer: BufWriter::new(file),
                    finished: false,
                })
            }
        }
    }

    /// Like [`Output::open`], but refuses a destination that is one of
    /// `inputs` (the same file, by whatever name): `-o` never replaces an
    /// input, which a run reads whole only after it opened its output.
    pub fn open_apart<'a>(
        path: Option<&Path>,
        inputs: impl IntoIterator<Item = &'a Path>,
    ) -> anyhow::Result<Output> {
        if let Some(destination) = path.filter(|p| p.as_os_str() != "-") {
            refuse_input_as_output(destination, inputs)?;
        }
        Output::open(path)
    }

    /// Completes the output: flushes, and moves a file into place.
    pub fn finish(mut self) -> anyhow::Result<()> {
        match &mut self {
            Output::Stdout(writer) => Ok(writer.flush()?),
            Output::File {
                temporary,
                destination,
                writer,
                finished,
                ..
            } => {
                let done = writer
                    .flush()
                    .and_then(|_| writer.get_ref().sync_all())
                    .and_then(|_| std::fs::rename(&*temporary, &*destination));
                done.with_context(|| {
                    format!("{}: cannot write output file", destination.display())
                })?;
                *finished = true;
                Ok(())
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File { writer, .. } => writer.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File { writer, .. } => writer.flush(),
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        // Dropped without `finish` (an error on the way): remove the partial file.
        if let Output::File {
            temporary,
            finished: false,
            ..
        } = self
        {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

/// An error if `destination` is the same file as one of `inputs`.
pub fn refuse_input_as_output<'a>(
    destination: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> anyhow::Result<()> {
    if !destination.exists() {
        // A file that does not exist yet is no input.
        return Ok(());
    }
    for input in inputs {
        if input.as_os_str() != "-" && same_file(input, destination) {
            anyhow::bail!(
                "{}: the output file is also an input ({}): write the output elsewhere",
                destination.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Whether two paths name one file (hard links and symbolic links included).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether two paths name one file.
#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether an error is a closed pipe (`gleaner … | head`): not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
