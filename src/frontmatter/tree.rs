//! A YAML block read into a tree of nodes that remember where they start,
//! from granit-parser's events: the one reading of YAML that both the happy
//! path (serde, through [`super::de`]) and the error path use. Scalars keep
//! the text as written; what it means (null, a boolean, a number or text)
//! is decided by whoever reads it, following YAML 1.2's core schema, so
//! that a text field gets `0x1F` or `yes` exactly as the author wrote it.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Marker, Parser, ScalarStyle};

/// One node of a YAML tree, with the place where it starts.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub(super) kind: Kind<'a>,
    pub(super) at: Marker,
}

#[derive(Debug, Clone)]
pub(super) enum Kind<'a> {
    /// `plain` is false for quoted and block scalars and for `!!str`: their
    /// text is text whatever it looks like.
    Scalar {
        text: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

/// What a scalar means under YAML 1.2's core schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Scalar<'s> {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(&'s str),
}

/// A syntax error: the parser's words and where it stopped.
#[derive(Debug, Clone)]
pub(super) struct SyntaxError {
    pub(super) message: String,
    pub(super) at: Marker,
}

/// How deep collections may nest: deeper trees would overflow the stack of
/// whatever walks them (serde_yaml stopped at the same depth).
const MAX_DEPTH: usize = 128;

/// How many nodes aliases may copy in all, so that a few lines of nested
/// aliases cannot ask for billions of nodes.
const MAX_COPIED: usize = 1_000_000;

/// Reads `text` (one YAML document) into a tree. An empty document is a
/// null scalar. Aliases are replaced by a copy of the node they name.
pub(super) fn read(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut stack: Vec<(Node<'_>, usize, Option<Node<'_>>)> = Vec::new();
    // Each anchored node with its size in nodes.
    let mut anchors: HashMap<usize, (Node<'_>, usize)> = HashMap::new();
    let mut copied = 0;
    let mut root: Option<Node<'_>> = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            message: e.info(),
            at: *e.marker(),
        })?;
        let (node, anchor) = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        message: "deserializing from YAML containing more than one document is not supported".into(),
                        at: span.start,
                    });
                }
                continue;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema_tag("str"));
                let plain = style == ScalarStyle::Plain && !is_str;
                // An empty value (`tags:`) comes as a `~` of no length;
                // it is kept empty, which serde reads as an empty list.
                let text = if plain && span.start.index() == span.end.index() {
                    Cow::Borrowed("")
                } else {
                    text
                };
                (
                    Node {
                        kind: Kind::Scalar { text, plain },
                        at: span.start,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((node, size)) => {
                    copied += size;
                    if copied > MAX_COPIED {
                        return Err(SyntaxError {
                            message: format!(
                                "aliases copy more than {MAX_COPIED} values: write the values out"
                            ),
                            at: span.start,
                        });
                    }
                    (node.clone(), 0)
                }
                None => {
                    return Err(SyntaxError {
                        message: "while parsing node, found unknown anchor".into(),
                        at: span.start,
                    });
                }
            },
            Event::UnresolvedAlias(_) => {
                return Err(SyntaxError {
                    message: "while parsing node, found unknown anchor".into(),
                    at: span.start,
                });
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _)
                if stack.len() >= MAX_DEPTH =>
            {
                let _ = anchor;
                return Err(SyntaxError {
                    message: format!("collections nested more than {MAX_DEPTH} deep"),
                    at: span.start,
                });
            }
            Event::SequenceStart(_, anchor, _) => {
                let node = Node {
                    kind: Kind::Seq(Vec::new()),
                    at: span.start,
                };
                stack.push((node, anchor, None));
                continue;
            }
            Event::MappingStart(_, anchor, _) => {
                let node = Node {
                    kind: Kind::Map(Vec::new()),
                    at: span.start,
                };
                stack.push((node, anchor, None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some((node, anchor, _)) => (node, anchor),
                None => continue,
            },
            _ => continue,
        };
        if anchor > 0 {
            let size = node.size();
            anchors.insert(anchor, (node.clone(), size));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some((parent, _, pending_key)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                Kind::Scalar { .. } => {}
            },
        }
    }
    Ok(root.unwrap_or(Node {
        kind: Kind::Scalar {
            text: Cow::Borrowed(""),
            plain: true,
        },
        at: Marker::new(0, 1, 0),
    }))
}

