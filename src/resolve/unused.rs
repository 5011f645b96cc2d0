//! Definitions nothing uses: sources no report shows (W001), claims
//! without sources (W002) and entities never mentioned (W003). A file
//! that failed to parse may hold the use, so what it would have named is
//! not reported (its own error is the one to fix first).

use std::collections::HashSet;

use crate::annotate;
use crate::diag::{Code, Diagnostic, FileId, Files};
use crate::frontmatter::Yaml;
use crate::model::definition_span;

use super::{DocIndex, Origin, Site};
use crate::ids::{EntityId, SourceId};

/// Warnings for definitions nothing uses.
pub(super) fn warn_unused(files: &Files, site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    let docs = site.docs;
    let report_span = |r: DocIndex, map: &str, id: &str| {
        let report = docs.report(r);
        definition_span(report.yaml, &files.get(report.file).text, map, Some(id))
    };
    let registry_span = |(file, yaml): (FileId, Yaml), map: &str| {
        definition_span(yaml, &files.get(file).text, map, None)
    };
    // A source a report lists without citing is still used: it shows in
    // that report's Sources. Only a source no report shows is unused.
    let cited: HashSet<SourceId<'_>> = site
        .reports
        .iter()
        .flat_map(|r| r.sources.iter().copied())
        .collect();
    // Where a claim appeared (a speech, a post) is shown on the claim's
    // page: a use, though not evidence.
    let appeared: HashSet<&str> = site
        .defs
        .claims
        .values()
        .flat_map(|c| c.def.appearance.iter().map(String::as_str))
        .collect();
    // A broken report may cite or mention what looks unused; its own
    // error is the one to fix first.
    let broken = &docs.unavailable.words;
    // A bibliography is a library: most of its entries are cited
    // elsewhere, or not yet. Only what the site uses of it is shown.
    for (&id, def) in &site.defs.sources {
        if !cited.contains(&id) && !appeared.contains(id.as_str()) && !broken.contains(id.as_str())
        {
            let span = match def.origin {
                Origin::Registry(i) => {
                    let s = docs.source(i);
                    registry_span((s.file, s.yaml), "sources")
                }
                Origin::Report(r) => report_span(r, "sources", id.as_str()),
                Origin::Bibliography(_) => continue,
            };
            diags.push(
                Diagnostic::new(Code::W001, format!("source `{id}` is never cited"))
                    .at(span)
                    .help(format!(
                        "cite it in a report with `[@{id}]`, or list it under a claim's `sources`"
                    )),
            );
        }
    }
    // An entity is used when a report that lists it names it (in its body,
    // title or summary, or in the text of one of its claims), a body links
    // it, or a claim involves it.
    let mentioned: HashSet<EntityId<'_>> = site
        .reports
        .iter()
        .flat_map(|r| {
            r.entities
                .iter()
                .filter(|e| e.mentions > 0)
                .map(|e| e.entity)
        })
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
        if !mentioned.contains(&id)
            && !site.entity_claims.contains_key(&id)
            && !named_outside_body(site, id)
            && !named_in_broken(id.as_str(), &def.def.name)
        {
            let span = match def.origin {
                Origin::Registry(i) => {
                    let e = docs.entity(i);
                    registry_span((e.file, e.yaml), "entities")
                }
                Origin::Report(r) => report_span(r, "entities", id.as_str()),
                Origin::Bibliography(_) => continue,
            };
            diags.push(
                Diagnostic::new(Code::W003, format!("entity `{id}` is never mentioned"))
                    .at(span)
                    .help(format!(
                        "name it in a report that lists it, link it with `[[{id}]]`, or list it under a claim's `entities`"
                    )),
            );
        }
    }
    for (&id, claim) in &site.defs.claims {
        if claim.def.sources.is_empty() {
            let report = docs.report(claim.report);
            diags.push(
                Diagnostic::new(Code::W002, format!("claim `{id}` has no sources"))
                    .at(definition_span(
                        report.yaml,
                        &files.get(report.file).text,
                        "claims",
                        Some(id.as_str()),
                    ))
                    .help("add the ids of the sources that back it under `sources:`"),
            );
        }
    }
}

/// Whether a report that lists entity `id` names it outside its body: in
/// its title or summary, or in the text of a claim it makes. Names match as
/// in bodies (format.md 5.4). Asked only of entities no body mentions.
fn named_outside_body(site: &Site<'_>, id: EntityId<'_>) -> bool {
    let Some(names) = annotate::Mentions::new([id.as_str()], &site.defs) else {
        return false;
    };
    let named = |text: &str| names.find(text).iter().any(|m| m.entity == id.as_str());
    site.entity_reports.get(&id).is_some_and(|list| {
        list.iter().any(|e| {
            let r = site.report(e.report);
            let meta = &r.report.meta;
            named(&meta.title)
                || meta.summary.as_deref().is_some_and(named)
                || r.claims
                    .iter()
                    .any(|c| named(&site.defs.claims[&c.claim].def.text))
        })
    })
}
