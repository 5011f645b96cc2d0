//! serde over a [`Node`] tree: how front matter and `dossier.yaml` become
//! typed structs. What goes wrong is kept as a [`DeError`] whose kind says
//! which of serde's problems it is, with the node where it arose, so that
//! a diagnostic can pick its code, its help and its span without reading a
//! message. The words are serde's own, with the path to the node in front
//! of them as serde_yaml wrote it (`claims.c1.status: ...`).

use std::fmt;

use granit_parser::Marker;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::tree::{Kind, Node, Scalar};

/// Which of serde's problems a value has.
#[derive(Debug, Clone, PartialEq)]
pub enum DeErrorKind {
    /// A key the struct does not have; `expected` are the ones it has.
    UnknownField {
        name: String,
        expected: &'static [&'static str],
    },
    /// A field the struct needs and the mapping lacks.
    MissingField(&'static str),
    /// A value that is none of an enum's names.
    UnknownVariant {
        name: String,
        expected: &'static [&'static str],
    },
    /// A value of the wrong kind (a text for a list...): what was found,
    /// in serde's words (`string "maybe"`), and what was expected.
    InvalidType { found: String, expected: String },
    /// Anything else, in its own words (a key given twice, a length).
    Other(String),
}

/// A value that does not deserialise as the type asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub kind: DeErrorKind,
    /// The path to the node, as serde_yaml wrote it: empty at the root.
    pub path: String,
    at: Option<Marker>,
}

impl DeError {
    /// Where the node the problem is about starts.
    pub(super) fn marker(&self) -> Option<Marker> {
        self.at
    }

    fn new(kind: DeErrorKind) -> DeError {
        DeError {
            kind,
            path: String::new(),
            at: None,
        }
    }
}

