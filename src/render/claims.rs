//! Claim rows, as every page lists them, and the claims index.

use crate::ids::source_slug;
use serde::Serialize;

use super::{Cite, ClaimRow, Link, OutputFile, Renderer};
use crate::diag::Diagnostic;
use crate::ids::ClaimId;
use crate::model::PartialDate;
use crate::resolve::{ClaimCite, ResolvedReport};
use crate::text::status_label;
use crate::urls::root_prefix;

/// A status in the claims index's key: how many claims have it.
#[derive(Serialize)]
struct StatusCount<'v> {
    status: &'v str,
    label: &'v str,
    meaning: &'v str,
    count: usize,
}

/// The claims of one status, in the claims index.
#[derive(Serialize)]
struct StatusGroup<'v> {
    status: &'v str,
    label: String,
    claims: Vec<ClaimRow>,
}

impl Renderer<'_, '_> {
    /// A claim as a row of the Claims section or an index. On a report page
    /// (`numbers` given) its sources are citation numbers on that page.
    pub(super) fn claim_row(
        &self,
        id: ClaimId<'_>,
        root: &str,
        numbers: Option<(&ResolvedReport<'_>, &[ClaimCite<'_>])>,
    ) -> ClaimRow {
        let entry = &self.site.defs.claims[&id];
        let def = entry.def;
        let report = self.site.docs.report(entry.report);
        let status = self.site.config.status(&def.status);
        let date = def.partial_date();
        let cites = match numbers {
            Some((r, cites)) => cites
                .iter()
                .map(|ClaimCite { source, anchor }| Cite {
                    number: (r.sources.iter().position(|s| s == source).unwrap_or(0) + 1)
                        .to_string(),
                    href: format!("#source-{}", source_slug(source.as_str())),
                    title: self.site.defs.sources[source].def.title.clone(),
                    anchor: anchor.clone(),
                    html: String::new(),
                })
                .collect(),
            None => def
                .sources
                .iter()
                .filter_map(|s| self.site.defs.sources.get(s.as_str()).map(|d| (s, d)))
                .map(|(s, d)| Cite {
                    number: String::new(),
                    href: format!("{root}sources/{}/", source_slug(s)),
                    title: d.def.title.clone(),
                    anchor: String::new(),
                    html: String::new(),
                })
                .collect(),
        };
        ClaimRow {
            id: id.to_string(),
            url: format!("{root}{}", super::claim_page::claim_url(id.as_str())),
            text: def.text.clone(),
            status: def.status.clone(),
            status_label: status.map_or_else(|| status_label(&def.status), |s| s.label.clone()),
            status_meaning: status.map(|s| s.meaning.clone()).unwrap_or_default(),
            date: date.map(PartialDate::machine).unwrap_or_default(),
            date_display: date.map(|d| d.display(self.locale)).unwrap_or_default(),
            note: def.note.clone().unwrap_or_default(),
            verdict: def.verdict.clone().unwrap_or_default(),
            claimant: def.claimant.as_deref().and_then(|e| {
                self.site.defs.entities.get(e).map(|d| Link {
                    title: d.def.name.clone(),
                    url: format!("{root}entities/{e}/"),
                })
            }),
            cites,
            entities: def
                .entities
                .iter()
                .filter_map(|e| self.site.defs.entities.get(e.as_str()).map(|d| (e, d)))
                .map(|(e, d)| Link {
                    title: d.def.name.clone(),
                    url: format!("{root}entities/{e}/"),
                })
                .collect(),
            report: Link {
                title: report.meta.title.clone(),
                url: format!("{root}{}", report.url),
            },
        }
    }

    pub(super) fn claims(&self) -> Result<OutputFile, Diagnostic> {
        let url = "claims/";
        let root = root_prefix(url);
        let mut ctx = self.common(url, &root, "Claims", "", false);
        let mut groups = Vec::new();
        let mut statuses = Vec::new();
        for status in &self.site.config.claim_statuses {
            let claims: Vec<ClaimRow> = self
                .site
                .defs
                .claims
                .iter()
                .filter(|(_, c)| c.def.status == status.id)
                .map(|(&id, _)| self.claim_row(id, &root, None))
                .collect();
            statuses.push(StatusCount {
                status: &status.id,
                label: &status.label,
                meaning: &status.meaning,
                count: claims.len(),
            });
            if !claims.is_empty() {
                groups.push(StatusGroup {
                    status: &status.id,
                    label: status.label.clone(),
                    claims,
                });
            }
        }
        ctx.insert("groups", &groups);
        ctx.insert("statuses", &statuses);
        self.page("claims.html", url, ctx)
    }
}
