//! Bibliography files named by `bibliography:` in dossier.yaml: BibTeX and
//! BibLaTeX (`.bib`), CSL-JSON (`.json`) and CSL-YAML (`.yaml`, `.yml`).
//! Each entry becomes a site-wide source whose id is its citation key.
//!
//! The canonical form of an entry is a CSL-JSON item
//! ([`citationberg::json::Item`]): it is what Pandoc's citeproc works on,
//! what hayagriva renders directly (its `csl-json` feature), and what the
//! "cite this" export writes. BibTeX is mapped to CSL variables as Pandoc
//! maps it (`bibtex.rs`); CSL-JSON and CSL-YAML are read as they are
//! (`csl.rs`). From the item, [`entry`] derives the [`SourceDef`] that the
//! rest of the site reads (title, author, publisher, date, URL, type); the
//! fields a front-matter source has no place for (editors, container,
//! DOI, volume, issue, pages, note) are read from the item when pages are
//! rendered ([`Details`]).
//!
//! Every entry keeps its span and its key's span in the file; problems are
//! reported there (E024 for a file that cannot be read as a bibliography,
//! E025 for an entry's problems).

mod bibtex;
mod csl;
pub mod export;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use citationberg::json::{DateValue, Item, NameValue, Value};

use std::path::Path;

pub use crate::config::BibFormat as Format;
use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId, Files, Span};
use crate::ids::is_citation_key;
use crate::model::{SourceDef, SourceType};

/// One entry of a bibliography file.
#[derive(Debug, Clone)]
pub struct BibEntry {
    /// The citation key: the source's id.
    pub id: String,
    pub file: FileId,
    /// The whole entry in its file.
    pub span: Range<usize>,
    /// The citation key in its file.
    pub key_span: Range<usize>,
    /// Where each CSL variable's value is in the file, when the format's
    /// reader knows (BibTeX and CSL-JSON: all; CSL-YAML: dates and URL).
    pub fields: BTreeMap<String, Range<usize>>,
    /// The entry as CSL-JSON, with `id` set to the key.
    pub item: Item,
    /// What a source defined in front matter would hold.
    pub def: SourceDef,
    /// The entry as a `.bib` file gives it (abbreviations and cross-references
    /// resolved), for writing it back whole ([`export::bibtex_of_entry`]);
    /// `None` for CSL-JSON and CSL-YAML entries.
    pub tex: Option<Box<biblatex::Entry>>,
}

/// Reads every file `load::read_bibliographies` found, in parallel.
pub fn parse_files(files: &Files, list: &[(FileId, Format)]) -> (Vec<BibEntry>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let parsed: Vec<(Vec<BibEntry>, Vec<Diagnostic>)> = list
        .par_iter()
        .map(|&(id, format)| read(format, id, &files.get(id).text))
        .collect();
    let mut entries = Vec::new();
    let mut diags = Vec::new();
    for (e, d) in parsed {
        entries.extend(e);
        diags.extend(d);
    }
    (entries, diags)
}

/// The folders holding bibliography files that `serve` does not watch
/// already (the site's root and `content/` are watched).
pub fn folders_to_watch(root: &Path, config: &Config) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = Vec::new();
    for rel in &config.bibliography {
        if let Some(parent) = root.join(rel).parent()
            && parent != root
            && !parent.starts_with(root.join("content"))
            && !out.iter().any(|p| p == parent)
        {
            out.push(parent.to_path_buf());
        }
    }
    out
}

/// An entry as a format reader found it, before the common checks.
struct Found {
    key: String,
    span: Range<usize>,
    key_span: Range<usize>,
    item: Item,
    /// Where each CSL variable's value is, when the reader knows.
    fields: BTreeMap<String, Range<usize>>,
    /// A `.bib` entry's own fields.
    tex: Option<Box<biblatex::Entry>>,
}

