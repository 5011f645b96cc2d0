//! The site index: every id resolved across files, duplicates and unknown
//! ids reported, report bodies annotated, and the back-links (entity →
//! reports, claims, related entities; source → reports, claims) computed.
//!
//! This module holds the index itself ([`Site`], [`ResolvedReport`]), what
//! builds it ([`resolve_fixed`], [`body_diagnostics`]; the resolve stage,
//! `build::resolve`, adds the link checks of [`LinkTargets`]) and the
//! back-links. A report's place in the documents ([`DocIndex`], file order)
//! and in the site ([`ReportIndex`], newest first) have types of their own,
//! and so do the ids of each namespace (`crate::ids`): ids in the index are
//! ids that resolved; what a body or front matter wrote, which may name
//! nothing, stays a `String`. Each kind of
//! check has a file of its own:
//!
//! - `defs.rs`: the namespaces of entities, sources and claims; ids defined
//!   twice (E005) and references to unknown ids (E004);
//! - `collisions.rs`: two pages or names on one URL (E016, E021);
//! - `graph_page.rs`: an entity on the URL of the site's graph page (W013);
//! - `unused.rs`: definitions nothing uses (W001, W003) and claims without
//!   sources (W002);
//! - `links.rs`: relative links that lead to no page or element (W004);
//! - `edit.rs`: what `serve` changes when only report bodies were edited;
//! - `annotator.rs`: bodies annotated against the definitions, and cached;
//! - `checks.rs`: what the checks found, kept apart by what can change it.
//!
//! Entities a body names without listing them (W006) are reported by
//! [`body_diagnostics`].

mod annotator;
mod checks;
mod collisions;
mod defs;
mod edit;
mod graph_page;
mod languages;
mod links;
pub mod translations;
mod unused;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;

use rayon::prelude::*;

use crate::annotate::{self, Body};
use crate::config::Config;
use crate::diag::{Code, Diagnostic, Files};
use crate::highlight::Highlighter;
use crate::ids::{ClaimId, EntityId, SourceId};
use crate::model::{
    Document, EntityDef, RegistryItem, Report, SectionIndex, SourceDef, Unavailable,
};

use collisions::check_urls;
use defs::{check_references, collect_defs};
use unused::warn_unused;

pub use annotator::{Annotator, BodyCache};
pub use checks::Checks;
pub use defs::{ClaimEntry, Def, Defs, Origin};
pub use edit::{Edit, EntityPages, reannotate};
pub use graph_page::GRAPH_ID;
pub use languages::{merge_diagnostics, owners, split_languages};
pub use links::LinkTargets;

/// Every document of the site, sorted by path, as parsing left them.
#[derive(Debug, Default)]
pub struct Documents {
    pub reports: Vec<Report>,
    pub entities: Vec<RegistryItem<EntityDef>>,
    pub sources: Vec<RegistryItem<SourceDef>>,
    pub sections: Vec<SectionIndex>,
    /// What files that failed to parse would have defined.
    pub unavailable: Unavailable,
    /// The entries of the site's bibliography files.
    /// Shared: `serve` runs again on the same entries after every edit.
    pub bibliography: Arc<Vec<crate::bibliography::BibEntry>>,
}

/// The place of a report in [`Documents::reports`]: file order, as parsing
/// left them. Not the place of the same report in [`Site::reports`]
/// ([`ReportIndex`]).
///
/// ```
/// use dossier::resolve::{DocIndex, Documents, ReportIndex, Site};
///
/// fn titles(docs: &Documents, site: &Site<'_>, d: DocIndex, r: ReportIndex) -> [String; 2] {
///     [docs.report(d).meta.title.clone(), site.report(r).report.meta.title.clone()]
/// }
/// ```
///
/// An index of one order does not reach into the other:
///
/// ```compile_fail
/// use dossier::resolve::{DocIndex, Site};
///
/// fn title(site: &Site<'_>, d: DocIndex) -> String {
///     site.report(d).report.meta.title.clone()
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocIndex(usize);

/// The place of a report in [`Site::reports`]: newest first. Not the place
/// of the same report in [`Documents::reports`] ([`DocIndex`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportIndex(usize);

