//! Claim rows, as every page lists them; the claims index, which shows
//! every status with its count and the first `paginate_by` of its claims;
//! and each status's paginated listing, `claims/status/<status>/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::ids::source_slug;
use serde::Serialize;

use super::{Cite, ClaimRow, EntityRef, Link, OutputFile, Renderer};
use crate::config::ClaimStatus;
use crate::diag::Diagnostic;
use crate::ids::{ClaimId, EntityId};
use crate::resolve::Site;
use crate::resolve::{ClaimCite, ResolvedReport};
use crate::text::status_label;
use crate::urls::root_prefix;

/// Where the listing of claims with `status` starts, from the site root.
/// Under `claims/status/`, so that no status listing can take the address
/// of a claim's page (`claims/<id>/`, one folder deep).
pub(super) fn status_url(status: &str) -> String {
    format!("claims/status/{status}/")
}

/// The claims of each status, as the claims index and the status listings
/// show them, and of each entity, as its pages show them.
pub(super) struct ClaimLists<'a> {
    /// For each of `claim_statuses`, in order: its claims, those of the
    /// newest report first, each report's in front-matter order.
    by_status: Vec<(&'a ClaimStatus, Vec<ClaimId<'a>>)>,
    /// Entity → the claims that involve it, by date, as its pages list
    /// them; sorted once, on the first entity page, not on each page.
    by_entity: OnceLock<HashMap<EntityId<'a>, Vec<ClaimId<'a>>>>,
}

impl<'a> ClaimLists<'a> {
    pub(super) fn new(site: &Site<'a>) -> Self {
        let newest: HashMap<&str, usize> = site
            .reports
            .iter()
            .enumerate()
            .map(|(n, r)| (r.report.id.as_str(), n))
            .collect();
        let mut claims: Vec<(usize, usize, ClaimId<'a>)> = site
            .defs
            .claims
            .iter()
            .enumerate()
            .map(|(n, (&id, entry))| {
                let report = site.docs.report(entry.report).id.as_str();
                (newest.get(report).copied().unwrap_or(usize::MAX), n, id)
            })
            .collect();
        claims.sort_unstable();
        let mut by_status: Vec<(&'a ClaimStatus, Vec<ClaimId<'a>>)> = site
            .config
            .claim_statuses
            .iter()
            .map(|s| (s, Vec::new()))
            .collect();
        for (_, _, id) in claims {
            let status = site.defs.claims[&id].def.status.as_str();
            if let Some(i) = by_status.iter().position(|(s, _)| s.id == status) {
                by_status[i].1.push(id);
            }
        }
        ClaimLists {
            by_status,
            by_entity: OnceLock::new(),
        }
    }

    /// The claims that involve entity `id`, dated ones first by date
    /// (oldest first), then undated ones.
    pub(super) fn of_entity(&self, site: &Site<'a>, id: EntityId<'_>) -> &[ClaimId<'a>] {
        let by_entity = self.by_entity.get_or_init(|| {
            site.entity_claims
                .iter()
                .map(|(&e, list)| {
                    let mut list = list.clone();
                    list.sort_by_cached_key(|c| {
                        let date = site.defs.claims[c].def.timeline_date();
                        (date.is_none(), date)
                    });
                    (e, list)
                })
                .collect()
        });
        by_entity.get(id.as_str()).map_or(&[][..], Vec::as_slice)
    }

    /// The statuses, each with its claims.
    pub(super) fn statuses(&self) -> &[(&'a ClaimStatus, Vec<ClaimId<'a>>)] {
        &self.by_status
    }
}

/// A status in the claims index's key and on its listing pages.
#[derive(Serialize)]
struct StatusCount<'v> {
    status: &'v str,
    label: &'v str,
    /// What the status means, from `claim_statuses`; may be empty.
    meaning: &'v str,
    count: usize,
    /// Its listing's first page; empty for a status no claim has.
    url: String,
    /// This page lists it.
    current: bool,
}

/// The claims of one status on the claims index: the first few, with a
/// link to all of them.
#[derive(Serialize)]
struct StatusGroup<'v> {
    status: &'v str,
    label: &'v str,
    /// How many claims have the status.
    count: usize,
    /// Its listing's first page.
    url: String,
    /// The first page of its listing (`paginate_by` claims).
    claims: Vec<ClaimRow>,
}

