//! Every problem of a block that does not deserialise, field by field
//! (serde stops at the first), and text that YAML silently reads as a
//! comment.

use serde::de::DeserializeOwned;

use super::locate::*;
use super::messages::*;
use super::*;

/// Warnings for text that YAML silently reads as a comment: `title: Report
/// #1` is the title `Report`, and `summary: #1 story` no summary at all.
/// A ` #` followed by a letter or digit on a plain value looks like a
/// number or a hashtag the author meant to keep; a real comment is
/// usually `# words`, which is left alone.
pub fn comment_slips(yaml: Yaml, file_text: &str) -> Vec<Diagnostic> {
    let text = yaml.text(file_text);
    let mut diags = Vec::new();
    let mut pos = 0;
    // Inside a block scalar (`summary: >` and the lines below), `#` is text.
    let mut block_indent: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end();
        let indent = content.len() - content.trim_start().len();
        if let Some(at) = block_indent {
            if content.trim().is_empty() || indent > at {
                continue;
            }
            block_indent = None;
        }
        let Some((key, value)) = content
            .trim_start()
            .trim_start_matches("- ")
            .split_once(':')
        else {
            continue;
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        let value_start = content.len() - value.len();
        let value = value.trim_start();
        if value.starts_with(['|', '>']) {
            block_indent = Some(indent);
            continue;
        }
        if value.starts_with(['"', '\'', '[', '{', '&', '*', '!']) {
            continue;
        }
        let Some(hash) = value.find('#') else {
            continue;
        };
        let before = &value[..hash];
        let after = &value[hash + 1..];
        let glued = after.chars().next().is_some_and(char::is_alphanumeric);
        // A comment needs a space before `#`, or `#` first in the value.
        let is_comment = before.is_empty() || before.ends_with([' ', '\t']);
        if !glued || !is_comment {
            continue;
        }
        let kept = before.trim_end();
        let meant = value.trim_end();
        let hash_at =
            yaml.start + start + value_start + (content[value_start..].len() - value.len()) + hash;
        let message = if kept.is_empty() {
            format!("`{meant}` is read as a YAML comment: `{key}` is left empty")
        } else {
            format!(
                "`{}` is read as a YAML comment: `{key}` is only `{kept}`",
                &meant[hash..]
            )
        };
        diags.push(
            Diagnostic::new(Code::W008, message)
                .at(Span::new(
                    yaml.file,
                    hash_at..yaml.start + start + content.len(),
                ))
                .label("dropped")
                .help(format!(
                    "quote the value to keep the `#`: `{key}: {}`",
                    quoted(meant)
                )),
        );
    }
    diags
}

/// How one top-level field of a block is checked when the block as a whole
/// does not deserialise, so that every problem is reported, not only the
/// first one serde meets.
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    /// The field is a mapping of ids, each checked on its own.
    pub each: bool,
    /// The field is a list, each item checked on its own (so that a
    /// problem in the second item points into the second item).
    pub list: bool,
    pub check: fn(&Value<'_>) -> Result<(), DeError>,
}

impl FieldSpec {
    /// A field whose value is checked as a whole.
    pub const fn one(
        name: &'static str,
        required: bool,
        check: fn(&Value<'_>) -> Result<(), DeError>,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required,
            each: false,
            list: false,
            check,
        }
    }

    /// An optional mapping of ids whose values are checked one by one.
    pub const fn each(
        name: &'static str,
        check: fn(&Value<'_>) -> Result<(), DeError>,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required: false,
            each: true,
            list: false,
            check,
        }
    }

    /// An optional list whose items are checked one by one.
    pub const fn list(
        name: &'static str,
        check: fn(&Value<'_>) -> Result<(), DeError>,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required: false,
            each: false,
            list: true,
            check,
        }
    }
}

/// A `deserialize_with` that reads a value as `T` when it can and as
/// `None` when it cannot, so that one bad key does not hide the others.
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: DeserializeOwned,
{
    // The tree deserialiser reads each value on its own: one that fails
    // leaves the rest of the mapping as it was.
    Ok(T::deserialize(d).ok())
}

/// A check for [`FieldSpec::check`]: does the value deserialise as `T`?
pub fn check_as<T: DeserializeOwned>(value: &Value<'_>) -> Result<(), DeError> {
    de::from_node::<T>(value).map(|_| ())
}

