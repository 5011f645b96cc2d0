//! "Cite this": a source or a report written out as BibTeX (BibLaTeX) and
//! as CSL-JSON, the two formats reference managers (Zotero, JabRef) and
//! Pandoc import.
//!
//! Every source is first a CSL-JSON item: a bibliography entry has its own
//! ([`super::BibEntry::item`]); a front-matter or registry source is
//! converted by [`front_matter_item`]. CSL-JSON is that item as
//! [`super::to_csl_json`] writes it. BibTeX comes from two places:
//!
//! - an entry of a `.bib` file is written back from its own fields
//!   ([`bibtex_of_entry`]), so that nothing of it is lost, not even fields
//!   dossier does not read (`file`, `isbn`, `keywords`, ...);
//! - any other source is written from its CSL item ([`bibtex_of_item`]),
//!   mapping CSL variables to BibLaTeX fields as Pandoc does, the reverse
//!   of `bibtex.rs`.
//!
//! The writer is our own rather than the `biblatex` crate's
//! `to_biblatex_string`: that one escapes `~`, `^` and `\` as `\~`, `\^`
//! and `\\`, which TeX (and the crate's own parser) read as accents and a
//! line break, so such a title does not survive a round trip; and it would
//! need an `Entry` built field by field for every source that does not come
//! from a `.bib` file. Text is escaped for TeX (`{}%&#_$~^\`) and kept as
//! UTF-8, which biblatex with biber reads as it is.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use biblatex::{Chunk, Entry, EntryType};
use citationberg::json::{Item, LiteralName, NameValue, Value};

use super::{PartialDate, date_of, date_value};
use crate::model::{SourceDef, SourceType, parse_date};

/// The CSL-JSON item of a source defined in front matter or in a registry
/// file: `title`; `author` as one literal name (front matter gives one
/// line, which may name an organisation); `publisher`; `date` as `issued`;
/// `url` as `URL`; `accessed`; and the source `type` as a CSL type.
///
/// The same conversion the CSL renderer needs for such sources; keep the
/// two one function when they meet.
pub fn front_matter_item(id: &str, def: &SourceDef) -> Item {
    let mut vars: BTreeMap<String, Value> = BTreeMap::new();
    let text = |s: &str| Value::String(s.to_string());
    vars.insert("id".into(), text(id));
    vars.insert("type".into(), text(csl_type(def.kind, def.url.is_some())));
    vars.insert("title".into(), text(&def.title));
    if let Some(author) = def.author.as_deref().filter(|a| !a.trim().is_empty()) {
        vars.insert(
            "author".into(),
            Value::Names(vec![NameValue::Literal(LiteralName {
                literal: author.trim().to_string(),
            })]),
        );
    }
    if let Some(p) = def.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        // A news article's publisher is the outlet: CSL's container title,
        // which styles show in italics after the article's title.
        let var = match def.kind {
            SourceType::Article => "container-title",
            _ => "publisher",
        };
        vars.insert(var.into(), text(p.trim()));
    }
    if let Some(url) = &def.url {
        vars.insert("URL".into(), text(url));
    }
    for (var, date) in [("issued", &def.date), ("accessed", &def.accessed)] {
        if let Some(d) = date.as_deref().and_then(front_matter_date) {
            vars.insert(var.into(), date_value(d));
        }
    }
    Item(vars)
}

/// A front-matter date (`2024-05-02`, an RFC 3339 instant, or a partial
/// `2024-05`) as the day the author meant.
fn front_matter_date(text: &str) -> Option<PartialDate> {
    if let Some(when) = parse_date(text) {
        let day = when.day();
        return Some(PartialDate {
            year: i32::from(day.year()),
            month: u8::try_from(day.month()).ok(),
            day: u8::try_from(day.day()).ok(),
        });
    }
    PartialDate::parse(text)
}

