//! Rendering: from the resolved site to output files. Templates see small
//! view structs made for them (see docs/themes.md), never the model; every
//! URL in a view is already relative to the page it is rendered into.
//!
//! This module holds the list of pages to render (jobs), the view types
//! that several page kinds share, and the `Renderer` core: the variables
//! every page receives, report cards and pagination. Each family of page
//! kinds has its own file (`listings`, `report`, `registry`,
//! `claims`, `claim_page`); so do the files that are not pages (`feed`,
//! `sitemap`, `site_json`, `claimreview`), the timeline (`timeline`,
//! `timeline_json`), the pages' JSON-LD (`jsonld`)
//! and the labels pages show for kinds of things (`labels`).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::{Diagnostic, Files};
use crate::i18n::Locale;
use crate::ids::{ClaimId, EntityId, EntityIdBuf, ReportIdBuf, SourceId, SourceIdBuf};
use crate::model::{When, parse_date, tag_slug};
use crate::resolve::{EntityPages, ReportIndex, Site};
use crate::urls::{list_page_url, root_prefix};

mod alternates;
mod cite;
mod claim_page;
mod claimreview;
mod claims;
mod csl;
mod feed;
mod graph;
mod graph_layout;
mod jsonld;
mod labels;
mod listings;
mod registry;
mod report;
mod search;
mod site_json;
mod sitemap;
mod timeline;
mod timeline_json;
mod xml;

/// One file of the output, by its path relative to the output root.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    /// The language of `title` where it fell back to another language's
    /// text (dossier.yaml gave none in the page's); empty otherwise.
    title_lang: &'a str,
    /// The same for `description`.
    description_lang: &'a str,
    language: &'a str,
    base_url: &'a str,
}

#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct NavLink {
    title: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Card {
    title: String,
    url: String,
    date: String,
    date_display: String,
    summary: String,
    authors: Vec<String>,
    tags: Vec<Link>,
    section: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mentions: Option<usize>,
    /// A draft, shown only in a build with `--drafts`.
    draft: bool,
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    /// Stands for the pages left out between its neighbours.
    gap: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: String,
    next: String,
    pages: Vec<PageNumber>,
}

#[derive(Serialize)]
struct Cite {
    number: String,
    href: String,
    title: String,
    /// Element id of this citation on a report page (a back-link target).
    anchor: String,
    /// With a CSL style, on a report page: the citation as the style writes
    /// it, a link with the anchor and title in it.
    #[serde(skip_serializing_if = "String::is_empty")]
    html: String,
}

#[derive(Serialize)]
struct ClaimRow {
    id: String,
    url: String,
    text: String,
    status: String,
    status_label: String,
    /// What the status means (from `claim_statuses`); may be empty.
    status_meaning: String,
    /// The claim's date as precise as written (`2024`, `2024-05`, a day).
    date: String,
    date_display: String,
    note: String,
    /// The one-line verdict; may be empty.
    verdict: String,
    /// The entity that made the claim.
    claimant: Option<EntityRef>,
    cites: Vec<Cite>,
    entities: Vec<EntityRef>,
    report: Link,
}

/// An entity named in a claim's row: its name, its page, and the language
/// of the name where it fell back to another language's (empty when the
/// name is in the page's language).
#[derive(Serialize)]
struct EntityRef {
    title: String,
    url: String,
    lang: String,
}

#[derive(Serialize)]
struct Backref {
    label: String,
    href: String,
    locator: String,
}

