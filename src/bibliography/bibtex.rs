//! BibTeX and BibLaTeX, read with the `biblatex` crate (which resolves
//! `@string` abbreviations, `crossref` and `xdata`, and parses names and
//! dates), mapped to CSL variables the way Pandoc's citeproc maps them.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use biblatex::{
    Bibliography, ChunksExt, Date, DateValue, Datetime, Entry, ParseErrorKind, PermissiveType,
    Person, RawBibliography, RetrievalError,
};
use citationberg::json::{NameItem, NameValue, Value};
use rayon::prelude::*;

use super::{Found, PartialDate, date_value, item_with_id};
use crate::diag::{Code, Diagnostic, FileId, Span};

/// Every entry of a `.bib` file; a syntax error is reported and ends the
/// file's reading (the parser cannot go past it).
pub(super) fn read(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let raw = match RawBibliography::parse(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(syntax_error(file, text, e.span, &e.kind));
            return Vec::new();
        }
    };
    // Entry and key spans, by key: the parsed bibliography keeps only the
    // spans of field values.
    let mut places: HashMap<&str, (Range<usize>, Range<usize>)> = HashMap::new();
    let mut order = Vec::with_capacity(raw.entries.len());
    for e in &raw.entries {
        let key = e.v.key.v;
        if let Some((_, first)) = places.get(key) {
            diags.push(
                Diagnostic::new(Code::E005, format!("source `{key}` is defined twice"))
                    .at(Span::new(file, e.v.key.span.clone()))
                    .label("defined again here")
                    .related(Span::new(file, first.clone()), "first defined here")
                    .help("keep one of the two entries"),
            );
            continue;
        }
        places.insert(key, (e.span.clone(), e.v.key.span.clone()));
        order.push(key);
    }
    let mut deduped = raw;
    let mut kept = std::collections::HashSet::new();
    deduped.entries.retain(|e| kept.insert(e.v.key.v));
    let entries = match resolve(deduped) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(syntax_error(file, text, e.span, &e.kind));
            return Vec::new();
        }
    };
    // Entries are mapped in parallel: a library has thousands.
    let mapped: Vec<(Option<Found>, Vec<Diagnostic>)> = entries
        .into_par_iter()
        .map(|entry| {
            let key_owned = entry.key.clone();
            let key = key_owned.as_str();
            let mut diags = Vec::new();
            let Some((span, key_span)) = places.get(key).cloned() else {
                return (None, diags);
            };
            if key.is_empty() {
                diags.push(
                    Diagnostic::new(Code::E025, "this entry has no citation key")
                        .at(Span::new(file, span.start..span.start + 1))
                        .help("write the key after the brace: `@article{Ramirez2024, ...}`"),
                );
                return (None, diags);
            }
            let mut fields = BTreeMap::new();
            let vars = variables(&entry, &mut fields, |d: Range<usize>| {
                diags.push(
                    Diagnostic::new(Code::E025, format!("the date of `{key}` is not a date"))
                        .at(Span::new(file, d))
                        .label("not a date")
                        .help(
                            "write `date = {2023-05-02}` (or `2023-05`, `2023`), or `year` and `month`",
                        ),
                );
            });
            let found = vars.map(|vars| Found {
                key: key.to_string(),
                span,
                key_span,
                item: item_with_id(key, vars),
                fields,
                tex: Some(Box::new(entry)),
            });
            (found, diags)
        })
        .collect();
    let mut out = Vec::with_capacity(mapped.len());
    for (found, d) in mapped {
        out.extend(found);
        diags.extend(d);
    }
    out
}

/// The entries of a raw bibliography with abbreviations, `crossref` and
/// `xdata` resolved, in file order. Without cross-references, slices of
/// the file are resolved in parallel (each with every abbreviation).
fn resolve(raw: RawBibliography<'_>) -> Result<Vec<Entry>, biblatex::ParseError> {
    let linked = raw.entries.iter().any(|e| {
        e.v.fields.iter().any(|f| {
            f.key.v.eq_ignore_ascii_case("crossref") || f.key.v.eq_ignore_ascii_case("xdata")
        })
    });
    if linked || raw.entries.len() < 512 {
        return Bibliography::from_raw(raw).map(Bibliography::into_vec);
    }
    let chunks: Vec<RawBibliography<'_>> = raw
        .entries
        .chunks(256)
        .map(|entries| RawBibliography {
            preamble: String::new(),
            entries: entries.to_vec(),
            abbreviations: raw.abbreviations.clone(),
        })
        .collect();
    let resolved: Vec<Result<Vec<Entry>, biblatex::ParseError>> = chunks
        .into_par_iter()
        .map(|chunk| Bibliography::from_raw(chunk).map(Bibliography::into_vec))
        .collect();
    let mut out = Vec::with_capacity(raw.entries.len());
    for r in resolved {
        out.extend(r?);
    }
    Ok(out)
}

