//! Relative links in the site's Markdown that lead to no page, file or
//! element of the output (W004), or to a file that is not there (E028,
//! an error: a missing photo or document is a broken report): the pages,
//! files and element ids the output will have, and what to write instead
//! of a link that leads nowhere.

use std::collections::{HashMap, HashSet};

use crate::annotate::{self, BodyLink};
use crate::diag::{Code, Diagnostic, FileId, Files, Span, suggest};
use crate::urls::{join_url, root_prefix};

use super::{ResolvedReport, Site};

/// The links and images of a Markdown text that is not a report body (a
/// section's or the home page's `_index.md`, a registry file), with their
/// spans in `file`.
fn plain_links(files: &Files, file: FileId, body_start: usize) -> Vec<BodyLink> {
    use pulldown_cmark::{Event, Parser, Tag};
    let text = &files.get(file).text[body_start..];
    Parser::new_ext(text, crate::markdown::PLAIN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(BodyLink {
                    dest: dest_url.to_string(),
                    span: Span::new(file, body_start + range.start..body_start + range.end),
                })
            }
            _ => None,
        })
        .filter(|link| crate::urls::is_page_relative(&link.dest))
        .collect()
}

/// Every page and file of the output that a link in a body may lead to.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pages: HashSet<String>,
    files: HashSet<String>,
    /// Report URL → the element ids its body gives (headings and the
    /// page's sections), for `#fragment` links.
    ids: HashMap<String, HashSet<String>>,
    /// Pages that files which failed to parse would have made.
    unavailable: HashSet<String>,
}

impl LinkTargets {
    pub fn new(site: &Site<'_>, files_out: &HashSet<String>) -> LinkTargets {
        let mut ids = HashMap::new();
        let mut pages: HashSet<String> = HashSet::new();
        pages.insert(String::new());
        for r in &site.reports {
            pages.insert(r.report.url.clone());
            ids.insert(r.report.url.clone(), page_ids(r));
        }
        for path in site.sections.keys() {
            pages.insert(format!("{path}/"));
        }
        // The later pages of every paginated list (`2024/page/2/`). A
        // section lists the reports of its subsections too.
        let mut in_section: HashMap<&str, usize> = HashMap::new();
        for r in &site.reports {
            let mut path = r.report.section.as_str();
            while !path.is_empty() {
                *in_section.entry(path).or_default() += 1;
                path = path.rsplit_once('/').map_or("", |(parent, _)| parent);
            }
        }
        let mut lists: Vec<(String, usize)> = vec![(String::new(), site.reports.len())];
        for path in site.sections.keys() {
            let n = in_section.get(path.as_str()).copied().unwrap_or(0);
            lists.push((format!("{path}/"), n));
        }
        for (slug, tag) in &site.tags {
            lists.push((format!("tags/{slug}/"), tag.reports.len()));
        }
        for (id, reports) in &site.entity_reports {
            lists.push((format!("entities/{id}/"), reports.len()));
        }
        for (base, n) in lists {
            for page in 2..=crate::urls::page_count(n, site.config.paginate_by) {
                pages.insert(crate::urls::list_page_url(&base, page));
            }
        }
        for fixed in ["entities/", "sources/", "claims/", "tags/"] {
            pages.insert(fixed.to_string());
        }
        pages.extend(
            site.defs
                .entities
                .keys()
                .map(|id| format!("entities/{id}/")),
        );
        pages.extend(
            site.defs
                .sources
                .keys()
                .filter(|id| site.has_source_page(id.as_str()))
                .map(|id| format!("sources/{}/", crate::ids::source_slug(id.as_str()))),
        );
        pages.extend(site.tags.keys().map(|t| format!("tags/{t}/")));
        pages.extend(site.defs.claims.keys().map(|id| format!("claims/{id}/")));
        let mut files = files_out.clone();
        for r in &site.reports {
            files.extend(
                r.report
                    .files
                    .iter()
                    .map(|f| format!("{}{}", r.report.url, f.name)),
            );
        }
        LinkTargets {
            pages,
            files,
            ids,
            unavailable: site.docs.unavailable.pages.iter().cloned().collect(),
        }
    }

    /// The warnings for the links in one report's body.
    pub fn check(&self, r: &ResolvedReport<'_>) -> Vec<Diagnostic> {
        let mut diags = self.check_links(&r.report.url, &r.body.links);
        for d in diags.iter_mut().filter(|d| d.code == Code::E028) {
            d.help = Some(bundle_help(r, d.help.take()));
        }
        diags
    }

