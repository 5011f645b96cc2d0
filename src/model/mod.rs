//! The content model: what a report, an entity, a source and a claim are, as
//! read from front matter, and the checks that need only one file (ids,
//! dates, URLs, statuses). Cross-file checks live in `resolve`.
//!
//! This module reads one content file into a [`Document`]. What each kind
//! of file may hold, and where to add a front-matter field, has a file of
//! its own:
//!
//! - `report.rs`: a report's front matter ([`ReportMeta`]) and its reading;
//! - `registry.rs`: entities, sources and claims ([`EntityDef`],
//!   [`SourceDef`], [`ClaimDef`]) and the tables of entity and source types;
//! - `checks.rs`: the checks of single values (ids, dates, URLs, names);
//! - `dates.rs`: front-matter dates ([`When`]);
//! - `slugs.rs`: the slugs of tags, headings and file names;
//! - `unavailable.rs`: what files that failed to parse would have defined.
//!
//! A section's `_index.md` ([`SectionMeta`]) is read here.

mod checks;
mod dates;
mod registry;
mod report;
mod slugs;
mod unavailable;

use serde::Deserialize;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::frontmatter::{self, DeError, FieldSpec, Seg, Value, Yaml, check_as};
pub use crate::ids::is_id;

use checks::Checker;
use registry::{ENTITY_FIELDS, SOURCE_FIELDS};
use report::parse_report;

pub use checks::is_http_url;
pub use dates::{PartialDate, When, display_date, parse_date};
pub use registry::{ClaimDef, EntityDef, EntityType, SourceDef, SourceType, unique_keys};
pub use report::{BundleFile, Correction, Report, ReportMeta};
pub use slugs::{slugify, tag_slug, tag_spelling, url_slug};
pub use unavailable::Unavailable;

/// Front matter of a section's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Which of the site's `languages` a content file is written in: an index
/// into [`Config::languages`], 0 being the default language. A file is in
/// another language when its name says so before the extension
/// (`a.es.md`, `index.es.md`, `_index.es.md`, `colombia.es.md`), SPEC §9.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(pub usize);

impl Lang {
    /// The site's default language: the first of `languages`, published
    /// without a prefix.
    pub const DEFAULT: Lang = Lang(0);

    /// Its index in [`Config::languages`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// A content file's path under `content/` without its language: `rel`
/// itself for a file in the default language, and `2024/a.md` for
/// `2024/a.es.md` when `es` is one of `languages` (tags compared without
/// regard to case). The first language, the default, is never written in
/// a name: `a.en.md` on an `[en, es]` site is the report `a.en`.
pub fn split_lang<'r>(rel: &'r str, languages: &[String]) -> (std::borrow::Cow<'r, str>, Lang) {
    let Some(stem) = rel.strip_suffix(".md") else {
        return (rel.into(), Lang::DEFAULT);
    };
    let name_start = stem.rfind('/').map_or(0, |i| i + 1);
    let Some(dot) = stem[name_start..].rfind('.').map(|i| name_start + i) else {
        return (rel.into(), Lang::DEFAULT);
    };
    let tag = &stem[dot + 1..];
    match languages
        .iter()
        .skip(1)
        .position(|l| l.eq_ignore_ascii_case(tag))
    {
        Some(i) if dot > name_start => (format!("{}.md", &stem[..dot]).into(), Lang(i + 1)),
        _ => (rel.into(), Lang::DEFAULT),
    }
}

/// An entity or source defined in its own registry file.
#[derive(Debug, Clone)]
pub struct RegistryItem<T> {
    pub id: String,
    /// The language of the file: a file `colombia.es.md` gives the Spanish
    /// text of the entity `colombia`.
    pub lang: Lang,
    pub file: FileId,
    pub yaml: Yaml,
    pub body_start: usize,
    pub def: T,
}

/// A section's `_index.md`.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    pub path: String,
    /// The language of the file (`_index.es.md` is Spanish).
    pub lang: Lang,
    pub file: FileId,
    pub body_start: usize,
    pub meta: SectionMeta,
}

/// What one content file turned out to be.
#[derive(Debug, Clone)]
pub enum Document {
    Report(Box<Report>),
    Entity(RegistryItem<EntityDef>),
    Source(RegistryItem<SourceDef>),
    Section(SectionIndex),
}

/// Which part of `content/` a file lives in, decided by its path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Report,
    Entity,
    Source,
    Section,
}