fn syntax_error(file: FileId, text: &str, span: Range<usize>, kind: &ParseErrorKind) -> Diagnostic {
    let end = span.end.min(text.len()).max(span.start.min(text.len()));
    let start = span.start.min(end);
    let (message, help) = match kind {
        ParseErrorKind::UnexpectedEof => (
            "the file ends inside an entry".to_string(),
            "close every `{` of the entry with a `}`",
        ),
        ParseErrorKind::Unexpected(t) => (
            format!("unexpected {t}"),
            "check the entry's punctuation: `@type{key, field = {value}, ...}`",
        ),
        ParseErrorKind::Expected(t) => (
            format!("expected {t}"),
            "check the entry's punctuation: `@type{key, field = {value}, ...}`",
        ),
        ParseErrorKind::UnknownAbbreviation(a) => (
            format!("unknown abbreviation `{a}`"),
            "define it with `@string{name = {...}}`, or put the value in braces",
        ),
        ParseErrorKind::MalformedCommand => (
            "malformed TeX command".to_string(),
            "close the command's braces",
        ),
        ParseErrorKind::DuplicateKey(k) => (
            format!("the key `{k}` is used twice"),
            "keep one of the two entries",
        ),
        ParseErrorKind::ResolutionError(k) => (
            format!("a `crossref` or `xdata` field could not be read: {k}"),
            "check the entry it names",
        ),
        _ => (
            "invalid BibTeX".to_string(),
            "check the entry's punctuation",
        ),
    };
    Diagnostic::new(Code::E024, format!("invalid BibTeX: {message}"))
        .at(Span::new(file, start..end))
        .help(help)
}

/// The CSL variables of an entry, with the span of each in `fields`;
/// `None` after `bad_date` was told of a date that is not one.
fn variables(
    entry: &Entry,
    fields: &mut BTreeMap<String, Range<usize>>,
    mut bad_date: impl FnMut(Range<usize>),
) -> Option<BTreeMap<String, Value>> {
    let mut vars: BTreeMap<String, Value> = BTreeMap::new();
    let kind = csl_type(entry);
    vars.insert("type".into(), Value::String(kind.to_string()));

    // Titles: the entry's own, with its subtitle; the container it is in.
    let mut title = entry.get("title").map(|c| c.format_verbatim());
    if let (Some(t), Some(sub)) = (&mut title, entry.get("subtitle")) {
        t.push_str(": ");
        t.push_str(&sub.format_verbatim());
    }
    if let Some(t) = title {
        vars.insert("title".into(), Value::String(t));
        if let Some(c) = entry.get("title") {
            fields.insert("title".into(), c.span());
        }
    }
    for field in ["journaltitle", "journal", "booktitle", "maintitle"] {
        put(entry, &mut vars, fields, "container-title", field);
    }
    put(entry, &mut vars, fields, "collection-title", "series");
    put(entry, &mut vars, fields, "title-short", "shorttitle");
    put(
        entry,
        &mut vars,
        fields,
        "container-title-short",
        "shortjournal",
    );
    put(entry, &mut vars, fields, "event-title", "eventtitle");
    put(entry, &mut vars, fields, "event-place", "venue");

    // People.
    for (var, field) in [
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("container-author", "bookauthor"),
    ] {
        if let Ok(people) = entry.get_as::<Vec<Person>>(field)
            && !people.is_empty()
        {
            vars.insert(var.into(), Value::Names(people.iter().map(name).collect()));
            if let Some(c) = entry.get(field) {
                fields.insert(var.into(), c.span());
            }
        }
    }

    // Who published it, and where.
    for field in ["publisher", "institution", "school", "organization"] {
        put(entry, &mut vars, fields, "publisher", field);
    }
    if let Some(how) = entry.get("howpublished") {
        let how = how.format_verbatim();
        if how.starts_with("http://") || how.starts_with("https://") {
            vars.entry("URL".into()).or_insert(Value::String(how));
        } else {
            vars.entry("publisher".into()).or_insert(Value::String(how));
        }
    }
    put(entry, &mut vars, fields, "publisher-place", "location");
    put(entry, &mut vars, fields, "publisher-place", "address");

    // Numbers: an article's `number` is its issue, anything else's its number.
    put(entry, &mut vars, fields, "volume", "volume");
    put(entry, &mut vars, fields, "number-of-volumes", "volumes");
    put(entry, &mut vars, fields, "issue", "issue");
    if kind.starts_with("article") {
        put(entry, &mut vars, fields, "issue", "number");
    } else {
        put(entry, &mut vars, fields, "number", "number");
    }
    put(entry, &mut vars, fields, "page", "pages");
    put(entry, &mut vars, fields, "number-of-pages", "pagetotal");
    put(entry, &mut vars, fields, "chapter-number", "chapter");
    put(entry, &mut vars, fields, "edition", "edition");
    put(entry, &mut vars, fields, "version", "version");
    put(entry, &mut vars, fields, "genre", "type");
    put(entry, &mut vars, fields, "status", "pubstate");

    // Identifiers and links.
    put(entry, &mut vars, fields, "DOI", "doi");
    put(entry, &mut vars, fields, "ISBN", "isbn");
    put(entry, &mut vars, fields, "ISSN", "issn");
    put(entry, &mut vars, fields, "URL", "url");
    if entry
        .get("eprinttype")
        .map(|c| c.format_verbatim().to_lowercase())
        .as_deref()
        == Some("arxiv")
        && let Some(id) = entry.get("eprint")
    {
        vars.entry("URL".into()).or_insert_with(|| {
            Value::String(format!("https://arxiv.org/abs/{}", id.format_verbatim()))
        });
    }

    // Notes: `note`, then `addendum`, as one.
    let note: Vec<String> = ["note", "annote", "addendum"]
        .iter()
        .filter_map(|f| entry.get(f))
        .map(|c| c.format_verbatim())
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !note.is_empty() {
        vars.insert("note".into(), Value::String(note.join(". ")));
        if let Some(c) = entry.get("note").or_else(|| entry.get("addendum")) {
            fields.insert("note".into(), c.span());
        }
    }
    put(entry, &mut vars, fields, "abstract", "abstract");
    put(entry, &mut vars, fields, "keyword", "keywords");
    put(entry, &mut vars, fields, "language", "langid");
    put(entry, &mut vars, fields, "language", "language");

    // Dates.
    let mut ok = true;
    for (var, field, value) in [
        ("issued", "date", entry.date()),
        ("accessed", "urldate", entry.url_date()),
        ("event-date", "eventdate", entry.event_date()),
        ("original-date", "origdate", entry.orig_date()),
    ] {
        let span = entry
            .get(field)
            .or_else(|| {
                if var == "issued" {
                    entry.get("year")
                } else {
                    None
                }
            })
            .map(|c| c.span());
        match value {
            Ok(PermissiveType::Typed(date)) => {
                if let Some(d) = first_date(&date) {
                    vars.insert(var.into(), date_value(d));
                    if let Some(s) = span {
                        fields.insert(var.into(), s);
                    }
                } else if let Some(s) = span {
                    bad_date(s);
                    ok = false;
                }
            }
            Ok(PermissiveType::Chunks(chunks)) => {
                bad_date(chunks.span());
                ok = false;
            }
            Err(RetrievalError::Missing(_)) => {}
            Err(RetrievalError::TypeError(e)) => {
                bad_date(e.span);
                ok = false;
            }
        }
    }
    ok.then_some(vars)
}

