//! Citation styles: `citation_style:` in dossier.yaml read into a CSL style
//! (one bundled with hayagriva, or a `.csl` file), the CSL-JSON item of
//! every source ([`csl_items`]), and a report's citations and Sources list
//! formatted by the style ([`render`]). The default `numbered` style needs
//! none of this: the annotation pass writes its numbers itself.

pub mod csl_items;
pub mod render;

use std::path::Path;

use citationberg::{IndependentStyle, Locale, LocaleCode, Style as CslStyle};
use hayagriva::archive::{self, ArchivedStyle};

use crate::diag::{Code, Diagnostic, Span};

pub use csl_items::{front_matter_item, item_of};

/// The name of the default style: dossier's own numbers, no CSL.
pub const NUMBERED: &str = "numbered";

/// A CSL style ready to render, with the locales it may need and the one
/// the site's language picks.
#[derive(Debug)]
pub struct Style {
    /// What `citation_style` said.
    pub name: String,
    pub csl: IndependentStyle,
    pub locales: Vec<Locale>,
    /// The locale of the site's `language`, as the bundled locales spell
    /// it (`en` → `en-US`); `None` leaves the style's default.
    pub locale: Option<LocaleCode>,
}

impl Style {
    /// Whether the style writes numbers (`ieee`) or labels rather than
    /// authors and dates: no author-in-text form then.
    pub fn is_numeric(&self) -> bool {
        use citationberg::{CitationFormat, StyleCategory};
        self.csl.info.category.iter().any(|c| {
            matches!(
                c,
                StyleCategory::CitationFormat {
                    format: CitationFormat::Numeric | CitationFormat::Label
                }
            )
        })
    }
}

/// Reads the style `citation_style` names: `None` for `numbered`. A name
/// is looked up among the bundled styles; a value ending in `.csl` is a
/// file under `root`. `at` is the value's place in dossier.yaml, for E023.
pub fn load_style(
    root: &Path,
    name: &str,
    language: &str,
    at: Span,
) -> Result<Option<Style>, Diagnostic> {
    if name == NUMBERED {
        return Ok(None);
    }
    let csl = if name.ends_with(".csl") {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::new(
                Code::E023,
                format!("the citation style file `{name}` cannot be read: {e}"),
            )
            .at(at)
            .label("no such style file")
            .help("give the path of a `.csl` file relative to the site's folder, or a style name such as `apa`")
        })?;
        let parsed = CslStyle::from_xml(&text).map_err(|e| {
            Diagnostic::new(Code::E023, format!("`{name}` is not a CSL style: {e}"))
                .at(at)
                .label("this file")
                .help("a CSL 1.0 style file, as the Zotero style repository gives them")
        })?;
        match parsed {
            CslStyle::Independent(s) => s,
            CslStyle::Dependent(d) => {
                // A dependent style names its parent; dossier has those it
                // bundles.
                match ArchivedStyle::by_id(&d.parent_link.href).map(ArchivedStyle::get) {
                    Some(CslStyle::Independent(s)) => s,
                    _ => {
                        return Err(Diagnostic::new(
                            Code::E023,
                            format!(
                                "`{name}` is a dependent style whose parent `{}` dossier does not have",
                                d.parent_link.href
                            ),
                        )
                        .at(at)
                        .help("use the parent style's own `.csl` file, or a bundled style name"));
                    }
                }
            }
        }
    } else {
        match ArchivedStyle::by_name(name).map(ArchivedStyle::get) {
            Some(CslStyle::Independent(s)) => s,
            _ => {
                let names = style_names();
                let help = crate::diag::suggest(name, names.iter().copied())
                    .unwrap_or_else(|| {
                        "write `numbered`, a style name such as `apa`, `chicago-author-date` or `ieee`, or the path of a `.csl` file".to_string()
                    });
                return Err(Diagnostic::new(
                    Code::E023,
                    format!("unknown citation style `{name}`"),
                )
                .at(at)
                .label("no style has this name")
                .help(help));
            }
        }
    };
    let locales = archive::locales();
    let locale = pick_locale(&locales, language);
    Ok(Some(Style {
        name: name.to_string(),
        csl,
        locales,
        locale,
    }))
}

/// Every bundled style name, `numbered` first.
pub fn style_names() -> Vec<&'static str> {
    let mut names = vec![NUMBERED];
    for s in ArchivedStyle::all() {
        names.extend(s.names());
    }
    names
}

/// The bundled locale for a language tag: the tag itself (`pt-BR`), else
/// the language's main region (`en` → `en-US`, `es` → `es-ES`), else any
/// of its regions.
fn pick_locale(locales: &[Locale], language: &str) -> Option<LocaleCode> {
    let codes: Vec<&str> = locales
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.as_str()))
        .collect();
    let lang = language.split(['-', '_']).next().unwrap_or(language);
    let main = match lang {
        "en" => "en-US".to_string(),
        other => format!("{other}-{}", other.to_uppercase()),
    };
    let found = codes
        .iter()
        .find(|c| c.eq_ignore_ascii_case(language))
        .or_else(|| codes.iter().find(|c| **c == main))
        .or_else(|| codes.iter().find(|c| c.split('-').next() == Some(lang)))?;
    Some(LocaleCode(found.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_pick_bundled_locales() {
        let locales = archive::locales();
        let pick = |l| pick_locale(&locales, l).map(|c| c.0);
        assert_eq!(pick("en").as_deref(), Some("en-US"));
        assert_eq!(pick("es").as_deref(), Some("es-ES"));
        assert_eq!(pick("pt-BR").as_deref(), Some("pt-BR"));
        assert_eq!(pick("xx"), None);
    }

    #[test]
    fn names_and_suggestions() {
        let at = Span::new(0, 0..0);
        assert!(
            load_style(Path::new("."), "numbered", "en", at)
                .unwrap()
                .is_none()
        );
        let apa = load_style(Path::new("."), "apa", "en", at)
            .unwrap()
            .unwrap();
        assert!(!apa.is_numeric());
        assert!(
            load_style(Path::new("."), "ieee", "en", at)
                .unwrap()
                .unwrap()
                .is_numeric()
        );
        let err = load_style(Path::new("."), "chicago-autor-date", "en", at).unwrap_err();
        assert_eq!(err.code, Code::E023);
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `chicago-author-date`?")
        );
    }
}
