//! The pipeline as stage functions, each returning its own type:
//! [`load`] → [`Loaded`], [`parse`] → [`Parsed`], [`resolve()`] → the site
//! index and its [`Checks`], [`render()`] (pages in memory) and [`write()`]
//! (pages rendered straight into the output folder). [`run`] composes them:
//! `build` runs them all, `check` stops after resolve. `serve` keeps their
//! results between edits in [`crate::serve::incremental`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, FileId, Files, Span};
use crate::error::{Fatal, IoAction};
use crate::highlight::Highlighter;
use crate::load::{Text, display, read_text, walk_content};
use crate::model::{self, Document, FileKind};
use crate::render::{self, OutputFile, Selection};
pub use crate::resolve::Checks;
use crate::resolve::{self, BodyCache, Documents, Site};
use crate::theme::{self, StaticFile, Theme};

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
    pub progress: Option<std::sync::Arc<AtomicUsize>>,
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

/// Runs the pipeline once: `build` (load, parse, resolve, write) or `check`
/// (the same, stopped after resolve). The parsed documents move into the
/// site index; nothing is copied or kept.
pub fn run(options: &Options) -> Outcome {
    let start = Instant::now();
    let outcome = |files, diagnostics, fatal| Outcome {
        files,
        diagnostics,
        fatal,
        pages: 0,
        output: None,
        elapsed: start.elapsed(),
    };
    let mut stages = crate::timings::Stages::start();
    let mut loaded = match load(&options.root, options.base_url.as_deref(), None) {
        Ok(loaded) => loaded,
        Err(e) => return outcome(e.files, e.diagnostics, Some(e.fatal)),
    };
    stages.lap("config, theme, walk and read");
    if options.write {
        // Without its cache a build still works: images get no smaller
        // copies, and the reason is said.
        match crate::bundle_images::cache_for(&loaded.root, &loaded.bundle_files) {
            Ok(cache) => loaded.images = cache,
            Err(e) => eprintln!("warning: images get no smaller copies: {e}"),
        }
        if let Some(cache) = &loaded.images {
            cache.defer_work();
        }
    }
    let mut pass = build_pass(&loaded, options, stages);
    if pass.written.is_none()
        && pass.fatal.is_none()
        && loaded.images.as_ref().is_some_and(|c| c.any_failed())
    {
        // An image whose copies could not be made in the background: the
        // site is built again with that image's work done at once, which
        // reports the problem where the image is shown (or, when it was a
        // passing failure, writes the site).
        pass = build_pass(&loaded, options, crate::timings::Stages::start());
    }
    let Pass {
        diagnostics,
        fatal,
        written,
    } = pass;
    if written.is_some()
        && let Some(cache) = &loaded.images
    {
        // Only a complete build knows every image the site uses.
        if let Err(e) = cache.prune_unused().and_then(|_| cache.save_memo()) {
            eprintln!("warning: the image cache was not pruned: {e}");
        }
        crate::timings::note(
            "images",
            &format!(
                "encoded {}, reused {}, photos read {}",
                cache.encoded(),
                cache.reused(),
                cache.read()
            ),
        );
    }
    // A bibliography of thousands of entries takes tens of milliseconds to
    // free, just before the process exits: it is freed on a thread of its
    // own, which the exit does not wait for.
    let bibliography = std::mem::take(&mut loaded.bibliography);
    std::thread::spawn(move || drop(bibliography));
    let mut outcome = outcome(loaded.files, diagnostics, fatal);
    if let Some((pages, output)) = written {
        outcome.pages = pages;
        outcome.output = Some(output);
    }
    outcome
}

/// What one pass of parse, resolve and write gave.
struct Pass {
    diagnostics: Vec<Diagnostic>,
    fatal: Option<Fatal>,
    /// The number of HTML pages and the output folder, when written.
    written: Option<(usize, PathBuf)>,
}

