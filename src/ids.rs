//! Ids of entities, sources, claims and statuses: what a valid one is, and
//! one type per namespace.
//!
//! Entities, sources and claims are separate site-wide namespaces (SPEC
//! §2), and reports have ids of their own; one string can name different
//! things in each. Where the site index holds ids of several namespaces
//! side by side, each is typed: [`EntityId`], [`SourceId`], [`ClaimId`]
//! borrow the id from the documents, and [`EntityIdBuf`], [`SourceIdBuf`],
//! [`ReportIdBuf`] own it where it outlives them (what an edit changed).
//! Passing one namespace's id for another's does not compile; the way
//! between them is an explicit `as_str`.
//!
//! ```
//! use std::collections::HashMap;
//! use dossier::ids::EntityId;
//!
//! let reports: HashMap<EntityId<'_>, usize> = HashMap::from([(EntityId::new("unep"), 3)]);
//! // An id read from a document looks its entity up as a `&str`.
//! assert_eq!(reports.get("unep"), Some(&3));
//! assert_eq!(reports.get(&EntityId::new("unep")), Some(&3));
//! ```
//!
//! A source id is not an entity id, even when the two are spelled alike:
//!
//! ```compile_fail
//! use std::collections::HashMap;
//! use dossier::ids::{EntityId, SourceId};
//!
//! let reports: HashMap<EntityId<'_>, usize> = HashMap::from([(EntityId::new("unep"), 3)]);
//! reports.get(&SourceId::new("unep"));
//! ```

use std::borrow::{Borrow, Cow};
use std::fmt;

use serde::Serialize;

/// The longest name, in bytes, that dossier makes a folder of (ids, slugs,
/// tag pages): file systems stop at 255, and a margin is left for the
/// staging folder's own names.
pub const MAX_NAME: usize = 200;

/// Whether `s` is a valid id: `^[a-z0-9][a-z0-9_-]*$`, at most
/// [`MAX_NAME`] bytes long (it names a folder of the output).
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    if s.len() > MAX_NAME {
        return false;
    }
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Declares a borrowed id type and its owned form. Both hash and compare as
/// the `str` they hold, so that maps keyed by them are read with a `&str`
/// taken from a document.
macro_rules! id_types {
    ($(#[$doc:meta])* $name:ident, $(#[$buf_doc:meta])* $buf:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name<'a>(&'a str);

        impl<'a> $name<'a> {
            /// The id written `id`; whether it is defined is the caller's
            /// to know.
            pub fn new(id: &'a str) -> Self {
                $name(id)
            }

            /// The id as written.
            pub fn as_str(self) -> &'a str {
                self.0
            }

            /// The id, owned.
            pub fn to_buf(self) -> $buf {
                $buf(self.0.to_string())
            }
        }

        impl Borrow<str> for $name<'_> {
            fn borrow(&self) -> &str {
                self.0
            }
        }

        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }

        $(#[$buf_doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $buf(String);

        impl $buf {
            /// The id as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $buf {
            fn from(id: String) -> Self {
                $buf(id)
            }
        }

        impl Borrow<str> for $buf {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $buf {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_types!(
    /// The id of an entity, borrowed from the document that defines or
    /// names it.
    EntityId,
    /// The id of an entity, owned.
    EntityIdBuf
);

id_types!(
    /// The id of a source, borrowed from the document that defines or
    /// cites it. What a valid source id is will live here.
    SourceId,
    /// The id of a source, owned.
    SourceIdBuf
);

id_types!(
    /// The id of a claim, borrowed from the report that defines or marks
    /// it.
    ClaimId,
    /// The id of a claim, owned.
    ClaimIdBuf
);

id_types!(
    /// The id of a report (its file name, or its `slug`), borrowed.
    ReportId,
    /// The id of a report, owned.
    ReportIdBuf
);

/// Whether `key` is a citation key as Pandoc reads one: it starts with a
/// letter, digit or `_`, and holds letters, digits and `_`, with any of
/// `:.#$%&-+?<>~/` between two of those.
pub fn is_citation_key(key: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let punct = |c: char| ":.#$%&-+?<>~/".contains(c);
    let mut chars = key.chars().peekable();
    if !chars.next().is_some_and(word) || key.len() > MAX_NAME {
        return false;
    }
    while let Some(c) = chars.next() {
        if word(c) {
            continue;
        }
        if !punct(c) || !chars.peek().is_some_and(|&n| word(n) || punct(n)) {
            return false;
        }
    }
    key.chars().last().is_some_and(word)
}

/// The name of a source's folder: the id itself when it is an id
/// (`mfa-communique`), else the key folded to one: ASCII, lowercase, and
/// each run of other characters a `-` (`UNEP:2023` → `unep-2023`,
/// `Smith/2020` → `smith-2020`). Two ids that fold alike are an error
/// (`bibliography::check_slugs`), so folders never collide.
pub fn source_slug(id: &str) -> Cow<'_, str> {
    if is_id(id) {
        return Cow::Borrowed(id);
    }
    let ascii = deunicode::deunicode(id).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("source");
    }
    Cow::Owned(out)
}
