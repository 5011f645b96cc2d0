//! `dossier.yaml`: the site's configuration. Unknown keys are errors with a
//! suggestion; every key but `title` and `base_url` has a default.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::frontmatter::{self, FieldSpec, Seg, Yaml, check_as};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown on every page: one text, or one per
    /// language (`title: {en: Field Reports, es: Informes de campo}`);
    /// here the text of this configuration's language ([`Config::given`]
    /// keeps what was written).
    #[serde(deserialize_with = "first_text")]
    pub title: String,
    /// Absolute URL the site is published at; used only for feed, sitemap,
    /// canonical links and JSON-LD. Always ends with `/` once loaded.
    pub base_url: String,
    /// One line about the site, for the home page and the feed: one text,
    /// or one per language, like `title`.
    #[serde(default, deserialize_with = "first_text")]
    pub description: String,
    /// Language tag for `<html lang>` and the feed: the language of the
    /// whole site, or of its unprefixed pages when it has several. On a
    /// multilingual site it is the first of `languages`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The languages of a multilingual site (SPEC §9), the first being the
    /// default, which is published without a prefix; the others under
    /// `<tag>/` (lowercase). Once loaded it is never empty: a site with
    /// one language has `[language]`.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Folder under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where `build` writes, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// Reports per listing page.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Which plain-text mentions of a listed entity become links.
    #[serde(default)]
    pub auto_link_entities: AutoLink,
    /// Curly quotes and dashes in report bodies.
    #[serde(default)]
    pub smart_punctuation: bool,
    /// The static search page and its index (`search/index.html` and
    /// `search/pagefind/` in each language's folder; SPEC §5.1). Default:
    /// on.
    #[serde(default = "default_search")]
    pub search: bool,
    /// A syntect theme name, for the generated `syntax.css`.
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    /// The statuses a claim may have, in the order the claims index shows
    /// them: names (`verified`) or maps (`{id, label, rating, meaning}`),
    /// mixed freely. See [`ClaimStatus`] for what a name alone gives.
    #[serde(default = "default_claim_statuses", deserialize_with = "statuses")]
    pub claim_statuses: Vec<ClaimStatus>,
    /// The scale the statuses' `rating`s are on (schema.org `worstRating`
    /// and `bestRating` of a claim review). Default: 1 to 5.
    #[serde(default)]
    pub rating_scale: RatingScale,
    /// The organisation that publishes the site: the `author` of its
    /// claim reviews. Defaults to the site's `title` when not given.
    #[serde(default)]
    pub publisher: String,
    /// Bibliography files (BibTeX, BibLaTeX, CSL-JSON, CSL-YAML), relative
    /// to the site root: one path or a list.
    #[serde(default, deserialize_with = "paths")]
    pub bibliography: Vec<String>,
    /// Where each path of `bibliography` is written in dossier.yaml, in
    /// the same order: for a file found missing when it is read. Never
    /// read from the file.
    #[serde(skip)]
    pub bibliography_at: Vec<Span>,
    /// How citations and the Sources list look: `numbered` (the default),
    /// the name of a CSL style dossier bundles (`apa`,
    /// `chicago-author-date`, `ieee`, ...), or the path of a `.csl` file
    /// relative to the site root.
    #[serde(default = "default_citation_style")]
    pub citation_style: String,
    /// The CSL style `citation_style` names, read when the site is loaded;
    /// `None` for `numbered`. Never read from the file.
    #[serde(skip)]
    pub csl: Option<std::sync::Arc<crate::cite::Style>>,
    /// The folder of this configuration's language in the output, from the
    /// site root: empty for the default language, `es/` for Spanish on a
    /// multilingual site. Never read from the file.
    #[serde(skip)]
    pub prefix: String,
    /// `title` and `description` as written, when written per language,
    /// and the language of the text each field shows where it is not this
    /// configuration's (a fallback, marked `lang` on pages). Never read
    /// from the file.
    #[serde(skip)]
    pub given: SiteTexts,
    /// The name a screen reader gives the scrolling box around a table in
    /// a report's body (`Table`, `Tabla`): the string `report.table` in
    /// this configuration's language, set when the theme is loaded
    /// (bodies are annotated before any template runs). Never read from
    /// the file.
    #[serde(skip)]
    pub table_label: String,
    /// Set by `serve`, never read from the file: the path the site is
    /// served at on the local address (`/`). The 404 page links from here
    /// instead of from `base_url`, so that it stays on that address.
    #[serde(skip)]
    pub served_at: Option<String>,
}

