//! The site index: every id resolved across files, duplicates and unknown
//! ids reported, report bodies annotated, and the back-links (entity →
//! reports, claims, related entities; source → reports, claims) computed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::annotate::{self, Body, BodyLink, Lookup};
use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId, Files, Span, suggest};
use crate::frontmatter::{self, Seg};
use crate::highlight::Highlighter;
use crate::model::{
    ClaimDef, Document, EntityDef, RegistryItem, Report, SectionIndex, SourceDef, Unavailable,
    definition_span,
};
use crate::text::status_label;
use crate::urls::{join_url, root_prefix};

/// Every document of the site, sorted by path, as parsing left them.
#[derive(Debug, Default)]
pub struct Documents {
    pub reports: Vec<Report>,
    pub entities: Vec<RegistryItem<EntityDef>>,
    pub sources: Vec<RegistryItem<SourceDef>>,
    pub sections: Vec<SectionIndex>,
    /// What files that failed to parse would have defined.
    pub unavailable: Unavailable,
}

impl Documents {
    pub fn push(&mut self, doc: Document) {
        match doc {
            Document::Report(r) => self.reports.push(*r),
            Document::Entity(e) => self.entities.push(e),
            Document::Source(s) => self.sources.push(s),
            Document::Section(s) => self.sections.push(s),
        }
    }
}

/// Where an entity or source is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Index into `Documents::reports`.
    Report(usize),
    /// Index into the registry list of its kind.
    Registry(usize),
}

#[derive(Debug)]
pub struct Def<'a, T> {
    pub def: &'a T,
    pub origin: Origin,
}

#[derive(Debug)]
pub struct ClaimEntry<'a> {
    pub def: &'a ClaimDef,
    /// The report that defines the claim.
    pub report: usize,
}

/// The site-wide namespaces of entities, sources and claims.
#[derive(Debug, Default)]
pub struct Defs<'a> {
    pub entities: IndexMap<&'a str, Def<'a, EntityDef>>,
    pub sources: IndexMap<&'a str, Def<'a, SourceDef>>,
    pub claims: IndexMap<&'a str, ClaimEntry<'a>>,
    /// Ids defined in files that failed to parse.
    pub failed: Option<&'a Unavailable>,
}

impl Lookup for Defs<'_> {
    fn entity(&self, id: &str) -> Option<&EntityDef> {
        self.entities.get(id).map(|d| d.def)
    }
    fn source(&self, id: &str) -> Option<&SourceDef> {
        self.sources.get(id).map(|d| d.def)
    }
    fn claim(&self, id: &str) -> Option<&ClaimDef> {
        self.claims.get(id).map(|c| c.def)
    }
    fn entity_ids(&self) -> Vec<&str> {
        self.entities.keys().copied().collect()
    }
    fn source_ids(&self) -> Vec<&str> {
        self.sources.keys().copied().collect()
    }
    fn claim_ids(&self) -> Vec<&str> {
        self.claims.keys().copied().collect()
    }
    fn unavailable(&self, what: &str, id: &str) -> bool {
        let Some(u) = self.failed else {
            return false;
        };
        match what {
            "entity" => u.entities.contains(id),
            "source" => u.sources.contains(id),
            "claim" => u.claims.contains(id),
            _ => false,
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

/// Annotated bodies kept between runs (by `serve`), by report id, with the
/// key of everything the annotation read: a body is annotated again only
/// when its file or the site's definitions changed.
#[derive(Debug, Default)]
pub struct BodyCache(Mutex<HashMap<String, (u64, Arc<Body>)>>);

/// A report with everything its page shows.
#[derive(Debug)]
pub struct ResolvedReport<'a> {
    pub report: &'a Report,
    pub body: Arc<Body>,
    /// Every source cited or listed, in number order (number = index + 1).
    pub sources: Vec<&'a str>,
    /// The places each source is used on the page, for back-links.
    pub uses: HashMap<&'a str, Vec<Use>>,
    /// Claims shown in the Claims section, with the anchors of their
    /// citations there: (claim, [(source, anchor)]).
    pub claims: Vec<(&'a str, Vec<(&'a str, String)>)>,
    /// Entities in this report with mention counts, listed ones first.
    pub entities: Vec<(&'a str, usize)>,
}

/// The resolved site: what rendering reads.
#[derive(Debug)]
pub struct Site<'a> {
    pub config: &'a Config,
    pub docs: &'a Documents,
    pub defs: Defs<'a>,
    /// Reports, newest first (then by id).
    pub reports: Vec<ResolvedReport<'a>>,
    /// Entity id → (report index, mentions), in report order.
    pub entity_reports: HashMap<&'a str, Vec<(usize, usize)>>,
    pub entity_claims: HashMap<&'a str, Vec<&'a str>>,
    /// Entity id → co-occurring entities with the number of shared reports.
    pub related: HashMap<&'a str, Vec<(&'a str, usize)>>,
    pub source_reports: HashMap<&'a str, Vec<usize>>,
    pub source_claims: HashMap<&'a str, Vec<&'a str>>,
    /// Section path → reports in it (directly).
    pub sections: BTreeMap<String, Vec<usize>>,
    /// Tag slug → (display name, reports).
    pub tags: BTreeMap<String, (String, Vec<usize>)>,
}