    /// The warnings for the links of the Markdown shown outside report
    /// pages: `_index.md` files and registry bodies, each checked against
    /// the page it is written for (it is shown on later pages too, with its
    /// links rewritten to lead to the same places).
    pub fn check_plain(&self, site: &Site<'_>, files: &Files) -> Vec<Diagnostic> {
        let docs = site.docs;
        let sections = docs.sections.iter().map(|s| {
            let url = if s.path.is_empty() {
                String::new()
            } else {
                format!("{}/", s.path)
            };
            (url, s.file, s.body_start)
        });
        let entities = docs
            .entities
            .iter()
            .map(|e| (format!("entities/{}/", e.id), e.file, e.body_start));
        let sources = docs
            .sources
            .iter()
            .map(|e| (format!("sources/{}/", e.id), e.file, e.body_start));
        sections
            .chain(entities)
            .chain(sources)
            .flat_map(|(url, file, start)| self.check_links(&url, &plain_links(files, file, start)))
            .collect()
    }

    /// The warnings for `links`, written on the page at `base`.
    fn check_links(&self, base: &str, links: &[BodyLink]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for link in links {
            let (address, fragment) = match link.dest.split_once('#') {
                Some((a, f)) => (a, Some(f)),
                None => (link.dest.as_str(), None),
            };
            let path = address.split('?').next().unwrap_or("");
            let page = if path.is_empty() {
                Some(base.to_string())
            } else {
                join_url(base, path).and_then(|target| self.page_of(&target))
            };
            let Some(page) = page else {
                if !path.is_empty() && self.leads_to_unavailable(base, path) {
                    continue;
                }
                if is_file_path(path) {
                    diags.push(
                        Diagnostic::new(
                            Code::E028,
                            format!("the file `{}` is not there", link.dest),
                        )
                        .at(link.span)
                        .label("no such file")
                        .help_opt(
                            join_url(base, path)
                                .and_then(|target| self.nearest_file(base, &target)),
                        ),
                    );
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        Code::W004,
                        format!("the link `{}` leads to no page of this site", link.dest),
                    )
                    .at(link.span)
                    .help(self.dangling_help(base, path)),
                );
                continue;
            };
            // Fragments are checked on report pages, whose ids are known.
            let (Some(fragment), Some(ids)) = (fragment, self.ids.get(&page)) else {
                continue;
            };
            let fragment = percent_decode(fragment);
            if fragment.is_empty() || ids.contains(&fragment) {
                continue;
            }
            let shown = if page.is_empty() {
                "the home page".to_string()
            } else {
                format!("`{page}`")
            };
            diags.push(
                Diagnostic::new(
                    Code::W004,
                    format!("the link `{}` leads to {shown}, which has no element `#{fragment}`", link.dest),
                )
                .at(link.span)
                .help_opt(
                    suggest(&fragment, ids.iter().map(String::as_str))
                        .or_else(|| Some("a heading's id is its text in lower case with `-` for spaces, or the `{#id}` written after it".into())),
                ),
            );
        }
        diags
    }

    /// Whether `path`, written on the page at `base`, leads to a page that
    /// a file which failed to parse would have made: its error is shown.
    fn leads_to_unavailable(&self, base: &str, path: &str) -> bool {
        join_url(base, path).is_some_and(|target| {
            let dir = target.strip_suffix("index.html").unwrap_or(&target);
            self.unavailable.contains(dir) || self.unavailable.contains(&format!("{dir}/"))
        })
    }

    /// What to write instead of `path`, a link on the page at `base` that
    /// leads nowhere: the relative form of a link written from the site's
    /// root (`/a/`), the page of a linked Markdown file (`b.md`), or the
    /// nearest page.
    fn dangling_help(&self, base: &str, path: &str) -> String {
        let prefix = root_prefix(base);
        let relative = |page: &str| format!("{prefix}{page}");
        if let Some(rooted) = path.strip_prefix('/')
            && let Some(page) = self.page_of(rooted)
        {
            return format!(
                "a link that starts with `/` breaks when the site is published under a sub-path: write `{}`",
                relative(&page)
            );
        }
        if let Some(stem) = path.strip_suffix(".md") {
            // Written from the report's file: its folder is the parent
            // of its page.
            let folder = base
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |(f, _)| f);
            // A bundle's or section's `index.md`/`_index.md` is its folder.
            let stem = match stem.rsplit_once('/') {
                Some((folder, "index" | "_index")) => folder,
                None if matches!(stem, "index" | "_index") => "",
                _ => stem,
            };
            let page = [base, folder]
                .into_iter()
                .filter_map(|from| join_url(from, &format!("{stem}/")))
                .find_map(|target| self.page_of(&target));
            if let Some(page) = page {
                return format!("link the page, not its file: `{}`", relative(&page));
            }
        }
        // The nearest page, compared from the site root (the home page
        // is near every short address, and never what was meant).
        let nearest = join_url(base, path).and_then(|target| {
            let pages = self
                .pages
                .iter()
                .filter(|p| !p.is_empty())
                .map(String::as_str);
            nearest_page(&target, pages)
        });
        match nearest {
            Some(page) => format!("did you mean `{}`?", relative(page)),
            None => {
                "links between pages are relative to the page's URL, e.g. `../other-report/`".into()
            }
        }
    }

    /// The file of the output most like `target`, those beside the page
    /// at `base` first, as a link written on that page.
    fn nearest_file(&self, base: &str, target: &str) -> Option<String> {
        let beside = self
            .files
            .iter()
            .filter_map(|f| f.strip_prefix(base))
            .filter(|f| !f.is_empty());
        if let Some(name) = target.strip_prefix(base)
            && let Some(near) = suggest(name, beside)
        {
            return Some(near);
        }
        let prefix = root_prefix(base);
        let file = self
            .files
            .iter()
            .map(String::as_str)
            .filter(|f| !f.starts_with(base) || base.is_empty())
            .filter(|f| strsim::jaro_winkler(target, f) > 0.8)
            .max_by(|a, b| {
                strsim::jaro_winkler(target, a).total_cmp(&strsim::jaro_winkler(target, b))
            })?;
        Some(format!("did you mean `{prefix}{file}`?"))
    }

    /// The page (or file) of the site at `target`, a path from the site
    /// root, in the form pages are known by (`2024/a/`).
    fn page_of(&self, target: &str) -> Option<String> {
        let dir = target.strip_suffix("index.html").unwrap_or(target);
        let slashed = format!("{target}/");
        if self.pages.contains(dir) {
            Some(dir.to_string())
        } else if self.pages.contains(&slashed) {
            Some(slashed)
        } else if self.files.contains(target)
            || [
                "feed.xml",
                "sitemap.xml",
                "robots.txt",
                "404.html",
                "data/site.json",
            ]
            .contains(&target)
        {
            Some(target.to_string())
        } else {
            None
        }
    }

    /// Sets the ids of the report at `url` after its body was annotated
    /// again; whether they changed (then links to it need checking again).
    pub fn update_ids(&mut self, r: &ResolvedReport<'_>) -> bool {
        let ids = page_ids(r);
        match self.ids.get_mut(&r.report.url) {
            Some(old) if *old != ids => {
                *old = ids;
                true
            }
            _ => false,
        }
    }
}

