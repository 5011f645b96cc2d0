//! A claim's own page (`claims/<id>/`): what was claimed, by whom, where
//! it appeared, its status and verdict, the report that reviews it, and
//! the one `ClaimReview` that fact-check consumers read from a page. Also
//! the facts of that review, which `data/claimreview.json` repeats.

use serde::Serialize;

use super::labels::entity_type;
use super::{OutputFile, Renderer, SourceEntry};
use crate::annotate::claim_anchor;
use crate::diag::Diagnostic;
use crate::ids::ClaimId;
use crate::model::{EntityDef, EntityType, SourceDef, parse_date};
use crate::urls::root_prefix;

/// Where a claim's page is, from the site root.
pub(crate) fn claim_url(id: &str) -> String {
    format!("claims/{id}/")
}

/// `claim` on a claim's page.
#[derive(Serialize)]
struct ClaimView<'v> {
    id: ClaimId<'v>,
    text: &'v str,
    status: &'v str,
    status_label: String,
    /// What the status means, as the legend says it.
    status_meaning: String,
    /// The status's place on the rating scale; absent for a status that is
    /// not a rating (`opinion`).
    #[serde(skip_serializing_if = "Option::is_none")]
    rating: Option<u32>,
    /// One line that says why the claim has its status; empty when none.
    verdict: &'v str,
    note: &'v str,
    /// When the claimed event happened, as machines read it (`2024`,
    /// `2024-05` or a whole date); empty when undated.
    date: String,
    date_display: String,
    /// The entity who made the claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    claimant: Option<ClaimantView<'v>>,
    /// The sources where the claim appeared.
    appearances: Vec<SourceEntry>,
    /// The report that reviews the claim.
    report: ReviewingReport<'v>,
    /// The sources that back the review.
    sources: Vec<SourceEntry>,
    entities: Vec<super::EntityRef>,
    /// The page's JSON-LD (one `ClaimReview`); empty for a status that is
    /// not a rating.
    jsonld: String,
    /// Defined in a draft (a build with `--drafts`): not for search
    /// engines or fact-check tools.
    draft: bool,
}

/// The entity who made a claim.
#[derive(Serialize)]
struct ClaimantView<'v> {
    id: &'v str,
    name: &'v str,
    /// The language of `name` where it fell back to another language's;
    /// empty otherwise.
    name_lang: String,
    url: String,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: String,
}

/// The report that defines and reviews a claim.
#[derive(Serialize)]
struct ReviewingReport<'v> {
    title: &'v str,
    /// The report's page.
    url: String,
    /// The claim on the report's page: its marked span in the body, or the
    /// report's Claims section when no span marks it.
    claim_url: String,
    /// Whether the body marks the claim (`claim_url` lands on the span).
    marked: bool,
    date: String,
    date_display: String,
}

/// A claim's status as pages and reviews name it.
pub(super) struct StatusInfo {
    pub(super) label: String,
    pub(super) meaning: String,
    /// `None`: not a rating, no `ClaimReview`.
    pub(super) rating: Option<u32>,
}

/// The facts of one claim's review, as both its JSON-LD and
/// `data/claimreview.json` give them; only for a status that is a rating.
pub(super) struct Review<'r> {
    /// The claim page's absolute URL.
    pub(super) url: String,
    pub(super) claim: &'r str,
    /// The reviewing report's date.
    pub(super) published: String,
    pub(super) label: String,
    pub(super) rating: u32,
    pub(super) best: u32,
    pub(super) worst: u32,
    pub(super) verdict: Option<&'r str>,
    /// When the claim was made, full or partial ISO.
    pub(super) claim_date: Option<String>,
    pub(super) claimant: Option<&'r EntityDef>,
    /// The sources where the claim appeared, in the order written.
    pub(super) appearances: Vec<&'r SourceDef>,
}

impl Review<'_> {
    /// The appearance that came first: the earliest that has a date (the
    /// first written of those on one date); `None` when none is dated.
    pub(super) fn first_appearance(&self) -> Option<&SourceDef> {
        self.appearances
            .iter()
            .filter_map(|s| s.date.as_deref().and_then(parse_date).map(|d| (d, *s)))
            .min_by_key(|(d, _)| *d)
            .map(|(_, s)| s)
    }
}

/// The schema.org type of a claimant: a person, or else an organization
/// (a country or a body speaks through its government or its officers).
pub(super) fn claimant_schema(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "Person",
        _ => "Organization",
    }
}

