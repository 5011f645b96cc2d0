//! The timeline (SPEC §5): every dated claim and event entity in time
//! order, oldest first, grouped by year and month.
//!
//! - `timeline/`: the years, each with its months and counts, and the
//!   whole timeline below them when it fits on one page;
//! - `timeline/<year>/` (and `page/<n>/`): one year's entries, at most
//!   [`Renderer::timeline_per_page`] to a page, so that no page of a
//!   10,000-report site comes near 1 MB;
//! - each entity's timeline, on its pages (the dated claims each page
//!   lists, and an event's own dates);
//! - `data/timeline.json`: the same entries in TimelineJS3's JSON format.
//!
//! The entries are gathered and sorted once per language; every page
//! reads a slice of them, so the cost stays linear in the reports.

use std::ops::Range;

use serde::Serialize;

use super::{Link, OutputFile, Renderer};
use crate::diag::Diagnostic;
use crate::ids::{ClaimId, EntityId};
use crate::model::{PartialDate, TimelineDate};
use crate::resolve::Site;
use crate::urls::{list_page_url, root_prefix};

/// What an entry of the timeline is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Subject<'a> {
    Claim(ClaimId<'a>),
    Event(EntityId<'a>),
}

/// One dated thing on the timeline.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry<'a> {
    start: TimelineDate,
    /// An event's end, when it lasted.
    end: Option<TimelineDate>,
    subject: Subject<'a>,
}

impl<'a> Entry<'a> {
    pub(super) fn start(&self) -> TimelineDate {
        self.start
    }

    pub(super) fn end(&self) -> Option<TimelineDate> {
        self.end
    }

    pub(super) fn subject(&self) -> Subject<'a> {
        self.subject
    }
}

/// The site's timeline: its entries oldest first, and where each year's
/// run of them is.
pub(super) struct Timeline<'a> {
    entries: Vec<Entry<'a>>,
    /// Each year with an entry, oldest first, and its entries' range.
    years: Vec<(i16, Range<usize>)>,
}

impl<'a> Timeline<'a> {
    /// Gathers the dated claims and event entities of `site`. At one date,
    /// events come before claims (the event, then what was said about
    /// it), then by id, so that the order never depends on file order.
    pub(super) fn new(site: &Site<'a>) -> Timeline<'a> {
        let claims = site.defs.claims.iter().filter_map(|(&id, entry)| {
            entry.def.timeline_date().map(|start| Entry {
                start,
                end: None,
                subject: Subject::Claim(id),
            })
        });
        let events = site.defs.entities.iter().filter_map(|(&id, def)| {
            def.def.event_dates().map(|d| Entry {
                start: d.start,
                end: d.end,
                subject: Subject::Event(id),
            })
        });
        let mut entries: Vec<Entry<'a>> = events.chain(claims).collect();
        entries.sort_by(|a, b| {
            let key = |e: &Entry<'a>| match e.subject {
                Subject::Event(id) => (e.start, 0, id.as_str()),
                Subject::Claim(id) => (e.start, 1, id.as_str()),
            };
            key(a).cmp(&key(b))
        });
        let mut years: Vec<(i16, Range<usize>)> = Vec::new();
        for (n, e) in entries.iter().enumerate() {
            let year = e.start.parts().0;
            match years.last_mut() {
                Some((y, range)) if *y == year => range.end = n + 1,
                _ => years.push((year, n..n + 1)),
            }
        }
        Timeline { entries, years }
    }

    /// The years with entries, oldest first.
    pub(super) fn years(&self) -> &[(i16, Range<usize>)] {
        &self.years
    }

    /// Every entry, oldest first.
    pub(super) fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }
}

/// Where the timeline of `year` starts, from the site root.
pub(super) fn year_url(year: i16) -> String {
    format!("timeline/{year:04}/")
}