impl FileKind {
    /// `rel` is the path under `content/` with `/` separators.
    pub fn of(rel: &str) -> FileKind {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name == "_index.md" {
            FileKind::Section
        } else if rel.starts_with("entities/") {
            FileKind::Entity
        } else if rel.starts_with("sources/") {
            FileKind::Source
        } else {
            FileKind::Report
        }
    }
}

/// Reads one content file into a [`Document`], with every problem that the
/// file alone shows. `Ok(None)` is a draft left out of this build.
pub fn parse_document(
    kind: FileKind,
    rel: &str,
    file: FileId,
    text: &str,
    config: &Config,
    drafts: bool,
) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let split = match frontmatter::split(file, text) {
        Ok(split) => split,
        Err(frontmatter::SplitError::Missing) => {
            let d = Diagnostic::new(Code::E011, "this file has no front matter")
                .at(Span::new(file, 0..0))
                .help("start the file with a line `---`, the YAML fields, and another `---`");
            return (None, vec![d]);
        }
        Err(frontmatter::SplitError::Unclosed(range)) => {
            let d = Diagnostic::new(Code::E011, "front matter is never closed")
                .at(Span::new(file, range))
                .label("opened here")
                .help("add a line `---` after the last front-matter field");
            return (None, vec![d]);
        }
    };
    diags.extend(frontmatter::comment_slips(split.yaml, text));
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let check = Checker {
        yaml: split.yaml,
        text,
        diags: &mut diags,
    };
    let mut doc = match kind {
        FileKind::Report => parse_report(rel, split, text, config, check)
            .filter(|r| drafts || !r.meta.draft)
            .map(|r| Document::Report(Box::new(r))),
        FileKind::Entity => {
            parse_registry::<EntityDef>(stem, split, text, ENTITY_FIELDS, check, |c, d| {
                c.entity(&[], d)
            })
            .map(Document::Entity)
        }
        FileKind::Source => {
            parse_registry::<SourceDef>(stem, split, text, SOURCE_FIELDS, check, |c, d| {
                c.source(&[], d)
            })
            .map(Document::Source)
        }
        FileKind::Section => match frontmatter::parse::<SectionMeta>(split.yaml, text) {
            Ok(meta) => Some(Document::Section(SectionIndex {
                lang: Lang::DEFAULT,
                path: rel
                    .trim_end_matches("_index.md")
                    .trim_end_matches('/')
                    .to_string(),
                file,
                body_start: split.body_start,
                meta,
            })),
            Err(d) => {
                diags.extend(frontmatter::explain_all(
                    split.yaml,
                    text,
                    SECTION_FIELDS,
                    d,
                ));
                None
            }
        },
    };
    if config.smart_punctuation
        && let Some(doc) = &mut doc
    {
        doc.smarten();
    }
    (doc, diags)
}

impl Document {
    /// Marks the document as written in `lang` (read from its file name by
    /// [`split_lang`]).
    pub fn set_lang(&mut self, lang: Lang) {
        match self {
            Document::Report(r) => r.lang = lang,
            Document::Entity(e) => e.lang = lang,
            Document::Source(s) => s.lang = lang,
            Document::Section(s) => s.lang = lang,
        }
    }

    /// Gives the texts of the front matter that readers see the typography
    /// that `smart_punctuation` gives the body, so that a title and the
    /// body under it agree; ids, URLs, dates, tags and link keys stay as
    /// written.
    fn smarten(&mut self) {
        match self {
            Document::Report(r) => {
                let meta = &mut r.meta;
                smarten(&mut meta.title);
                meta.summary.iter_mut().for_each(smarten);
                meta.authors.iter_mut().for_each(smarten);
                meta.entities
                    .values_mut()
                    .flatten()
                    .for_each(EntityDef::smarten);
                meta.sources
                    .values_mut()
                    .flatten()
                    .for_each(SourceDef::smarten);
                for claim in meta.claims.values_mut() {
                    smarten(&mut claim.text);
                    claim.note.iter_mut().for_each(smarten);
                }
                for correction in &mut meta.corrections {
                    smarten(&mut correction.text);
                }
            }
            Document::Entity(e) => e.def.smarten(),
            Document::Source(s) => s.def.smarten(),
            Document::Section(s) => {
                s.meta.title.iter_mut().for_each(smarten);
                s.meta.summary.iter_mut().for_each(smarten);
            }
        }
    }
}

