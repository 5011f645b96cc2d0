//! YAML: splitting a file into front matter and body while keeping byte
//! offsets, deserialising into typed structs, and turning YAML errors into
//! diagnostics that point into the original file. The only module that names
//! a YAML crate: serde_yaml on the happy path, saphyr-parser's events only to
//! find the exact span of a key or value once something is known to be wrong.

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A YAML value, for checks that look at one field at a time.
pub use serde_yaml::Value;

use crate::diag::{Code, Diagnostic, FileId, Span};

/// A file split at its front-matter fences. Offsets are bytes into the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences.
    pub yaml: Yaml,
    /// Where the Markdown body starts; it runs to the end of the file.
    pub body_start: usize,
}

/// Where a block of YAML sits inside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yaml {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Yaml {
    pub fn text<'a>(&self, file_text: &'a str) -> &'a str {
        &file_text[self.start..self.end]
    }

    /// A span over the whole block, used when no finer place is known.
    pub fn span(&self) -> Span {
        Span {
            file: self.file,
            start: self.start,
            end: self.start,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening fence (its byte range) has no closing `---`.
    Unclosed(Range<usize>),
}

/// Splits `text` into front matter and body. A UTF-8 byte-order mark and CRLF
/// line endings are accepted; offsets still refer to `text` itself.
pub fn split(file: FileId, text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let (open_start, open_end, first) = lines.next().ok_or(SplitError::Missing)?;
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = open_end;
    for (line_start, line_end, line) in lines {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: Yaml {
                    file,
                    start: yaml_start,
                    end: line_start,
                },
                body_start: line_end,
            });
        }
    }
    Err(SplitError::Unclosed(open_start..open_start + 3))
}

/// Lines with their byte ranges; the range includes the line ending.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (content_len, end) = match rest.find('\n') {
            Some(i) => (i, start + i + 1),
            None => (rest.len(), self.text.len()),
        };
        self.pos = end;
        Some((start, end, &rest[..content_len]))
    }
}

/// Deserialises a YAML block into `T`, or explains why not, pointing into the
/// file. An empty block reads as an empty mapping.
pub fn parse<T: DeserializeOwned>(yaml: Yaml, file_text: &str) -> Result<T, Diagnostic> {
    let text = yaml.text(file_text);
    let result = if text.trim().is_empty() {
        serde_yaml::from_str("{}")
    } else {
        serde_yaml::from_str(text)
    };
    result.map_err(|err| yaml_error(yaml, file_text, &err))
}

/// The block as a YAML tree, when it is valid YAML at all: what a file
/// that failed to deserialise still says about itself.
pub fn value(yaml: Yaml, file_text: &str) -> Option<Value> {
    serde_yaml::from_str(yaml.text(file_text)).ok()
}