/// Builds the site index, returning every problem found on the way.
pub fn resolve<'a>(
    files: &Files,
    config: &'a Config,
    docs: &'a Documents,
    highlighter: &Highlighter,
    cache: Option<&BodyCache>,
) -> (Site<'a>, Vec<Diagnostic>) {
    let (site, mut diags) = resolve_fixed(files, config, docs, highlighter, cache);
    diags.extend(body_diagnostics(files, &site));
    (site, diags)
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
    let mut order: Vec<usize> = (0..docs.reports.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&docs.reports[a], &docs.reports[b]);
        rb.date.cmp(&ra.date).then_with(|| ra.id.cmp(&rb.id))
    });

    let annotator = Annotator::new(files, config, &defs, highlighter, cache);
    let bodies: Vec<(usize, Arc<Body>)> = order
        .par_iter()
        .map(|&i| (i, annotator.body(&docs.reports[i])))
        .collect();
    drop(annotator);
    stages.lap("annotate");
    let reports = bodies
        .into_par_iter()
        .map(|(i, body)| resolve_report(&docs.reports[i], body, &defs))
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
        for (entity, span) in &r.body.untagged {
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

/// Annotates report bodies against the site's definitions, through the
/// cache when there is one.
pub struct Annotator<'s, 'a> {
    files: &'s Files,
    config: &'s Config,
    defs: &'s Defs<'a>,
    names: Option<annotate::Mentions>,
    /// Hash of everything besides its own file that a body's annotation reads.
    defs_key: u64,
    highlighter: &'s Highlighter,
    cache: Option<&'s BodyCache>,
}

impl<'s, 'a> Annotator<'s, 'a> {
    pub fn new(
        files: &'s Files,
        config: &'s Config,
        defs: &'s Defs<'a>,
        highlighter: &'s Highlighter,
        cache: Option<&'s BodyCache>,
    ) -> Self {
        Annotator {
            files,
            config,
            defs,
            names: annotate::Mentions::new(defs.entity_ids(), defs),
            defs_key: defs_fingerprint(defs, config),
            highlighter,
            cache,
        }
    }

    /// The annotated body of `report`.
    pub fn body(&self, report: &Report) -> Arc<Body> {
        let text = &self.files.get(report.file).text;
        let key = self.cache.map(|_| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (self.defs_key, text, report.body_start, &report.url).hash(&mut h);
            report.meta.entities.keys().for_each(|k| k.hash(&mut h));
            h.finish()
        });
        if let (Some(cache), Some(key)) = (self.cache, key)
            && let Some((k, body)) = cache.0.lock().ok().and_then(|c| c.get(&report.id).cloned())
            && k == key
        {
            return body;
        }
        let listed: Vec<&str> = report.meta.entities.keys().map(String::as_str).collect();
        let root = root_prefix(&report.url);
        let label = |status: &str| status_label(status);
        let input = annotate::Input {
            file: report.file,
            text,
            body_start: report.body_start,
            root: &root,
            listed: &listed,
            names: self.names.as_ref(),
            auto_link: self.config.auto_link_entities,
            smart_punctuation: self.config.smart_punctuation,
            claim_status_label: &label,
        };
        let body = Arc::new(annotate::render_body(&input, self.defs, self.highlighter));
        if let (Some(cache), Some(key)) = (self.cache, key)
            && let Ok(mut c) = cache.0.lock()
        {
            c.insert(report.id.clone(), (key, body.clone()));
        }
        body
    }
}

/// What re-annotating some reports changed for the rest of the site: the
/// pages to render besides the reports' own.
#[derive(Debug, Default)]
pub struct Edit {
    pub entities: HashMap<String, EntityPages>,
    /// Sources that a report started or stopped showing.
    pub sources: HashSet<String>,
    pub entity_index: bool,
    pub source_index: bool,
    /// `data/site.json`: what a report shows, or its order, changed.
    pub data: bool,
    /// Pages of entity report lists that no longer exist.
    pub gone: Vec<String>,
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
        found.push(site.reports.iter().position(|r| r.report.id == *id)?);
    }
    let annotator = Annotator::new(files, site.config, &site.defs, highlighter, cache);
    let bodies: Vec<Arc<Body>> = found
        .iter()
        .map(|&i| annotator.body(site.reports[i].report))
        .collect();
    drop(annotator);
    let per = site.config.paginate_by.max(1);
    let pages = |n: usize| n.div_ceil(per).max(1);
    let mut edit = Edit::default();
    let mut touched: HashSet<&str> = HashSet::new();
    // Entity id → number of its list pages before the edit.
    let mut before: HashMap<&str, usize> = HashMap::new();
    for (i, body) in found.into_iter().zip(bodies) {
        let new = resolve_report(site.reports[i].report, body, &site.defs);
        let old = &site.reports[i];
        let (old_ids, new_ids) = (entity_ids(old), entity_ids(&new));
        let member_changed = old_ids != new_ids;
        let counts_changed = old.entities != new.entities;
        let old_sources: HashSet<&str> = old.sources.iter().copied().collect();
        let new_sources: HashSet<&str> = new.sources.iter().copied().collect();
        let sources_changed = old_sources != new_sources;
        edit.data |=
            counts_changed || old.sources != new.sources || claim_ids(old) != claim_ids(&new);
        if member_changed {
            // Its report list changes: every page of it. The first pages of
            // all the report's entities show related entities.
            for &e in old_ids.symmetric_difference(&new_ids) {
                let n = site.entity_reports.get(e).map_or(0, Vec::len);
                before.entry(e).or_insert_with(|| pages(n));
                let p = EntityPages {
                    all: true,
                    ..EntityPages::default()
                };
                edit.entities.entry(e.to_string()).or_default().merge(p);
            }
            for &e in old_ids.union(&new_ids) {
                let p = EntityPages {
                    first: true,
                    ..EntityPages::default()
                };
                edit.entities.entry(e.to_string()).or_default().merge(p);
                touched.insert(e);
            }
        }
        if counts_changed {
            edit.entity_index = true;
            for (e, n) in &new.entities {
                if old.entities.iter().find(|(o, _)| o == e).map(|(_, m)| m) != Some(n) {
                    let p = EntityPages {
                        showing: true,
                        ..EntityPages::default()
                    };
                    edit.entities.entry(e.to_string()).or_default().merge(p);
                }
            }
        }
        if sources_changed {
            edit.source_index = true;
            edit.sources.extend(
                old_sources
                    .symmetric_difference(&new_sources)
                    .map(|s| s.to_string()),
            );
        }
        if counts_changed || sources_changed {
            let old = std::mem::replace(&mut site.reports[i], new);
            let mut links = Links {
                entity_reports: &mut site.entity_reports,
                source_reports: &mut site.source_reports,
                related: &mut site.related,
            };
            links.remove(i, &old);
            links.add(i, &site.reports[i]);
            // Taking a pair out and putting it back moves it in the list.
            touched.extend(old_ids.union(&new_ids));
        } else {
            site.reports[i] = new;
        }
    }
    for entity in touched {
        if let Some(list) = site.related.get_mut(entity) {
            sort_related(list);
        }
    }
    for (e, had) in before {
        let now = pages(site.entity_reports.get(e).map_or(0, Vec::len));
        edit.gone.extend((now + 1..=had).map(|n| {
            format!(
                "{}index.html",
                crate::urls::list_page_url(&format!("entities/{e}/"), n)
            )
        }));
    }
    Some(edit)
}