/// The place of a registry file in [`Documents::entities`] (`T` is
/// [`EntityDef`]) or [`Documents::sources`] (`T` is [`SourceDef`]), so that
/// one list's index cannot be used on the other.
pub struct RegistryIndex<T>(usize, PhantomData<fn() -> T>);

// Derived, these would ask `T` for the same traits.
impl<T> Clone for RegistryIndex<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for RegistryIndex<T> {}
impl<T> PartialEq for RegistryIndex<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<T> Eq for RegistryIndex<T> {}
impl<T> RegistryIndex<T> {
    /// The item at this index in the registry list of its kind.
    pub fn get(self, items: &[RegistryItem<T>]) -> Option<&RegistryItem<T>> {
        items.get(self.0)
    }
}
impl<T> std::fmt::Debug for RegistryIndex<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RegistryIndex").field(&self.0).finish()
    }
}

impl Documents {
    /// The report at `ix`.
    pub fn report(&self, ix: DocIndex) -> &Report {
        &self.reports[ix.0]
    }

    /// The reports in file order, each with its index.
    pub fn indexed_reports(&self) -> impl Iterator<Item = (DocIndex, &Report)> {
        self.reports
            .iter()
            .enumerate()
            .map(|(i, r)| (DocIndex(i), r))
    }

    /// The entity file at `ix`.
    pub fn entity(&self, ix: RegistryIndex<EntityDef>) -> &RegistryItem<EntityDef> {
        &self.entities[ix.0]
    }

    /// The entity files, each with its index.
    pub fn indexed_entities(
        &self,
    ) -> impl Iterator<Item = (RegistryIndex<EntityDef>, &RegistryItem<EntityDef>)> {
        let ix = |i| RegistryIndex(i, PhantomData);
        self.entities
            .iter()
            .enumerate()
            .map(move |(i, e)| (ix(i), e))
    }

    /// The source file at `ix`.
    pub fn source(&self, ix: RegistryIndex<SourceDef>) -> &RegistryItem<SourceDef> {
        &self.sources[ix.0]
    }

    /// The source files, each with its index.
    pub fn indexed_sources(
        &self,
    ) -> impl Iterator<Item = (RegistryIndex<SourceDef>, &RegistryItem<SourceDef>)> {
        let ix = |i| RegistryIndex(i, PhantomData);
        self.sources
            .iter()
            .enumerate()
            .map(move |(i, s)| (ix(i), s))
    }

    pub fn push(&mut self, doc: Document) {
        match doc {
            Document::Report(r) => self.reports.push(*r),
            Document::Entity(e) => self.entities.push(e),
            Document::Source(s) => self.sources.push(s),
            Document::Section(s) => self.sections.push(s),
        }
    }
}

/// One use of a source on a report page: in the body, a note, or the
/// Claims section.
#[derive(Debug, Clone)]
pub struct Use {
    pub anchor: String,
    pub locator: Option<String>,
}

/// A report with everything its page shows.
#[derive(Debug)]
pub struct ResolvedReport<'a> {
    pub report: &'a Report,
    pub body: Arc<Body>,
    /// Every source cited or listed, in number order (number = index + 1).
    pub sources: Vec<SourceId<'a>>,
    /// The places each source is used on the page, for back-links.
    pub uses: HashMap<SourceId<'a>, Vec<Use>>,
    /// Claims shown in the Claims section, with the anchors of their
    /// citations there.
    pub claims: Vec<ClaimShown<'a>>,
    /// Entities in this report with mention counts, listed ones first.
    pub entities: Vec<EntityShown<'a>>,
}

/// A claim in a report's Claims section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimShown<'a> {
    pub claim: ClaimId<'a>,
    /// Its sources, each cited there.
    pub cites: Vec<ClaimCite<'a>>,
}

/// A citation of a claim's source in a report's Claims section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCite<'a> {
    pub source: SourceId<'a>,
    /// The element id of the citation (a back-link target).
    pub anchor: String,
}

/// An entity a report shows, with the number of times its text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityShown<'a> {
    pub entity: EntityId<'a>,
    pub mentions: usize,
}

