//! YAML's own errors turned into diagnostics: the place in the file, the
//! parser's words without Rust's, and a help line that says what to write
//! instead (quote text with `: `, indent with spaces, write a list).

use std::ops::Range;

use super::*;

pub(super) fn yaml_error(yaml: Yaml, file_text: &str, err: &ReadError) -> Diagnostic {
    let text = yaml.text(file_text);
    let (offset, message) = match err {
        ReadError::De(err) => {
            let offset = err.marker().and_then(|m| super::locate::offset_of(text, m));
            (offset.unwrap_or(0), clean_message(&err.to_string()))
        }
        ReadError::Syntax(err) => {
            let offset = super::locate::offset_of(text, err.at).unwrap_or(text.len());
            syntax_words(text, offset, &err.message)
        }
    };
    let offset = offset.min(text.len());
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

/// The parser's words for a syntax error in the form authors have seen
/// since the first release (libyaml's: what was found, then what the
/// parser was doing), and the place a tab error points at: the tab itself,
/// not the character after it.
pub(super) fn syntax_words(text: &str, offset: usize, message: &str) -> (usize, String) {
    const CANNOT_START: &str =
        "found character that cannot start any token, while scanning for the next token";
    // granit-parser stops after the tab, or before it at the end of the
    // value the tab follows.
    let tab = || {
        let (line_start, _) = line_at(text, offset.min(text.len()));
        text[line_start..]
            .find('\t')
            .map_or(offset, |i| line_start + i)
    };
    if message.starts_with("tabs disallowed") {
        return (tab(), CANNOT_START.into());
    }
    if message == "while scanning a plain scalar, found a tab" {
        let words =
            "found a tab character that violates indentation, while scanning a plain scalar";
        return (tab(), words.into());
    }
    let words = match message {
        m if m.starts_with("unexpected character:") => CANNOT_START.into(),
        "unclosed quote" => "found unexpected end of stream, while scanning a quoted scalar".into(),
        // Noticed where the block ends, as libyaml did; the help line says
        // more.
        "unclosed bracket '['" => {
            let words = "did not find expected ',' or ']', while parsing a flow sequence";
            return (text.len(), words.into());
        }
        "unclosed bracket '{'" => {
            let words = "did not find expected ',' or '}', while parsing a flow mapping";
            return (text.len(), words.into());
        }
        // Noticed on the line after the key, as libyaml did.
        "simple key expected ':'" => {
            let next_line = text[offset.min(text.len())..]
                .find('\n')
                .map_or(text.len(), |i| offset + i + 1);
            let words = "could not find expected ':', while scanning a simple key";
            return (next_line, words.into());
        }
        m => match m.strip_prefix("while ").and_then(|m| m.split_once(", ")) {
            Some((doing, found)) => format!("{found}, while {doing}"),
            None => m.to_string(),
        },
    };
    (offset, words)
}

/// What to write instead, for the YAML syntax errors authors make most:
/// tabs, unquoted `: ` and indicator characters, unclosed quotes, list
/// items out of line, `key:value`. Also where to point, when the parser
/// stopped somewhere else than the slip (an unclosed quote is noticed at
/// the end of the block).
pub(super) fn syntax_help(text: &str, offset: usize, message: &str) -> (usize, Option<String>) {
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
            || message.contains("invalid trailing content after")
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
pub(super) fn type_help(
    key: Option<&str>,
    value: &str,
    text: &str,
    message: &str,
) -> Option<String> {
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
pub(super) fn space_after_colon(line: &str) -> Option<String> {
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
pub(super) fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    (start, text[start..end].trim_end_matches('\r'))
}

/// The key of a `key: value` line (or `- key: value`) and its value as
/// written, without a trailing comment.
pub(super) fn value_on_line(line: &str) -> Option<(&str, &str)> {
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
pub(super) fn key_on_line(text: &str, offset: usize) -> Option<&str> {
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
pub(super) fn between_quotes(message: &str) -> Option<&str> {
    let rest = &message[message.find('"')? + 1..];
    Some(&rest[..rest.find('"')?])
}

/// `text` as a double-quoted YAML string.
pub(super) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The deserialiser's message without line numbers, should it carry any
/// (counted from the start of the YAML block, not the file: the span says
/// it better), and without Rust type names.
pub(super) fn clean_message(message: &str) -> String {
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
pub(super) fn allowed_help(name: &str, expected: &[String]) -> String {
    let all = expected.join(", ");
    match crate::diag::suggest(name, expected.iter().map(String::as_str)) {
        Some(nearest) => format!("{nearest} (allowed: {all})"),
        None => format!("allowed: {all}"),
    }
}

pub(super) fn between_backticks(message: &str, prefix: &str) -> Option<String> {
    let rest = &message[message.find(prefix)? + prefix.len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The names in "expected one of `a`, `b`" (or "expected `a`").
pub(super) fn backticked_list(message: &str) -> Vec<String> {
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

/// The key `name:` nearest to `offset` (a problem may be placed on the mapping, not
/// always the key).
pub(super) fn find_key_near(text: &str, name: &str, offset: usize) -> Option<Range<usize>> {
    nearest(text, name, offset, |after| {
        after.trim_start().starts_with(':')
    })
}

/// Every place `name:` stands as a key.
pub(super) fn key_places(text: &str, name: &str) -> Vec<Range<usize>> {
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

pub(super) fn find_value_near(text: &str, name: &str, offset: usize) -> Option<Range<usize>> {
    nearest(text, name, offset, |_| true)
}

pub(super) fn nearest(
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

pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}