impl EntityDef {
    fn smarten(&mut self) {
        smarten(&mut self.name);
        self.aliases.iter_mut().for_each(smarten);
        self.description.iter_mut().for_each(smarten);
    }
}

impl SourceDef {
    fn smarten(&mut self) {
        smarten(&mut self.title);
        for text in [&mut self.publisher, &mut self.author, &mut self.quote] {
            text.iter_mut().for_each(smarten);
        }
    }
}

fn smarten(text: &mut String) {
    *text = crate::text::smart_text(text);
}

const fn field(
    name: &'static str,
    required: bool,
    check: fn(&Value<'_>) -> Result<(), DeError>,
) -> FieldSpec {
    FieldSpec::one(name, required, check)
}

const fn each(name: &'static str, check: fn(&Value<'_>) -> Result<(), DeError>) -> FieldSpec {
    FieldSpec::each(name, check)
}

const SECTION_FIELDS: &[FieldSpec] = &[
    field("title", false, check_as::<Option<String>>),
    field("summary", false, check_as::<Option<String>>),
];

fn parse_registry<T: serde::de::DeserializeOwned>(
    stem: &str,
    split: frontmatter::Split,
    text: &str,
    fields: &[FieldSpec],
    mut check: Checker<'_>,
    validate: impl Fn(&mut Checker<'_>, &T),
) -> Option<RegistryItem<T>> {
    let def: T = match frontmatter::parse(split.yaml, text) {
        Ok(def) => def,
        Err(d) => {
            check
                .diags
                .extend(frontmatter::explain_all(split.yaml, text, fields, d));
            return None;
        }
    };
    if !is_id(stem) {
        check.diags.push(
            Diagnostic::new(Code::E007, format!("the file name `{stem}` is not a valid id"))
                .at(Span::new(split.yaml.file, 0..0))
                .help("rename the file: lowercase letters, digits, `-` and `_`, starting with a letter or digit"),
        );
        return None;
    }
    validate(&mut check, &def);
    Some(RegistryItem {
        id: stem.to_string(),
        lang: Lang::DEFAULT,
        file: split.yaml.file,
        yaml: split.yaml,
        body_start: split.body_start,
        def,
    })
}

/// The span of a definition's key in front matter (`entities: {x: ...}` →
/// `x`), or the start of a registry file.
pub fn definition_span(yaml: Yaml, text: &str, map: &str, id: Option<&str>) -> Span {
    match id {
        Some(id) => frontmatter::locate(yaml, text, &[Seg::Key(map), Seg::Key(id)], true),
        None => Span::new(yaml.file, 0..0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_id("mfa-communique"));
        assert!(is_id("a_1"));
        assert!(!is_id("-a"));
        assert!(!is_id("Abc"));
        assert!(!is_id(""));
        assert!(!is_id("a b"));
    }

    #[test]
    fn languages_in_file_names() {
        let langs = ["en".to_string(), "es".to_string(), "pt-BR".to_string()];
        let split = |rel| {
            let (base, lang) = split_lang(rel, &langs);
            (base.into_owned(), lang.index())
        };
        assert_eq!(split("2024/a.md"), ("2024/a.md".into(), 0));
        assert_eq!(split("2024/a.es.md"), ("2024/a.md".into(), 1));
        assert_eq!(split("2024/a/index.es.md"), ("2024/a/index.md".into(), 1));
        assert_eq!(split("2024/_index.pt-br.md"), ("2024/_index.md".into(), 2));
        assert_eq!(
            split("entities/colombia.es.md"),
            ("entities/colombia.md".into(), 1)
        );
        // The default language and languages not listed are not read.
        assert_eq!(split("a.en.md"), ("a.en.md".into(), 0));
        assert_eq!(split("a.fr.md"), ("a.fr.md".into(), 0));
        assert_eq!(split("2024.es/a.md"), ("2024.es/a.md".into(), 0));
        assert_eq!(split(".es.md"), (".es.md".into(), 0));
        assert_eq!(split("photo.jpg"), ("photo.jpg".into(), 0));
    }

    #[test]
    fn file_kinds() {
        assert_eq!(FileKind::of("entities/colombia.md"), FileKind::Entity);
        assert_eq!(FileKind::of("sources/x.md"), FileKind::Source);
        assert_eq!(FileKind::of("2024/_index.md"), FileKind::Section);
        assert_eq!(FileKind::of("2024/entities/x.md"), FileKind::Report);
    }
}
