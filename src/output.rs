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

const MARKER_TEXT: &str = "This folder is written by dossier and replaced on every build.\n";

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

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OutputError::Refused(_) => None,
            OutputError::Io(_, err) => Some(err),
        }
    }
}

fn io_at(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |e| OutputError::Io(path.to_path_buf(), e)
}

/// Resolves `path` the way the system will when dossier acts on it: against
/// `base` when relative, then component by component, following every
/// symbolic link of the part that exists and applying `.` and `..` to the
/// part that does not exist yet (a `..` after a folder that does not exist
/// cancels it, as it will once `create_dir_all` has made it, so nothing is
/// made on the way). The result is absolute and has no `.`, `..` or link in
/// it; every check and every action on the output uses it.
///
/// Errors: a component that is a broken symbolic link, or one that cannot
/// be read.
pub fn resolve_path(base: &Path, path: &Path) -> Result<PathBuf, OutputError> {
    use std::path::Component;
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut resolved = PathBuf::new();
    // How many trailing components of `resolved` do not exist (yet).
    let mut missing = 0usize;
    for component in joined.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                missing = missing.saturating_sub(1);
                resolved.pop();
            }
            Component::Normal(name) => {
                let next = resolved.join(name);
                if missing == 0 && fs::symlink_metadata(&next).is_ok() {
                    resolved = next.canonicalize().map_err(|e| {
                        OutputError::Refused(format!(
                            "cannot resolve {}: {e} (a broken symbolic link?)",
                            next.display()
                        ))
                    })?;
                } else {
                    missing += 1;
                    resolved = next;
                }
            }
        }
    }
    Ok(resolved)
}

/// The folders of a site that an output folder may neither be, hold nor
/// lie inside: `content/`, `static/`, `templates/` and `themes/`, resolved.
fn site_folders(root: &Path) -> Vec<(PathBuf, &'static str)> {
    ["content", "static", "templates", "themes"]
        .into_iter()
        .filter_map(|name| {
            let path = root.join(name);
            path.canonicalize().ok().map(|real| (real, name))
        })
        .collect()
}

/// Checks that `output` may be written and replaced for the site at
/// `root`, and returns it resolved ([`resolve_path`]; a relative `output`
/// is taken from the current folder). Every later step must use the
/// returned path, never `output` as written.
///
/// Refused ([`OutputError::Refused`]): the site root or a folder that
/// contains it; a site folder (`content/`, `static/`, `templates/`,
/// `themes/`), a folder inside one or holding one; a folder that holds a
/// `content/` folder; something that is not a folder; a non-empty folder
/// without dossier's [`MARKER`].
pub fn check_target(root: &Path, output: &Path) -> Result<PathBuf, OutputError> {
    let cwd = std::env::current_dir().map_err(|e| OutputError::Io(PathBuf::from("."), e))?;
    let root = root
        .canonicalize()
        .map_err(|e| OutputError::Io(root.to_path_buf(), e))?;
    let out = resolve_path(&cwd, output)?;
    let shown = show(&out, &cwd);
    if out == root {
        return Err(OutputError::Refused(format!(
            "refusing to use the site root {shown} as the output folder"
        )));
    }
    if root.starts_with(&out) {
        return Err(OutputError::Refused(format!(
            "refusing to use {shown} as the output folder: it contains the site"
        )));
    }
    for (folder, name) in site_folders(&root) {
        if out.starts_with(&folder) || folder.starts_with(&out) {
            return Err(OutputError::Refused(format!(
                "refusing to use {shown} as the output folder: it is, holds or is inside the site's `{name}/`"
            )));
        }
    }
    if out.join("content").exists() {
        return Err(OutputError::Refused(format!(
            "refusing to use {shown} as the output folder: it holds a `content/` folder"
        )));
    }
    match fs::metadata(&out) {
        Ok(meta) if !meta.is_dir() => Err(OutputError::Refused(format!(
            "{shown} exists and is not a folder"
        ))),
        Ok(_) => {
            let empty = fs::read_dir(&out).map_err(io_at(&out))?.next().is_none();
            if !empty && !out.join(MARKER).exists() {
                return Err(OutputError::Refused(format!(
                    "refusing to replace {shown}: it was not created by dossier (no {MARKER} file); remove it or choose another output_dir"
                )));
            }
            Ok(out)
        }
        Err(_) => Ok(out),
    }
}

