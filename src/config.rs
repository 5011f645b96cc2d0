//! `dossier.yaml`: the site's configuration. Unknown keys are errors with a
//! suggestion; every key but `title` and `base_url` has a default.

use serde::Deserialize;

use crate::diag::{Diagnostic, FileId, Span};
use crate::frontmatter::{self, Seg, Yaml};

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
        deserialize_with = "crate::model::scalar_strings"
    )]
    pub claim_statuses: Vec<String>,
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

/// Parses and checks `dossier.yaml` (already loaded as `file`).
pub fn parse(file: FileId, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let yaml = Yaml {
        file,
        start: 0,
        end: text.len(),
    };
    let mut config: Config = frontmatter::parse(yaml, text).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let at = |key: &str| frontmatter::locate(yaml, text, &[Seg::Key(key)], false);
    if !(config.base_url.starts_with("https://") || config.base_url.starts_with("http://")) {
        diags.push(
            Diagnostic::error("E009", "`base_url` must be an absolute http(s) URL")
                .at(at("base_url"))
                .help("for example `https://example.org/reports/`"),
        );
    }
    if !config.base_url.ends_with('/') {
        config.base_url.push('/');
    }
    if config.paginate_by == 0 {
        diags.push(
            Diagnostic::error("E013", "`paginate_by` must be at least 1").at(at("paginate_by")),
        );
    }
    if config.claim_statuses.is_empty() {
        diags.push(
            Diagnostic::error("E013", "`claim_statuses` must list at least one status")
                .at(at("claim_statuses")),
        );
    }
    for (i, status) in config.claim_statuses.iter().enumerate() {
        if !crate::model::is_id(status) {
            diags.push(
                Diagnostic::error("E007", format!("`{status}` is not a valid status name"))
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
    if config.output_dir.trim().is_empty() {
        diags.push(Diagnostic::error("E013", "`output_dir` is empty").at(at("output_dir")));
    }
    if diags.is_empty() {
        Ok(config)
    } else {
        Err(diags)
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
        assert_eq!(d[0].code, "E003");
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
    fn base_url_must_be_http() {
        let d = parse(0, "title: T\nbase_url: ftp://x/\n").unwrap_err();
        assert_eq!(d[0].code, "E009");
    }
}
