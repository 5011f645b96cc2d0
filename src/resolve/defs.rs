//! The site-wide namespaces of entities, sources and claims, gathered from
//! registry files and report front matter: an id defined twice (E005), and
//! a reference to an id that nothing defines (E004).

use indexmap::IndexMap;

use crate::annotate::Lookup;
use crate::diag::{Code, Diagnostic, FileId, Files, Span, suggest};
use crate::frontmatter::{self, Seg, Yaml};
use crate::ids::{ClaimId, EntityId, SourceId};
use crate::model::{ClaimDef, EntityDef, SourceDef, Unavailable, definition_span};

use super::{DocIndex, Documents, RegistryIndex};

/// Where an entity (`T` is [`EntityDef`]) or a source (`T` is
/// [`SourceDef`]) is defined.
#[derive(Debug)]
pub enum Origin<T> {
    /// In a report's front matter.
    Report(DocIndex),
    /// In a registry file of its kind.
    Registry(RegistryIndex<T>),
    /// Index into `Documents::bibliography` (sources only).
    Bibliography(usize),
}

// Derived, these would ask `T` for the same traits.
impl<T> Clone for Origin<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Origin<T> {}
impl<T> PartialEq for Origin<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Origin::Report(a), Origin::Report(b)) => a == b,
            (Origin::Registry(a), Origin::Registry(b)) => a == b,
            (Origin::Bibliography(a), Origin::Bibliography(b)) => a == b,
            _ => false,
        }
    }
}
impl<T> Eq for Origin<T> {}

#[derive(Debug)]
pub struct Def<'a, T> {
    pub def: &'a T,
    pub origin: Origin<T>,
}

#[derive(Debug)]
pub struct ClaimEntry<'a> {
    pub def: &'a ClaimDef,
    /// The report that defines the claim.
    pub report: DocIndex,
}

/// The site-wide namespaces of entities, sources and claims.
#[derive(Debug, Default)]
pub struct Defs<'a> {
    pub entities: IndexMap<EntityId<'a>, Def<'a, EntityDef>>,
    pub sources: IndexMap<SourceId<'a>, Def<'a, SourceDef>>,
    pub claims: IndexMap<ClaimId<'a>, ClaimEntry<'a>>,
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
        self.entities.keys().map(|k| k.as_str()).collect()
    }
    fn source_ids(&self) -> Vec<&str> {
        self.sources.keys().map(|k| k.as_str()).collect()
    }
    fn claim_ids(&self) -> Vec<&str> {
        self.claims.keys().map(|k| k.as_str()).collect()
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

pub(super) fn collect_defs<'a>(
    files: &Files,
    docs: &'a Documents,
    diags: &mut Vec<Diagnostic>,
) -> Defs<'a> {
    let mut defs = Defs {
        failed: Some(&docs.unavailable),
        ..Defs::default()
    };
    let report_span = |r: DocIndex, map: &str, id: &str| {
        let report = docs.report(r);
        definition_span(report.yaml, &files.get(report.file).text, map, Some(id))
    };
    let registry_span = |(file, yaml): (FileId, Yaml), map: &str| {
        definition_span(yaml, &files.get(file).text, map, None)
    };
    let entity_span = |origin: Origin<EntityDef>, id: &str| match origin {
        Origin::Report(r) => report_span(r, "entities", id),
        Origin::Registry(i) => {
            let e = docs.entity(i);
            registry_span((e.file, e.yaml), "entities")
        }
        Origin::Bibliography(i) => bib_span(docs, i),
    };
    let source_span = |origin: Origin<SourceDef>, id: &str| match origin {
        Origin::Report(r) => report_span(r, "sources", id),
        Origin::Registry(i) => {
            let s = docs.source(i);
            registry_span((s.file, s.yaml), "sources")
        }
        Origin::Bibliography(i) => bib_span(docs, i),
    };

    let entity_defs =
        docs.indexed_entities()
            .map(|(i, e)| (e.id.as_str(), &e.def, Origin::Registry(i)))
            .chain(docs.indexed_reports().flat_map(|(r, report)| {
                report.meta.entities.iter().filter_map(move |(id, def)| {
                    Some((id.as_str(), def.as_ref()?, Origin::Report(r)))
                })
            }));
    for (id, def, origin) in entity_defs {
        if let Some(first) = defs.entities.get(id) {
            diags.push(duplicate(
                "entity",
                id,
                entity_span(origin, id),
                entity_span(first.origin, id),
            ));
        } else {
            defs.entities.insert(EntityId::new(id), Def { def, origin });
        }
    }

    let source_defs =
        docs.indexed_sources()
            .map(|(i, s)| (s.id.as_str(), &s.def, Origin::Registry(i)))
            .chain(docs.indexed_reports().flat_map(|(r, report)| {
                report.meta.sources.iter().filter_map(move |(id, def)| {
                    Some((id.as_str(), def.as_ref()?, Origin::Report(r)))
                })
            }))
            .chain(
                docs.bibliography
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (e.id.as_str(), &e.def, Origin::Bibliography(i))),
            );
    for (id, def, origin) in source_defs {
        if let Some(first) = defs.sources.get(id) {
            diags.push(duplicate(
                "source",
                id,
                source_span(origin, id),
                source_span(first.origin, id),
            ));
        } else {
            defs.sources.insert(SourceId::new(id), Def { def, origin });
        }
    }

    check_source_slugs(&defs, &source_span, diags);

    for (r, report) in docs.indexed_reports() {
        for (id, def) in &report.meta.claims {
            if let Some(first) = defs.claims.get(id.as_str()) {
                let other = docs.report(first.report);
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
                defs.claims
                    .insert(ClaimId::new(id), ClaimEntry { def, report: r });
            }
        }
    }
    defs
}