/// Reads one bibliography file (already in `diag::Files` as `file`).
pub fn read(format: Format, file: FileId, text: &str) -> (Vec<BibEntry>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let found = match format {
        Format::BibLatex => bibtex::read(file, text, &mut diags),
        Format::CslJson => csl::read_json(file, text, &mut diags),
        Format::CslYaml => csl::read_yaml(file, text, &mut diags),
    };
    if found.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::new(Code::W010, "this bibliography file has no entries")
                .at(Span::new(file, 0..0))
                .help("export the library again, or take the file out of `bibliography:` in dossier.yaml"),
        );
    }
    let mut unique = Vec::with_capacity(found.len());
    let mut seen: std::collections::HashMap<String, Range<usize>> = Default::default();
    for f in found {
        if let Some(first) = seen.get(&f.key) {
            diags.push(
                Diagnostic::new(Code::E005, format!("source `{}` is defined twice", f.key))
                    .at(Span::new(file, f.key_span.clone()))
                    .label("defined again here")
                    .related(Span::new(file, first.clone()), "first defined here")
                    .help("keep one of the two entries"),
            );
            continue;
        }
        seen.insert(f.key.clone(), f.key_span.clone());
        unique.push(f);
    }
    use rayon::prelude::*;
    let checked: Vec<(Option<BibEntry>, Vec<Diagnostic>)> = unique
        .into_par_iter()
        .map(|f| {
            let mut d = Vec::new();
            (entry(file, f, &mut d), d)
        })
        .collect();
    let mut entries = Vec::with_capacity(checked.len());
    for (e, d) in checked {
        entries.extend(e);
        diags.extend(d);
    }
    (entries, diags)
}

/// The common checks of an entry, and the source it defines.
fn entry(file: FileId, f: Found, diags: &mut Vec<Diagnostic>) -> Option<BibEntry> {
    let at = |var: &str| Span::new(file, f.fields.get(var).unwrap_or(&f.span).clone());
    let mut ok = true;
    if !is_citation_key(&f.key) {
        diags.push(
            Diagnostic::new(Code::E025, format!("`{}` is not a valid citation key", f.key))
                .at(Span::new(file, f.key_span.clone()))
                .label("not a citation key")
                .help("a key starts with a letter, digit or `_`, and holds letters, digits, `_` and, between them, any of `:.#$%&-+?<>~/`"),
        );
        ok = false;
    }
    let title = text(&f.item, "title").unwrap_or_default();
    if title.trim().is_empty() {
        diags.push(
            Diagnostic::new(Code::E025, format!("the entry `{}` has no title", f.key))
                .at(Span::new(file, f.key_span.clone()))
                .help("give the entry a `title`"),
        );
        ok = false;
    }
    for var in DATE_VARIABLES {
        if let Some(v) = f.item.0.get(*var)
            && date_of(v).is_none()
        {
            diags.push(
                Diagnostic::new(Code::E025, format!("`{var}` of `{}` is not a date", f.key))
                    .at(at(var))
                    .label("not a date")
                    .help("write a year, a year and month, or a full date: `2023`, `2023-05`, `2023-05-02`"),
            );
            ok = false;
        }
    }
    let url = text(&f.item, "URL");
    if let Some(url) = &url
        && !crate::model::is_http_url(url)
    {
        diags.push(
            Diagnostic::new(
                Code::E009,
                format!("the URL of `{}` is not an http(s) URL", f.key),
            )
            .at(at("URL"))
            .help("write the whole address, starting with `https://`"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let full_date = |var: &str| {
        let d = f.item.0.get(var).and_then(date_of)?;
        d.full().then(|| d.iso())
    };
    let def = SourceDef {
        title: title.into_owned(),
        publisher: text(&f.item, "publisher").map(Cow::into_owned),
        author: names(&f.item, "author"),
        date: full_date("issued"),
        url: url.map(Cow::into_owned),
        archive_url: None,
        kind: source_type(f.item.type_().as_deref().unwrap_or("")),
        accessed: full_date("accessed"),
        quote: None,
        file: None,
        document: None,
        texts: Default::default(),
    };
    Some(BibEntry {
        id: f.key,
        file,
        span: f.span,
        key_span: f.key_span,
        item: f.item,
        fields: f.fields,
        def,
        tex: f.tex,
    })
}

/// The CSL variables that hold dates.
const DATE_VARIABLES: &[&str] = &[
    "issued",
    "accessed",
    "event-date",
    "original-date",
    "submitted",
    "available-date",
];

/// A text variable of an item (a number is read as text).
pub fn text<'i>(item: &'i Item, var: &str) -> Option<Cow<'i, str>> {
    item.0.get(var)?.to_str().filter(|s| !s.trim().is_empty())
}

/// The names of a name variable, each as "Given Family" or its literal
/// form, joined with commas.
pub fn names(item: &Item, var: &str) -> Option<String> {
    let Some(Value::Names(list)) = item.0.get(var) else {
        return None;
    };
    let names: Vec<String> = list.iter().map(name).filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

/// One name as it is written in running text.
fn name(n: &NameValue) -> String {
    match n {
        NameValue::Literal(l) => l.literal.clone(),
        NameValue::Item(i) => {
            let parts = [
                i.given.as_deref(),
                i.dropping_particle.as_deref(),
                i.non_dropping_particle.as_deref(),
                Some(i.family.as_str()),
            ];
            let mut out = parts
                .iter()
                .flatten()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(suffix) = i.suffix.as_deref().filter(|s| !s.is_empty()) {
                out.push_str(", ");
                out.push_str(suffix);
            }
            out
        }
    }
}

/// A year, with a month and a day when known (both 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    fn full(self) -> bool {
        self.day.is_some()
    }

    /// `2023`, `2023-05` or `2023-05-02`.
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    fn checked(year: i32, month: Option<u8>, day: Option<u8>) -> Option<PartialDate> {
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            jiff::civil::Date::new(i16::try_from(year).ok()?, m as i8, d as i8).ok()?;
        } else if day.is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// `2023`, `2023-05`, `2023-05-02` (a range's first date).
    pub fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let first = text.split('/').next()?.trim();
        let mut parts = first.splitn(3, '-');
        let year = parts.next()?.parse::<i32>().ok()?;
        let month = parts.next().map(|m| m.parse::<u8>()).transpose().ok()?;
        let day = parts.next().map(|d| d.parse::<u8>()).transpose().ok()?;
        Self::checked(year, month, day)
    }
}