fn entity_ids<'a>(r: &ResolvedReport<'a>) -> HashSet<&'a str> {
    r.entities.iter().map(|(e, _)| *e).collect()
}

fn claim_ids<'a>(r: &ResolvedReport<'a>) -> Vec<&'a str> {
    r.claims.iter().map(|(c, _)| *c).collect()
}

fn collect_defs<'a>(files: &Files, docs: &'a Documents, diags: &mut Vec<Diagnostic>) -> Defs<'a> {
    let mut defs = Defs {
        failed: Some(&docs.unavailable),
        ..Defs::default()
    };
    let span_of = |origin: Origin,
                   map: &str,
                   id: &str,
                   registry: &dyn Fn(usize) -> (usize, crate::frontmatter::Yaml)|
     -> Span {
        match origin {
            Origin::Report(r) => {
                let report = &docs.reports[r];
                definition_span(report.yaml, &files.get(report.file).text, map, Some(id))
            }
            Origin::Registry(i) => {
                let (file, yaml) = registry(i);
                definition_span(yaml, &files.get(file).text, map, None)
            }
        }
    };
    let entity_registry = |i: usize| (docs.entities[i].file, docs.entities[i].yaml);
    let source_registry = |i: usize| (docs.sources[i].file, docs.sources[i].yaml);

    let entity_defs =
        docs.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), &e.def, Origin::Registry(i)))
            .chain(docs.reports.iter().enumerate().flat_map(|(r, report)| {
                report.meta.entities.iter().filter_map(move |(id, def)| {
                    Some((id.as_str(), def.as_ref()?, Origin::Report(r)))
                })
            }));
    for (id, def, origin) in entity_defs {
        if let Some(first) = defs.entities.get(id) {
            diags.push(duplicate(
                "entity",
                id,
                span_of(origin, "entities", id, &entity_registry),
                span_of(first.origin, "entities", id, &entity_registry),
            ));
        } else {
            defs.entities.insert(id, Def { def, origin });
        }
    }

    let source_defs =
        docs.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), &s.def, Origin::Registry(i)))
            .chain(docs.reports.iter().enumerate().flat_map(|(r, report)| {
                report.meta.sources.iter().filter_map(move |(id, def)| {
                    Some((id.as_str(), def.as_ref()?, Origin::Report(r)))
                })
            }));
    for (id, def, origin) in source_defs {
        if let Some(first) = defs.sources.get(id) {
            diags.push(duplicate(
                "source",
                id,
                span_of(origin, "sources", id, &source_registry),
                span_of(first.origin, "sources", id, &source_registry),
            ));
        } else {
            defs.sources.insert(id, Def { def, origin });
        }
    }

    for (r, report) in docs.reports.iter().enumerate() {
        for (id, def) in &report.meta.claims {
            if let Some(first) = defs.claims.get(id.as_str()) {
                let other = &docs.reports[first.report];
                let here = definition_span(
                    report.yaml,
                    &files.get(report.file).text,
                    "claims",
                    Some(id),
                );
                let there =
                    definition_span(other.yaml, &files.get(other.file).text, "claims", Some(id));
                diags.push(duplicate("claim", id, here, there));
            } else {
                defs.claims.insert(id, ClaimEntry { def, report: r });
            }
        }
    }
    defs
}

fn duplicate(what: &str, id: &str, here: Span, first: Span) -> Diagnostic {
    Diagnostic::new(Code::E005, format!("{what} `{id}` is defined twice"))
        .at(here)
        .label("defined again here")
        .related(first, "first defined here")
        .help(format!(
            "keep one definition and refer to it elsewhere with `{id}:` and no value"
        ))
}

/// References (`id:` with no value) and the ids a claim names must exist.
fn check_references(files: &Files, docs: &Documents, defs: &Defs<'_>, diags: &mut Vec<Diagnostic>) {
    for report in &docs.reports {
        let text = &files.get(report.file).text;
        let at = |path: &[Seg<'_>], key: bool| frontmatter::locate(report.yaml, text, path, key);
        for (id, def) in &report.meta.entities {
            if def.is_none()
                && !defs.entities.contains_key(id.as_str())
                && !defs.unavailable("entity", id)
            {
                diags.push(unknown(
                    "entity",
                    id,
                    at(&[Seg::Key("entities"), Seg::Key(id)], true),
                    defs.entity_ids(),
                    defs,
                ));
            }
        }
        for (id, def) in &report.meta.sources {
            if def.is_none()
                && !defs.sources.contains_key(id.as_str())
                && !defs.unavailable("source", id)
            {
                diags.push(unknown(
                    "source",
                    id,
                    at(&[Seg::Key("sources"), Seg::Key(id)], true),
                    defs.source_ids(),
                    defs,
                ));
            }
        }
        for (claim_id, claim) in &report.meta.claims {
            for (i, id) in claim.sources.iter().enumerate() {
                if !defs.sources.contains_key(id.as_str()) && !defs.unavailable("source", id) {
                    let span = at(
                        &[
                            Seg::Key("claims"),
                            Seg::Key(claim_id),
                            Seg::Key("sources"),
                            Seg::Index(i),
                        ],
                        false,
                    );
                    diags.push(unknown("source", id, span, defs.source_ids(), defs));
                }
            }
            for (i, id) in claim.entities.iter().enumerate() {
                if !defs.entities.contains_key(id.as_str()) && !defs.unavailable("entity", id) {
                    let span = at(
                        &[
                            Seg::Key("claims"),
                            Seg::Key(claim_id),
                            Seg::Key("entities"),
                            Seg::Index(i),
                        ],
                        false,
                    );
                    diags.push(unknown("entity", id, span, defs.entity_ids(), defs));
                }
            }
        }
    }
}

fn unknown(what: &str, id: &str, span: Span, known: Vec<&str>, defs: &Defs<'_>) -> Diagnostic {
    // Naming what the id is, when it is something else, beats a guess.
    let other = if what != "entity" && defs.entities.contains_key(id) {
        Some("an entity")
    } else if what != "source" && defs.sources.contains_key(id) {
        Some("a source")
    } else if defs.claims.contains_key(id) {
        Some("a claim")
    } else {
        None
    };
    let help = match other {
        Some(other) => Some(format!("`{id}` is {other}, not a {what}")),
        None => suggest(id, known),
    };
    Diagnostic::new(Code::E004, format!("unknown {what} `{id}`"))
        .at(span)
        .label(format!("no {what} has this id"))
        .help_opt(help)
}

/// A hash of everything in the definitions and settings that annotating a
/// body reads: names, aliases, source titles, claim statuses and sources.
fn defs_fingerprint(defs: &Defs<'_>, config: &Config) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (id, e) in &defs.entities {
        (id, &e.def.name, &e.def.aliases).hash(&mut h);
    }
    for (id, s) in &defs.sources {
        (id, &s.def.title).hash(&mut h);
    }
    for (id, c) in &defs.claims {
        (id, &c.def.status, &c.def.sources).hash(&mut h);
    }
    defs.failed.hash(&mut h);
    (config.auto_link_entities as u8, config.smart_punctuation).hash(&mut h);
    h.finish()
}