/// `status` on a status listing's pages.
#[derive(Serialize)]
struct StatusView<'v> {
    status: &'v str,
    label: &'v str,
    meaning: &'v str,
    count: usize,
    url: String,
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
        let date = def.timeline_date();
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
            date: date.map(|d| d.machine()).unwrap_or_default(),
            date_display: date.map(|d| self.timeline_date_text(d)).unwrap_or_default(),
            note: def.note.clone().unwrap_or_default(),
            verdict: def.verdict.clone().unwrap_or_default(),
            claimant: def
                .claimant
                .as_deref()
                .and_then(|e| self.entity_ref(e, root)),
            cites,
            entities: def
                .entities
                .iter()
                .filter_map(|e| self.entity_ref(e, root))
                .collect(),
            report: Link {
                title: report.meta.title.clone(),
                url: format!("{root}{}", report.url),
            },
        }
    }

    /// The key of every status with its count. On the claims index
    /// (`current` is `None`) each links to its group there; on a status
    /// listing, to the other listings, `current` being the one shown.
    /// The entity `id` as a claim's row or page names it (`None` when it is not
    /// defined): its name in this language, marked where it fell back.
    pub(super) fn entity_ref(&self, id: &str, root: &str) -> Option<EntityRef> {
        let d = self.site.defs.entities.get(id)?;
        Some(EntityRef {
            title: d.def.name.clone(),
            url: format!("{root}entities/{id}/"),
            lang: self.lang_attr(d.def.texts.langs[0]),
        })
    }

    fn status_counts(&self, root: &str, current: Option<&str>) -> Vec<StatusCount<'_>> {
        self.claim_lists
            .by_status
            .iter()
            .map(|(status, claims)| StatusCount {
                status: &status.id,
                label: &status.label,
                meaning: &status.meaning,
                count: claims.len(),
                url: match current {
                    _ if claims.is_empty() => String::new(),
                    None => format!("#status-{}", status.id),
                    Some(_) => format!("{root}{}", status_url(&status.id)),
                },
                current: current == Some(status.id.as_str()),
            })
            .collect()
    }

    /// The claims index: every status with its count and the first page of
    /// its claims, linking to the status's paginated listing. It holds at
    /// most `paginate_by` claims of each status, whatever the site's size.
    pub(super) fn claims(&self) -> Result<OutputFile, Diagnostic> {
        let url = "claims/";
        let root = root_prefix(url);
        let mut ctx = self.common(
            url,
            &root,
            self.theme.strings.text("claims.title"),
            "",
            false,
        );
        let groups: Vec<StatusGroup> = self
            .claim_lists
            .by_status
            .iter()
            .filter(|(_, claims)| !claims.is_empty())
            .map(|(status, claims)| StatusGroup {
                status: &status.id,
                label: &status.label,
                count: claims.len(),
                url: format!("{root}{}", status_url(&status.id)),
                claims: claims
                    .iter()
                    .take(self.per_page())
                    .map(|&id| self.claim_row(id, &root, None))
                    .collect(),
            })
            .collect();
        ctx.insert("groups", &groups);
        ctx.insert("statuses", &self.status_counts(&root, None));
        ctx.insert(
            "total",
            &self
                .claim_lists
                .by_status
                .iter()
                .map(|(_, c)| c.len())
                .sum::<usize>(),
        );
        self.page("claims.html", url, ctx)
    }

    /// Page `page` of the claims with the status at `index` in
    /// `claim_statuses`.
    pub(super) fn claim_status(&self, index: usize, page: usize) -> Result<OutputFile, Diagnostic> {
        let (status, claims) = &self.claim_lists.by_status[index];
        let (items, url, pagination) = self.paginate(claims, &status_url(&status.id), page);
        let root = root_prefix(&url);
        let mut ctx = self.common(
            &url,
            &root,
            &self
                .theme
                .strings
                .plain("claims.status_title", &[("status", &status.label)]),
            &status.meaning,
            false,
        );
        ctx.insert(
            "status",
            &StatusView {
                status: &status.id,
                label: &status.label,
                meaning: &status.meaning,
                count: claims.len(),
                url: format!("{root}{}", status_url(&status.id)),
            },
        );
        ctx.insert("statuses", &self.status_counts(&root, Some(&status.id)));
        let rows: Vec<ClaimRow> = items
            .iter()
            .map(|&id| self.claim_row(id, &root, None))
            .collect();
        ctx.insert("claims", &rows);
        ctx.insert("pagination", &pagination);
        self.page("claim_status.html", &url, ctx)
    }
}