impl<'a> Node<'a> {
    /// How many nodes this one holds, itself included.
    fn size(&self) -> usize {
        match &self.kind {
            Kind::Scalar { .. } => 1,
            Kind::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Kind::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
        }
    }

    /// The scalar's meaning, or `None` for a sequence or a mapping.
    pub(super) fn scalar(&self) -> Option<Scalar<'_>> {
        match &self.kind {
            Kind::Scalar { text, plain: true } => Some(resolve(text)),
            Kind::Scalar { text, plain: false } => Some(Scalar::Str(text)),
            _ => None,
        }
    }

    /// The value of `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.as_mapping()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The text, when this is a scalar that YAML reads as text.
    pub fn as_str(&self) -> Option<&str> {
        match self.scalar()? {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text as written, when this is a number or text.
    pub fn as_id(&self) -> Option<&str> {
        match (&self.kind, self.scalar()?) {
            (Kind::Scalar { text, .. }, Scalar::Str(_) | Scalar::Int(_) | Scalar::Uint(_)) => {
                Some(text)
            }
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.scalar()? {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.scalar() == Some(Scalar::Null)
    }

    /// The entries, in the order written, when this is a mapping.
    pub fn as_mapping(&self) -> Option<&[(Node<'a>, Node<'a>)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items, when this is a sequence.
    pub fn as_sequence(&self) -> Option<&[Node<'a>]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }
}

/// A plain scalar's meaning under YAML 1.2's core schema: `yes`, `on` and
/// `2024-05-02` are text, as are numbers with a leading `+` in a form the
/// schema does not name.
pub(super) fn resolve(text: &str) -> Scalar<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Scalar::Str(text);
    }
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .filter(|d| !d.is_empty())
            .and_then(|d| u64::from_str_radix(d, radix).ok())
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Scalar::Uint(n);
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<u64>() {
            return Scalar::Uint(n);
        }
        if let Ok(n) = text.parse::<i64>() {
            return Scalar::Int(n);
        }
    }
    let is_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if is_float && let Ok(f) = text.parse::<f64>() {
        return Scalar::Float(f);
    }
    Scalar::Str(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_follow_yaml_1_2() {
        for text in [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "2024-05-02",
            "1.2.3",
            "0x",
            "inf",
        ] {
            assert_eq!(resolve(text), Scalar::Str(text), "{text}");
        }
        assert_eq!(resolve("~"), Scalar::Null);
        assert_eq!(resolve("False"), Scalar::Bool(false));
        assert_eq!(resolve("0o17"), Scalar::Uint(15));
        assert_eq!(resolve("0x1F"), Scalar::Uint(31));
        assert_eq!(resolve("-3"), Scalar::Int(-3));
        assert_eq!(resolve("1e3"), Scalar::Float(1000.0));
    }

    #[test]
    fn aliases_and_nesting_are_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = read(&text).unwrap_err();
        assert!(err.message.contains("aliases copy"), "{}", err.message);
        let deep = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
        let err = read(&deep).unwrap_err();
        assert!(err.message.contains("nested"), "{}", err.message);
        assert!(read(&format!("a: {}{}", "[".repeat(100), "]".repeat(100))).is_ok());
    }

    #[test]
    fn aliases_copy_their_anchor_and_tags_keep_text() {
        let tree = read("x: &a [1, 2]\ny: *a\nz: !!str 12\nw: '3'\n").unwrap();
        assert_eq!(tree.get("y").unwrap().as_sequence().unwrap().len(), 2);
        assert_eq!(tree.get("z").unwrap().as_str(), Some("12"));
        assert_eq!(tree.get("w").unwrap().as_str(), Some("3"));
        // Merge keys are a YAML 1.1 type: `<<` is a key like any other.
        let tree = read("a: &b {k: 1}\nm:\n  <<: *b\n").unwrap();
        assert!(tree.get("m").unwrap().get("<<").is_some());
    }
}