/// Parses, resolves and (for `build`) writes the site `loaded`. The work
/// on images that their parse queued in the cache (copies and published
/// originals to make) runs on threads of its own from the end of the
/// parse, beside resolving and rendering, and is waited for only before
/// the images are published into the output.
fn build_pass(loaded: &Loaded, options: &Options, mut stages: crate::timings::Stages) -> Pass {
    let Parsed {
        docs,
        mut diagnostics,
    } = parse(loaded, options.drafts);
    stages.lap("parse");
    stages.report("load");
    let mut pass = Pass {
        diagnostics: Vec::new(),
        fatal: None,
        written: None,
    };
    let target = if options.write {
        match output_target(loaded, options.output.as_deref()) {
            Ok(target) => Some(target),
            Err(e) => {
                pass.diagnostics = diagnostics;
                pass.fatal = Some(e);
                return pass;
            }
        }
    } else {
        None
    };
    let highlighter = Highlighter::default();
    let (per_lang, owner) = by_language(loaded, docs);
    std::thread::scope(|scope| {
        let images = scope.spawn(|| {
            loaded
                .images
                .as_ref()
                .map_or(0, crate::images::make_pending)
        });
        let images_made = move || match images.join() {
            Ok(failed) => failed == 0,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let (sites, checks) = resolve_languages(loaded, &per_lang, &owner, &highlighter);
        diagnostics.extend(checks);
        let clean = !diagnostics.iter().any(|d| d.is_error() || options.strict);
        if let Some(target) = target
            && clean
        {
            match write(
                &sites,
                loaded,
                &target,
                options.progress.as_deref(),
                images_made,
            ) {
                Ok((d, pages)) => {
                    diagnostics.extend(d);
                    pass.written = pages.map(|n| (n, target));
                }
                Err(e) => pass.fatal = Some(e),
            }
        }
        // The sites refer to the documents: freed first.
        drop(sites);
    });
    drop(per_lang);
    pass.diagnostics = diagnostics;
    pass
}

/// What the load stage read from disk: configuration, theme, static files
/// and the text of every content file.
pub struct Loaded {
    pub root: PathBuf,
    /// Every file read, for diagnostics to point into.
    pub files: Files,
    pub config: Config,
    pub syntax_css: String,
    pub theme: Theme,
    /// Output path → static file, theme first, then the site's `static/`.
    pub statics: Vec<(String, StaticFile)>,
    /// Content file (path under `content/`) → its file.
    pub content: BTreeMap<String, FileId>,
    /// Content files that are not UTF-8, with the error that says so: they
    /// are kept to show the bad line, never parsed.
    pub(crate) unreadable: HashMap<FileId, Diagnostic>,
    /// Problems found while walking `content/` and reading bibliographies.
    pub walk: Vec<Diagnostic>,
    /// The entries of the bibliography files.
    pub bibliography: std::sync::Arc<Vec<crate::bibliography::BibEntry>>,
    /// The files of report bundles, sorted by path.
    pub bundle_files: Vec<crate::load::BundleFile>,
    /// Where the smaller copies of bundle images are kept (`build` and
    /// `serve`); `None` for `check`, which only reads images' headers.
    pub images: Option<crate::images::Cache>,
    /// The site's language (`language` in dossier.yaml): how dates read
    /// and how indexes sort.
    pub locale: crate::i18n::Locale,
    /// The other languages of a multilingual site (`languages[1..]`), in
    /// order; empty for a site in one language. `config`, `theme` and
    /// `locale` above are the default language's.
    pub translations: Vec<Language>,
}

/// One of the languages of a multilingual site other than the default:
/// what its pages are rendered with.
pub struct Language {
    /// The site's configuration as this language's pages see it: its
    /// `language`, `prefix` (`es/`), `base_url` with the prefix (so every
    /// absolute URL of its pages, feed and data points into its folder),
    /// claim statuses named and citation style localised in it.
    pub config: Config,
    /// The templates with the language's strings.
    pub theme: Theme,
    pub locale: crate::i18n::Locale,
}

/// Why loading stopped (exit 2), with the problems that say where, and the
/// files they point into.
pub struct NotLoaded {
    pub fatal: Fatal,
    pub diagnostics: Vec<Diagnostic>,
    pub files: Files,
}

/// The load stage: `dossier.yaml`, the theme and static files, and the text
/// of every file under `content/`. `base_url` overrides the configuration's;
/// `served_at` is where `serve` serves the site (see [`Config::served_at`]).
pub fn load(
    root: &Path,
    base_url: Option<&str>,
    served_at: Option<&str>,
) -> Result<Loaded, NotLoaded> {
    let mut files = Files::default();
    let mut diagnostics = Vec::new();
    match load_into(root, base_url, served_at, &mut files, &mut diagnostics) {
        Ok(loaded) => Ok(loaded),
        Err(fatal) => Err(NotLoaded {
            fatal,
            diagnostics,
            files,
        }),
    }
}

fn load_into(
    root: &Path,
    base_url: Option<&str>,
    served_at: Option<&str>,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Result<Loaded, Fatal> {
    let mut config = load_config(root, files, diags)?;
    if let Some(base) = base_url {
        if !model::is_http_url(base) {
            return Err(Fatal::BadBaseUrl(base.to_string()));
        }
        config.base_url = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
    }
    config.served_at = served_at.map(str::to_string);
    if config.citation_style != crate::cite::NUMBERED {
        let config_path = root.join("dossier.yaml");
        let at = files
            .iter()
            .find(|(_, f)| f.path == config_path)
            .map(|(id, f)| config::key_span(id, &f.text, "citation_style"));
        let at = at.unwrap_or_else(|| Span::new(0, 0..0));
        match crate::cite::load_style(root, &config.citation_style, &config.language, at) {
            Ok(style) => config.csl = style.map(std::sync::Arc::new),
            Err(diag) => {
                diags.push(diag);
                return Err(Fatal::Config);
            }
        }
    }
    let syntax_css = crate::highlight::stylesheet(&config.highlight_theme).unwrap_or_default();
    let (mut theme, statics) = load_theme(root, &config, files, diags)?;
    let mut walk = std::mem::take(&mut theme.warnings);
    // Each language names the statuses from the configuration as written,
    // so the languages are made before the default's names are given.
    let translations = config
        .languages
        .iter()
        .skip(1)
        .map(|tag| language(root, &config, &theme, tag, files, &mut walk))
        .collect();
    theme.strings.name_statuses(&mut config.claim_statuses);
    config.table_label = theme.strings.text("report.table").to_string();
    let locale = site_locale(root, &config, files, &mut walk);
    let config_path = root.join("dossier.yaml");
    let config_file = files
        .iter()
        .find(|(_, f)| f.path == config_path)
        .map(|(id, f)| (id, f.text.as_str()));
    walk.extend(crate::search::language_warnings(&config, config_file));
    let (found, bundle_files) = walk_content(root, &config.languages, &mut walk)?;
    walk.extend(resolve::translations::file_names(
        found.iter().map(|f| f.rel.as_str()),
        bundle_files.iter().map(|f| f.rel.as_str()),
        &config.languages,
        |rel| display(root, &format!("content/{rel}")),
    ));
    let bib_files = crate::load::read_bibliographies(root, &config, files, &mut walk);
    // Bibliographies are parsed here, beside the reading of content files:
    // a change to one is a change of the whole site's sources, which
    // `serve` answers by loading again.
    let (read, (bibliography, bib_diags)) = rayon::join(
        || -> Result<Vec<(String, PathBuf, Text)>, Fatal> {
            found
                .into_par_iter()
                .map(|f| read_text(&f.path).map(|text| (f.rel, f.path, text)))
                .collect()
        },
        || crate::bibliography::parse_files(files, &bib_files),
    );
    let read = read?;
    walk.extend(bib_diags);
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        files: std::mem::take(files),
        config,
        syntax_css,
        theme,
        statics,
        content: BTreeMap::new(),
        unreadable: HashMap::new(),
        walk,
        bibliography: std::sync::Arc::new(bibliography),
        bundle_files,
        images: None,
        locale,
        translations,
    };
    for (rel, path, text) in read {
        loaded.add_content(rel, path, text);
    }
    Ok(loaded)
}

/// What the pages of the language `tag` (one of `languages` after the
/// first) are rendered with. Its problems (an unknown language, strings it
/// lacks) go to `diags`.
fn language(
    root: &Path,
    site: &Config,
    theme: &Theme,
    tag: &str,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Language {
    let mut config = site.clone();
    config.language = tag.to_string();
    config.localize(tag);
    config.prefix = format!("{}/", tag.to_ascii_lowercase());
    config.base_url = format!("{}{}", site.base_url, config.prefix);
    let theme = theme.for_language(root, &site.theme, tag, files, diags);
    theme.strings.name_statuses(&mut config.claim_statuses);
    config.table_label = theme.strings.text("report.table").to_string();
    if config.citation_style != crate::cite::NUMBERED {
        // The style loaded for the default language, which is known to
        // load, with this language's terms.
        if let Ok(style) =
            crate::cite::load_style(root, &config.citation_style, tag, Span::new(0, 0..0))
        {
            config.csl = style.map(std::sync::Arc::new);
        }
    }
    let (locale, warning) = crate::i18n::Locale::for_site(tag, None);
    diags.extend(warning);
    Language {
        config,
        theme,
        locale,
    }
}

/// The locale of the site's `language`; English, with a W014 warning at
/// the value, for a language ICU does not know.
fn site_locale(
    root: &Path,
    config: &Config,
    files: &Files,
    diags: &mut Vec<Diagnostic>,
) -> crate::i18n::Locale {
    let config_path = root.join("dossier.yaml");
    let at = files
        .iter()
        .find(|(_, f)| f.path == config_path)
        .map(|(id, f)| config::key_span(id, &f.text, "language"));
    let (locale, warning) = crate::i18n::Locale::for_site(&config.language, at);
    diags.extend(warning);
    locale
}

fn load_config(
    root: &Path,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Result<Config, Fatal> {
    let path = root.join("dossier.yaml");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Fatal::NotASite {
                root: root.to_path_buf(),
            }
        } else {
            Fatal::io(IoAction::Read, &path, e)
        }
    })?;
    let file = files.add(display(root, "dossier.yaml"), path, text.clone());
    config::parse(file, &text).map_err(|d| {
        diags.extend(d);
        Fatal::Config
    })
}