/// The CSL type of a dossier source type. A source without a type is a
/// web page when it has a URL, else a document.
pub fn csl_type(kind: SourceType, has_url: bool) -> &'static str {
    match kind {
        SourceType::Article => "article-newspaper",
        SourceType::Report => "report",
        SourceType::OfficialStatement => "document",
        SourceType::Speech => "speech",
        SourceType::SocialMedia => "post",
        SourceType::Interview => "interview",
        SourceType::Dataset => "dataset",
        SourceType::CourtRecord => "legal_case",
        SourceType::Book => "book",
        SourceType::Other if has_url => "webpage",
        SourceType::Other => "document",
    }
}

/// A CSL-JSON file of one item: an array, as Zotero and Pandoc read, with
/// one variable a line (`id` and `type` first) so that it reads well on a
/// page.
pub fn csl_json_file(item: &Item) -> String {
    let serde_json::Value::Object(map) = super::to_csl_json(item) else {
        return "[]\n".into();
    };
    let first = ["id", "type"];
    let ordered = first
        .iter()
        .filter_map(|k| map.get_key_value(*k))
        .chain(map.iter().filter(|(k, _)| !first.contains(&k.as_str())));
    let lines: Vec<String> = ordered
        .map(|(k, v)| {
            let key = serde_json::to_string(k).unwrap_or_default();
            let value = serde_json::to_string(v).unwrap_or_default();
            format!("    {key}: {value}")
        })
        .collect();
    format!("[\n  {{\n{}\n  }}\n]\n", lines.join(",\n"))
}

/// The BibLaTeX entry type for a CSL type: web sources are `@online`,
/// what BibLaTeX has no type for is `@misc`.
fn entry_type(csl: &str) -> &'static str {
    match csl {
        "article" | "article-journal" | "article-magazine" | "article-newspaper" => "article",
        "book" | "classic" => "book",
        "collection" => "collection",
        "chapter" => "incollection",
        "paper-conference" => "inproceedings",
        "entry" | "entry-dictionary" | "entry-encyclopedia" => "inreference",
        "report" => "report",
        "thesis" => "thesis",
        "manuscript" => "unpublished",
        "pamphlet" => "booklet",
        "periodical" => "periodical",
        "webpage" | "post" | "post-weblog" => "online",
        "dataset" => "dataset",
        "software" => "software",
        "patent" => "patent",
        "legal_case" => "jurisdiction",
        "legislation" | "bill" | "regulation" => "legislation",
        "treaty" => "legal",
        "standard" => "standard",
        "personal_communication" => "letter",
        "review" | "review-book" => "review",
        _ => "misc",
    }
}

/// The BibLaTeX field of a CSL text variable, for an entry of `kind`.
fn field_of(var: &str, csl: &str) -> Option<&'static str> {
    let article = csl.starts_with("article") || matches!(csl, "webpage" | "post" | "post-weblog");
    Some(match var {
        "title" => "title",
        "container-title" if article => "journaltitle",
        "container-title"
            if matches!(csl, "chapter" | "paper-conference") || csl.starts_with("entry") =>
        {
            "booktitle"
        }
        "container-title" => "maintitle",
        "collection-title" => "series",
        "title-short" => "shorttitle",
        "container-title-short" => "shortjournal",
        "event-title" => "eventtitle",
        "event-place" => "venue",
        "publisher" if matches!(csl, "report" | "thesis") => "institution",
        "publisher" => "publisher",
        "publisher-place" => "location",
        "volume" => "volume",
        "number-of-volumes" => "volumes",
        "issue" if csl.starts_with("article") => "number",
        "issue" => "issue",
        "number" => "number",
        "page" => "pages",
        "number-of-pages" => "pagetotal",
        "chapter-number" => "chapter",
        "edition" => "edition",
        "version" => "version",
        "genre" => "type",
        "status" => "pubstate",
        "DOI" => "doi",
        "ISBN" => "isbn",
        "ISSN" => "issn",
        "URL" => "url",
        "note" => "note",
        "abstract" => "abstract",
        "keyword" => "keywords",
        "language" => "language",
        _ => return None,
    })
}

