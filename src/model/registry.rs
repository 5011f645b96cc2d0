//! What entities, sources and claims are, as defined in front matter or in
//! registry files, the tables of entity and source types with their labels,
//! and how each field of a registry file is checked.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::frontmatter::{FieldSpec, check_as, scalar_string};

use super::field;
use super::per_lang::{EntityTexts, PerLang, SourceTexts, Texts};

/// An entity as defined in front matter or in a registry file. Its text
/// fields (`name`, `aliases`, `description`) may be written per language
/// ([`PerLang`]); they hold the value the current language shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawEntityDef")]
pub struct EntityDef {
    pub name: String,
    pub kind: EntityType,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub links: IndexMap<String, String>,
    /// The text fields written per language, and the language of each
    /// value shown.
    pub texts: Texts<EntityTexts>,
    /// For an event (`type: event`): when it happened, or began, as a
    /// claim's `date` is written ([`super::TimelineDate::parse`]).
    pub date: Option<String>,
    /// For an event that lasted: when it ended, in the same forms; never
    /// before `date` (E033).
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

/// An entity as written, before the text of one language is chosen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntityDef {
    name: PerLang<String>,
    #[serde(default, rename = "type")]
    kind: EntityType,
    #[serde(default)]
    aliases: PerLang<Vec<String>>,
    #[serde(default)]
    description: Option<PerLang<String>>,
    #[serde(default, deserialize_with = "unique_keys")]
    links: IndexMap<String, String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
}

impl From<RawEntityDef> for EntityDef {
    fn from(raw: RawEntityDef) -> Self {
        let (name, name_map) = raw.name.split();
        let (aliases, aliases_map) = raw.aliases.split();
        let (description, description_map) = match raw.description.map(PerLang::split) {
            Some((d, map)) => (Some(d), map),
            None => (None, None),
        };
        let given = (name_map.is_some() || aliases_map.is_some() || description_map.is_some())
            .then(|| {
                Box::new(EntityTexts {
                    name: name_map,
                    aliases: aliases_map,
                    description: description_map,
                })
            });
        EntityDef {
            name,
            kind: raw.kind,
            aliases,
            description,
            links: raw.links,
            texts: Texts {
                given,
                ..Texts::default()
            },
            date: raw.date,
            end_date: raw.end_date,
        }
    }
}

/// A source as defined in front matter or in a registry file. Its text
/// fields (`title`, `publisher`, `quote`) may be written per language
/// ([`PerLang`]); they hold the value the current language shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawSourceDef")]
pub struct SourceDef {
    pub title: String,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub archive_url: Option<String>,
    pub kind: SourceType,
    pub accessed: Option<String>,
    pub quote: Option<String>,
    /// The source's own document (`file: permit.pdf`), a path relative to
    /// the file that defines the source.
    pub file: Option<String>,
    /// That document, found and measured after parsing
    /// ([`crate::evidence::Evidence::find`]).
    pub document: Option<crate::evidence::Evidence>,
    /// The text fields written per language, and the language of each
    /// value shown.
    pub texts: Texts<SourceTexts>,
}

/// A source as written, before the text of one language is chosen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceDef {
    title: PerLang<String>,
    #[serde(default)]
    publisher: Option<PerLang<String>>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    archive_url: Option<String>,
    #[serde(default, rename = "type")]
    kind: SourceType,
    #[serde(default)]
    accessed: Option<String>,
    #[serde(default)]
    quote: Option<PerLang<String>>,
    #[serde(default)]
    file: Option<String>,
}

fn split_opt(value: Option<PerLang<String>>) -> (Option<String>, Option<IndexMap<String, String>>) {
    match value.map(PerLang::split) {
        Some((v, map)) => (Some(v), map),
        None => (None, None),
    }
}

impl From<RawSourceDef> for SourceDef {
    fn from(raw: RawSourceDef) -> Self {
        let (title, title_map) = raw.title.split();
        let (publisher, publisher_map) = split_opt(raw.publisher);
        let (quote, quote_map) = split_opt(raw.quote);
        let given =
            (title_map.is_some() || publisher_map.is_some() || quote_map.is_some()).then(|| {
                Box::new(SourceTexts {
                    title: title_map,
                    publisher: publisher_map,
                    quote: quote_map,
                })
            });
        SourceDef {
            title,
            publisher,
            author: raw.author,
            date: raw.date,
            url: raw.url,
            archive_url: raw.archive_url,
            kind: raw.kind,
            accessed: raw.accessed,
            quote,
            file: raw.file,
            document: None,
            texts: Texts {
                given,
                ..Texts::default()
            },
        }
    }
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
    field("name", true, check_as::<PerLang<String>>),
    field("type", false, check_as::<EntityType>),
    field("aliases", false, check_as::<PerLang<Vec<String>>>),
    field("description", false, check_as::<Option<PerLang<String>>>),
    field("links", false, check_as::<IndexMap<String, String>>),
    field("date", false, check_as::<Option<String>>),
    field("end_date", false, check_as::<Option<String>>),
];

pub(super) const SOURCE_FIELDS: &[FieldSpec] = &[
    field("title", true, check_as::<PerLang<String>>),
    field("publisher", false, check_as::<Option<PerLang<String>>>),
    field("author", false, check_as::<Option<String>>),
    field("date", false, check_as::<Option<String>>),
    field("url", false, check_as::<Option<String>>),
    field("archive_url", false, check_as::<Option<String>>),
    field("type", false, check_as::<SourceType>),
    field("accessed", false, check_as::<Option<String>>),
    field("quote", false, check_as::<Option<PerLang<String>>>),
    field("file", false, check_as::<Option<String>>),
];