/// The texts of dossier.yaml written per language (`{en: …, es: …}`), and
/// which language the shown `title` and `description` are in when no
/// text is given in the configuration's own (`None`: its own language).
#[derive(Debug, Clone, Default)]
pub struct SiteTexts {
    pub title: Option<IndexMap<String, String>>,
    pub description: Option<IndexMap<String, String>>,
    /// The language of the shown `title`, where it fell back.
    pub title_lang: Option<String>,
    /// The language of the shown `description`, where it fell back.
    pub description_lang: Option<String>,
}

/// A text that may be given per language, read as its first value; the
/// configuration's language chooses among them ([`Config::localize`]).
fn first_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let (first, _) = crate::model::PerLang::<String>::deserialize(d)?.split();
    Ok(first)
}

impl Config {
    /// Shows `title` and `description` in `lang` where they are given per
    /// language: its own text, else the default language's, else the first
    /// given; a fallback's language is kept in [`Config::given`].
    pub fn localize(&mut self, lang: &str) {
        let default = self.languages.first().cloned().unwrap_or_default();
        let pick = |map: &IndexMap<String, String>| -> Option<(String, Option<String>)> {
            let find = |tag: &str| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(tag));
            if let Some((_, v)) = find(lang) {
                return Some((v.clone(), None));
            }
            let (k, v) = find(&default).or_else(|| map.iter().next())?;
            Some((v.clone(), Some(k.clone())))
        };
        if let Some((text, from)) = self.given.title.as_ref().and_then(pick) {
            self.title = text;
            self.given.title_lang = from;
        }
        if let Some((text, from)) = self.given.description.as_ref().and_then(pick) {
            self.description = text;
            self.given.description_lang = from;
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoLink {
    #[default]
    First,
    All,
    None,
}

fn default_language() -> String {
    "en".into()
}
fn default_search() -> bool {
    true
}
fn default_citation_style() -> String {
    crate::cite::NUMBERED.into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output_dir() -> String {
    "public".into()
}
fn default_paginate_by() -> usize {
    20
}
fn default_highlight_theme() -> String {
    "InspiredGitHub".into()
}
fn default_claim_statuses() -> Vec<ClaimStatus> {
    WELL_KNOWN
        .iter()
        .map(|known| ClaimStatus::named(known.id))
        .collect()
}

/// One status a claim may have (`claim_statuses` in dossier.yaml).
///
/// A status given by name alone (`verified`) takes its label, rating and
/// meaning from [`WELL_KNOWN`] when dossier knows the name, and otherwise
/// gets a label made from the name (`half-true` → `Half true`), no meaning
/// and no rating. A map (`{id: half-true, label: Half true, rating: 3,
/// meaning: ...}`) says each itself; what it leaves out is filled the same
/// way, except `rating`: a map without one is not a rating.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClaimStatus {
    /// The name claims use in `status:` (an id: `[a-z0-9][a-z0-9_-]*`).
    pub id: String,
    /// How the status reads on pages (`Mostly false`): badges, legends,
    /// the `alternateName` of a claim review's rating.
    pub label: String,
    /// Where the status sits on [`Config::rating_scale`], for the claim
    /// review's `ratingValue`. `None`: not a rating (an opinion, or a claim
    /// not yet assessed), so the claim gets no `ClaimReview`.
    pub rating: Option<u32>,
    /// One sentence on what the status means, for legends and claim pages;
    /// empty when neither the site nor dossier gives one.
    pub meaning: String,
}

impl ClaimStatus {
    /// The status a bare name in `claim_statuses` stands for.
    fn named(id: &str) -> ClaimStatus {
        let known = WELL_KNOWN.iter().find(|k| k.id == id);
        ClaimStatus {
            id: id.to_string(),
            label: known.map_or_else(|| crate::text::status_label(id), |k| k.label.to_string()),
            rating: known.and_then(|k| k.rating),
            meaning: known.map(|k| k.meaning.to_string()).unwrap_or_default(),
        }
    }
}

/// A status dossier knows by name: its label, rating on the default 1–5
/// scale and meaning, used when `claim_statuses` names it without saying.
pub struct KnownStatus {
    pub id: &'static str,
    pub label: &'static str,
    pub rating: Option<u32>,
    pub meaning: &'static str,
}

/// The default statuses, in the order of the default `claim_statuses`.
/// `unverified` and `opinion` are not ratings: a claim not yet assessed,
/// or a view rather than a fact, gets no claim review.
pub const WELL_KNOWN: &[KnownStatus] = &[
    KnownStatus {
        id: "verified",
        label: "Verified",
        rating: Some(5),
        meaning: "Confirmed by the cited sources.",
    },
    KnownStatus {
        id: "disputed",
        label: "Disputed",
        rating: Some(3),
        meaning: "Contested: credible sources disagree.",
    },
    KnownStatus {
        id: "misleading",
        label: "Misleading",
        rating: Some(2),
        meaning: "Partly accurate but leaves a false impression.",
    },
    KnownStatus {
        id: "false",
        label: "False",
        rating: Some(1),
        meaning: "Contradicted by the evidence.",
    },
    KnownStatus {
        id: "unverified",
        label: "Unverified",
        rating: None,
        meaning: "Not yet confirmed or refuted.",
    },
    KnownStatus {
        id: "opinion",
        label: "Opinion",
        rating: None,
        meaning: "A judgement or view, not a factual claim.",
    },
];

/// The range of the statuses' ratings: `rating_scale: {worst: 1, best: 5}`.
/// `worst` must be below `best`; every `rating` lies between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    /// The rating of the least accurate status (schema.org `worstRating`).
    pub worst: u32,
    /// The rating of the most accurate status (schema.org `bestRating`).
    pub best: u32,
}

impl RatingScale {
    /// A rating on the 1–5 scale of [`WELL_KNOWN`] placed on this scale,
    /// rounded to the nearest whole rating.
    fn place_known(self, rating: u32) -> u32 {
        let span = f64::from(self.best.saturating_sub(self.worst));
        let placed = f64::from(self.worst) + f64::from(rating.saturating_sub(1)) * span / 4.0;
        // In range by construction: `worst + (0..=4) * span / 4`.
        placed.round() as u32
    }
}

impl Default for RatingScale {
    fn default() -> RatingScale {
        RatingScale { worst: 1, best: 5 }
    }
}

/// A status as written in `claim_statuses`: a name (`false` unquoted is
/// the status `false`), or a map.
enum StatusEntry {
    Name(String),
    Map(StatusMap),
}

/// `{id, label, rating, meaning}` in `claim_statuses`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusMap {
    #[serde(deserialize_with = "crate::frontmatter::scalar_string")]
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    rating: Option<u32>,
    #[serde(default)]
    meaning: Option<String>,
}