/// An entry as templates get it (docs/themes.md, "Timeline").
#[derive(Serialize)]
struct ItemView {
    /// `claim` or `event`.
    kind: &'static str,
    id: String,
    /// The claim's page, or the event's entity page.
    url: String,
    /// The claim's text, or the event's name.
    title: String,
    /// The start as machines read it (`2019`, `2019-05`, `2019-05-01`).
    date: String,
    /// As the language writes it, `c. 2019` when approximate.
    date_display: String,
    /// `year`, `month` or `day`.
    precision: &'static str,
    approximate: bool,
    /// An event's end; empty when it has none.
    end_date: String,
    end_date_display: String,
    /// A claim's status and its label; empty for an event.
    status: String,
    status_label: String,
    /// The report that makes the claim; none for an event.
    report: Option<Link>,
    /// A claim's entities; empty for an event.
    entities: Vec<super::EntityRef>,
    /// An event's one-line description; may be empty.
    description: String,
}

/// The entries of one month (or, `month` 0, those known only to the
/// year), under their heading.
#[derive(Serialize)]
struct MonthView {
    /// 1–12, or 0 for the entries known only to the year.
    month: i8,
    /// Element id (`m2024-05`, `y2024-year`).
    anchor: String,
    /// `2024-05`, or the year.
    datetime: String,
    /// `May 2024`, or `2024, no month given`.
    label: String,
    items: Vec<ItemView>,
}

/// The entries of one year, by month.
#[derive(Serialize)]
struct YearView {
    year: i16,
    /// Element id (`y2024`).
    anchor: String,
    datetime: String,
    /// The year as the language writes it.
    label: String,
    months: Vec<MonthView>,
}

/// A year in the overview, with its count and months.
#[derive(Serialize)]
struct YearSummary {
    year: i16,
    datetime: String,
    label: String,
    count: usize,
    /// Its entries: the year's page, or its group on this page.
    url: String,
    months: Vec<MonthSummary>,
}

#[derive(Serialize)]
struct MonthSummary {
    datetime: String,
    label: String,
    count: usize,
    url: String,
}

/// An entity's timeline, as `partials/entity-timeline.html` gets it.
#[derive(Serialize)]
pub(super) struct EntityTimeline {
    /// An event's own dates; none for other entities.
    event: Option<ItemView>,
    /// The dated claims this page of the entity lists, by year and month.
    years: Vec<YearView>,
    /// How many of the entity's claims are dated, on all its pages.
    total: usize,
    /// The site's timeline, from this page.
    url: String,
}

impl Renderer<'_, '_> {
    /// How many entries a page of a year holds: ten listing pages' worth,
    /// a few hundred kilobytes at most.
    pub(super) fn timeline_per_page(&self) -> usize {
        self.per_page().saturating_mul(10)
    }

    /// How many pages the year at `index` of [`Timeline::years`] takes.
    pub(super) fn timeline_year_pages(&self, index: usize) -> usize {
        let len = self.timeline.years[index].1.len();
        crate::urls::page_count(len, self.timeline_per_page())
    }

    /// A date as the language writes it: `May 2024`, and `c. 2019` (through
    /// the strings' `timeline.approximate`) when approximate.
    pub(super) fn timeline_date_text(&self, date: TimelineDate) -> String {
        let text = date.date.display(self.locale);
        if date.approximate {
            self.theme
                .strings
                .plain("timeline.approximate", &[("date", &text)])
        } else {
            text
        }
    }

