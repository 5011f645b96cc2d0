//! Two names on one URL: reports, sections, the site's own pages and tags
//! whose output would land in one place (E016, E021), compared without
//! case as macOS and Windows compare folders.

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostic, Files, Span};
use crate::frontmatter::{self, Seg};
use crate::model::Report;

use super::Site;

/// Top-level folders whose URLs the site's own pages use.
const RESERVED_PATHS: &[&str] = &["entities", "sources", "claims", "tags", "page", "data"];

/// Files the site writes at its root: a report's folder may not take their
/// names (`content/feed.xml.md`).
const RESERVED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Two pages may not share a URL: a report against another report, a
/// section or the site's own pages; a section folder against the site's own
/// pages or its parent's later pages (`2024/page/2/`); two tags whose names
/// differ against one tag page. Each error names both places.
pub(super) fn check_urls(files: &Files, site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    let docs = site.docs;
    // Reports by path, so that which of two is "first" does not depend on
    // their dates.
    let mut reports: Vec<&Report> = site.reports.iter().map(|r| r.report).collect();
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    // Where a section comes from: its `_index.md`, else its first report,
    // else the first report below it.
    let section_place = |path: &str| -> Option<Span> {
        let below = |r: &&&Report| {
            r.section
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        docs.sections
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.file)
            .or_else(|| reports.iter().find(|r| r.section == path).map(|r| r.file))
            .or_else(|| reports.iter().find(below).map(|r| r.file))
            .map(|file| Span::new(file, 0..0))
    };

    // A section folder named like one of the site's own pages, other than
    // the registries (which are not sections), would overwrite them; one
    // named `page` below another would overwrite its parent's later pages.
    // Each such folder is reported once, not once per subfolder.
    let mut reported: HashSet<&str> = HashSet::new();
    for path in site.sections.keys() {
        let mut end = 0;
        for (n, segment) in path.split('/').enumerate() {
            end += segment.len() + usize::from(n > 0);
            let folder = &path[..end];
            let lower = segment.to_lowercase();
            let message = if n == 0 && RESERVED_PATHS.contains(&lower.as_str()) {
                format!(
                    "the folder `content/{folder}/` would be written over the site's own `{lower}/` pages"
                )
            } else if n > 0 && lower == "page" {
                let parent = &path[..end - "/page".len()];
                format!(
                    "the folder `content/{folder}/` would be written over the later pages of the section `{parent}/`"
                )
            } else {
                continue;
            };
            if reported.insert(folder) {
                diags.push(
                    Diagnostic::new(Code::E016, message)
                        .at_opt(section_place(folder))
                        .help("rename the folder"),
                );
            }
            break;
        }
    }

    let reserved: Vec<String> = RESERVED_PATHS
        .iter()
        .chain(RESERVED_FILES)
        .map(|p| format!("{p}/"))
        .collect();
    let slug_span = |report: &Report| {
        report
            .meta
            .slug
            .as_ref()
            .map(|_| {
                frontmatter::locate(
                    report.yaml,
                    &files.get(report.file).text,
                    &[Seg::Key("slug")],
                    false,
                )
            })
            .unwrap_or_else(|| Span::new(report.file, 0..0))
    };
    // Output folders are compared without case: on macOS and Windows
    // `About/` and `about/` are one folder, and one page would replace the
    // other.
    let mut sections: HashMap<String, &str> = HashMap::new();
    let mut clashed: HashSet<String> = HashSet::new();
    for path in site.sections.keys().filter(|p| !p.is_empty()) {
        let lower = path.to_lowercase();
        let Some(other) = sections.insert(lower.clone(), path) else {
            continue;
        };
        // `News/x` against `news/x` is already said by `News` against `news`.
        let parent_clashed = lower
            .rsplit_once('/')
            .is_some_and(|(parent, _)| clashed.contains(parent));
        clashed.insert(lower);
        if parent_clashed {
            continue;
        }
        let mut diag = Diagnostic::new(
            Code::E016,
            format!("the folders `content/{other}/` and `content/{path}/` would be one folder on macOS and Windows"),
        )
        .at_opt(section_place(path))
        .help("rename one of the folders");
        if let Some(place) = section_place(other) {
            diag = diag.related(place, format!("`content/{other}/` comes from here"));
        }
        diags.push(diag);
    }
    let mut seen: HashMap<String, &Report> = HashMap::new();
    for &report in &reports {
        let url = report.url.as_str();
        let folder = url.trim_end_matches('/');
        let lower = url.to_lowercase();
        if let Some(other) = seen.get(&lower) {
            let (message, label) = if other.url == url {
                (
                    format!("two reports would be written to `{url}`"),
                    "this report has the same URL",
                )
            } else {
                (
                    format!(
                        "two reports would be written to `{}` and `{url}`, one folder on macOS and Windows",
                        other.url
                    ),
                    "this report's URL differs only in case",
                )
            };
            diags.push(
                Diagnostic::new(Code::E016, message)
                    .at(slug_span(report))
                    .related(slug_span(other), label)
                    .help("give one of them another `slug`, or rename its file"),
            );
        } else if reserved.contains(&lower) {
            diags.push(
                Diagnostic::new(
                    Code::E016,
                    format!("this report's URL `{url}` is taken by the site's own pages"),
                )
                .at(slug_span(report))
                .help("give the report another `slug`"),
            );
        } else if let Some(&section) = sections.get(folder.to_lowercase().as_str()) {
            let mut diag = Diagnostic::new(
                Code::E016,
                format!("this report's URL `{url}` is taken by the section `content/{section}/`"),
            )
            .at(slug_span(report))
            .help("give the report another `slug`, or rename the folder");
            if let Some(place) = section_place(section) {
                diag = diag.related(place, "the section comes from here");
            }
            diags.push(diag);
        } else if !report.section.is_empty()
            && folder
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case("page"))
        {
            diags.push(
                Diagnostic::new(
                    Code::E016,
                    format!(
                        "this report's URL `{url}` is where the section `{}/` keeps its later pages",
                        report.section
                    ),
                )
                .at(slug_span(report))
                .help("give the report another `slug`"),
            );
        }
        seen.insert(lower, report);
    }

    // Tags whose names differ only in case are one tag; any other two names
    // on one page would be merged silently. Spans are found only for an
    // error: locating one parses the front matter again.
    let tag_span = |report: &Report, i: usize| {
        frontmatter::locate(
            report.yaml,
            &files.get(report.file).text,
            &[Seg::Key("tags"), Seg::Index(i)],
            false,
        )
    };
    let mut tags: HashMap<String, (&str, &Report, usize)> = HashMap::new();
    let mut reported: HashSet<(String, String)> = HashSet::new();
    for &report in &reports {
        for (i, tag) in report.meta.tags.iter().enumerate() {
            let slug = crate::model::tag_slug(tag);
            if slug.is_empty() {
                continue;
            }
            let Some(&(first, first_report, first_i)) = tags.get(&slug) else {
                tags.insert(slug, (tag, report, i));
                continue;
            };
            let lower = crate::model::tag_spelling(tag).to_lowercase();
            if crate::model::tag_spelling(first).to_lowercase() == lower
                || !reported.insert((slug.clone(), lower))
            {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    Code::E021,
                    format!("the tags `{tag}` and `{first}` would share the page `tags/{slug}/`"),
                )
                .at(tag_span(report, i))
                .related(
                    tag_span(first_report, first_i),
                    format!("`{first}` is here"),
                )
                .help("rename one of them; if they are one tag, write it the same way everywhere"),
            );
        }
    }
}