#[derive(Serialize)]
struct SourceEntry {
    number: usize,
    id: String,
    anchor: String,
    title: String,
    url: String,
    publisher: String,
    author: String,
    date: String,
    date_display: String,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: String,
    archive_url: String,
    quote: String,
    /// The language of `title`, `publisher` and `quote`, each when it is
    /// not the page's (text that fell back to another language); empty
    /// otherwise.
    title_lang: String,
    publisher_lang: String,
    quote_lang: String,
    accessed: String,
    accessed_display: String,
    page_url: String,
    backrefs: Vec<Backref>,
    body: String,
    /// A bibliography entry's further fields (editors, container, DOI,
    /// volume, issue, pages, note); absent for other sources.
    #[serde(skip_serializing_if = "Option::is_none")]
    bib: Option<crate::bibliography::Details>,
    /// With a CSL style: the entry as the style's bibliography writes it.
    #[serde(skip_serializing_if = "String::is_empty")]
    csl: String,
    /// On the source's own page: the source as BibTeX and CSL-JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    cite: Option<cite::CiteView>,
    /// The source's own document (`file:`); absent when it has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<DocumentView>,
}

/// A source's document as pages show it: link, name, type, size, digest.
#[derive(Serialize)]
struct DocumentView {
    /// Relative to the page.
    url: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    bytes: u64,
    /// For readers: `12 kB`.
    size: String,
    sha256: String,
}

/// Where a source's document is published, from the site root.
pub(crate) fn document_path(id: &str, name: &str) -> String {
    format!("sources/{}/{name}", crate::ids::source_slug(id))
}

/// Which pages to render: all of them, or those that an edit to report
/// bodies can change.
#[derive(Debug, Clone)]
pub enum Selection {
    All,
    Some {
        /// The edited reports' own pages.
        reports: HashSet<ReportIdBuf>,
        /// Entity id → which of its pages.
        entities: HashMap<EntityIdBuf, EntityPages>,
        /// Source pages.
        sources: HashSet<SourceIdBuf>,
        entity_index: bool,
        source_index: bool,
        /// `data/site.json`.
        data: bool,
    },
}

impl Selection {
    fn wants(&self, job: &Job<'_>, site: &Site<'_>) -> bool {
        let Selection::Some {
            reports,
            entities,
            sources,
            entity_index,
            source_index,
            ..
        } = self
        else {
            return true;
        };
        match job {
            Job::Report(i) => reports.contains(site.report(*i).report.id.as_str()),
            Job::Entity(id, page) => entities.get(id.as_str()).is_some_and(|p| {
                p.all
                    || (p.first && *page == 1)
                    || (p.showing
                        && site.entity_reports.get(id).is_some_and(|list| {
                            let per = site.config.paginate_by.max(1);
                            list.iter().enumerate().any(|(n, e)| {
                                n / per + 1 == *page
                                    && reports.contains(site.report(e.report).report.id.as_str())
                            })
                        }))
            }),
            Job::Source(id, _) => sources.contains(id.as_str()),
            // A claim's page links to its span in the body of the report
            // that defines it, or to the Claims section when none marks it.
            Job::Claim(id) => {
                let report = site.docs.report(site.defs.claims[id].report);
                reports.contains(report.id.as_str())
            }
            Job::Entities => *entity_index,
            // What a report shows changed: so may who appears with whom.
            Job::EntityGraph => *entity_index,
            Job::Sources | Job::SourceType(..) => *source_index,
            // Claims and their rows come from front matter alone, and so do
            // listings and tags.
            Job::Claims
            | Job::ClaimStatus(..)
            | Job::Timeline
            | Job::TimelineYear(..)
            | Job::Search
            | Job::Home(_)
            | Job::Section(..)
            | Job::Tags
            | Job::Tag(..)
            | Job::NotFound => false,
        }
    }
}

/// One language of the site as the render stage takes it (a site in one
/// language has one): its resolved site, whose configuration gives its
/// language and output folder ([`crate::config::Config::prefix`]), and the
/// templates and locale its pages are rendered with.
#[derive(Clone, Copy)]
pub struct Edition<'s, 'a> {
    pub site: &'s Site<'a>,
    pub theme: &'s crate::theme::Theme,
    pub locale: &'s Locale,
}

