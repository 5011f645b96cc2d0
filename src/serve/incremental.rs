//! What `serve` keeps between edits, in one owner: the loaded files, each
//! content file parsed, and the site index of the last good run with its
//! checks. Every update runs the stage functions of [`crate::build`]; an
//! edit below a report's front matter annotates that body again in the kept
//! index and renders only the pages that can show the change.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::build::{self, Checks, Loaded, NotLoaded, Parsed, ParsedFile};
use crate::config::Config;
use crate::diag::{Diagnostic, FileId};
use crate::error::Fatal;
use crate::highlight::Highlighter;
use crate::load::{Text, read_text};
use crate::model::Document;
use crate::render::{OutputFile, Selection};
use crate::resolve::{self, BodyCache, Documents, Site};
use crate::theme::is_ignored;

/// What the site index is built from, owned, so that the index can be kept
/// between runs.
struct Inputs {
    config: Config,
    docs: Documents,
}

self_cell::self_cell!(
    /// The site index of the last run, kept so that an edit below a
    /// report's front matter changes only that report's entry.
    struct Resolved {
        owner: Inputs,
        #[covariant]
        dependent: Site,
    }
);

/// The site index of the last good run, with its checks.
struct Kept {
    resolved: Resolved,
    checks: Checks,
}

/// The result of one run of the later stages.
pub struct RunResult {
    pub diagnostics: Vec<Diagnostic>,
    /// Rendered pages, without static files.
    pub pages: Vec<OutputFile>,
    /// Pages of the last run that this one no longer has.
    pub gone: Vec<String>,
    /// With `search` on: each language's search records, for the index
    /// that `serve` builds after publishing the pages.
    pub search: Vec<crate::search::Records>,
}

/// Which reports changed only below their front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyOnly {
    No,
    Reports(Vec<String>),
}

/// The site as `serve` keeps it between edits.
pub struct Incremental {
    root: PathBuf,
    drafts: bool,
    /// What the last load read; `None` before the first and after a failed
    /// one.
    loaded: Option<Loaded>,
    /// Each content file of `loaded`, parsed.
    parsed: HashMap<FileId, ParsedFile>,
    highlighter: Highlighter,
    bodies: BodyCache,
    /// The site index of the last run, while what is served is that run's
    /// output: dropped when a run has errors or an update fails, so that
    /// the next edit renders everything.
    kept: Option<Kept>,
}

impl Incremental {
    pub fn new(root: &Path, drafts: bool) -> Self {
        Incremental {
            root: root.to_path_buf(),
            drafts,
            loaded: None,
            parsed: HashMap::new(),
            highlighter: Highlighter::default(),
            bodies: BodyCache::default(),
            kept: None,
        }
    }

    /// What the last load read, if it succeeded.
    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// Loads and parses everything. `serve` serves the site at the root of
    /// its own address: pages meant for any URL (the 404 page) link from
    /// there.
    pub fn load(&mut self) -> Result<(), NotLoaded> {
        self.loaded = None;
        self.kept = None;
        self.parsed.clear();
        let mut stages = crate::timings::Stages::start();
        let mut loaded = build::load(&self.root, None, Some("/"))?;
        // The same cache as `build`'s; `serve` never prunes it, since a
        // rebuild of a few pages does not know every image the site uses.
        loaded.images = crate::bundle_images::cache_for(&loaded.root, &loaded.bundle_files)
            .ok()
            .flatten();
        stages.lap("config, theme, walk and read");
        self.parsed = build::parse_files(&loaded, self.drafts);
        stages.lap("parse");
        stages.report("load");
        self.loaded = Some(loaded);
        Ok(())
    }