    fn item(&self, e: &Entry<'_>, root: &str) -> ItemView {
        let site = self.site;
        let (start, end) = (e.start, e.end);
        let mut view = ItemView {
            kind: "claim",
            id: String::new(),
            url: String::new(),
            title: String::new(),
            date: start.machine(),
            date_display: self.timeline_date_text(start),
            precision: start.precision().as_str(),
            approximate: start.approximate,
            end_date: end.map(TimelineDate::machine).unwrap_or_default(),
            end_date_display: end.map(|d| self.timeline_date_text(d)).unwrap_or_default(),
            status: String::new(),
            status_label: String::new(),
            report: None,
            entities: Vec::new(),
            description: String::new(),
        };
        match e.subject {
            Subject::Claim(id) => {
                let row = self.claim_row(id, root, None);
                view.id = row.id;
                view.url = row.url;
                view.title = row.text;
                view.status = row.status;
                view.status_label = row.status_label;
                view.report = Some(row.report);
                view.entities = row.entities;
            }
            Subject::Event(id) => {
                let def = site.defs.entities[&id].def;
                view.kind = "event";
                view.id = id.to_string();
                view.url = format!("{root}entities/{id}/");
                view.title = def.name.clone();
                view.description = def.description.clone().unwrap_or_default();
            }
        }
        view
    }

