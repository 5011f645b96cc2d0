//! `sitemap.xml`, written through [`Xml`] so that every URL is escaped.

use std::collections::{HashMap, HashSet};

use super::Renderer;
use super::xml::Xml;
use crate::model::When;

/// The sitemap of every language's pages (`pages`: their output paths,
/// from the site root), drafts left out.
pub(super) fn sitemap(renderers: &[Renderer<'_, '_>], pages: &[String]) -> String {
    let mut entries: Vec<(String, Option<When>)> = Vec::new();
    for r in renderers {
        entries.extend(r.sitemap_entries(pages));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut xml = Xml::new();
    xml.open(
        0,
        "urlset",
        &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
    );
    for (loc, when) in entries {
        match when {
            Some(when) => xml.line(1, "url", &[("loc", &loc), ("lastmod", &when.machine())]),
            None => xml.line(1, "url", &[("loc", &loc)]),
        }
    }
    xml.close(0, "urlset");
    xml.finish()
}

impl Renderer<'_, '_> {
    /// The absolute URL of each of this language's pages among `pages`
    /// (output paths from the site root), with a report's last change.
    fn sitemap_entries(&self, pages: &[String]) -> Vec<(String, Option<When>)> {
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
            .map(|url| (format!("{base}{url}"), changed.get(url).copied()))
            .collect()
    }
}