/// The BibLaTeX field of a CSL name variable.
fn name_field(var: &str) -> Option<&'static str> {
    Some(match var {
        "author" => "author",
        "editor" => "editor",
        "translator" => "translator",
        "container-author" => "bookauthor",
        _ => return None,
    })
}

/// The BibLaTeX field of a CSL date variable.
fn date_field(var: &str) -> Option<&'static str> {
    Some(match var {
        "issued" => "date",
        "accessed" => "urldate",
        "event-date" => "eventdate",
        "original-date" => "origdate",
        _ => return None,
    })
}

/// A source's CSL item as a BibLaTeX entry with the key `key`. Variables
/// BibLaTeX has no field for are left out; a magazine or newspaper article
/// keeps its kind in `entrysubtype`.
pub fn bibtex_of_item(key: &str, item: &Item) -> String {
    let csl = super::text(item, "type").unwrap_or_default();
    let mut fields: Vec<(&str, String)> = Vec::new();
    match csl.as_ref() {
        "article-magazine" => fields.push(("entrysubtype", "magazine".into())),
        "article-newspaper" => fields.push(("entrysubtype", "newspaper".into())),
        _ => {}
    }
    for (var, value) in &item.0 {
        if let Some(field) = name_field(var) {
            if let Value::Names(names) = value {
                let list: Vec<String> = names.iter().map(bibtex_name).collect();
                if !list.is_empty() {
                    fields.push((field, list.join(" and ")));
                }
            }
        } else if let Some(field) = date_field(var) {
            if let Some(d) = date_of(value) {
                fields.push((field, d.iso()));
            }
        } else if let Some(field) = field_of(var, &csl)
            && let Some(text) = value.to_str().filter(|s| !s.trim().is_empty())
        {
            let text = text.trim();
            let value = if VERBATIM.contains(&field) {
                verbatim(text)
            } else if field == "pages" {
                escape(&text.replace('–', "--"))
            } else {
                escape(text)
            };
            fields.push((field, value));
        }
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    // One value per field: `publisher` may come from two variables.
    fields.dedup_by(|a, b| a.0 == b.0);
    // A web source is `@online`: an article with an address but no
    // journal (a news story, a post) and anything else BibLaTeX has no
    // type for.
    let mut kind = entry_type(&csl);
    let has = |f: &str| fields.iter().any(|(name, _)| *name == f);
    if matches!(kind, "article" | "misc") && has("url") && !has("journaltitle") {
        kind = "online";
    }
    write_entry(kind, key, fields.iter().map(|(f, v)| (*f, v.as_str())))
}

/// Fields whose values BibLaTeX reads verbatim: no TeX escapes in them.
const VERBATIM: &[&str] = &["url", "doi", "eprint", "file", "urlraw", "pdf", "uri"];

/// A name as BibTeX reads it: `von Last, Jr, First`, or a literal name in
/// braces, which BibTeX never splits (`{World Health Organization}`).
fn bibtex_name(name: &NameValue) -> String {
    match name {
        NameValue::Literal(l) => format!("{{{}}}", escape(&l.literal)),
        NameValue::Item(n) => {
            let mut out = String::new();
            for particle in [&n.dropping_particle, &n.non_dropping_particle]
                .into_iter()
                .flatten()
                .filter(|p| !p.is_empty())
            {
                out.push_str(&escape(particle));
                out.push(' ');
            }
            out.push_str(&protect_part(&n.family));
            if let Some(suffix) = n.suffix.as_deref().filter(|s| !s.is_empty()) {
                out.push_str(", ");
                out.push_str(&protect_part(suffix));
            }
            if let Some(given) = n.given.as_deref().filter(|s| !s.is_empty()) {
                out.push_str(", ");
                out.push_str(&protect_part(given));
            }
            out
        }
    }
}

/// One part of a name, braced when BibTeX would otherwise split it (a
/// comma, or the word `and`).
fn protect_part(part: &str) -> String {
    let escaped = escape(part);
    if part.contains(',')
        || part
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("and"))
    {
        format!("{{{escaped}}}")
    } else {
        escaped
    }
}