/// Copies `field`, as text, to the CSL variable `var` unless it is set.
fn put(
    entry: &Entry,
    vars: &mut BTreeMap<String, Value>,
    fields: &mut BTreeMap<String, Range<usize>>,
    var: &str,
    field: &str,
) {
    if vars.contains_key(var) {
        return;
    }
    if let Some(chunks) = entry.get(field).filter(|c| !c.is_empty()) {
        let mut text = chunks.format_verbatim();
        if var == "page" {
            text = text.replace("--", "–");
        }
        if var == "DOI" {
            text = strip_doi(&text).to_string();
        }
        if !text.trim().is_empty() {
            vars.insert(var.to_string(), Value::String(text.trim().to_string()));
            fields.insert(var.to_string(), chunks.span());
        }
    }
}

/// A date's first day (a range's start), as a checked partial date.
fn first_date(date: &Date) -> Option<PartialDate> {
    let at: &Datetime = match &date.value {
        DateValue::At(d) | DateValue::After(d) | DateValue::Before(d) => d,
        DateValue::Between(d, _) => d,
    };
    PartialDate::checked(at.year, at.month.map(|m| m + 1), at.day.map(|d| d + 1))
}

/// A person as a CSL name; a name in braces (`{World Health
/// Organization}`) is all family name, as BibTeX reads it.
fn name(p: &Person) -> NameValue {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    NameValue::Item(NameItem {
        family: p.name.clone(),
        given: opt(&p.given_name),
        non_dropping_particle: opt(&p.prefix),
        dropping_particle: None,
        suffix: opt(&p.suffix),
        comma_suffix: None,
    })
}

/// A DOI without the resolver's address that some exports put before it.
fn strip_doi(doi: &str) -> &str {
    let doi = doi.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ] {
        if let Some(rest) = doi.strip_prefix(prefix) {
            return rest;
        }
    }
    doi
}

