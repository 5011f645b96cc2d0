//! `sitemap.xml`.

use std::collections::{HashMap, HashSet};

use super::Renderer;
use crate::model::When;
use crate::text::escape;

impl Renderer<'_, '_> {
    pub(super) fn sitemap(&self, pages: &[String]) -> String {
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
}
