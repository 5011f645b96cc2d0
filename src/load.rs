//! Reading the site from disk: the Markdown files under `content/` (in a
//! stable order, never following a link out of the site) and each file's
//! text, keeping a file that is not UTF-8 readable enough to point at its
//! bad byte; the other files of report bundles (found, never read here).
//! Every I/O error names its path.

use std::path::{Path, PathBuf};

use crate::config::{BibFormat, Config};
use crate::diag::{Code, Diagnostic, FileId, Files, Span};
use crate::error::{Fatal, IoAction};
use crate::theme::is_ignored;

/// A content file found under `content/`.
pub(crate) struct ContentFile {
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
}

/// A file of a report bundle (`content/2024/a/photo.jpg` beside
/// `content/2024/a/index.md`): found by the walk, copied by `build`, never
/// read into memory here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Path under `content/`, with `/` separators.
    pub rel: String,
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was last modified, if the system says.
    pub modified: Option<std::time::SystemTime>,
}

/// The folder of the bundle that holds `rel` (a path under `content/`):
/// the nearest folder above it with an `index.md`, the outermost when
/// bundles nest (as in Hugo, a leaf bundle holds no other page).
pub(crate) fn bundle_of<'r>(rel: &str, bundles: &'r [String]) -> Option<&'r str> {
    bundles
        .iter()
        .map(String::as_str)
        .find(|b| rel.strip_prefix(b).is_some_and(|r| r.starts_with('/')))
}

/// The text of a file as read from disk.
pub(crate) enum Text {
    Utf8(String),
    /// Not UTF-8: the first bad byte, and the text with replacement
    /// characters, which leave every offset before that byte as it was.
    NotUtf8 {
        offset: usize,
        lossy: String,
    },
}

/// Reads a file as text, keeping one that is not UTF-8 readable.
pub(crate) fn read_text(path: &Path) -> Result<Text, Fatal> {
    let bytes = std::fs::read(path).map_err(Fatal::at(IoAction::Read, path))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Text::Utf8(text),
        Err(e) => Text::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
            lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
        },
    })
}

/// A path for messages: relative to the site, prefixed by `--root` when given.
pub(crate) fn display(root: &Path, rel: &str) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.display().to_string().trim_end_matches('/'))
    }
}

/// Every Markdown file under `content/`, sorted, never following a link out
/// of the site, and the other files of report bundles. A Markdown file
/// inside a bundle (other than its `index.md`, or `index.es.md` when `es`
/// is one of `languages`) is one of the bundle's files, not a page; a file
/// outside any bundle is not published (W012).
pub(crate) fn walk_content(
    root: &Path,
    languages: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Result<(Vec<ContentFile>, Vec<BundleFile>), Fatal> {
    let dir = root.join("content");
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let site = root
        .canonicalize()
        .map_err(Fatal::at(IoAction::Read, root))?;
    let mut out: Vec<(String, PathBuf, u64, Option<std::time::SystemTime>)> = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| {
            // walkdir's error, as an io::Error, still says what it was doing.
            let path = e.path().unwrap_or(&dir).to_path_buf();
            Fatal::io(IoAction::Read, &path, e.into())
        })?;
        let path = entry.path();
        let Some(rel) = path.strip_prefix(&dir).ok().and_then(Path::to_str) else {
            diags.push(
                Diagnostic::new(Code::W005, "skipped a file whose name is not valid UTF-8")
                    .in_file(path.to_string_lossy().into_owned()),
            );
            continue;
        };
        let rel = rel.replace('\\', "/");
        if entry.path_is_symlink() {
            let target = path.canonicalize();
            let inside = target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&site) && t.is_file());
            if !inside {
                diags.push(
                    Diagnostic::new(
                        Code::W005,
                        "skipped a symbolic link that leads outside the site",
                    )
                    .in_file(display(root, &format!("content/{rel}"))),
                );
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let (bytes, modified) = if rel.ends_with(".md") {
            (0, None)
        } else {
            let meta = std::fs::metadata(path).map_err(Fatal::at(IoAction::Read, path))?;
            (meta.len(), meta.modified().ok())
        };
        out.push((rel, path.to_path_buf(), bytes, modified));
    }
    // Bundles are the folders with an `index.md` (not `content/` itself,
    // whose files are the site's sections); shortest first, so that an
    // outer bundle is found before the bundles inside it.
    // A bundle translated but missing its original (`index.es.md` alone)
    // is still a bundle: the translation is the page.
    let is_index_name = |rel: &str| {
        let (base, _) = crate::model::split_lang(rel, languages);
        base == "index.md" || base.ends_with("/index.md")
    };
    let mut bundles: Vec<String> = out
        .iter()
        .filter(|(rel, ..)| is_index_name(rel))
        .filter_map(|(rel, ..)| rel.rsplit_once('/').map(|(folder, _)| folder.to_string()))
        .collect();
    bundles.sort_by_key(String::len);
    bundles.dedup();
    let mut content = Vec::new();
    let mut files = Vec::new();
    for (rel, path, bytes, modified) in out {
        let bundle = bundle_of(&rel, &bundles);
        let is_index = bundle.is_some_and(|b| {
            rel.strip_prefix(b)
                .and_then(|r| r.strip_prefix('/'))
                .is_some_and(|name| !name.contains('/') && is_index_name(name))
        });
        if rel.ends_with(".md") && (bundle.is_none() || is_index) {
            content.push(ContentFile { rel, path });
        } else if bundle.is_some() {
            files.push(BundleFile {
                rel,
                path,
                bytes,
                modified,
            });
        } else {
            diags.push(
                Diagnostic::new(
                    Code::W012,
                    "this file is not in a report's bundle and is not published",
                )
                .in_file(display(root, &format!("content/{rel}")))
                .help(
                    "put it in a report's folder beside its `index.md` (content/<section>/<name>/index.md), or in `static/`",
                ),
            );
        }
    }
    // Sorted as text, so that a bundle's files are one run of the list.
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok((content, files))
}

/// The bibliography files of a site, read and added to `files`, each with
/// its format. A file that cannot be read is an error at its name in
/// dossier.yaml ([`Config::bibliography_at`]).
pub fn read_bibliographies(
    root: &Path,
    config: &Config,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(FileId, BibFormat)> {
    let mut out = Vec::new();
    for (i, rel) in config.bibliography.iter().enumerate() {
        let Some(format) = BibFormat::of(rel) else {
            continue;
        };
        let path = root.join(rel);
        let at = config.bibliography_at.get(i).cloned();
        match read_text(&path) {
            Ok(Text::Utf8(text)) => {
                out.push((files.add(display(root, rel), path, text), format));
            }
            Ok(Text::NotUtf8 { offset, lossy }) => {
                let id = files.add(display(root, rel), path, lossy);
                diags.push(not_utf8(id, offset));
            }
            Err(_) => diags.push(
                Diagnostic::new(
                    Code::E024,
                    format!("the bibliography file `{rel}` cannot be read"),
                )
                .at_opt(at)
                .label("no such file")
                .help("give the path of the file relative to the site's folder"),
            ),
        }
    }
    out
}

/// E010 for a file kept with replacement characters from byte `offset`
/// on ([`Text::NotUtf8`]): the caret on the first bad byte.
pub(crate) fn not_utf8(file: FileId, offset: usize) -> Diagnostic {
    Diagnostic::new(
        Code::E010,
        format!("this file is not valid UTF-8 (at byte {offset})"),
    )
    .at(Span::new(file, offset..offset + 1))
    .label("not UTF-8")
    .help("save the file as UTF-8")
}
