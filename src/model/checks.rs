//! The checks of single front-matter values that need only their own file:
//! ids, dates, URLs and entity names, each pointing at its key or value.

use crate::diag::{Code, Diagnostic};
use crate::frontmatter::{self, Seg, Yaml};

use super::{
    EntityDef, EntityType, EventDates, SourceDef, TIMELINE_DATE_FORMS, TimelineDate, When, is_id,
    parse_date,
};

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

    /// A date on the timeline (a claim's `date`, an event's `date` or
    /// `end_date`): a day, a month or a year, maybe approximate (see
    /// [`TimelineDate`]). E032 when it does not read.
    pub(super) fn timeline_date(&mut self, path: &[Seg<'_>], text: &str) -> Option<TimelineDate> {
        let date = TimelineDate::parse(text);
        if date.is_none() {
            self.push(
                Diagnostic::new(Code::E032, format!("`{text}` is not a valid date"))
                    .label("not a date on the timeline")
                    .help(format!("write {TIMELINE_DATE_FORMS}")),
                path,
                false,
            );
        }
        date
    }

    /// An entity's `date` and `end_date`: each must read (E032), the end
    /// may not come before the start nor stand alone (E033), and both
    /// belong to events only (W011: on a person or a place they would put
    /// nothing on the timeline, which the author cannot see).
    fn event_dates(&mut self, at: &[Seg<'_>], def: &EntityDef) {
        let mut path = at.to_vec();
        let mut read = |check: &mut Self, key: &'static str, value: &Option<String>| {
            let value = value.as_deref()?;
            path.push(Seg::Key(key));
            let date = check.timeline_date(&path, value);
            path.pop();
            date
        };
        let start = read(self, "date", &def.date);
        let end = read(self, "end_date", &def.end_date);
        let end_at = [at, &[Seg::Key("end_date")]].concat();
        if def.end_date.is_some() && def.date.is_none() {
            self.push(
                Diagnostic::new(Code::E033, "an `end_date` without a `date`")
                    .label("ends, but never begins")
                    .help("add the `date` the event began on, or make this one its `date`"),
                &end_at,
                true,
            );
        } else if let (Some(start), Some(end)) = (start, end)
            && EventDates::ends_before_start(start, end)
        {
            self.push(
                Diagnostic::new(
                    Code::E033,
                    format!(
                        "this event ends before its `date` ({})",
                        def.date.as_deref().unwrap_or_default().trim()
                    ),
                )
                .label("before the event's `date`")
                .help("swap `date` and `end_date`, or correct the one that is wrong"),
                &end_at,
                false,
            );
        }
        if def.kind != EntityType::Event {
            for (key, value) in [("date", &def.date), ("end_date", &def.end_date)] {
                if value.is_none() {
                    continue;
                }
                self.push(
                    Diagnostic::new(
                        Code::W011,
                        format!(
                            "`{key}` on an entity of type `{}`: only events are put on the timeline",
                            def.kind.as_str()
                        ),
                    )
                    .label("ignored")
                    .help("give the entity `type: event`, or move the date to a claim about it"),
                    &[at, &[Seg::Key(key)]].concat(),
                    true,
                );
            }
        }
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
        self.event_dates(at, def);
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
