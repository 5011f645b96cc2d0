//! The checks of single front-matter values that need only their own file:
//! ids, dates, URLs and entity names, each pointing at its key or value.

use crate::diag::{Code, Diagnostic};
use crate::frontmatter::{self, Seg, Yaml};

use super::{EntityDef, PartialDate, SourceDef, When, is_id, parse_date};

/// Whether a URL is one dossier will link to: http or https only.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// Single-file checks, each pointing at the exact key or value.
pub(super) struct Checker<'a> {
    pub(super) yaml: Yaml,
    pub(super) text: &'a str,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(super) fn push(&mut self, diag: Diagnostic, path: &[Seg<'_>], key: bool) {
        let span = frontmatter::locate(self.yaml, self.text, path, key);
        self.diags.push(diag.at(span));
    }

    pub(super) fn id(&mut self, what: &str, path: &[Seg<'_>]) {
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

    /// A claim's date: a day, or only a month or a year (see
    /// [`PartialDate`]).
    pub(super) fn partial_date(&mut self, path: &[Seg<'_>], text: &str) -> Option<PartialDate> {
        let date = PartialDate::parse(text);
        if date.is_none() {
            self.push(
                Diagnostic::new(Code::E006, format!("`{text}` is not a valid date"))
                    .help("write a claim's date as YYYY-MM-DD, or only YYYY-MM or YYYY when that is all that is known"),
                path,
                false,
            );
        }
        date
    }

    pub(super) fn date(&mut self, path: &[Seg<'_>], text: &str) -> Option<When> {
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

    pub(super) fn entity(&mut self, at: &[Seg<'_>], def: &EntityDef) {
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

    pub(super) fn source(&mut self, at: &[Seg<'_>], def: &SourceDef) {
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
