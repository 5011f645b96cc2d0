//! Dates as the language writes them, from CLDR through ICU4X: a whole
//! date (`2 de mayo de 2024`), a month (`mayo de 2024`) and a year.
//!
//! The formatters are fixed to the Gregorian calendar, the one front
//! matter is written in: the calendar-agnostic formatter would load the
//! names and patterns of every calendar.

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_datetime::input::Date;
use icu_datetime::options::YearStyle;
use icu_datetime::pattern::FixedCalendarDateTimeNames;
use icu_provider::prelude::*;

/// The three date formatters of one language, built once. Each is `None`
/// only if ICU could not load its data, which its baked data rules out;
/// the date is then written in English, as jiff writes it.
pub struct Dates {
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    year: Option<FixedCalendarDateTimeFormatter<Gregorian, Y>>,
}

impl Dates {
    /// The formatters of `locale`. ICU falls back along the locale's
    /// parents (`es-CO` → `es-419` → `es`), and to the root locale for a
    /// language it does not know: [`knows`] tells the two apart first.
    pub(super) fn new(locale: &icu_locale_core::Locale) -> Dates {
        // Front-matter years are 1 and later, all in the common era: the
        // era is never written (`Auto` would write `987 AD`).
        let era = YearStyle::NoEra;
        // The decimal formatter is loaded whatever the pattern: ICU 2.4
        // leaves it out of Portuguese month-and-year (`MMMM 'de' y`) and
        // then cannot write the year.
        macro_rules! formatter {
            ($fields:expr) => {
                FixedCalendarDateTimeFormatter::try_new(locale.into(), $fields)
                    .ok()
                    .and_then(|f| {
                        let mut names =
                            FixedCalendarDateTimeNames::from_formatter(locale.into(), f);
                        names.include_decimal_formatter().ok()?;
                        names.try_into_formatter($fields).ok()
                    })
            };
        }
        Dates {
            day: formatter!(YMD::long().with_year_style(era)),
            month: formatter!(YM::long().with_year_style(era)),
            year: formatter!(Y::long().with_year_style(era)),
        }
    }

    /// A whole date: `2 May 2024`, `2 de mayo de 2024`, `2 mai 2024`.
    pub fn day(&self, date: jiff::civil::Date) -> String {
        match (&self.day, gregorian(date.year(), date.month(), date.day())) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => date.strftime("%-d %B %Y").to_string(),
        }
    }

    /// A month of a year (`month` 1–12): `May 2024`, `mayo de 2024`.
    pub fn month(&self, year: i16, month: i8) -> String {
        match (&self.month, gregorian(year, month, 1)) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => jiff::civil::Date::new(year, month, 1)
                .map(|d| d.strftime("%B %Y").to_string())
                .unwrap_or_else(|_| format!("{year:04}-{month:02}")),
        }
    }

    /// A year: `2024` (with the language's own marks, `2024年`, where it
    /// has them).
    pub fn year(&self, year: i16) -> String {
        match (&self.year, gregorian(year, 1, 1)) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => year.to_string(),
        }
    }
}

fn gregorian(year: i16, month: i8, day: i8) -> Option<Date<Gregorian>> {
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    Date::try_new_gregorian(i32::from(year), month, day).ok()
}

/// Whether CLDR has month names for the language of `locale`: ICU's baked
/// data resolves a language it does not know to the root locale, whose
/// months are `M01`…`M12`.
pub(super) fn knows(locale: &icu_locale_core::Locale) -> bool {
    use icu_datetime::provider::names::DatetimeNamesMonthGregorianV1;
    let data_locale = DataLocale::from(locale);
    if data_locale.is_unknown() {
        return false;
    }
    // Month names are stored per length (`3` abbreviated, `4` narrow, `5`
    // wide): the wide ones are what dates here are written with.
    let wide = DataMarkerAttributes::from_str_or_panic("5");
    let request = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(wide, &data_locale),
        ..Default::default()
    };
    let loaded: Result<DataResponse<DatetimeNamesMonthGregorianV1>, _> =
        icu_datetime::provider::Baked.load(request);
    match loaded {
        // `locale` is set only when ICU fell back to a parent.
        Ok(response) => !response.metadata.locale.is_some_and(|l| l.is_unknown()),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(tag: &str) -> Dates {
        Dates::new(
            &icu_locale_core::Locale::try_from_str(if tag == "en" { "en-001" } else { tag })
                .unwrap(),
        )
    }

    /// Each shipped language's day, month and year forms, from CLDR.
    #[test]
    fn shipped_languages_write_dates_their_own_way() {
        let may2 = jiff::civil::date(2024, 5, 2);
        for (tag, day, month, year) in [
            ("en", "2 May 2024", "May 2024", "2024"),
            ("es", "2 de mayo de 2024", "mayo de 2024", "2024"),
            ("fr", "2 mai 2024", "mai 2024", "2024"),
            ("pt", "2 de maio de 2024", "maio de 2024", "2024"),
        ] {
            let d = dates(tag);
            assert_eq!(d.day(may2), day, "{tag}");
            assert_eq!(d.month(2024, 5), month, "{tag}");
            assert_eq!(d.year(2024), year, "{tag}");
        }
        // A region gets its own conventions.
        assert_eq!(dates("en-US").day(may2), "May 2, 2024");
        assert_eq!(dates("pt-BR").day(may2), "2 de maio de 2024");
        // Early years are not padded, and no era is written.
        assert_eq!(dates("en").year(987), "987");
        assert_eq!(dates("es").month(987, 5), "mayo de 987");
        assert_eq!(dates("fr").day(jiff::civil::date(77, 5, 2)), "2 mai 77");
    }

    #[test]
    fn known_languages() {
        let l = |t: &str| icu_locale_core::Locale::try_from_str(t).unwrap();
        for tag in ["en", "en-001", "es", "es-CO", "fr", "pt-BR", "de", "sw"] {
            assert!(knows(&l(tag)), "{tag}");
        }
        for tag in ["qq", "und", "tlh"] {
            assert!(!knows(&l(tag)), "{tag}");
        }
    }
}
