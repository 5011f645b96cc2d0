//! A multilingual site as one site per language (SPEC §9): the documents
//! of each language ([`split_languages`]), each resolved and rendered on
//! its own under its prefix, and the problems of the runs put back
//! together ([`merge_diagnostics`]).
//!
//! Entities and sources keep one id across languages. Every language sees
//! every entity and source: the default language's definition, with the
//! text of a registry translation (`colombia.es.md`) where there is one,
//! and a definition written in a report of another language when none of
//! its own reports defines the id. Claims belong to the reports that
//! define them, so a translation repeats its original's claims (the
//! consistency checks of `translations.rs` hold them to the original).

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, FileId, Files};
use crate::model::{EntityDef, Lang, RegistryItem, SourceDef};

use super::Documents;

/// The documents of each of `count` languages, in the order of
/// `languages` (one `Documents` for a site in one language: `docs`
/// itself, untouched). Reports and sections go to their language; a
/// language without a section's `_index` of its own gets the default's.
pub fn split_languages(docs: Documents, files: &Files, count: usize) -> Vec<Documents> {
    if count <= 1 {
        return vec![docs];
    }
    let Documents {
        reports,
        entities,
        sources,
        sections,
        unavailable,
        bibliography,
    } = docs;
    let mut out: Vec<Documents> = (0..count)
        .map(|_| Documents {
            unavailable: unavailable.clone(),
            bibliography: bibliography.clone(),
            ..Documents::default()
        })
        .collect();
    // What each language's reports define themselves, so that a
    // definition from another language's report fills only the gaps.
    let mut defined: Vec<(HashSet<String>, HashSet<String>)> = vec![Default::default(); count];
    for r in &reports {
        let (e, s) = &mut defined[r.lang.index().min(count - 1)];
        e.extend(defined_ids(&r.meta.entities));
        s.extend(defined_ids(&r.meta.sources));
    }
    for (lang, docs) in out.iter_mut().enumerate() {
        let lang = Lang(lang);
        docs.entities = registry_for(lang, &entities, merge_entity);
        docs.sources = registry_for(lang, &sources, merge_source);
        let own: HashSet<&str> = sections
            .iter()
            .filter(|s| s.lang == lang)
            .map(|s| s.path.as_str())
            .collect();
        docs.sections = sections
            .iter()
            .filter(|s| {
                s.lang == lang || (s.lang == Lang::DEFAULT && !own.contains(s.path.as_str()))
            })
            .cloned()
            .collect();
    }
    // Definitions written in reports, lent to the languages whose own
    // reports and registry do not define them: the default language's
    // first, then the others' in order.
    let mut by_lang: Vec<&crate::model::Report> = reports.iter().collect();
    by_lang.sort_by_key(|r| r.lang);
    for (lang, docs) in out.iter_mut().enumerate() {
        let lang = Lang(lang);
        let mut have_e: HashSet<String> = docs.entities.iter().map(|e| e.id.clone()).collect();
        let mut have_s: HashSet<String> = docs.sources.iter().map(|s| s.id.clone()).collect();
        have_e.extend(defined[lang.index()].0.iter().cloned());
        have_s.extend(defined[lang.index()].1.iter().cloned());
        for r in by_lang.iter().filter(|r| r.lang != lang) {
            let end = files.get(r.file).text.len();
            for (id, def) in &r.meta.entities {
                if let Some(def) = def
                    && have_e.insert(id.clone())
                {
                    docs.entities.push(lent(id, r, end, def.clone()));
                }
            }
            for (id, def) in &r.meta.sources {
                if let Some(def) = def
                    && have_s.insert(id.clone())
                {
                    docs.sources.push(lent(id, r, end, def.clone()));
                }
            }
        }
    }
    for r in reports {
        let lang = r.lang.index().min(count - 1);
        out[lang].reports.push(r);
    }
    out
}

fn defined_ids<T>(
    map: &indexmap::IndexMap<String, Option<T>>,
) -> impl Iterator<Item = String> + '_ {
    map.iter()
        .filter(|(_, d)| d.is_some())
        .map(|(id, _)| id.clone())
}

/// A definition from a report's front matter, seen by another language as
/// if it were a registry file with no body.
fn lent<T>(id: &str, r: &crate::model::Report, end: usize, def: T) -> RegistryItem<T> {
    RegistryItem {
        id: id.to_string(),
        lang: r.lang,
        file: r.file,
        yaml: r.yaml,
        body_start: end,
        def,
    }
}