/// The element ids a report's page has, as the default theme writes it:
/// the body's headings, `main`, the sections the report has (`claims`,
/// `sources`, `notes`, `entities`), an entry per source (`source-<id>`)
/// and note (`note-<n>`), and the anchor of every citation and note
/// reference.
fn page_ids(r: &ResolvedReport<'_>) -> HashSet<String> {
    let reserved = annotate::RESERVED_IDS;
    let mut ids: HashSet<String> = r
        .body
        .ids
        .iter()
        .filter(|id| !reserved.contains(&id.as_str()))
        .cloned()
        .collect();
    ids.insert("main".into());
    let sections = [
        ("claims", !r.claims.is_empty()),
        ("report-status-key", !r.claims.is_empty()),
        ("sources", !r.sources.is_empty()),
        ("notes", !r.body.notes.is_empty()),
        ("entities", !r.entities.is_empty()),
    ];
    ids.extend(
        sections
            .iter()
            .filter(|(_, shown)| *shown)
            .map(|(id, _)| id.to_string()),
    );
    ids.extend(
        r.sources
            .iter()
            .map(|s| format!("source-{}", crate::ids::source_slug(s.as_str()))),
    );
    for note in &r.body.notes {
        ids.insert(format!("note-{}", note.number));
        ids.extend(note.refs.iter().cloned());
    }
    ids.extend(r.body.citations.iter().map(|c| c.anchor.clone()));
    ids.extend(r.uses.values().flatten().map(|u| u.anchor.clone()));
    ids.extend(
        r.claims
            .iter()
            .flat_map(|c| c.cites.iter().map(|cite| cite.anchor.clone())),
    );
    ids
}

/// Whether a link's path names a file rather than a page: its last part
/// has an extension other than a page's (`photo.jpg`, `data/a.csv`).
fn is_file_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && !matches!(ext.to_ascii_lowercase().as_str(), "html" | "htm" | "md")
        }
        None => false,
    }
}

/// What to write instead of a link to a file a report does not have: the
/// nearest file of its bundle, or how to give a plain report files of its
/// own.
fn bundle_help(r: &ResolvedReport<'_>, nearest: Option<String>) -> String {
    if let Some(near) = nearest {
        return near;
    }
    let files = &r.report.files;
    if files.is_empty() {
        format!(
            "a report's files are published from its bundle: put the file beside `content/{}/index.md` (a plain `name.md` becomes `name/index.md`)",
            r.report.id
        )
    } else {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        format!("the files of this report's bundle: {}", names.join(", "))
    }
}

/// The page most like `target` (both from the site root), if any is close.
fn nearest_page<'p>(target: &str, pages: impl Iterator<Item = &'p str>) -> Option<&'p str> {
    let mut best: Option<(f64, &str)> = None;
    for page in pages {
        let score = strsim::jaro_winkler(target, page);
        if score > 0.85 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, page));
        }
    }
    best.map(|(_, page)| page)
}

/// `%XX` escapes of a URL fragment decoded (a link may write `#a%C3%B1o`
/// for the heading id `año`); the text as written when they are not UTF-8.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}
