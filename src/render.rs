//! Rendering: from the resolved site to output files. Templates see small
//! view structs made for them (see docs/themes.md), never the model; every
//! URL in a view is already relative to the page it is rendered into.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::diag::{Diagnostic, Files};
use crate::markdown::markdown_at;
use crate::model::{EntityType, SourceType, When, parse_date, tag_slug};
use crate::resolve::{EntityPages, ResolvedReport, Site};
use crate::text::{escape, status_label};
use crate::urls::{list_page_url, root_prefix};

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
}

#[derive(Serialize)]
struct ClaimRow {
    id: String,
    url: String,
    text: String,
    status: String,
    status_label: String,
    date: String,
    date_display: String,
    note: String,
    cites: Vec<Cite>,
    entities: Vec<Link>,
    report: Link,
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
    type_label: &'static str,
    archive_url: String,
    quote: String,
    accessed: String,
    accessed_display: String,
    page_url: String,
    backrefs: Vec<Backref>,
    body: String,
}

/// Which pages to render: all of them, or those that an edit to report
/// bodies can change.
#[derive(Debug, Clone)]
pub enum Selection {
    All,
    Some {
        /// The edited reports' own pages.
        reports: HashSet<String>,
        /// Entity id → which of its pages.
        entities: HashMap<String, EntityPages>,
        /// Source pages.
        sources: HashSet<String>,
        entity_index: bool,
        source_index: bool,
        /// `data/site.json`.
        data: bool,
    },
}

impl Selection {
    fn wants(&self, job: &Job, site: &Site<'_>) -> bool {
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
            Job::Report(i) => reports.contains(&site.reports[*i].report.id),
            Job::Entity(id, page) => entities.get(id).is_some_and(|p| {
                p.all
                    || (p.first && *page == 1)
                    || (p.showing
                        && site.entity_reports.get(id.as_str()).is_some_and(|list| {
                            let per = site.config.paginate_by.max(1);
                            list.iter().enumerate().any(|(n, (i, _))| {
                                n / per + 1 == *page
                                    && reports.contains(&site.reports[*i].report.id)
                            })
                        }))
            }),
            Job::Source(id) => sources.contains(id),
            Job::Entities => *entity_index,
            Job::Sources => *source_index,
            // Claims and their rows come from front matter alone, and so do
            // listings and tags.
            Job::Claims
            | Job::Home(_)
            | Job::Section(..)
            | Job::Tags
            | Job::Tag(..)
            | Job::NotFound => false,
        }
    }
}

/// Renders the selected pages of the site into memory. Template errors are
/// returned as diagnostics; the files rendered are returned either way.
pub fn render(
    site: &Site<'_>,
    files: &Files,
    theme: &crate::theme::Theme,
    selection: &Selection,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let out = std::sync::Mutex::new(Vec::new());
    let Ok(diags) = render_into(site, files, theme, selection, &|file| {
        out.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok::<(), std::convert::Infallible>(())
    });
    (out.into_inner().unwrap_or_else(|e| e.into_inner()), diags)
}

/// Renders the selected pages, handing each to `sink` as soon as it is
/// rendered (from many threads), so that a build never holds the whole
/// site in memory. Returns the template errors, or the sink's first error
/// (a write that failed), after which no more pages are rendered: the
/// output is incomplete, so the caller stops.
pub fn render_into<E: Send>(
    site: &Site<'_>,
    files: &Files,
    theme: &crate::theme::Theme,
    selection: &Selection,
    sink: &(dyn Fn(OutputFile) -> Result<(), E> + Sync),
) -> Result<Vec<Diagnostic>, E> {
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
    let r = Renderer::new(site, files, theme);
    let jobs: Vec<Job> = r
        .jobs()
        .into_iter()
        .filter(|j| selection.wants(j, site))
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
    let (mut diags, data): (Vec<Diagnostic>, _) = rayon::join(
        || {
            jobs.par_iter()
                .filter_map(|job| {
                    if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                        return None;
                    }
                    let started = by_kind.start();
                    let file = r.run(job);
                    by_kind.add(job.kind(), started);
                    let file = match file {
                        Ok(file) => file,
                        Err(d) => return Some(d),
                    };
                    pages
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(file.path.clone());
                    give(file);
                    None
                })
                .collect()
        },
        || beside.then(|| r.data_json()),
    );
    if let Some(e) = failed.lock().unwrap_or_else(|e| e.into_inner()).take() {
        return Err(e);
    }
    let pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    // One diagnostic per template problem, not one per page.
    diags = crate::theme::fold_page_errors(diags);
    stages.lap("pages");
    by_kind.report("rendering, summed over threads");
    let data = data.or_else(|| (want_data && !beside).then(|| r.data_json()));
    let mut rest = Vec::new();
    if let Some(data) = data {
        rest.push(OutputFile::new("data/site.json", data));
    }
    if matches!(selection, Selection::All) {
        rest.push(OutputFile::new("feed.xml", r.feed()));
        rest.push(OutputFile::new("sitemap.xml", r.sitemap(&pages)));
        rest.push(OutputFile::new(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                site.config.base_url
            ),
        ));
    }
    for file in rest {
        sink(file)?;
    }
    stages.lap("site.json, feed and sitemap");
    stages.report("render");
    Ok(diags)
}

impl Job {
    fn kind(&self) -> &'static str {
        match self {
            Job::Home(_) => "home",
            Job::Section(..) => "sections",
            Job::Report(_) => "reports",
            Job::Entities => "entity index",
            Job::Entity(..) => "entities",
            Job::Sources => "source index",
            Job::Source(_) => "sources",
            Job::Claims => "claims",
            Job::Tags | Job::Tag(..) => "tags",
            Job::NotFound => "404",
        }
    }
}

