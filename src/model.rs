//! The content model: what a report, an entity, a source and a claim are, as
//! read from front matter, and the checks that need only one file (ids,
//! dates, URLs, statuses). Cross-file checks live in `resolve`.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::frontmatter::scalar_string;
use crate::frontmatter::{self, Seg, Yaml};
pub use crate::ids::is_id;

/// Lowercase, hyphen-separated form of a text with letters of any script
/// kept: heading ids and tag pages ([`tag_slug`]), which readers see in the
/// address bar in their own script. File names use [`url_slug`].
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A tag as written, with its accents composed (Unicode NFC): `água` typed
/// with a combining accent and `água` typed with a precomposed one are one
/// spelling.
pub fn tag_spelling(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    tag.trim().nfc().collect()
}

/// Lowercase ASCII, hyphen-separated form of a text, for the file names
/// dossier makes from text (`dossier new`). Tag pages keep their letters
/// ([`tag_slug`]): transliterated, distinct words of one language could
/// meet on one page (`año` and `ano`).
/// Letters are transliterated (`Río` → `rio`, `Łódź` → `lodz`, `北京` →
/// `bei-jing`), so that an address reads the same everywhere and a file
/// name cannot change under a file system's Unicode normalization.
/// Apostrophes, straight or curly, are dropped inside words (`TCW's` →
/// `tcws`, `O’Brien` → `obrien`); every other run of spaces and signs
/// becomes one `-`.
pub fn url_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut utf8 = [0; 4];
    for c in text.chars() {
        // Characters deunicode does not know separate words.
        let ascii = if c.is_ascii() {
            &*c.encode_utf8(&mut utf8)
        } else {
            deunicode::deunicode_char(c).unwrap_or(" ")
        };
        for b in ascii.bytes() {
            // `’`, `ʼ` and the like come out of deunicode as `'`.
            if b == b'\'' {
                continue;
            }
            if b.is_ascii_alphanumeric() || b == b'_' {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

/// The last part of a tag's page address. The signs that tell tags apart
/// are spelled out first (`+` as `plus`, `&` as `and`, `#` after a letter
/// or digit as `sharp`), so that `c`, `c++` and `c#` get pages of their
/// own; `#MeToo` stays `metoo`. Accents are composed first, so that a
/// combining accent does not split a word, and apostrophes are dropped
/// (`Women’s rights` → `womens-rights`). Letters of any script are kept.
pub fn tag_slug(tag: &str) -> String {
    let mut spelled = String::with_capacity(tag.len() + 8);
    let mut prev: Option<char> = None;
    for c in tag_spelling(tag).chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '&' => spelled.push_str(" and "),
            '#' if prev.is_some_and(|p| p.is_alphanumeric() || p == '#') => {
                spelled.push_str(" sharp ");
            }
            // An apostrophe joins a word rather than splitting it.
            '\'' | '\u{2019}' | '\u{2bc}' => {}
            _ => spelled.push(c),
        }
        prev = Some(c);
    }
    slugify(&spelled)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub title: String,
    pub date: String,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default, deserialize_with = "unique_keys")]
    pub entities: IndexMap<String, Option<EntityDef>>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub sources: IndexMap<String, Option<SourceDef>>,
    #[serde(default, deserialize_with = "unique_keys")]
    pub claims: IndexMap<String, ClaimDef>,
}

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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimDef {
    pub text: String,
    #[serde(deserialize_with = "scalar_string")]
    pub status: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub entities: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
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

/// Front matter of a section's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionMeta {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

macro_rules! kinds {
    ($name:ident { $($variant:ident = $text:literal / $label:literal,)* }) => {
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

            /// Human-readable plural label for index headings.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)*
                    $name::Other => "Other",
                }
            }
        }
    };
}

kinds!(EntityType {
    Person = "person" / "People",
    Organization = "organization" / "Organizations",
    Country = "country" / "Countries",
    Place = "place" / "Places",
    Event = "event" / "Events",
});

kinds!(SourceType {
    Article = "article" / "Articles",
    Report = "report" / "Reports",
    OfficialStatement = "official-statement" / "Official statements",
    Speech = "speech" / "Speeches",
    SocialMedia = "social-media" / "Social media",
    Interview = "interview" / "Interviews",
    Dataset = "dataset" / "Datasets",
    CourtRecord = "court-record" / "Court records",
    Book = "book" / "Books",
});

