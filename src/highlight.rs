//! Code highlighting with syntect, emitting CSS classes rather than inline
//! styles. The syntax set is loaded on first use only: most reports have no
//! code, and loading costs tens of milliseconds.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix, so syntect's class names cannot clash with the theme's.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// The highlighted HTML of `code` (inside `<code>`), or `None` when the
    /// language is unknown.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let syntaxes = self.syntaxes();
        let syntax = syntaxes
            .find_syntax_by_token(lang)
            .or_else(|| syntaxes.find_syntax_by_name(lang))?;
        let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// Names of the themes syntect ships, for checking `highlight_theme`.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

/// The stylesheet for a syntect theme, or `None` if there is no such theme.
///
/// It styles code blocks (`pre.code`) whole: their background and text
/// colour come from the syntect theme, not from the site's theme, so that
/// every token colour is measured against the background it is drawn on.
/// Colours that would be hard to read there (under WCAG AA's 4.5:1) are
/// darkened or lightened until they are not. A light theme is used in
/// light mode only; in dark mode (`prefers-color-scheme: dark`) its dark
/// counterpart is used, so that light-mode colours never land on a dark
/// page. A dark theme is used in both.
pub fn stylesheet(theme: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let light = themes.themes.get(theme)?;
    let (light, light_is_dark) = readable(light);
    let light_css = block_css(&light)?;
    if light_is_dark {
        return Some(light_css);
    }
    let partner = themes.themes.get(dark_partner(theme))?;
    let (dark, _) = readable(partner);
    let dark_css = block_css(&dark)?;
    Some(format!(
        "@media not all and (prefers-color-scheme: dark) {{\n{light_css}}}\n\n\
         @media (prefers-color-scheme: dark) {{\n{dark_css}}}\n"
    ))
}

/// The dark theme shown in dark mode for a light one: its own dark variant
/// where syntect has one.
fn dark_partner(light: &str) -> &'static str {
    match light {
        "Solarized (light)" => "Solarized (dark)",
        _ => "base16-ocean.dark",
    }
}

/// The rules of one theme: the code block, then syntect's token classes.
fn block_css(theme: &Theme) -> Option<String> {
    let hex = |c: Color| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b);
    let block = format!(
        "pre.code {{\n color: {};\n background-color: {};\n}}\n\n",
        hex(theme.settings.foreground?),
        hex(theme.settings.background?)
    );
    let tokens = css_for_theme_with_class_style(theme, STYLE).ok()?;
    Some(block + &tokens)
}

/// The minimum contrast of text (WCAG 2, AA), with a small margin so that
/// rounding in a browser or a checker cannot take a colour under 4.5.
const MIN_CONTRAST: f64 = 4.6;

/// A copy of `theme` whose every text colour is readable on the background
/// it is drawn on (the token's own, else the code block's), with all
/// colours made opaque; and whether the theme is a dark one.
fn readable(theme: &Theme) -> (Theme, bool) {
    let mut theme = theme.clone();
    let white = Color::WHITE;
    let background = opaque(theme.settings.background.unwrap_or(white), white);
    let is_dark = luminance(background) < 0.18;
    let fallback = if is_dark { white } else { Color::BLACK };
    let foreground = legible(theme.settings.foreground.unwrap_or(fallback), background);
    theme.settings.background = Some(background);
    theme.settings.foreground = Some(foreground);
    for item in &mut theme.scopes {
        let style = &mut item.style;
        let behind = style
            .background
            .map_or(background, |b| opaque(b, background));
        if style.background.is_some() {
            style.background = Some(behind);
        }
        style.foreground = match style.foreground {
            Some(fg) => Some(legible(opaque(fg, behind), behind)),
            // The block's text colour, on this token's own background.
            None if contrast(foreground, behind) < MIN_CONTRAST => {
                Some(legible(foreground, behind))
            }
            None => None,
        };
    }
    (theme, is_dark)
}

/// `c` drawn over an opaque `below`.
fn opaque(c: Color, below: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let mix = |x: u8, y: u8| (f64::from(x) * a + f64::from(y) * (1.0 - a)).round() as u8;
    Color {
        r: mix(c.r, below.r),
        g: mix(c.g, below.g),
        b: mix(c.b, below.b),
        a: 0xFF,
    }
}

/// `fg`, moved towards black or white (whichever `bg` contrasts with more)
/// by as little as makes it readable on `bg`.
fn legible(fg: Color, bg: Color) -> Color {
    if contrast(fg, bg) >= MIN_CONTRAST {
        return fg;
    }
    let target = if contrast(Color::BLACK, bg) >= contrast(Color::WHITE, bg) {
        Color::BLACK
    } else {
        Color::WHITE
    };
    (1..=100)
        .map(|step| {
            let t = f64::from(step) / 100.0;
            let mix = |x: u8, y: u8| (f64::from(x) * (1.0 - t) + f64::from(y) * t).round() as u8;
            Color {
                r: mix(fg.r, target.r),
                g: mix(fg.g, target.g),
                b: mix(fg.b, target.b),
                a: 0xFF,
            }
        })
        .find(|c| contrast(*c, bg) >= MIN_CONTRAST)
        .unwrap_or(target)
}

/// WCAG 2 relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG 2 contrast ratio, from 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let h = Highlighter::default();
        let html = h.highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(h.highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn stylesheet_for_default_theme() {
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"));
        // The class the code blocks have, light and dark.
        assert_eq!(css.matches("pre.code {").count(), 2, "{css}");
        assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
        assert!(stylesheet("Nope").is_none());
        // A dark theme is the same in both modes.
        assert!(!stylesheet("base16-mocha.dark").unwrap().contains("@media"));
    }

    #[test]
    fn faint_colours_are_moved_just_far_enough() {
        let grey = Color {
            r: 0x96,
            g: 0x98,
            b: 0x96,
            a: 0xFF,
        };
        let paper = Color {
            r: 0xFF,
            g: 0xFF,
            b: 0xFF,
            a: 0xFF,
        };
        let fixed = legible(grey, paper);
        assert!(contrast(fixed, paper) >= MIN_CONTRAST);
        assert!(contrast(fixed, paper) < 5.0, "not much darker than needed");
        let night = Color {
            r: 0x2b,
            g: 0x30,
            b: 0x3b,
            a: 0xFF,
        };
        assert!(
            luminance(legible(grey, night)) > luminance(grey),
            "lighter on dark"
        );
        let black = Color::BLACK;
        assert_eq!(legible(black, paper), black, "readable colours stay");
    }
}