impl Renderer<'_, '_> {
    /// How the site names and rates `status`.
    pub(super) fn status_info(&self, status: &str) -> StatusInfo {
        match self.site.config.status(status) {
            Some(s) => StatusInfo {
                label: s.label.clone(),
                meaning: s.meaning.clone(),
                rating: s.rating,
            },
            // Checked when the report is read: not reached in a build.
            None => StatusInfo {
                label: crate::text::status_label(status),
                meaning: String::new(),
                rating: None,
            },
        }
    }

    /// The organisation that publishes the site: the author of its claim
    /// reviews.
    pub(super) fn publisher(&self) -> &str {
        &self.site.config.publisher
    }

    /// The facts of claim `id`'s review; `None` when its status is not a
    /// rating.
    pub(super) fn review(&self, id: ClaimId<'_>) -> Option<Review<'_>> {
        let site = self.site;
        let entry = &site.defs.claims[&id];
        let def = entry.def;
        let status = self.status_info(&def.status);
        let rating = status.rating?;
        let scale = site.config.rating_scale;
        let report = site.docs.report(entry.report);
        let appearances: Vec<&SourceDef> = def
            .appearance
            .iter()
            .filter_map(|s| site.defs.sources.get(s.as_str()).map(|d| d.def))
            .collect();
        Some(Review {
            url: format!("{}{}", site.config.base_url, claim_url(id.as_str())),
            claim: &def.text,
            published: report.date.machine(),
            label: status.label,
            rating,
            best: scale.best,
            worst: scale.worst,
            verdict: def.verdict.as_deref().filter(|v| !v.trim().is_empty()),
            claim_date: def.timeline_date().map(crate::model::TimelineDate::machine),
            claimant: def
                .claimant
                .as_deref()
                .and_then(|e| site.defs.entities.get(e))
                .map(|d| d.def),
            appearances,
        })
    }

    /// Claim `id`'s page.
    pub(super) fn claim_page(&self, id: ClaimId<'_>) -> Result<OutputFile, Diagnostic> {
        let site = self.site;
        let url = claim_url(id.as_str());
        let root = root_prefix(&url);
        let entry = &site.defs.claims[&id];
        let def = entry.def;
        let report = site.docs.report(entry.report);
        let status = self.status_info(&def.status);
        let mut ctx = self.common(&url, &root, &def.text, &status.meaning, false);
        let marked = self.marked_in_own_report.contains(id.as_str());
        let report_url = format!("{root}{}", report.url);
        let sources = def
            .sources
            .iter()
            .filter_map(|s| site.defs.sources.get_key_value(s.as_str()))
            .map(|(&s, _)| self.source_entry(s, &root))
            .collect();
        let appearances = def
            .appearance
            .iter()
            .filter_map(|s| site.defs.sources.get_key_value(s.as_str()))
            .map(|(&s, _)| self.source_entry(s, &root))
            .collect();
        let claimant = def.claimant.as_deref().and_then(|e| {
            site.defs
                .entities
                .get_key_value(e)
                .map(|(&id, d)| ClaimantView {
                    id: id.as_str(),
                    name: &d.def.name,
                    name_lang: self.lang_attr(d.def.texts.langs[0]),
                    url: format!("{root}entities/{id}/"),
                    kind: d.def.kind.as_str(),
                    type_label: entity_type(d.def.kind).one(&self.theme.strings),
                })
        });
        let date = def.timeline_date();
        let entities = def
            .entities
            .iter()
            .filter_map(|e| self.entity_ref(e, &root))
            .collect();
        let view = ClaimView {
            id,
            text: &def.text,
            status: &def.status,
            status_label: status.label,
            status_meaning: status.meaning,
            rating: status.rating,
            verdict: def.verdict.as_deref().unwrap_or(""),
            note: def.note.as_deref().unwrap_or(""),
            date: date.map(|d| d.machine()).unwrap_or_default(),
            date_display: date.map(|d| self.timeline_date_text(d)).unwrap_or_default(),
            claimant,
            appearances,
            report: ReviewingReport {
                title: &report.meta.title,
                claim_url: match marked {
                    true => format!("{report_url}#{}", claim_anchor(id.as_str())),
                    false => format!("{report_url}#claims"),
                },
                url: report_url,
                marked,
                date: report.date.machine(),
                date_display: report.date.display(self.locale),
            },
            sources,
            entities,
            jsonld: self
                .review(id)
                .map(|r| self.claim_jsonld(&r))
                .unwrap_or_default(),
            draft: report.meta.draft,
        };
        ctx.insert("claim", &view);
        self.page("claim.html", &url, ctx)
    }
}
