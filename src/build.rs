//! The pipeline: load the site from disk, parse every document, resolve the
//! site index, render, and write. `check` runs the same stages and stops
//! before rendering. A [`Session`] keeps what was loaded and parsed, so that
//! `serve` can re-read one file and run the later stages again; `build` runs
//! a session once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic, FileId, Files, Span};
use crate::error::{Fatal, IoAction};
use crate::highlight::Highlighter;
use crate::load::{display, read_text, walk_content};
use crate::model::{self, Document, FileKind};
use crate::render::{self, OutputFile, Selection};
use crate::resolve::{self, BodyCache, Documents, Site};
use crate::theme::{self, StaticFile, Theme, is_ignored};

/// What the caller asked for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Warnings count as errors: nothing is written when there are any.
    pub strict: bool,
    /// Render and write the output (`build`), or stop after checking (`check`).
    pub write: bool,
    /// Counts the files written, for a progress display.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

/// What a run produced: diagnostics to show, and what was written.
pub struct Outcome {
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the run could not go on: configuration or I/O (exit 2).
    pub fatal: Option<Fatal>,
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

/// Runs the pipeline once: `build` or `check`.
pub fn run(options: &Options) -> Outcome {
    let start = Instant::now();
    let mut session = Session::new(&options.root, options.drafts, options.base_url.clone());
    session.progress.clone_from(&options.progress);
    let mut diagnostics = Vec::new();
    let mut result = session.load();
    let mut pages = 0;
    let mut written = None;
    if result.is_ok() {
        if options.write {
            let (d, written_or) = session.build(options.output.as_deref(), options.strict);
            diagnostics = d;
            result = written_or.map(|w| {
                if let Some((n, out)) = w {
                    pages = n;
                    written = Some(out);
                }
            });
        } else {
            diagnostics = session.run(&Selection::All, Mode::Check).diagnostics;
        }
    }
    let mut all = session.take_load_diagnostics();
    all.append(&mut diagnostics);
    Outcome {
        files: std::mem::take(&mut session.files),
        diagnostics: all,
        fatal: result.err(),
        pages,
        output: written,
        elapsed: start.elapsed(),
    }
}

/// How far a run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Check,
    Render,
}

/// The result of one run of the later stages.
pub struct RunResult {
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered pages (with `Mode::Render`), without static files.
    pub pages: Vec<OutputFile>,
    /// Pages of the last run that this one no longer has.
    pub gone: Vec<String>,
}

/// What the site index is built from, owned, so that the index can be kept
/// between runs.
struct Inputs {
    config: Config,
    docs: Documents,
}

/// The site index kept between runs, and what report bodies cannot change.
struct Kept {
    resolved: Resolved,
    /// Problems found while building the index that bodies cannot change.
    fixed: Vec<Diagnostic>,
    /// Where links may lead, and each report's broken links, by its index.
    targets: resolve::LinkTargets,
    links: Vec<Vec<Diagnostic>>,
}

self_cell::self_cell!(
    /// The site index of the last run, kept by `serve` so that an edit
    /// below a report's front matter changes only that report's entry.
    struct Resolved {
        owner: Inputs,
        #[covariant]
        dependent: Site,
    }
);

/// What is loaded from disk and kept between runs.
struct Loaded {
    config: Config,
    syntax_css: String,
    theme: Theme,
    /// Output path → static file, theme first, then the site's `static/`.
    statics: Vec<(String, StaticFile)>,
    /// Content file (path under `content/`) → its file.
    content: BTreeMap<String, FileId>,
    /// Each content file, parsed.
    parsed: HashMap<FileId, (Option<Document>, Vec<Diagnostic>)>,
    /// Problems found while walking `content/` and reading bibliographies.
    walk: Vec<Diagnostic>,
    /// The entries of the bibliography files.
    bibliography: std::sync::Arc<Vec<crate::bibliography::BibEntry>>,
}