/// The CSL type of an entry, as Pandoc maps BibLaTeX types.
fn csl_type(entry: &Entry) -> &'static str {
    let kind = format!("{:?}", entry.entry_type).to_lowercase();
    let subtype = entry
        .get("entrysubtype")
        .map(|c| c.format_verbatim().to_lowercase())
        .unwrap_or_default();
    match kind.as_str() {
        "article" => match subtype.as_str() {
            "magazine" => "article-magazine",
            "newspaper" => "article-newspaper",
            _ => "article-journal",
        },
        "book" | "mvbook" | "collection" | "mvcollection" | "proceedings" | "mvproceedings"
        | "reference" | "mvreference" => "book",
        "booklet" => "pamphlet",
        "inbook" | "bookinbook" | "incollection" | "suppbook" | "suppcollection" => "chapter",
        "inproceedings" => "paper-conference",
        "inreference" => "entry-encyclopedia",
        "manual" | "report" | "techreport" => "report",
        "mastersthesis" | "phdthesis" | "thesis" => "thesis",
        "unpublished" => "manuscript",
        "online" => "webpage",
        "periodical" | "suppperiodical" => "periodical",
        "patent" => "patent",
        "dataset" => "dataset",
        "software" => "software",
        "jurisdiction" => "legal_case",
        "legislation" => "legislation",
        "legal" => "treaty",
        "letter" => "personal_communication",
        "standard" => "standard",
        "review" => "review",
        "video" | "movie" => "motion_picture",
        "audio" | "music" => "song",
        "artwork" | "image" => "graphic",
        "performance" => "performance",
        _ => match entry.entry_type.to_string().to_lowercase().as_str() {
            "conference" => "paper-conference",
            "electronic" | "www" => "webpage",
            _ => "document",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Vec<Found>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        (read(0, text, &mut d), d)
    }

    #[test]
    fn maps_an_article_as_pandoc_does() {
        let (found, d) = one(
            "@article{Ramirez2024,\n  author = {Ramírez, Ana and {World Health Organization}},\n  editor = {Doe, Jo},\n  title = {Water {UN} reports},\n  journal = {Env. Policy},\n  volume = {12}, number = {3}, pages = {10--20},\n  date = {2024-05-02}, doi = {https://doi.org/10.1/x}, url = {https://e.org/a},\n  note = {In press}\n}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let item = &found[0].item;
        let json = serde_json::to_value(item).unwrap();
        assert_eq!(json["type"], "article-journal");
        assert_eq!(json["title"], "Water UN reports");
        assert_eq!(json["container-title"], "Env. Policy");
        assert_eq!(json["issue"], "3");
        assert_eq!(json["page"], "10–20");
        assert_eq!(json["DOI"], "10.1/x");
        assert_eq!(
            super::super::date_of(&item.0["issued"])
                .map(PartialDate::iso)
                .as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(json["author"][1]["family"], "World Health Organization");
        assert_eq!(json["editor"][0]["given"], "Jo");
    }

    #[test]
    fn tex_accents_and_dashes_are_text() {
        let (found, d) = one(
            "@book{b, title = {Caf{\\'e} {\\\"U}ber --- Stra{\\ss}e}, year = 2001, month = mar}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let title = super::super::text(&found[0].item, "title").unwrap();
        assert_eq!(title, "Café Über — Straße");
        let issued = super::super::date_of(&found[0].item.0["issued"]).unwrap();
        assert_eq!(issued.iso(), "2001-03");
    }

    #[test]
    fn a_bad_date_is_reported_at_its_field() {
        let text = "@misc{a, title = {T}, date = {2024-13-45}}";
        let (found, d) = one(text);
        assert!(found.is_empty());
        let span = d[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "2024-13-45");
    }

    #[test]
    fn a_large_file_is_read_whole_and_in_order() {
        let text: String = (0..1300)
            .map(|i| format!("@misc{{k{i}, title = {{T{i} @abbr}}}}\n"))
            .collect();
        let text = format!("@string{{abbr = {{x}}}}\n{text}");
        let (found, d) = one(&text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(found.len(), 1300);
        assert_eq!(found[1299].key, "k1299");
        assert_eq!(found[700].key, "k700");
    }

    #[test]
    fn crossrefs_are_resolved() {
        let (found, d) = one(
            "@inproceedings{part, title = {A paper}, crossref = {whole}}\n@proceedings{whole, title = {The Proceedings}, publisher = {P}, year = 2020}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let json = serde_json::to_value(&found[0].item).unwrap();
        assert_eq!(json["container-title"], "The Proceedings");
        assert_eq!(json["publisher"], "P");
    }

    #[test]
    fn a_syntax_error_has_a_place() {
        let (_, d) = one("@article{a,\n title = {T\n");
        assert_eq!(d[0].code, Code::E024);
    }
}