fn yaml_error(yaml: Yaml, file_text: &str, err: &serde_yaml::Error) -> Diagnostic {
    let text = yaml.text(file_text);
    let offset = err.location().map_or(0, |l| l.index()).min(text.len());
    let message = clean_message(&err.to_string());
    let at = |range: Range<usize>| {
        Span::new(yaml.file, yaml.start + range.start..yaml.start + range.end)
    };
    let word_at = |offset: usize| {
        let len = text[offset..]
            .find([':', '\n', ',', ']', '}'])
            .unwrap_or(text.len() - offset);
        at(offset..offset + len.max(1).min(text.len() - offset))
    };
    if let Some(name) = between_backticks(&message, "unknown field `") {
        let expected = backticked_list(&message);
        let span = find_key_near(text, &name, offset).map_or_else(|| word_at(offset), at);
        return Diagnostic::new(Code::E003, format!("unknown field `{name}`"))
            .at(span)
            .label("not a known field here")
            .help_opt(
                crate::diag::suggest(&name, expected.iter().map(String::as_str))
                    .or_else(|| Some(format!("known fields: {}", expected.join(", ")))),
            );
    }
    if let Some(name) = between_backticks(&message, "unknown variant `") {
        let expected = backticked_list(&message);
        return Diagnostic::new(
            Code::E015,
            format!("`{name}` is not one of the allowed values"),
        )
        .at(find_value_near(text, &name, offset).map_or_else(|| word_at(offset), at))
        .help(allowed_help(&name, &expected));
    }
    if let Some(name) = between_backticks(&message, "missing field `") {
        return Diagnostic::new(Code::E002, format!("missing required field `{name}`"))
            .at(word_at(offset))
            .label(format!("`{name}` is required here"));
    }
    if message.contains("invalid type") {
        let span = word_at(offset);
        // A flow list or mapping is the rest of its line, commas and all.
        let (line_start, line) = line_at(text, offset);
        let value = match text[offset..].chars().next() {
            Some('[' | '{') => line[offset - line_start..].trim_end(),
            _ => &file_text[span.start..span.end],
        };
        let mut key = key_on_line(text, offset);
        let mut value = value.to_string();
        // A mapping on the lines below its key (`summary:` then an
        // indented `Verdict: false`): the field is the key above.
        if message.contains("invalid type: map") && !line.trim_end().ends_with('{') {
            let indent = line.len() - line.trim_start().len();
            let parent = text[..line_start]
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty() && l.len() - l.trim_start().len() < indent);
            if let Some(parent) = parent.filter(|p| p.trim_end().ends_with(':')) {
                key = Some(parent.trim().trim_end_matches(':'));
                value = text[line_start..]
                    .lines()
                    .take_while(|l| {
                        l.len() - l.trim_start().len() >= indent && !l.trim().is_empty()
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
            }
        }
        let help = type_help(key, &value, text, &message);
        return Diagnostic::new(Code::E014, message).at(span).help_opt(help);
    }
    let duplicate = between_backticks(&message, "duplicate entry with key `")
        .or_else(|| between_backticks(&message, "duplicate field `"));
    if let Some(name) = duplicate {
        let places: Vec<Range<usize>> = key_places(text, &name);
        // The repeat nearest to where the parser stopped, and the one before it.
        let again = places
            .iter()
            .skip(1)
            .min_by_key(|r| r.start.abs_diff(offset))
            .cloned();
        let mut diag = Diagnostic::new(Code::E017, format!("`{name}` is given twice"))
            .label("given again here")
            .help("a key may appear once in a mapping: merge the two entries or rename one");
        match again {
            Some(again) => {
                let first = places.iter().rev().find(|r| r.start < again.start).cloned();
                diag = diag.at(at(again));
                if let Some(first) = first {
                    diag = diag.related(at(first), "first given here");
                }
            }
            None => diag = diag.at(word_at(offset)),
        }
        return diag;
    }
    if message.contains("duplicate") {
        return Diagnostic::new(Code::E017, message).at(word_at(offset));
    }
    let (place, help) = syntax_help(text, offset, &message);
    Diagnostic::new(Code::E001, format!("invalid YAML: {message}"))
        .at(at(place..place))
        .help_opt(help)
}

/// What to write instead, for the YAML syntax errors authors make most:
/// tabs, unquoted `: ` and indicator characters, unclosed quotes, list
/// items out of line, `key:value`. Also where to point, when the parser
/// stopped somewhere else than the slip (an unclosed quote is noticed at
/// the end of the block).
fn syntax_help(text: &str, offset: usize, message: &str) -> (usize, Option<String>) {
    let (line_start, line) = line_at(text, offset);
    let at = text[offset..].chars().next();
    let value = value_on_line(line);
    let quote = |key: &str, value: &str| format!("`{key}: {}`", quoted(value));
    let before = line.get(..offset - line_start).unwrap_or(line);
    if before.contains('\t') || at == Some('\t') {
        return (
            offset,
            Some("YAML does not allow tabs for indentation: indent with spaces".into()),
        );
    }
    if message.contains("mapping values are not allowed") {
        let help = match value {
            Some((key, value)) => format!(
                "text that contains `: ` must be quoted: {}",
                quote(key, value)
            ),
            None => "text that contains `: ` must be quoted".into(),
        };
        return (offset, Some(help));
    }
    let indicator = value
        .and_then(|(_, v)| v.chars().next())
        .filter(|c| "@`%&*|>!".contains(*c));
    if let (Some(c), Some((key, value))) = (indicator, value) {
        let why = match c {
            '*' => " (it names an alias in YAML)",
            '&' => " (it names an anchor in YAML)",
            '|' | '>' => " (it starts a block of text on the lines below)",
            '!' => " (it names a type in YAML)",
            _ => " (YAML reserves it)",
        };
        let help = if c == '`' {
            format!(
                "a value cannot start with a backtick: quote it: {key}: {}",
                quoted(value)
            )
        } else if "|>".contains(c) && value[1..].trim().is_empty() {
            format!("put the text on the lines below `{key}: {c}`, indented more than `{key}`")
        } else {
            format!(
                "a value cannot start with `{c}`{why}: quote it: {}",
                quote(key, value)
            )
        };
        return (offset, Some(help));
    }
    if message.contains("block sequence entries are not allowed")
        && let Some((key, value)) = value
        && let Some(item) = value.strip_prefix('-')
    {
        return (
            offset,
            Some(format!(
                "write a list as `{key}: [{}]`, or put each `- item` on its own line below `{key}:`",
                item.trim()
            )),
        );
    }
    if message.contains("while scanning a quoted scalar") {
        // The parser noticed at the end of the block; the slip is the
        // first value whose quote is not closed on its line.
        let open = text
            .lines()
            .scan(0, |pos, line| {
                let start = *pos;
                *pos += line.len() + 1;
                Some((start, line))
            })
            .find_map(|(start, line)| {
                let (_, v) = value_on_line(line)?;
                let q = v.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                let closed = v.len() > 1 && v.ends_with(q);
                (!closed).then(|| start + line.len() - v.len())
            });
        return (
            open.unwrap_or(offset),
            Some("this quoted value is never closed: add the closing quote at its end".into()),
        );
    }
    if let Some((key, value)) = value
        && (message.contains("did not find expected key")
            || message.contains("did not find expected comment or line break"))
        && let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'')
    {
        let inner = &value[1..value.len() - usize::from(value.len() > 1 && value.ends_with(q))];
        let fixed = if q == '\'' {
            format!("'{}'", inner.replace('\'', "''"))
        } else {
            quoted(inner)
        };
        let what = if q == '"' {
            "a `\"` inside double quotes is written `\\\"`"
        } else {
            "a `'` inside single quotes is written `''`"
        };
        return (
            offset,
            Some(format!(
                "the quote ends the value early: {what}: `{key}: {fixed}`"
            )),
        );
    }
    if message.contains("did not find expected key") && line.trim_start().starts_with("- ") {
        return (
            offset,
            Some("the items of one list must line up: start each `- ` in the same column".into()),
        );
    }
    if message.contains("could not find expected ':'") {
        // The parser stops on the line after the one without `: `.
        let before = &text[..line_start];
        let prev = before
            .trim_end_matches('\n')
            .rsplit('\n')
            .next()
            .unwrap_or("");
        if let Some(fix) = space_after_colon(prev) {
            let place =
                line_start - before.len() + before.trim_end_matches('\n').len() - prev.len();
            return (place, Some(format!("put a space after the colon: `{fix}`")));
        }
        return (
            offset,
            Some("each line is `key: value`; a value that goes on to the next line is indented more than its key".into()),
        );
    }
    if message.contains("did not find expected key") {
        return (
            offset,
            Some("the keys of one mapping line up: check the indentation of this line".into()),
        );
    }
    (offset, None)
}

