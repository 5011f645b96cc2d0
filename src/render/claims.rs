//! Claim rows, as every page lists them, and the claims index.

use crate::ids::source_slug;
use serde::Serialize;

use super::{Cite, ClaimRow, Link, OutputFile, Renderer, display_opt, machine_opt};
use crate::diag::Diagnostic;
use crate::ids::ClaimId;
use crate::resolve::{ClaimCite, ResolvedReport};
use crate::text::status_label;
use crate::urls::root_prefix;

/// A status in the claims index's key: how many claims have it.
#[derive(Serialize)]
struct StatusCount<'v> {
    status: &'v str,
    label: String,
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
            status_label: status_label(&def.status),
            date: machine_opt(def.date.as_deref()),
            date_display: display_opt(def.date.as_deref()),
            note: def.note.clone().unwrap_or_default(),
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
                .filter(|(_, c)| &c.def.status == status)
                .map(|(&id, _)| self.claim_row(id, &root, None))
                .collect();
            statuses.push(StatusCount {
                status,
                label: status_label(status),
                count: claims.len(),
            });
            if !claims.is_empty() {
                groups.push(StatusGroup {
                    status,
                    label: status_label(status),
                    claims,
                });
            }
        }
        ctx.insert("groups", &groups);
        ctx.insert("statuses", &statuses);
        self.page("claims.html", url, ctx)
    }
}
