//! `dossier.yaml`: the site's configuration. Unknown keys are errors with a
//! suggestion; every key but `title` and `base_url` has a default.

use serde::Deserialize;

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::frontmatter::{self, FieldSpec, Seg, Yaml, check_as};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown on every page.
    pub title: String,
    /// Absolute URL the site is published at; used only for feed, sitemap,
    /// canonical links and JSON-LD. Always ends with `/` once loaded.
    pub base_url: String,
    /// One line about the site, for the home page and the feed.
    #[serde(default)]
    pub description: String,
    /// Language tag for `<html lang>` and the feed.
    #[serde(default = "default_language")]
    pub language: String,
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
    /// A syntect theme name, for the generated `syntax.css`.
    #[serde(default = "default_highlight_theme")]
    pub highlight_theme: String,
    /// The statuses a claim may have, in the order the claims index shows them.
    #[serde(
        default = "default_claim_statuses",
        deserialize_with = "crate::frontmatter::scalar_strings"
    )]
    pub claim_statuses: Vec<String>,
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
    /// Set by `serve`, never read from the file: the path the site is
    /// served at on the local address (`/`). The 404 page links from here
    /// instead of from `base_url`, so that it stays on that address.
    #[serde(skip)]
    pub served_at: Option<String>,
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
fn default_claim_statuses() -> Vec<String> {
    [
        "verified",
        "disputed",
        "misleading",
        "false",
        "unverified",
        "opinion",
    ]
    .map(String::from)
    .to_vec()
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

/// Statuses as [`Config::claim_statuses`] reads them (`false` unquoted is
/// the status `false`).
#[derive(Deserialize)]
struct Statuses(#[serde(deserialize_with = "crate::frontmatter::scalar_strings")] Vec<String>);

/// Every key of [`Config`] with its type, so that a file with several
/// problems gets them all at once (serde stops at the first). A unit test
/// keeps this list and `Config` the same.
const FIELDS: &[FieldSpec] = &[
    FieldSpec::one("title", true, check_as::<String>),
    FieldSpec::one("base_url", true, check_as::<String>),
    FieldSpec::one("description", false, check_as::<String>),
    FieldSpec::one("language", false, check_as::<String>),
    FieldSpec::one("theme", false, check_as::<String>),
    FieldSpec::one("output_dir", false, check_as::<String>),
    FieldSpec::one("paginate_by", false, check_as::<usize>),
    FieldSpec::one("auto_link_entities", false, check_as::<AutoLink>),
    FieldSpec::one("smart_punctuation", false, check_as::<bool>),
    FieldSpec::one("highlight_theme", false, check_as::<String>),
    FieldSpec::one("claim_statuses", false, check_as::<Statuses>),
    FieldSpec::one("bibliography", false, check_as::<Paths>),
    FieldSpec::one("citation_style", false, check_as::<String>),
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
            Ok(config)
        }
        _ => Err(diags),
    }
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
    for (i, status) in statuses.iter().enumerate() {
        if !crate::ids::is_id(status) {
            diags.push(
                Diagnostic::new(Code::E007, format!("`{status}` is not a valid status name"))
                    .at(frontmatter::locate(
                        yaml,
                        text,
                        &[Seg::Key("claim_statuses"), Seg::Index(i)],
                        false,
                    ))
                    .help("use lowercase letters, digits, `-` and `_`"),
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
        assert_eq!(c.claim_statuses, ["verified", "false"]);
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
