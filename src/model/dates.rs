//! Front-matter dates: a calendar day or an instant with the offset it was
//! written in ([`When`]), how they are read, and the forms they are shown in.

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

/// A date known to the day (or the moment), the month or only the year,
/// as a claim's `date` may be written: `2024-05-01` or an RFC 3339
/// timestamp ([`When`]), `2024-05`, `2024`. Ordered by the first moment it
/// may mean, a year before its first month and a month before its first
/// day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialDate {
    /// Only the year.
    Year(i16),
    /// A month of a year, 1–12.
    Month(i16, i8),
    /// A whole date, or a moment.
    Exact(When),
}

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or any date [`parse_date`] reads; `None`
    /// for anything else (a month out of 1–12, a year before 1).
    pub fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match text.len() {
            4 if digits(text) => {
                let year: i16 = text.parse().ok()?;
                (year >= 1).then_some(PartialDate::Year(year))
            }
            7 if digits(&text[..4]) && &text[4..5] == "-" && digits(&text[5..]) => {
                let year: i16 = text[..4].parse().ok()?;
                let month: i8 = text[5..].parse().ok()?;
                (year >= 1 && (1..=12).contains(&month)).then_some(PartialDate::Month(year, month))
            }
            _ => parse_date(text).map(PartialDate::Exact),
        }
    }

    /// The form machines read, as precise as the date: `2024`, `2024-05`,
    /// or [`When::machine`]. Valid in `<time datetime>`, schema.org dates
    /// and `data/site.json`.
    pub fn machine(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y:04}"),
            PartialDate::Month(y, m) => format!("{y:04}-{m:02}"),
            PartialDate::Exact(when) => when.machine(),
        }
    }

    /// How the date reads on a page: `2024`, `May 2024`, `1 May 2024`.
    pub fn display(self) -> String {
        match self {
            PartialDate::Year(y) => format!("{y}"),
            PartialDate::Month(..) => self.first_day().strftime("%B %Y").to_string(),
            PartialDate::Exact(when) => when.display(),
        }
    }

    /// The first day the date may mean (the author's calendar day for a
    /// moment).
    pub fn first_day(self) -> jiff::civil::Date {
        match self {
            PartialDate::Year(y) => jiff::civil::Date::new(y, 1, 1).unwrap_or_default(),
            PartialDate::Month(y, m) => jiff::civil::Date::new(y, m, 1).unwrap_or_default(),
            PartialDate::Exact(when) => when.day(),
        }
    }

    /// The first moment the date may mean: a year or a month from its
    /// first day's midnight UTC, as [`When::instant`] counts a day.
    pub fn instant(self) -> jiff::Timestamp {
        match self {
            PartialDate::Exact(when) => when.instant(),
            _ => When::Day(self.first_day()).instant(),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &PartialDate) -> std::cmp::Ordering {
        let key = |d: &PartialDate| match *d {
            PartialDate::Year(_) => (d.instant(), 0, None),
            PartialDate::Month(..) => (d.instant(), 1, None),
            PartialDate::Exact(when) => (d.instant(), 2, Some(when)),
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &PartialDate) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// How a date reads on a page: `2 May 2024`.
pub fn display_date(date: jiff::civil::Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn partial_dates() {
        let p = |t| PartialDate::parse(t);
        assert_eq!(p("2024"), Some(PartialDate::Year(2024)));
        assert_eq!(p("2024-05"), Some(PartialDate::Month(2024, 5)));
        assert_eq!(
            p("2024-05-01"),
            Some(PartialDate::Exact(When::Day(jiff::civil::date(2024, 5, 1))))
        );
        assert_eq!(
            p("2024-05-01T23:00:00-05:00").map(PartialDate::machine),
            Some("2024-05-01T23:00:00-05:00".to_string())
        );
        for bad in [
            "24", "2024-13", "2024-5", "0000", "2024-00", "May 2024", "2024/05", "+2024",
        ] {
            assert_eq!(p(bad), None, "{bad}");
        }
        assert_eq!(p("2024").unwrap().display(), "2024");
        assert_eq!(p("2024-05").unwrap().display(), "May 2024");
        assert_eq!(p("2024-05").unwrap().machine(), "2024-05");
        assert_eq!(p("0987").unwrap().machine(), "0987");
        assert_eq!(p("2024-05-01").unwrap().display(), "1 May 2024");
        assert!(p("2024").unwrap() < p("2024-01").unwrap());
        assert!(p("2024-01").unwrap() < p("2024-01-01").unwrap());
        assert!(p("2023-12-31").unwrap() < p("2024").unwrap());
        assert!(p("2024-02").unwrap() < p("2025").unwrap());
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
}