/// What to write instead of a value of the wrong kind: a list for a
/// single text, one text for a list, `true`/`false`, a space after a colon.
/// `key` is the field, `value` the value as written.
fn type_help(key: Option<&str>, value: &str, text: &str, message: &str) -> Option<String> {
    let key = key.unwrap_or("key");
    let value = value.trim();
    let found_string = message.contains("invalid type: string");
    if message.contains("expected a sequence") {
        if found_string || value.starts_with(|c: char| c.is_alphanumeric()) {
            return Some(format!("write a list: `{key}: [{value}]`"));
        }
        return Some(format!("write a list: `{key}: [a, b]`"));
    }
    if message.contains("expected a boolean") {
        return Some(format!("write `{key}: true` or `{key}: false`"));
    }
    if found_string && let Some(fix) = text.lines().find_map(space_after_colon) {
        return Some(format!("put a space after the colon: `{fix}`"));
    }
    if message.contains("invalid type: sequence") && message.contains("expected a string") {
        let inner = value.trim_start_matches('[').trim_end_matches(']');
        if !inner.contains(',') && !inner.trim().is_empty() {
            return Some(format!(
                "`{key}` is one text, not a list: `{key}: {}`",
                inner.trim()
            ));
        }
        return Some(format!(
            "`{key}` is one text, not a list: quote it to keep the brackets: `{key}: {}`",
            quoted(value)
        ));
    }
    if message.contains("invalid type: map") && message.contains("expected a string") {
        if value.starts_with('{') {
            return Some(format!(
                "`{key}` is one text: quote it to keep the braces: `{key}: {}`",
                quoted(value)
            ));
        }
        let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
        return Some(format!(
            "`{key}` is one text: write it on the line of `{key}:`, quoted when it contains `: `: `{key}: {}`",
            quoted(&one_line)
        ));
    }
    None
}

/// `title:Foo` as `title: Foo`, when `line` is a key and a value with no
/// space between (YAML then reads the whole line as one text).
fn space_after_colon(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    let (key, value) = trimmed.split_once(':')?;
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let glued = value
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && c != '/');
    (is_key && glued).then(|| format!("{key}: {value}"))
}

/// The line around `offset`: its start and its text, without the ending.
fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// The key of a `key: value` line (or `- key: value`) and its value as
/// written, without a trailing comment.
fn value_on_line(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start().trim_start_matches("- ");
    let (key, value) = trimmed.split_once(": ")?;
    let key = key.trim();
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let value = value.trim();
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    (!value.is_empty()).then_some((key, value))
}

/// The key on the line of `offset`, when that line is `key: ...`.
fn key_on_line(text: &str, offset: usize) -> Option<&str> {
    let (_, line) = line_at(text, offset);
    let trimmed = line.trim_start().trim_start_matches("- ");
    let key = trimmed.split_once(':')?.0.trim();
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    .then_some(key)
}

