//! Writing the output folder atomically: everything is written into a new
//! folder beside the output, which then replaces it in two renames. A failed
//! or interrupted build leaves the previous output as it was. A folder is
//! only ever replaced when it is empty or carries dossier's marker file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;
use crate::theme::StaticFile;

/// The file that marks a folder as dossier's output.
pub const MARKER: &str = ".dossier-output";

#[derive(Debug)]
pub enum OutputError {
    /// The output folder is not one dossier may replace.
    Refused(String),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::Refused(why) => f.write_str(why),
            OutputError::Io(path, err) => write!(f, "{}: {err}", path.display()),
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// Checks that `output` may be written and replaced for the site at `root`.
pub fn check_target(root: &Path, output: &Path) -> Result<(), OutputError> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists, so `./` and symlinks compare equal.
        match p.canonicalize() {
            Ok(c) => c,
            Err(_) => match (p.parent(), p.file_name()) {
                (Some(parent), Some(name)) => parent
                    .canonicalize()
                    .unwrap_or(parent.to_path_buf())
                    .join(name),
                _ => p,
            },
        }
    };
    let root = abs(root);
    let out = abs(output);
    if out == root {
        return Err(OutputError::Refused(format!(
            "refusing to use the site root {} as the output folder",
            out.display()
        )));
    }
    if root.starts_with(&out) {
        return Err(OutputError::Refused(format!(
            "refusing to use {} as the output folder: it contains the site",
            out.display()
        )));
    }
    if out.join("content").exists()
        || out == root.join("content")
        || out.starts_with(root.join("content"))
    {
        return Err(OutputError::Refused(format!(
            "refusing to use {} as the output folder: it holds or is inside `content/`",
            out.display()
        )));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(OutputError::Refused(format!(
                "{} exists and is not a folder",
                out.display()
            )));
        }
        let empty = fs::read_dir(&out).map_err(io_at(&out))?.next().is_none();
        if !empty && !out.join(MARKER).exists() {
            return Err(OutputError::Refused(format!(
                "refusing to replace {}: it was not created by dossier (no {MARKER} file); remove it or choose another output_dir",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Writes `files` and `statics` as the new content of `output`.
pub fn write(
    output: &Path,
    files: &[OutputFile],
    statics: &[(String, StaticFile)],
) -> Result<(), OutputError> {
    let staging = Staging::new(output)?;
    if let Err(e) = files
        .par_iter()
        .try_for_each(|file| staging.place(&file.path, &file.bytes))
    {
        staging.abandon();
        return Err(e);
    }
    staging.finish(statics)
}

/// A new output folder being written beside the old one. Files can be
/// placed into it from many threads as they are rendered, so a build never
/// holds the whole site in memory; [`Staging::finish`] swaps it in.
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    output: PathBuf,
    /// The previous output, when dossier made it: unchanged files are
    /// linked from it.
    previous: Option<PathBuf>,
}

impl Staging {
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(io_at(&parent))?;
        let name = output
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public")
            .to_string();
        remove_leftovers(&parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.dossier-new-"))
            .tempdir_in(&parent)
            .map_err(io_at(&parent))?
            .keep();
        let previous = output.join(MARKER).exists().then(|| output.to_path_buf());
        Ok(Staging {
            dir,
            parent,
            name,
            output: output.to_path_buf(),
            previous,
        })
    }

    /// Writes one file. A file whose bytes did not change is linked from
    /// the old output rather than written: it keeps its timestamp
    /// (rsync-style deploys skip it) and costs no write.
    pub fn place(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let dest = self.dir.join(rel);
        make_parent(&dest)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel))
            && same_bytes(&old, bytes)
            && fs::hard_link(&old, &dest).is_ok()
        {
            return Ok(());
        }
        fs::write(&dest, bytes).map_err(io_at(&dest))
    }

    /// Removes the unfinished folder; the old output stays as it was.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }

    /// Adds the static files and the marker, then swaps the new folder in.
    pub fn finish(self, statics: &[(String, StaticFile)]) -> Result<(), OutputError> {
        let result = self.complete(statics);
        if result.is_err() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        result
    }

    fn complete(&self, statics: &[(String, StaticFile)]) -> Result<(), OutputError> {
        for (rel, file) in statics {
            // A generated file of the same name wins.
            if self.dir.join(rel).exists() {
                continue;
            }
            match file {
                StaticFile::Embedded(text) => self.place(rel, text.as_bytes())?,
                StaticFile::Disk(src) => self.place(rel, &fs::read(src).map_err(io_at(src))?)?,
            }
        }
        let marker = self.dir.join(MARKER);
        fs::write(
            &marker,
            "This folder is written by dossier and replaced on every build.\n",
        )
        .map_err(io_at(&marker))?;

        // Swap the new folder for the old one in one step where the system
        // can (Linux's RENAME_EXCHANGE): there is no moment without an output.
        let (staged, output) = (&self.dir, &self.output);
        if output.exists() {
            if exchange(staged, output).is_ok() {
                fs::remove_dir_all(staged).map_err(io_at(staged))?;
                return Ok(());
            }
            let old = tempfile::Builder::new()
                .prefix(&format!(".{}.dossier-old-", self.name))
                .tempdir_in(&self.parent)
                .map_err(io_at(&self.parent))?
                .keep();
            // `old` exists as an empty folder; rename over it.
            fs::remove_dir(&old).map_err(io_at(&old))?;
            fs::rename(output, &old).map_err(io_at(output))?;
            if let Err(e) = fs::rename(staged, output) {
                let _ = fs::rename(&old, output);
                return Err(OutputError::Io(output.to_path_buf(), e));
            }
            fs::remove_dir_all(&old).map_err(io_at(&old))?;
        } else {
            fs::rename(staged, output).map_err(|e| OutputError::Io(output.to_path_buf(), e))?;
        }
        Ok(())
    }
}

/// Atomically exchanges two folders.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes staging folders that an interrupted build left beside the
/// output (they carry dossier's own prefixes, so nothing else matches).
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.dossier-new-"),
        format!(".{name}.dossier-old-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) && entry.path().is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

fn make_parent(path: &Path) -> Result<(), OutputError> {
    match path.parent() {
        Some(p) => fs::create_dir_all(p).map_err(io_at(p)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_content_and_foreign_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, &root.join("content")).is_err());
        assert!(check_target(root, root.parent().unwrap()).is_err());
        assert!(check_target(root, &root.join("public")).is_ok());
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/readme.txt"), "mine").unwrap();
        assert!(check_target(root, &root.join("docs")).is_err());
        fs::create_dir_all(root.join("empty")).unwrap();
        assert!(check_target(root, &root.join("empty")).is_ok());
    }

    #[test]
    fn write_replaces_the_folder_and_marks_it() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let files = vec![OutputFile {
            path: "a/index.html".into(),
            bytes: b"one".to_vec(),
        }];
        write(&out, &files, &[]).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(out.join(MARKER).exists());
        let files = vec![OutputFile {
            path: "b/index.html".into(),
            bytes: b"two".to_vec(),
        }];
        write(&out, &files, &[]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
        // An unchanged file keeps its timestamp; a changed one is new.
        let before = fs::metadata(out.join("b/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let files = vec![
            OutputFile {
                path: "b/index.html".into(),
                bytes: b"two".to_vec(),
            },
            OutputFile {
                path: "c/index.html".into(),
                bytes: b"three".to_vec(),
            },
        ];
        write(&out, &files, &[]).unwrap();
        assert_eq!(
            fs::metadata(out.join("b/index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
        // A folder left by an interrupted build is cleared on the next one.
        fs::create_dir_all(site.path().join(".public.dossier-new-abc123/x")).unwrap();
        write(&out, &files, &[]).unwrap();
        // No staging folders are left beside the output.
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .filter_map(Result::ok)
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