/// The (first) date of a date variable, when it is one.
pub fn date_of(v: &Value) -> Option<PartialDate> {
    match v {
        Value::Date(DateValue::DateParts { date_parts, .. }) => {
            let first = date_parts.0.first()?;
            let mut parts = first.0.iter();
            let year = i32::from(*parts.next()?);
            let mut small = || parts.next().map(|p| u8::try_from(*p).ok());
            let month = match small() {
                Some(m) => Some(m?),
                None => None,
            };
            let day = match small() {
                Some(d) => Some(d?),
                None => None,
            };
            PartialDate::checked(year, month, day)
        }
        Value::Date(DateValue::Raw { raw, .. }) => PartialDate::checked(
            i32::from(raw.start.year),
            raw.start.month.map(|m| m + 1),
            raw.start.day.map(|d| d + 1),
        ),
        Value::String(s) => PartialDate::parse(s),
        Value::Number(n) => PartialDate::checked(i32::try_from(*n).ok()?, None, None),
        Value::Names(_) => None,
    }
}

/// Writes a date variable given as text (`"2023-05-02"`, as CSL-YAML and
/// EDTF allow) as CSL-JSON's `date-parts`, the form processors read. One
/// that is not a date is left as it is, for [`entry`] to report.
fn normalise_dates(item: &mut Item) {
    for var in DATE_VARIABLES {
        if let Some(v) = item.0.get_mut(*var)
            && matches!(v, Value::String(_) | Value::Number(_))
            && let Some(d) = date_of(v)
        {
            *v = date_value(d);
        }
    }
}

/// A date as CSL-JSON's `date-parts`.
pub(crate) fn date_value(d: PartialDate) -> Value {
    let mut parts = vec![i16::try_from(d.year).unwrap_or(i16::MAX)];
    parts.extend(d.month.map(i16::from));
    parts.extend(d.day.map(i16::from));
    let json = serde_json::json!({ "date-parts": [parts] });
    serde_json::from_value(json).unwrap_or(Value::Number(i64::from(d.year)))
}