    /// Reloads templates and static files (after a change under `themes/`,
    /// `templates/` or `static/`), keeping parsed content. `Err` with the
    /// problems that say why, in the loaded files.
    pub fn reload_theme(&mut self) -> Result<(), (Fatal, Vec<Diagnostic>)> {
        let Some(loaded) = self.loaded.as_mut() else {
            return Err((Fatal::NotLoaded, Vec::new()));
        };
        let mut diags = Vec::new();
        match build::load_theme(&loaded.root, &loaded.config, &mut loaded.files, &mut diags) {
            Ok((theme, statics)) => {
                loaded.theme = theme;
                loaded.statics = statics;
                Ok(())
            }
            Err(e) => {
                self.kept = None;
                Err((e, diags))
            }
        }
    }

    /// Re-reads the given content files (paths under `content/`): changed,
    /// new, or gone. Returns the ids of the reports among them whose front
    /// matter did not change, for which only the body needs rendering again.
    pub fn update_content(&mut self, rels: &[String]) -> Result<BodyOnly, Fatal> {
        let Some(loaded) = self.loaded.as_mut() else {
            return Err(Fatal::NotLoaded);
        };
        let mut body_only = Vec::new();
        let mut structural = false;
        for rel in rels {
            let path = loaded.root.join("content").join(rel);
            let old = loaded.content.get(rel).copied();
            let keep = rel.ends_with(".md") && path.is_file() && !rel.split('/').any(is_ignored);
            if !keep {
                if let Some(id) = loaded.remove_content(rel) {
                    self.parsed.remove(&id);
                    structural = true;
                }
                continue;
            }
            let text = match read_text(&path) {
                Ok(t) => t,
                Err(e) => {
                    self.kept = None;
                    return Err(e);
                }
            };
            let old_yaml = old.and_then(|id| front_matter(&loaded.files.get(id).text));
            match (old, text) {
                (Some(id), Text::Utf8(text)) => {
                    let same_front = old_yaml.is_some() && old_yaml == front_matter(&text);
                    loaded.files.replace(id, text);
                    loaded.unreadable.remove(&id);
                    let result = build::parse_file(loaded, self.drafts, rel, id);
                    match (&result.doc, same_front) {
                        (Some(Document::Report(r)), true) => body_only.push(r.id.clone()),
                        _ => structural = true,
                    }
                    self.parsed.insert(id, result);
                }
                (_, text) => {
                    if let Some(id) = loaded.remove_content(rel) {
                        self.parsed.remove(&id);
                    }
                    let id = loaded.add_content(rel.clone(), path, text);
                    let result = build::parse_file(loaded, self.drafts, rel, id);
                    self.parsed.insert(id, result);
                    structural = true;
                }
            }
        }
        if structural {
            self.kept = None;
            return Ok(BodyOnly::No);
        }
        Ok(BodyOnly::Reports(body_only))
    }

    /// Resolves the site and renders every page into memory. The site
    /// index is kept for [`Incremental::edit_bodies`] when the run has no
    /// errors.
    pub fn run(&mut self) -> RunResult {
        self.kept = None;
        let mut result = RunResult {
            diagnostics: Vec::new(),
            pages: Vec::new(),
            gone: Vec::new(),
            search: Vec::new(),
        };
        let Some(loaded) = &self.loaded else {
            return result;
        };
        let mut stages = crate::timings::Stages::start();
        // The parsed files stay here for the next edit: the documents are
        // copied into the index.
        let Parsed { docs, diagnostics } = build::parsed_copy(loaded, &self.parsed);
        result.diagnostics = diagnostics;
        stages.lap("documents");
        if !loaded.translations.is_empty() {
            // A multilingual site is resolved and rendered whole after
            // every edit: nothing is kept, so the next edit runs whole too.
            let (per_lang, owner) = build::by_language(loaded, docs);
            let (sites, checks) =
                build::resolve_languages(loaded, &per_lang, &owner, &self.highlighter);
            result.diagnostics.extend(checks);
            let (pages, d, search) = build::render(&sites, loaded, &Selection::All);
            result.diagnostics.extend(d);
            result.pages = pages;
            result.search = search;
            stages.report(&format!("{} files", result.pages.len()));
            return result;
        }
        let inputs = Inputs {
            config: loaded.config.clone(),
            docs,
        };
        let (highlighter, bodies) = (&self.highlighter, &self.bodies);
        let mut checks = Checks::default();
        let resolved = Resolved::new(inputs, |inputs| {
            let (site, c) = build::resolve(
                loaded,
                &inputs.config,
                &inputs.docs,
                highlighter,
                Some(bodies),
            );
            checks = c;
            site
        });
        let site = resolved.borrow_dependent();
        result.diagnostics.extend(checks.diagnostics().cloned());
        stages.lap("resolve and check");
        let (pages, d, search) = build::render(std::slice::from_ref(site), loaded, &Selection::All);
        result.diagnostics.extend(d);
        result.pages = pages;
        result.search = search;
        stages.lap("render");
        stages.report(&format!("{} files", result.pages.len()));
        if !result.diagnostics.iter().any(Diagnostic::is_error) {
            self.kept = Some(Kept { resolved, checks });
        }
        result
    }