/// A checked front-matter date: a calendar day (`YYYY-MM-DD`), or an
/// instant (an RFC 3339 timestamp) with the offset the author wrote it in.
///
/// People are shown the calendar day of the author's own offset; machines
/// (feed, JSON-LD, `data/site.json`, `<time datetime>`) and every ordering
/// get the whole instant, so that two reports written in different time
/// zones keep their true order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A date without a time: a day, in no time zone.
    Day(jiff::civil::Date),
    /// A moment, and the offset it was written with.
    Instant {
        at: jiff::Timestamp,
        offset: jiff::tz::Offset,
    },
}

impl Default for When {
    fn default() -> When {
        When::Day(jiff::civil::Date::default())
    }
}

impl When {
    /// The calendar day in the author's own offset: what a reader is shown.
    pub fn day(self) -> jiff::civil::Date {
        match self {
            When::Day(day) => day,
            When::Instant { at, offset } => offset.to_datetime(at).date(),
        }
    }

    /// The moment used for ordering. A day without a time counts as its
    /// midnight UTC, the same moment the feed gives it.
    pub fn instant(self) -> jiff::Timestamp {
        match self {
            When::Day(day) => jiff::tz::Offset::UTC
                .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
                .unwrap_or_default(),
            When::Instant { at, .. } => at,
        }
    }

    /// The form machines read: `2024-05-02` for a day, RFC 3339 with the
    /// author's offset (`2024-05-02T23:30:00-05:00`, `Z` for UTC) for an
    /// instant. Valid in `<time datetime>`, JSON-LD and `data/site.json`.
    pub fn machine(self) -> String {
        match self {
            When::Day(day) => day.to_string(),
            When::Instant { at, offset } if offset.is_zero() => at.to_string(),
            When::Instant { at, offset } => at.display_with_offset(offset).to_string(),
        }
    }

    /// The form Atom needs, always with a time: a day is its midnight UTC.
    pub fn feed(self) -> String {
        match self {
            When::Day(day) => format!("{day}T00:00:00Z"),
            When::Instant { .. } => self.machine(),
        }
    }

    /// How the date reads on a page: `2 May 2024`.
    pub fn display(self) -> String {
        display_date(self.day())
    }
}