/// A report in an entity's list of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityReport {
    pub report: ReportIndex,
    /// How many times the report names the entity.
    pub mentions: usize,
}

/// An entity shown together with another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Related<'a> {
    pub entity: EntityId<'a>,
    /// The number of reports that show both.
    pub shared: usize,
}

/// A tag: its name on the site and the reports that carry it.
#[derive(Debug, Default)]
pub struct Tag {
    /// The most frequent spelling (see `back_links`).
    pub name: String,
    pub reports: Vec<ReportIndex>,
}

/// The resolved site: what rendering reads.
#[derive(Debug)]
pub struct Site<'a> {
    pub config: &'a Config,
    pub docs: &'a Documents,
    pub defs: Defs<'a>,
    /// Reports, newest first (then by id).
    pub reports: Vec<ResolvedReport<'a>>,
    /// Entity id → the reports that show it, in report order.
    pub entity_reports: HashMap<EntityId<'a>, Vec<EntityReport>>,
    pub entity_claims: HashMap<EntityId<'a>, Vec<ClaimId<'a>>>,
    /// Entity id → co-occurring entities with the number of shared reports.
    pub related: HashMap<EntityId<'a>, Vec<Related<'a>>>,
    pub source_reports: HashMap<SourceId<'a>, Vec<ReportIndex>>,
    pub source_claims: HashMap<SourceId<'a>, Vec<ClaimId<'a>>>,
    /// Section path → reports in it (directly).
    pub sections: BTreeMap<String, Vec<ReportIndex>>,
    /// Tag slug → its name and reports.
    pub tags: BTreeMap<String, Tag>,
}

impl<'a> Site<'a> {
    /// The report at `ix`.
    pub fn report(&self, ix: ReportIndex) -> &ResolvedReport<'a> {
        &self.reports[ix.0]
    }

    /// The reports, newest first, each with its index.
    pub fn indexed_reports(&self) -> impl Iterator<Item = (ReportIndex, &ResolvedReport<'a>)> {
        indexed(&self.reports)
    }

    /// Whether source `id` gets a page of its own, is in the source index
    /// and in `data/site.json`: every source defined in front matter or a
    /// registry, and the bibliography entries that a report or a claim
    /// uses (a library of thousands of entries makes no page for those the
    /// site never cites).
    pub fn has_source_page(&self, id: &str) -> bool {
        match self.defs.sources.get(id) {
            Some(d) if matches!(d.origin, Origin::Bibliography(_)) => {
                self.source_reports.contains_key(id) || self.source_claims.contains_key(id)
            }
            Some(_) => true,
            None => false,
        }
    }
}

/// `reports`, which are a site's, each with its index.
fn indexed<'r, 'a>(
    reports: &'r [ResolvedReport<'a>],
) -> impl Iterator<Item = (ReportIndex, &'r ResolvedReport<'a>)> {
    reports.iter().enumerate().map(|(i, r)| (ReportIndex(i), r))
}

/// Builds the site index. Returns the problems that no report body can
/// change (definitions, references, URLs); [`body_diagnostics`] gives the
/// rest.
pub fn resolve_fixed<'a>(
    files: &Files,
    config: &'a Config,
    docs: &'a Documents,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
) -> (Site<'a>, Vec<Diagnostic>) {
    let mut stages = crate::timings::Stages::start();
    let mut diags = Vec::new();
    let defs = collect_defs(files, docs, &mut diags);
    check_references(files, docs, &defs, &mut diags);
    stages.lap("definitions");

    // Newest first; the id breaks ties so output is stable.
    let mut order: Vec<&Report> = docs.reports.iter().collect();
    order.sort_by(|ra, rb| rb.date.cmp(&ra.date).then_with(|| ra.id.cmp(&rb.id)));

    let annotator = Annotator::new(files, config, &defs, highlighter, cache);
    let bodies: Vec<Arc<Body>> = order.par_iter().map(|r| annotator.body(r)).collect();
    drop(annotator);
    stages.lap("annotate");
    let reports = order
        .into_par_iter()
        .zip(bodies)
        .map(|(r, body)| resolve_report(r, body, &defs))
        .collect();
    stages.lap("reports");

    let mut site = Site {
        config,
        docs,
        defs,
        reports,
        entity_reports: HashMap::new(),
        entity_claims: HashMap::new(),
        related: HashMap::new(),
        source_reports: HashMap::new(),
        source_claims: HashMap::new(),
        sections: BTreeMap::new(),
        tags: BTreeMap::new(),
    };
    back_links(&mut site);
    stages.lap("back-links");
    check_urls(files, &site, &mut diags);
    graph_page::check_graph_page(files, &site, &mut diags);
    stages.lap("URLs");
    stages.report("resolve");
    (site, diags)
}

