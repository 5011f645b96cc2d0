//! The pipeline: load the site from disk, parse every document, resolve the
//! site index, render, and write. `check` runs the same stages and stops
//! before writing. Each stage returns a new value; nothing is filled in
//! along the way.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Files};
use crate::highlight::Highlighter;
use crate::model::{self, FileKind};
use crate::render::{self, OutputFile};
use crate::resolve::{self, Documents};
use crate::theme::{self, is_ignored};

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Render and write the output (`build`), or stop after checking (`check`).
    pub write: bool,
}

/// What a run produced: diagnostics to show, and what was written.
pub struct Outcome {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the run could not go on: configuration or I/O (exit 2).
    pub fatal: Option<String>,
    pub pages: usize,
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// A content file found under `content/`.
struct ContentFile {
    rel: String,
    path: PathBuf,
}

/// Runs the pipeline once.
pub fn run(options: &Options) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome {
        files: Files::default(),
        diagnostics: Vec::new(),
        fatal: None,
        pages: 0,
        output: None,
        elapsed: Duration::ZERO,
    };
    if let Err(fatal) = run_stages(options, &mut outcome) {
        outcome.fatal = Some(fatal);
    }
    outcome.elapsed = start.elapsed();
    outcome
}

/// `Err` is a fatal problem (exit 2); content problems go into the outcome.
fn run_stages(options: &Options, outcome: &mut Outcome) -> Result<(), String> {
    let root = &options.root;
    let files = &mut outcome.files;
    let diags = &mut outcome.diagnostics;

    // Configuration.
    let config_path = root.join("dossier.yaml");
    let config_text = std::fs::read_to_string(&config_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!(
                "no dossier.yaml in {}: not a dossier site (run `dossier init` to make one)",
                display_root(root)
            )
        } else {
            format!("cannot read {}: {e}", config_path.display())
        }
    })?;
    let config_file = files.add(
        display(root, "dossier.yaml"),
        config_path,
        config_text.clone(),
    );
    let mut config: Config = match config::parse(config_file, &config_text) {
        Ok(c) => c,
        Err(mut d) => {
            diags.append(&mut d);
            return Err("the configuration has errors".into());
        }
    };
    if let Some(base) = &options.base_url {
        if !model::is_http_url(base) {
            return Err(format!(
                "--base-url `{base}` is not an absolute http(s) URL"
            ));
        }
        config.base_url = if base.ends_with('/') {
            base.clone()
        } else {
            format!("{base}/")
        };
    }
    let syntax_css = crate::highlight::stylesheet(&config.highlight_theme);
    if syntax_css.is_none() {
        let names = crate::highlight::theme_names();
        diags.push(
            Diagnostic::error(
                "E013",
                format!("unknown highlight theme `{}`", config.highlight_theme),
            )
            .at(config::key_span(
                config_file,
                &config_text,
                "highlight_theme",
            ))
            .help_opt(
                crate::diag::suggest(&config.highlight_theme, names.iter().map(String::as_str))
                    .or_else(|| Some(format!("available: {}", names.join(", ")))),
            ),
        );
        return Err("the configuration has errors".into());
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&config.output_dir));
    if options.write {
        crate::output::check_target(root, &output).map_err(|e| e.to_string())?;
    }

    // Theme.
    let theme = match theme::load(root, &config.theme, files) {
        Ok(t) => t,
        Err(mut d) => {
            diags.append(&mut d);
            return Err("the theme has errors".into());
        }
    };

    // Content files, read in parallel; each becomes a document.
    let content = walk_content(root, diags)?;
    let read: Vec<Result<(String, PathBuf, Result<String, (usize, String)>), String>> = content
        .into_par_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path)
                .map_err(|e| format!("cannot read {}: {e}", f.path.display()))?;
            // Not UTF-8: keep the text with replacement characters, which
            // leaves every offset before the bad byte as it was, so the
            // error can show the line.
            let text = String::from_utf8(bytes).map_err(|e| {
                let offset = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                (offset, lossy)
            });
            Ok((f.rel, f.path, text))
        })
        .collect();
    let mut loaded = Vec::new();
    for item in read {
        let (rel, path, text) = item?;
        match text {
            Ok(text) => {
                let id = files.add(display(root, &format!("content/{rel}")), path, text);
                loaded.push((rel, id));
            }
            Err((offset, lossy)) => {
                let id = files.add(display(root, &format!("content/{rel}")), path, lossy);
                diags.push(
                    Diagnostic::error(
                        "E010",
                        format!("this file is not valid UTF-8 (at byte {offset})"),
                    )
                    .at(crate::diag::Span::new(id, offset..offset + 1))
                    .label("not UTF-8")
                    .help("save the file as UTF-8"),
                );
            }
        }
    }
    let files_ref: &Files = files;
    let parsed: Vec<(Option<model::Document>, Vec<Diagnostic>)> = loaded
        .par_iter()
        .map(|(rel, id)| {
            model::parse_document(
                FileKind::of(rel),
                rel,
                *id,
                &files_ref.get(*id).text,
                &config,
                options.drafts,
            )
        })
        .collect();
    let mut docs = Documents::default();
    for (doc, mut d) in parsed {
        diags.append(&mut d);
        if let Some(doc) = doc {
            docs.push(doc);
        }
    }

    // The site index, then pages.
    let highlighter = Highlighter::default();
    let (site, mut d) = resolve::resolve(files_ref, &config, &docs, &highlighter);
    diags.append(&mut d);
    let mut statics = theme.statics.clone();
    for (rel, path) in theme::list_files(&root.join("static")) {
        statics.retain(|(n, _)| *n != rel);
        statics.push((rel, theme::StaticFile::Disk(path)));
    }
    let mut copied: std::collections::HashSet<String> =
        statics.iter().map(|(n, _)| n.clone()).collect();
    copied.insert("syntax.css".into());
    diags.extend(resolve::check_body_links(&site, &copied));
    if !options.write {
        return Ok(());
    }
    let (mut pages, mut d) = render::render(&site, files_ref, &theme);
    diags.append(&mut d);
    if diags.iter().any(Diagnostic::is_error) {
        return Ok(());
    }
    if let Some(css) = syntax_css {
        pages.push(OutputFile {
            path: "syntax.css".into(),
            bytes: css.into_bytes(),
        });
    }
    // Generated pages win over static files of the same name.
    statics.retain(|(n, _)| !pages.iter().any(|p| &p.path == n));
    crate::output::write(&output, &pages, &statics)
        .map_err(|e| format!("cannot write the output: {e}"))?;
    outcome.pages = pages.iter().filter(|p| p.path.ends_with(".html")).count();
    outcome.output = Some(output);
    Ok(())
}

