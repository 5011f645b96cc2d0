//! Report bodies annotated against the site's definitions ([`Annotator`]),
//! and kept between runs by `serve` ([`BodyCache`]) under a key of
//! everything the annotation read, so that an unchanged body with
//! unchanged definitions is not annotated again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::annotate::{self, Body, Lookup};
use crate::config::Config;
use crate::diag::Files;
use crate::highlight::Highlighter;
use crate::model::Report;
use crate::text::status_label;
use crate::urls::root_prefix;

use super::Defs;

/// Annotated bodies kept between runs (by `serve`), by report id, with the
/// key of everything the annotation read: a body is annotated again only
/// when its file or the site's definitions changed.
#[derive(Debug, Default)]
pub struct BodyCache(Mutex<HashMap<String, CachedBody>>);

/// An annotated body and the key of what its annotation read.
#[derive(Debug, Clone)]
struct CachedBody {
    key: u64,
    body: Arc<Body>,
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
            // An image's size is read from its file.
            report
                .files
                .iter()
                .for_each(|f| (&f.name, f.bytes, f.modified).hash(&mut h));
            h.finish()
        });
        if let (Some(cache), Some(key)) = (self.cache, key)
            && let Some(cached) = cache.0.lock().ok().and_then(|c| c.get(&report.id).cloned())
            && cached.key == key
        {
            return cached.body;
        }
        let listed: Vec<&str> = report.meta.entities.keys().map(String::as_str).collect();
        let root = root_prefix(&report.url);
        let label = |status: &str| {
            self.config
                .status(status)
                .map_or_else(|| status_label(status), |s| s.label.clone())
        };
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
            csl: self.config.csl.is_some(),
            files: &report.files,
            table_label: &self.config.table_label,
        };
        let body = Arc::new(annotate::render_body(&input, self.defs, self.highlighter));
        if let (Some(cache), Some(key)) = (self.cache, key)
            && let Ok(mut c) = cache.0.lock()
        {
            c.insert(
                report.id.clone(),
                CachedBody {
                    key,
                    body: body.clone(),
                },
            );
        }
        body
    }
}

/// A hash of everything in the definitions and settings that annotating a
/// body reads: names, aliases, source titles (and the author or publisher
/// an author-in-text citation shows), claim statuses and sources.
fn defs_fingerprint(defs: &Defs<'_>, config: &Config) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (id, e) in &defs.entities {
        (id, &e.def.name, &e.def.aliases).hash(&mut h);
    }
    for (id, s) in &defs.sources {
        (id, &s.def.title, &s.def.author, &s.def.publisher).hash(&mut h);
    }
    for (id, c) in &defs.claims {
        (id, &c.def.status, &c.def.sources).hash(&mut h);
    }
    defs.failed.hash(&mut h);
    (config.auto_link_entities as u8, config.smart_punctuation).hash(&mut h);
    for status in &config.claim_statuses {
        (&status.id, &status.label).hash(&mut h);
    }
    config.csl.is_some().hash(&mut h);
    h.finish()
}
