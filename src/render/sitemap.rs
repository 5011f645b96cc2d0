//! `sitemap.xml`, written through [`Xml`] so that every URL is escaped.

use std::collections::{HashMap, HashSet};

use super::Renderer;
use super::xml::Xml;
use crate::model::When;

impl Renderer<'_, '_> {
    pub(super) fn sitemap(&self, pages: &[String]) -> String {
        let base = &self.site.config.base_url;
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
        let mut xml = Xml::new();
        xml.open(
            0,
            "urlset",
            &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
        );
        for url in urls {
            let loc = format!("{base}{url}");
            match changed.get(url) {
                Some(when) => xml.line(1, "url", &[("loc", &loc), ("lastmod", &when.machine())]),
                None => xml.line(1, "url", &[("loc", &loc)]),
            }
        }
        xml.close(0, "urlset");
        xml.finish()
    }
}