/// Every problem of a block that failed to deserialise, field by field.
/// `first` is serde's own error, used when the block is not even a mapping.
pub fn explain_all(
    yaml: Yaml,
    file_text: &str,
    fields: &[FieldSpec],
    first: Diagnostic,
) -> Vec<Diagnostic> {
    let text = yaml.text(file_text);
    let value = match tree::read(if text.trim().is_empty() { "{}" } else { text }) {
        Ok(v) => v,
        Err(_) => return vec![first],
    };
    let Some(map) = value.as_mapping() else {
        return vec![first];
    };
    let mut diags = Vec::new();
    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
    for (key, value) in map {
        let Some(key) = key.as_str() else { continue };
        let Some(field) = fields.iter().find(|f| f.name == key) else {
            diags.push(
                Diagnostic::new(Code::E003, format!("unknown field `{key}`"))
                    .at(locate(yaml, file_text, &[Seg::Key(key)], true))
                    .label("not a known field here")
                    .help_opt(
                        crate::diag::suggest(key, known.iter().copied())
                            .or_else(|| Some(format!("known fields: {}", known.join(", ")))),
                    ),
            );
            continue;
        };
        if field.each && !value.is_null() {
            let Some(items) = value.as_mapping() else {
                diags.push(
                    Diagnostic::new(Code::E014, format!("`{key}` must be a mapping of ids"))
                        .at(locate(yaml, file_text, &[Seg::Key(key)], false))
                        .help(format!(
                            "write each id as a key, followed by `:` and its definition or nothing: `{key}: {{{}}}`",
                            ids_of(value).join(", ")
                        )),
                );
                continue;
            };
            for (id, item) in items {
                let Some(id) = id.as_str() else { continue };
                if let Err(err) = (field.check)(item) {
                    diags.push(explain(
                        yaml,
                        file_text,
                        &[Seg::Key(key), Seg::Key(id)],
                        &err,
                    ));
                }
            }
        } else if field.list && !value.is_null() {
            let Some(items) = value.as_sequence() else {
                diags.push(
                    Diagnostic::new(Code::E014, format!("`{key}` must be a list"))
                        .at(locate(yaml, file_text, &[Seg::Key(key)], false))
                        .help(format!(
                            "write each item on its own line under `{key}:`, starting with `- `"
                        )),
                );
                continue;
            };
            for (i, item) in items.iter().enumerate() {
                if let Err(err) = (field.check)(item) {
                    diags.push(explain(
                        yaml,
                        file_text,
                        &[Seg::Key(key), Seg::Index(i)],
                        &err,
                    ));
                }
            }
        } else if let Err(err) = (field.check)(value) {
            diags.push(explain(yaml, file_text, &[Seg::Key(key)], &err));
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !map.iter().any(|(k, _)| k.as_str() == Some(field.name)) {
            diags.push(
                Diagnostic::new(
                    Code::E002,
                    format!("missing required field `{}`", field.name),
                )
                .at(yaml.span())
                .help(format!("add `{}: ...` to the front matter", field.name)),
            );
        }
    }
    if diags.is_empty() { vec![first] } else { diags }
}

/// The ids written as a list or a single value, for a suggestion that
/// writes them as keys.
pub(super) fn ids_of(value: &Value<'_>) -> Vec<String> {
    let scalar = |v: &Value<'_>| v.as_id().map(str::to_string);
    match value.as_sequence() {
        Some(items) => items.iter().filter_map(scalar).collect(),
        None => scalar(value).into_iter().collect(),
    }
}

/// A deserialisation message about the node at `path`, with the span of
/// the exact key or value it is about.
pub(super) fn explain(yaml: Yaml, file_text: &str, path: &[Seg<'_>], err: &DeError) -> Diagnostic {
    let text = yaml.text(file_text);
    let node = locate(yaml, file_text, path, false);
    match &err.kind {
        DeErrorKind::UnknownField { name, expected } => {
            let mut inner = path.to_vec();
            inner.push(Seg::Key(name));
            // A field of a map inside a list (`claim_statuses: [{id: a,
            // ratng: 2}]`) is not under `path`; the error knows the key
            // it was read from.
            let span = super::locate::locate_range(text, &inner, true)
                .or_else(|| {
                    err.marker()
                        .and_then(|m| super::locate::span_range(text, m, None))
                })
                .map_or_else(
                    || yaml.span(),
                    |r| Span::new(yaml.file, yaml.start + r.start..yaml.start + r.end),
                );
            return Diagnostic::new(Code::E003, format!("unknown field `{name}`"))
                .at(span)
                .label("not a known field here")
                .help_opt(
                    crate::diag::suggest(name, expected.iter().copied())
                        .or_else(|| Some(format!("known fields: {}", expected.join(", ")))),
                );
        }
        DeErrorKind::MissingField(name) => {
            return Diagnostic::new(Code::E002, format!("missing required field `{name}`"))
                .at(locate(yaml, file_text, path, true))
                .label(format!("`{name}` is required here"));
        }
        DeErrorKind::UnknownVariant { name, expected } => {
            let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            let from = node.start.saturating_sub(yaml.start);
            let span = find_value_near(text, name, from)
                .map(|r| Span::new(yaml.file, yaml.start + r.start..yaml.start + r.end))
                .unwrap_or(node);
            return Diagnostic::new(
                Code::E015,
                format!("`{name}` is not one of the allowed values"),
            )
            .at(span)
            .help(allowed_help(name, &expected));
        }
        _ => {}
    }
    // The kind alone, without the path: `path` already says where.
    let message = clean_message(&err.kind.to_string());
    let message = message.as_str();
    let code = if matches!(err.kind, DeErrorKind::InvalidType { .. }) {
        Code::E014
    } else {
        Code::E001
    };
    let key = path.iter().rev().find_map(|seg| match seg {
        Seg::Key(k) => Some(*k),
        Seg::Index(_) => None,
    });
    let mut value = file_text.get(node.start..node.end).unwrap_or("");
    let mut node = node;
    let mut key = key;
    // serde names the item (a claim), not its field: find the line that
    // holds the wrong value and point there.
    if value.contains('\n')
        && let Some(found) = between_quotes(message)
    {
        let mut pos = node.start;
        for line in value.split_inclusive('\n') {
            if let Some((k, v)) = value_on_line(line.trim_end())
                && v.trim_matches(['"', '\'']) == found
            {
                let start = pos + line.find(v).unwrap_or(0);
                node = Span::new(node.file, start..start + v.len());
                key = Some(k);
                value = v;
                break;
            }
            pos += line.len();
        }
    }
    Diagnostic::new(code, message.to_string())
        .at(node)
        .help_opt(type_help(key, value, value, message))
}