/// The theme and the static files to copy: output path and file, theme
/// first, then the site's `static/`. `Err` with its problems in `diags`.
pub(crate) fn load_theme(
    root: &Path,
    config: &Config,
    files: &mut Files,
    diags: &mut Vec<Diagnostic>,
) -> Result<(Theme, Vec<(String, StaticFile)>), Fatal> {
    let theme = match theme::load(root, &config.theme, &config.language, files) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return Err(Fatal::Theme);
        }
    };
    let mut statics = theme.statics.clone();
    for (rel, path) in theme::list_files(&root.join("static")) {
        statics.retain(|(n, _)| *n != rel);
        statics.push((rel, StaticFile::Disk(path)));
    }
    Ok((theme, statics))
}

impl Loaded {
    /// The configuration of the `i`th of `languages` (0: the default).
    pub fn config_of(&self, i: usize) -> &Config {
        match i.checked_sub(1) {
            Some(j) => &self.translations[j].config,
            None => &self.config,
        }
    }

    /// Each of `sites` (one per language, in order) with the templates and
    /// locale of its language.
    pub fn editions<'s, 'a>(&'s self, sites: &'s [Site<'a>]) -> Vec<render::Edition<'s, 'a>> {
        sites
            .iter()
            .enumerate()
            .map(|(i, site)| match i.checked_sub(1) {
                Some(j) => render::Edition {
                    site,
                    theme: &self.translations[j].theme,
                    locale: &self.translations[j].locale,
                },
                None => render::Edition {
                    site,
                    theme: &self.theme,
                    locale: &self.locale,
                },
            })
            .collect()
    }

    /// Adds a content file read from disk; a file that is not UTF-8 gets
    /// its error instead of being parsed.
    pub(crate) fn add_content(&mut self, rel: String, path: PathBuf, text: Text) -> FileId {
        let display = display(&self.root, &format!("content/{rel}"));
        let id = match text {
            Text::Utf8(text) => self.files.add(display, path, text),
            Text::NotUtf8 { offset, lossy } => {
                // Kept with replacement characters, so the error shows the
                // line. It is not parsed.
                let id = self.files.add(display, path, lossy);
                self.unreadable
                    .insert(id, crate::load::not_utf8(id, offset));
                id
            }
        };
        self.content.insert(rel, id);
        id
    }

    /// Forgets a content file (deleted, or no longer a content file).
    pub(crate) fn remove_content(&mut self, rel: &str) -> Option<FileId> {
        let id = self.content.remove(rel)?;
        self.unreadable.remove(&id);
        Some(id)
    }

    /// The files of the bundle whose folder is `folder` (a path under
    /// `content/` ending with `/`), named from that folder.
    fn files_of_bundle(&self, folder: &str) -> Vec<model::BundleFile> {
        let start = self
            .bundle_files
            .partition_point(|f| f.rel.as_str() < folder);
        self.bundle_files[start..]
            .iter()
            .map_while(|f| {
                Some(model::BundleFile {
                    name: f.rel.strip_prefix(folder)?.to_string(),
                    path: f.path.clone(),
                    bytes: f.bytes,
                    modified: f.modified,
                    size: None,
                    located: false,
                    variants: Vec::new(),
                    image_error: None,
                })
            })
            .collect()
    }

    /// Whether any content file lies under the folder `rel`.
    pub fn has_content_under(&self, rel: &str) -> bool {
        let prefix = format!("{}/", rel.trim_end_matches('/'));
        self.content
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// The output paths that static files take. A static file named like a
    /// generated one (`robots.txt`, `feed.xml`, a page) replaces it, in
    /// `build` and `serve` alike: putting a file in `static/` is an
    /// explicit choice, and the only way to hand-write, say, `robots.txt`.
    pub fn static_paths(&self) -> HashSet<&str> {
        self.statics.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// The static files in the output, for link checks.
    fn copied(&self) -> HashSet<String> {
        let mut copied: HashSet<String> = self.statics.iter().map(|(n, _)| n.clone()).collect();
        copied.insert("syntax.css".into());
        copied
    }
}

/// One content file, parsed: its document when it parsed, and its problems.
pub(crate) struct ParsedFile {
    pub(crate) doc: Option<Document>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// What the parse stage hands to resolve: the documents, and the problems
/// that walking `content/` and parsing found.
pub struct Parsed {
    /// With what the files that failed to parse would have defined.
    pub docs: Documents,
    pub diagnostics: Vec<Diagnostic>,
}

/// The parse stage: every content file becomes a document.
pub fn parse(loaded: &Loaded, drafts: bool) -> Parsed {
    let mut files = parse_files(loaded, drafts);
    let mut parsed = diagnostics_of(loaded, &files);
    for id in loaded.content.values() {
        if let Some(ParsedFile { doc: Some(doc), .. }) = files.remove(id) {
            parsed.docs.push(doc);
        }
    }
    parsed
}

/// Every content file of `loaded`, parsed, by file; kept by `serve` so that
/// an edit parses one file again.
pub(crate) fn parse_files(loaded: &Loaded, drafts: bool) -> HashMap<FileId, ParsedFile> {
    loaded
        .content
        .par_iter()
        .map(|(rel, &id)| (id, parse_file(loaded, drafts, rel, id)))
        .collect()
}

/// The parse stage over files parsed before, which stay where they are:
/// the documents are copies.
pub(crate) fn parsed_copy(loaded: &Loaded, files: &HashMap<FileId, ParsedFile>) -> Parsed {
    let mut parsed = diagnostics_of(loaded, files);
    for id in loaded.content.values() {
        if let Some(ParsedFile { doc: Some(doc), .. }) = files.get(id) {
            parsed.docs.push(doc.clone());
        }
    }
    parsed
}

/// The problems that walking `content/` and parsing its files found.
pub(crate) fn parse_diagnostics(
    loaded: &Loaded,
    files: &HashMap<FileId, ParsedFile>,
) -> Vec<Diagnostic> {
    diagnostics_of(loaded, files).diagnostics
}

/// The problems of walking and parsing, and what the files that failed to
/// parse would have defined; no documents yet.
fn diagnostics_of(loaded: &Loaded, files: &HashMap<FileId, ParsedFile>) -> Parsed {
    let mut parsed = Parsed {
        docs: Documents {
            bibliography: loaded.bibliography.clone(),
            ..Documents::default()
        },
        diagnostics: walk_diagnostics(loaded, files),
    };
    for (rel, id) in &loaded.content {
        if let Some(file) = files.get(id) {
            parsed.diagnostics.extend(file.diagnostics.iter().cloned());
            if file.doc.is_none() && file.diagnostics.iter().any(Diagnostic::is_error) {
                parsed
                    .docs
                    .unavailable
                    .add_file(rel, &loaded.files.get(*id).text);
            }
        }
    }
    parsed
}

/// The problems walking `content/` found, less W012 for a file outside
/// any bundle that a source names with `file:`: it is published on that
/// source's page (`content/sources/acta.md` with `file: acta.pdf` beside
/// it).
fn walk_diagnostics(loaded: &Loaded, files: &HashMap<FileId, ParsedFile>) -> Vec<Diagnostic> {
    let unpublished = |d: &Diagnostic| d.code == crate::diag::Code::W012;
    if !loaded.walk.iter().any(unpublished) {
        return loaded.walk.clone();
    }
    let documents: HashSet<&Path> = files
        .values()
        .filter_map(|f| f.doc.as_ref())
        .flat_map(|doc| -> Vec<&Path> {
            match doc {
                Document::Source(s) => document_path(&s.def).into_iter().collect(),
                Document::Report(r) => r
                    .meta
                    .sources
                    .values()
                    .flatten()
                    .filter_map(document_path)
                    .collect(),
                _ => Vec::new(),
            }
        })
        .collect();
    loaded
        .walk
        .iter()
        .filter(|d| {
            // The diagnostic names the file as a path from here
            // (`load::display`); documents are known by their real path.
            let named = || {
                d.file
                    .as_deref()
                    .and_then(|f| Path::new(f).canonicalize().ok())
                    .is_some_and(|p| documents.contains(p.as_path()))
            };
            !(unpublished(d) && named())
        })
        .cloned()
        .collect()
}

/// Where the document a source names with `file:` is, once found.
fn document_path(def: &model::SourceDef) -> Option<&Path> {
    def.document.as_ref().map(|e| e.path.as_path())
}

/// Parses one content file (path `rel` under `content/`).
pub(crate) fn parse_file(loaded: &Loaded, drafts: bool, rel: &str, id: FileId) -> ParsedFile {
    if let Some(diag) = loaded.unreadable.get(&id) {
        return ParsedFile {
            doc: None,
            diagnostics: vec![diag.clone()],
        };
    }
    // A translation (`a.es.md`) is read as the file it translates, so that
    // it gets the same id, section and URL, then marked with its language.
    let (rel, lang) = model::split_lang(rel, &loaded.config.languages);
    let rel = rel.as_ref();
    let (mut doc, diagnostics) = model::parse_document(
        FileKind::of(rel),
        rel,
        id,
        &loaded.files.get(id).text,
        &loaded.config,
        drafts,
    );
    let mut diagnostics = diagnostics;
    if let Some(doc) = &mut doc {
        doc.set_lang(lang);
        let text = &loaded.files.get(id).text;
        diagnostics.extend(model::localize_document(
            doc,
            lang,
            &loaded.config.languages,
            text,
        ));
    }
    if let (Some(Document::Report(report)), Some(folder)) =
        (&mut doc, rel.strip_suffix("/index.md"))
    {
        report.files = loaded.files_of_bundle(&format!("{folder}/"));
        let body = &loaded.files.get(id).text[report.body_start..];
        crate::bundle_images::prepare(&mut report.files, body, loaded.images.as_ref());
    }
    if let Some(doc) = &mut doc {
        find_documents(loaded, id, doc, &mut diagnostics);
    }
    ParsedFile { doc, diagnostics }
}

/// Finds the document of every source `doc` defines with `file:` (E030
/// when it is not there).
fn find_documents(loaded: &Loaded, id: FileId, doc: &mut Document, diags: &mut Vec<Diagnostic>) {
    use crate::frontmatter::Seg;
    let file = loaded.files.get(id);
    let (yaml, defs): (_, Vec<(Vec<Seg<'_>>, &mut model::SourceDef)>) = match doc {
        Document::Report(r) => (
            r.yaml,
            r.meta
                .sources
                .iter_mut()
                .filter_map(|(key, def)| {
                    Some((
                        vec![
                            Seg::Key("sources"),
                            Seg::Key(key.as_str()),
                            Seg::Key("file"),
                        ],
                        def.as_mut()?,
                    ))
                })
                .collect(),
        ),
        Document::Source(s) => (s.yaml, vec![(vec![Seg::Key("file")], &mut s.def)]),
        _ => return,
    };
    for (seg, def) in defs {
        let Some(written) = def.file.as_deref() else {
            continue;
        };
        let at = crate::frontmatter::locate(yaml, &file.text, &seg, false);
        match crate::evidence::Evidence::find(&loaded.root, &file.path, written, at) {
            Ok(found) => def.document = Some(found),
            Err(d) => diags.push(d),
        }
    }
}

/// The resolve stage: the site index over `docs` (every id resolved,
/// bodies annotated, back-links computed) and every check, links included.
/// `cache` keeps annotated bodies between runs (`serve`).
pub fn resolve<'a>(
    loaded: &Loaded,
    config: &'a Config,
    docs: &'a Documents,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
) -> (Site<'a>, Checks) {
    let mut stages = crate::timings::Stages::start();
    let files = &loaded.files;
    let (site, fixed) = resolve::resolve_fixed(files, config, docs, highlighter, cache);
    let bodies = resolve::body_diagnostics(files, &site);
    stages.lap("resolve");
    let targets = resolve::LinkTargets::new(&site, &loaded.copied());
    let links = site.reports.iter().map(|r| targets.check(r)).collect();
    let plain = targets.check_plain(&site, files);
    stages.lap("checks");
    stages.report("resolve and check");
    let checks = Checks {
        fixed,
        bodies,
        targets,
        links,
        plain,
    };
    (site, checks)
}

/// The documents of each language of the site (one `Documents` for a
/// site in one language), and which language owns each file.
pub fn by_language(
    loaded: &Loaded,
    docs: Documents,
) -> (Vec<Documents>, HashMap<FileId, model::Lang>) {
    let count = loaded.config.languages.len();
    let owner = if count > 1 {
        resolve::owners(&docs)
    } else {
        HashMap::new()
    };
    (
        resolve::split_languages(docs, &loaded.files, &loaded.config.languages),
        owner,
    )
}

/// The resolve stage of every language: one site per language, in the
/// order of `languages`, and the problems of all, each once
/// ([`resolve::merge_diagnostics`]).
pub fn resolve_languages<'a>(
    loaded: &'a Loaded,
    per_lang: &'a [Documents],
    owner: &HashMap<FileId, model::Lang>,
    highlighter: &Highlighter,
) -> (Vec<Site<'a>>, Vec<Diagnostic>) {
    let mut sites = Vec::with_capacity(per_lang.len());
    let mut runs = Vec::with_capacity(per_lang.len());
    for (i, docs) in per_lang.iter().enumerate() {
        let (site, checks) = resolve(loaded, loaded.config_of(i), docs, highlighter, None);
        sites.push(site);
        runs.push(checks.into_diagnostics());
    }
    let mut diagnostics = resolve::merge_diagnostics(runs, owner);
    diagnostics.extend(resolve::translations::claims(per_lang, &loaded.files));
    (sites, diagnostics)
}

/// The render stage into memory (`serve`): the selected pages, with
/// `syntax.css`, the files of report bundles and the documents of sources
/// when all are selected, and the problems rendering found; with `search`
/// on, the records of each language's search index, which is not built
/// here (see [`crate::search::index_files`]).
pub fn render(
    sites: &[Site<'_>],
    loaded: &Loaded,
    selection: &Selection,
) -> (
    Vec<OutputFile>,
    Vec<Diagnostic>,
    Vec<crate::search::Records>,
) {
    let (mut pages, diagnostics, records) =
        render::render(&loaded.editions(sites), &loaded.files, selection);
    if matches!(selection, Selection::All) {
        pages.push(syntax_css(loaded));
        // A file that cannot be read now (deleted since the walk) is
        // left out; the next change to it loads the site again.
        // A page of the same path wins, as in `build`.
        let rendered: HashSet<String> = pages.iter().map(|p| p.path.clone()).collect();
        for site in sites {
            pages.extend(crate::publish::read_published(site, &rendered));
        }
    }
    (pages, diagnostics, records)
}

fn syntax_css(loaded: &Loaded) -> OutputFile {
    OutputFile {
        path: "syntax.css".into(),
        bytes: loaded.syntax_css.clone().into_bytes(),
    }
}

/// Where `build` writes: `output`, or the configured folder under the
/// site, resolved once. From here on only the resolved path is used: a
/// check on the path as written and an action on the path as the system
/// resolves it could disagree (`build/../docs`, symbolic links).
pub fn output_target(loaded: &Loaded, output: Option<&Path>) -> Result<PathBuf, Fatal> {
    let output = output.map_or_else(
        || loaded.root.join(&loaded.config.output_dir),
        Path::to_path_buf,
    );
    crate::output::check_target(&loaded.root, &output).map_err(Fatal::OutputTarget)
}

/// The render and write stages of `build`, as one: every page is rendered
/// straight into a new output folder beside `target` (never all held in
/// memory), with the static files, and swapped in at the end. Returns the
/// problems rendering found and, when written, the number of HTML pages;
/// nothing is swapped in when rendering found an error. `Err` is an I/O
/// failure. `progress` counts the files written.
pub fn write(
    sites: &[Site<'_>],
    loaded: &Loaded,
    target: &Path,
    progress: Option<&AtomicUsize>,
    images_made: impl FnOnce() -> bool,
) -> Result<(Vec<Diagnostic>, Option<usize>), Fatal> {
    let mut stages = crate::timings::Stages::start();
    let staging = crate::output::Staging::new(target).map_err(Fatal::WriteOutput)?;
    let html = AtomicUsize::new(0);
    let statics = loaded.static_paths();
    let sink = |file: OutputFile| {
        // A static file of the same path takes the generated file's place.
        if statics.contains(file.path.as_str()) {
            return Ok(());
        }
        if file.path.ends_with(".html") {
            html.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(written) = progress {
            written.fetch_add(1, Ordering::Relaxed);
        }
        staging.place(&file.path, &file.bytes)
    };
    let rendered = render::render_into(
        &loaded.editions(sites),
        &loaded.files,
        &Selection::All,
        &sink,
    )
    .and_then(|d| sink(syntax_css(loaded)).map(|()| d));
    stages.lap("render and write");
    // The images' copies and published originals are published from the
    // cache: they must all be there.
    if !images_made() {
        staging.abandon();
        return Ok((rendered.unwrap_or_default(), None));
    }
    stages.lap("wait for images");
    let written = rendered.and_then(|d| {
        for site in sites {
            crate::publish::copy_published(site, &staging, &statics, loaded.images.as_ref())?;
        }
        Ok(d)
    });
    let diags = match written {
        Ok(d) => d,
        Err(e) => {
            staging.abandon();
            return Err(Fatal::WriteOutput(e));
        }
    };
    if diags.iter().any(Diagnostic::is_error) {
        staging.abandon();
        return Ok((diags, None));
    }
    stages.lap("bundle files");
    let finished = staging.finish(&loaded.statics);
    stages.lap("statics and swap");
    stages.report("build");
    finished.map_err(Fatal::WriteOutput)?;
    Ok((diags, Some(html.into_inner())))
}