/// The problems that depend on report bodies: those found in each body,
/// entities named but not listed, and definitions nothing uses.
pub fn body_diagnostics(files: &Files, site: &Site<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for r in &site.reports {
        diags.extend(r.body.diagnostics.iter().cloned());
        for annotate::Untagged { entity, span } in &r.body.untagged {
            let name = &site.defs.entities[entity.as_str()].def.name;
            diags.push(
                Diagnostic::new(
                    Code::W006,
                    format!("this report names {name} but does not list `{entity}`"),
                )
                .at(*span)
                .label("named here")
                .help(format!(
                    "add `{entity}:` under `entities:` so the mention is linked and counted"
                )),
            );
        }
    }
    warn_unused(files, site, &mut diags);
    diags
}

fn resolve_report<'a>(report: &'a Report, body: Arc<Body>, defs: &Defs<'a>) -> ResolvedReport<'a> {
    let mut sources: Vec<SourceId<'a>> = Vec::new();
    let key = |id: &str| defs.sources.get_key_value(id).map(|(k, _)| *k);
    for id in &body.cite_order {
        if let Some(k) = key(id) {
            sources.push(k);
        }
    }
    let mut uses: HashMap<SourceId<'a>, Vec<Use>> = HashMap::new();
    for c in &body.citations {
        if let Some(k) = key(&c.source) {
            uses.entry(k).or_default().push(Use {
                anchor: c.anchor.clone(),
                locator: c.locator.clone(),
            });
        }
    }

    // The Claims section: the report's own claims, then claims it marks
    // that are defined elsewhere.
    let claim_key = |id: &str| defs.claims.get_key_value(id).map(|(k, _)| *k);
    let mut claim_ids: Vec<ClaimId<'a>> = report
        .meta
        .claims
        .keys()
        .filter_map(|id| claim_key(id))
        .collect();
    for id in &body.marked_claims {
        if let Some(k) = claim_key(id)
            && !claim_ids.contains(&k)
        {
            claim_ids.push(k);
        }
    }
    let mut claims = Vec::new();
    for claim in claim_ids {
        let mut cites = Vec::new();
        for source in &defs.claims[&claim].def.sources {
            let Some(k) = key(source) else { continue };
            if !sources.contains(&k) {
                sources.push(k);
            }
            let list = uses.entry(k).or_default();
            let anchor = format!(
                "cite-{}-{}",
                crate::ids::source_slug(k.as_str()),
                list.len() + 1
            );
            list.push(Use {
                anchor: anchor.clone(),
                locator: None,
            });
            cites.push(ClaimCite { source: k, anchor });
        }
        claims.push(ClaimShown { claim, cites });
    }
    for id in report.meta.sources.keys() {
        if let Some(k) = key(id)
            && !sources.contains(&k)
        {
            sources.push(k);
        }
    }

    let mut entities: Vec<EntityShown<'a>> = Vec::new();
    let entity_key = |id: &str| defs.entities.get_key_value(id).map(|(k, _)| *k);
    for id in report.meta.entities.keys().chain(&body.linked_entities) {
        if let Some(k) = entity_key(id)
            && !entities.iter().any(|e| e.entity == k)
        {
            entities.push(EntityShown {
                entity: k,
                mentions: body.mentions.get(k.as_str()).copied().unwrap_or(0),
            });
        }
    }
    ResolvedReport {
        report,
        body,
        sources,
        uses,
        claims,
        entities,
    }
}

