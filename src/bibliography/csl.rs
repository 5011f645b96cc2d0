//! CSL-JSON and CSL-YAML: a list of CSL items (or, in YAML, a mapping with
//! the list under `references`, as Pandoc writes it), read as they are.

use std::collections::BTreeMap;
use std::ops::Range;

use citationberg::json::Value;
use serde_json::value::RawValue;

use super::{Found, item_with_id};
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::frontmatter::{self, Seg, Yaml};

/// Every item of a CSL-JSON file, each with its place and its fields'.
pub(super) fn read_json(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let json_error = |e: serde_json::Error, what: &str| {
        let offset = offset_of(text, e.line(), e.column());
        Diagnostic::new(Code::E024, format!("invalid CSL-JSON: {what}"))
            .at(Span::new(file, offset..offset))
            .help("a CSL-JSON file is a list of items: `[{\"id\": \"key\", \"type\": \"book\", \"title\": \"...\"}]`")
    };
    let items: Vec<&RawValue> = match serde_json::from_str(text) {
        Ok(items) => items,
        Err(e) => {
            let what = if e.is_syntax() || e.is_eof() {
                strip_position(&e)
            } else {
                "the file is not a list of items".to_string()
            };
            diags.push(json_error(e, &what));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for raw in items {
        let span = place(text, raw.get());
        let fields: BTreeMap<String, &RawValue> = match serde_json::from_str(raw.get()) {
            Ok(fields) => fields,
            Err(_) => {
                diags.push(
                    Diagnostic::new(Code::E024, "invalid CSL-JSON: this item is not an object")
                        .at(Span::new(file, span))
                        .help("each item is an object: `{\"id\": \"key\", \"title\": \"...\"}`"),
                );
                continue;
            }
        };
        let mut vars = BTreeMap::new();
        let mut places = BTreeMap::new();
        let mut ok = true;
        for (name, value) in fields {
            let at = place(text, value.get());
            match serde_json::from_str::<Value>(value.get()) {
                Ok(v) => {
                    vars.insert(name.clone(), v);
                }
                Err(_) => {
                    diags.push(
                        Diagnostic::new(Code::E025, format!("`{name}` is not a CSL value"))
                            .at(Span::new(file, at.clone()))
                            .help("a CSL value is text, a number, a list of names or a date (`{\"date-parts\": [[2023, 5, 2]]}`)"),
                    );
                    ok = false;
                }
            }
            places.insert(name, at);
        }
        if !ok {
            continue;
        }
        if let Some(f) = found(file, vars, places, span, diags) {
            out.push(f);
        }
    }
    out
}

/// Every item of a CSL-YAML file. The YAML is read by the front-matter
/// reader, so that its errors look like any YAML error of the site.
pub(super) fn read_yaml(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let yaml = Yaml {
        file,
        start: 0,
        end: text.len(),
    };
    let Some((items, under)) = yaml_items(yaml, text, diags) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, fields) in items.into_iter().enumerate() {
        let mut path: Vec<Seg<'_>> = under.iter().map(|k| Seg::Key(k)).collect();
        path.push(Seg::Index(i));
        let at = |name: &str| {
            let mut p = path.clone();
            p.push(Seg::Key(name));
            let s = frontmatter::locate(yaml, text, &p, false);
            s.start..s.end
        };
        let span = frontmatter::locate(yaml, text, &path, false);
        let mut vars = BTreeMap::new();
        let mut ok = true;
        for (name, value) in fields {
            match value {
                Some(v) => {
                    vars.insert(name, v);
                }
                None => {
                    diags.push(
                        Diagnostic::new(Code::E025, format!("`{name}` is not a CSL value"))
                            .at(Span::new(file, at(&name)))
                            .help("a CSL value is text, a number, a list of names (`- family: Lee`) or a date (`2023-05-02`)"),
                    );
                    ok = false;
                }
            }
        }
        if !ok {
            continue;
        }
        // Fields are located only for what may need it: locating parses
        // the file again.
        let mut places = BTreeMap::new();
        places.insert("id".to_string(), at("id"));
        for var in super::DATE_VARIABLES.iter().chain(&["URL"]) {
            if vars.contains_key(*var) {
                places.insert(var.to_string(), at(var));
            }
        }
        if let Some(f) = found(file, vars, places, span.start..span.end, diags) {
            out.push(f);
        }
    }
    out
}

/// The items of a CSL-YAML file, each field read as a CSL value (`None`
/// when it is not one), and the keys the list is under. This is the only
/// place that reads CSL-YAML's YAML: it follows the site's YAML reader.
fn yaml_items(
    yaml: Yaml,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<Vec<(String, Option<Value>)>>, Vec<&'static str>)> {
    type Fields = Vec<BTreeMap<String, serde_json::Value>>;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Shape {
        List(Fields),
        References { references: Fields },
    }
    let (items, under) = match frontmatter::parse::<Shape>(yaml, text) {
        Ok(Shape::List(items)) => (items, Vec::new()),
        Ok(Shape::References { references }) => (references, vec!["references"]),
        Err(d) => {
            // A YAML syntax error keeps its own message; a file that is YAML
            // but not a list of items says what it should be.
            if d.code == Code::E001 {
                diags.push(d);
            } else {
                diags.push(
                    Diagnostic::new(Code::E024, "invalid CSL-YAML: not a list of items")
                        .at(Span::new(yaml.file, 0..0))
                        .help("write `references:` and under it a list of items, each with `id`, `type` and `title`"),
                );
            }
            return None;
        }
    };
    let items = items
        .into_iter()
        .map(|fields| {
            fields
                .into_iter()
                .map(|(name, v)| {
                    // YAML reads `2023-05-02` and `2023` as text and a
                    // number; both are dates to `normalise_dates`.
                    let v = serde_json::from_value::<Value>(v).ok();
                    (name, v)
                })
                .collect()
        })
        .collect();
    Some((items, under))
}

/// An item's key and common form.
fn found(
    file: FileId,
    mut vars: BTreeMap<String, Value>,
    fields: BTreeMap<String, Range<usize>>,
    span: Range<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Found> {
    let key = vars
        .remove("id")
        .and_then(|v| v.to_str().map(|s| s.into_owned()));
    let key_span = fields.get("id").cloned().unwrap_or(span.start..span.start);
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        diags.push(
            Diagnostic::new(Code::E025, "this entry has no citation key")
                .at(Span::new(file, span.start..span.start))
                .help("give the item an `id`: its citation key"),
        );
        return None;
    };
    // The key's span is its text, without the quotes around it.
    let key_span = if key_span.end - key_span.start == key.len() + 2 {
        key_span.start + 1..key_span.end - 1
    } else {
        key_span
    };
    Some(Found {
        item: item_with_id(&key, vars),
        key,
        span,
        key_span,
        fields,
        tex: None,
    })
}

/// Where `part`, a slice of `text`, starts and ends in it.
fn place(text: &str, part: &str) -> Range<usize> {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let start = start.min(text.len());
    start..(start + part.len()).min(text.len())
}

/// The byte offset of serde_json's 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

/// serde_json's message without its " at line L column C".
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_items_keep_their_places() {
        let text = "[\n  {\"id\": \"UNEP:2023\", \"type\": \"report\", \"title\": \"Emissions Gap\",\n   \"issued\": {\"date-parts\": [[2023]]}}\n]\n";
        let mut d = Vec::new();
        let found = read_json(0, text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(found[0].key, "UNEP:2023");
        assert_eq!(&text[found[0].key_span.clone()], "UNEP:2023");
        assert!(text[found[0].span.clone()].starts_with("{\"id\""));
    }

    #[test]
    fn a_json_syntax_error_has_its_line() {
        let text = "[\n  {\"id\": \"a\",, }\n]";
        let mut d = Vec::new();
        read_json(0, text, &mut d);
        assert_eq!(d[0].code, Code::E024);
        assert_eq!(crate::diag::line_col(text, d[0].span.unwrap().start).0, 2);
    }

    #[test]
    fn a_yaml_field_that_is_no_csl_value_has_its_place() {
        let text = "- id: a\n  title: T\n  author: {nested: {deep: 1}}\n";
        let mut d = Vec::new();
        assert!(read_yaml(0, text, &mut d).is_empty());
        assert_eq!(d[0].code, Code::E025);
        assert_eq!(
            crate::diag::line_col(text, d[0].span.unwrap().start),
            (3, 11)
        );
    }

    #[test]
    fn yaml_under_references() {
        let text =
            "references:\n- id: Smith/2020\n  type: book\n  title: A Book\n  issued: 2020-03\n";
        let mut d = Vec::new();
        let found = read_yaml(0, text, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(found[0].key, "Smith/2020");
        let issued = super::super::date_of(&found[0].item.0["issued"]);
        assert_eq!(
            issued.map(super::super::PartialDate::iso).as_deref(),
            Some("2020-03")
        );
    }
}