/// The citation key of a bibliography entry.
pub(crate) fn bib_span(docs: &Documents, i: usize) -> Span {
    let e = &docs.bibliography[i];
    Span::new(e.file, e.key_span.clone())
}

/// Two sources whose ids fold to one folder name (`UNEP:2023` and
/// `unep-2023`, `Smith2020` and `smith2020`) would share a page (E026).
/// Only ids that are not ids already (bibliography keys) fold, so only they
/// are compared.
fn check_source_slugs(
    defs: &Defs<'_>,
    span_of: &dyn Fn(Origin<SourceDef>, &str) -> Span,
    diags: &mut Vec<Diagnostic>,
) {
    use crate::ids::source_slug;
    let folded: Vec<(&str, String)> = defs
        .sources
        .keys()
        .filter(|id| !crate::ids::is_id(id.as_str()))
        .map(|&id| (id.as_str(), source_slug(id.as_str()).into_owned()))
        .collect();
    if folded.is_empty() {
        return;
    }
    let mut seen: std::collections::HashMap<&str, &str> = defs
        .sources
        .keys()
        .filter(|id| crate::ids::is_id(id.as_str()))
        .map(|&id| (id.as_str(), id.as_str()))
        .collect();
    for (id, slug) in &folded {
        if let Some(&first) = seen.get(slug.as_str()) {
            let origin = |id: &str| defs.sources[id].origin;
            diags.push(
                Diagnostic::new(
                    Code::E026,
                    format!(
                        "the sources `{first}` and `{id}` would share the page `sources/{slug}/`"
                    ),
                )
                .at(span_of(origin(id), id))
                .label("its page name folds to the other's")
                .related(span_of(origin(first), first), format!("`{first}` is here"))
                .help(
                    "change one of the keys so that they differ in more than case and punctuation",
                ),
            );
        } else {
            seen.insert(slug.as_str(), id);
        }
    }
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
pub(super) fn check_references(
    files: &Files,
    docs: &Documents,
    defs: &Defs<'_>,
    diags: &mut Vec<Diagnostic>,
) {
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
            if let Some(id) = &claim.claimant
                && !defs.entities.contains_key(id.as_str())
                && !defs.unavailable("entity", id)
            {
                let span = at(
                    &[Seg::Key("claims"), Seg::Key(claim_id), Seg::Key("claimant")],
                    false,
                );
                diags.push(unknown("entity", id, span, defs.entity_ids(), defs));
            }
            for (i, id) in claim.appearance.iter().enumerate() {
                if !defs.sources.contains_key(id.as_str()) && !defs.unavailable("source", id) {
                    let span = at(
                        &[
                            Seg::Key("claims"),
                            Seg::Key(claim_id),
                            Seg::Key("appearance"),
                            Seg::Index(i),
                        ],
                        false,
                    );
                    diags.push(unknown("source", id, span, defs.source_ids(), defs));
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
