//! What the unit tests of the pass share: a small site of entities,
//! sources and claims, and `run`, which passes a body over it.

use indexmap::IndexMap;

use super::{Body, Input, Lookup, Mentions, render_body};
use crate::config::AutoLink;
use crate::highlight::Highlighter;
use crate::model::{ClaimDef, EntityDef, EntityType, SourceDef, SourceType};

#[derive(Default)]
pub(super) struct Defs {
    pub(super) entities: IndexMap<String, EntityDef>,
    pub(super) sources: IndexMap<String, SourceDef>,
    pub(super) claims: IndexMap<String, ClaimDef>,
}

impl Lookup for Defs {
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

pub(super) fn entity(name: &str, aliases: &[&str]) -> EntityDef {
    EntityDef {
        name: name.into(),
        kind: EntityType::Person,
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        description: None,
        links: IndexMap::new(),
        texts: Default::default(),
        date: None,
        end_date: None,
    }
}

pub(super) fn source(title: &str) -> SourceDef {
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
        file: None,
        document: None,
        texts: Default::default(),
    }
}

pub(super) fn defs() -> Defs {
    let mut d = Defs::default();
    d.entities
        .insert("ana-kell".into(), entity("Ana Kell", &["Kell"]));
    d.entities
        .insert("kell-ferry".into(), entity("Kell Ferry", &[]));
    d.entities
        .insert("jose".into(), entity("José Núñez", &["Núñez"]));
    d.entities.insert("zed".into(), entity("Zed Town", &[]));
    d.entities.insert(
        "obrien".into(),
        entity(
            "Seán O'Brien",
            &["O\u{2019}Brien", "Guzmán-Ortiz", "Ma\u{301}ire"],
        ),
    );
    d.entities
        .insert("harbour".into(), entity("Harbour\u{a0}Authority", &[]));
    d.sources.insert("a".into(), source("Source A"));
    d.sources.insert("b".into(), source("Source <B>"));
    d.claims.insert(
        "c1".into(),
        ClaimDef {
            text: "Claim".into(),
            status: "verified".into(),
            sources: vec!["b".into()],
            entities: vec![],
            date: None,
            note: None,
            claimant: None,
            appearance: vec![],
            verdict: None,
        },
    );
    d.claims.insert(
        "c2".into(),
        ClaimDef {
            text: "Claim two".into(),
            status: "disputed".into(),
            sources: vec!["a".into(), "b".into()],
            entities: vec![],
            date: None,
            note: None,
            claimant: None,
            appearance: vec![],
            verdict: None,
        },
    );
    d
}

pub(super) fn run_with(body: &str, auto: AutoLink) -> Body {
    run_opts(body, auto, false)
}

pub(super) fn run_opts(body: &str, auto: AutoLink, smart_punctuation: bool) -> Body {
    run_full(body, auto, smart_punctuation, false)
}

/// The pass as a CSL style runs it: citation groups become placeholders.
pub(super) fn run_csl(body: &str) -> Body {
    run_full(body, AutoLink::First, false, true)
}

fn run_full(body: &str, auto: AutoLink, smart_punctuation: bool, csl: bool) -> Body {
    let text = format!("---\n---\n{body}");
    let listed = ["ana-kell", "kell-ferry", "jose", "obrien", "harbour"];
    let label = |s: &str| s.to_string();
    let defs = defs();
    let names = Mentions::new(defs.entity_ids(), &defs);
    let input = Input {
        file: 0,
        text: &text,
        body_start: 8,
        root: "../../",
        listed: &listed,
        names: names.as_ref(),
        auto_link: auto,
        smart_punctuation,
        claim_status_label: &label,
        csl,
        files: &[],
        table_label: "Table",
    };
    render_body(&input, &defs, &Highlighter::default())
}

pub(super) fn run(body: &str) -> Body {
    run_with(body, AutoLink::First)
}
