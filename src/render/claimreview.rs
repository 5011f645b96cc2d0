//! `data/claimreview.json`: every rated claim's review in the shape of
//! Google's Fact Check Tools API, so that a fact-checker can upload the
//! site's reviews in bulk. The file is the API's list of
//! `ClaimReviewMarkupPage`s (`{"claimReviewMarkupPages": [...]}`), one page
//! per claim page, each with its one `ClaimReviewMarkup`. Field names are
//! the API's own (its REST reference, v1alpha1); a field without data is
//! left out.

use serde::Serialize;

use super::Renderer;
use super::claim_page::Review;

/// The API's `ListClaimReviewMarkupPagesResponse`, without a page token.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MarkupPages<'d> {
    claim_review_markup_pages: Vec<MarkupPage<'d>>,
}

/// `ClaimReviewMarkupPage`: one claim page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MarkupPage<'d> {
    page_url: &'d str,
    /// When the reviewing report was published.
    publish_date: &'d str,
    claim_review_author: ReviewAuthor<'d>,
    claim_review_markups: Vec<Markup<'d>>,
}

/// `ClaimReviewAuthor`: the site's publisher.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewAuthor<'d> {
    name: &'d str,
}

/// `ClaimReviewMarkup`: one review.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Markup<'d> {
    url: &'d str,
    claim_reviewed: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_date: Option<&'d str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_first_appearance: Option<&'d str>,
    /// The other appearances with an address.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    claim_appearances: Vec<&'d str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_author: Option<ClaimAuthor<'d>>,
    rating: ClaimRating<'d>,
}

/// `ClaimAuthor`: the claimant. The API takes one `sameAs`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimAuthor<'d> {
    name: &'d str,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<&'d str>,
}

/// `ClaimRating`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ClaimRating<'d> {
    textual_rating: &'d str,
    rating_value: u32,
    best_rating: u32,
    worst_rating: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    rating_explanation: Option<&'d str>,
}

impl Renderer<'_, '_> {
    /// `data/claimreview.json`.
    pub(super) fn claimreview_json(&self) -> String {
        let reviews: Vec<Review> = self
            .site
            .defs
            .claims
            .iter()
            // A draft's claims (in a build with `--drafts`) are not
            // published.
            .filter(|(_, c)| !self.site.docs.report(c.report).meta.draft)
            .filter_map(|(&id, _)| self.review(id))
            .collect();
        let publisher = self.publisher();
        let pages = reviews
            .iter()
            .map(|r| {
                let first = r.first_appearance().and_then(|s| s.url.as_deref());
                MarkupPage {
                    page_url: &r.url,
                    publish_date: &r.published,
                    claim_review_author: ReviewAuthor { name: publisher },
                    claim_review_markups: vec![Markup {
                        url: &r.url,
                        claim_reviewed: r.claim,
                        claim_date: r.claim_date.as_deref(),
                        claim_first_appearance: first,
                        claim_appearances: r
                            .appearances
                            .iter()
                            .filter_map(|s| s.url.as_deref())
                            .filter(|u| Some(*u) != first)
                            .collect(),
                        claim_author: r.claimant.map(|e| ClaimAuthor {
                            name: &e.name,
                            same_as: e.links.values().next().map(String::as_str),
                        }),
                        rating: ClaimRating {
                            textual_rating: &r.label,
                            rating_value: r.rating,
                            best_rating: r.best,
                            worst_rating: r.worst,
                            rating_explanation: r.verdict,
                        },
                    }],
                }
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&MarkupPages {
            claim_review_markup_pages: pages,
        })
        .unwrap_or_default();
        out.push('\n');
        out
    }
}