    /// After [`Incremental::update_content`] found that only the bodies of
    /// the reports `ids` changed: annotates those bodies again in the kept
    /// site index and renders the pages that can show the change, which are
    /// the reports' own unless what they cite, claim or mention changed.
    /// `None` when there is no kept index to change (the last run failed or
    /// something else changed): run [`Incremental::run`] instead.
    pub fn edit_bodies(&mut self, ids: &[String]) -> Option<RunResult> {
        let loaded = self.loaded.as_ref()?;
        let kept = self.kept.as_mut()?;
        let mut stages = crate::timings::Stages::start();
        let files = &loaded.files;
        let (highlighter, bodies) = (&self.highlighter, &self.bodies);
        let edit = kept.resolved.with_dependent_mut(|_, site| {
            resolve::reannotate(site, files, highlighter, Some(bodies), ids)
        });
        let Some(edit) = edit else {
            self.kept = None;
            return None;
        };
        stages.lap("annotate");
        let site = kept.resolved.borrow_dependent();
        kept.checks.after_body_edit(files, site, ids);
        let mut diagnostics = build::parse_diagnostics(loaded, &self.parsed);
        diagnostics.extend(kept.checks.diagnostics().cloned());
        stages.lap("checks");
        let selection = Selection::Some {
            reports: ids
                .iter()
                .cloned()
                .map(crate::ids::ReportIdBuf::from)
                .collect(),
            entities: edit.entities,
            sources: edit.sources,
            entity_index: edit.entity_index,
            source_index: edit.source_index,
            data: edit.data,
        };
        let (pages, d, search) = build::render(std::slice::from_ref(site), loaded, &selection);
        diagnostics.extend(d);
        stages.lap("render");
        stages.report(&format!("{} files", pages.len()));
        if diagnostics.iter().any(Diagnostic::is_error) {
            self.kept = None;
        }
        Some(RunResult {
            diagnostics,
            pages,
            gone: edit.gone,
            search,
        })
    }
}