fn back_links(site: &mut Site<'_>) {
    // Pairs are counted in a map: a list search per pair would make an
    // entity named in most reports cost reports × its related entities.
    let mut shared: HashMap<(EntityId<'_>, EntityId<'_>), usize> = HashMap::new();
    let mut links = Links {
        entity_reports: &mut site.entity_reports,
        source_reports: &mut site.source_reports,
        related: &mut site.related,
    };
    for (i, r) in indexed(&site.reports) {
        links.add_to_lists(i, r);
        for pair in pairs(r) {
            *shared.entry(pair).or_default() += 1;
        }
    }
    for ((a, b), n) in shared {
        site.related.entry(a).or_default().push(Related {
            entity: b,
            shared: n,
        });
    }
    for list in site.related.values_mut() {
        sort_related(list);
    }
    // Tag slug → spelling → how it is written. A tag's name is its most
    // frequent spelling; of two as frequent, the one written first.
    let mut spellings: HashMap<String, HashMap<String, Spelling<'_>>> = HashMap::new();
    for (i, r) in indexed(&site.reports) {
        site.sections
            .entry(r.report.section.clone())
            .or_default()
            .push(i);
        for (k, tag) in r.report.meta.tags.iter().enumerate() {
            let slug = crate::model::tag_slug(tag);
            let spelling = crate::model::tag_spelling(tag);
            let earlier = &r.report.meta.tags[..k];
            if !earlier
                .iter()
                .any(|t| crate::model::tag_spelling(t) == spelling)
            {
                let here = WrittenAt {
                    report: r.report.id.as_str(),
                    place: k,
                };
                let seen = spellings
                    .entry(slug.clone())
                    .or_default()
                    .entry(spelling)
                    .or_insert(Spelling {
                        reports: 0,
                        first: here,
                    });
                seen.reports += 1;
                seen.first = seen.first.min(here);
            }
            let list = &mut site.tags.entry(slug).or_default().reports;
            // `[Água, água]` on one report lists it once.
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    for (slug, Tag { name, .. }) in site.tags.iter_mut() {
        if let Some(best) = spellings.get(slug).and_then(|s| {
            s.iter()
                .max_by(|a, b| (a.1.reports.cmp(&b.1.reports)).then(b.1.first.cmp(&a.1.first)))
        }) {
            name.clone_from(best.0);
        }
    }
    for (&id, claim) in &site.defs.claims {
        // The claimant is involved too, listed or not (once).
        let claimant = claim.def.claimant.as_deref();
        let listed = claimant.is_some_and(|c| claim.def.entities.iter().any(|e| e == c));
        let involved = claim
            .def
            .entities
            .iter()
            .map(String::as_str)
            .chain(claimant.filter(|_| !listed));
        for e in involved {
            if let Some((k, _)) = site.defs.entities.get_key_value(e) {
                site.entity_claims.entry(*k).or_default().push(id);
            }
        }
        for s in &claim.def.sources {
            if let Some((k, _)) = site.defs.sources.get_key_value(s.as_str()) {
                site.source_claims.entry(*k).or_default().push(id);
            }
        }
    }
    // Sections without reports of their own still get a page when they have
    // subsections or an `_index.md`.
    // `content/_index.md` (path "") is the home page's introduction, not a
    // section.
    let mut paths: Vec<String> = site.sections.keys().cloned().collect();
    paths.extend(
        site.docs
            .sections
            .iter()
            .filter(|s| !s.path.is_empty())
            .map(|s| s.path.clone()),
    );
    for path in paths {
        let mut p = path.as_str();
        while let Some((parent, _)) = p.rsplit_once('/') {
            site.sections.entry(parent.to_string()).or_default();
            p = parent;
        }
        site.sections.entry(path).or_default();
    }
    site.sections.remove("");
}

/// How one spelling of a tag is written across the site.
struct Spelling<'a> {
    /// The number of reports that write it so.
    reports: usize,
    /// Where it is first written.
    first: WrittenAt<'a>,
}

/// A place a tag is written: ordered by report id, then place in the
/// report's list of tags.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct WrittenAt<'a> {
    report: &'a str,
    place: usize,
}

