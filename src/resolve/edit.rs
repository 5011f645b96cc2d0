//! Edits that `serve` applies without resolving the site again: report
//! bodies annotated anew below an unchanged front matter, the back-links
//! they change, and the pages of the rest of the site to render again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::annotate::Body;
use crate::diag::Files;
use crate::highlight::Highlighter;
use crate::ids::{ClaimId, EntityId, EntityIdBuf, SourceId, SourceIdBuf};

use super::{
    Annotator, BodyCache, EntityShown, Links, ResolvedReport, Site, resolve_report, sort_related,
};

/// What re-annotating some reports changed for the rest of the site: the
/// pages to render besides the reports' own.
#[derive(Debug, Default)]
pub struct Edit {
    pub entities: HashMap<EntityIdBuf, EntityPages>,
    /// Sources that a report started or stopped showing.
    pub sources: HashSet<SourceIdBuf>,
    pub entity_index: bool,
    pub source_index: bool,
    /// `data/site.json`: what a report shows, or its order, changed.
    pub data: bool,
    /// Pages of entity report lists that no longer exist.
    pub gone: Vec<String>,
}

/// Which pages of an entity an edit changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityPages {
    /// Every page: the list of its reports changed.
    pub all: bool,
    /// The first page, which shows related entities.
    pub first: bool,
    /// The pages whose report list shows one of the edited reports (their
    /// mention counts).
    pub showing: bool,
}

impl EntityPages {
    pub fn merge(&mut self, other: EntityPages) {
        self.all |= other.all;
        self.first |= other.first;
        self.showing |= other.showing;
    }
}