/// An entry of a `.bib` file written back from its own fields, with
/// `@string` abbreviations and `crossref`/`xdata` already resolved (so the
/// links to other entries are left out: the entry stands alone).
pub fn bibtex_of_entry(entry: &Entry) -> String {
    let kind = match &entry.entry_type {
        EntryType::Unknown(name) => name.clone(),
        t => t.to_string(),
    };
    let fields: Vec<(&str, String)> = entry
        .fields
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "crossref" | "xdata" | "xref"))
        .map(|(k, chunks)| {
            let verbatim_field = VERBATIM.contains(&k.as_str());
            let mut value = String::new();
            for c in chunks {
                match &c.v {
                    _ if verbatim_field => value.push_str(&verbatim(c.v.get())),
                    Chunk::Normal(s) => value.push_str(&escape(s)),
                    Chunk::Verbatim(s) => {
                        value.push('{');
                        value.push_str(&escape(s));
                        value.push('}');
                    }
                    Chunk::Math(s) => {
                        value.push('$');
                        value.push_str(s);
                        value.push('$');
                    }
                }
            }
            (k.as_str(), value)
        })
        .collect();
    write_entry(
        &kind,
        &entry.key,
        fields.iter().map(|(f, v)| (*f, v.as_str())),
    )
}

/// `@type{key,` and one `field = {value},` a line, values already escaped.
fn write_entry<'f>(
    kind: &str,
    key: &str,
    fields: impl Iterator<Item = (&'f str, &'f str)>,
) -> String {
    let mut out = format!("@{kind}{{{key},\n");
    for (field, value) in fields {
        let _ = writeln!(out, "  {field} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

/// Text for a BibTeX field: TeX's special characters escaped, everything
/// else (accents, other scripts) kept as UTF-8.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '{' | '}' | '%' | '&' | '#' | '_' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            // A line break would end nothing in BibTeX, but an empty line
            // is a paragraph break in TeX.
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A value for a verbatim field (a URL): nothing escaped, but braces, which
/// would end the value, percent-encoded as they are in a URL.
fn verbatim(text: &str) -> String {
    text.replace('{', "%7B").replace('}', "%7D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_specials_are_escaped_and_unicode_kept() {
        assert_eq!(
            escape("R&D {50%} #1 a_b $5 ~ ^ \\ Müller"),
            "R\\&D \\{50\\%\\} \\#1 a\\_b \\$5 \\textasciitilde{} \\textasciicircum{} \\textbackslash{} Müller"
        );
    }

    #[test]
    fn names_are_written_as_bibtex_reads_them() {
        let json = r#"[{"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
            {"literal": "World Health Organization"}, {"family": "Doe", "given": "Jo", "suffix": "Jr."}]"#;
        let names: Vec<NameValue> = serde_json::from_str(json).unwrap();
        let out: Vec<String> = names.iter().map(bibtex_name).collect();
        assert_eq!(
            out,
            [
                "de la Fontaine, Jean",
                "{World Health Organization}",
                "Doe, Jr., Jo"
            ]
        );
    }

    #[test]
    fn a_front_matter_source_is_a_web_page_with_a_literal_author() {
        let def: SourceDef = serde_json::from_str(
            r#"{"title": "Port data", "author": "Harbour Authority", "url": "https://e.org/x",
                "date": "2024-05-02", "accessed": "2024-05-03T10:00:00+02:00"}"#,
        )
        .unwrap();
        let item = front_matter_item("port-data", &def);
        let bib = bibtex_of_item("port-data", &item);
        assert_eq!(
            bib,
            "@online{port-data,\n  author = {{Harbour Authority}},\n  date = {2024-05-02},\n  title = {Port data},\n  url = {https://e.org/x},\n  urldate = {2024-05-03},\n}\n"
        );
    }
}