/// A site loaded from disk, kept so that later runs re-read only what
/// changed.
pub struct Session {
    root: PathBuf,
    drafts: bool,
    base_url: Option<String>,
    pub files: Files,
    loaded: Option<Loaded>,
    /// Problems that stopped loading (configuration, theme).
    load_diags: Vec<Diagnostic>,
    highlighter: Highlighter,
    bodies: BodyCache,
    /// The site index of the last run, with what an edit of report bodies
    /// does not change.
    resolved: Option<Kept>,
    /// Where `serve` serves the site on its own address (see
    /// [`Config::served_at`]); `None` for `build` and `check`.
    served_at: Option<String>,
    /// Counts the files `build` writes, when someone shows progress.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

impl Session {
    pub fn new(root: &Path, drafts: bool, base_url: Option<String>) -> Self {
        Session {
            root: root.to_path_buf(),
            drafts,
            base_url,
            files: Files::default(),
            loaded: None,
            load_diags: Vec::new(),
            highlighter: Highlighter::default(),
            bodies: BodyCache::default(),
            resolved: None,
            served_at: None,
            progress: None,
        }
    }

    /// A session for `serve`, which serves the site at the root of its own
    /// address: pages meant for any URL (the 404 page) link from there.
    pub fn served_at_root(mut self) -> Self {
        self.served_at = Some("/".into());
        self
    }

