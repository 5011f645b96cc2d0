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