/// The registry of one language: each default-language item, with the
/// text of its translation into `lang` where there is one, and the
/// translations that have no original (W-checked in `translations.rs`).
/// A report of `lang` that defines one of these ids again is E005 there,
/// as on a site in one language.
fn registry_for<T: Clone>(
    lang: Lang,
    items: &[RegistryItem<T>],
    merge: fn(&T, &T) -> T,
) -> Vec<RegistryItem<T>> {
    let translated: HashMap<&str, &RegistryItem<T>> = items
        .iter()
        .filter(|i| i.lang == lang && lang != Lang::DEFAULT)
        .map(|i| (i.id.as_str(), i))
        .collect();
    let originals: HashSet<&str> = items
        .iter()
        .filter(|i| i.lang == Lang::DEFAULT)
        .map(|i| i.id.as_str())
        .collect();
    let mut out = Vec::new();
    for item in items {
        if item.lang == Lang::DEFAULT {
            match translated.get(item.id.as_str()) {
                Some(t) => out.push(RegistryItem {
                    def: merge(&item.def, &t.def),
                    ..(*t).clone()
                }),
                None => out.push(item.clone()),
            }
        } else if item.lang == lang && !originals.contains(item.id.as_str()) {
            out.push(item.clone());
        }
    }
    out
}

/// An entity in a translation: its text (`name`, `aliases`,
/// `description`) from the translation, the rest from the original.
fn merge_entity(original: &EntityDef, translation: &EntityDef) -> EntityDef {
    EntityDef {
        name: translation.name.clone(),
        aliases: if translation.aliases.is_empty() {
            original.aliases.clone()
        } else {
            translation.aliases.clone()
        },
        description: translation
            .description
            .clone()
            .or_else(|| original.description.clone()),
        ..original.clone()
    }
}

/// A source in a translation: its text (`title`, `publisher`, `quote`)
/// from the translation, the rest (what identifies the document) from the
/// original.
fn merge_source(original: &SourceDef, translation: &SourceDef) -> SourceDef {
    SourceDef {
        title: translation.title.clone(),
        publisher: translation
            .publisher
            .clone()
            .or_else(|| original.publisher.clone()),
        quote: translation.quote.clone().or_else(|| original.quote.clone()),
        ..original.clone()
    }
}

/// The problems of one run per language, as one list. A problem in a file
/// of one language (its reports, sections and registry translations,
/// `owner`) is taken from that language's run alone; a problem in a file
/// every language reads (dossier.yaml, registry files, bibliographies,
/// templates) is kept when every run found it, so that one problem is
/// reported once, and a definition one language uses is not called unused
/// because another does not.
pub fn merge_diagnostics(
    runs: Vec<Vec<Diagnostic>>,
    owner: &HashMap<FileId, Lang>,
) -> Vec<Diagnostic> {
    let count = runs.len();
    if count <= 1 {
        return runs.into_iter().flatten().collect();
    }
    let key = |d: &Diagnostic| {
        (
            d.code,
            d.message.clone(),
            d.span.map(|s| (s.file, s.start, s.end)),
            d.file.clone(),
        )
    };
    let mut seen: HashMap<_, usize> = HashMap::new();
    let mut out = Vec::new();
    for (lang, run) in runs.into_iter().enumerate() {
        for d in run {
            match d.span.and_then(|s| owner.get(&s.file)) {
                Some(o) if o.index() == lang => out.push(d),
                Some(_) => {}
                None => {
                    let n = seen.entry(key(&d)).or_insert(0);
                    *n += 1;
                    if *n == count {
                        out.push(d);
                    }
                }
            }
        }
    }
    out
}

/// Which language owns each file of `docs` (the whole site's documents,
/// before [`split_languages`]): reports, sections and registry
/// translations. Default-language registry files are every language's.
pub fn owners(docs: &Documents) -> HashMap<FileId, Lang> {
    let mut owner = HashMap::new();
    for r in &docs.reports {
        owner.insert(r.file, r.lang);
    }
    for s in &docs.sections {
        owner.insert(s.file, s.lang);
    }
    for e in docs.entities.iter().filter(|e| e.lang != Lang::DEFAULT) {
        owner.insert(e.file, e.lang);
    }
    for s in docs.sources.iter().filter(|s| s.lang != Lang::DEFAULT) {
        owner.insert(s.file, s.lang);
    }
    owner
}