fn resolve_report<'a>(report: &'a Report, body: Arc<Body>, defs: &Defs<'a>) -> ResolvedReport<'a> {
    let mut sources: Vec<&'a str> = Vec::new();
    let key = |id: &str| defs.sources.get_key_value(id).map(|(k, _)| *k);
    for id in &body.cite_order {
        if let Some(k) = key(id) {
            sources.push(k);
        }
    }
    let mut uses: HashMap<&'a str, Vec<Use>> = HashMap::new();
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
    let mut claim_ids: Vec<&'a str> = report
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
        for source in &defs.claims[claim].def.sources {
            let Some(k) = key(source) else { continue };
            if !sources.contains(&k) {
                sources.push(k);
            }
            let list = uses.entry(k).or_default();
            let anchor = format!("cite-{k}-{}", list.len() + 1);
            list.push(Use {
                anchor: anchor.clone(),
                locator: None,
            });
            cites.push((k, anchor));
        }
        claims.push((claim, cites));
    }
    for id in report.meta.sources.keys() {
        if let Some(k) = key(id)
            && !sources.contains(&k)
        {
            sources.push(k);
        }
    }

    let mut entities: Vec<(&'a str, usize)> = Vec::new();
    let entity_key = |id: &str| defs.entities.get_key_value(id).map(|(k, _)| *k);
    for id in report.meta.entities.keys().chain(&body.linked_entities) {
        if let Some(k) = entity_key(id)
            && !entities.iter().any(|(e, _)| *e == k)
        {
            entities.push((k, body.mentions.get(k).copied().unwrap_or(0)));
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
    let mut shared: HashMap<(&str, &str), usize> = HashMap::new();
    let mut links = Links {
        entity_reports: &mut site.entity_reports,
        source_reports: &mut site.source_reports,
        related: &mut site.related,
    };
    for (i, r) in site.reports.iter().enumerate() {
        links.add_to_lists(i, r);
        for pair in pairs(r) {
            *shared.entry(pair).or_default() += 1;
        }
    }
    for ((a, b), n) in shared {
        site.related.entry(a).or_default().push((b, n));
    }
    for list in site.related.values_mut() {
        sort_related(list);
    }
    // Tag slug → spelling → (reports that write it so, where it is first
    // written: report id and place in its list). A tag's name is its most
    // frequent spelling; of two as frequent, the one written first.
    let mut spellings: HashMap<String, HashMap<String, (usize, (&str, usize))>> = HashMap::new();
    for (i, r) in site.reports.iter().enumerate() {
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
                let id = r.report.id.as_str();
                let (count, first) = spellings
                    .entry(slug.clone())
                    .or_default()
                    .entry(spelling)
                    .or_insert((0, (id, k)));
                *count += 1;
                *first = (*first).min((id, k));
            }
            let list = &mut site.tags.entry(slug).or_default().1;
            // `[Água, água]` on one report lists it once.
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    for (slug, (name, _)) in site.tags.iter_mut() {
        if let Some(best) = spellings.get(slug).and_then(|s| {
            s.iter()
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
        }) {
            name.clone_from(best.0);
        }
    }
    for (&id, claim) in &site.defs.claims {
        for e in &claim.def.entities {
            if let Some((k, _)) = site.defs.entities.get_key_value(e.as_str()) {
                site.entity_claims.entry(k).or_default().push(id);
            }
        }
        for s in &claim.def.sources {
            if let Some((k, _)) = site.defs.sources.get_key_value(s.as_str()) {
                site.source_claims.entry(k).or_default().push(id);
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

/// The back-links that depend on report bodies, which an edit changes.
struct Links<'m, 'a> {
    entity_reports: &'m mut HashMap<&'a str, Vec<(usize, usize)>>,
    source_reports: &'m mut HashMap<&'a str, Vec<usize>>,
    related: &'m mut HashMap<&'a str, Vec<(&'a str, usize)>>,
}

impl<'a> Links<'_, 'a> {
    /// Adds the back-links of report `i`, keeping lists in report order.
    /// The lists of related entities are left to be sorted.
    fn add(&mut self, i: usize, r: &ResolvedReport<'a>) {
        self.add_to_lists(i, r);
        for (a, b) in pairs(r) {
            let list = self.related.entry(a).or_default();
            match list.iter_mut().find(|(e, _)| *e == b) {
                Some((_, n)) => *n += 1,
                None => list.push((b, 1)),
            }
        }
    }

    /// Adds report `i` to the report lists of its entities and sources, in
    /// report order (at the end, when reports are added in order).
    fn add_to_lists(&mut self, i: usize, r: &ResolvedReport<'a>) {
        for &(entity, mentions) in &r.entities {
            let list = self.entity_reports.entry(entity).or_default();
            let at = list.partition_point(|(j, _)| *j < i);
            list.insert(at, (i, mentions));
        }
        for &source in &r.sources {
            let list = self.source_reports.entry(source).or_default();
            let at = list.partition_point(|j| *j < i);
            list.insert(at, i);
        }
    }

    /// Takes out the back-links of report `i`, as [`Links::add`] made them.
    fn remove(&mut self, i: usize, r: &ResolvedReport<'a>) {
        for (entity, _) in &r.entities {
            if let Some(list) = self.entity_reports.get_mut(entity) {
                list.retain(|(j, _)| *j != i);
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
            if let Some(list) = self.related.get_mut(a) {
                if let Some(k) = list.iter().position(|(e, _)| *e == b) {
                    list[k].1 -= 1;
                    if list[k].1 == 0 {
                        list.remove(k);
                    }
                }
                if list.is_empty() {
                    self.related.remove(a);
                }
            }
        }
    }
}

/// Each ordered pair of distinct entities that a report shows together.
fn pairs<'a>(r: &ResolvedReport<'a>) -> HashSet<(&'a str, &'a str)> {
    let mut pairs = HashSet::new();
    for (a, _) in &r.entities {
        for (b, _) in &r.entities {
            if a != b {
                pairs.insert((*a, *b));
            }
        }
    }
    pairs
}

/// Most shared reports first, then by id.
fn sort_related(list: &mut [(&str, usize)]) {
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
}

/// Top-level folders whose URLs the site's own pages use.
const RESERVED_PATHS: &[&str] = &["entities", "sources", "claims", "tags", "page", "data"];

/// Files the site writes at its root: a report's folder may not take their
/// names (`content/feed.xml.md`).
const RESERVED_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Two pages may not share a URL: a report against another report, a
/// section or the site's own pages; a section folder against the site's own
/// pages or its parent's later pages (`2024/page/2/`); two tags whose names
/// differ against one tag page. Each error names both places.
fn check_urls(files: &Files, site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    let docs = site.docs;
    // Reports by path, so that which of two is "first" does not depend on
    // their dates.
    let mut reports: Vec<&Report> = site.reports.iter().map(|r| r.report).collect();
    reports.sort_by(|a, b| a.id.cmp(&b.id));
    // Where a section comes from: its `_index.md`, else its first report,
    // else the first report below it.
    let section_place = |path: &str| -> Option<Span> {
        let below = |r: &&&Report| {
            r.section
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        docs.sections
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.file)
            .or_else(|| reports.iter().find(|r| r.section == path).map(|r| r.file))
            .or_else(|| reports.iter().find(below).map(|r| r.file))
            .map(|file| Span::new(file, 0..0))
    };

    // A section folder named like one of the site's own pages, other than
    // the registries (which are not sections), would overwrite them; one
    // named `page` below another would overwrite its parent's later pages.
    // Each such folder is reported once, not once per subfolder.
    let mut reported: HashSet<&str> = HashSet::new();
    for path in site.sections.keys() {
        let mut end = 0;
        for (n, segment) in path.split('/').enumerate() {
            end += segment.len() + usize::from(n > 0);
            let folder = &path[..end];
            let lower = segment.to_lowercase();
            let message = if n == 0 && RESERVED_PATHS.contains(&lower.as_str()) {
                format!(
                    "the folder `content/{folder}/` would be written over the site's own `{lower}/` pages"
                )
            } else if n > 0 && lower == "page" {
                let parent = &path[..end - "/page".len()];
                format!(
                    "the folder `content/{folder}/` would be written over the later pages of the section `{parent}/`"
                )
            } else {
                continue;
            };
            if reported.insert(folder) {
                diags.push(
                    Diagnostic::new(Code::E016, message)
                        .at_opt(section_place(folder))
                        .help("rename the folder"),
                );
            }
            break;
        }
    }

    let reserved: Vec<String> = RESERVED_PATHS
        .iter()
        .chain(RESERVED_FILES)
        .map(|p| format!("{p}/"))
        .collect();
    let slug_span = |report: &Report| {
        report
            .meta
            .slug
            .as_ref()
            .map(|_| {
                frontmatter::locate(
                    report.yaml,
                    &files.get(report.file).text,
                    &[Seg::Key("slug")],
                    false,
                )
            })
            .unwrap_or_else(|| Span::new(report.file, 0..0))
    };
    // Output folders are compared without case: on macOS and Windows
    // `About/` and `about/` are one folder, and one page would replace the
    // other.
    let mut sections: HashMap<String, &str> = HashMap::new();
    let mut clashed: HashSet<String> = HashSet::new();
    for path in site.sections.keys().filter(|p| !p.is_empty()) {
        let lower = path.to_lowercase();
        let Some(other) = sections.insert(lower.clone(), path) else {
            continue;
        };
        // `News/x` against `news/x` is already said by `News` against `news`.
        let parent_clashed = lower
            .rsplit_once('/')
            .is_some_and(|(parent, _)| clashed.contains(parent));
        clashed.insert(lower);
        if parent_clashed {
            continue;
        }
        let mut diag = Diagnostic::new(
            Code::E016,
            format!("the folders `content/{other}/` and `content/{path}/` would be one folder on macOS and Windows"),
        )
        .at_opt(section_place(path))
        .help("rename one of the folders");
        if let Some(place) = section_place(other) {
            diag = diag.related(place, format!("`content/{other}/` comes from here"));
        }
        diags.push(diag);
    }
    let mut seen: HashMap<String, &Report> = HashMap::new();
    for &report in &reports {
        let url = report.url.as_str();
        let folder = url.trim_end_matches('/');
        let lower = url.to_lowercase();
        if let Some(other) = seen.get(&lower) {
            let (message, label) = if other.url == url {
                (
                    format!("two reports would be written to `{url}`"),
                    "this report has the same URL",
                )
            } else {
                (
                    format!(
                        "two reports would be written to `{}` and `{url}`, one folder on macOS and Windows",
                        other.url
                    ),
                    "this report's URL differs only in case",
                )
            };
            diags.push(
                Diagnostic::new(Code::E016, message)
                    .at(slug_span(report))
                    .related(slug_span(other), label)
                    .help("give one of them another `slug`, or rename its file"),
            );
        } else if reserved.contains(&lower) {
            diags.push(
                Diagnostic::new(
                    Code::E016,
                    format!("this report's URL `{url}` is taken by the site's own pages"),
                )
                .at(slug_span(report))
                .help("give the report another `slug`"),
            );
        } else if let Some(&section) = sections.get(folder.to_lowercase().as_str()) {
            let mut diag = Diagnostic::new(
                Code::E016,
                format!("this report's URL `{url}` is taken by the section `content/{section}/`"),
            )
            .at(slug_span(report))
            .help("give the report another `slug`, or rename the folder");
            if let Some(place) = section_place(section) {
                diag = diag.related(place, "the section comes from here");
            }
            diags.push(diag);
        } else if !report.section.is_empty()
            && folder
                .rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case("page"))
        {
            diags.push(
                Diagnostic::new(
                    Code::E016,
                    format!(
                        "this report's URL `{url}` is where the section `{}/` keeps its later pages",
                        report.section
                    ),
                )
                .at(slug_span(report))
                .help("give the report another `slug`"),
            );
        }
        seen.insert(lower, report);
    }

    // Tags whose names differ only in case are one tag; any other two names
    // on one page would be merged silently. Spans are found only for an
    // error: locating one parses the front matter again.
    let tag_span = |report: &Report, i: usize| {
        frontmatter::locate(
            report.yaml,
            &files.get(report.file).text,
            &[Seg::Key("tags"), Seg::Index(i)],
            false,
        )
    };
    let mut tags: HashMap<String, (&str, &Report, usize)> = HashMap::new();
    let mut reported: HashSet<(String, String)> = HashSet::new();
    for &report in &reports {
        for (i, tag) in report.meta.tags.iter().enumerate() {
            let slug = crate::model::tag_slug(tag);
            if slug.is_empty() {
                continue;
            }
            let Some(&(first, first_report, first_i)) = tags.get(&slug) else {
                tags.insert(slug, (tag, report, i));
                continue;
            };
            let lower = crate::model::tag_spelling(tag).to_lowercase();
            if crate::model::tag_spelling(first).to_lowercase() == lower
                || !reported.insert((slug.clone(), lower))
            {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    Code::E021,
                    format!("the tags `{tag}` and `{first}` would share the page `tags/{slug}/`"),
                )
                .at(tag_span(report, i))
                .related(
                    tag_span(first_report, first_i),
                    format!("`{first}` is here"),
                )
                .help("rename one of them; if they are one tag, write it the same way everywhere"),
            );
        }
    }
}

/// Warnings for definitions nothing uses.
fn warn_unused(files: &Files, site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    let docs = site.docs;
    let span = |origin: Origin,
                map: &str,
                id: &str,
                registry: (usize, crate::frontmatter::Yaml)| match origin {
        Origin::Report(r) => {
            let report = &docs.reports[r];
            definition_span(report.yaml, &files.get(report.file).text, map, Some(id))
        }
        Origin::Registry(_) => definition_span(registry.1, &files.get(registry.0).text, map, None),
    };
    // A source a report lists without citing is still used: it shows in
    // that report's Sources. Only a source no report shows is unused.
    let cited: HashSet<&str> = site
        .reports
        .iter()
        .flat_map(|r| r.sources.iter().copied())
        .collect();
    // A broken report may cite or mention what looks unused; its own
    // error is the one to fix first.
    let broken = &docs.unavailable.words;
    for (&id, def) in &site.defs.sources {
        if !cited.contains(id) && !broken.contains(id) {
            let registry = match def.origin {
                Origin::Registry(i) => (docs.sources[i].file, docs.sources[i].yaml),
                Origin::Report(r) => (docs.reports[r].file, docs.reports[r].yaml),
            };
            diags.push(
                Diagnostic::new(Code::W001, format!("source `{id}` is never cited"))
                    .at(span(def.origin, "sources", id, registry))
                    .help(format!(
                        "cite it in a report with `[@{id}]`, or list it under a claim's `sources`"
                    )),
            );
        }
    }
    // An entity is used when a report that lists it names it (in its body,
    // title or summary, or in the text of one of its claims), a body links
    // it, or a claim involves it.
    let mentioned: HashSet<&str> = site
        .reports
        .iter()
        .flat_map(|r| r.entities.iter().filter(|(_, n)| *n > 0).map(|(e, _)| *e))
        .collect();
    let named_in_broken = |id: &str, name: &str| {
        broken.contains(id)
            || !broken.is_empty()
                && name
                    .to_lowercase()
                    .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                    .filter(|w| !w.is_empty())
                    .all(|w| broken.contains(w))
    };
    for (&id, def) in &site.defs.entities {
        if !mentioned.contains(id)
            && !site.entity_claims.contains_key(id)
            && !named_outside_body(site, id)
            && !named_in_broken(id, &def.def.name)
        {
            let registry = match def.origin {
                Origin::Registry(i) => (docs.entities[i].file, docs.entities[i].yaml),
                Origin::Report(r) => (docs.reports[r].file, docs.reports[r].yaml),
            };
            diags.push(
                Diagnostic::new(Code::W003, format!("entity `{id}` is never mentioned"))
                    .at(span(def.origin, "entities", id, registry))
                    .help(format!(
                        "name it in a report that lists it, link it with `[[{id}]]`, or list it under a claim's `entities`"
                    )),
            );
        }
    }
    for (&id, claim) in &site.defs.claims {
        if claim.def.sources.is_empty() {
            let report = &docs.reports[claim.report];
            diags.push(
                Diagnostic::new(Code::W002, format!("claim `{id}` has no sources"))
                    .at(definition_span(
                        report.yaml,
                        &files.get(report.file).text,
                        "claims",
                        Some(id),
                    ))
                    .help("add the ids of the sources that back it under `sources:`"),
            );
        }
    }
}

/// Whether a report that lists entity `id` names it outside its body: in
/// its title or summary, or in the text of a claim it makes. Names match as
/// in bodies (format.md 5.4). Asked only of entities no body mentions.
fn named_outside_body(site: &Site<'_>, id: &str) -> bool {
    let Some(names) = annotate::Mentions::new([id], &site.defs) else {
        return false;
    };
    let named = |text: &str| names.find(text).iter().any(|(_, e)| *e == id);
    site.entity_reports.get(id).is_some_and(|list| {
        list.iter().any(|&(i, _)| {
            let r = &site.reports[i];
            let meta = &r.report.meta;
            named(&meta.title)
                || meta.summary.as_deref().is_some_and(named)
                || r.claims
                    .iter()
                    .any(|(claim, _)| named(&site.defs.claims[*claim].def.text))
        })
    })
}

/// Warnings for relative links in bodies that lead to no page or file of
/// the output. `files_out` lists the static files copied to the output.
pub fn check_body_links(
    site: &Site<'_>,
    files: &Files,
    files_out: &HashSet<String>,
) -> Vec<Diagnostic> {
    let targets = LinkTargets::new(site, files_out);
    let mut diags: Vec<Diagnostic> = site.reports.iter().flat_map(|r| targets.check(r)).collect();
    diags.extend(targets.check_plain(site, files));
    diags
}

/// The links and images of a Markdown text that is not a report body (a
/// section's or the home page's `_index.md`, a registry file), with their
/// spans in `file`.
fn plain_links(files: &Files, file: FileId, body_start: usize) -> Vec<BodyLink> {
    use pulldown_cmark::{Event, Parser, Tag};
    let text = &files.get(file).text[body_start..];
    Parser::new_ext(text, crate::markdown::PLAIN_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(BodyLink {
                    dest: dest_url.to_string(),
                    span: Span::new(file, body_start + range.start..body_start + range.end),
                })
            }
            _ => None,
        })
        .filter(|link| crate::urls::is_page_relative(&link.dest))
        .collect()
}

/// Every page and file of the output that a link in a body may lead to.
#[derive(Debug, Default)]
pub struct LinkTargets {
    pages: HashSet<String>,
    files: HashSet<String>,
    /// Report URL → the element ids its body gives (headings and the
    /// page's sections), for `#fragment` links.
    ids: HashMap<String, HashSet<String>>,
    /// Pages that files which failed to parse would have made.
    unavailable: HashSet<String>,
}

impl LinkTargets {
    pub fn new(site: &Site<'_>, files_out: &HashSet<String>) -> LinkTargets {
        let mut ids = HashMap::new();
        let mut pages: HashSet<String> = HashSet::new();
        pages.insert(String::new());
        for r in &site.reports {
            pages.insert(r.report.url.clone());
            ids.insert(r.report.url.clone(), page_ids(r));
        }
        for path in site.sections.keys() {
            pages.insert(format!("{path}/"));
        }
        // The later pages of every paginated list (`2024/page/2/`).
        let per_page = site.config.paginate_by.max(1);
        let mut lists: Vec<(String, usize)> = vec![(String::new(), site.reports.len())];
        for path in site.sections.keys() {
            let inside = format!("{path}/");
            let n = site
                .reports
                .iter()
                .filter(|r| r.report.section == *path || r.report.section.starts_with(&inside))
                .count();
            lists.push((inside, n));
        }
        for (slug, (_, reports)) in &site.tags {
            lists.push((format!("tags/{slug}/"), reports.len()));
        }
        for (id, reports) in &site.entity_reports {
            lists.push((format!("entities/{id}/"), reports.len()));
        }
        for (base, n) in lists {
            for page in 2..=n.div_ceil(per_page) {
                pages.insert(format!("{base}page/{page}/"));
            }
        }
        for fixed in ["entities/", "sources/", "claims/", "tags/"] {
            pages.insert(fixed.to_string());
        }
        pages.extend(
            site.defs
                .entities
                .keys()
                .map(|id| format!("entities/{id}/")),
        );
        pages.extend(site.defs.sources.keys().map(|id| format!("sources/{id}/")));
        pages.extend(site.tags.keys().map(|t| format!("tags/{t}/")));
        LinkTargets {
            pages,
            files: files_out.clone(),
            ids,
            unavailable: site.docs.unavailable.pages.iter().cloned().collect(),
        }
    }

    /// The warnings for the links in one report's body.
    pub fn check(&self, r: &ResolvedReport<'_>) -> Vec<Diagnostic> {
        self.check_links(&r.report.url, &r.body.links)
    }

    /// The warnings for the links of the Markdown shown outside report
    /// pages: `_index.md` files and registry bodies, each checked against
    /// the page it is written for (it is shown on later pages too, with its
    /// links rewritten to lead to the same places).
    pub fn check_plain(&self, site: &Site<'_>, files: &Files) -> Vec<Diagnostic> {
        let docs = site.docs;
        let sections = docs.sections.iter().map(|s| {
            let url = if s.path.is_empty() {
                String::new()
            } else {
                format!("{}/", s.path)
            };
            (url, s.file, s.body_start)
        });
        let entities = docs
            .entities
            .iter()
            .map(|e| (format!("entities/{}/", e.id), e.file, e.body_start));
        let sources = docs
            .sources
            .iter()
            .map(|e| (format!("sources/{}/", e.id), e.file, e.body_start));
        sections
            .chain(entities)
            .chain(sources)
            .flat_map(|(url, file, start)| self.check_links(&url, &plain_links(files, file, start)))
            .collect()
    }

    /// The warnings for `links`, written on the page at `base`.
    fn check_links(&self, base: &str, links: &[BodyLink]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for link in links {
            let (address, fragment) = match link.dest.split_once('#') {
                Some((a, f)) => (a, Some(f)),
                None => (link.dest.as_str(), None),
            };
            let path = address.split('?').next().unwrap_or("");
            let page = if path.is_empty() {
                Some(base.to_string())
            } else {
                join_url(base, path).and_then(|target| self.page_of(&target))
            };
            let Some(page) = page else {
                if !path.is_empty() && self.leads_to_unavailable(base, path) {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        Code::W004,
                        format!("the link `{}` leads to no page of this site", link.dest),
                    )
                    .at(link.span)
                    .help(self.dangling_help(base, path)),
                );
                continue;
            };
            // Fragments are checked on report pages, whose ids are known.
            let (Some(fragment), Some(ids)) = (fragment, self.ids.get(&page)) else {
                continue;
            };
            let fragment = percent_decode(fragment);
            if fragment.is_empty() || ids.contains(&fragment) {
                continue;
            }
            let shown = if page.is_empty() {
                "the home page".to_string()
            } else {
                format!("`{page}`")
            };
            diags.push(
                Diagnostic::new(
                    Code::W004,
                    format!("the link `{}` leads to {shown}, which has no element `#{fragment}`", link.dest),
                )
                .at(link.span)
                .help_opt(
                    suggest(&fragment, ids.iter().map(String::as_str))
                        .or_else(|| Some("a heading's id is its text in lower case with `-` for spaces, or the `{#id}` written after it".into())),
                ),
            );
        }
        diags
    }

    /// Whether `path`, written on the page at `base`, leads to a page that
    /// a file which failed to parse would have made: its error is shown.
    fn leads_to_unavailable(&self, base: &str, path: &str) -> bool {
        join_url(base, path).is_some_and(|target| {
            let dir = target.strip_suffix("index.html").unwrap_or(&target);
            self.unavailable.contains(dir) || self.unavailable.contains(&format!("{dir}/"))
        })
    }

    /// What to write instead of `path`, a link on the page at `base` that
    /// leads nowhere: the relative form of a link written from the site's
    /// root (`/a/`), the page of a linked Markdown file (`b.md`), or the
    /// nearest page.
    fn dangling_help(&self, base: &str, path: &str) -> String {
        let prefix = root_prefix(base);
        let relative = |page: &str| format!("{prefix}{page}");
        if let Some(rooted) = path.strip_prefix('/')
            && let Some(page) = self.page_of(rooted)
        {
            return format!(
                "a link that starts with `/` breaks when the site is published under a sub-path: write `{}`",
                relative(&page)
            );
        }
        if let Some(stem) = path.strip_suffix(".md") {
            // Written from the report's file: its folder is the parent
            // of its page.
            let folder = base
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |(f, _)| f);
            let stem = stem.trim_end_matches("index").trim_end_matches("_index");
            let page = [base, folder]
                .into_iter()
                .filter_map(|from| join_url(from, &format!("{stem}/")))
                .find_map(|target| self.page_of(&target));
            if let Some(page) = page {
                return format!("link the page, not its file: `{}`", relative(&page));
            }
        }
        // The nearest page, compared from the site root (the home page
        // is near every short address, and never what was meant).
        let nearest = join_url(base, path).and_then(|target| {
            let pages = self
                .pages
                .iter()
                .filter(|p| !p.is_empty())
                .map(String::as_str);
            nearest_page(&target, pages)
        });
        match nearest {
            Some(page) => format!("did you mean `{}`?", relative(page)),
            None => {
                "links between pages are relative to the page's URL, e.g. `../other-report/`".into()
            }
        }
    }

    /// The page (or file) of the site at `target`, a path from the site
    /// root, in the form pages are known by (`2024/a/`).
    fn page_of(&self, target: &str) -> Option<String> {
        let dir = target.strip_suffix("index.html").unwrap_or(target);
        let slashed = format!("{target}/");
        if self.pages.contains(dir) {
            Some(dir.to_string())
        } else if self.pages.contains(&slashed) {
            Some(slashed)
        } else if self.files.contains(target)
            || [
                "feed.xml",
                "sitemap.xml",
                "robots.txt",
                "404.html",
                "data/site.json",
            ]
            .contains(&target)
        {
            Some(target.to_string())
        } else {
            None
        }
    }

    /// Sets the ids of the report at `url` after its body was annotated
    /// again; whether they changed (then links to it need checking again).
    pub fn update_ids(&mut self, r: &ResolvedReport<'_>) -> bool {
        let ids = page_ids(r);
        match self.ids.get_mut(&r.report.url) {
            Some(old) if *old != ids => {
                *old = ids;
                true
            }
            _ => false,
        }
    }
}