/// Renders the selected pages of the site into memory. Template errors are
/// returned as diagnostics; the files rendered are returned either way.
/// The search index is not built: with `search` on, the third value holds
/// each language's records for [`crate::search::index_files`] (every
/// record, whatever the selection), for `serve` to index off the path of
/// the edit; empty with `search` off.
pub fn render(
    editions: &[Edition<'_, '_>],
    files: &Files,
    selection: &Selection,
) -> (
    Vec<OutputFile>,
    Vec<Diagnostic>,
    Vec<crate::search::Records>,
) {
    let out = std::sync::Mutex::new(Vec::new());
    let Ok((diags, records)) = render_inner(editions, files, selection, Index::Defer, &|file| {
        out.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok::<(), std::convert::Infallible>(())
    });
    (
        out.into_inner().unwrap_or_else(|e| e.into_inner()),
        diags,
        records,
    )
}

/// What the render stage does with the search index.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Index {
    /// Builds it and hands its files to the sink (`build`).
    Build,
    /// Returns the records it is built from (`serve`).
    Defer,
}

/// Renders the selected pages of every language (`editions`, in the order
/// of `languages`), handing each to `sink` as soon as it is rendered (from
/// many threads), so that a build never holds the whole site in memory.
/// Each language's pages, feed and data files are written under its
/// folder; the sitemap (every language's pages), `robots.txt` and the 404
/// page once, at the root. Returns the template errors, or the sink's
/// first error (a write that failed), after which no more pages are
/// rendered: the output is incomplete, so the caller stops. With
/// `search` on and every page selected, each language's search index is
/// built after the pages and handed to the sink too.
pub fn render_into<E: Send>(
    editions: &[Edition<'_, '_>],
    files: &Files,
    selection: &Selection,
    sink: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<Vec<Diagnostic>, E> {
    render_inner(editions, files, selection, Index::Build, sink).map(|(d, _)| d)
}

fn render_inner<E: Send>(
    editions: &[Edition<'_, '_>],
    files: &Files,
    selection: &Selection,
    index: Index,
    sink: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<(Vec<Diagnostic>, Vec<crate::search::Records>), E> {
    // The first error the sink gave, if any; writes run in parallel, so the
    // slot is only locked when one fails.
    let failed: std::sync::Mutex<Option<E>> = std::sync::Mutex::new(None);
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let give = |file: OutputFile| {
        if let Err(e) = sink(file) {
            stopped.store(true, std::sync::atomic::Ordering::Relaxed);
            failed
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    };
    let mut stages = crate::timings::Stages::start();
    let mut renderers: Vec<Renderer> = editions
        .iter()
        .enumerate()
        .map(|(lang, e)| Renderer::new(e.site, files, e.theme, e.locale, lang))
        .collect();
    let all_jobs: Vec<Vec<Job>> = renderers
        .iter()
        .map(|r| {
            let mut jobs = r.jobs();
            // The 404 page is the site's, rendered once, at the root.
            if r.lang > 0 {
                jobs.retain(|j| !matches!(j, Job::NotFound));
            }
            jobs
        })
        .collect();
    if renderers.len() > 1 {
        let alternates = std::sync::Arc::new(alternates::Alternates::new(&renderers, &all_jobs));
        for r in &mut renderers {
            r.alternates = Some(alternates.clone());
        }
    }
    // The search index needs the records, not the pages: in a build it is
    // made on a thread of its own while the pages render.
    let searched = renderers.first().is_some_and(|r| r.site.config.search)
        && (index == Index::Defer || matches!(selection, Selection::All));
    let mut records: Vec<crate::search::Records> = Vec::new();
    if searched {
        records = renderers.iter().map(Renderer::search_records).collect();
        stages.lap("search records");
    }
    let indexing = (index == Index::Build && searched).then(|| {
        let records = std::mem::take(&mut records);
        std::thread::spawn(move || crate::search::index_files(&records))
    });
    let jobs: Vec<(&Renderer, Job)> = renderers
        .iter()
        .zip(all_jobs)
        .flat_map(|(r, jobs)| {
            jobs.into_iter()
                .filter(|j| selection.wants(j, r.site))
                .map(move |j| (r, j))
        })
        .collect();
    let pages = std::sync::Mutex::new(Vec::new());
    let by_kind = crate::timings::Tally::default();
    let want_data = matches!(
        selection,
        Selection::All | Selection::Some { data: true, .. }
    );
    // After an edit, data/site.json is most of the work: it is written
    // beside the few pages. A whole build writes it after the pages, so that
    // it does not add to the memory the largest pages take.
    let beside = want_data && matches!(selection, Selection::Some { .. });
    let data_files = |renderers: &[Renderer]| -> Vec<OutputFile> {
        renderers
            .iter()
            .map(|r| r.prefixed(OutputFile::new("data/site.json", r.data_json())))
            .collect()
    };
    let (mut diags, data): (Vec<Diagnostic>, _) = rayon::join(
        || {
            jobs.par_iter()
                .filter_map(|(r, job)| {
                    if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                        return None;
                    }
                    let started = by_kind.start();
                    let files = r.run(job);
                    by_kind.add(job.kind(), started);
                    let files = match files {
                        Ok(files) => files,
                        Err(d) => return Some(d),
                    };
                    for file in files {
                        let file = r.prefixed(file);
                        pages
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(file.path.clone());
                        give(file);
                    }
                    None
                })
                .collect()
        },
        || beside.then(|| data_files(&renderers)),
    );
    if let Some(e) = failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(e);
    }
    let pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    // One diagnostic per template problem, not one per page.
    diags = crate::theme::fold_page_errors(diags);
    stages.lap("pages");
    by_kind.report("rendering, summed over threads");
    let data = data.or_else(|| (want_data && !beside).then(|| data_files(&renderers)));
    let mut rest = data.unwrap_or_default();
    if matches!(selection, Selection::All) {
        for r in &renderers {
            rest.push(r.prefixed(OutputFile::new(
                "data/claimreview.json",
                r.claimreview_json(),
            )));
            rest.push(r.prefixed(OutputFile::new("feed.xml", r.feed())));
            rest.push(r.prefixed(OutputFile::new("data/timeline.json", r.timeline_json())));
        }
        rest.push(OutputFile::new(
            "sitemap.xml",
            sitemap::sitemap(&renderers, &pages),
        ));
        let base = renderers
            .first()
            .map_or("", |r| r.site.config.base_url.as_str());
        rest.push(OutputFile::new(
            "robots.txt",
            format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        ));
    }
    for file in rest {
        sink(file)?;
    }
    stages.lap("site.json, feed and sitemap");
    if let Some(indexing) = indexing {
        match indexing.join() {
            Ok(Ok(files)) => {
                for file in files {
                    sink(file)?;
                }
            }
            // Pagefind's own failure: the site is still whole, and its
            // search page says the search is unavailable.
            Ok(Err(e)) => eprintln!("warning: the search index was not built: {e}"),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        // What the build waited for the index after everything else.
        stages.lap("search index");
    }
    stages.report("render");
    Ok((diags, records))
}

impl Job<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Job::Home(_) => "home",
            Job::Section(..) => "sections",
            Job::Report(_) => "reports",
            Job::Entities => "entity index",
            Job::Entity(..) => "entities",
            Job::EntityGraph => "entity graph",
            Job::Sources | Job::SourceType(..) => "source index",
            Job::Source(..) => "sources",
            Job::Claims | Job::ClaimStatus(..) => "claims",
            Job::Claim(_) => "claim pages",
            Job::Tags | Job::Tag(..) => "tags",
            Job::Timeline | Job::TimelineYear(..) => "timeline",
            Job::Search => "search",
            Job::NotFound => "404",
        }
    }
}