impl fmt::Display for DeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // serde's own wording, so that messages read as they always did.
        let one_of = |f: &mut fmt::Formatter<'_>, names: &[&str], none: &str| match names {
            [] => write!(f, ", there are no {none}"),
            [a] => write!(f, ", expected `{a}`"),
            [a, b] => write!(f, ", expected `{a}` or `{b}`"),
            names => {
                f.write_str(", expected one of ")?;
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{name}`")?;
                }
                Ok(())
            }
        };
        match self {
            DeErrorKind::UnknownField { name, expected } => {
                write!(f, "unknown field `{name}`")?;
                one_of(f, expected, "fields")
            }
            DeErrorKind::MissingField(name) => write!(f, "missing field `{name}`"),
            DeErrorKind::UnknownVariant { name, expected } => {
                write!(f, "unknown variant `{name}`")?;
                one_of(f, expected, "variants")
            }
            DeErrorKind::InvalidType { found, expected } => {
                write!(f, "invalid type: {found}, expected {expected}")
            }
            DeErrorKind::Other(message) => f.write_str(message),
        }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        self.kind.fmt(f)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Other(msg.to_string()))
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidType {
            found: unexp.to_string(),
            expected: exp.to_string(),
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownField {
            name: field.to_string(),
            expected,
        })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownVariant {
            name: variant.to_string(),
            expected,
        })
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::MissingField(field))
    }
}

/// Deserialises `T` from `node`.
pub(super) fn from_node<'a, T: de::Deserialize<'a>>(node: &'a Node<'a>) -> Result<T, DeError> {
    T::deserialize(De {
        node,
        path: Path::Root,
    })
}

/// Where a node sits, kept as borrowed links and written out only for an
/// error.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p str, &'p Path<'p>),
    Index(usize, &'p Path<'p>),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(key, Path::Root) => f.write_str(key),
            Path::Key(key, parent) => write!(f, "{parent}.{key}"),
            Path::Index(i, parent) => write!(f, "{parent}[{i}]"),
        }
    }
}

struct De<'a, 'p> {
    node: &'a Node<'a>,
    path: Path<'p>,
}

impl<'a> De<'a, '_> {
    /// An error from this node's value, not yet placed, is about this node.
    fn place<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut e| {
            if e.at.is_none() {
                e.at = Some(self.node.at);
                e.path = self.path.to_string();
            }
            e
        })
    }

    fn any<V: Visitor<'a>>(&self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            Kind::Scalar { .. } => match self.node.scalar() {
                Some(Scalar::Null) => visitor.visit_unit(),
                Some(Scalar::Bool(b)) => visitor.visit_bool(b),
                Some(Scalar::Int(n)) => visitor.visit_i64(n),
                Some(Scalar::Uint(n)) => visitor.visit_u64(n),
                Some(Scalar::Float(n)) => visitor.visit_f64(n),
                Some(Scalar::Str(_)) | None => visitor.visit_borrowed_str(self.text()),
            },
            Kind::Seq(items) => visitor.visit_seq(Items {
                items: items.iter(),
                index: 0,
                path: &self.path,
            }),
            Kind::Map(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                path: &self.path,
            }),
        }
    }

    /// The scalar's text as written (quotes and escapes resolved).
    fn text(&self) -> &'a str {
        match &self.node.kind {
            Kind::Scalar { text, .. } => text,
            _ => "",
        }
    }

    /// An empty plain scalar (`tags:`) reads as an empty list or mapping,
    /// as serde_yaml read it.
    fn is_empty_plain(&self) -> bool {
        matches!(&self.node.kind, Kind::Scalar { text, plain: true } if text.is_empty())
    }
}

impl<'de> Deserializer<'de> for De<'de, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.place(self.any(visitor))
    }

    /// Any scalar is text to a text field: `title: 2024` is the title
    /// `2024`, `summary: yes` the summary `yes`.
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Scalar { .. } => visitor.visit_borrowed_str(self.text()),
            _ => self.any(visitor),
        };
        self.place(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(De {
                node: self.node,
                path: self.path,
            })
        };
        self.place(result)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.is_empty_plain() {
            visitor.visit_seq(Items {
                items: [].iter(),
                index: 0,
                path: &self.path,
            })
        } else {
            self.any(visitor)
        };
        self.place(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = if self.is_empty_plain() {
            visitor.visit_map(Entries {
                entries: [].iter(),
                value: None,
                path: &self.path,
            })
        } else {
            self.any(visitor)
        };
        self.place(result)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = visitor.visit_newtype_struct(De {
            node: self.node,
            path: self.path,
        });
        self.place(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.place(self.any(visitor))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.place(self.any(visitor))
    }

    /// A unit variant is written as its name.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            Kind::Scalar { .. } => {
                visitor.visit_enum(BorrowedStrDeserializer::<DeError>::new(self.text()))
            }
            _ => self.any(visitor),
        };
        self.place(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
    }
}

struct Items<'a, 'p> {
    items: std::slice::Iter<'a, Node<'a>>,
    index: usize,
    path: &'p Path<'p>,
}

impl<'a> SeqAccess<'a> for Items<'a, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(node) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(De {
            node,
            path: Path::Index(index, self.path),
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 'p> {
    entries: std::slice::Iter<'a, (Node<'a>, Node<'a>)>,
    value: Option<(&'a Node<'a>, &'a Node<'a>)>,
    path: &'p Path<'p>,
}

impl<'a> MapAccess<'a> for Entries<'a, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some((key, value));
        seed.deserialize(De {
            node: key,
            path: *self.path,
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value without its key"));
        };
        let name = match &key.kind {
            Kind::Scalar { text, .. } => text.as_ref(),
            _ => "?",
        };
        seed.deserialize(De {
            node: value,
            path: Path::Key(name, self.path),
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::frontmatter::tree::read;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        title: String,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        claims: BTreeMap<String, Claim>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Claim {
        status: Status,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Status {
        Verified,
        False,
    }

    fn meta(text: &str) -> Result<Meta, DeError> {
        from_node(&read(text).unwrap())
    }

    #[test]
    fn text_fields_get_the_text_as_written() {
        for (yaml, title) in [
            ("title: 0x1F", "0x1F"),
            ("title: yes", "yes"),
            ("title: 2024-05-02", "2024-05-02"),
            ("title: ~", "~"),
            ("title: 'on'", "on"),
        ] {
            assert_eq!(meta(yaml).unwrap().title, title, "{yaml}");
        }
        let m = meta("title: T\ntags: [1, true, río]\ndraft: True").unwrap();
        assert_eq!(m.tags, ["1", "true", "río"]);
        assert!(m.draft);
    }

    #[test]
    fn an_empty_value_is_an_empty_list_but_null_is_not() {
        assert!(meta("title: T\ntags:\n").unwrap().tags.is_empty());
        let err = meta("title: T\ntags: ~\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "tags: invalid type: unit value, expected a sequence"
        );
    }

    #[test]
    fn errors_say_which_problem_and_where() {
        let text = "title: T\ndraft: yes\n";
        let err = meta(text).unwrap_err();
        assert_eq!(
            err.kind,
            DeErrorKind::InvalidType {
                found: "string \"yes\"".into(),
                expected: "a boolean".into(),
            }
        );
        assert_eq!(err.marker().and_then(|m| m.byte_offset()), Some(16));
        let err = meta("title: T\ntitel: U\n").unwrap_err();
        assert!(
            matches!(&err.kind, DeErrorKind::UnknownField { name, .. } if name == "titel"),
            "{err}"
        );
        assert_eq!(err.marker().and_then(|m| m.byte_offset()), Some(9));
        let err = meta("tags: []\n").unwrap_err();
        assert_eq!(err.kind, DeErrorKind::MissingField("title"));
        let err = meta("title: T\nclaims:\n  c:\n    status: verifed\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "claims.c.status: unknown variant `verifed`, expected `verified` or `false`"
        );
    }

    #[test]
    fn a_quoted_flow_list_may_close_under_its_key() {
        // saphyr-parser 0.3.4 rejects this; libyaml and granit-parser read it.
        let m = meta("title: T\ntags: [\n  \"a\",\n  \"b\",\n]\n").unwrap();
        assert_eq!(m.tags, ["a", "b"]);
        let text = "title: T\nclaims:\n  c:\n    status: [\n      \"verified\",\n    ]\n";
        assert!(matches!(
            meta(text).unwrap_err().kind,
            DeErrorKind::InvalidType { .. }
        ));
    }
}
