//! YAML: splitting a file into front matter and body while keeping byte
//! offsets, deserialising into typed structs, and turning YAML errors into
//! diagnostics that point into the original file. The only module that names
//! a YAML crate: granit-parser's events are read once into a tree of nodes
//! that know where they start ([`tree`]), which serde reads into typed structs
//! ([`de`]); the error path follows the same events to the exact span of a
//! key or value once something is known to be wrong ([`locate`]).

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A YAML value, for checks that look at one field at a time.
pub type Value<'a> = tree::Node<'a>;

use crate::diag::{Code, Diagnostic, FileId, Span};

mod de;
mod fields;
mod locate;
mod messages;
mod tree;

pub use de::{DeError, DeErrorKind};
pub use fields::{FieldSpec, check_as, comment_slips, explain_all, lenient};
pub use locate::{Seg, locate};
use messages::yaml_error;

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
    let tree = if text.trim().is_empty() {
        tree::read("{}")
    } else {
        tree::read(text)
    };
    let result = match &tree {
        Ok(tree) => de::from_node(tree).map_err(ReadError::De),
        Err(e) => Err(ReadError::Syntax(e.clone())),
    };
    result.map_err(|err| yaml_error(yaml, file_text, &err))
}

/// Why a block did not read as the type asked for.
enum ReadError {
    /// It is not YAML.
    Syntax(tree::SyntaxError),
    /// It is YAML, but not of that shape.
    De(DeError),
}

/// The block as a YAML tree, when it is valid YAML at all: what a file
/// that failed to deserialise still says about itself.
pub fn value(yaml: Yaml, file_text: &str) -> Option<Value<'_>> {
    tree::read(yaml.text(file_text)).ok()
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
    use super::locate::*;
    use super::messages::*;
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