/// One page to render.
enum Job<'a> {
    Home(usize),
    Section(String, usize),
    Report(ReportIndex),
    Entities,
    Entity(EntityId<'a>, usize),
    /// `entities/graph/`: the most connected entities.
    EntityGraph,
    Sources,
    /// A page of the sources of one type.
    SourceType(crate::model::SourceType, usize),
    Source(SourceId<'a>, usize),
    Claims,
    /// A page of the claims with the status at this place in
    /// `claim_statuses`.
    ClaimStatus(usize, usize),
    Claim(ClaimId<'a>),
    Tags,
    Tag(String, usize),
    /// `timeline/`.
    Timeline,
    /// A page of the year at this place in the timeline's years.
    TimelineYear(usize, usize),
    /// `search/`, with `search` on.
    Search,
    NotFound,
}

struct Renderer<'s, 'a> {
    site: &'s Site<'a>,
    files: &'s Files,
    theme: &'s crate::theme::Theme,
    /// The site's language: how dates read and how indexes sort.
    locale: &'s Locale,
    /// Section path → title.
    section_titles: HashMap<String, String>,
    /// Section path → reports in it or any of its subsections, newest first.
    section_lists: HashMap<String, Vec<ReportIndex>>,
    /// Every report, newest first: the home page's list.
    all: Vec<ReportIndex>,
    /// The claims of each status, as the claims pages list them.
    claim_lists: claims::ClaimLists<'a>,
    /// The sources with pages of each type of `SourceType::ALL`, in that
    /// order, sorted by title: every listing page of a type reads its list.
    source_lists: Vec<registry::SourceList<'a>>,
    /// The claims that a span marks in the body of the report that
    /// defines them: their pages link to that span.
    marked_in_own_report: HashSet<&'a str>,
    /// The place of the site's language in `languages` (0: the default).
    lang: usize,
    /// The pages every language has, on a multilingual site.
    alternates: Option<std::sync::Arc<alternates::Alternates>>,
    /// The dated claims and events, oldest first.
    timeline: timeline::Timeline<'a>,
}

impl<'s, 'a> Renderer<'s, 'a> {
    fn new(
        site: &'s Site<'a>,
        files: &'s Files,
        theme: &'s crate::theme::Theme,
        locale: &'s Locale,
        lang: usize,
    ) -> Self {
        let mut section_titles = HashMap::new();
        for path in site.sections.keys() {
            let title = site
                .docs
                .sections
                .iter()
                .find(|s| &s.path == path)
                .and_then(|s| s.meta.title.clone())
                .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string());
            section_titles.insert(path.clone(), title);
        }
        let mut section_lists: HashMap<String, Vec<ReportIndex>> = HashMap::new();
        for (i, r) in site.indexed_reports() {
            let mut path = r.report.section.as_str();
            while !path.is_empty() {
                section_lists.entry(path.to_string()).or_default().push(i);
                path = path.rsplit_once('/').map_or("", |(parent, _)| parent);
            }
        }
        let mut marked_in_own_report = HashSet::new();
        for r in &site.reports {
            for id in &r.body.marked_claims {
                if let Some((&claim, entry)) = site.defs.claims.get_key_value(id.as_str())
                    && std::ptr::eq(site.docs.report(entry.report), r.report)
                {
                    marked_in_own_report.insert(claim.as_str());
                }
            }
        }
        Renderer {
            site,
            files,
            theme,
            locale,
            section_titles,
            section_lists,
            all: site.indexed_reports().map(|(i, _)| i).collect(),
            claim_lists: claims::ClaimLists::new(site),
            source_lists: crate::model::SourceType::ALL
                .iter()
                .map(|&kind| registry::sorted_sources(site, locale, kind))
                .collect(),
            marked_in_own_report,
            lang,
            alternates: None,
            timeline: timeline::Timeline::new(site),
        }
    }

    /// `file` at its place in the output: under the language's folder.
    fn prefixed(&self, mut file: OutputFile) -> OutputFile {
        if !self.site.config.prefix.is_empty() {
            file.path = format!("{}{}", self.site.config.prefix, file.path);
        }
        file
    }

    fn per_page(&self) -> usize {
        self.site.config.paginate_by.max(1)
    }

    fn pages_for(&self, n: usize) -> usize {
        crate::urls::page_count(n, self.per_page())
    }

    fn jobs(&self) -> Vec<Job<'a>> {
        let site = self.site;
        let mut jobs = vec![Job::Claims];
        for (n, (_, claims)) in self.claim_lists.statuses().iter().enumerate() {
            if !claims.is_empty() {
                jobs.extend((1..=self.pages_for(claims.len())).map(|p| Job::ClaimStatus(n, p)));
            }
        }
        jobs.extend((1..=self.pages_for(site.reports.len())).map(Job::Home));
        for path in site.sections.keys() {
            let n = self.section_reports(path).len();
            jobs.extend((1..=self.pages_for(n)).map(|p| Job::Section(path.clone(), p)));
        }
        jobs.extend(site.indexed_reports().map(|(i, _)| Job::Report(i)));
        jobs.push(Job::Entities);
        if self.has_graph_page() {
            jobs.push(Job::EntityGraph);
        }
        for &id in site.defs.entities.keys() {
            let n = self.entity_list_len(id);
            jobs.extend((1..=self.pages_for(n)).map(|p| Job::Entity(id, p)));
        }
        jobs.push(Job::Sources);
        for &kind in crate::model::SourceType::ALL {
            let n = self.sources_of_type(kind).len();
            if n > 0 {
                jobs.extend((1..=self.pages_for(n)).map(|p| Job::SourceType(kind, p)));
            }
        }
        jobs.extend(
            site.defs
                .sources
                .keys()
                .filter(|id| site.has_source_page(id.as_str()))
                .flat_map(|&id| {
                    (1..=self.pages_for(self.source_list_len(id))).map(move |p| Job::Source(id, p))
                }),
        );
        jobs.extend(site.defs.claims.keys().map(|&id| Job::Claim(id)));
        jobs.push(Job::Tags);
        for (slug, tag) in &site.tags {
            jobs.extend((1..=self.pages_for(tag.reports.len())).map(|p| Job::Tag(slug.clone(), p)));
        }
        jobs.push(Job::Timeline);
        for n in 0..self.timeline.years().len() {
            jobs.extend((1..=self.timeline_year_pages(n)).map(|p| Job::TimelineYear(n, p)));
        }
        if site.config.search {
            jobs.push(Job::Search);
        }
        jobs.push(Job::NotFound);
        jobs
    }

    /// The page of a job, and the files it links to beside it (a source's
    /// and a report's "cite this" downloads).
    fn run(&self, job: &Job<'_>) -> Result<Vec<OutputFile>, Diagnostic> {
        let one = |page: Result<OutputFile, Diagnostic>| page.map(|p| vec![p]);
        match job {
            Job::Home(page) => one(self.home(*page)),
            Job::Section(path, page) => one(self.section(path, *page)),
            Job::Report(i) => self.report(*i),
            Job::Entities => one(self.entities()),
            Job::Entity(id, page) => one(self.entity(*id, *page)),
            Job::EntityGraph => one(self.graph_page()),
            Job::Sources => one(self.sources()),
            Job::SourceType(kind, page) => one(self.source_type(*kind, *page)),
            Job::Source(id, page) => self.source(*id, *page),
            Job::Claims => one(self.claims()),
            Job::ClaimStatus(status, page) => one(self.claim_status(*status, *page)),
            Job::Claim(id) => one(self.claim_page(*id)),
            Job::Tags => one(self.tags()),
            Job::Tag(slug, page) => one(self.tag(slug, *page)),
            Job::Timeline => one(self.timeline_page()),
            Job::TimelineYear(n, page) => one(self.timeline_year(*n, *page)),
            Job::Search => one(self.search_page()),
            Job::NotFound => one(self.not_found()),
        }
    }

    /// Renders `template` for the page at `url` (relative to the site root,
    /// `""` for the home page).
    fn page(
        &self,
        template: &str,
        url: &str,
        ctx: tera::Context,
    ) -> Result<OutputFile, Diagnostic> {
        let path = format!("{url}index.html");
        let html =
            self.theme.tera.render(template, &ctx).map_err(|e| {
                crate::theme::page_error(&e, &self.theme.templates, self.files, &path)
            })?;
        Ok(OutputFile::new(path, html))
    }

    /// The variables every template receives.
    fn common(
        &self,
        url: &str,
        root: &str,
        title: &str,
        description: &str,
        has_code: bool,
    ) -> tera::Context {
        let site = self.site;
        let config = site.config;
        let strings = &self.theme.strings;
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &config.title,
                description: &config.description,
                title_lang: config.given.title_lang.as_deref().unwrap_or(""),
                description_lang: config.given.description_lang.as_deref().unwrap_or(""),
                language: &config.language,
                base_url: &config.base_url,
            },
        );
        ctx.insert("root", root);
        // The site's own root, above the language's folder: where static
        // files are.
        let site_root = if config.prefix.is_empty() {
            root.to_string()
        } else {
            root_prefix(&format!("{}{url}", config.prefix))
        };
        ctx.insert("site_root", &site_root);
        let (translations, x_default) = match &self.alternates {
            Some(a) => a.of(self.lang, url),
            None => (Vec::new(), None),
        };
        ctx.insert("translations", &translations);
        ctx.insert("x_default", &x_default);
        ctx.insert("page_title", title);
        ctx.insert("description", description);
        ctx.insert("canonical", &format!("{}{url}", config.base_url));
        ctx.insert("has_code", &has_code);
        ctx.insert("feed_url", &format!("{root}feed.xml"));
        let mut nav = vec![NavLink {
            title: strings.text("nav.home").into(),
            url: root.to_string(),
            current: url.is_empty() || url.starts_with("page/"),
        }];
        for path in site.sections.keys().filter(|p| !p.contains('/')) {
            nav.push(NavLink {
                title: self.section_titles[path].clone(),
                url: format!("{root}{path}/"),
                current: url.starts_with(&format!("{path}/")),
            });
        }
        for (key, target) in [
            ("nav.entities", "entities/"),
            ("nav.sources", "sources/"),
            ("nav.claims", "claims/"),
            ("nav.tags", "tags/"),
            ("timeline.nav", "timeline/"),
            ("search.nav", search::URL),
        ] {
            if target == search::URL && !config.search {
                continue;
            }
            nav.push(NavLink {
                title: strings.text(key).into(),
                url: format!("{root}{target}"),
                current: url.starts_with(target),
            });
        }
        ctx.insert("nav", &nav);
        ctx
    }

    fn card(&self, i: ReportIndex, root: &str, mentions: Option<usize>) -> Card {
        let report = self.site.report(i).report;
        let meta = &report.meta;
        Card {
            title: meta.title.clone(),
            url: format!("{root}{}", report.url),
            date: report.date.machine(),
            date_display: report.date.display(self.locale),
            summary: meta.summary.clone().unwrap_or_default(),
            authors: meta.authors.clone(),
            tags: self.tag_links(&meta.tags, root),
            section: (!report.section.is_empty()).then(|| Link {
                title: self
                    .section_titles
                    .get(&report.section)
                    .cloned()
                    .unwrap_or_default(),
                url: format!("{root}{}/", report.section),
            }),
            mentions,
            draft: meta.draft,
        }
    }

    fn tag_links(&self, tags: &[String], root: &str) -> Vec<Link> {
        self.report_tags(tags)
            .into_iter()
            .map(|(slug, name)| Link {
                title: name.to_string(),
                url: format!("{root}tags/{slug}/"),
            })
            .collect()
    }

    /// A report's tags as (slug, the tag's name on the site), each tag
    /// once: `[Água, água]` is one tag, and its name is the one its own
    /// page shows, whichever way this report spells it.
    fn report_tags<'t>(&'t self, tags: &'t [String]) -> Vec<(String, &'t str)> {
        let mut out: Vec<(String, &str)> = Vec::with_capacity(tags.len());
        for tag in tags {
            let slug = tag_slug(tag);
            if out.iter().any(|(s, _)| *s == slug) {
                continue;
            }
            let name = self
                .site
                .tags
                .get(&slug)
                .map_or(tag.as_str(), |t| t.name.as_str());
            out.push((slug, name));
        }
        out
    }

    /// The slice of `items` on `page`, the page's URL, and its pagination.
    fn paginate<'i, T>(
        &self,
        items: &'i [T],
        base: &str,
        page: usize,
    ) -> (&'i [T], String, Pagination) {
        self.paginate_with(items, base, page, self.per_page())
    }

    /// [`Renderer::paginate`] with `per` items to a page.
    fn paginate_with<'i, T>(
        &self,
        items: &'i [T],
        base: &str,
        page: usize,
        per: usize,
    ) -> (&'i [T], String, Pagination) {
        let per = per.max(1);
        let total = crate::urls::page_count(items.len(), per);
        let url_of = |n: usize| list_page_url(base, n);
        let url = url_of(page);
        let root = root_prefix(&url);
        let rel = |n: usize| format!("{root}{}", url_of(n));
        let start = ((page - 1) * per).min(items.len());
        let end = (start + per).min(items.len());
        let pagination = Pagination {
            current: page,
            total,
            prev: if page > 1 {
                rel(page - 1)
            } else {
                String::new()
            },
            next: if page < total {
                rel(page + 1)
            } else {
                String::new()
            },
            pages: page_window(page, total)
                .into_iter()
                .map(|n| match n {
                    Some(n) => PageNumber {
                        number: n,
                        url: rel(n),
                        current: n == page,
                        gap: false,
                    },
                    None => PageNumber {
                        number: 0,
                        url: String::new(),
                        current: false,
                        gap: true,
                    },
                })
                .collect(),
        };
        (&items[start..end], url, pagination)
    }
}