/// `path` as the user may read it: relative to `cwd` when the two share a
/// folder below the file system's root (`public`, `../../public`),
/// absolute otherwise.
pub fn show(path: &Path, cwd: &Path) -> String {
    let shared = path
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    // Only the root in common: an absolute path reads better.
    if shared <= 1 {
        return path.display().to_string();
    }
    let up = cwd.components().count() - shared;
    let mut rel = PathBuf::new();
    for _ in 0..up {
        rel.push("..");
    }
    rel.extend(path.components().skip(shared));
    if rel.as_os_str().is_empty() {
        ".".into()
    } else {
        rel.display().to_string()
    }
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
    /// The output's parent folders this build made, deepest first: a
    /// build that does not finish removes them again.
    made: Vec<PathBuf>,
}

impl Staging {
    /// Starts a new output beside `output`, which must be the path that
    /// [`check_target`] returned: absolute and resolved, so that the
    /// folders made here are the output's own ancestors and nothing else.
    pub fn new(output: &Path) -> Result<Staging, OutputError> {
        let parent = match output.parent() {
            Some(p) if output.is_absolute() && !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => {
                return Err(OutputError::Refused(format!(
                    "{} is not a resolved output folder",
                    output.display()
                )));
            }
        };
        let made: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|p| fs::symlink_metadata(p).is_err())
            .map(Path::to_path_buf)
            .collect();
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
        // Marked from the start, so that only folders dossier made are ever
        // taken for leftovers of an interrupted build.
        let marker = dir.join(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(io_at(&marker))?;
        let previous = output.join(MARKER).exists().then(|| output.to_path_buf());
        Ok(Staging {
            dir,
            parent,
            name,
            output: output.to_path_buf(),
            previous,
            made,
        })
    }

    /// Removes the parent folders this build made, where they are still
    /// empty.
    fn unmake_parents(&self) {
        for dir in &self.made {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }

    /// Where `rel` lands in the staging folder; refused unless `rel` is a
    /// plain relative path, so that no output path leads out of it.
    fn destination(&self, rel: &str) -> Result<PathBuf, OutputError> {
        if !is_plain_relative(rel) {
            return Err(OutputError::Refused(format!(
                "refusing to write `{rel}`: an output path must stay inside the output folder"
            )));
        }
        Ok(self.dir.join(rel))
    }

    /// Writes one file. A file whose bytes did not change is linked from
    /// the old output rather than written: it keeps its timestamp
    /// (rsync-style deploys skip it) and costs no write.
    ///
    /// `rel` must be a plain relative path (`a/b/index.html`): one that is
    /// absolute, empty or has a `.` or `..` component is refused, so no
    /// output path can lead out of the output folder.
    pub fn place(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let dest = self.destination(rel)?;
        make_parent(&dest)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel))
            && same_bytes(&old, bytes)
            && fs::hard_link(&old, &dest).is_ok()
        {
            return Ok(());
        }
        write_new(&dest, bytes).map_err(io_at(&dest))
    }

    /// Publishes `entry`, a file of the image cache, at `rel` (a plain
    /// relative path, as for [`Staging::place`]), unless a file is already
    /// there (a page of the same path wins). The file is a hard link to
    /// the entry, which costs no copy: safe, since neither a cache entry
    /// nor a file of an output is ever written in place (both are always
    /// new files). Where no link can be made (the cache on another file
    /// system), the old output's file is linked when it has the entry's
    /// size and modification time (each copy is given the entry's), and
    /// the entry is copied otherwise.
    pub fn link(&self, rel: &str, entry: &Path) -> Result<(), OutputError> {
        let dest = self.destination(rel)?;
        if dest.exists() {
            return Ok(());
        }
        make_parent(&dest)?;
        match fs::hard_link(entry, &dest) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(()),
            Err(_) => {}
        }
        let meta = fs::metadata(entry).map_err(io_at(entry))?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel))
            && fs::symlink_metadata(&old).is_ok_and(|m| {
                m.is_file() && m.len() == meta.len() && m.modified().ok() == meta.modified().ok()
            })
            && fs::hard_link(&old, &dest).is_ok()
        {
            return Ok(());
        }
        if copy_new(entry, &dest).map_err(io_at(&dest))? {
            let stamped = fs::File::options()
                .write(true)
                .open(&dest)
                .and_then(|f| f.set_modified(meta.modified()?));
            stamped.map_err(io_at(&dest))?;
        }
        Ok(())
    }

    /// Copies the file at `src` to `rel` (a plain relative path, as for
    /// [`Staging::place`]) without reading it into memory, unless a file is
    /// already there (a page of the same path wins). A file the old output
    /// holds unchanged (same size, same modification time as the source
    /// or later, same bytes) is linked from it rather than copied.
    pub fn copy(&self, rel: &str, src: &Path) -> Result<(), OutputError> {
        let dest = self.destination(rel)?;
        if dest.exists() {
            return Ok(());
        }
        make_parent(&dest)?;
        if let Some(old) = self.previous.as_ref().map(|p| p.join(rel))
            && same_file_contents(&old, src)
            && fs::hard_link(&old, &dest).is_ok()
        {
            return Ok(());
        }
        copy_new(src, &dest).map(drop).map_err(io_at(&dest))
    }

    /// Removes the unfinished folder, and the parent folders made for it;
    /// the old output stays as it was.
    pub fn abandon(self) {
        let _ = remove_marked(&self.dir);
        self.unmake_parents();
    }

    /// Adds the static files and the marker, then swaps the new folder in.
    pub fn finish(self, statics: &[(String, StaticFile)]) -> Result<(), OutputError> {
        let result = self.complete(statics);
        if result.is_err() {
            let _ = remove_marked(&self.dir);
            self.unmake_parents();
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

        // Swap the new folder for the old one in one step where the system
        // can (Linux's RENAME_EXCHANGE): there is no moment without an output.
        let (staged, output) = (&self.dir, &self.output);
        if output.exists() {
            if exchange(staged, output).is_ok() {
                remove_marked(staged).map_err(io_at(staged))?;
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
            remove_marked(&old).map_err(io_at(&old))?;
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
        let path = entry.path();
        // The marker is written as soon as the folder exists, so a folder
        // of ours is marked or, killed in between, still empty.
        let ours = entry.file_type().is_ok_and(|t| t.is_dir())
            && (path.join(MARKER).is_file()
                || fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none()));
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) && ours {
            let _ = remove_marked(&path);
        }
    }
}