/// The front-matter block of a file, if it has one.
fn front_matter(text: &str) -> Option<String> {
    let split = crate::frontmatter::split(0, text).ok()?;
    Some(split.yaml.text(text).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "---\ntitle: First\ndate: 2024-01-01\n---\nBody.\n";

    /// A site of one report, loaded and run once.
    fn served(report: &[u8]) -> (tempfile::TempDir, Incremental, RunResult) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dossier.yaml"),
            "title: Test\nbase_url: https://example.com/\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/first.md"), report).unwrap();
        let mut site = Incremental::new(dir.path(), false);
        assert!(site.load().is_ok());
        let result = site.run();
        (dir, site, result)
    }

    fn codes(result: &RunResult) -> Vec<&'static str> {
        result.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn a_body_edit_after_a_clean_run_renders_one_page() {
        let (dir, mut site, first) = served(REPORT.as_bytes());
        assert!(codes(&first).is_empty(), "{:?}", codes(&first));
        let edited = REPORT.replace("Body.", "Body, edited.");
        std::fs::write(dir.path().join("content/first.md"), edited).unwrap();
        let rels = ["first.md".to_string()];
        let Ok(BodyOnly::Reports(ids)) = site.update_content(&rels) else {
            panic!("only the body changed");
        };
        let result = site.edit_bodies(&ids).expect("the index is kept");
        // The report's page, with the citation files beside it.
        let html: Vec<&str> = result
            .pages
            .iter()
            .map(|p| p.path.as_str())
            .filter(|p| p.ends_with(".html"))
            .collect();
        assert_eq!(html, ["first/index.html"]);
    }

    #[test]
    fn a_body_edit_renders_the_pages_of_the_report_s_claims_again() {
        let report = "---\ntitle: First\ndate: 2024-01-01\nclaims:\n  c: {text: It rained., status: verified}\n---\nBody.\n";
        let (dir, mut site, first) = served(report.as_bytes());
        let page = |result: &RunResult| {
            let file = result
                .pages
                .iter()
                .find(|p| p.path == "claims/c/index.html")
                .expect("the claim's page");
            String::from_utf8_lossy(&file.bytes).into_owned()
        };
        assert!(page(&first).contains("href=\"../../first/#claims\""));
        // Marking the claim in the body moves the claim page's link to
        // the span.
        let edited = report.replace("Body.", "[It rained](claim:c).");
        std::fs::write(dir.path().join("content/first.md"), edited).unwrap();
        let Ok(BodyOnly::Reports(ids)) = site.update_content(&["first.md".to_string()]) else {
            panic!("only the body changed");
        };
        let result = site.edit_bodies(&ids).expect("the index is kept");
        assert!(page(&result).contains("href=\"../../first/#claim-c\""));
    }

    #[test]
    fn after_a_run_with_errors_the_next_edit_renders_everything() {
        let broken = REPORT.replace("Body.", "Cites [@nowhere].");
        let (dir, mut site, first) = served(broken.as_bytes());
        assert!(first.diagnostics.iter().any(Diagnostic::is_error));
        std::fs::write(dir.path().join("content/first.md"), REPORT).unwrap();
        let rels = ["first.md".to_string()];
        let Ok(BodyOnly::Reports(ids)) = site.update_content(&rels) else {
            panic!("only the body changed");
        };
        // What is served lags behind more than this edit.
        assert!(site.edit_bodies(&ids).is_none());
        let result = site.run();
        assert!(codes(&result).is_empty(), "{:?}", codes(&result));
    }

    #[test]
    fn a_file_saved_again_as_utf8_is_parsed() {
        let mut bytes = REPORT.as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\n");
        let (dir, mut site, first) = served(&bytes);
        assert_eq!(codes(&first), ["E010"]);
        std::fs::write(dir.path().join("content/first.md"), REPORT).unwrap();
        assert!(site.update_content(&["first.md".to_string()]).is_ok());
        let result = site.run();
        assert!(codes(&result).is_empty(), "{:?}", codes(&result));
        assert!(result.pages.iter().any(|p| p.path.ends_with(".html")));
    }

    #[test]
    fn a_correction_added_while_serving_renders_the_page_and_the_feed() {
        let (dir, mut site, first) = served(REPORT.as_bytes());
        assert!(codes(&first).is_empty(), "{:?}", codes(&first));
        let corrected = REPORT.replace(
            "date: 2024-01-01\n",
            "date: 2024-01-01\ncorrections: [{date: 2024-01-05, text: A name was wrong.}]\n",
        );
        std::fs::write(dir.path().join("content/first.md"), corrected).unwrap();
        // A front-matter edit: everything is rendered again.
        let rels = ["first.md".to_string()];
        assert_eq!(site.update_content(&rels).ok(), Some(BodyOnly::No));
        let result = site.run();
        assert!(codes(&result).is_empty(), "{:?}", codes(&result));
        let text = |path: &str| {
            let page = result.pages.iter().find(|p| p.path == path).unwrap();
            String::from_utf8_lossy(&page.bytes).into_owned()
        };
        assert!(text("first/index.html").contains("A name was wrong."));
        assert!(text("feed.xml").contains("<updated>2024-01-05T00:00:00Z</updated>"));
    }
}
