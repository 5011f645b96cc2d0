//! Listing pages: the home page, sections, the tag index and tag pages,
//! and the 404 page.

use serde::Serialize;

use super::{Card, Link, OutputFile, Renderer};
use crate::diag::Diagnostic;
use crate::markdown::markdown_at;
use crate::resolve::{ReportIndex, Tag};
use crate::urls::root_prefix;

/// `section` on a section's pages.
#[derive(Serialize)]
struct SectionView<'v> {
    title: &'v str,
    url: String,
    /// The section's `_index.md` body, as HTML.
    intro: String,
    /// The language of `title` and of `intro`, each when it is not the
    /// page's (a language without an `_index` of its own shows the
    /// default language's); empty otherwise.
    title_lang: String,
    intro_lang: String,
}

/// A tag as the tag index lists it.
#[derive(Serialize)]
struct TagEntry<'v> {
    name: &'v str,
    url: String,
    /// How many reports carry the tag.
    count: usize,
}

/// `tag` on a tag's pages.
#[derive(Serialize)]
struct TagView<'v> {
    name: &'v str,
    url: String,
}

impl Renderer<'_, '_> {
    pub(super) fn home(&self, page: usize) -> Result<OutputFile, Diagnostic> {
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
    pub(super) fn section_reports(&self, path: &str) -> &[ReportIndex] {
        self.section_lists.get(path).map_or(&[], Vec::as_slice)
    }

    pub(super) fn section(&self, path: &str, page: usize) -> Result<OutputFile, Diagnostic> {
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
            &SectionView {
                title,
                url: format!("{root}{path}/"),
                intro,
                title_lang: self
                    .lang_attr(index.filter(|s| s.meta.title.is_some()).map(|s| s.lang)),
                intro_lang: self.lang_attr(index.map(|s| s.lang)),
            },
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

    pub(super) fn tags(&self) -> Result<OutputFile, Diagnostic> {
        let url = "tags/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, self.theme.strings.text("tags.title"), "", false);
        // By name, as readers of the language sort; ties by slug.
        let collation = self.locale.collation();
        let mut by_name: Vec<(&String, &Tag)> = self.site.tags.iter().collect();
        by_name.sort_by_cached_key(|(slug, tag)| (collation.key(&tag.name), *slug));
        let tags: Vec<TagEntry> = by_name
            .into_iter()
            .map(|(slug, Tag { name, reports })| TagEntry {
                name,
                url: format!("{root}tags/{slug}/"),
                count: reports.len(),
            })
            .collect();
        ctx.insert("tags", &tags);
        self.page("tags.html", url, ctx)
    }

    pub(super) fn tag(&self, slug: &str, page: usize) -> Result<OutputFile, Diagnostic> {
        let Tag { name, reports } = &self.site.tags[slug];
        let (items, url, pagination) = self.paginate(reports, &format!("tags/{slug}/"), page);
        let root = root_prefix(&url);
        let mut ctx = self.common(
            &url,
            &root,
            &self.theme.strings.plain("tag.title", &[("name", name)]),
            "",
            false,
        );
        ctx.insert(
            "tag",
            &TagView {
                name,
                url: format!("{root}tags/{slug}/"),
            },
        );
        let cards: Vec<Card> = items.iter().map(|&i| self.card(i, &root, None)).collect();
        ctx.insert("reports", &cards);
        ctx.insert("pagination", &pagination);
        self.page("tag.html", &url, ctx)
    }

    pub(super) fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        // A host serves this page for a missing URL at any depth, where
        // relative links break: here every link is absolute, or under
        // `serve` starts at the local root (the site's address there).
        let config = self.site.config;
        let root = config
            .served_at
            .clone()
            .unwrap_or_else(|| config.base_url.clone());
        let ctx = self.common(
            "404.html",
            &root,
            self.theme.strings.text("notfound.title"),
            "",
            false,
        );
        let html = self.theme.tera.render("404.html", &ctx).map_err(|e| {
            crate::theme::page_error(&e, &self.theme.templates, self.files, "404.html")
        })?;
        Ok(OutputFile::new("404.html", html))
    }
}
