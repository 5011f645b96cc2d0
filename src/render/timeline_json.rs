//! `data/timeline.json`: the timeline in TimelineJS3's JSON format, so
//! that a newsroom can drop the site's timeline into a TimelineJS embed.
//! The format (Knight Lab's "JSON format" documentation): an object with
//! a `title` slide and a list of `events` slides; each slide has a
//! `start_date` (and an optional `end_date`), each a date object with a
//! `year`, optional `month` and `day` (numbers, months 1–12) and an
//! optional `display_date`; `text` with a `headline` and HTML `text`; a
//! `group` (slides of one group share a row); and a `unique_id`. Links in
//! it are absolute, since the file is read from wherever it is embedded.

use serde::Serialize;

use super::Renderer;
use super::timeline::{Entry, Subject};
use crate::model::TimelineDate;
use crate::text::escape;

#[derive(Serialize)]
struct TimelineJs {
    title: Slide,
    events: Vec<Slide>,
}

/// A slide: the title slide has no dates.
#[derive(Serialize)]
struct Slide {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<DateJs>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateJs>,
    text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    /// The whole slide's date as shown: an event's range.
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_id: Option<String>,
}

#[derive(Serialize)]
struct DateJs {
    year: i16,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<i8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<i8>,
    /// As the site's language writes it, `c. 2019` when approximate:
    /// TimelineJS would otherwise show an exact-looking date.
    display_date: String,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    /// HTML.
    text: String,
}

impl Renderer<'_, '_> {
    fn date_js(&self, date: TimelineDate) -> DateJs {
        let (year, month, day) = date.parts();
        DateJs {
            year,
            month,
            day,
            display_date: self.timeline_date_text(date),
        }
    }

    /// `data/timeline.json`, every entry of the timeline oldest first.
    pub(super) fn timeline_json(&self) -> String {
        let config = self.site.config;
        let strings = &self.theme.strings;
        let base = config.base_url.as_str();
        let link = |url: &str, text: &str| {
            format!(
                "<a href=\"{}{}\">{}</a>",
                escape(base),
                escape(url),
                escape(text)
            )
        };
        let events = self
            .timeline
            .entries()
            .iter()
            .map(|e| self.slide(e, &link))
            .collect();
        let json = TimelineJs {
            title: Slide {
                start_date: None,
                end_date: None,
                text: Text {
                    headline: escape(&config.title),
                    text: format!(
                        "<p>{}</p><p>{}</p>",
                        escape(strings.text("timeline.lead")),
                        link("timeline/", strings.text("timeline.title"))
                    ),
                },
                group: None,
                display_date: None,
                unique_id: None,
            },
            events,
        };
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }

    fn slide(&self, e: &Entry<'_>, link: &dyn Fn(&str, &str) -> String) -> Slide {
        let site = self.site;
        let strings = &self.theme.strings;
        let (start, end) = (e.start(), e.end());
        let (headline, text, group, id) = match e.subject() {
            Subject::Claim(id) => {
                let entry = &site.defs.claims[&id];
                let def = entry.def;
                let report = site.docs.report(entry.report);
                let label = site.config.status(&def.status).map_or_else(
                    || crate::text::status_label(&def.status),
                    |s| s.label.clone(),
                );
                let verdict = def
                    .verdict
                    .as_deref()
                    .map(|v| format!(" {}", escape(v)))
                    .unwrap_or_default();
                let text = format!(
                    "<p>{}{verdict}</p><p>{}</p>",
                    link(&super::claim_page::claim_url(id.as_str()), &label),
                    link(
                        &report.url,
                        &strings.plain("claim.in_report", &[("report", &report.meta.title)])
                    ),
                );
                (def.text.clone(), text, label, format!("claim-{id}"))
            }
            Subject::Event(id) => {
                let def = site.defs.entities[&id].def;
                let mut text = String::new();
                if let Some(d) = &def.description {
                    text.push_str(&format!("<p>{}</p>", escape(d)));
                }
                text.push_str(&format!(
                    "<p>{}</p>",
                    link(&format!("entities/{id}/"), &def.name)
                ));
                let group =
                    super::labels::entity_type(crate::model::EntityType::Event).one(strings);
                (def.name.clone(), text, group, format!("event-{id}"))
            }
        };
        Slide {
            start_date: Some(self.date_js(start)),
            end_date: end.map(|d| self.date_js(d)),
            text: Text {
                headline: escape(&headline),
                text,
            },
            group: Some(group),
            display_date: end.map(|end| {
                strings.plain(
                    "timeline.range",
                    &[
                        ("start", &self.timeline_date_text(start)),
                        ("end", &self.timeline_date_text(end)),
                    ],
                )
            }),
            unique_id: Some(id),
        }
    }
}
