//! What entities, sources and claims are, as defined in front matter or in
//! registry files, the tables of entity and source types with their labels,
//! and how each field of a registry file is checked.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::frontmatter::{FieldSpec, check_as, scalar_string};

use super::field;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    pub name: String,
    #[serde(default, rename = "type")]
    pub kind: EntityType,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub links: IndexMap<String, String>,
    /// For an event (`type: event`): when it happened, or began, as a
    /// claim's `date` is written ([`super::TimelineDate::parse`]).
    #[serde(default)]
    pub date: Option<String>,
    /// For an event that lasted: when it ended, in the same forms; never
    /// before `date` (E033).
    #[serde(default)]
    pub end_date: Option<String>,
}

impl EntityDef {
    /// An event's dates, when it is an event with a valid `date` (an
    /// `end_date` that does not read, or comes before `date`, is left out;
    /// both are reported when the file is read).
    pub fn event_dates(&self) -> Option<super::EventDates> {
        if self.kind != EntityType::Event {
            return None;
        }
        let start = super::TimelineDate::parse(self.date.as_deref()?)?;
        let end = self
            .end_date
            .as_deref()
            .and_then(super::TimelineDate::parse)
            .filter(|&end| !super::EventDates::ends_before_start(start, end));
        Some(super::EventDates { start, end })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    pub title: String,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub archive_url: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: SourceType,
    #[serde(default)]
    pub accessed: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    /// The source's own document (`file: permit.pdf`), a path relative to
    /// the file that defines the source.
    #[serde(default)]
    pub file: Option<String>,
    /// That document, found and measured after parsing
    /// ([`crate::evidence::Evidence::find`]).
    #[serde(skip)]
    pub document: Option<crate::evidence::Evidence>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDef {
    /// The claim, in a sentence.
    pub text: String,
    /// One of the site's `claim_statuses` (checked when the report is read).
    #[serde(deserialize_with = "scalar_string")]
    pub status: String,
    /// Ids of the sources that back the assessment.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Ids of the entities the claim involves.
    #[serde(default)]
    pub entities: Vec<String>,
    /// When the claimed event happened (or the claim was made, when that
    /// is what matters): `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with a leading
    /// `~` when approximate, read by [`super::TimelineDate::parse`].
    #[serde(default)]
    pub date: Option<String>,
    /// A longer remark on the claim, shown with it.
    #[serde(default)]
    pub note: Option<String>,
    /// The id of the entity that made the claim (schema.org: the `author`
    /// of the reviewed `Claim`).
    #[serde(default)]
    pub claimant: Option<String>,
    /// Ids of the sources where the claim appeared: the speech, the post,
    /// the article (schema.org `appearance`). Not evidence for the
    /// assessment; that is `sources`.
    #[serde(default)]
    pub appearance: Vec<String>,
    /// The assessment in one line, shown with the status (a fact-check's
    /// "verdict"; the `ratingExplanation` of the claim review).
    #[serde(default)]
    pub verdict: Option<String>,
}

impl ClaimDef {
    /// The claim's date, when it has a valid one.
    pub fn timeline_date(&self) -> Option<super::TimelineDate> {
        self.date.as_deref().and_then(super::TimelineDate::parse)
    }
}

/// A mapping whose keys must be unique: serde would keep the last of two
/// equal keys silently, losing a definition.
pub fn unique_keys<'de, D, V>(d: D) -> Result<IndexMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = IndexMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a mapping of ids")
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(IndexMap::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(IndexMap::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = IndexMap::new();
            while let Some(key) = map.next_key::<String>()? {
                if out.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate entry with key `{key}`"
                    )));
                }
                let value = map.next_value()?;
                out.insert(key, value);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Unique(std::marker::PhantomData))
}

macro_rules! kinds {
    ($name:ident { $($variant:ident = $text:literal,)* }) => {
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name {
            $($variant,)*
            #[default]
            Other,
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant,)* $name::Other];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                    $name::Other => "other",
                }
            }
        }
    };
}

kinds!(EntityType {
    Person = "person",
    Organization = "organization",
    Country = "country",
    Place = "place",
    Event = "event",
});

kinds!(SourceType {
    Article = "article",
    Report = "report",
    OfficialStatement = "official-statement",
    Speech = "speech",
    SocialMedia = "social-media",
    Interview = "interview",
    Dataset = "dataset",
    CourtRecord = "court-record",
    Book = "book",
});

pub(super) const ENTITY_FIELDS: &[FieldSpec] = &[
    field("name", true, check_as::<String>),
    field("type", false, check_as::<EntityType>),
    field("aliases", false, check_as::<Vec<String>>),
    field("description", false, check_as::<Option<String>>),
    field("links", false, check_as::<IndexMap<String, String>>),
    field("date", false, check_as::<Option<String>>),
    field("end_date", false, check_as::<Option<String>>),
];

pub(super) const SOURCE_FIELDS: &[FieldSpec] = &[
    field("title", true, check_as::<String>),
    field("publisher", false, check_as::<Option<String>>),
    field("author", false, check_as::<Option<String>>),
    field("date", false, check_as::<Option<String>>),
    field("url", false, check_as::<Option<String>>),
    field("archive_url", false, check_as::<Option<String>>),
    field("type", false, check_as::<SourceType>),
    field("accessed", false, check_as::<Option<String>>),
    field("quote", false, check_as::<Option<String>>),
    field("file", false, check_as::<Option<String>>),
];