/// Removes a folder of dossier's with its marker last, so that a removal
/// cut short (a build killed) leaves a folder that is still marked and
/// so is cleared by the next build.
fn remove_marked(dir: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    match fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(dir)
}

/// Whether `rel` is a relative path of plain names separated by `/`.
fn is_plain_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && rel.split('/').all(|part| !matches!(part, "" | "." | ".."))
}

/// Whether the file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Whether the files at `a` and `b` hold the same bytes, read in pieces.
fn same_file_contents(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    let (Ok(mut fa), Ok(mut fb)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let Ok(n) = fa.read(&mut ba) else {
            return false;
        };
        if n == 0 {
            return true;
        }
        if fb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
}

/// Writes `bytes` to `dest` as a new file. A file already there (a hard
/// link, maybe to a cache entry or to the old output) is replaced, never
/// written through.
fn write_new(dest: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let open = || fs::File::options().write(true).create_new(true).open(dest);
    let mut file = match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(dest)?;
            open()?
        }
        other => other?,
    };
    file.write_all(bytes)
}

/// Copies `src` to `dest` as a new file; `false` (and nothing done) when
/// a file is already there: another thread placed it, and it wins, as
/// with [`Staging::copy`]. Never writes through an existing file.
fn copy_new(src: &Path, dest: &Path) -> io::Result<bool> {
    let mut from = fs::File::open(src)?;
    let mut to = match fs::File::options().write(true).create_new(true).open(dest) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        other => other?,
    };
    io::copy(&mut from, &mut to)?;
    Ok(true)
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
    fn paths_resolve_as_the_system_will_act_on_them() {
        let site = tempfile::tempdir().unwrap();
        let base = site.path().canonicalize().unwrap();
        fs::create_dir_all(base.join("real/inner")).unwrap();
        std::os::unix::fs::symlink(base.join("real"), base.join("link")).unwrap();
        let resolve = |p: &str| resolve_path(&base, Path::new(p)).unwrap();
        assert_eq!(resolve("build/../docs"), base.join("docs"));
        assert_eq!(resolve("./public/./"), base.join("public"));
        assert_eq!(resolve("public/.."), base);
        assert_eq!(resolve("a/b/../../c"), base.join("c"));
        // A link is followed before `..` applies, as the system does.
        assert_eq!(resolve("link/inner/.."), base.join("real"));
        assert_eq!(resolve("link/../x"), base.join("x"));
        assert_eq!(resolve("link/new/../../y"), base.join("y"));
        assert_eq!(resolve("/"), PathBuf::from("/"));
        std::os::unix::fs::symlink(base.join("gone"), base.join("dangling")).unwrap();
        assert!(resolve_path(&base, Path::new("dangling")).is_err());
    }

    #[test]
    fn paths_are_shown_from_the_current_folder() {
        let cwd = Path::new("/home/ana/site/content/2024");
        assert_eq!(
            show(Path::new("/home/ana/site/public"), cwd),
            "../../public"
        );
        assert_eq!(
            show(Path::new("/home/ana/site/content/2024/out"), cwd),
            "out"
        );
        assert_eq!(show(cwd, cwd), ".");
        assert_eq!(show(Path::new("/srv/www"), cwd), "/srv/www");
    }

    #[test]
    fn staging_places_only_plain_relative_paths() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().canonicalize().unwrap().join("public");
        let staging = Staging::new(&out).unwrap();
        for bad in ["../x", "a/../../x", "/etc/x", "", "a//b", "./a"] {
            assert!(staging.place(bad, b"x").is_err(), "{bad}");
        }
        staging.place("a/b.html", b"x").unwrap();
        staging.abandon();
        assert!(Staging::new(Path::new("relative/public")).is_err());
    }

    #[test]
    fn copies_stay_inside_and_leave_a_page_of_the_same_path() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        fs::write(&src, b"jpeg bytes").unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        assert!(staging.copy("../photo.jpg", &src).is_err());
        staging.place("a/index.html", b"page").unwrap();
        staging.copy("a/index.html", &src).unwrap();
        staging.copy("a/photo.jpg", &src).unwrap();
        assert_eq!(fs::read(staging.dir.join("a/index.html")).unwrap(), b"page");
        assert_eq!(
            fs::read(staging.dir.join("a/photo.jpg")).unwrap(),
            b"jpeg bytes"
        );
        staging.abandon();
    }

    #[test]
    fn a_linked_entry_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let entry = root.join("entry.jpg");
        fs::write(&entry, b"cached bytes").unwrap();
        let out = root.join("public");
        let staging = Staging::new(&out).unwrap();
        staging.link("a/photo.jpg", &entry).unwrap();
        staging.link("a/copy.jpg", &entry).unwrap();
        // A second file for the same path, written or copied, replaces
        // the link or leaves it: the entry keeps its bytes.
        staging.place("a/photo.jpg", b"a page").unwrap();
        let other = root.join("other.jpg");
        fs::write(&other, b"other bytes!").unwrap();
        staging.copy("a/copy.jpg", &other).unwrap();
        assert_eq!(fs::read(&entry).unwrap(), b"cached bytes");
        assert_eq!(
            fs::read(staging.dir.join("a/photo.jpg")).unwrap(),
            b"a page"
        );
        assert_eq!(
            fs::read(staging.dir.join("a/copy.jpg")).unwrap(),
            b"cached bytes"
        );
        staging.finish(&[]).unwrap();

        // The next output, over the previous one whose files are links.
        let staging = Staging::new(&out).unwrap();
        staging.place("a/copy.jpg", b"new page").unwrap();
        staging.finish(&[]).unwrap();
        assert_eq!(fs::read(&entry).unwrap(), b"cached bytes");
        assert_eq!(fs::read(out.join("a/copy.jpg")).unwrap(), b"new page");
    }

    #[test]
    fn leftovers_without_the_marker_are_not_removed() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().canonicalize().unwrap();
        let theirs = root.join(".public.dossier-new-mine");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("notes.txt"), "mine").unwrap();
        let ours = root.join(".public.dossier-new-abc");
        fs::create_dir_all(&ours).unwrap();
        fs::write(ours.join(MARKER), "").unwrap();
        write(&root.join("public"), &[], &[]).unwrap();
        assert!(theirs.exists());
        assert!(!ours.exists());
    }

    #[test]
    fn write_replaces_the_folder_and_marks_it() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().canonicalize().unwrap().join("public");
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
        let leftover = site.path().join(".public.dossier-new-abc123");
        fs::create_dir_all(leftover.join("x")).unwrap();
        fs::write(leftover.join(MARKER), "").unwrap();
        write(&out, &files, &[]).unwrap();
        // No staging folders are left beside the output.
        let leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .filter_map(Result::ok)
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