    /// `entries` (in time order) grouped by year and month.
    fn group<'e, 'x: 'e>(
        &self,
        entries: impl Iterator<Item = &'e Entry<'x>>,
        root: &str,
    ) -> Vec<YearView> {
        let mut years: Vec<YearView> = Vec::new();
        for e in entries {
            let (year, month, _) = e.start.parts();
            let month = month.unwrap_or(0);
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearView {
                    year,
                    anchor: format!("y{year:04}"),
                    datetime: format!("{year:04}"),
                    label: PartialDate::Year(year).display(self.locale),
                    months: Vec::new(),
                });
            }
            let Some(y) = years.last_mut() else { continue };
            if y.months.last().is_none_or(|m| m.month != month) {
                y.months.push(self.month_view(year, month));
            }
            if let Some(m) = y.months.last_mut() {
                m.items.push(self.item(e, root));
            }
        }
        years
    }

    fn month_view(&self, year: i16, month: i8) -> MonthView {
        if month == 0 {
            let label = PartialDate::Year(year).display(self.locale);
            MonthView {
                month,
                anchor: format!("y{year:04}-year"),
                datetime: format!("{year:04}"),
                label: self
                    .theme
                    .strings
                    .plain("timeline.year_only", &[("year", &label)]),
                items: Vec::new(),
            }
        } else {
            MonthView {
                month,
                anchor: format!("m{year:04}-{month:02}"),
                datetime: format!("{year:04}-{month:02}"),
                label: PartialDate::Month(year, month).display(self.locale),
                items: Vec::new(),
            }
        }
    }

    /// The years and their months with counts. `on_page`: the whole
    /// timeline is on the page, and they link to its groups there;
    /// otherwise to the years' pages.
    fn year_summaries(&self, root: &str, on_page: bool) -> Vec<YearSummary> {
        let per = self.timeline_per_page();
        self.timeline
            .years
            .iter()
            .map(|(year, range)| {
                let year = *year;
                let base = format!("{root}{}", year_url(year));
                let mut months: Vec<MonthSummary> = Vec::new();
                let mut last = None;
                for (k, e) in self.timeline.entries[range.clone()].iter().enumerate() {
                    let month = e.start.parts().1.unwrap_or(0);
                    if last == Some(month) {
                        if let Some(m) = months.last_mut() {
                            m.count += 1;
                        }
                        continue;
                    }
                    last = Some(month);
                    let view = self.month_view(year, month);
                    let page = if on_page {
                        String::new()
                    } else {
                        list_page_url(&base, k / per + 1)
                    };
                    months.push(MonthSummary {
                        datetime: view.datetime,
                        label: view.label,
                        count: 1,
                        url: format!("{page}#{}", view.anchor),
                    });
                }
                YearSummary {
                    year,
                    datetime: format!("{year:04}"),
                    label: PartialDate::Year(year).display(self.locale),
                    count: range.len(),
                    url: if on_page {
                        format!("#y{year:04}")
                    } else {
                        base
                    },
                    months,
                }
            })
            .collect()
    }

    /// `timeline/`: the years with their months and counts, and the whole
    /// timeline when it fits on one page.
    pub(super) fn timeline_page(&self) -> Result<OutputFile, Diagnostic> {
        let url = "timeline/";
        let root = root_prefix(url);
        let strings = &self.theme.strings;
        let mut ctx = self.common(
            url,
            &root,
            strings.text("timeline.title"),
            strings.text("timeline.lead"),
            false,
        );
        let entries = &self.timeline.entries;
        let whole = entries.len() <= self.timeline_per_page();
        ctx.insert("years", &self.year_summaries(&root, whole));
        let groups = if whole {
            self.group(entries.iter(), &root)
        } else {
            Vec::new()
        };
        ctx.insert("groups", &groups);
        ctx.insert("total", &entries.len());
        ctx.insert("data_url", &format!("{root}data/timeline.json"));
        self.page("timeline.html", url, ctx)
    }

    /// Page `page` of the year at `index` of [`Timeline::years`].
    pub(super) fn timeline_year(
        &self,
        index: usize,
        page: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let (year, range) = &self.timeline.years[index];
        let entries = &self.timeline.entries[range.clone()];
        let (items, url, pagination) =
            self.paginate_with(entries, &year_url(*year), page, self.timeline_per_page());
        let root = root_prefix(&url);
        let label = PartialDate::Year(*year).display(self.locale);
        let mut ctx = self.common(
            &url,
            &root,
            &self
                .theme
                .strings
                .plain("timeline.year_title", &[("year", &label)]),
            "",
            false,
        );
        let years = &self.timeline.years;
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| years.get(i)).map(|(y, _)| Link {
                title: PartialDate::Year(*y).display(self.locale),
                url: format!("{root}{}", year_url(*y)),
            })
        };
        ctx.insert(
            "year",
            &YearPage {
                year: *year,
                label,
                datetime: format!("{year:04}"),
                count: entries.len(),
                prev: neighbour(index.checked_sub(1)),
                next: neighbour(Some(index + 1)),
            },
        );
        ctx.insert("groups", &self.group(items.iter(), &root));
        ctx.insert("timeline_url", &format!("{root}timeline/"));
        ctx.insert("pagination", &pagination);
        self.page("timeline_year.html", &url, ctx)
    }

    /// The timeline of entity `id` on the page whose claims are `claims`
    /// (in date order, dated first): its dated claims among them, and an
    /// event's own dates.
    pub(super) fn entity_timeline(
        &self,
        id: EntityId<'_>,
        claims: &[ClaimId<'_>],
        all: &[ClaimId<'_>],
        root: &str,
    ) -> EntityTimeline {
        let site = self.site;
        let def = site.defs.entities[&id].def;
        let event = def.event_dates().and_then(|d| {
            let (&key, _) = site.defs.entities.get_key_value(id.as_str())?;
            let mut item = self.item(
                &Entry {
                    start: d.start,
                    end: d.end,
                    subject: Subject::Event(key),
                },
                root,
            );
            // It is this page's own entity: no link to itself, and its
            // description is the page's lead already.
            item.url.clear();
            item.description.clear();
            Some(item)
        });
        let dated: Vec<Entry<'_>> = claims
            .iter()
            .filter_map(|&c| {
                let (&key, entry) = site.defs.claims.get_key_value(c.as_str())?;
                entry.def.timeline_date().map(|start| Entry {
                    start,
                    end: None,
                    subject: Subject::Claim(key),
                })
            })
            .collect();
        EntityTimeline {
            event,
            years: self.group(dated.iter(), root),
            // Dated claims come first in `all`.
            total: all.partition_point(|c| {
                site.defs
                    .claims
                    .get(c.as_str())
                    .is_some_and(|e| e.def.timeline_date().is_some())
            }),
            url: format!("{root}timeline/"),
        }
    }
}

/// `year` on a year's pages.
#[derive(Serialize)]
struct YearPage {
    year: i16,
    label: String,
    datetime: String,
    /// How many entries the year has, on all its pages.
    count: usize,
    /// The years before and after it that have entries.
    prev: Option<Link>,
    next: Option<Link>,
}