/// One page to render.
enum Job {
    Home(usize),
    Section(String, usize),
    Report(usize),
    Entities,
    Entity(String, usize),
    Sources,
    Source(String),
    Claims,
    Tags,
    Tag(String, usize),
    NotFound,
}

struct Renderer<'s, 'a> {
    site: &'s Site<'a>,
    files: &'s Files,
    theme: &'s crate::theme::Theme,
    /// Section path → title.
    section_titles: HashMap<String, String>,
    /// Section path → reports in it or any of its subsections, newest first.
    section_lists: HashMap<String, Vec<usize>>,
    /// Every report, newest first: the home page's list.
    all: Vec<usize>,
}

impl<'s, 'a> Renderer<'s, 'a> {
    fn new(site: &'s Site<'a>, files: &'s Files, theme: &'s crate::theme::Theme) -> Self {
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
        let mut section_lists: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in site.reports.iter().enumerate() {
            let mut path = r.report.section.as_str();
            while !path.is_empty() {
                section_lists.entry(path.to_string()).or_default().push(i);
                path = path.rsplit_once('/').map_or("", |(parent, _)| parent);
            }
        }
        Renderer {
            site,
            files,
            theme,
            section_titles,
            section_lists,
            all: (0..site.reports.len()).collect(),
        }
    }

    fn per_page(&self) -> usize {
        self.site.config.paginate_by.max(1)
    }