impl StatusEntry {
    fn id(&self) -> &str {
        match self {
            StatusEntry::Name(id) => id,
            StatusEntry::Map(map) => &map.id,
        }
    }

    fn status(self) -> ClaimStatus {
        match self {
            StatusEntry::Name(id) => ClaimStatus::named(&id),
            StatusEntry::Map(map) => {
                let named = ClaimStatus::named(&map.id);
                ClaimStatus {
                    label: map.label.unwrap_or(named.label),
                    rating: map.rating,
                    meaning: map.meaning.unwrap_or(named.meaning),
                    id: map.id,
                }
            }
        }
    }
}

/// A status as written, read on its own: a name or a map, so that a
/// wrong entry is reported at itself (an untagged enum would only say
/// that the list is wrong).
impl<'de> Deserialize<'de> for StatusEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<StatusEntry, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = StatusEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a status name or a map `{id, label, rating, meaning}`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StatusEntry, E> {
                Ok(StatusEntry::Name(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<StatusEntry, E> {
                Ok(StatusEntry::Name(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<StatusEntry, E> {
                Ok(StatusEntry::Name(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<StatusEntry, E> {
                Ok(StatusEntry::Name(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<StatusEntry, A::Error> {
                StatusMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(StatusEntry::Map)
            }
        }
        d.deserialize_any(V)
    }
}

/// `claim_statuses` as the value checks read it: each entry on its own,
/// `None` for one that does not read (its error is reported by the type
/// check), so that the others are still checked.
struct Statuses(Vec<Option<StatusEntry>>);

impl<'de> Deserialize<'de> for Statuses {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Statuses, D::Error> {
        struct Lenient(Option<StatusEntry>);
        impl<'de> Deserialize<'de> for Lenient {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lenient, D::Error> {
                // The tree deserialiser reads each item on its own.
                Ok(Lenient(StatusEntry::deserialize(d).ok()))
            }
        }
        Ok(Statuses(
            Vec::<Lenient>::deserialize(d)?
                .into_iter()
                .map(|e| e.0)
                .collect(),
        ))
    }
}

fn statuses<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<ClaimStatus>, D::Error> {
    Ok(Vec::<StatusEntry>::deserialize(d)?
        .into_iter()
        .map(StatusEntry::status)
        .collect())
}

impl Config {
    /// Puts the ratings that well-known names took from [`WELL_KNOWN`]
    /// (on 1 to 5) on the site's `rating_scale`, so that a site rating
    /// from 0 to 10 that lists `false` by name rates it 0, not 1. Maps keep
    /// the ratings they give.
    fn rescale_known_ratings(&mut self, written: Option<&Statuses>) {
        let Some(written) = written else {
            // The default statuses, on the (possibly custom) scale.
            for status in &mut self.claim_statuses {
                status.rating = status.rating.map(|r| self.rating_scale.place_known(r));
            }
            return;
        };
        for (status, entry) in self.claim_statuses.iter_mut().zip(&written.0) {
            if let Some(StatusEntry::Name(_)) = entry {
                status.rating = status.rating.map(|r| self.rating_scale.place_known(r));
            }
        }
    }

    /// The status named `id`, if the site has it.
    pub fn status(&self, id: &str) -> Option<&ClaimStatus> {
        self.claim_statuses.iter().find(|s| s.id == id)
    }

    /// The ids of the site's statuses, in order.
    pub fn status_ids(&self) -> impl Iterator<Item = &str> {
        self.claim_statuses.iter().map(|s| s.id.as_str())
    }
}

/// One path or a list of paths, as [`Config::bibliography`] reads them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Paths {
    One(String),
    Many(Vec<String>),
}

fn paths<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Paths::deserialize(d)? {
        Paths::One(p) => vec![p],
        Paths::Many(list) => list,
    })
}

/// Every key of [`Config`] with its type, so that a file with several
/// problems gets them all at once (serde stops at the first). A unit test
/// keeps this list and `Config` the same.
const FIELDS: &[FieldSpec] = &[
    FieldSpec::one("title", true, check_as::<String>),
    FieldSpec::one("base_url", true, check_as::<String>),
    FieldSpec::one("description", false, check_as::<String>),
    FieldSpec::one("language", false, check_as::<String>),
    FieldSpec::one("languages", false, check_as::<Vec<String>>),
    FieldSpec::one("theme", false, check_as::<String>),
    FieldSpec::one("output_dir", false, check_as::<String>),
    FieldSpec::one("paginate_by", false, check_as::<usize>),
    FieldSpec::one("auto_link_entities", false, check_as::<AutoLink>),
    FieldSpec::one("smart_punctuation", false, check_as::<bool>),
    FieldSpec::one("search", false, check_as::<bool>),
    FieldSpec::one("highlight_theme", false, check_as::<String>),
    FieldSpec::one("claim_statuses", false, check_as::<Vec<StatusEntry>>),
    FieldSpec::one("bibliography", false, check_as::<Paths>),
    FieldSpec::one("citation_style", false, check_as::<String>),
    FieldSpec::one("rating_scale", false, check_as::<RatingScale>),
    FieldSpec::one("publisher", false, check_as::<String>),
];

/// The keys whose values need more than their type checked, each read on
/// its own: one that fails to read is left to [`FIELDS`]' report, and the
/// others are still checked.
#[derive(Default, Deserialize)]
struct Checked {
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    base_url: Option<String>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    paginate_by: Option<usize>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    claim_statuses: Option<Statuses>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    output_dir: Option<String>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    highlight_theme: Option<String>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    bibliography: Option<Paths>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    rating_scale: Option<RatingScale>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    language: Option<String>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    languages: Option<Vec<String>>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    title: Option<crate::model::PerLang<String>>,
    #[serde(default, deserialize_with = "frontmatter::lenient")]
    description: Option<crate::model::PerLang<String>>,
}

/// Parses and checks `dossier.yaml` (already loaded as `file`). `Err`
/// holds every problem of the file: unknown keys, values of the wrong type
/// and values out of range, each at its key or value.
pub fn parse(file: FileId, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let yaml = Yaml {
        file,
        start: 0,
        end: text.len(),
    };
    let parsed: Result<Config, Diagnostic> = frontmatter::parse(yaml, text);
    let mut diags = match &parsed {
        Ok(_) => Vec::new(),
        Err(first) => frontmatter::explain_all(yaml, text, FIELDS, first.clone()),
    };
    let checked: Checked = frontmatter::parse(yaml, text).unwrap_or_default();
    check_values(yaml, text, &checked, &mut diags);
    match parsed {
        Ok(mut config) if diags.is_empty() => {
            if !config.base_url.ends_with('/') {
                config.base_url.push('/');
            }
            config.bibliography_at = bibliography_spans(yaml, text, &checked);
            config.rescale_known_ratings(checked.claim_statuses.as_ref());
            match config.languages.first() {
                Some(first) => config.language.clone_from(first),
                None => config.languages = vec![config.language.clone()],
            }
            let many = |t: &Option<crate::model::PerLang<String>>| match t {
                Some(crate::model::PerLang::Many(map)) => Some(map.clone()),
                _ => None,
            };
            config.given.title = many(&checked.title);
            config.given.description = many(&checked.description);
            let language = config.language.clone();
            config.localize(&language);
            if config.publisher.trim().is_empty() {
                config.publisher.clone_from(&config.title);
            }
            Ok(config)
        }
        _ => Err(diags),
    }
}

/// `languages`: tags of the shape BCP 47 gives a language (`es`, `pt-BR`,
/// `zh-Hant`), each listed once, and `language`, when both are given, the
/// first of them (the default language).
fn check_languages(yaml: Yaml, text: &str, checked: &Checked, diags: &mut Vec<Diagnostic>) {
    // A `language` ICU cannot read is W014 (English is shown); the tags of
    // `languages` also name output folders, so their shape is checked.
    let at = |segs: &[Seg<'_>]| frontmatter::locate(yaml, text, segs, false);
    let Some(list) = &checked.languages else {
        return;
    };
    if list.is_empty() {
        diags.push(
            Diagnostic::new(Code::E013, "`languages` must list at least one language")
                .at(at(&[Seg::Key("languages")]))
                .help("list the site's languages, the default first: `languages: [en, es]`"),
        );
    }
    for (i, tag) in list.iter().enumerate() {
        let here = at(&[Seg::Key("languages"), Seg::Index(i)]);
        if !is_language_tag(tag) {
            diags.push(bad_tag(tag, here));
        } else if list[..i].iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            diags.push(
                Diagnostic::new(Code::E013, format!("the language `{tag}` is listed twice"))
                    .at(here)
                    .help("list each language once"),
            );
        }
    }
    if let (Some(language), Some(first)) = (&checked.language, list.first())
        && !language.eq_ignore_ascii_case(first)
    {
        diags.push(
            Diagnostic::new(
                Code::E013,
                format!("`language` is `{language}` but `languages` starts with `{first}`"),
            )
            .at(at(&[Seg::Key("language")]))
            .help("the first of `languages` is the default language: remove `language`, or list it first"),
        );
    }
}

/// A text given per language names only languages of `languages` (or
/// the site's `language`).
fn check_texts(yaml: Yaml, text: &str, checked: &Checked, diags: &mut Vec<Diagnostic>) {
    let languages: Vec<&str> = match (&checked.languages, &checked.language) {
        (Some(list), _) => list.iter().map(String::as_str).collect(),
        (None, Some(one)) => vec![one.as_str()],
        (None, None) => vec!["en"],
    };
    for (key, value) in [
        ("title", &checked.title),
        ("description", &checked.description),
    ] {
        let Some(crate::model::PerLang::Many(map)) = value else {
            continue;
        };
        for tag in map.keys() {
            if languages.iter().any(|l| l.eq_ignore_ascii_case(tag)) {
                continue;
            }
            let at = frontmatter::locate(yaml, text, &[Seg::Key(key), Seg::Key(tag)], true);
            diags.push(
                Diagnostic::new(
                    Code::E013,
                    format!("`{tag}` is not one of the site's languages"),
                )
                .at(at)
                .label("not in `languages`")
                .help(format!(
                    "give `{key}` in the languages of `languages` ({}), or add `{tag}` there",
                    languages.join(", ")
                )),
            );
        }
    }
}

fn bad_tag(tag: &str, at: Span) -> Diagnostic {
    Diagnostic::new(Code::E013, format!("`{tag}` is not a language tag"))
        .at(at)
        .help("write a language code, with a region or script if needed: `es`, `pt-BR`, `zh-Hant`")
}

/// Whether `tag` has the shape of a BCP 47 language tag as sites write
/// them: a 2–3 letter language, then subtags of 2–8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The checks of values beyond their type.
fn check_values(yaml: Yaml, text: &str, checked: &Checked, diags: &mut Vec<Diagnostic>) {
    let at = |key: &str| frontmatter::locate(yaml, text, &[Seg::Key(key)], false);
    if let Some(base_url) = &checked.base_url
        && !(base_url.starts_with("https://") || base_url.starts_with("http://"))
    {
        diags.push(
            Diagnostic::new(Code::E009, "`base_url` must be an absolute http(s) URL")
                .at(at("base_url"))
                .help("for example `https://example.org/reports/`"),
        );
    }
    if checked.paginate_by == Some(0) {
        diags.push(
            Diagnostic::new(Code::E013, "`paginate_by` must be at least 1").at(at("paginate_by")),
        );
    }
    let statuses = checked.claim_statuses.as_ref().map_or(&[][..], |s| &s.0);
    if checked.claim_statuses.is_some() && statuses.is_empty() {
        diags.push(
            Diagnostic::new(Code::E013, "`claim_statuses` must list at least one status")
                .at(at("claim_statuses")),
        );
    }
    check_languages(yaml, text, checked, diags);
    check_texts(yaml, text, checked, diags);
    let scale = checked.rating_scale.unwrap_or_default();
    if scale.worst >= scale.best {
        diags.push(
            Diagnostic::new(
                Code::E031,
                format!(
                    "`rating_scale` runs from {} to {}: `worst` must be below `best`",
                    scale.worst, scale.best
                ),
            )
            .at(at("rating_scale"))
            .help("for example `rating_scale: {worst: 1, best: 5}`"),
        );
    }
    for (i, status) in statuses.iter().enumerate() {
        let Some(status) = status else { continue };
        let entry = [Seg::Key("claim_statuses"), Seg::Index(i)];
        // Where the id is written: the item itself, or its map's `id`.
        let id_at = match status {
            StatusEntry::Name(_) => frontmatter::locate(yaml, text, &entry, false),
            StatusEntry::Map(_) => {
                frontmatter::locate(yaml, text, &[entry[0], entry[1], Seg::Key("id")], false)
            }
        };
        let id = status.id();
        if !crate::ids::is_id(id) {
            diags.push(
                Diagnostic::new(Code::E007, format!("`{id}` is not a valid status name"))
                    .at(id_at)
                    .help("use lowercase letters, digits, `-` and `_`"),
            );
        } else if statuses[..i]
            .iter()
            .flatten()
            .any(|earlier| earlier.id() == id)
        {
            diags.push(
                Diagnostic::new(Code::E031, format!("the status `{id}` is listed twice"))
                    .at(id_at)
                    .help("list each status once"),
            );
        }
        if let StatusEntry::Map(StatusMap {
            rating: Some(rating),
            ..
        }) = status
            && scale.worst < scale.best
            && !(scale.worst..=scale.best).contains(rating)
        {
            diags.push(
                Diagnostic::new(
                    Code::E031,
                    format!(
                        "the rating {rating} of `{id}` is outside the rating scale ({} to {})",
                        scale.worst, scale.best
                    ),
                )
                .at(frontmatter::locate(
                    yaml,
                    text,
                    &[entry[0], entry[1], Seg::Key("rating")],
                    false,
                ))
                .help(format!(
                    "give a rating from {} (worst) to {} (best), or change `rating_scale`",
                    scale.worst, scale.best
                )),
            );
        }
    }
    if let Some(name) = &checked.highlight_theme
        && crate::highlight::stylesheet(name).is_none()
    {
        let names = crate::highlight::theme_names();
        diags.push(
            Diagnostic::new(Code::E013, format!("unknown highlight theme `{name}`"))
                .at(at("highlight_theme"))
                .help_opt(
                    crate::diag::suggest(name, names.iter().map(String::as_str))
                        .or_else(|| Some(format!("available: {}", names.join(", ")))),
                ),
        );
    }
    let bibliography = match &checked.bibliography {
        Some(Paths::One(p)) => std::slice::from_ref(p),
        Some(Paths::Many(list)) => list.as_slice(),
        None => &[],
    };
    let spans = bibliography_spans(yaml, text, checked);
    for (path, at) in bibliography.iter().zip(spans) {
        if BibFormat::of(path).is_none() {
            diags.push(
                Diagnostic::new(
                    Code::E024,
                    format!("`{path}` is not a bibliography file dossier reads"),
                )
                .at(at)
                .help("name a `.bib` (BibTeX, BibLaTeX), `.json` (CSL-JSON) or `.yaml` (CSL-YAML) file"),
            );
        }
    }
    if checked
        .output_dir
        .as_ref()
        .is_some_and(|dir| dir.trim().is_empty())
    {
        diags.push(Diagnostic::new(Code::E013, "`output_dir` is empty").at(at("output_dir")));
    }
}

/// Where each path of `bibliography:` is written: the list's items, or
/// the one value.
fn bibliography_spans(yaml: Yaml, text: &str, checked: &Checked) -> Vec<Span> {
    match &checked.bibliography {
        Some(Paths::One(_)) => vec![frontmatter::locate(
            yaml,
            text,
            &[Seg::Key("bibliography")],
            false,
        )],
        Some(Paths::Many(list)) => (0..list.len())
            .map(|i| {
                let at = [Seg::Key("bibliography"), Seg::Index(i)];
                frontmatter::locate(yaml, text, &at, false)
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The span of a top-level key's value, for errors found later (an unknown
/// highlight theme, say).
pub fn key_span(file: FileId, text: &str, key: &str) -> Span {
    let yaml = Yaml {
        file,
        start: 0,
        end: text.len(),
    };
    frontmatter::locate(yaml, text, &[Seg::Key(key)], false)
}

/// The formats of a bibliography file that `bibliography:` may name, by
/// its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BibFormat {
    BibLatex,
    CslJson,
    CslYaml,
}

impl BibFormat {
    /// The format of a file named `path`, by its extension.
    pub fn of(path: &str) -> Option<BibFormat> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "bib" | "bibtex" | "biblatex" => Some(BibFormat::BibLatex),
            "json" => Some(BibFormat::CslJson),
            "yaml" | "yml" => Some(BibFormat::CslYaml),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_optional_keys() {
        let c = parse(0, "title: T\nbase_url: https://example.org/r\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/r/");
        assert_eq!(c.paginate_by, 20);
        assert_eq!(c.auto_link_entities, AutoLink::First);
        assert_eq!(c.claim_statuses.len(), 6);
    }

    #[test]
    fn unknown_keys_are_errors_with_suggestions() {
        let text = "title: T\nbase_url: https://e.org/\npaginte_by: 3\n";
        let d = parse(0, text).unwrap_err();
        assert_eq!(d[0].code, Code::E003);
        assert_eq!(d[0].help.as_deref(), Some("did you mean `paginate_by`?"));
        let span = d[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "paginte_by");
    }

    #[test]
    fn an_unquoted_false_status_is_the_status_false() {
        let c = parse(
            0,
            "title: T\nbase_url: https://e.org/\nclaim_statuses: [verified, false]\n",
        )
        .unwrap();
        let ids: Vec<&str> = c.status_ids().collect();
        assert_eq!(ids, ["verified", "false"]);
        assert_eq!(c.claim_statuses[1].rating, Some(1));
    }

    #[test]
    fn statuses_may_be_maps_with_labels_ratings_and_meanings() {
        let c = parse(
            0,
            "title: Checks\nbase_url: https://e.org/\nclaim_statuses:\n  - {id: \"true\", label: Accurate, rating: 10, meaning: All there.}\n  - {id: half-true, rating: 5}\n  - {id: verified}\n  - \"false\"\n  - opinion\nrating_scale: {worst: 0, best: 10}\n",
        )
        .unwrap();
        let got: Vec<(&str, &str, Option<u32>, &str)> = c
            .claim_statuses
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    s.label.as_str(),
                    s.rating,
                    s.meaning.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("true", "Accurate", Some(10), "All there."),
                ("half-true", "Half true", Some(5), ""),
                // A map without a rating is not a rating, even for a known
                // name; its label and meaning are still filled in.
                (
                    "verified",
                    "Verified",
                    None,
                    "Confirmed by the cited sources."
                ),
                // A known name alone: its rating placed on 0–10.
                ("false", "False", Some(0), "Contradicted by the evidence."),
                (
                    "opinion",
                    "Opinion",
                    None,
                    "A judgement or view, not a factual claim."
                ),
            ]
        );
        assert_eq!(c.rating_scale, RatingScale { worst: 0, best: 10 });
        assert_eq!(c.publisher, "Checks", "the publisher defaults to the title");
        assert_eq!(c.status("half-true").map(|s| s.rating), Some(Some(5)));
        assert!(c.status("mostly").is_none());
    }

    #[test]
    fn the_default_statuses_rate_on_the_default_scale() {
        let c = parse(0, "title: T\nbase_url: https://e.org/\npublisher: Desk\n").unwrap();
        let ratings: Vec<Option<u32>> = c.claim_statuses.iter().map(|s| s.rating).collect();
        assert_eq!(ratings, [Some(5), Some(3), Some(2), Some(1), None, None]);
        assert_eq!(c.publisher, "Desk");
        let c = parse(
            0,
            "title: T\nbase_url: https://e.org/\nrating_scale: {worst: 1, best: 9}\n",
        )
        .unwrap();
        let ratings: Vec<Option<u32>> = c.claim_statuses.iter().map(|s| s.rating).collect();
        assert_eq!(ratings, [Some(9), Some(5), Some(3), Some(1), None, None]);
    }

    #[test]
    fn statuses_that_cannot_be_rated_are_errors_where_they_are_written() {
        let text = "title: T\nbase_url: https://e.org/\nclaim_statuses:\n  - {id: a, rating: 6}\n  - {id: b, ratng: 2}\n  - {id: Bad}\nrating_scale: {worst: 3, best: 3}\n";
        let d = parse(0, text).unwrap_err();
        let got: Vec<(Code, &str)> = d
            .iter()
            .map(|d| {
                let span = d.span.unwrap();
                (d.code, &text[span.start..span.end])
            })
            .collect();
        assert_eq!(
            got,
            [
                (Code::E003, "ratng"),
                (Code::E031, "{worst: 3, best: 3}"),
                (Code::E007, "Bad"),
            ],
            "{d:#?}"
        );
        // With a scale that works, the rating outside it is found.
        let text = "title: T\nbase_url: https://e.org/\nclaim_statuses: [{id: a, rating: 6}]\n";
        let d = parse(0, text).unwrap_err();
        assert_eq!(d[0].code, Code::E031);
        let span = d[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "6");
    }

    #[test]
    fn every_problem_of_the_file_is_reported() {
        let text = "title: T\nbase_url: ftp://x/\npaginte_by: 3\nsmart_punctuation: maybe\nclaim_statuses: [Verified]\noutput_dir: ' '\npaginate_by: 0\n";
        let d = parse(0, text).unwrap_err();
        let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::E003,
                Code::E014,
                Code::E009,
                Code::E013,
                Code::E007,
                Code::E013
            ],
            "{d:#?}"
        );
    }

    #[test]
    fn the_field_list_matches_the_config() {
        // serde names every field of `Config` when it meets an unknown one.
        let err = frontmatter::parse::<Config>(
            Yaml {
                file: 0,
                start: 0,
                end: 40,
            },
            "title: T\nbase_url: https://e.org/\nzzz: 1\n",
        )
        .unwrap_err();
        let help = err.help.unwrap_or_default();
        let mut named: Vec<&str> = help
            .trim_start_matches("known fields: ")
            .split(", ")
            .collect();
        named.sort_unstable();
        let mut listed: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        listed.sort_unstable();
        assert_eq!(named, listed, "{help}");
    }

    #[test]
    fn base_url_must_be_http() {
        let d = parse(0, "title: T\nbase_url: ftp://x/\n").unwrap_err();
        assert_eq!(d[0].code, Code::E009);
    }
}