/// Annotates again the bodies of the reports `ids`, whose files changed
/// below an unchanged front matter, so that the definitions and every
/// other report stand as they were, and updates the back-links they
/// changed. `None` when an id is unknown.
pub fn reannotate(
    site: &mut Site<'_>,
    files: &Files,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
    ids: &[String],
) -> Option<Edit> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        found.push(site.indexed_reports().find(|(_, r)| r.report.id == *id)?.0);
    }
    let annotator = Annotator::new(files, site.config, &site.defs, highlighter, cache);
    let bodies: Vec<Arc<Body>> = found
        .iter()
        .map(|&i| annotator.body(site.report(i).report))
        .collect();
    drop(annotator);
    let pages = |n: usize| crate::urls::page_count(n, site.config.paginate_by);
    // An entity's and a source's pages hold a page of their reports and
    // one of their claims: as many as the longer list needs.
    let entity_pages = |site: &Site<'_>, e: &EntityId<'_>| {
        let reports = site.entity_reports.get(e).map_or(0, Vec::len);
        pages(reports.max(site.entity_claims.get(e).map_or(0, Vec::len)))
    };
    let source_pages = |site: &Site<'_>, s: &SourceId<'_>| {
        if !site.has_source_page(s.as_str()) {
            return 0;
        }
        let reports = site.source_reports.get(s).map_or(0, Vec::len);
        pages(reports.max(site.source_claims.get(s).map_or(0, Vec::len)))
    };
    // Source type → how many sources of it have pages, before the edit.
    let type_counts = |site: &Site<'_>| {
        let mut counts: HashMap<crate::model::SourceType, usize> = HashMap::new();
        for (id, d) in &site.defs.sources {
            if site.has_source_page(id.as_str()) {
                *counts.entry(d.def.kind).or_default() += 1;
            }
        }
        counts
    };
    let types_before = type_counts(site);
    // Source id → number of its pages before the edit.
    let mut sources_before: HashMap<SourceId<'_>, usize> = HashMap::new();
    let mut edit = Edit::default();
    let mut touched: HashSet<EntityId<'_>> = HashSet::new();
    // Entity id → number of its list pages before the edit.
    let mut before: HashMap<EntityId<'_>, usize> = HashMap::new();
    for (i, body) in found.into_iter().zip(bodies) {
        let new = resolve_report(site.report(i).report, body, &site.defs);
        let old = site.report(i);
        let (old_ids, new_ids) = (entity_ids(old), entity_ids(&new));
        let member_changed = old_ids != new_ids;
        let counts_changed = old.entities != new.entities;
        let old_sources: HashSet<SourceId<'_>> = old.sources.iter().copied().collect();
        let new_sources: HashSet<SourceId<'_>> = new.sources.iter().copied().collect();
        let sources_changed = old_sources != new_sources;
        edit.data |=
            counts_changed || old.sources != new.sources || claim_ids(old) != claim_ids(&new);
        if member_changed {
            // Its report list changes: every page of it. The first pages of
            // all the report's entities show related entities.
            for &e in old_ids.symmetric_difference(&new_ids) {
                let had = entity_pages(site, &e);
                before.entry(e).or_insert(had);
                let p = EntityPages {
                    all: true,
                    ..EntityPages::default()
                };
                edit.entities.entry(e.to_buf()).or_default().merge(p);
            }
            for &e in old_ids.union(&new_ids) {
                let p = EntityPages {
                    first: true,
                    ..EntityPages::default()
                };
                edit.entities.entry(e.to_buf()).or_default().merge(p);
                touched.insert(e);
            }
        }
        if counts_changed {
            edit.entity_index = true;
            for EntityShown {
                entity: e,
                mentions,
            } in &new.entities
            {
                let before = old.entities.iter().find(|o| o.entity == *e);
                if before.map(|o| o.mentions) != Some(*mentions) {
                    let p = EntityPages {
                        showing: true,
                        ..EntityPages::default()
                    };
                    edit.entities.entry(e.to_buf()).or_default().merge(p);
                }
            }
        }
        if sources_changed {
            for &s in old_sources.symmetric_difference(&new_sources) {
                let had = source_pages(site, &s);
                sources_before.entry(s).or_insert(had);
            }
            edit.source_index = true;
            edit.sources.extend(
                old_sources
                    .symmetric_difference(&new_sources)
                    .map(|s| s.to_buf()),
            );
        }
        if counts_changed || sources_changed {
            let old = std::mem::replace(&mut site.reports[i.0], new);
            let mut links = Links {
                entity_reports: &mut site.entity_reports,
                source_reports: &mut site.source_reports,
                related: &mut site.related,
            };
            links.remove(i, &old);
            links.add(i, &site.reports[i.0]);
            // Taking a pair out and putting it back moves it in the list.
            touched.extend(old_ids.union(&new_ids));
        } else {
            site.reports[i.0] = new;
        }
    }
    for entity in touched {
        if let Some(list) = site.related.get_mut(&entity) {
            sort_related(list);
        }
    }
    // A source cited by fewer reports may have fewer pages; a bibliography
    // entry that no report or claim uses any more has none
    // (`Site::has_source_page`).
    for (s, had) in sources_before {
        let now = source_pages(site, &s);
        let home = format!("sources/{}/", crate::ids::source_slug(s.as_str()));
        edit.gone.extend(
            (now + 1..=had).map(|n| format!("{}index.html", crate::urls::list_page_url(&home, n))),
        );
    }
    // So may a source type's listing.
    let types_now = type_counts(site);
    for (kind, had) in types_before {
        let now = types_now.get(&kind).map_or(0, |&n| pages(n));
        let home = format!("sources/type/{}/", kind.as_str());
        edit.gone.extend(
            (now + 1..=pages(had))
                .map(|n| format!("{}index.html", crate::urls::list_page_url(&home, n))),
        );
    }
    for (e, had) in before {
        let now = entity_pages(site, &e);
        edit.gone.extend((now + 1..=had).map(|n| {
            format!(
                "{}index.html",
                crate::urls::list_page_url(&format!("entities/{e}/"), n)
            )
        }));
    }
    Some(edit)
}

fn entity_ids<'a>(r: &ResolvedReport<'a>) -> HashSet<EntityId<'a>> {
    r.entities.iter().map(|e| e.entity).collect()
}

fn claim_ids<'a>(r: &ResolvedReport<'a>) -> Vec<ClaimId<'a>> {
    r.claims.iter().map(|c| c.claim).collect()
}
