//! Shared pieces of the fuzz targets: a small site to look ids up in, and
//! the checks every diagnostic must pass.
//!
//! Set `DOSSIER_FUZZ_STRICT=1` to also treat a diagnostic whose span lies
//! outside its file, or cuts a UTF-8 character, as a crash. Off by default:
//! `diag::render` clamps such spans, so they are wrong carets, not panics.

use std::path::PathBuf;
use std::sync::LazyLock;

use dossier::annotate::{Lookup, Mentions};
use dossier::diag::{self, Diagnostic, Files};
use dossier::model::{ClaimDef, EntityDef, EntityType, SourceDef, SourceType};
use indexmap::IndexMap;

pub static STRICT: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("DOSSIER_FUZZ_STRICT").is_some_and(|v| v != "0"));

/// A few entities, sources and claims, shaped like tests/sites/full.
#[derive(Default)]
pub struct Site {
    pub entities: IndexMap<String, EntityDef>,
    pub sources: IndexMap<String, SourceDef>,
    pub claims: IndexMap<String, ClaimDef>,
}

impl Lookup for Site {
    fn entity(&self, id: &str) -> Option<&EntityDef> {
        self.entities.get(id)
    }
    fn source(&self, id: &str) -> Option<&SourceDef> {
        self.sources.get(id)
    }
    fn claim(&self, id: &str) -> Option<&ClaimDef> {
        self.claims.get(id)
    }
    fn entity_ids(&self) -> Vec<&str> {
        self.entities.keys().map(String::as_str).collect()
    }
    fn source_ids(&self) -> Vec<&str> {
        self.sources.keys().map(String::as_str).collect()
    }
    fn claim_ids(&self) -> Vec<&str> {
        self.claims.keys().map(String::as_str).collect()
    }
}

fn entity(name: &str, aliases: &[&str]) -> EntityDef {
    EntityDef {
        name: name.into(),
        kind: EntityType::Person,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        description: None,
        links: IndexMap::new(),
        texts: Default::default(),
    }
}

fn source(title: &str) -> SourceDef {
    SourceDef {
        title: title.into(),
        publisher: None,
        author: None,
        date: None,
        url: None,
        archive_url: None,
        kind: SourceType::Article,
        accessed: None,
        quote: None,
        texts: Default::default(),
    }
}

fn claim(status: &str, sources: &[&str]) -> ClaimDef {
    ClaimDef {
        text: "A claim".into(),
        status: status.into(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        entities: vec![],
        date: None,
        note: None,
    }
}

pub fn site() -> Site {
    let mut s = Site::default();
    for (id, name, aliases) in [
        ("ana-kell", "Ana Kell", &["Kell"][..]),
        ("kell-ferry", "Kell Ferry", &[][..]),
        ("jose-nunez", "José Núñez", &["Núñez", "J. N."][..]),
        ("brannock", "Brannock", &["the town"][..]),
        ("acme", "<Acme & Co>", &["  ", ""][..]),
        ("zed", "Zed Town", &["Zed"][..]),
    ] {
        s.entities.insert(id.into(), entity(name, aliases));
    }
    for (id, title) in [
        ("harbour-log", "Harbour log"),
        ("council-minutes", "Council minutes"),
        ("kell-interview", "Interview with Ana Kell"),
        ("local-paper", "Ferry stops"),
        ("a", "Source A"),
        ("b", "Source <B> & \"C\""),
    ] {
        s.sources.insert(id.into(), source(title));
    }
    s.claims
        .insert("ferry-nine-days".into(), claim("verified", &["harbour-log"]));
    s.claims.insert(
        "council-requested-stop".into(),
        claim("disputed", &["council-minutes", "kell-interview"]),
    );
    s.claims.insert("c1".into(), claim("verified", &["b"]));
    s.claims
        .insert("c2".into(), claim("<odd> & \"status\"", &["nope", "a"]));
    s
}

/// Every entity but `zed` is listed by the report.
pub const LISTED: &[&str] = &["ana-kell", "kell-ferry", "jose-nunez", "brannock", "acme"];

pub static SITE: LazyLock<Site> = LazyLock::new(site);
pub static MENTIONS: LazyLock<Option<Mentions>> =
    LazyLock::new(|| Mentions::new(SITE.entity_ids(), &*SITE));

/// A `Files` holding one file with `text`.
pub fn files_with(text: &str) -> Files {
    let mut files = Files::default();
    files.add("content/a.md".into(), PathBuf::from("content/a.md"), text.into());
    files
}

/// Renders each diagnostic the way the CLI does (both formats), and in
/// strict mode checks that its spans point inside the file.
pub fn exercise(diags: &mut [Diagnostic], files: &Files) {
    diag::sort(diags, files);
    for d in diags.iter() {
        if *STRICT {
            for span in d.span.iter().chain(d.related.iter().map(|(s, _)| s)) {
                let text = &files.get(span.file).text;
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "{} span {}..{} outside a file of {} bytes: {}",
                    d.code,
                    span.start,
                    span.end,
                    text.len(),
                    d.message
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "{} span {}..{} cuts a character: {}",
                    d.code,
                    span.start,
                    span.end,
                    d.message
                );
            }
        }
        let _ = d.location(files);
        let _ = diag::render(d, files, false);
        let _ = diag::to_json(d, files);
    }
}
