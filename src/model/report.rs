//! A report: its front matter ([`ReportMeta`]), how each field is checked,
//! and the [`Report`] read from one file, with its section and URL.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId};
use crate::frontmatter::{self, FieldSpec, Seg, Yaml, check_as};

use super::checks::Checker;
use super::{ClaimDef, EntityDef, SourceDef, When, each, field, is_id, tag_slug, unique_keys};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "unique_keys")]
    pub entities: IndexMap<String, Option<EntityDef>>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub sources: IndexMap<String, Option<SourceDef>>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub claims: IndexMap<String, ClaimDef>,
    /// Corrections made since the report was published, newest first
    /// once read (authors may write them in any order).
    #[serde(default)]
    pub corrections: Vec<Correction>,
}

/// A correction to a published report: when it was made and what it
/// changed, shown as a dated notice at the top of the page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub date: String,
    /// What was corrected, as plain text (like a summary).
    pub text: String,
    /// `date`, checked; `None` when it is not a date (reported as E006).
    #[serde(skip)]
    pub when: Option<When>,
}

/// A report as read from its file.
#[derive(Debug, Clone)]
pub struct Report {
    /// Path under `content/` without `.md` (and without the language of a
    /// translation: `2024/a.es.md` is `2024/a`), with `/` separators. The
    /// translations of one report share it.
    pub id: String,
    /// The language it is written in.
    pub lang: super::Lang,
    pub file: FileId,
    pub yaml: Yaml,
    pub body_start: usize,
    pub meta: ReportMeta,
    pub date: When,
    /// When the report last changed: its `updated:` date, or its latest
    /// correction's when that is later. The page, the feed, the JSON-LD
    /// and the sitemap all show this one date.
    pub updated: Option<When>,
    /// Section path (`2024/harbour`), empty at the top level.
    pub section: String,
    /// URL relative to the site root, ending with `/`.
    pub url: String,
    /// The other files of its bundle (none for a plain `name.md`),
    /// published beside its page.
    pub files: Vec<BundleFile>,
}

/// A file of a report's bundle, published at the report's URL followed by
/// `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFile {
    /// Its path inside the bundle's folder (`photo.jpg`, `data/a.csv`).
    pub name: String,
    /// Where it is on disk.
    pub path: std::path::PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was last modified, if the system says.
    pub modified: Option<std::time::SystemTime>,
    /// Its width and height as shown (EXIF orientation applied), when it
    /// is a JPEG, PNG or WebP image that dossier read.
    pub size: Option<(u32, u32)>,
    /// Whether it is an image that carries the place it was taken (EXIF
    /// or XMP GPS data), which is removed from the published file.
    pub located: bool,
    /// The smaller copies of it that `build` and `serve` publish beside it
    /// (its `srcset`), smallest first; none for other files.
    pub variants: Vec<crate::images::Variant>,
    /// Why it cannot be read as an image, when it is named as a JPEG, PNG
    /// or WebP file and is not one that decodes (E027 where it is shown).
    pub image_error: Option<String>,
}

/// How each field of a report's front matter is checked on its own, to
/// report every problem when the whole does not read.
const REPORT_FIELDS: &[FieldSpec] = &[
    field("title", true, check_as::<String>),
    field("date", true, check_as::<String>),
    field("updated", false, check_as::<Option<String>>),
    field("slug", false, check_as::<Option<String>>),
    field("authors", false, check_as::<Vec<String>>),
    field("summary", false, check_as::<Option<String>>),
    field("tags", false, check_as::<Vec<String>>),
    field("draft", false, check_as::<bool>),
    each("entities", check_as::<Option<EntityDef>>),
    each("sources", check_as::<Option<SourceDef>>),
    each("claims", check_as::<ClaimDef>),
    FieldSpec::list("corrections", check_as::<Correction>),
];

/// Checks each correction's date, which may not come before the report's
/// own `date` (E034), and puts them newest first: the order readers are
/// shown them in, whatever order they were written in. Returns the
/// report's last change: `updated`, or the latest correction if later.
fn check_corrections(
    check: &mut Checker<'_>,
    corrections: &mut [Correction],
    date: Option<When>,
    updated: Option<When>,
) -> Option<When> {
    for (i, c) in corrections.iter_mut().enumerate() {
        if c.text.trim().is_empty() {
            check.push(
                Diagnostic::new(Code::E002, "a correction's `text` is empty")
                    .help("say what was wrong and what the report says now"),
                &[Seg::Key("corrections"), Seg::Index(i), Seg::Key("text")],
                false,
            );
        }
        let at = [Seg::Key("corrections"), Seg::Index(i), Seg::Key("date")];
        c.when = check.date(&at, &c.date);
        if let (Some(when), Some(date)) = (c.when, date)
            && before(when, date)
        {
            check.push(
                Diagnostic::new(
                    Code::E034,
                    format!(
                        "this correction is dated before the report ({})",
                        date.machine()
                    ),
                )
                .label("a correction comes after publication")
                .help(format!(
                    "date the correction on or after {}; a change made before publication is not a correction",
                    date.machine()
                )),
                &at,
                false,
            );
        }
    }
    // Stable: two corrections of one day keep the order they were written in.
    corrections.sort_by_key(|c| std::cmp::Reverse(c.when));
    let latest = corrections.iter().filter_map(|c| c.when).max();
    updated.max(latest)
}

