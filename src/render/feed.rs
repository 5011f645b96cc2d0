//! The Atom feed, `feed.xml`.

use super::Renderer;
use crate::model::When;
use crate::text::escape;

impl Renderer<'_, '_> {
    pub(super) fn feed(&self) -> String {
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
}
