//! JSON-LD: a report page's schema.org `Article`, and a claim page's one
//! `ClaimReview` (fact-check consumers read one per page).

use serde::Serialize;

use super::Renderer;
use super::claim_page::{Review, claimant_schema};
use super::labels::entity_type;
use crate::model::{SourceDef, When, parse_date};
use crate::resolve::ResolvedReport;

// The structs below are written with their fields in alphabetical order:
// the JSON-LD was first written from `serde_json` maps, which sort their
// keys, and pages keep those bytes.

/// A report's document: its article.
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

/// A claim page's document: one review, at the top, where Google's
/// Fact Check tools look for it.
#[derive(Serialize)]
struct ClaimReview<'d> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The site's publisher.
    author: Publisher<'d>,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'d str,
    /// The reviewing report's date.
    #[serde(rename = "datePublished")]
    date_published: &'d str,
    #[serde(rename = "itemReviewed")]
    item_reviewed: ReviewedClaim<'d>,
    #[serde(rename = "reviewRating")]
    review_rating: Rating<'d>,
    url: &'d str,
}

/// The organisation that publishes the site.
#[derive(Serialize)]
struct Publisher<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'d str,
    url: &'d str,
}

#[derive(Serialize)]
struct ReviewedClaim<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Work<'d>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Claimant<'d>>,
    /// When the claim was made: a day, or only a month or a year.
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'d str>,
    #[serde(rename = "firstAppearance", skip_serializing_if = "Option::is_none")]
    first_appearance: Option<Work<'d>>,
}

/// Who made a claim.
#[derive(Serialize)]
struct Claimant<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'d str,
    #[serde(rename = "sameAs", skip_serializing_if = "Vec::is_empty")]
    same_as: Vec<&'d str>,
}

/// A source where a claim appeared.
#[derive(Serialize)]
struct Work<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    headline: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'d str>,
}

impl<'d> Work<'d> {
    fn of(source: &'d SourceDef) -> Self {
        Work {
            kind: "CreativeWork",
            date_published: source
                .date
                .as_deref()
                .and_then(parse_date)
                .map(When::machine),
            headline: &source.title,
            url: source.url.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct Rating<'d> {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The status's label, the text that fact-check tools show.
    #[serde(rename = "alternateName")]
    alternate_name: &'d str,
    #[serde(rename = "bestRating")]
    best_rating: u32,
    name: &'d str,
    #[serde(rename = "ratingExplanation", skip_serializing_if = "Option::is_none")]
    rating_explanation: Option<&'d str>,
    #[serde(rename = "ratingValue")]
    rating_value: u32,
    #[serde(rename = "worstRating")]
    worst_rating: u32,
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
        let graph = vec![Node::Article(article)];
        script_json(&Document {
            context: "https://schema.org",
            graph,
        })
    }
}

impl Renderer<'_, '_> {
    /// A claim page's JSON-LD: its one `ClaimReview`.
    pub(super) fn claim_jsonld(&self, review: &Review<'_>) -> String {
        let config = self.site.config;
        let first = review.first_appearance();
        let claimant = review.claimant.map(|e| Claimant {
            kind: claimant_schema(e.kind),
            name: &e.name,
            same_as: e.links.values().map(String::as_str).collect(),
        });
        script_json(&ClaimReview {
            context: "https://schema.org",
            kind: "ClaimReview",
            author: Publisher {
                kind: "Organization",
                name: self.publisher(),
                url: &config.base_url,
            },
            claim_reviewed: review.claim,
            date_published: &review.published,
            item_reviewed: ReviewedClaim {
                kind: "Claim",
                appearance: review.appearances.iter().map(|s| Work::of(s)).collect(),
                author: claimant,
                date_published: review.claim_date.as_deref(),
                first_appearance: first.map(Work::of),
            },
            review_rating: Rating {
                kind: "Rating",
                alternate_name: &review.label,
                best_rating: review.best,
                name: &review.label,
                rating_explanation: review.verdict,
                rating_value: review.rating,
                worst_rating: review.worst,
            },
            url: &review.url,
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