/// Whether `a` comes before `b`: by instant when both have a time, by
/// calendar day otherwise, so that a correction written `2024-05-02`
/// is not before a report published at 10:00 that day.
fn before(a: When, b: When) -> bool {
    match (a, b) {
        (When::Instant { .. }, When::Instant { .. }) => a < b,
        _ => a.day() < b.day(),
    }
}

pub(super) fn parse_report(
    rel: &str,
    split: frontmatter::Split,
    text: &str,
    config: &Config,
    mut check: Checker<'_>,
) -> Option<Report> {
    let mut meta: ReportMeta = match frontmatter::parse(split.yaml, text) {
        Ok(meta) => meta,
        Err(d) => {
            check
                .diags
                .extend(frontmatter::explain_all(split.yaml, text, REPORT_FIELDS, d));
            return None;
        }
    };
    let date = check.date(&[Seg::Key("date")], &meta.date);
    let updated = meta
        .updated
        .as_ref()
        .and_then(|u| check.date(&[Seg::Key("updated")], u));
    let updated = check_corrections(&mut check, &mut meta.corrections, date, updated);
    if let Some(slug) = &meta.slug
        && !is_id(slug)
    {
        let help = if slug.len() > crate::ids::MAX_NAME {
            format!(
                "shorten it to at most {} characters: it names a folder",
                crate::ids::MAX_NAME
            )
        } else {
            "use lowercase letters, digits, `-` and `_`".to_string()
        };
        check.push(
            Diagnostic::new(Code::E007, format!("`{slug}` is not a valid slug")).help(help),
            &[Seg::Key("slug")],
            false,
        );
    }
    for (i, tag) in meta.tags.iter().enumerate() {
        let slug = tag_slug(tag);
        let problem = if slug.is_empty() {
            Some(Diagnostic::new(
                Code::E007,
                "a tag needs at least one letter or digit",
            ))
        } else if slug.len() > crate::ids::MAX_NAME {
            Some(
                Diagnostic::new(Code::E007, "this tag is too long to name its page").help(format!(
                    "keep a tag under {} characters",
                    crate::ids::MAX_NAME
                )),
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            check.push(problem, &[Seg::Key("tags"), Seg::Index(i)], false);
        }
    }
    for (id, def) in &meta.entities {
        check.id("entity", &[Seg::Key("entities"), Seg::Key(id)]);
        if let Some(def) = def {
            check.entity(&[Seg::Key("entities"), Seg::Key(id)], def);
        }
    }
    for (id, def) in &meta.sources {
        // A reference may name a bibliography entry by its citation key
        // (`UNEP:2023:`); a definition needs an id.
        if def.is_some() || !crate::ids::is_citation_key(id) {
            check.id("source", &[Seg::Key("sources"), Seg::Key(id)]);
        }
        if let Some(def) = def {
            check.source(&[Seg::Key("sources"), Seg::Key(id)], def);
        }
    }
    for (id, claim) in &meta.claims {
        let at = [Seg::Key("claims"), Seg::Key(id)];
        check.id("claim", &at);
        if config.status(&claim.status).is_none() {
            check.push(
                Diagnostic::new(
                    Code::E008,
                    format!("`{}` is not a claim status of this site", claim.status),
                )
                .help_opt(
                    crate::diag::suggest(&claim.status, config.status_ids()).or_else(|| {
                        let ids: Vec<&str> = config.status_ids().collect();
                        Some(format!("allowed: {}", ids.join(", ")))
                    }),
                ),
                &[at[0], at[1], Seg::Key("status")],
                false,
            );
        }
        if let Some(date) = &claim.date {
            check.timeline_date(&[at[0], at[1], Seg::Key("date")], date);
        }
    }
    // A bad date is reported above; the placeholder lets the body still be
    // checked in this run.
    let date = date.unwrap_or_default();
    // A bundle's `index.md` is the report of its folder
    // (`2024/a/index.md` is `2024/a`, as `2024/a.md` would be).
    let path = rel.trim_end_matches(".md");
    let path = path.strip_suffix("/index").unwrap_or(path);
    let (section, stem) = match path.rsplit_once('/') {
        Some((section, stem)) => (section.to_string(), stem),
        None => (String::new(), path),
    };
    let slug = meta.slug.clone().unwrap_or_else(|| stem.to_string());
    let url = if section.is_empty() {
        format!("{slug}/")
    } else {
        format!("{section}/{slug}/")
    };
    Some(Report {
        lang: super::Lang::DEFAULT,
        id: path.to_string(),
        file: split.yaml.file,
        yaml: split.yaml,
        body_start: split.body_start,
        meta,
        date,
        updated,
        section,
        url,
        files: Vec::new(),
    })
}