/// The back-links that depend on report bodies, which an edit changes.
struct Links<'m, 'a> {
    entity_reports: &'m mut HashMap<EntityId<'a>, Vec<EntityReport>>,
    source_reports: &'m mut HashMap<SourceId<'a>, Vec<ReportIndex>>,
    related: &'m mut HashMap<EntityId<'a>, Vec<Related<'a>>>,
}

impl<'a> Links<'_, 'a> {
    /// Adds the back-links of report `i`, keeping lists in report order.
    /// The lists of related entities are left to be sorted.
    fn add(&mut self, i: ReportIndex, r: &ResolvedReport<'a>) {
        self.add_to_lists(i, r);
        for (a, b) in pairs(r) {
            let list = self.related.entry(a).or_default();
            match list.iter_mut().find(|e| e.entity == b) {
                Some(e) => e.shared += 1,
                None => list.push(Related {
                    entity: b,
                    shared: 1,
                }),
            }
        }
    }

    /// Adds report `i` to the report lists of its entities and sources, in
    /// report order (at the end, when reports are added in order).
    fn add_to_lists(&mut self, i: ReportIndex, r: &ResolvedReport<'a>) {
        for &EntityShown { entity, mentions } in &r.entities {
            let list = self.entity_reports.entry(entity).or_default();
            let at = list.partition_point(|e| e.report < i);
            list.insert(
                at,
                EntityReport {
                    report: i,
                    mentions,
                },
            );
        }
        for &source in &r.sources {
            let list = self.source_reports.entry(source).or_default();
            let at = list.partition_point(|j| *j < i);
            list.insert(at, i);
        }
    }

    /// Takes out the back-links of report `i`, as [`Links::add`] made them.
    fn remove(&mut self, i: ReportIndex, r: &ResolvedReport<'a>) {
        for EntityShown { entity, .. } in &r.entities {
            if let Some(list) = self.entity_reports.get_mut(entity) {
                list.retain(|e| e.report != i);
                if list.is_empty() {
                    self.entity_reports.remove(entity);
                }
            }
        }
        for source in &r.sources {
            if let Some(list) = self.source_reports.get_mut(source) {
                list.retain(|j| *j != i);
                if list.is_empty() {
                    self.source_reports.remove(source);
                }
            }
        }
        for (a, b) in pairs(r) {
            if let Some(list) = self.related.get_mut(&a) {
                if let Some(k) = list.iter().position(|e| e.entity == b) {
                    list[k].shared -= 1;
                    if list[k].shared == 0 {
                        list.remove(k);
                    }
                }
                if list.is_empty() {
                    self.related.remove(&a);
                }
            }
        }
    }
}

/// Each ordered pair of distinct entities that a report shows together.
fn pairs<'a>(r: &ResolvedReport<'a>) -> HashSet<(EntityId<'a>, EntityId<'a>)> {
    let mut pairs = HashSet::new();
    for a in &r.entities {
        for b in &r.entities {
            if a.entity != b.entity {
                pairs.insert((a.entity, b.entity));
            }
        }
    }
    pairs
}

/// Most shared reports first, then by id.
fn sort_related(list: &mut [Related<'_>]) {
    list.sort_by(|a, b| b.shared.cmp(&a.shared).then(a.entity.cmp(&b.entity)));
}

#[cfg(test)]
mod tests {
    use crate::text::status_label;
    use crate::urls::{join_url, root_prefix};

    #[test]
    fn joins_relative_links() {
        assert_eq!(join_url("2024/a/", "../../top/").as_deref(), Some("top/"));
        assert_eq!(join_url("2024/a/", "../b/").as_deref(), Some("2024/b/"));
        assert_eq!(
            join_url("a/", "../files/x.txt").as_deref(),
            Some("files/x.txt")
        );
        assert_eq!(join_url("a/", "../../x/"), None);
    }

    #[test]
    fn root_prefixes() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("a/"), "../");
        assert_eq!(root_prefix("2024/a/"), "../../");
    }

    #[test]
    fn status_labels() {
        assert_eq!(status_label("verified"), "Verified");
        assert_eq!(status_label("half-true"), "Half true");
    }
}