/// The page numbers a pager shows: the first and last pages and two on
/// each side of the current one, `None` where pages are left out. Listing
/// every page would make a list of N pages cost N² to write.
fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> = (current.saturating_sub(2).max(1)..=(current + 2).min(total))
        .chain([1, total])
        .collect();
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (k, &n) in shown.iter().enumerate() {
        if k > 0 {
            let before = shown[k - 1];
            if n == before + 2 {
                // A gap of one page: show the page rather than a gap.
                out.push(Some(before + 1));
            } else if n > before + 2 {
                out.push(None);
            }
        }
        out.push(Some(n));
    }
    out
}

/// A front-matter date as it reads on a page, in the site's language, or
/// empty.
fn display_opt(date: Option<&str>, locale: &Locale) -> String {
    date.and_then(parse_date)
        .map(|w| w.display(locale))
        .unwrap_or_default()
}

/// A front-matter date as machines read it (the whole instant), or empty.
fn machine_opt(date: Option<&str>) -> String {
    date.and_then(parse_date)
        .map(When::machine)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_a_window_of_pages() {
        let w = |current, total| -> Vec<String> {
            page_window(current, total)
                .into_iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect()
        };
        assert_eq!(w(1, 1), ["1"]);
        assert_eq!(w(2, 4), ["1", "2", "3", "4"]);
        assert_eq!(w(1, 500), ["1", "2", "3", "…", "500"]);
        assert_eq!(
            w(250, 500),
            ["1", "…", "248", "249", "250", "251", "252", "…", "500"]
        );
        // A gap of one page shows the page.
        assert_eq!(w(5, 9), ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert_eq!(w(500, 500), ["1", "…", "498", "499", "500"]);
    }
}
