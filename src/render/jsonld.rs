//! JSON-LD for a report page (schema.org `Article` and `ClaimReview`s).

use serde_json::json;

use super::Renderer;
use super::labels::entity_type;
use crate::model::{When, parse_date};
use crate::resolve::ResolvedReport;
use crate::text::status_label;

impl Renderer<'_, '_> {
    pub(super) fn jsonld(&self, r: &ResolvedReport<'_>) -> String {
        let base = &self.site.config.base_url;
        let report = r.report;
        let meta = &report.meta;
        let mentions: Vec<serde_json::Value> = r
            .entities
            .iter()
            .map(|&(id, _)| {
                let def = self.site.defs.entities[id].def;
                let kind = entity_type(def.kind).schema;
                let same_as: Vec<&String> = def.links.values().collect();
                json!({"@type": kind, "name": def.name, "url": format!("{base}entities/{id}/"), "sameAs": same_as})
            })
            .collect();
        let citations: Vec<serde_json::Value> = r
            .sources
            .iter()
            .map(|&id| {
                let def = self.site.defs.sources[id].def;
                let mut v = json!({"@type": "CreativeWork", "name": def.title});
                if let Some(url) = &def.url {
                    v["url"] = json!(url);
                }
                if let Some(p) = &def.publisher {
                    v["publisher"] = json!({"@type": "Organization", "name": p});
                }
                if let Some(d) = def.date.as_deref().and_then(parse_date) {
                    v["datePublished"] = json!(d.machine());
                }
                v
            })
            .collect();
        let mut article = json!({
            "@type": "Article",
            "headline": meta.title,
            "datePublished": report.date.machine(),
            "url": format!("{base}{}", report.url),
            "author": meta.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
            "mentions": mentions,
            "citation": citations,
        });
        if let Some(updated) = report.updated {
            article["dateModified"] = json!(updated.machine());
        }
        if let Some(summary) = &meta.summary {
            article["description"] = json!(summary);
        }
        let keywords: Vec<&str> = self
            .report_tags(&meta.tags)
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        if !keywords.is_empty() {
            article["keywords"] = json!(keywords);
        }
        let mut graph = vec![article];
        for (id, _) in &r.claims {
            let def = self.site.defs.claims[*id].def;
            graph.push(json!({
                "@type": "ClaimReview",
                "url": format!("{base}claims/#{id}"),
                "claimReviewed": def.text,
                "reviewRating": {"@type": "Rating", "alternateName": status_label(&def.status)},
                "itemReviewed": {"@type": "Claim", "datePublished": def.date.as_deref().and_then(parse_date).map(When::machine)},
            }));
        }
        script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
    }
}

/// JSON for a `<script>` element: no `<`, `>` or `&` survive, so no text
/// from front matter can close the element.
pub(super) fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_break_out() {
        let s = script_json(&json!({"t": "</script><script>alert(1)</script>&"}));
        assert!(!s.contains("</script>"));
        assert!(!s.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>&");
    }
}
