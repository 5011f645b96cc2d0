//! The exact span of a key or value, found by following a path through
//! granit-parser's events once something is known to be wrong. Exact for
//! any YAML that parses: flow and block style, block scalars, anchors,
//! aliases, tags, complex keys.

use std::ops::Range;

use super::*;

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
pub(super) fn locate_range(text: &str, path: &[Seg<'_>], key: bool) -> Option<Range<usize>> {
    use granit_parser::{Event, Parser, ScalarStyle};

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
                    // A list item has no key: its own start stands for it
                    // (a missing field of the item is reported there).
                    return span_range(text, key_span.map_or(span.start, |k| k.start), None);
                }
                match &event {
                    // granit-parser writes an empty value as `~` of no
                    // length.
                    Event::Scalar(_, ScalarStyle::Plain, ..)
                        if span.start.index() == span.end.index() =>
                    {
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
pub(super) enum Frame {
    Map {
        on_path: bool,
        /// The key of the value being read: its text (when a scalar)
        /// and its span; `None` while a key is expected.
        key: Option<(Option<String>, granit_parser::Span)>,
    },
    Seq {
        on_path: bool,
        next: usize,
    },
}

/// After a whole value was read inside the innermost collection: a map
/// expects its next key, a sequence counts the item.
pub(super) fn value_done(stack: &mut [(Frame, bool)]) {
    match stack.last_mut().map(|(frame, _)| frame) {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        None => {}
    }
}

/// `start` moved past a node's properties, its anchor (`&name`) and tag
/// (`!!str`), which the parser counts as part of the node.
pub(super) fn skip_properties(text: &str, mut start: usize) -> usize {
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

/// The byte offset of a parser marker: the parser's own when it kept one
/// (it does for text read from a string), else from its line and column,
/// which count characters the same way whatever came before (block
/// scalars, multi-byte text, `\r\n`).
pub(super) fn offset_of(text: &str, marker: granit_parser::Marker) -> Option<usize> {
    if let Some(offset) = marker.byte_offset() {
        return Some(offset);
    }
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
pub(super) fn span_range(
    text: &str,
    marker: granit_parser::Marker,
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
pub(super) fn trim_range(text: &str, start: usize, end: usize) -> Range<usize> {
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
pub(super) fn scalar_end(text: &str, start: usize) -> usize {
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
