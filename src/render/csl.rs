//! A report page in a CSL style: its citation placeholders replaced by the
//! style's citations, the Claims section's citations and the Sources list
//! in the style's form and order.

use std::collections::HashMap;

use citationberg::json::Item;

use super::Renderer;
use crate::annotate::PLACEHOLDER;
use crate::cite::{Style, item_of, render::Cited};
use crate::ids::source_slug;
use crate::resolve::ResolvedReport;

/// What a report page shows differently in a CSL style.
pub(super) struct CslPage {
    /// The body's HTML with each citation in place.
    pub(super) body: String,
    /// Each note's HTML, the same.
    pub(super) notes: Vec<String>,
    /// Each claim's citation of its sources (Claims section), by claim.
    pub(super) claims: Vec<String>,
    /// Source id → its bibliography entry, and its place in the style's
    /// order.
    pub(super) entries: HashMap<String, (usize, String)>,
}

impl Renderer<'_, '_> {
    pub(super) fn csl_page(&self, style: &Style, r: &ResolvedReport<'_>) -> CslPage {
        let docs = self.site.docs;
        let items: HashMap<&str, std::borrow::Cow<'_, Item>> = r
            .sources
            .iter()
            .map(|&id| {
                let def = &self.site.defs.sources[&id];
                (id.as_str(), item_of(docs, id.as_str(), def.def, def.origin))
            })
            .collect();
        let title = |source: &str, note: Option<&str>| {
            let title = self
                .site
                .defs
                .sources
                .get(source)
                .map_or("", |d| d.def.title.as_str());
            match note {
                Some(n) => format!("{title}{} {n}", crate::text::punct_after(title, ",")),
                None => title.to_string(),
            }
        };
        let mut groups: Vec<Vec<Cited<'_>>> = Vec::new();
        for range in &r.body.cite_groups {
            let group = r.body.citations[range.clone()]
                .iter()
                .filter_map(|c| {
                    Some(Cited {
                        item: items.get(c.source.as_str())?.as_ref(),
                        anchor: &c.anchor,
                        href: format!("#source-{}", source_slug(&c.source)),
                        title: title(&c.source, c.locator.as_deref()),
                        written: c.written.as_ref(),
                    })
                })
                .collect();
            groups.push(group);
        }
        let body_groups = groups.len();
        // One citation per claim, of all its sources.
        for claim in &r.claims {
            let group = claim
                .cites
                .iter()
                .filter_map(|c| {
                    Some(Cited {
                        item: items.get(c.source.as_str())?.as_ref(),
                        anchor: &c.anchor,
                        href: format!("#source-{}", source_slug(c.source.as_str())),
                        title: title(c.source.as_str(), None),
                        written: None,
                    })
                })
                .collect();
            groups.push(group);
        }
        let cited: std::collections::HashSet<&str> = groups
            .iter()
            .flatten()
            .filter_map(|c| c.item.id())
            .map(|id| match id {
                std::borrow::Cow::Borrowed(s) => s,
                // Ids are strings in items made here and in bibliography
                // files; a number id is matched by the source list below.
                std::borrow::Cow::Owned(_) => "",
            })
            .collect();
        let listed: Vec<&Item> = r
            .sources
            .iter()
            .filter(|id| !cited.contains(id.as_str()))
            .filter_map(|id| items.get(id.as_str()).map(|i| i.as_ref()))
            .collect();
        let formatted = crate::cite::render::format(style, &groups, &listed);
        let mut html = formatted.groups.into_iter();
        let body: Vec<String> = html.by_ref().take(body_groups).collect();
        let claims = html.collect();
        CslPage {
            body: fill(&r.body.html, &body),
            notes: r.body.notes.iter().map(|n| fill(&n.html, &body)).collect(),
            claims,
            entries: formatted
                .bibliography
                .into_iter()
                .enumerate()
                .map(|(i, (id, html))| (id, (i, html)))
                .collect(),
        }
    }
}

/// `html` with each citation placeholder replaced by its group's HTML.
fn fill(html: &str, groups: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + groups.len() * 64);
    let mut rest = html;
    while let Some(start) = rest.find(PLACEHOLDER.0) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PLACEHOLDER.0.len_utf8()..];
        let Some(end) = after.find(PLACEHOLDER.1) else {
            rest = after;
            continue;
        };
        if let Some(group) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| groups.get(i))
        {
            out.push_str(group);
        }
        rest = &after[end + PLACEHOLDER.1.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled() {
        let html = format!(
            "<p>A{} b{}.</p>",
            crate::annotate::cite_placeholder(0),
            crate::annotate::cite_placeholder(1)
        );
        assert_eq!(
            fill(&html, &["(X 2020)".into(), "(Y 2021)".into()]),
            "<p>A(X 2020) b(Y 2021).</p>"
        );
    }
}
