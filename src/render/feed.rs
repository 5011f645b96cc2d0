//! The Atom feed, `feed.xml`, written through [`Xml`] so that every text
//! and attribute value is escaped.

use super::Renderer;
use super::xml::Xml;
use crate::model::When;

impl Renderer<'_, '_> {
    pub(super) fn feed(&self) -> String {
        let config = self.site.config;
        let base = &config.base_url;
        // Drafts (built with `--drafts`) are not announced.
        let published = || self.site.reports.iter().filter(|r| !r.report.meta.draft);
        let updated = published()
            .map(|r| r.report.updated.unwrap_or(r.report.date))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), When::feed);
        let self_link = format!("{base}feed.xml");
        let mut xml = Xml::new();
        xml.open(
            0,
            "feed",
            &[
                ("xmlns", "http://www.w3.org/2005/Atom"),
                ("xml:lang", &config.language),
            ],
        );
        xml.element(1, "title", &config.title);
        xml.element(1, "subtitle", &config.description);
        xml.empty(
            1,
            "link",
            &[
                ("href", &self_link),
                ("rel", "self"),
                ("type", "application/atom+xml"),
            ],
        );
        xml.empty(1, "link", &[("href", base)]);
        xml.element(1, "id", base);
        xml.element(1, "updated", &updated);
        xml.element(1, "generator", "dossier");
        for r in published().take(20) {
            let report = r.report;
            let meta = &report.meta;
            let link = format!("{base}{}", report.url);
            xml.open(1, "entry", &[]);
            xml.element(2, "title", &meta.title);
            xml.empty(2, "link", &[("href", &link)]);
            xml.element(2, "id", &link);
            xml.element(2, "published", &report.date.feed());
            xml.element(2, "updated", &report.updated.unwrap_or(report.date).feed());
            let authors: Vec<&str> = if meta.authors.is_empty() {
                vec![config.title.as_str()]
            } else {
                meta.authors.iter().map(String::as_str).collect()
            };
            for a in authors {
                xml.line(2, "author", &[("name", a)]);
            }
            if let Some(summary) = &meta.summary {
                xml.element(2, "summary", summary);
            }
            for (_, tag) in self.report_tags(&meta.tags) {
                xml.empty(2, "category", &[("term", tag)]);
            }
            xml.close(1, "entry");
        }
        xml.close(0, "feed");
        xml.finish()
    }
}