/// The text between the first pair of `"` in serde's message (the value
/// it found).
fn between_quotes(message: &str) -> Option<&str> {
    let rest = &message[message.find('"')? + 1..];
    Some(&rest[..rest.find('"')?])
}

/// `text` as a double-quoted YAML string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// serde_yaml's message without its line numbers (counted from the start of
/// the YAML block, not the file: the span says it better) and without Rust
/// type names.
fn clean_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        // Skip "N column M".
        let skip = after
            .find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c)))
            .unwrap_or(after.len());
        rest = &after[skip..];
    }
    out.push_str(rest);
    for (rust, plain) in [
        ("struct ReportMeta", "the report's fields"),
        ("struct Config", "the site's settings"),
        ("struct EntityDef", "an entity's fields"),
        ("struct SourceDef", "a source's fields"),
        ("struct ClaimDef", "a claim's fields"),
        ("struct SectionMeta", "a section's fields"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
    ] {
        out = out.replace(rust, plain);
    }
    out
}

/// The help for a value that is not one of `expected`: the nearest one,
/// and all of them, since the nearest may be the wrong kind (a permit is
/// no `official-statement`).
fn allowed_help(name: &str, expected: &[String]) -> String {
    let all = expected.join(", ");
    match crate::diag::suggest(name, expected.iter().map(String::as_str)) {
        Some(nearest) => format!("{nearest} (allowed: {all})"),
        None => format!("allowed: {all}"),
    }
}

fn between_backticks(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The names in "expected one of `a`, `b`" (or "expected `a`").
fn backticked_list(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The key `name:` nearest to `offset` (serde_yaml reports the mapping, not
/// always the key).
fn find_key_near(text: &str, name: &str, offset: usize) -> Option<Range<usize>> {
    nearest(text, name, offset, |after| {
        after.trim_start().starts_with(':')
    })
}

/// Every place `name:` stands as a key.
fn key_places(text: &str, name: &str) -> Vec<Range<usize>> {
    text.match_indices(name)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = &text[i + name.len()..];
            before.is_none_or(|c| c == ' ' || c == '\n' || c == '{' || c == ',')
                && after.trim_start_matches([' ', '"', '\'']).starts_with(':')
        })
        .map(|(i, _)| i..i + name.len())
        .collect()
}

fn find_value_near(text: &str, name: &str, offset: usize) -> Option<Range<usize>> {
    nearest(text, name, offset, |_| true)
}

fn nearest(
    text: &str,
    name: &str,
    offset: usize,
    accept: impl Fn(&str) -> bool,
) -> Option<Range<usize>> {
    text.match_indices(name)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = &text[i + name.len()..];
            before.is_none_or(|c| !is_name_char(c))
                && after.chars().next().is_none_or(|c| !is_name_char(c))
                && accept(after)
        })
        .min_by_key(|(i, _)| i.abs_diff(offset))
        .map(|(i, _)| i..i + name.len())
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

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
    pub check: fn(&serde_yaml::Value) -> Result<(), String>,
}