    fn pages_for(&self, n: usize) -> usize {
        n.div_ceil(self.per_page()).max(1)
    }

    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        // The claims index is one large page: started first, it is not
        // left running alone at the end.
        let mut jobs = vec![Job::Claims];
        jobs.extend((1..=self.pages_for(site.reports.len())).map(Job::Home));
        for path in site.sections.keys() {
            let n = self.section_reports(path).len();
            jobs.extend((1..=self.pages_for(n)).map(|p| Job::Section(path.clone(), p)));
        }
        jobs.extend((0..site.reports.len()).map(Job::Report));
        jobs.push(Job::Entities);
        for id in site.defs.entities.keys() {
            let n = site.entity_reports.get(id).map_or(0, Vec::len);
            jobs.extend((1..=self.pages_for(n)).map(|p| Job::Entity(id.to_string(), p)));
        }
        jobs.push(Job::Sources);
        jobs.extend(
            site.defs
                .sources
                .keys()
                .map(|id| Job::Source(id.to_string())),
        );
        jobs.push(Job::Tags);
        for (slug, (_, reports)) in &site.tags {
            jobs.extend((1..=self.pages_for(reports.len())).map(|p| Job::Tag(slug.clone(), p)));
        }
        jobs.push(Job::NotFound);
        jobs
    }

    fn run(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        match job {
            Job::Home(page) => self.home(*page),
            Job::Section(path, page) => self.section(path, *page),
            Job::Report(i) => self.report(*i),
            Job::Entities => self.entities(),
            Job::Entity(id, page) => self.entity(id, *page),
            Job::Sources => self.sources(),
            Job::Source(id) => self.source(id),
            Job::Claims => self.claims(),
            Job::Tags => self.tags(),
            Job::Tag(slug, page) => self.tag(slug, *page),
            Job::NotFound => self.not_found(),
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
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                base_url: &config.base_url,
            },
        );
        ctx.insert("root", root);
        ctx.insert("page_title", title);
        ctx.insert("description", description);
        ctx.insert("canonical", &format!("{}{url}", config.base_url));
        ctx.insert("has_code", &has_code);
        ctx.insert("feed_url", &format!("{root}feed.xml"));
        let mut nav = vec![NavLink {
            title: "Home".into(),
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
        for (title, target) in [
            ("Entities", "entities/"),
            ("Sources", "sources/"),
            ("Claims", "claims/"),
            ("Tags", "tags/"),
        ] {
            nav.push(NavLink {
                title: title.into(),
                url: format!("{root}{target}"),
                current: url.starts_with(target),
            });
        }
        ctx.insert("nav", &nav);
        ctx
    }

    fn card(&self, i: usize, root: &str, mentions: Option<usize>) -> Card {
        let report = self.site.reports[i].report;
        let meta = &report.meta;
        Card {
            title: meta.title.clone(),
            url: format!("{root}{}", report.url),
            date: report.date.machine(),
            date_display: report.date.display(),
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
                .map_or(tag.as_str(), |(name, _)| name.as_str());
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
        let per = self.per_page();
        let total = self.pages_for(items.len());
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

    fn home(&self, page: usize) -> Result<OutputFile, Diagnostic> {
        let (items, url, pagination) = self.paginate(&self.all, "", page);
        let root = root_prefix(&url);
        let config = self.site.config;
        let mut ctx = self.common(&url, &root, &config.title, &config.description, false);
        // `content/_index.md`, as in Hugo and Zola: the home page's
        // introduction, on every page of the home listing.
        let intro = self
            .site
            .docs
            .sections
            .iter()
            .find(|s| s.path.is_empty())
            .map(|s| {
                markdown_at(
                    &self.files.get(s.file).text[s.body_start..],
                    "",
                    &url,
                    config.smart_punctuation,
                )
            })
            .unwrap_or_default();
        ctx.insert("intro", &intro);
        let cards: Vec<Card> = items.iter().map(|&i| self.card(i, &root, None)).collect();
        ctx.insert("reports", &cards);
        ctx.insert("pagination", &pagination);
        let sections: Vec<Link> = self
            .site
            .sections
            .keys()
            .filter(|p| !p.contains('/'))
            .map(|p| Link {
                title: self.section_titles[p].clone(),
                url: format!("{root}{p}/"),
            })
            .collect();
        ctx.insert("sections", &sections);
        self.page("index.html", &url, ctx)
    }

    /// Reports in a section or any of its subsections, newest first.
    fn section_reports(&self, path: &str) -> &[usize] {
        self.section_lists.get(path).map_or(&[], Vec::as_slice)
    }

    fn section(&self, path: &str, page: usize) -> Result<OutputFile, Diagnostic> {
        let reports = self.section_reports(path);
        let (items, url, pagination) = self.paginate(reports, &format!("{path}/"), page);
        let root = root_prefix(&url);
        let index = self.site.docs.sections.iter().find(|s| s.path == path);
        let title = &self.section_titles[path];
        let summary = index
            .and_then(|s| s.meta.summary.clone())
            .unwrap_or_default();
        let mut ctx = self.common(&url, &root, title, &summary, false);
        let intro = index
            .map(|s| {
                markdown_at(
                    &self.files.get(s.file).text[s.body_start..],
                    &format!("{path}/"),
                    &url,
                    self.site.config.smart_punctuation,
                )
            })
            .unwrap_or_default();
        ctx.insert(
            "section",
            &json!({"title": title, "url": format!("{root}{path}/"), "intro": intro}),
        );
        let cards: Vec<Card> = items.iter().map(|&i| self.card(i, &root, None)).collect();
        ctx.insert("reports", &cards);
        ctx.insert("pagination", &pagination);
        let prefix = format!("{path}/");
        let subsections: Vec<Link> = self
            .site
            .sections
            .keys()
            .filter(|p| {
                p.strip_prefix(&prefix)
                    .is_some_and(|rest| !rest.contains('/'))
            })
            .map(|p| Link {
                title: self.section_titles[p].clone(),
                url: format!("{root}{p}/"),
            })
            .collect();
        ctx.insert("subsections", &subsections);
        let mut parents = Vec::new();
        let mut p = path;
        while let Some((parent, _)) = p.rsplit_once('/') {
            parents.insert(
                0,
                Link {
                    title: self.section_titles[parent].clone(),
                    url: format!("{root}{parent}/"),
                },
            );
            p = parent;
        }
        ctx.insert("parents", &parents);
        self.page("section.html", &url, ctx)
    }

    fn source_entry(&self, id: &str, root: &str) -> SourceEntry {
        let def = self.site.defs.sources[id].def;
        SourceEntry {
            number: 0,
            id: id.to_string(),
            anchor: format!("source-{id}"),
            title: def.title.clone(),
            url: def.url.clone().unwrap_or_default(),
            publisher: def.publisher.clone().unwrap_or_default(),
            author: def.author.clone().unwrap_or_default(),
            date: machine_opt(def.date.as_deref()),
            date_display: display_opt(def.date.as_deref()),
            kind: def.kind.as_str(),
            type_label: type_label(def.kind),
            archive_url: def.archive_url.clone().unwrap_or_default(),
            quote: def.quote.clone().unwrap_or_default(),
            accessed: machine_opt(def.accessed.as_deref()),
            accessed_display: display_opt(def.accessed.as_deref()),
            page_url: format!("{root}sources/{id}/"),
            backrefs: Vec::new(),
            body: String::new(),
        }
    }

    /// A claim as a row of the Claims section or an index. On a report page
    /// (`numbers` given) its sources are citation numbers on that page.
    fn claim_row(
        &self,
        id: &str,
        root: &str,
        numbers: Option<(&ResolvedReport<'_>, &[(&str, String)])>,
    ) -> ClaimRow {
        let entry = &self.site.defs.claims[id];
        let def = entry.def;
        let report = &self.site.docs.reports[entry.report];
        let cites = match numbers {
            Some((r, cites)) => cites
                .iter()
                .map(|(source, anchor)| Cite {
                    number: (r.sources.iter().position(|s| s == source).unwrap_or(0) + 1)
                        .to_string(),
                    href: format!("#source-{source}"),
                    title: self.site.defs.sources[*source].def.title.clone(),
                    anchor: anchor.clone(),
                })
                .collect(),
            None => def
                .sources
                .iter()
                .filter_map(|s| self.site.defs.sources.get(s.as_str()).map(|d| (s, d)))
                .map(|(s, d)| Cite {
                    number: String::new(),
                    href: format!("{root}sources/{s}/"),
                    title: d.def.title.clone(),
                    anchor: String::new(),
                })
                .collect(),
        };
        ClaimRow {
            id: id.to_string(),
            url: format!("{root}claims/#{id}"),
            text: def.text.clone(),
            status: def.status.clone(),
            status_label: status_label(&def.status),
            date: machine_opt(def.date.as_deref()),
            date_display: display_opt(def.date.as_deref()),
            note: def.note.clone().unwrap_or_default(),
            cites,
            entities: def
                .entities
                .iter()
                .filter_map(|e| self.site.defs.entities.get(e.as_str()).map(|d| (e, d)))
                .map(|(e, d)| Link {
                    title: d.def.name.clone(),
                    url: format!("{root}entities/{e}/"),
                })
                .collect(),
            report: Link {
                title: report.meta.title.clone(),
                url: format!("{root}{}", report.url),
            },
        }
    }

    fn report(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let r = &self.site.reports[i];
        let report = r.report;
        let meta = &report.meta;
        let url = report.url.as_str();
        let root = root_prefix(url);
        let mut ctx = self.common(
            url,
            &root,
            &meta.title,
            meta.summary.as_deref().unwrap_or(""),
            r.body.has_code,
        );
        let sources: Vec<SourceEntry> = r
            .sources
            .iter()
            .enumerate()
            .map(|(n, &id)| {
                let mut entry = self.source_entry(id, &root);
                entry.number = n + 1;
                entry.backrefs = r
                    .uses
                    .get(id)
                    .map(|uses| {
                        uses.iter()
                            .enumerate()
                            .map(|(k, u)| Backref {
                                label: backref_label(k),
                                href: format!("#{}", u.anchor),
                                locator: u.locator.clone().unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                entry
            })
            .collect();
        let claims: Vec<ClaimRow> = r
            .claims
            .iter()
            .map(|(id, cites)| self.claim_row(id, &root, Some((r, cites))))
            .collect();
        let notes: Vec<serde_json::Value> = r
            .body
            .notes
            .iter()
            .map(|n| {
                json!({
                    "number": n.number,
                    "id": format!("note-{}", n.number),
                    "html": n.html,
                    "backrefs": n.refs.iter().enumerate().map(|(k, a)| json!({"label": backref_label(k), "href": format!("#{a}"), "locator": ""})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let entities: Vec<serde_json::Value> = r
            .entities
            .iter()
            .map(|&(id, mentions)| {
                let def = self.site.defs.entities[id].def;
                json!({"id": id, "name": def.name, "url": format!("{root}entities/{id}/"), "type": def.kind.as_str(), "type_label": singular(def.kind), "mentions": mentions})
            })
            .collect();
        let card = self.card(i, &root, None);
        // Borrowed where it can be: the body alone is tens of kilobytes.
        #[derive(Serialize)]
        struct ReportView<'v> {
            title: &'v str,
            url: String,
            summary: String,
            date: String,
            date_display: String,
            updated: String,
            updated_display: String,
            authors: &'v [String],
            tags: Vec<Link>,
            section: Option<Link>,
            body: &'v str,
            claims: Vec<ClaimRow>,
            sources: Vec<SourceEntry>,
            notes: Vec<serde_json::Value>,
            entities: Vec<serde_json::Value>,
            jsonld: String,
            draft: bool,
        }
        ctx.insert(
            "report",
            &ReportView {
                title: &meta.title,
                url: format!("{root}{url}"),
                summary: card.summary,
                date: card.date,
                date_display: card.date_display,
                updated: report.updated.map(When::machine).unwrap_or_default(),
                updated_display: report.updated.map(When::display).unwrap_or_default(),
                authors: &meta.authors,
                tags: card.tags,
                section: card.section,
                body: &r.body.html,
                claims,
                sources,
                notes,
                entities,
                jsonld: self.jsonld(r),
                draft: meta.draft,
            },
        );
        self.page("report.html", url, ctx)
    }

    fn jsonld(&self, r: &ResolvedReport<'_>) -> String {
        let base = &self.site.config.base_url;
        let report = r.report;
        let meta = &report.meta;
        let mentions: Vec<serde_json::Value> = r
            .entities
            .iter()
            .map(|&(id, _)| {
                let def = self.site.defs.entities[id].def;
                let kind = match def.kind {
                    EntityType::Person => "Person",
                    EntityType::Organization => "Organization",
                    EntityType::Country => "Country",
                    EntityType::Place => "Place",
                    EntityType::Event => "Event",
                    EntityType::Other => "Thing",
                };
                let same_as: Vec<&String> = def.links.values().collect();
                json!({"@type": kind, "name": def.name, "url": format!("{base}entities/{id}/"), "sameAs": same_as})
            })
            .collect();
        let citations: Vec<serde_json::Value> = r
            .sources
            .iter()
            .map(|&id| {
                let def = self.site.defs.sources[id].def;
                let mut v = json!({"@type": "CreativeWork", "name": def.title});
                if let Some(url) = &def.url {
                    v["url"] = json!(url);
                }
                if let Some(p) = &def.publisher {
                    v["publisher"] = json!({"@type": "Organization", "name": p});
                }
                if let Some(d) = def.date.as_deref().and_then(parse_date) {
                    v["datePublished"] = json!(d.machine());
                }
                v
            })
            .collect();
        let mut article = json!({
            "@type": "Article",
            "headline": meta.title,
            "datePublished": report.date.machine(),
            "url": format!("{base}{}", report.url),
            "author": meta.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            "mentions": mentions,
            "citation": citations,
        });
        if let Some(updated) = report.updated {
            article["dateModified"] = json!(updated.machine());
        }
        if let Some(summary) = &meta.summary {
            article["description"] = json!(summary);
        }
        let keywords: Vec<&str> = self
            .report_tags(&meta.tags)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        if !keywords.is_empty() {
            article["keywords"] = json!(keywords);
        }
        let mut graph = vec![article];
        for (id, _) in &r.claims {
            let def = self.site.defs.claims[*id].def;
            graph.push(json!({
                "@type": "ClaimReview",
                "url": format!("{base}claims/#{id}"),
                "claimReviewed": def.text,
                "reviewRating": {"@type": "Rating", "alternateName": status_label(&def.status)},
                "itemReviewed": {"@type": "Claim", "datePublished": def.date.as_deref().and_then(parse_date).map(When::machine)},
            }));
        }
        script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
    }

    fn entity_counts(&self, id: &str) -> (usize, usize, usize) {
        let reports = self
            .site
            .entity_reports
            .get(id)
            .map_or(&[][..], Vec::as_slice);
        let claims = self.site.entity_claims.get(id).map_or(0, Vec::len);
        let mentions = reports.iter().map(|(_, m)| m).sum();
        (reports.len(), claims, mentions)
    }

    fn entities(&self) -> Result<OutputFile, Diagnostic> {
        let url = "entities/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, "Entities", "", false);
        let groups: Vec<serde_json::Value> = EntityType::ALL
            .iter()
            .filter_map(|&kind| {
                let mut list: Vec<(&str, &str)> = self
                    .site
                    .defs
                    .entities
                    .iter()
                    .filter(|(_, d)| d.def.kind == kind)
                    .map(|(id, d)| (*id, d.def.name.as_str()))
                    .collect();
                if list.is_empty() {
                    return None;
                }
                list.sort_by_cached_key(|(_, name)| name.to_lowercase());
                let entities: Vec<serde_json::Value> = list
                    .into_iter()
                    .map(|(id, name)| {
                        let (reports, claims, mentions) = self.entity_counts(id);
                        json!({"id": id, "name": name, "url": format!("{root}entities/{id}/"), "reports": reports, "claims": claims, "mentions": mentions})
                    })
                    .collect();
                Some(json!({"type": kind.as_str(), "label": kind.label(), "entities": entities}))
            })
            .collect();
        ctx.insert("groups", &groups);
        self.page("entities.html", url, ctx)
    }

    /// The Markdown body, as HTML, of the registry file in `items` that a
    /// definition comes from; empty for one made in a report.
    ///
    /// The body is written for the item's first page, `home`; shown at
    /// `url` (a later page), its relative links are rewritten to work there.
    fn registry_body<T>(
        &self,
        origin: crate::resolve::Origin,
        items: &[crate::model::RegistryItem<T>],
        home: &str,
        url: &str,
    ) -> String {
        match origin {
            crate::resolve::Origin::Registry(i) => items.get(i).map_or_else(String::new, |x| {
                markdown_at(
                    &self.files.get(x.file).text[x.body_start..],
                    home,
                    url,
                    self.site.config.smart_punctuation,
                )
            }),
            crate::resolve::Origin::Report(_) => String::new(),
        }
    }

    fn entity(&self, id: &str, page: usize) -> Result<OutputFile, Diagnostic> {
        let def = &self.site.defs.entities[id];
        let reports = self
            .site
            .entity_reports
            .get(id)
            .map_or(&[][..], Vec::as_slice);
        let (items, url, pagination) = self.paginate(reports, &format!("entities/{id}/"), page);
        let root = root_prefix(&url);
        let e = def.def;
        let mut ctx = self.common(
            &url,
            &root,
            &e.name,
            e.description.as_deref().unwrap_or(""),
            false,
        );
        ctx.insert(
            "entity",
            &json!({
                "id": id,
                "name": e.name,
                "type": e.kind.as_str(),
                "type_label": singular(e.kind),
                "aliases": e.aliases,
                "description": e.description.clone().unwrap_or_default(),
                "body": self.registry_body(def.origin, &self.site.docs.entities, &format!("entities/{id}/"), &url),
                "links": e.links.iter().map(|(k, v)| json!({"title": link_label(k, v), "url": v})).collect::<Vec<_>>(),
            }),
        );
        let cards: Vec<Card> = items
            .iter()
            .map(|&(i, m)| self.card(i, &root, Some(m)))
            .collect();
        ctx.insert("reports", &cards);
        ctx.insert("pagination", &pagination);
        // Claims and related entities are on the entity's first page only:
        // repeated on every page of its reports, an entity named in most
        // reports made the site grow with the square of their number.
        let first = page == 1;
        let mut claim_ids: Vec<&str> = if first {
            self.site.entity_claims.get(id).cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        // By date, oldest first; undated claims last.
        claim_ids.sort_by_cached_key(|c| {
            let date = self.site.defs.claims[*c]
                .def
                .date
                .as_deref()
                .and_then(parse_date);
            (date.is_none(), date)
        });
        let claims: Vec<ClaimRow> = claim_ids
            .iter()
            .map(|c| self.claim_row(c, &root, None))
            .collect();
        ctx.insert("claims", &claims);
        let related: Vec<serde_json::Value> = self
            .site
            .related
            .get(id)
            .filter(|_| first)
            .map(|list| {
                list.iter()
                    .take(24)
                    .map(|(other, count)| {
                        json!({"name": self.site.defs.entities[*other].def.name, "url": format!("{root}entities/{other}/"), "count": count})
                    })
                    .collect()
            })
            .unwrap_or_default();
        ctx.insert("related", &related);
        self.page("entity.html", &url, ctx)
    }

    fn sources(&self) -> Result<OutputFile, Diagnostic> {
        let url = "sources/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, "Sources", "", false);
        let groups: Vec<serde_json::Value> = SourceType::ALL
            .iter()
            .filter_map(|&kind| {
                let mut list: Vec<(&str, &crate::model::SourceDef)> = self
                    .site
                    .defs
                    .sources
                    .iter()
                    .filter(|(_, d)| d.def.kind == kind)
                    .map(|(id, d)| (*id, d.def))
                    .collect();
                if list.is_empty() {
                    return None;
                }
                list.sort_by_cached_key(|(_, d)| d.title.to_lowercase());
                let sources: Vec<serde_json::Value> = list
                    .into_iter()
                    .map(|(id, d)| {
                        json!({
                            "id": id, "title": d.title, "url": format!("{root}sources/{id}/"),
                            "publisher": d.publisher.clone().unwrap_or_default(),
                            "date": machine_opt(d.date.as_deref()),
                            "date_display": display_opt(d.date.as_deref()),
                            "author": d.author.clone().unwrap_or_default(),
                            "reports": self.site.source_reports.get(id).map_or(0, Vec::len),
                            "claims": self.site.source_claims.get(id).map_or(0, Vec::len),
                        })
                    })
                    .collect();
                Some(json!({"type": kind.as_str(), "label": kind.label(), "sources": sources}))
            })
            .collect();
        ctx.insert("groups", &groups);
        self.page("sources.html", url, ctx)
    }

    fn source(&self, id: &str) -> Result<OutputFile, Diagnostic> {
        let url = format!("sources/{id}/");
        let root = root_prefix(&url);
        let def = &self.site.defs.sources[id];
        let mut ctx = self.common(&url, &root, &def.def.title, "", false);
        let mut entry = self.source_entry(id, &root);
        entry.body = self.registry_body(def.origin, &self.site.docs.sources, &url, &url);
        ctx.insert("source", &entry);
        let cards: Vec<Card> = self
            .site
            .source_reports
            .get(id)
            .map(|list| list.iter().map(|&i| self.card(i, &root, None)).collect())
            .unwrap_or_default();
        ctx.insert("reports", &cards);
        let claims: Vec<ClaimRow> = self
            .site
            .source_claims
            .get(id)
            .map(|list| {
                list.iter()
                    .map(|c| self.claim_row(c, &root, None))
                    .collect()
            })
            .unwrap_or_default();
        ctx.insert("claims", &claims);
        self.page("source.html", &url, ctx)
    }

    fn claims(&self) -> Result<OutputFile, Diagnostic> {
        let url = "claims/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, "Claims", "", false);
        let mut groups = Vec::new();
        let mut statuses = Vec::new();
        for status in &self.site.config.claim_statuses {
            let claims: Vec<ClaimRow> = self
                .site
                .defs
                .claims
                .iter()
                .filter(|(_, c)| &c.def.status == status)
                .map(|(id, _)| self.claim_row(id, &root, None))
                .collect();
            statuses.push(
                json!({"status": status, "label": status_label(status), "count": claims.len()}),
            );
            if !claims.is_empty() {
                groups.push(
                    json!({"status": status, "label": status_label(status), "claims": claims}),
                );
            }
        }
        ctx.insert("groups", &groups);
        ctx.insert("statuses", &statuses);
        self.page("claims.html", url, ctx)
    }

    fn tags(&self) -> Result<OutputFile, Diagnostic> {
        let url = "tags/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, "Tags", "", false);
        let tags: Vec<serde_json::Value> = self
            .site
            .tags
            .iter()
            .map(|(slug, (name, reports))| json!({"name": name, "url": format!("{root}tags/{slug}/"), "count": reports.len()}))
            .collect();
        ctx.insert("tags", &tags);
        self.page("tags.html", url, ctx)
    }

    fn tag(&self, slug: &str, page: usize) -> Result<OutputFile, Diagnostic> {
        let (name, reports) = &self.site.tags[slug];
        let (items, url, pagination) = self.paginate(reports, &format!("tags/{slug}/"), page);
        let root = root_prefix(&url);
        let mut ctx = self.common(&url, &root, &format!("Tag: {name}"), "", false);
        ctx.insert(
            "tag",
            &json!({"name": name, "url": format!("{root}tags/{slug}/")}),
        );
        let cards: Vec<Card> = items.iter().map(|&i| self.card(i, &root, None)).collect();
        ctx.insert("reports", &cards);
        ctx.insert("pagination", &pagination);
        self.page("tag.html", &url, ctx)
    }

    fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        // A host serves this page for a missing URL at any depth, where
        // relative links break: here every link is absolute, or under
        // `serve` starts at the local root (the site's address there).
        let config = self.site.config;
        let root = config
            .served_at
            .clone()
            .unwrap_or_else(|| config.base_url.clone());
        let ctx = self.common("404.html", &root, "Page not found", "", false);
        let html = self.theme.tera.render("404.html", &ctx).map_err(|e| {
            crate::theme::page_error(&e, &self.theme.templates, self.files, "404.html")
        })?;
        Ok(OutputFile::new("404.html", html))
    }

    fn feed(&self) -> String {
        let config = self.site.config;
        let base = &config.base_url;
        let x = |s: &str| escape(s);
        // Drafts (built with `--drafts`) are not announced.
        let published = || self.site.reports.iter().filter(|r| !r.report.meta.draft);
        let updated = published()
            .map(|r| r.report.updated.unwrap_or(r.report.date))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), When::feed);
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <link href=\"{base}feed.xml\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{base}\"/>\n  <id>{base}</id>\n  <updated>{updated}</updated>\n  <generator>dossier</generator>\n",
            x(&config.language),
            x(&config.title),
            x(&config.description),
        );
        for r in published().take(20) {
            let report = r.report;
            let meta = &report.meta;
            let link = format!("{base}{}", report.url);
            out.push_str(&format!(
                "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n",
                x(&meta.title),
                report.date.feed(),
                report.updated.unwrap_or(report.date).feed(),
            ));
            let authors: Vec<&str> = if meta.authors.is_empty() {
                vec![config.title.as_str()]
            } else {
                meta.authors.iter().map(String::as_str).collect()
            };
            for a in authors {
                out.push_str(&format!("    <author><name>{}</name></author>\n", x(a)));
            }
            if let Some(summary) = &meta.summary {
                out.push_str(&format!("    <summary>{}</summary>\n", x(summary)));
            }
            for (_, tag) in self.report_tags(&meta.tags) {
                out.push_str(&format!("    <category term=\"{}\"/>\n", x(tag)));
            }
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    fn sitemap(&self, pages: &[String]) -> String {
        let base = &self.site.config.base_url;
        // Drafts (built with `--drafts`) are not for search engines.
        let drafts: HashSet<&str> = self
            .site
            .reports
            .iter()
            .filter(|r| r.report.meta.draft)
            .map(|r| r.report.url.as_str())
            .collect();
        let mut urls: Vec<&str> = pages
            .iter()
            .filter(|p| p.ends_with("index.html"))
            .map(|p| p.trim_end_matches("index.html"))
            .filter(|url| !drafts.contains(url))
            .collect();
        urls.sort_unstable();
        // A report's page carries its last change, as its whole instant.
        let changed: HashMap<&str, When> = self
            .site
            .reports
            .iter()
            .map(|r| {
                (
                    r.report.url.as_str(),
                    r.report.updated.unwrap_or(r.report.date),
                )
            })
            .collect();
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for url in urls {
            let loc = escape(&format!("{base}{url}"));
            match changed.get(url) {
                Some(when) => out.push_str(&format!(
                    "  <url><loc>{loc}</loc><lastmod>{}</lastmod></url>\n",
                    when.machine()
                )),
                None => out.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
            }
        }
        out.push_str("</urlset>\n");
        out
    }

    fn data_json(&self) -> String {
        // Serialized from borrowed structs, not built as a `Value`: at
        // 10,000 reports the file is tens of megabytes. Fields are in
        // alphabetical order, as the format has always been written.
        #[derive(Serialize)]
        struct Data<'d> {
            claims: Vec<ClaimData<'d>>,
            entities: Vec<EntityData<'d>>,
            reports: Vec<ReportData<'d>>,
            site: SiteData<'d>,
            sources: Vec<SourceData<'d>>,
        }
        #[derive(Serialize)]
        struct SiteData<'d> {
            base_url: &'d str,
            title: &'d str,
        }
        #[derive(Serialize)]
        struct ReportData<'d> {
            claims: Vec<&'d str>,
            date: String,
            /// Only on a draft, in a build with `--drafts`.
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            draft: bool,
            entities: Vec<&'d str>,
            id: &'d str,
            sources: &'d [&'d str],
            tags: Vec<&'d str>,
            title: &'d str,
            url: &'d str,
        }
        #[derive(Serialize)]
        struct EntityData<'d> {
            aliases: &'d [String],
            claims: &'d [&'d str],
            id: &'d str,
            mentions: usize,
            name: &'d str,
            reports: Vec<&'d str>,
            #[serde(rename = "type")]
            kind: &'static str,
            url: String,
        }
        #[derive(Serialize)]
        struct SourceData<'d> {
            claims: &'d [&'d str],
            id: &'d str,
            reports: Vec<&'d str>,
            title: &'d str,
            #[serde(rename = "type")]
            kind: &'static str,
            url: String,
        }
        #[derive(Serialize)]
        struct ClaimData<'d> {
            date: Option<String>,
            entities: &'d [String],
            id: &'d str,
            report: &'d str,
            sources: &'d [String],
            status: &'d str,
            text: &'d str,
            url: String,
        }
        let site = self.site;
        let report_ids = |list: &[usize]| -> Vec<&str> {
            list.iter()
                .map(|i| site.reports[*i].report.id.as_str())
                .collect()
        };
        let data = Data {
            claims: site
                .defs
                .claims
                .iter()
                .map(|(&id, c)| ClaimData {
                    date: c
                        .def
                        .date
                        .as_deref()
                        .and_then(parse_date)
                        .map(When::machine),
                    entities: &c.def.entities,
                    id,
                    report: &site.docs.reports[c.report].id,
                    sources: &c.def.sources,
                    status: &c.def.status,
                    text: &c.def.text,
                    url: format!("claims/#{id}"),
                })
                .collect(),
            entities: site
                .defs
                .entities
                .iter()
                .map(|(&id, d)| {
                    let list = site.entity_reports.get(id).map_or(&[][..], Vec::as_slice);
                    EntityData {
                        aliases: &d.def.aliases,
                        claims: site.entity_claims.get(id).map_or(&[][..], Vec::as_slice),
                        id,
                        mentions: list.iter().map(|(_, m)| m).sum(),
                        name: &d.def.name,
                        reports: list
                            .iter()
                            .map(|(i, _)| site.reports[*i].report.id.as_str())
                            .collect(),
                        kind: d.def.kind.as_str(),
                        url: format!("entities/{id}/"),
                    }
                })
                .collect(),
            reports: site
                .reports
                .iter()
                .map(|r| {
                    let report = r.report;
                    ReportData {
                        claims: r.claims.iter().map(|(c, _)| *c).collect(),
                        date: report.date.machine(),
                        draft: report.meta.draft,
                        entities: r.entities.iter().map(|(e, _)| *e).collect(),
                        id: &report.id,
                        sources: &r.sources,
                        tags: self
                            .report_tags(&report.meta.tags)
                            .into_iter()
                            .map(|(_, name)| name)
                            .collect(),
                        title: &report.meta.title,
                        url: &report.url,
                    }
                })
                .collect(),
            site: SiteData {
                base_url: &site.config.base_url,
                title: &site.config.title,
            },
            sources: site
                .defs
                .sources
                .iter()
                .map(|(&id, d)| SourceData {
                    claims: site.source_claims.get(id).map_or(&[][..], Vec::as_slice),
                    id,
                    reports: site
                        .source_reports
                        .get(id)
                        .map(|l| report_ids(l))
                        .unwrap_or_default(),
                    title: &d.def.title,
                    kind: d.def.kind.as_str(),
                    url: format!("sources/{id}/"),
                })
                .collect(),
        };
        let mut out = serde_json::to_string_pretty(&data).unwrap_or_default();
        out.push('\n');
        out
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

/// A front-matter date as it reads on a page, or empty.
fn display_opt(date: Option<&str>) -> String {
    date.and_then(parse_date)
        .map(When::display)
        .unwrap_or_default()
}

/// A front-matter date as machines read it (the whole instant), or empty.
fn machine_opt(date: Option<&str>) -> String {
    date.and_then(parse_date)
        .map(When::machine)
        .unwrap_or_default()
}

/// `a`, `b`, ... `z`, `aa`, `ab`, ...
fn backref_label(k: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if k < 26 {
        (letters[k] as char).to_string()
    } else {
        format!("{}{}", backref_label(k / 26 - 1), letters[k % 26] as char)
    }
}

fn singular(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "Person",
        EntityType::Organization => "Organization",
        EntityType::Country => "Country",
        EntityType::Place => "Place",
        EntityType::Event => "Event",
        EntityType::Other => "Other",
    }
}

fn type_label(kind: SourceType) -> &'static str {
    match kind {
        SourceType::Article => "Article",
        SourceType::Report => "Report",
        SourceType::OfficialStatement => "Official statement",
        SourceType::Speech => "Speech",
        SourceType::SocialMedia => "Social media",
        SourceType::Interview => "Interview",
        SourceType::Dataset => "Dataset",
        SourceType::CourtRecord => "Court record",
        SourceType::Book => "Book",
        SourceType::Other => "Other",
    }
}

/// Sites that entity `links:` point to, by the key an author would write
/// (lower-case, without spaces, `-` or `_`) and by host, with the names the
/// sites give themselves.
const KNOWN_SITES: &[(&[&str], &[&str], &str)] = &[
    (&["wikidata"], &["wikidata.org"], "Wikidata"),
    (&["wikipedia", "wiki"], &["wikipedia.org"], "Wikipedia"),
    (
        &["commons", "wikimediacommons"],
        &["commons.wikimedia.org"],
        "Wikimedia Commons",
    ),
    (&["opensanctions"], &["opensanctions.org"], "OpenSanctions"),
    (
        &["opencorporates"],
        &["opencorporates.com"],
        "OpenCorporates",
    ),
    (&["littlesis"], &["littlesis.org"], "LittleSis"),
    (&["opensecrets"], &["opensecrets.org"], "OpenSecrets"),
    (
        &["offshoreleaks", "icij"],
        &["offshoreleaks.icij.org"],
        "ICIJ Offshore Leaks",
    ),
    (&["orcid"], &["orcid.org"], "ORCID"),
    (&["ror"], &["ror.org"], "ROR"),
    (&["viaf"], &["viaf.org"], "VIAF"),
    (&["isni"], &["isni.org"], "ISNI"),
    (&["lei", "gleif"], &["gleif.org"], "LEI"),
    (&["github"], &["github.com"], "GitHub"),
    (&["gitlab"], &["gitlab.com"], "GitLab"),
    (&["twitter", "x"], &["twitter.com", "x.com"], "X (Twitter)"),
    (&["facebook", "fb"], &["facebook.com"], "Facebook"),
    (&["linkedin"], &["linkedin.com"], "LinkedIn"),
    (&["instagram"], &["instagram.com"], "Instagram"),
    (&["youtube"], &["youtube.com", "youtu.be"], "YouTube"),
    (&["tiktok"], &["tiktok.com"], "TikTok"),
    (&["bluesky", "bsky"], &["bsky.app"], "Bluesky"),
    (&["mastodon"], &[], "Mastodon"),
    (&["threads"], &["threads.net"], "Threads"),
    (&["telegram"], &["t.me"], "Telegram"),
    (&["imdb"], &["imdb.com"], "IMDb"),
    (&["crunchbase"], &["crunchbase.com"], "Crunchbase"),
    (
        &[
            "website",
            "web",
            "site",
            "homepage",
            "home",
            "official",
            "officialwebsite",
            "officialsite",
            "url",
        ],
        &[],
        "Official website",
    ),
];

/// The text of an entity's link: the proper name of a known site (by key,
/// `wikidata` → Wikidata), else the key as written when the author wrote
/// a label (capitals, spaces: `Court records`), else the name of a known
/// site by the URL's host, else the host (`www.example.org` → `example.org`).
pub fn link_label(key: &str, url: &str) -> String {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    if let Some((_, _, name)) = KNOWN_SITES
        .iter()
        .find(|(keys, _, _)| keys.contains(&folded.as_str()))
    {
        return (*name).to_string();
    }
    let is_label = key.chars().any(|c| c.is_uppercase() || c.is_whitespace());
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if is_label || host.is_empty() {
        return key.to_string();
    }
    let on = |site: &str| host == site || host.ends_with(&format!(".{site}"));
    match KNOWN_SITES
        .iter()
        .find(|(_, hosts, _)| hosts.iter().any(|h| on(h)))
    {
        Some((_, _, name)) => (*name).to_string(),
        None => host.to_string(),
    }
}

/// JSON for a `<script>` element: no `<`, `>` or `&` survive, so no text
/// from front matter can close the element.
pub fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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

    #[test]
    fn backref_labels() {
        assert_eq!(backref_label(0), "a");
        assert_eq!(backref_label(25), "z");
        assert_eq!(backref_label(26), "aa");
    }

    #[test]
    fn entity_links_are_named_after_their_sites() {
        let label = |k, u| link_label(k, u);
        assert_eq!(
            label("wikidata", "https://www.wikidata.org/wiki/Q1"),
            "Wikidata"
        );
        assert_eq!(label("Open-Sanctions", "https://x.org/"), "OpenSanctions");
        assert_eq!(label("open_corporates", "https://x.org/"), "OpenCorporates");
        assert_eq!(label("twitter", "https://x.com/a"), "X (Twitter)");
        assert_eq!(
            label("website", "https://acme.example/"),
            "Official website"
        );
        // An unknown key: a label as written, or the site by its host.
        assert_eq!(
            label("Court records", "https://courts.example/1"),
            "Court records"
        );
        assert_eq!(label("SEC", "https://sec.gov/x"), "SEC");
        assert_eq!(
            label("registry", "https://www.example.org/a?b"),
            "example.org"
        );
        assert_eq!(
            label("profile", "https://en.wikipedia.org/wiki/A"),
            "Wikipedia"
        );
        assert_eq!(
            label("bio", "https://user@Sub.Example.org:8080/x"),
            "sub.example.org"
        );
    }

    #[test]
    fn script_json_cannot_break_out() {
        let s = script_json(&json!({"t": "</script><script>alert(1)</script>&"}));
        assert!(!s.contains("</script>"));
        assert!(!s.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>&");
    }
}
