//! JSON-LD for a report page (schema.org `Article` and `ClaimReview`s).

use serde::Serialize;

use super::Renderer;
use super::labels::entity_type;
use crate::model::{When, parse_date};
use crate::resolve::{ClaimShown, ResolvedReport};
use crate::text::status_label;

// The structs below are written with their fields in alphabetical order:
// the JSON-LD was first written from `serde_json` maps, which sort their
// keys, and pages keep those bytes.

/// The document: the report's article and a review of each of its claims.
#[derive(Serialize)]
struct Document<'d> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'d>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'d> {
    Article(Article<'d>),
    ClaimReview(ClaimReview<'d>),
}

#[derive(Serialize)]
struct Article<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Vec<Named<'d>>,
    citation: Vec<Citation<'d>>,
    /// Newest first; absent when the report has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<CorrectionComment<'d>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'d str>,
    headline: &'d str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'d str>,
    mentions: Vec<Mention<'d>>,
    url: String,
}

/// A thing with a schema.org type and a name: an author, a publisher.
#[derive(Serialize)]
struct Named<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'d str,
}

/// A source the report cites.
#[derive(Serialize)]
struct Citation<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    name: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'d>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'d str>,
}

/// A correction to the report: schema.org's `CorrectionComment`.
#[derive(Serialize)]
struct CorrectionComment<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished")]
    date_published: String,
    text: &'d str,
}

/// An entity the report names.
#[derive(Serialize)]
struct Mention<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'d str,
    #[serde(rename = "sameAs")]
    same_as: Vec<&'d String>,
    url: String,
}

#[derive(Serialize)]
struct ClaimReview<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'d str,
    #[serde(rename = "itemReviewed")]
    item_reviewed: ReviewedClaim,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    url: String,
}

#[derive(Serialize)]
struct ReviewedClaim {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// `null` for an undated claim.
    #[serde(rename = "datePublished")]
    date_published: Option<String>,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: String,
}

impl Renderer<'_, '_> {
    pub(super) fn jsonld(&self, r: &ResolvedReport<'_>) -> String {
        let base = &self.site.config.base_url;
        let report = r.report;
        let meta = &report.meta;
        let mentions: Vec<Mention> = r
            .entities
            .iter()
            .map(|e| {
                let id = e.entity;
                let def = self.site.defs.entities[&id].def;
                Mention {
                    kind: entity_type(def.kind).schema,
                    name: &def.name,
                    same_as: def.links.values().collect(),
                    url: format!("{base}entities/{id}/"),
                }
            })
            .collect();
        let citations: Vec<Citation> = r
            .sources
            .iter()
            .map(|&id| {
                let def = self.site.defs.sources[&id].def;
                Citation {
                    kind: "CreativeWork",
                    date_published: def.date.as_deref().and_then(parse_date).map(When::machine),
                    name: &def.title,
                    publisher: def.publisher.as_deref().map(|p| Named {
                        kind: "Organization",
                        name: p,
                    }),
                    url: def.url.as_deref(),
                }
            })
            .collect();
        let article = Article {
            kind: "Article",
            author: meta
                .authors
                .iter()
                .map(|a| Named {
                    kind: "Person",
                    name: a,
                })
                .collect(),
            citation: citations,
            correction: meta
                .corrections
                .iter()
                .filter_map(|c| {
                    Some(CorrectionComment {
                        kind: "CorrectionComment",
                        date_published: c.when?.machine(),
                        text: &c.text,
                    })
                })
                .collect(),
            date_modified: report.updated.map(When::machine),
            date_published: report.date.machine(),
            description: meta.summary.as_deref(),
            headline: &meta.title,
            keywords: self
                .report_tags(&meta.tags)
                .into_iter()
                .map(|(_, name)| name)
                .collect(),
            mentions,
            url: format!("{base}{}", report.url),
        };
        let mut graph = vec![Node::Article(article)];
        for ClaimShown { claim: id, .. } in &r.claims {
            let def = self.site.defs.claims[id].def;
            graph.push(Node::ClaimReview(ClaimReview {
                kind: "ClaimReview",
                claim_reviewed: &def.text,
                item_reviewed: ReviewedClaim {
                    kind: "Claim",
                    date_published: def.date.as_deref().and_then(parse_date).map(When::machine),
                },
                review_rating: Rating {
                    kind: "Rating",
                    alternate_name: status_label(&def.status),
                },
                url: format!("{base}claims/#{id}"),
            }));
        }
        script_json(&Document {
            context: "https://schema.org",
            graph,
        })
    }
}

/// JSON for a `<script>` element: no `<`, `>` or `&` survive, so no text
/// from front matter can close the element.
pub(super) fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn script_json_cannot_break_out() {
        let s = script_json(&json!({"t": "</script><script>alert(1)</script>&"}));
        assert!(!s.contains("</script>"));
        assert!(!s.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><script>alert(1)</script>&");
    }
}
