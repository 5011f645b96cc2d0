//! Everything that depends on the site's language: the [`Locale`] built
//! once from `language` in dossier.yaml, which formats dates the way that
//! language writes them and sorts names the way its readers expect, and
//! the theme's strings in that language ([`Catalogue`], and the template
//! filter `t` that reads them).
//!
//! The render stage is handed a `&Locale`, never a global, so that a
//! multilingual site can later render each language with its own.

mod catalogue;
mod collate;
mod filter;
mod format;

use crate::diag::{Code, Diagnostic};

pub use catalogue::{Arg, BUILT_IN, Catalogue, Message};
pub use collate::Collation;
pub use filter::{literal_keys, register as register_filter};
pub use format::Dates;

/// A language, as the site wrote it, with what formats and sorts in it.
pub struct Locale {
    /// The tag as written in dossier.yaml (`es`, `pt-BR`), or `en` for the
    /// fallback.
    tag: String,
    dates: Dates,
    collation: Collation,
}

/// Why a language cannot be used: the tag is not BCP 47, or ICU has no
/// data for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// Not a BCP 47 tag (`english`, `es_ES!`).
    NotATag,
    /// A well-formed tag whose language CLDR does not describe.
    NoData,
}

impl Locale {
    /// The locale of a BCP 47 tag, or why there is none. A bare `en`
    /// formats as international English (`en-001`: `2 May 2024`), the form
    /// dossier has always shown; `en-US` and `en-GB` get their own.
    pub fn new(tag: &str) -> Result<Locale, Unknown> {
        let parsed = icu_locale_core::Locale::try_from_str(tag).map_err(|_| Unknown::NotATag)?;
        let for_dates = if parsed.id.language.as_str() == "en" && parsed.id.region.is_none() {
            icu_locale_core::locale!("en-001")
        } else {
            parsed.clone()
        };
        if !format::knows(&for_dates) {
            return Err(Unknown::NoData);
        }
        Ok(Locale {
            tag: tag.to_string(),
            dates: Dates::new(&for_dates),
            collation: Collation::new(&parsed),
        })
    }

    /// English, as a bare `en` gives it: what a language ICU does not know
    /// falls back to.
    pub fn english() -> Locale {
        let en = icu_locale_core::locale!("en-001");
        Locale {
            tag: "en".to_string(),
            dates: Dates::new(&en),
            collation: Collation::new(&icu_locale_core::locale!("en")),
        }
    }

    /// The site's locale from its `language`: English, with a W014 warning
    /// at the value in dossier.yaml, when ICU does not know the language.
    /// `at` is the span of the value, if it was written.
    pub fn for_site(tag: &str, at: Option<crate::diag::Span>) -> (Locale, Option<Diagnostic>) {
        match Locale::new(tag) {
            Ok(locale) => (locale, None),
            Err(why) => {
                let message = match why {
                    Unknown::NotATag => format!("`{tag}` is not a language tag"),
                    Unknown::NoData => format!("no date formats or sorting rules for `{tag}`"),
                };
                let diag = Diagnostic::new(Code::W014, message)
                    .at_opt(at)
                    .label("dates shown and names sorted as in English")
                    .help(
                        "write a BCP 47 language tag that CLDR knows: `en`, `es`, `fr`, `pt`, `pt-BR`, `de`…",
                    );
                (Locale::english(), Some(diag))
            }
        }
    }

    /// The tag as written in dossier.yaml.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The date formats of the language.
    pub fn dates(&self) -> &Dates {
        &self.dates
    }

    /// The sorting rules of the language.
    pub fn collation(&self) -> &Collation {
        &self.collation
    }
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale").field("tag", &self.tag).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sync<T: Send + Sync>() {}

    #[test]
    fn a_locale_is_shared_by_the_render_threads() {
        assert_sync::<Locale>();
    }

    #[test]
    fn unknown_languages_fall_back_to_english() {
        assert_eq!(Locale::new("english").err(), Some(Unknown::NotATag));
        assert_eq!(Locale::new("qq").err(), Some(Unknown::NoData));
        let (locale, diag) = Locale::for_site("qq", None);
        assert_eq!(locale.tag(), "en");
        assert_eq!(diag.map(|d| d.code), Some(Code::W014));
        assert!(Locale::for_site("pt-BR", None).1.is_none());
    }
}