impl Ord for When {
    /// By instant; a day before an instant at its midnight UTC, then by
    /// offset, only so that the order is total.
    fn cmp(&self, other: &When) -> std::cmp::Ordering {
        let key = |w: &When| match *w {
            When::Day(_) => (w.instant(), 0, 0),
            When::Instant { at, offset } => (at, 1, offset.seconds()),
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &When) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A checked date: `YYYY-MM-DD`, or an RFC 3339 timestamp kept whole with
/// its offset.
pub fn parse_date(text: &str) -> Option<When> {
    let text = text.trim();
    if let Ok(date) = text.parse::<jiff::civil::Date>()
        && text.len() == 10
    {
        return Some(When::Day(date));
    }
    let normal = rfc3339_form(text);
    let text = normal.as_str();
    let at: jiff::Timestamp = text.parse().ok()?;
    let offset_part = text.rfind(['+', '-', 'Z', 'z']).map(|i| &text[i..])?;
    let offset = if offset_part.eq_ignore_ascii_case("z") {
        jiff::tz::Offset::UTC
    } else {
        let sign: i32 = if offset_part.starts_with('-') { -1 } else { 1 };
        let (h, m) = offset_part[1..].split_once(':')?;
        let secs = sign * (h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60);
        jiff::tz::Offset::from_seconds(secs).ok()?
    };
    Some(When::Instant { at, offset })
}

/// A timestamp in the other forms authors write, as RFC 3339: YAML's own
/// (`2024-05-02 23:30:00 -05:00`, `2024-05-02 23:30:00 -5`, with spaces)
/// and an offset without its colon (`-0500`). Anything else is returned as
/// it is, for the parser to accept or refuse.
fn rfc3339_form(text: &str) -> String {
    let mut t = text.to_string();
    if t.len() > 11 && t.as_bytes()[10] == b' ' {
        t.replace_range(10..11, "T");
    }
    // The offset: after the time, `Z`, `+HH:MM`, `+HHMM` or `+H`.
    let Some(sign) = t
        .get(11..)
        .and_then(|rest| rest.rfind(['+', '-']))
        .map(|i| i + 11)
    else {
        return t.replacen(" Z", "Z", 1).replacen(" z", "z", 1);
    };
    let time = t[..sign].trim_end().to_string();
    let offset = &t[sign + 1..];
    let digits: String = offset.chars().filter(char::is_ascii_digit).collect();
    let offset = match (offset.contains(':'), digits.len()) {
        (true, _) => offset.to_string(),
        (false, 4) => format!("{}:{}", &digits[..2], &digits[2..]),
        (false, 1 | 2) => format!("{digits:0>2}:00"),
        _ => offset.to_string(),
    };
    format!("{time}{}{offset}", &t[sign..=sign])
}

/// How a date reads on a page: `2 May 2024`.
pub fn display_date(date: jiff::civil::Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

/// Whether a URL is one dossier will link to: http or https only.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// A report as read from its file.
#[derive(Debug, Clone)]
pub struct Report {
    /// Path under `content/` without `.md`, with `/` separators.
    pub id: String,
    pub file: FileId,
    pub yaml: Yaml,
    pub body_start: usize,
    pub meta: ReportMeta,
    pub date: When,
    pub updated: Option<When>,
    /// Section path (`2024/harbour`), empty at the top level.
    pub section: String,
    /// URL relative to the site root, ending with `/`.
    pub url: String,
}

/// An entity or source defined in its own registry file.
#[derive(Debug, Clone)]
pub struct RegistryItem<T> {
    pub id: String,
    pub file: FileId,
    pub yaml: Yaml,
    pub body_start: usize,
    pub def: T,
}

/// A section's `_index.md`.
#[derive(Debug, Clone)]
pub struct SectionIndex {
    pub path: String,
    pub file: FileId,
    pub body_start: usize,
    pub meta: SectionMeta,
}

/// What one content file turned out to be.
#[derive(Debug, Clone)]
pub enum Document {
    Report(Box<Report>),
    Entity(RegistryItem<EntityDef>),
    Source(RegistryItem<SourceDef>),
    Section(SectionIndex),
}

/// Which part of `content/` a file lives in, decided by its path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Report,
    Entity,
    Source,
    Section,
}

impl FileKind {
    /// `rel` is the path under `content/` with `/` separators.
    pub fn of(rel: &str) -> FileKind {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name == "_index.md" {
            FileKind::Section
        } else if rel.starts_with("entities/") {
            FileKind::Entity
        } else if rel.starts_with("sources/") {
            FileKind::Source
        } else {
            FileKind::Report
        }
    }
}

/// Reads one content file into a [`Document`], with every problem that the
/// file alone shows. `Ok(None)` is a draft left out of this build.
pub fn parse_document(
    kind: FileKind,
    rel: &str,
    file: FileId,
    text: &str,
    config: &Config,
    drafts: bool,
) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let split = match frontmatter::split(file, text) {
        Ok(split) => split,
        Err(frontmatter::SplitError::Missing) => {
            let d = Diagnostic::new(Code::E011, "this file has no front matter")
                .at(Span::new(file, 0..0))
                .help("start the file with a line `---`, the YAML fields, and another `---`");
            return (None, vec![d]);
        }
        Err(frontmatter::SplitError::Unclosed(range)) => {
            let d = Diagnostic::new(Code::E011, "front matter is never closed")
                .at(Span::new(file, range))
                .label("opened here")
                .help("add a line `---` after the last front-matter field");
            return (None, vec![d]);
        }
    };
    diags.extend(frontmatter::comment_slips(split.yaml, text));
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md");
    let check = Checker {
        yaml: split.yaml,
        text,
        diags: &mut diags,
    };
    let mut doc = match kind {
        FileKind::Report => parse_report(rel, split, text, config, check)
            .filter(|r| drafts || !r.meta.draft)
            .map(|r| Document::Report(Box::new(r))),
        FileKind::Entity => {
            parse_registry::<EntityDef>(stem, split, text, ENTITY_FIELDS, check, |c, d| {
                c.entity(&[], d)
            })
            .map(Document::Entity)
        }
        FileKind::Source => {
            parse_registry::<SourceDef>(stem, split, text, SOURCE_FIELDS, check, |c, d| {
                c.source(&[], d)
            })
            .map(Document::Source)
        }
        FileKind::Section => match frontmatter::parse::<SectionMeta>(split.yaml, text) {
            Ok(meta) => Some(Document::Section(SectionIndex {
                path: rel
                    .trim_end_matches("_index.md")
                    .trim_end_matches('/')
                    .to_string(),
                file,
                body_start: split.body_start,
                meta,
            })),
            Err(d) => {
                diags.extend(frontmatter::explain_all(
                    split.yaml,
                    text,
                    SECTION_FIELDS,
                    d,
                ));
                None
            }
        },
    };
    if config.smart_punctuation
        && let Some(doc) = &mut doc
    {
        doc.smarten();
    }
    (doc, diags)
}

impl Document {
    /// Gives the texts of the front matter that readers see the typography
    /// that `smart_punctuation` gives the body, so that a title and the
    /// body under it agree; ids, URLs, dates, tags and link keys stay as
    /// written.
    fn smarten(&mut self) {
        match self {
            Document::Report(r) => {
                let meta = &mut r.meta;
                smarten(&mut meta.title);
                meta.summary.iter_mut().for_each(smarten);
                meta.authors.iter_mut().for_each(smarten);
                meta.entities
                    .values_mut()
                    .flatten()
                    .for_each(EntityDef::smarten);
                meta.sources
                    .values_mut()
                    .flatten()
                    .for_each(SourceDef::smarten);
                for claim in meta.claims.values_mut() {
                    smarten(&mut claim.text);
                    claim.note.iter_mut().for_each(smarten);
                }
            }
            Document::Entity(e) => e.def.smarten(),
            Document::Source(s) => s.def.smarten(),
            Document::Section(s) => {
                s.meta.title.iter_mut().for_each(smarten);
                s.meta.summary.iter_mut().for_each(smarten);
            }
        }
    }
}

impl EntityDef {
    fn smarten(&mut self) {
        smarten(&mut self.name);
        self.aliases.iter_mut().for_each(smarten);
        self.description.iter_mut().for_each(smarten);
    }
}

impl SourceDef {
    fn smarten(&mut self) {
        smarten(&mut self.title);
        for text in [&mut self.publisher, &mut self.author, &mut self.quote] {
            text.iter_mut().for_each(smarten);
        }
    }
}

fn smarten(text: &mut String) {
    *text = crate::text::smart_text(text);
}

use frontmatter::{FieldSpec, Value, check_as};

const fn field(
    name: &'static str,
    required: bool,
    check: fn(&Value) -> Result<(), String>,
) -> FieldSpec {
    FieldSpec::one(name, required, check)
}

const fn each(name: &'static str, check: fn(&Value) -> Result<(), String>) -> FieldSpec {
    FieldSpec::each(name, check)
}

/// How each field of a report's front matter is checked on its own, to
/// report every problem when the whole does not read.
const REPORT_FIELDS: &[FieldSpec] = &[
    field("title", true, check_as::<String>),
    field("date", true, check_as::<String>),
    field("updated", false, check_as::<Option<String>>),
    field("slug", false, check_as::<Option<String>>),
    field("authors", false, check_as::<Vec<String>>),
    field("summary", false, check_as::<Option<String>>),
    field("tags", false, check_as::<Vec<String>>),
    field("draft", false, check_as::<bool>),
    each("entities", check_as::<Option<EntityDef>>),
    each("sources", check_as::<Option<SourceDef>>),
    each("claims", check_as::<ClaimDef>),
];

const ENTITY_FIELDS: &[FieldSpec] = &[
    field("name", true, check_as::<String>),
    field("type", false, check_as::<EntityType>),
    field("aliases", false, check_as::<Vec<String>>),
    field("description", false, check_as::<Option<String>>),
    field("links", false, check_as::<IndexMap<String, String>>),
];

const SOURCE_FIELDS: &[FieldSpec] = &[
    field("title", true, check_as::<String>),
    field("publisher", false, check_as::<Option<String>>),
    field("author", false, check_as::<Option<String>>),
    field("date", false, check_as::<Option<String>>),
    field("url", false, check_as::<Option<String>>),
    field("archive_url", false, check_as::<Option<String>>),
    field("type", false, check_as::<SourceType>),
    field("accessed", false, check_as::<Option<String>>),
    field("quote", false, check_as::<Option<String>>),
];

const SECTION_FIELDS: &[FieldSpec] = &[
    field("title", false, check_as::<Option<String>>),
    field("summary", false, check_as::<Option<String>>),
];

fn parse_registry<T: serde::de::DeserializeOwned>(
    stem: &str,
    split: frontmatter::Split,
    text: &str,
    fields: &[FieldSpec],
    mut check: Checker<'_>,
    validate: impl Fn(&mut Checker<'_>, &T),
) -> Option<RegistryItem<T>> {
    let def: T = match frontmatter::parse(split.yaml, text) {
        Ok(def) => def,
        Err(d) => {
            check
                .diags
                .extend(frontmatter::explain_all(split.yaml, text, fields, d));
            return None;
        }
    };
    if !is_id(stem) {
        check.diags.push(
            Diagnostic::new(Code::E007, format!("the file name `{stem}` is not a valid id"))
                .at(Span::new(split.yaml.file, 0..0))
                .help("rename the file: lowercase letters, digits, `-` and `_`, starting with a letter or digit"),
        );
        return None;
    }
    validate(&mut check, &def);
    Some(RegistryItem {
        id: stem.to_string(),
        file: split.yaml.file,
        yaml: split.yaml,
        body_start: split.body_start,
        def,
    })
}

fn parse_report(
    rel: &str,
    split: frontmatter::Split,
    text: &str,
    config: &Config,
    mut check: Checker<'_>,
) -> Option<Report> {
    let meta: ReportMeta = match frontmatter::parse(split.yaml, text) {
        Ok(meta) => meta,
        Err(d) => {
            check
                .diags
                .extend(frontmatter::explain_all(split.yaml, text, REPORT_FIELDS, d));
            return None;
        }
    };
    let date = check.date(&[Seg::Key("date")], &meta.date);
    let updated = meta
        .updated
        .as_ref()
        .and_then(|u| check.date(&[Seg::Key("updated")], u));
    if let Some(slug) = &meta.slug
        && !is_id(slug)
    {
        let help = if slug.len() > crate::ids::MAX_NAME {
            format!(
                "shorten it to at most {} characters: it names a folder",
                crate::ids::MAX_NAME
            )
        } else {
            "use lowercase letters, digits, `-` and `_`".to_string()
        };
        check.push(
            Diagnostic::new(Code::E007, format!("`{slug}` is not a valid slug")).help(help),
            &[Seg::Key("slug")],
            false,
        );
    }
    for (i, tag) in meta.tags.iter().enumerate() {
        let slug = tag_slug(tag);
        let problem = if slug.is_empty() {
            Some(Diagnostic::new(
                Code::E007,
                "a tag needs at least one letter or digit",
            ))
        } else if slug.len() > crate::ids::MAX_NAME {
            Some(
                Diagnostic::new(Code::E007, "this tag is too long to name its page").help(format!(
                    "keep a tag under {} characters",
                    crate::ids::MAX_NAME
                )),
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            check.push(problem, &[Seg::Key("tags"), Seg::Index(i)], false);
        }
    }
    for (id, def) in &meta.entities {
        check.id("entity", &[Seg::Key("entities"), Seg::Key(id)]);
        if let Some(def) = def {
            check.entity(&[Seg::Key("entities"), Seg::Key(id)], def);
        }
    }
    for (id, def) in &meta.sources {
        check.id("source", &[Seg::Key("sources"), Seg::Key(id)]);
        if let Some(def) = def {
            check.source(&[Seg::Key("sources"), Seg::Key(id)], def);
        }
    }
    for (id, claim) in &meta.claims {
        let at = [Seg::Key("claims"), Seg::Key(id)];
        check.id("claim", &at);
        if !config.claim_statuses.contains(&claim.status) {
            check.push(
                Diagnostic::new(
                    Code::E008,
                    format!("`{}` is not a claim status of this site", claim.status),
                )
                .help_opt(
                    crate::diag::suggest(
                        &claim.status,
                        config.claim_statuses.iter().map(String::as_str),
                    )
                    .or_else(|| Some(format!("allowed: {}", config.claim_statuses.join(", ")))),
                ),
                &[at[0], at[1], Seg::Key("status")],
                false,
            );
        }
        if let Some(date) = &claim.date {
            check.date(&[at[0], at[1], Seg::Key("date")], date);
        }
    }
    // A bad date is reported above; the placeholder lets the body still be
    // checked in this run.
    let date = date.unwrap_or_default();
    let path = rel.trim_end_matches(".md");
    let (section, stem) = match path.rsplit_once('/') {
        Some((section, stem)) => (section.to_string(), stem),
        None => (String::new(), path),
    };
    let slug = meta.slug.clone().unwrap_or_else(|| stem.to_string());
    let url = if section.is_empty() {
        format!("{slug}/")
    } else {
        format!("{section}/{slug}/")
    };
    Some(Report {
        id: path.to_string(),
        file: split.yaml.file,
        yaml: split.yaml,
        body_start: split.body_start,
        meta,
        date,
        updated,
        section,
        url,
    })
}

/// Single-file checks, each pointing at the exact key or value.
struct Checker<'a> {
    yaml: Yaml,
    text: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    fn push(&mut self, diag: Diagnostic, path: &[Seg<'_>], key: bool) {
        let span = frontmatter::locate(self.yaml, self.text, path, key);
        self.diags.push(diag.at(span));
    }

    fn id(&mut self, what: &str, path: &[Seg<'_>]) {
        let Some(Seg::Key(id)) = path.last() else {
            return;
        };
        if !is_id(id) {
            self.push(
                Diagnostic::new(Code::E007, format!("`{id}` is not a valid {what} id"))
                    .help("ids use lowercase letters, digits, `-` and `_`, and start with a letter or digit"),
                path,
                true,
            );
        }
    }

    fn date(&mut self, path: &[Seg<'_>], text: &str) -> Option<When> {
        let date = parse_date(text);
        if date.is_none() {
            self.push(
                Diagnostic::new(Code::E006, format!("`{text}` is not a valid date"))
                    .help("write dates as YYYY-MM-DD, or as an RFC 3339 timestamp"),
                path,
                false,
            );
        }
        date
    }

    fn url(&mut self, path: &[Seg<'_>], url: &str) {
        if !is_http_url(url) {
            self.push(
                Diagnostic::new(Code::E009, format!("`{url}` is not an http(s) URL"))
                    .help("only http:// and https:// links are allowed"),
                path,
                false,
            );
        }
    }

    fn entity(&mut self, at: &[Seg<'_>], def: &EntityDef) {
        let mut path = at.to_vec();
        if def.name.trim().is_empty() {
            path.push(Seg::Key("name"));
            self.push(
                Diagnostic::new(Code::E002, "an entity's `name` is empty"),
                &path,
                false,
            );
            path.pop();
        }
        for (key, url) in &def.links {
            path.extend([Seg::Key("links"), Seg::Key(key)]);
            self.url(&path, url);
            path.truncate(at.len());
        }
    }

    fn source(&mut self, at: &[Seg<'_>], def: &SourceDef) {
        let mut path = at.to_vec();
        let fields = [
            ("url", &def.url, true),
            ("archive_url", &def.archive_url, true),
            ("date", &def.date, false),
            ("accessed", &def.accessed, false),
        ];
        for (key, value, is_url) in fields {
            let Some(value) = value else { continue };
            path.push(Seg::Key(key));
            if is_url {
                self.url(&path, value);
            } else {
                self.date(&path, value);
            }
            path.pop();
        }
    }
}

/// The keys of the mapping under the top-level `field:` of YAML that does
/// not parse, read line by line (a best guess, used only to keep quiet
/// about ids that a broken file probably defines). With `defined_only`,
/// only keys with a value on their line or on the lines below.
fn keys_by_lines(yaml: &str, field: &str, defined_only: bool) -> Vec<String> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let lines: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    let Some(start) = lines.iter().position(|l| {
        indent(l) == 0 && l.split(" #").next().unwrap_or("").trim_end() == format!("{field}:")
    }) else {
        return Vec::new();
    };
    let block: Vec<&str> = lines[start + 1..]
        .iter()
        .copied()
        .take_while(|l| indent(l) > 0)
        .collect();
    let Some(child) = block.first().map(|l| indent(l)) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for (i, line) in block.iter().enumerate() {
        if indent(line) != child {
            continue;
        }
        let Some((key, rest)) = line.trim().split_once(':') else {
            continue;
        };
        let has_value = !rest.split(" #").next().unwrap_or("").trim().is_empty()
            || block.get(i + 1).is_some_and(|next| indent(next) > child);
        if is_id(key.trim()) && (has_value || !defined_only) {
            keys.push(key.trim().to_string());
        }
    }
    keys
}

/// The span of a definition's key in front matter (`entities: {x: ...}` →
/// `x`), or the start of a registry file.
pub fn definition_span(yaml: Yaml, text: &str, map: &str, id: Option<&str>) -> Span {
    match id {
        Some(id) => frontmatter::locate(yaml, text, &[Seg::Key(map), Seg::Key(id)], true),
        None => Span::new(yaml.file, 0..0),
    }
}

/// What the site would define in files that failed to parse: known to
/// exist, but unavailable. Uses of them are not reported as unknown ids or
/// dangling links, since the one error to fix is the broken file's own.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Unavailable {
    pub entities: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    pub claims: BTreeSet<String>,
    /// Page URLs as links reach them: `2024/a/`, `entities/x/`, `2024/`.
    pub pages: BTreeSet<String>,
    /// The words of broken reports (runs of id characters, lower case):
    /// an entity or source they may cite or mention is not reported as
    /// unused.
    pub words: BTreeSet<String>,
}

impl Unavailable {
    /// Records what the content file at `rel` (a path under `content/`)
    /// would have given, had it parsed: its page, and for a report the
    /// claims, entities and sources its front matter defines, as far as
    /// the YAML still reads as a mapping.
    pub fn add_file(&mut self, rel: &str, text: &str) {
        let path = rel.trim_end_matches(".md");
        let (section, stem) = match path.rsplit_once('/') {
            Some((section, stem)) => (section, stem),
            None => ("", path),
        };
        let page = |slug: &str| {
            if section.is_empty() {
                format!("{slug}/")
            } else {
                format!("{section}/{slug}/")
            }
        };
        let split = frontmatter::split(0, text).ok();
        let yaml_text = split.map_or("", |s| s.yaml.text(text));
        let front = split.and_then(|split| frontmatter::value(split.yaml, text));
        let field = |name: &str| front.as_ref().and_then(|v| v.get(name));
        match FileKind::of(rel) {
            FileKind::Section => {
                self.pages.insert(if section.is_empty() {
                    String::new()
                } else {
                    format!("{section}/")
                });
            }
            FileKind::Entity => {
                self.entities.insert(stem.to_string());
                self.pages.insert(format!("entities/{stem}/"));
            }
            FileKind::Source => {
                self.sources.insert(stem.to_string());
                self.pages.insert(format!("sources/{stem}/"));
            }
            FileKind::Report => {
                // A draft left out is absent, not broken: links to it
                // are worth their warning.
                if field("draft").and_then(Value::as_bool) == Some(true) {
                    return;
                }
                self.pages.insert(page(stem));
                if let Some(slug) = field("slug").and_then(Value::as_str) {
                    self.pages.insert(page(slug));
                }
                self.words.extend(
                    text.to_lowercase()
                        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
                let keys = |name: &str, defined_only: bool| -> Vec<String> {
                    if front.is_none() {
                        // Not even valid YAML: read the keys off the lines.
                        return keys_by_lines(yaml_text, name, defined_only);
                    }
                    field(name)
                        .and_then(Value::as_mapping)
                        .into_iter()
                        .flatten()
                        .filter(|(_, v)| !defined_only || !v.is_null())
                        .filter_map(|(k, _)| k.as_str().map(str::to_string))
                        .collect()
                };
                self.claims.extend(keys("claims", false));
                for id in keys("entities", true) {
                    self.pages.insert(format!("entities/{id}/"));
                    self.entities.insert(id);
                }
                for id in keys("sources", true) {
                    self.pages.insert(format!("sources/{id}/"));
                    self.sources.insert(id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_report_still_names_what_it_defines() {
        let mut u = Unavailable::default();
        // Valid YAML that does not deserialise: read as a tree.
        u.add_file(
            "2024/a.md",
            "---\ntitle: A\ndraft: maybe\nslug: alpha\nclaims:\n  c1: {text: T}\nentities:\n  x: {name: X}\n  y:\n---\n",
        );
        // Not YAML at all (a tab): read off the lines.
        u.add_file(
            "b.md",
            "---\ntitle: B\nclaims:\n  c2:\n\ttext: T\nsources:\n  s1: {title: S}\n  s2:\n---\n",
        );
        u.add_file("entities/e.md", "---\nname: [E]\n---\n");
        u.add_file("notes/_index.md", "---\ntitle: [N]\n---\n");
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(u.claims, set(&["c1", "c2"]));
        assert_eq!(u.entities, set(&["e", "x"]));
        assert_eq!(u.sources, set(&["s1"]));
        assert_eq!(
            u.pages,
            set(&[
                "2024/a/",
                "2024/alpha/",
                "b/",
                "entities/e/",
                "entities/x/",
                "notes/",
                "sources/s1/"
            ])
        );
        // A draft left out is absent, not broken.
        let mut d = Unavailable::default();
        d.add_file("c.md", "---\ntitle: C\ndraft: true\ndate: never\n---\n");
        assert!(d.pages.is_empty());
    }

    #[test]
    fn ids() {
        assert!(is_id("mfa-communique"));
        assert!(is_id("a_1"));
        assert!(!is_id("-a"));
        assert!(!is_id("Abc"));
        assert!(!is_id(""));
        assert!(!is_id("a b"));
    }

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slugify("Latin America"), "latin-america");
        assert_eq!(slugify("  Łódź — port!"), "łódź-port");
    }

    #[test]
    fn url_slugs_are_ascii_and_keep_words_whole() {
        assert_eq!(
            url_slug("Dead fish, silent permits: what poisoned the Río Tamaral"),
            "dead-fish-silent-permits-what-poisoned-the-rio-tamaral"
        );
        assert_eq!(url_slug("TCW's fines"), "tcws-fines");
        assert_eq!(url_slug("O’Brien and D‘Arcy"), "obrien-and-darcy");
        assert_eq!(url_slug("  Łódź — port!"), "lodz-port");
        assert_eq!(url_slug("Straße über Ærø"), "strasse-uber-aero");
        assert_eq!(url_slug("北京 2024"), "bei-jing-2024");
        assert_eq!(url_slug("Москва"), "moskva");
        assert_eq!(url_slug("'quoted' words"), "quoted-words");
        assert_eq!(url_slug("snake_case"), "snake_case");
        assert_eq!(url_slug("?!"), "");
    }

    #[test]
    fn tag_slugs_keep_the_signs_that_tell_tags_apart() {
        assert_eq!(tag_slug("c"), "c");
        assert_eq!(tag_slug("C++"), "c-plus-plus");
        assert_eq!(tag_slug("c#"), "c-sharp");
        assert_eq!(tag_slug("F# "), "f-sharp");
        assert_eq!(tag_slug("R&D"), "r-and-d");
        assert_eq!(tag_slug("#MeToo"), "metoo");
        assert_eq!(tag_slug("Água"), "água");
        assert_eq!(tag_slug("Women’s rights"), "womens-rights");
        assert_eq!(tag_slug("Latin America"), "latin-america");
        assert_eq!(tag_slug("Água"), tag_slug("água"));
        // Decomposed (a + U+0301) and precomposed accents: one page.
        assert_eq!(tag_slug("a\u{301}gua"), "água");
        assert_eq!(tag_spelling("A\u{301}gua"), "Água");
        assert_eq!(tag_slug("!?"), "");
    }

    #[test]
    fn timestamps_in_yaml_form_keep_their_instant() {
        let evening = parse_date("2024-05-02T23:30:00-05:00").unwrap();
        for form in [
            "2024-05-02 23:30:00 -05:00",
            "2024-05-02 23:30:00 -5",
            "2024-05-02T23:30:00-0500",
            "2024-05-02 23:30:00-05:00",
        ] {
            assert_eq!(parse_date(form), Some(evening), "{form}");
        }
        assert_eq!(
            parse_date("2024-05-03 04:30:00 Z").map(|w| w.machine()),
            Some("2024-05-03T04:30:00Z".to_string())
        );
        assert_eq!(parse_date("2024-05-02 evening"), None);
    }

    #[test]
    fn dates() {
        let day = parse_date("2024-05-02").unwrap();
        assert_eq!(day, When::Day(jiff::civil::date(2024, 5, 2)));
        assert_eq!(day.machine(), "2024-05-02");
        assert_eq!(day.feed(), "2024-05-02T00:00:00Z");
        let evening = parse_date("2024-05-02T23:30:00-05:00").unwrap();
        assert_eq!(evening.day().to_string(), "2024-05-02");
        assert_eq!(evening.machine(), "2024-05-02T23:30:00-05:00");
        assert_eq!(evening.instant().to_string(), "2024-05-03T04:30:00Z");
        let tokyo = parse_date("2024-05-03T01:00:00+09:00").unwrap();
        assert_eq!(tokyo.day().to_string(), "2024-05-03");
        assert_eq!(tokyo.instant().to_string(), "2024-05-02T16:00:00Z");
        assert!(evening > tokyo);
        let utc = parse_date("2024-05-02T10:00:00.5Z").unwrap();
        assert_eq!(utc.machine(), "2024-05-02T10:00:00.5Z");
        // A day counts as its midnight UTC.
        assert!(day < utc);
        assert!(parse_date("2024-05-02T00:00:00Z").unwrap() > day);
        assert!(parse_date("2024-13-02").is_none());
        assert!(parse_date("02/05/2024").is_none());
        assert_eq!(day.display(), "2 May 2024");
        assert_eq!(evening.display(), "2 May 2024");
    }

    #[test]
    fn file_kinds() {
        assert_eq!(FileKind::of("entities/colombia.md"), FileKind::Entity);
        assert_eq!(FileKind::of("sources/x.md"), FileKind::Source);
        assert_eq!(FileKind::of("2024/_index.md"), FileKind::Section);
        assert_eq!(FileKind::of("2024/entities/x.md"), FileKind::Report);
    }
}