/// The element ids a report's page has, as the default theme writes it:
/// the body's headings, `main`, the sections the report has (`claims`,
/// `sources`, `notes`, `entities`), an entry per source (`source-<id>`)
/// and note (`note-<n>`), and the anchor of every citation and note
/// reference.
fn page_ids(r: &ResolvedReport<'_>) -> HashSet<String> {
    let reserved = annotate::RESERVED_IDS;
    let mut ids: HashSet<String> = r
        .body
        .ids
        .iter()
        .filter(|id| !reserved.contains(&id.as_str()))
        .cloned()
        .collect();
    ids.insert("main".into());
    let sections = [
        ("claims", !r.claims.is_empty()),
        ("report-status-key", !r.claims.is_empty()),
        ("sources", !r.sources.is_empty()),
        ("notes", !r.body.notes.is_empty()),
        ("entities", !r.entities.is_empty()),
    ];
    ids.extend(
        sections
            .iter()
            .filter(|(_, shown)| *shown)
            .map(|(id, _)| id.to_string()),
    );
    ids.extend(r.sources.iter().map(|s| format!("source-{s}")));
    for note in &r.body.notes {
        ids.insert(format!("note-{}", note.number));
        ids.extend(note.refs.iter().cloned());
    }
    ids.extend(r.body.citations.iter().map(|c| c.anchor.clone()));
    ids.extend(r.uses.values().flatten().map(|u| u.anchor.clone()));
    ids.extend(
        r.claims
            .iter()
            .flat_map(|(_, cites)| cites.iter().map(|(_, a)| a.clone())),
    );
    ids
}

/// The page most like `target` (both from the site root), if any is close.
fn nearest_page<'p>(target: &str, pages: impl Iterator<Item = &'p str>) -> Option<&'p str> {
    let mut best: Option<(f64, &str)> = None;
    for page in pages {
        let score = strsim::jaro_winkler(target, page);
        if score > 0.85 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, page));
        }
    }
    best.map(|(_, page)| page)
}

/// `%XX` escapes of a URL fragment decoded (a link may write `#a%C3%B1o`
/// for the heading id `año`); the text as written when they are not UTF-8.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
