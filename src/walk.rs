//! Walking directories: the files under a directory that a reader accepts,
//! in a stable order. Shared by the article inputs and the labeled data.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Appends the files under `dir` that `keep` accepts, recursively, in name
/// order; names starting with a dot are skipped. Symbolic links to
/// directories are not followed (a link back up the tree would never end),
/// as ripgrep does.
pub(crate) fn walk_files(
    dir: &Path,
    keep: &dyn Fn(&Path) -> bool,
    files: &mut Vec<PathBuf>,
) -> Result<()> {
    let mut entries: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|entry| {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let is_dir = entry
                .file_type()
                .map_err(|e| Error::io(entry.path(), e))?
                .is_dir();
            Ok((entry.path(), is_dir))
        })
        .collect::<Result<_>>()?;
    entries.sort();
    for (path, is_dir) in entries {
        if path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if is_dir {
            walk_files(&path, keep, files)?;
        } else if keep(&path) {
            files.push(path);
        }
    }
    Ok(())
}