    /// Problems that stopped the last load, taken out of the session.
    pub fn take_load_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.load_diags)
    }

    /// Whether any loaded content file lies under the folder `rel`.
    pub fn has_content_under(&self, rel: &str) -> bool {
        let prefix = format!("{}/", rel.trim_end_matches('/'));
        self.loaded.as_ref().is_some_and(|l| {
            l.content
                .range(prefix.clone()..)
                .next()
                .is_some_and(|(k, _)| k.starts_with(&prefix))
        })
    }

    pub fn config(&self) -> Option<&Config> {
        self.loaded.as_ref().map(|l| &l.config)
    }

    /// Loads everything: configuration, theme, every content file. `Err` is
    /// fatal (exit 2); its diagnostics are in [`Session::take_load_diagnostics`].
    pub fn load(&mut self) -> Result<(), Fatal> {
        self.loaded = None;
        self.resolved = None;
        self.files = Files::default();
        self.load_diags.clear();
        let mut stages = crate::timings::Stages::start();
        let root = self.root.clone();
        let config = self.load_config()?;
        let syntax_css = crate::highlight::stylesheet(&config.highlight_theme).unwrap_or_default();
        let (theme, statics) = self.load_theme(&config)?;
        let mut walk = Vec::new();
        let found = walk_content(&root, &mut walk)?;
        let bib_files = self.read_bibliographies(&config, &mut walk);
        let mut loaded = Loaded {
            config,
            syntax_css,
            theme,
            statics,
            content: BTreeMap::new(),
            parsed: HashMap::new(),
            walk,
            bibliography: Default::default(),
        };
        let read: Vec<(String, PathBuf, Result<String, (usize, String)>)> = found
            .into_par_iter()
            .map(|f| read_text(&f.path).map(|text| (f.rel, f.path, text)))
            .collect::<Result<_, _>>()?;
        stages.lap("config, theme, walk and read");
        for (rel, path, text) in read {
            self.add_content(&mut loaded, rel, path, text);
        }
        let files = &self.files;
        let (config, drafts) = (&loaded.config, self.drafts);
        let (parsed, (bib, bib_diags)) = rayon::join(
            || -> Vec<(FileId, (Option<Document>, Vec<Diagnostic>))> {
                loaded
                    .content
                    .par_iter()
                    .filter(|(_, id)| !loaded.parsed.contains_key(id))
                    .map(|(rel, &id)| (id, parse(files, config, drafts, rel, id)))
                    .collect()
            },
            || crate::bibliography::parse_files(files, &bib_files),
        );
        loaded.parsed.extend(parsed);
        loaded.bibliography = std::sync::Arc::new(bib);
        loaded.walk.extend(bib_diags);
        stages.lap("parse");
        stages.report("load");
        self.loaded = Some(loaded);
        Ok(())
    }

    fn load_config(&mut self) -> Result<Config, Fatal> {
        let root = &self.root;
        let path = root.join("dossier.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Fatal::NotASite { root: root.clone() }
            } else {
                Fatal::io(IoAction::Read, &path, e)
            }
        })?;
        let file = self
            .files
            .add(display(root, "dossier.yaml"), path, text.clone());
        let mut config = match config::parse(file, &text) {
            Ok(c) => c,
            Err(d) => {
                self.load_diags.extend(d);
                return Err(Fatal::Config);
            }
        };
        if let Some(base) = &self.base_url {
            if !model::is_http_url(base) {
                return Err(Fatal::BadBaseUrl(base.clone()));
            }
            config.base_url = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
        }
        config.served_at = self.served_at.clone();
        Ok(config)
    }

    /// Reads the bibliography files that dossier.yaml names into `files`.
    fn read_bibliographies(
        &mut self,
        config: &Config,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(FileId, crate::bibliography::Format)> {
        let config_path = self.root.join("dossier.yaml");
        let config_file = self
            .files
            .iter()
            .find(|(_, f)| f.path == config_path)
            .map(|(id, _)| id);
        crate::bibliography::read_files(&self.root, config, config_file, &mut self.files, diags)
    }

    fn load_theme(&mut self, config: &Config) -> Result<(Theme, Vec<(String, StaticFile)>), Fatal> {
        let theme = match theme::load(&self.root, &config.theme, &mut self.files) {
            Ok(t) => t,
            Err(d) => {
                self.load_diags.extend(d);
                return Err(Fatal::Theme);
            }
        };
        let mut statics = theme.statics.clone();
        for (rel, path) in theme::list_files(&self.root.join("static")) {
            statics.retain(|(n, _)| *n != rel);
            statics.push((rel, StaticFile::Disk(path)));
        }
        Ok((theme, statics))
    }

    /// Reloads templates and static files (after a change under `themes/`,
    /// `templates/` or `static/`), keeping parsed content.
    pub fn reload_theme(&mut self) -> Result<(), Fatal> {
        let Some(mut loaded) = self.loaded.take() else {
            return self.load();
        };
        self.load_diags.clear();
        match self.load_theme(&loaded.config) {
            Ok((theme, statics)) => {
                loaded.theme = theme;
                loaded.statics = statics;
                self.loaded = Some(loaded);
                Ok(())
            }
            Err(e) => {
                self.loaded = Some(loaded);
                Err(e)
            }
        }
    }

    /// Re-reads the given content files (paths under `content/`): changed,
    /// new, or gone. Returns the ids of the reports among them whose front
    /// matter did not change, for which only the body needs rendering again.
    pub fn update_content(&mut self, rels: &[String]) -> Result<BodyOnly, Fatal> {
        let Some(mut loaded) = self.loaded.take() else {
            self.load()?;
            return Ok(BodyOnly::No);
        };
        let mut body_only = Vec::new();
        let mut structural = false;
        for rel in rels {
            let path = self.root.join("content").join(rel);
            let old = loaded.content.get(rel).copied();
            let keep = rel.ends_with(".md") && path.is_file() && !rel.split('/').any(is_ignored);
            if !keep {
                if let Some(id) = old {
                    loaded.content.remove(rel);
                    loaded.parsed.remove(&id);
                    structural = true;
                }
                continue;
            }
            let text = match read_text(&path) {
                Ok(t) => t,
                Err(e) => {
                    self.loaded = Some(loaded);
                    return Err(e);
                }
            };
            let old_yaml = old.and_then(|id| front_matter(&self.files.get(id).text));
            match (old, text) {
                (Some(id), Ok(text)) => {
                    let same_front = old_yaml.is_some() && old_yaml == front_matter(&text);
                    self.files.replace(id, text);
                    let result = parse(&self.files, &loaded.config, self.drafts, rel, id);
                    match (&result.0, same_front) {
                        (Some(Document::Report(r)), true) => body_only.push(r.id.clone()),
                        _ => structural = true,
                    }
                    loaded.parsed.insert(id, result);
                }
                (_, text) => {
                    if let Some(id) = old {
                        loaded.content.remove(rel);
                        loaded.parsed.remove(&id);
                    }
                    self.add_content(&mut loaded, rel.clone(), path, text);
                    if let Some(&id) = loaded.content.get(rel) {
                        let result = parse(&self.files, &loaded.config, self.drafts, rel, id);
                        loaded.parsed.insert(id, result);
                    }
                    structural = true;
                }
            }
        }
        self.loaded = Some(loaded);
        if structural {
            self.resolved = None;
        }
        Ok(if structural {
            BodyOnly::No
        } else {
            BodyOnly::Reports(body_only)
        })
    }

    fn add_content(
        &mut self,
        loaded: &mut Loaded,
        rel: String,
        path: PathBuf,
        text: Result<String, (usize, String)>,
    ) {
        let display = display(&self.root, &format!("content/{rel}"));
        match text {
            Ok(text) => {
                let id = self.files.add(display, path, text);
                loaded.content.insert(rel, id);
            }
            Err((offset, lossy)) => {
                // Not UTF-8: kept with replacement characters, which leave
                // every offset before the bad byte as it was, so the error
                // shows the line. It is not parsed.
                let id = self.files.add(display, path, lossy);
                loaded.content.insert(rel, id);
                let diag = Diagnostic::new(
                    Code::E010,
                    format!("this file is not valid UTF-8 (at byte {offset})"),
                )
                .at(Span::new(id, offset..offset + 1))
                .label("not UTF-8")
                .help("save the file as UTF-8");
                loaded.parsed.insert(id, (None, vec![diag]));
            }
        }
    }

    /// The parsed documents of the site, with the problems parsing found.
    fn documents(loaded: &Loaded, files: &Files, diags: &mut Vec<Diagnostic>) -> Documents {
        Self::parse_diagnostics(loaded, diags);
        let mut docs = Documents {
            unavailable: Self::unavailable(loaded, files),
            bibliography: loaded.bibliography.clone(),
            ..Documents::default()
        };
        for id in loaded.content.values() {
            if let Some((Some(doc), _)) = loaded.parsed.get(id) {
                docs.push(doc.clone());
            }
        }
        docs
    }

    /// The parsed documents, taken out of the session, with the problems
    /// parsing found.
    fn take_documents(
        loaded: &mut Loaded,
        files: &Files,
        diags: &mut Vec<Diagnostic>,
    ) -> Documents {
        Self::parse_diagnostics(loaded, diags);
        // Before the documents are taken: a taken one looks like a failure.
        let mut docs = Documents {
            unavailable: Self::unavailable(loaded, files),
            bibliography: loaded.bibliography.clone(),
            ..Documents::default()
        };
        for id in loaded.content.values() {
            if let Some((doc, _)) = loaded.parsed.get_mut(id)
                && let Some(doc) = doc.take()
            {
                docs.push(doc);
            }
        }
        docs
    }

    /// What the files that failed to parse would have defined.
    fn unavailable(loaded: &Loaded, files: &Files) -> model::Unavailable {
        let mut out = model::Unavailable::default();
        for (rel, id) in &loaded.content {
            if let Some((None, d)) = loaded.parsed.get(id)
                && d.iter().any(Diagnostic::is_error)
            {
                out.add_file(rel, &files.get(*id).text);
            }
        }
        out
    }

    /// The problems that walking `content/` and parsing its files found.
    fn parse_diagnostics(loaded: &Loaded, diags: &mut Vec<Diagnostic>) {
        diags.extend(loaded.walk.iter().cloned());
        for id in loaded.content.values() {
            if let Some((_, d)) = loaded.parsed.get(id) {
                diags.extend(d.iter().cloned());
            }
        }
    }

    /// Checks that need the resolved site and the list of static files.
    fn site_checks(
        loaded: &Loaded,
        files: &Files,
        site: &resolve::Site<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        diags.extend(resolve::check_body_links(
            site,
            files,
            &Self::copied(loaded),
        ));
    }

    /// The static files in the output.
    fn copied(loaded: &Loaded) -> HashSet<String> {
        let mut copied: HashSet<String> = loaded.statics.iter().map(|(n, _)| n.clone()).collect();
        copied.insert("syntax.css".into());
        copied
    }

    /// Resolves the site and renders the selected pages into memory. The
    /// site index is kept for [`Session::edit_bodies`].
    pub fn run(&mut self, selection: &Selection, mode: Mode) -> RunResult {
        let mut result = RunResult {
            diagnostics: Vec::new(),
            pages: Vec::new(),
            gone: Vec::new(),
        };
        self.resolved = None;
        let Some(loaded) = &self.loaded else {
            return result;
        };
        let mut stages = crate::timings::Stages::start();
        let docs = Self::documents(loaded, &self.files, &mut result.diagnostics);
        stages.lap("documents");
        let inputs = Inputs {
            config: loaded.config.clone(),
            docs,
        };
        let (files, highlighter, bodies) = (&self.files, &self.highlighter, &self.bodies);
        let mut fixed = Vec::new();
        let resolved = Resolved::new(inputs, |inputs| {
            let (site, d) = resolve::resolve_fixed(
                files,
                &inputs.config,
                &inputs.docs,
                highlighter,
                Some(bodies),
            );
            fixed = d;
            site
        });
        let site = resolved.borrow_dependent();
        result.diagnostics.extend(fixed.iter().cloned());
        result
            .diagnostics
            .extend(resolve::body_diagnostics(files, site));
        stages.lap("resolve");
        let targets = resolve::LinkTargets::new(site, &Self::copied(loaded));
        let links: Vec<Vec<Diagnostic>> = site.reports.iter().map(|r| targets.check(r)).collect();
        result.diagnostics.extend(links.iter().flatten().cloned());
        // Body edits change neither `_index.md` files nor registries.
        let plain = targets.check_plain(site, files);
        result.diagnostics.extend(plain.iter().cloned());
        fixed.extend(plain);
        stages.lap("checks");
        if mode == Mode::Render {
            let (mut pages, d) = render::render(site, files, &loaded.theme, selection);
            result.diagnostics.extend(d);
            stages.lap("render");
            if matches!(selection, Selection::All) {
                pages.push(OutputFile {
                    path: "syntax.css".into(),
                    bytes: loaded.syntax_css.clone().into_bytes(),
                });
            }
            result.pages = pages;
        }
        stages.report(&format!("{} files", result.pages.len()));
        self.resolved = Some(Kept {
            resolved,
            fixed,
            targets,
            links,
        });
        result
    }

    /// After [`Session::update_content`] found that only the bodies of the
    /// reports `ids` changed: annotates those bodies again in the kept site
    /// index and renders the pages that can show the change, which are the
    /// reports' own unless what they cite, claim or mention changed. `None`
    /// when there is no kept index to change (run [`Session::run`] instead).
    pub fn edit_bodies(&mut self, ids: &[String]) -> Option<RunResult> {
        let loaded = self.loaded.as_ref()?;
        let kept = self.resolved.as_mut()?;
        let mut stages = crate::timings::Stages::start();
        let (files, highlighter, bodies) = (&self.files, &self.highlighter, &self.bodies);
        let edit = kept.resolved.with_dependent_mut(|_, site| {
            resolve::reannotate(site, files, highlighter, Some(bodies), ids)
        });
        let Some(edit) = edit else {
            self.resolved = None;
            return None;
        };
        stages.lap("annotate");
        let site = kept.resolved.borrow_dependent();
        let mut diagnostics = Vec::new();
        Self::parse_diagnostics(loaded, &mut diagnostics);
        diagnostics.extend(kept.fixed.iter().cloned());
        diagnostics.extend(resolve::body_diagnostics(files, site));
        // The pages of the site are the same: only the edited reports'
        // links need checking again.
        let mut moved_ids = false;
        for r in site.reports.iter().filter(|r| ids.contains(&r.report.id)) {
            moved_ids |= kept.targets.update_ids(r);
        }
        // A heading id that came or went can change the fragment links
        // of any report.
        for (i, r) in site.reports.iter().enumerate() {
            if moved_ids || ids.contains(&r.report.id) {
                kept.links[i] = kept.targets.check(r);
            }
        }
        diagnostics.extend(kept.links.iter().flatten().cloned());
        stages.lap("checks");
        let selection = Selection::Some {
            reports: ids.iter().cloned().collect(),
            entities: edit.entities,
            sources: edit.sources,
            entity_index: edit.entity_index,
            source_index: edit.source_index,
            data: edit.data,
        };
        let (pages, d) = render::render(site, files, &loaded.theme, &selection);
        diagnostics.extend(d);
        stages.lap("render");
        stages.report(&format!("{} files", pages.len()));
        Some(RunResult {
            diagnostics,
            pages,
            gone: edit.gone,
        })
    }

    /// Resolves the site and, when it has no errors (nor warnings, when
    /// `strict`), renders every page straight into a new output folder,
    /// swapped in at the end. Returns the problems and, when written, the
    /// number of HTML pages and the folder; `Err` is an I/O failure.
    ///
    /// The parsed documents move into the site index rather than being
    /// copied, so a build is the last use of a loaded session: load again
    /// before another run.
    pub fn build(
        &mut self,
        output: Option<&Path>,
        strict: bool,
    ) -> (Vec<Diagnostic>, Result<Option<(usize, PathBuf)>, Fatal>) {
        let mut diags = Vec::new();
        self.resolved = None;
        let docs = match self.loaded.as_mut() {
            Some(loaded) => Self::take_documents(loaded, &self.files, &mut diags),
            None => return (diags, Err(Fatal::NotLoaded)),
        };
        let Some(loaded) = &self.loaded else {
            return (diags, Err(Fatal::NotLoaded));
        };
        let output = output.map_or_else(
            || self.root.join(&loaded.config.output_dir),
            Path::to_path_buf,
        );
        // From here on only the resolved path is used: a check on the path
        // as written and an action on the path as the system resolves it
        // could disagree (`build/../docs`, symbolic links).
        let output = match crate::output::check_target(&self.root, &output) {
            Ok(resolved) => resolved,
            Err(e) => return (diags, Err(Fatal::OutputTarget(e))),
        };
        let mut stages = crate::timings::Stages::start();
        let (site, d) =
            resolve::resolve(&self.files, &loaded.config, &docs, &self.highlighter, None);
        diags.extend(d);
        stages.lap("resolve");
        Self::site_checks(loaded, &self.files, &site, &mut diags);
        stages.lap("checks");
        if diags.iter().any(|d| d.is_error() || strict) {
            return (diags, Ok(None));
        }
        let staging = match crate::output::Staging::new(&output) {
            Ok(s) => s,
            Err(e) => return (diags, Err(Fatal::WriteOutput(e))),
        };
        let html = std::sync::atomic::AtomicUsize::new(0);
        let statics = Self::static_paths(&loaded.statics);
        let sink = |file: OutputFile| {
            // A static file of the same path takes the generated file's place.
            if statics.contains(file.path.as_str()) {
                return Ok(());
            }
            if file.path.ends_with(".html") {
                html.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            if let Some(written) = &self.progress {
                written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            staging.place(&file.path, &file.bytes)
        };
        let syntax = OutputFile {
            path: "syntax.css".into(),
            bytes: loaded.syntax_css.clone().into_bytes(),
        };
        let written =
            render::render_into(&site, &self.files, &loaded.theme, &Selection::All, &sink)
                .and_then(|d| sink(syntax).map(|()| d));
        let d = match written {
            Ok(d) => d,
            Err(e) => {
                staging.abandon();
                return (diags, Err(Fatal::WriteOutput(e)));
            }
        };
        diags.extend(d);
        if diags.iter().any(Diagnostic::is_error) {
            staging.abandon();
            return (diags, Ok(None));
        }
        stages.lap("render and write");
        let finished = staging.finish(&loaded.statics);
        stages.lap("statics and swap");
        stages.report("build");
        match finished {
            Ok(()) => (diags, Ok(Some((html.into_inner(), output)))),
            Err(e) => (diags, Err(Fatal::WriteOutput(e))),
        }
    }

    /// The static files to copy: output path and file, theme first, then
    /// the site's `static/`.
    pub fn statics(&self) -> &[(String, StaticFile)] {
        self.loaded.as_ref().map_or(&[], |l| l.statics.as_slice())
    }

    /// The output paths that static files take. A static file named like a
    /// generated one (`robots.txt`, `feed.xml`, a page) replaces it, in
    /// `build` and `serve` alike: putting a file in `static/` is an
    /// explicit choice, and the only way to hand-write, say, `robots.txt`.
    pub fn static_paths(statics: &[(String, StaticFile)]) -> HashSet<&str> {
        statics.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Which reports changed only below their front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyOnly {
    No,
    Reports(Vec<String>),
}

/// The front-matter block of a file, if it has one.
fn front_matter(text: &str) -> Option<String> {
    let split = crate::frontmatter::split(0, text).ok()?;
    Some(split.yaml.text(text).to_string())
}

fn parse(
    files: &Files,
    config: &Config,
    drafts: bool,
    rel: &str,
    id: FileId,
) -> (Option<Document>, Vec<Diagnostic>) {
    model::parse_document(
        FileKind::of(rel),
        rel,
        id,
        &files.get(id).text,
        config,
        drafts,
    )
}
