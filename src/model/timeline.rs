//! Dates on the timeline (SPEC §2, §5): a claim's `date` and an event
//! entity's `date` and `end_date`, which may be known to the day, the month
//! or the year, and may be approximate (`~2019`). Read here, once, into
//! [`TimelineDate`] and [`EventDates`]; rendering only formats them.

use super::PartialDate;

/// The forms a timeline date may take, for help lines and docs.
pub const TIMELINE_DATE_FORMS: &str =
    "YYYY-MM-DD, YYYY-MM or YYYY, with a leading `~` when approximate (`~2019`, `~2019-05`)";

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    /// `year`, `month` or `day`: the word templates and JSON see.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A date on the timeline: a [`PartialDate`] (a day or a moment, a month,
/// a year), and whether the author marked it as approximate with a
/// leading `~` (`~2019`: "around 2019"). Ordered as its date, an exact
/// date before an approximate one of the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimelineDate {
    pub date: PartialDate,
    pub approximate: bool,
}

impl TimelineDate {
    /// Reads `YYYY-MM-DD` (or an RFC 3339 timestamp), `YYYY-MM` or `YYYY`,
    /// each optionally after a `~`; `None` for anything else.
    pub fn parse(text: &str) -> Option<TimelineDate> {
        let text = text.trim();
        let (approximate, rest) = match text.strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        // `~ 2019` and `~~2019` are not dates.
        if rest.starts_with(|c: char| c.is_whitespace() || c == '~') {
            return None;
        }
        Some(TimelineDate {
            date: PartialDate::parse(rest)?,
            approximate,
        })
    }

    /// How precisely it is known.
    pub fn precision(self) -> Precision {
        match self.date {
            PartialDate::Year(_) => Precision::Year,
            PartialDate::Month(..) => Precision::Month,
            PartialDate::Exact(_) => Precision::Day,
        }
    }

    /// The form machines read, without the `~` (valid in
    /// `<time datetime>`): `2019`, `2019-05`, `2019-05-01`.
    pub fn machine(self) -> String {
        self.date.machine()
    }

    /// The year, month (1–12) and day it names, as far as they are known.
    pub fn parts(self) -> (i16, Option<i8>, Option<i8>) {
        match self.date {
            PartialDate::Year(y) => (y, None, None),
            PartialDate::Month(y, m) => (y, Some(m), None),
            PartialDate::Exact(when) => {
                let d = when.day();
                (d.year(), Some(d.month()), Some(d.day()))
            }
        }
    }

    /// The first day it may mean.
    pub fn first_day(self) -> jiff::civil::Date {
        self.date.first_day()
    }

    /// The last day it may mean: 31 December for a year, the month's last
    /// day for a month.
    pub fn last_day(self) -> jiff::civil::Date {
        match self.date {
            PartialDate::Year(y) => jiff::civil::Date::new(y, 12, 31).unwrap_or_default(),
            PartialDate::Month(..) => self.first_day().last_of_month(),
            PartialDate::Exact(when) => when.day(),
        }
    }
}

/// An event entity's dates: when it began (`date`) and, for an event that
/// lasted, when it ended (`end_date`, never before `date`: E033).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventDates {
    pub start: TimelineDate,
    pub end: Option<TimelineDate>,
}

impl EventDates {
    /// Whether `end` comes before `start`: whether the last day `end` may
    /// mean is before the first day `start` may mean, so that
    /// `2024-05` … `2024-05-10` and `2024-05-10` … `2024-05` both stand.
    pub fn ends_before_start(start: TimelineDate, end: TimelineDate) -> bool {
        end.last_day() < start.first_day()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_and_partial_dates() {
        let p = |t| TimelineDate::parse(t);
        let around = p("~2019").unwrap();
        assert!(around.approximate);
        assert_eq!(around.precision(), Precision::Year);
        assert_eq!(around.machine(), "2019");
        let month = p("~2019-05").unwrap();
        assert_eq!(month.precision(), Precision::Month);
        assert_eq!(month.parts(), (2019, Some(5), None));
        let day = p("2024-05-01").unwrap();
        assert!(!day.approximate);
        assert_eq!(day.precision(), Precision::Day);
        assert_eq!(day.parts(), (2024, Some(5), Some(1)));
        for bad in ["~", "~ 2019", "~~2019", "2019~", "c. 2019", "2024-5", ""] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert!(p("2019").unwrap() < around);
        assert!(around < p("2019-01").unwrap());
    }

    #[test]
    fn ranges_compare_what_each_end_may_mean() {
        let p = |t| TimelineDate::parse(t).unwrap();
        assert!(!EventDates::ends_before_start(
            p("2024-05"),
            p("2024-05-10")
        ));
        assert!(!EventDates::ends_before_start(
            p("2024-05-10"),
            p("2024-05")
        ));
        assert!(!EventDates::ends_before_start(p("2024"), p("2024-01-01")));
        assert!(EventDates::ends_before_start(
            p("2024-05-10"),
            p("2024-05-09")
        ));
        assert!(EventDates::ends_before_start(p("2024-05-10"), p("2024-04")));
        assert_eq!(p("2024-02").last_day(), jiff::civil::date(2024, 2, 29));
        assert_eq!(p("~2023").last_day(), jiff::civil::date(2023, 12, 31));
    }
}