fn display_root(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        "this folder".into()
    } else {
        root.display().to_string()
    }
}

/// A path for messages: relative to the site, prefixed by `--root` when given.
fn display(root: &Path, rel: &str) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.display().to_string().trim_end_matches('/'))
    }
}

/// Every Markdown file under `content/`, sorted, never following a link out
/// of the site.
fn walk_content(root: &Path, diags: &mut Vec<Diagnostic>) -> Result<Vec<ContentFile>, String> {
    let dir = root.join("content");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let site = root
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| match e.path() {
            Some(p) => format!("cannot read {}: {e}", p.display()),
            None => format!("cannot read {}: {e}", dir.display()),
        })?;
        let path = entry.path();
        let Some(rel) = path.strip_prefix(&dir).ok().and_then(Path::to_str) else {
            diags.push(
                Diagnostic::warning("W005", "skipped a file whose name is not valid UTF-8")
                    .in_file(path.to_string_lossy().into_owned()),
            );
            continue;
        };
        let rel = rel.replace('\\', "/");
        if !rel.ends_with(".md") {
            continue;
        }
        if entry.path_is_symlink() {
            let target = path.canonicalize();
            let inside = target
                .as_ref()
                .is_ok_and(|t| t.starts_with(&site) && t.is_file());
            if !inside {
                diags.push(
                    Diagnostic::warning(
                        "W005",
                        "skipped a symbolic link that leads outside the site",
                    )
                    .in_file(display(root, &format!("content/{rel}"))),
                );
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        out.push(ContentFile {
            rel,
            path: path.to_path_buf(),
        });
    }
    Ok(out)
}