/// An item as standard CSL-JSON: dates as `{"date-parts": [[...]]}` and
/// names without empty parts. (citationberg's own serialisation writes a
/// date as a bare list and every absent name part as `null`, which CSL-JSON
/// readers such as Pandoc and Zotero do not take.)
pub fn to_csl_json(item: &Item) -> serde_json::Value {
    use serde_json::{Map, Value as Json, json};
    let mut out = Map::new();
    for (var, value) in &item.0 {
        let v = match value {
            Value::String(s) => Json::String(s.clone()),
            Value::Number(n) => json!(n),
            Value::Date(d) => {
                let mut m = Map::new();
                let parts: Vec<Vec<i64>> = match d {
                    DateValue::DateParts { date_parts, .. } => date_parts
                        .0
                        .iter()
                        .map(|p| p.0.iter().map(|&x| i64::from(x)).collect())
                        .collect(),
                    DateValue::Raw { raw, .. } => std::iter::once(raw.start)
                        .chain(raw.end)
                        .map(|f| {
                            let mut p = vec![i64::from(f.year)];
                            p.extend(f.month.map(|m| i64::from(m) + 1));
                            p.extend(f.day.map(|d| i64::from(d) + 1));
                            p
                        })
                        .collect(),
                };
                m.insert("date-parts".into(), json!(parts));
                let (literal, season) = match d {
                    DateValue::DateParts {
                        literal, season, ..
                    }
                    | DateValue::Raw {
                        literal, season, ..
                    } => (literal, season),
                };
                if let Some(l) = literal {
                    m.insert("literal".into(), json!(l));
                }
                if let Some(s) = season {
                    m.insert("season".into(), json!(s));
                }
                if let DateValue::DateParts { circa: true, .. } = d {
                    m.insert("circa".into(), json!(true));
                }
                Json::Object(m)
            }
            Value::Names(names) => Json::Array(
                names
                    .iter()
                    .map(|n| match n {
                        NameValue::Literal(l) => json!({ "literal": l.literal }),
                        NameValue::Item(i) => {
                            let mut m = Map::new();
                            m.insert("family".into(), json!(i.family));
                            for (k, v) in [
                                ("given", &i.given),
                                ("non-dropping-particle", &i.non_dropping_particle),
                                ("dropping-particle", &i.dropping_particle),
                                ("suffix", &i.suffix),
                            ] {
                                if let Some(v) = v {
                                    m.insert(k.into(), json!(v));
                                }
                            }
                            if let Some(c) = i.comma_suffix {
                                m.insert("comma-suffix".into(), json!(c));
                            }
                            Json::Object(m)
                        }
                    })
                    .collect(),
            ),
        };
        out.insert(var.clone(), v);
    }
    Json::Object(out)
}

/// The dossier source type of a CSL item type.
pub fn source_type(csl: &str) -> SourceType {
    match csl {
        "article" | "article-journal" | "article-magazine" | "article-newspaper"
        | "paper-conference" | "post-weblog" | "webpage" | "review" | "review-book" | "entry"
        | "entry-dictionary" | "entry-encyclopedia" | "periodical" => SourceType::Article,
        "report" | "thesis" | "manuscript" | "standard" | "pamphlet" | "document" => {
            SourceType::Report
        }
        "book" | "chapter" | "classic" | "collection" => SourceType::Book,
        "dataset" | "software" => SourceType::Dataset,
        "legal_case" | "hearing" => SourceType::CourtRecord,
        "legislation" | "bill" | "regulation" | "treaty" => SourceType::OfficialStatement,
        "speech" => SourceType::Speech,
        "interview" => SourceType::Interview,
        "post" => SourceType::SocialMedia,
        _ => SourceType::Other,
    }
}

/// What a source page and a Sources list show of an entry beyond a
/// front-matter source's fields.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Details {
    pub editors: String,
    pub container: String,
    pub doi: String,
    pub doi_url: String,
    pub volume: String,
    pub issue: String,
    pub pages: String,
    pub note: String,
    /// The date as the entry gives it (`2023`, `2023-05`), when it is not
    /// a whole day.
    pub issued: String,
    /// The CSL type (`article-journal`).
    pub csl_type: String,
}

