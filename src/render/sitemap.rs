//! `sitemap.xml`, written through [`Xml`] so that every URL is escaped.
//!
//! On a multilingual site a page that exists in several languages lists
//! each version, itself and `x-default` included, as an `xhtml:link`
//! alternate: the sitemap form of the page's own `hreflang` links, which
//! search engines read for pages they have not fetched yet.

use std::collections::{HashMap, HashSet};

use super::Renderer;
use super::xml::Xml;
use crate::model::When;

/// One page of the sitemap.
struct Entry {
    /// Its absolute URL.
    loc: String,
    /// A report's last change.
    when: Option<When>,
    /// `(hreflang, absolute URL)` of each language's version, itself
    /// included, then `x-default`; empty for a page in one language.
    alternates: Vec<(String, String)>,
}

/// The sitemap of every language's pages (`pages`: their output paths,
/// from the site root), drafts left out.
pub(super) fn sitemap(renderers: &[Renderer<'_, '_>], pages: &[String]) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    for r in renderers {
        entries.extend(r.sitemap_entries(pages));
    }
    entries.sort_unstable_by(|a, b| a.loc.cmp(&b.loc));
    // A version the sitemap leaves out (a draft, in a build with
    // `--drafts`) is not announced as an alternate either.
    let listed: HashSet<String> = entries.iter().map(|e| e.loc.clone()).collect();
    for entry in &mut entries {
        entry.alternates.retain(|(_, href)| listed.contains(href));
        if entry
            .alternates
            .iter()
            .filter(|(l, _)| l != "x-default")
            .count()
            < 2
        {
            entry.alternates.clear();
        }
    }
    let mut xml = Xml::new();
    let urlset = "http://www.sitemaps.org/schemas/sitemap/0.9";
    if renderers.len() > 1 {
        xml.open(
            0,
            "urlset",
            &[
                ("xmlns", urlset),
                ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
            ],
        );
    } else {
        xml.open(0, "urlset", &[("xmlns", urlset)]);
    }
    for entry in entries {
        let lastmod = entry.when.map(When::machine);
        let mut children = vec![("loc", entry.loc.as_str())];
        if let Some(lastmod) = &lastmod {
            children.push(("lastmod", lastmod));
        }
        if entry.alternates.is_empty() {
            xml.line(1, "url", &children);
            continue;
        }
        xml.open(1, "url", &[]);
        for (name, text) in children {
            xml.element(2, name, text);
        }
        for (lang, href) in &entry.alternates {
            xml.empty(
                2,
                "xhtml:link",
                &[("rel", "alternate"), ("hreflang", lang), ("href", href)],
            );
        }
        xml.close(1, "url");
    }
    xml.close(0, "urlset");
    xml.finish()
}

impl Renderer<'_, '_> {
    /// The absolute URL of each of this language's pages among `pages`
    /// (output paths from the site root), with a report's last change.
    fn sitemap_entries(&self, pages: &[String]) -> Vec<Entry> {
        let base = &self.site.config.base_url;
        let prefix = &self.site.config.prefix;
        // Pages under another language's folder are that language's.
        let others: Vec<String> = self
            .alternates
            .as_ref()
            .map(|a| a.prefixes())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !p.is_empty() && p != prefix)
            .collect();
        // Drafts (built with `--drafts`) are not for search engines.
        let mut drafts: HashSet<&str> = self
            .site
            .reports
            .iter()
            .filter(|r| r.report.meta.draft)
            .map(|r| r.report.url.as_str())
            .collect();
        // So are the pages of the claims that drafts define.
        let draft_claims: Vec<String> = self
            .site
            .defs
            .claims
            .iter()
            .filter(|(_, c)| self.site.docs.report(c.report).meta.draft)
            .map(|(id, _)| super::claim_page::claim_url(id.as_str()))
            .collect();
        drafts.extend(draft_claims.iter().map(String::as_str));
        let urls: Vec<&str> = pages
            .iter()
            .filter_map(|p| p.strip_prefix(prefix.as_str()))
            .filter(|p| !prefix.is_empty() || !others.iter().any(|o| p.starts_with(o.as_str())))
            .filter(|p| p.ends_with("index.html"))
            .map(|p| p.trim_end_matches("index.html"))
            .filter(|url| !drafts.contains(url))
            .collect();
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
        urls.into_iter()
            .map(|url| Entry {
                loc: format!("{base}{url}"),
                when: changed.get(url).copied(),
                alternates: self.sitemap_alternates(url),
            })
            .collect()
    }

    /// The versions of the page at `url` (from this language's folder) for
    /// the sitemap: the same as its `hreflang` links.
    fn sitemap_alternates(&self, url: &str) -> Vec<(String, String)> {
        let Some(alternates) = &self.alternates else {
            return Vec::new();
        };
        let (versions, x_default) = alternates.of(self.lang, url);
        let mut out: Vec<(String, String)> =
            versions.into_iter().map(|t| (t.lang, t.url)).collect();
        if let Some(x) = x_default {
            out.push(("x-default".to_string(), x));
        }
        out
    }
}