impl FieldSpec {
    /// A field whose value is checked as a whole.
    pub const fn one(
        name: &'static str,
        required: bool,
        check: fn(&serde_yaml::Value) -> Result<(), String>,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required,
            each: false,
            check,
        }
    }

    /// An optional mapping of ids whose values are checked one by one.
    pub const fn each(
        name: &'static str,
        check: fn(&serde_yaml::Value) -> Result<(), String>,
    ) -> FieldSpec {
        FieldSpec {
            name,
            required: false,
            each: true,
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
    let value = <serde_yaml::Value as serde::Deserialize>::deserialize(d)?;
    Ok(serde_yaml::from_value(value).ok())
}

/// A check for [`FieldSpec::check`]: does the value deserialise as `T`?
pub fn check_as<T: DeserializeOwned>(value: &serde_yaml::Value) -> Result<(), String> {
    serde_yaml::from_value::<T>(value.clone())
        .map(|_| ())
        .map_err(|e| clean_message(&e.to_string()))
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
    let value: serde_yaml::Value =
        match serde_yaml::from_str(if text.trim().is_empty() { "{}" } else { text }) {
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
                if let Err(message) = (field.check)(item) {
                    diags.push(explain(
                        yaml,
                        file_text,
                        &[Seg::Key(key), Seg::Key(id)],
                        &message,
                    ));
                }
            }
        } else if let Err(message) = (field.check)(value) {
            diags.push(explain(yaml, file_text, &[Seg::Key(key)], &message));
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !map.contains_key(field.name) {
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
fn ids_of(value: &serde_yaml::Value) -> Vec<String> {
    let scalar = |v: &serde_yaml::Value| match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match value {
        serde_yaml::Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A deserialisation message about the node at `path`, with the span of
/// the exact key or value it is about.
fn explain(yaml: Yaml, file_text: &str, path: &[Seg<'_>], message: &str) -> Diagnostic {
    let text = yaml.text(file_text);
    let node = locate(yaml, file_text, path, false);
    if let Some(name) = between_backticks(message, "unknown field `") {
        let expected = backticked_list(message);
        let mut inner = path.to_vec();
        inner.push(Seg::Key(&name));
        return Diagnostic::new(Code::E003, format!("unknown field `{name}`"))
            .at(locate(yaml, file_text, &inner, true))
            .label("not a known field here")
            .help_opt(
                crate::diag::suggest(&name, expected.iter().map(String::as_str))
                    .or_else(|| Some(format!("known fields: {}", expected.join(", ")))),
            );
    }
    if let Some(name) = between_backticks(message, "missing field `") {
        return Diagnostic::new(Code::E002, format!("missing required field `{name}`"))
            .at(locate(yaml, file_text, path, true))
            .label(format!("`{name}` is required here"));
    }
    if let Some(name) = between_backticks(message, "unknown variant `") {
        let expected = backticked_list(message);
        let from = node.start.saturating_sub(yaml.start);
        let span = find_value_near(text, &name, from)
            .map(|r| Span::new(yaml.file, yaml.start + r.start..yaml.start + r.end))
            .unwrap_or(node);
        return Diagnostic::new(
            Code::E015,
            format!("`{name}` is not one of the allowed values"),
        )
        .at(span)
        .help(allowed_help(&name, &expected));
    }
    let code = if message.contains("invalid type") {
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

/// One step of a path into a YAML tree.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// The exact span of the node at `path` (or of its key, when `key` is set),
/// found by re-reading the block with a span-aware parser. Falls back to the
/// start of the block when the path cannot be followed.
pub fn locate(yaml: Yaml, file_text: &str, path: &[Seg<'_>], key: bool) -> Span {
    locate_range(yaml.text(file_text), path, key)
        .map(|r| Span::new(yaml.file, yaml.start + r.start..yaml.start + r.end))
        .unwrap_or_else(|| yaml.span())
}

/// Follows `path` through the YAML events of `text` and returns the range
/// of the node there (or of its key). Every YAML feature that parses is
/// followed: flow and block style, block scalars, anchors, tags. A path
/// that leads through an alias (`tags: *desk`) stops at the alias, since
/// that is where the value is written.
fn locate_range(text: &str, path: &[Seg<'_>], key: bool) -> Option<Range<usize>> {
    use saphyr_parser::{Event, Parser, ScalarStyle};

    // A node found at the path whose end is not known yet (a collection).
    let mut open_found: Option<(usize, usize)> = None;
    // Each collection being read, and whether it is a mapping's key (a
    // complex key, `? [a, b]`), whose end does not end a value.
    let mut stack: Vec<(Frame, bool)> = Vec::new();
    let mut root_seen = false;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let depth = stack.len();
        let is_start = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if is_start {
            // Which segment this node is, and whether it is on the path.
            let (on_path, key_span) = match stack.last_mut().map(|(frame, _)| frame) {
                None => {
                    if root_seen {
                        return None;
                    }
                    root_seen = true;
                    (true, None)
                }
                Some(Frame::Map { on_path, key: slot }) => match slot {
                    None => {
                        // This node is a key.
                        let name = match &event {
                            Event::Scalar(value, ..) => Some(value.to_string()),
                            _ => None,
                        };
                        *slot = Some((name, span));
                        if let Event::MappingStart(..) | Event::SequenceStart(..) = event {
                            let frame = match event {
                                Event::MappingStart(..) => Frame::Map {
                                    on_path: false,
                                    key: None,
                                },
                                _ => Frame::Seq {
                                    on_path: false,
                                    next: 0,
                                },
                            };
                            stack.push((frame, true));
                        }
                        continue;
                    }
                    Some((name, key_span)) => {
                        let matches = *on_path
                            && matches!(path.get(depth - 1), Some(Seg::Key(k)) if name.as_deref() == Some(*k));
                        (matches, Some(*key_span))
                    }
                },
                Some(Frame::Seq { on_path, next }) => {
                    let matches =
                        *on_path && matches!(path.get(depth - 1), Some(Seg::Index(i)) if i == next);
                    (matches, None)
                }
            };
            let found = on_path && depth == path.len();
            if found {
                if key {
                    return key_span.and_then(|k| span_range(text, k.start, None));
                }
                match &event {
                    Event::Scalar(value, ScalarStyle::Plain, ..) if value.is_empty() => {
                        // An empty value (`date:`) has its marker wherever
                        // the next token is: point at its key instead.
                        return match key_span {
                            Some(k) => span_range(text, k.start, None),
                            None => span_range(text, span.start, None),
                        };
                    }
                    Event::Scalar(..) => {
                        let start = skip_properties(text, offset_of(text, span.start)?);
                        let end = scalar_end(text, start);
                        return Some(trim_range(text, start, end));
                    }
                    Event::Alias(..) => return span_range(text, span.start, None),
                    _ => open_found = Some((depth, offset_of(text, span.start)?)),
                }
            } else if on_path && matches!(event, Event::Alias(..)) {
                // The rest of the path is inside the anchored value.
                return span_range(text, span.start, None);
            }
            match event {
                Event::MappingStart(..) => stack.push((Frame::Map { on_path, key: None }, false)),
                Event::SequenceStart(..) => stack.push((Frame::Seq { on_path, next: 0 }, false)),
                _ => value_done(&mut stack),
            }
            continue;
        }
        if let Event::MappingEnd | Event::SequenceEnd = event {
            let was_key = stack.pop().is_some_and(|(_, key)| key);
            if let Some((at, start)) = open_found
                && at == stack.len()
            {
                let end = offset_of(text, span.end).unwrap_or(text.len()).max(start);
                return Some(trim_range(text, start, end));
            }
            if !was_key {
                value_done(&mut stack);
            }
        }
    }
    None
}

/// A collection being read, and whether its own path is a prefix of
/// the wanted one.
enum Frame {
    Map {
        on_path: bool,
        /// The key of the value being read: its text (when a scalar)
        /// and its span; `None` while a key is expected.
        key: Option<(Option<String>, saphyr_parser::Span)>,
    },
    Seq {
        on_path: bool,
        next: usize,
    },
}

/// After a whole value was read inside the innermost collection: a map
/// expects its next key, a sequence counts the item.
fn value_done(stack: &mut [(Frame, bool)]) {
    match stack.last_mut().map(|(frame, _)| frame) {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        None => {}
    }
}

/// `start` moved past a node's properties, its anchor (`&name`) and tag
/// (`!!str`), which the parser counts as part of the node.
fn skip_properties(text: &str, mut start: usize) -> usize {
    while text[start..].starts_with(['&', '!']) {
        let rest = &text[start..];
        let token = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let gap = rest[token..]
            .find(|c: char| !matches!(c, ' ' | '\t'))
            .unwrap_or(rest.len() - token);
        start += token + gap;
    }
    start
}

/// The byte offset of a parser marker: from its line and column, which
/// count characters the same way whatever came before (block scalars,
/// multi-byte text, `\r\n`).
fn offset_of(text: &str, marker: saphyr_parser::Marker) -> Option<usize> {
    let line_start = if marker.line() <= 1 {
        0
    } else {
        text.match_indices('\n').nth(marker.line() - 2)?.0 + 1
    };
    let line = &text[line_start..];
    let col = line
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(line.len()))
        .nth(marker.col())?;
    Some(line_start + col)
}

/// The range of the node starting at `marker`: to `end` when given, else
/// to the end of the scalar written there.
fn span_range(
    text: &str,
    marker: saphyr_parser::Marker,
    end: Option<usize>,
) -> Option<Range<usize>> {
    let start = offset_of(text, marker)?;
    // Scalars are measured in the source itself: the parsed value differs
    // from it by escapes and folding.
    let end = end
        .filter(|&e| e > start)
        .unwrap_or_else(|| scalar_end(text, start));
    Some(trim_range(text, start, end))
}

/// `start..end` without trailing whitespace, so the caret sits on the
/// value; an empty range still covers one character.
fn trim_range(text: &str, start: usize, end: usize) -> Range<usize> {
    let trimmed = text[start..end].trim_end();
    let end = if trimmed.is_empty() {
        text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        start + trimmed.len()
    };
    start..end
}

/// Where the scalar starting at `start` ends in the source: after its
/// closing quote, or at the end of its line (before a comment).
fn scalar_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let mut chars = rest.char_indices();
    match chars.next() {
        Some((_, '"')) => {
            let mut escaped = false;
            for (i, c) in chars {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => return start + i + 1,
                    '\n' => return start + i,
                    _ => {}
                }
            }
            text.len()
        }
        Some((_, '\'')) => {
            let mut prev_quote = false;
            for (i, c) in chars {
                if prev_quote && c != '\'' {
                    return start + i;
                }
                prev_quote = c == '\'' && !prev_quote;
                if c == '\n' {
                    return start + i;
                }
            }
            text.len()
        }
        _ => {
            let line = rest.find('\n').map_or(rest.len(), |i| i);
            let line_text = &rest[..line];
            let mut end = line_text.find(" #").unwrap_or(line);
            // A key ends at `: ` or a `:` that ends the line.
            if let Some(i) = line_text.find(": ") {
                end = end.min(i);
            }
            if line_text.trim_end().ends_with(':') {
                end = end.min(line_text.trim_end().len() - 1);
            }
            // Inside `[...]` or `{...}` a plain scalar stops at `,`, `]`, `}`.
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let before = &text[line_start..start];
            let open = before.matches(['[', '{']).count();
            let close = before.matches([']', '}']).count();
            if open > close
                && let Some(i) = line_text.find([',', ']', '}'])
            {
                end = end.min(i);
            }
            start + end
        }
    }
}

/// A YAML scalar read as text, so that `status: false` (which YAML reads as
/// a boolean) means the status `false`.
pub fn scalar_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        Text(String),
        Bool(bool),
        Int(i64),
    }
    Ok(match Scalar::deserialize(d)? {
        Scalar::Text(s) => s,
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
    })
}

/// A list of YAML scalars read as text (see [`scalar_string`]).
pub fn scalar_strings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Item(#[serde(deserialize_with = "scalar_string")] String);
    Ok(Vec::<Item>::deserialize(d)?
        .into_iter()
        .map(|i| i.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_offsets() {
        let text = "---\ntitle: A\n---\nBody\n";
        let s = split(0, text).unwrap();
        assert_eq!(s.yaml.text(text), "title: A\n");
        assert_eq!(&text[s.body_start..], "Body\n");
    }

    #[test]
    fn split_accepts_crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(0, text).unwrap();
        assert_eq!(s.yaml.start, 3 + 5);
        assert_eq!(s.yaml.text(text), "title: A\r\n");
        assert_eq!(&text[s.body_start..], "Body\r\n");
    }

    #[test]
    fn split_reports_missing_and_unclosed_fences() {
        assert_eq!(split(0, "title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(0, ""), Err(SplitError::Missing));
        assert_eq!(
            split(0, "---\ntitle: A\nBody\n"),
            Err(SplitError::Unclosed(0..3))
        );
    }

    #[test]
    fn split_allows_empty_front_matter_and_body() {
        let text = "---\n---\n";
        let s = split(0, text).unwrap();
        assert_eq!(s.yaml.text(text), "");
        assert_eq!(s.body_start, text.len());
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let s = split(0, text).unwrap();
        let d = parse::<Meta>(s.yaml, text).unwrap_err();
        assert_eq!(d.code, Code::E003);
        let span = d.span.unwrap();
        assert_eq!(&text[span.start..span.end], "titel");
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn syntax_errors_carry_the_file_line() {
        let text = "---\ntitle: A\ntags: [a, b\n---\n";
        let s = split(0, text).unwrap();
        let d = parse::<Meta>(s.yaml, text).unwrap_err();
        assert_eq!(d.code, Code::E001);
        let (line, _) = crate::diag::line_col(text, d.span.unwrap().start);
        assert!(line >= 3, "line {line}");
    }

    #[test]
    fn duplicate_keys_point_at_the_repeat() {
        let text = "---\ntitle: A\ntitle: B\n---\n";
        let s = split(0, text).unwrap();
        let d = parse::<Meta>(s.yaml, text).unwrap_err();
        assert_eq!(d.code, Code::E017);
        let span = d.span.unwrap();
        assert_eq!(span.start, 13);
        assert_eq!(d.related[0].0.start, 4);
    }

    #[test]
    fn wrong_types_are_named_without_rust_types() {
        let text = "---\ntitle: A\ntags: diplomacy\n---\n";
        let s = split(0, text).unwrap();
        let d = parse::<Meta>(s.yaml, text).unwrap_err();
        assert_eq!(d.code, Code::E014, "{}", d.message);
        assert!(!d.message.contains(" at line "), "{}", d.message);
        assert_eq!(clean_message("x at line 3 column 4, y"), "x, y");
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Slip {
        title: String,
        summary: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        draft: bool,
    }

    /// The code, help and pointed-at line of the error for `yaml`.
    fn slip(yaml: &str) -> (Code, String, usize) {
        let text = format!("---\n{yaml}\n---\n");
        let s = split(0, &text).unwrap();
        let d = parse::<Slip>(s.yaml, &text).unwrap_err();
        let (line, _) = crate::diag::line_col(&text, d.span.unwrap().start);
        (d.code, d.help.unwrap_or_default(), line)
    }

    #[test]
    fn yaml_slips_say_what_to_write_instead() {
        let cases = [
            (
                "title: T\nsummary: @mayor said",
                "quote it: `summary: \"@mayor said\"`",
            ),
            (
                "title: T\nsummary: *very* bad",
                "quote it: `summary: \"*very* bad\"`",
            ),
            (
                "title: T\nsummary: & more",
                "quote it: `summary: \"& more\"`",
            ),
            (
                "title: T\nsummary: %50 up",
                "quote it: `summary: \"%50 up\"`",
            ),
            (
                "title: T\nsummary: `x` here",
                "backtick: quote it: summary: \"`x` here\"",
            ),
            (
                "title: T\nsummary: | text",
                "quote it: `summary: \"| text\"`",
            ),
            (
                "title: T\nsummary: > text",
                "quote it: `summary: \"> text\"`",
            ),
            ("title: T\ntags: - water", "write a list as `tags: [water]`"),
            (
                "title: T\ntags:\n  - a\n - b",
                "start each `- ` in the same column",
            ),
            (
                "title: T\nsummary:Something",
                "put a space after the colon: `summary: Something`",
            ),
            ("title:T", "put a space after the colon: `title: T`"),
            ("title: 'It's here'", "`title: 'It''s here'`"),
            (
                "title: \"The \"big\" one\"",
                "`title: \"The \\\"big\\\" one\"`",
            ),
            ("title: T\ntags: water", "write a list: `tags: [water]`"),
            ("title: [Notes]", "`title: Notes`"),
            (
                "title: [a, b]",
                "quote it to keep the brackets: `title: \"[a, b]\"`",
            ),
            (
                "title: {T}",
                "quote it to keep the braces: `title: \"{T}\"`",
            ),
            (
                "title: T\nsummary:\n  Verdict: false",
                "`summary: \"Verdict: false\"`",
            ),
            (
                "title: T\ndraft: maybe",
                "write `draft: true` or `draft: false`",
            ),
            (
                "title: T\n\ttags: []",
                "YAML does not allow tabs for indentation",
            ),
        ];
        for (yaml, want) in cases {
            let (code, help, _) = slip(yaml);
            assert!(help.contains(want), "{yaml:?} ({code}): {help:?}");
        }
    }

    #[test]
    fn text_read_as_a_comment_is_a_warning() {
        let warned = |yaml: &str| {
            let text = format!("---\n{yaml}\n---\n");
            let s = split(0, &text).unwrap();
            comment_slips(s.yaml, &text)
                .iter()
                .map(|d| text[d.span.unwrap().start..d.span.unwrap().end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(warned("title: Report #1"), ["#1"]);
        assert_eq!(warned("summary: #MeToo here"), ["#MeToo here"]);
        assert_eq!(warned("claims:\n  c:\n    text: Case #12"), ["#12"]);
        for quiet in [
            "draft: true   # a comment",
            "title: \"Report #1\"",
            "url: https://e.org/a#b",
            "tags: [a] #x",
            "summary: >\n  Report #1 of many\ntitle: T",
            "# title: #1",
        ] {
            assert!(warned(quiet).is_empty(), "{quiet:?}");
        }
    }

    #[test]
    fn an_unclosed_quote_is_pointed_at_where_it_opens() {
        let (code, help, line) = slip("title: \"The mayor\nsummary: x");
        assert_eq!(code, Code::E001);
        assert!(help.contains("never closed"), "{help}");
        assert_eq!(line, 2);
    }

    #[test]
    fn locate_finds_sequence_items_and_keys() {
        let text = "---\ntitle: A\nsources: [one, two]\nclaims:\n  c1:\n    status: maybe\n---\n";
        let s = split(0, text).unwrap();
        let span = locate(s.yaml, text, &[Seg::Key("sources"), Seg::Index(1)], false);
        assert_eq!(&text[span.start..span.end], "two");
        let span = locate(s.yaml, text, &[Seg::Key("claims"), Seg::Key("c1")], true);
        assert_eq!(&text[span.start..span.end], "c1");
        let span = locate(
            s.yaml,
            text,
            &[Seg::Key("claims"), Seg::Key("c1"), Seg::Key("status")],
            false,
        );
        assert_eq!(&text[span.start..span.end], "maybe");
    }

    #[test]
    fn messages_name_no_rust_types() {
        let m = clean_message("invalid type: string \"zero\", expected usize at line 3 column 14");
        assert_eq!(
            m,
            "invalid type: string \"zero\", expected a whole number (0 or more)"
        );
    }

    #[test]
    fn locate_steps_past_complex_keys_properties_and_quoted_empties() {
        let at = |text: &str, path: &[Seg<'_>], key: bool| -> String {
            let r = locate_range(text, path, key).expect("found");
            text[r].to_string()
        };
        // A collection as a key does not shift the keys after it.
        let text = "? [x, y]\n: 1\ntitle: A\nstatus: [1]\n";
        assert_eq!(at(text, &[Seg::Key("status")], true), "status");
        assert_eq!(at(text, &[Seg::Key("status"), Seg::Index(0)], false), "1");
        let text = "? {a: 1}\n: 2\ntags: {a: 1}\n";
        assert_eq!(at(text, &[Seg::Key("tags")], false), "{a: 1}");
        // Anchors and tags are not part of the value a caret should mark.
        let text = "status: &st bogus\nkind: !!str other # note\n";
        assert_eq!(at(text, &[Seg::Key("status")], false), "bogus");
        assert_eq!(at(text, &[Seg::Key("kind")], false), "other");
        // `""` is written where it stands; only a bare `date:` falls back to
        // its key.
        let text = "date: \"\"\nupdated:\n";
        assert_eq!(at(text, &[Seg::Key("date")], false), "\"\"");
        assert_eq!(at(text, &[Seg::Key("updated")], false), "updated");
    }
}