impl Details {
    pub fn of(item: &Item) -> Details {
        let t = |var: &str| text(item, var).map(Cow::into_owned).unwrap_or_default();
        let doi = t("DOI");
        let doi_url = if doi.is_empty() {
            String::new()
        } else {
            format!("https://doi.org/{doi}")
        };
        let issued = item
            .0
            .get("issued")
            .and_then(date_of)
            .filter(|d| !d.full())
            .map(PartialDate::iso)
            .unwrap_or_default();
        Details {
            editors: names(item, "editor").unwrap_or_default(),
            container: t("container-title"),
            doi,
            doi_url,
            volume: t("volume"),
            issue: t("issue"),
            pages: t("page"),
            note: t("note"),
            issued,
            csl_type: t("type"),
        }
    }
}

/// An item with `key` as its id, from CSL variables.
fn item_with_id(key: &str, mut vars: BTreeMap<String, Value>) -> Item {
    vars.insert("id".into(), Value::String(key.to_string()));
    let mut item = Item(vars);
    normalise_dates(&mut item);
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::source_slug;

    #[test]
    fn citation_keys_follow_pandoc() {
        for ok in [
            "Ramirez2024",
            "UNEP:2023",
            "Smith/2020",
            "a",
            "_x",
            "doe-99",
            "a.b-c",
        ] {
            assert!(is_citation_key(ok), "{ok}");
        }
        for bad in ["", "-a", "a:", "a b", "a,b", "a@b", "a{b}"] {
            assert!(!is_citation_key(bad), "{bad}");
        }
    }

    #[test]
    fn slugs_keep_ids_and_fold_keys() {
        assert_eq!(source_slug("mfa-communique"), "mfa-communique");
        assert_eq!(source_slug("UNEP:2023"), "unep-2023");
        assert_eq!(source_slug("Smith/2020"), "smith-2020");
        assert_eq!(source_slug("Müller.2021"), "muller-2021");
    }

    #[test]
    fn partial_dates() {
        assert_eq!(
            PartialDate::parse("2023").map(PartialDate::iso).as_deref(),
            Some("2023")
        );
        assert_eq!(
            PartialDate::parse("2023-05-02")
                .map(PartialDate::iso)
                .as_deref(),
            Some("2023-05-02")
        );
        assert_eq!(PartialDate::parse("2023-13"), None);
        assert_eq!(PartialDate::parse("2023-02-30"), None);
        assert_eq!(PartialDate::parse("May 2023"), None);
    }

    #[test]
    fn csl_json_is_written_as_readers_expect() {
        let json = r#"{"id": "a", "title": "T", "issued": {"date-parts": [[2023, 5]]},
            "author": [{"family": "Lee", "given": "Min"}, {"literal": "WHO"}]}"#;
        let vars: BTreeMap<String, Value> = serde_json::from_str(json).unwrap();
        let out = to_csl_json(&item_with_id("a", vars));
        assert_eq!(
            out,
            serde_json::json!({"id": "a", "title": "T", "issued": {"date-parts": [[2023, 5]]},
                "author": [{"family": "Lee", "given": "Min"}, {"literal": "WHO"}]})
        );
        // A date given as text is the same date.
        let vars: BTreeMap<String, Value> =
            serde_json::from_str(r#"{"title": "T", "issued": "2020-03-04"}"#).unwrap();
        let out = to_csl_json(&item_with_id("b", vars));
        assert_eq!(
            out["issued"],
            serde_json::json!({"date-parts": [[2020, 3, 4]]})
        );
    }

    #[test]
    fn types_map_to_source_types() {
        assert_eq!(source_type("article-journal"), SourceType::Article);
        assert_eq!(source_type("legal_case"), SourceType::CourtRecord);
        assert_eq!(source_type("dataset"), SourceType::Dataset);
        assert_eq!(source_type("figure"), SourceType::Other);
    }
}
