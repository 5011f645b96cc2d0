//! The slugs dossier makes from text: heading ids and tag pages keep
//! letters of any script; file names are transliterated to ASCII.

/// Lowercase, hyphen-separated form of a text with letters of any script
/// kept: heading ids and tag pages ([`tag_slug`]), which readers see in the
/// address bar in their own script. File names use [`url_slug`].
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// A tag as written, with its accents composed (Unicode NFC): `água` typed
/// with a combining accent and `água` typed with a precomposed one are one
/// spelling.
pub fn tag_spelling(tag: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    tag.trim().nfc().collect()
}

/// Lowercase ASCII, hyphen-separated form of a text, for the file names
/// dossier makes from text (`dossier new`). Tag pages keep their letters
/// ([`tag_slug`]): transliterated, distinct words of one language could
/// meet on one page (`año` and `ano`).
/// Letters are transliterated (`Río` → `rio`, `Łódź` → `lodz`, `北京` →
/// `bei-jing`), so that an address reads the same everywhere and a file
/// name cannot change under a file system's Unicode normalization.
/// Apostrophes, straight or curly, are dropped inside words (`TCW's` →
/// `tcws`, `O’Brien` → `obrien`); every other run of spaces and signs
/// becomes one `-`.
pub fn url_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut utf8 = [0; 4];
    for c in text.chars() {
        // Characters deunicode does not know separate words.
        let ascii = if c.is_ascii() {
            &*c.encode_utf8(&mut utf8)
        } else {
            deunicode::deunicode_char(c).unwrap_or(" ")
        };
        for b in ascii.bytes() {
            // `’`, `ʼ` and the like come out of deunicode as `'`.
            if b == b'\'' {
                continue;
            }
            if b.is_ascii_alphanumeric() || b == b'_' {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(char::from(b.to_ascii_lowercase()));
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

/// The last part of a tag's page address. The signs that tell tags apart
/// are spelled out first (`+` as `plus`, `&` as `and`, `#` after a letter
/// or digit as `sharp`), so that `c`, `c++` and `c#` get pages of their
/// own; `#MeToo` stays `metoo`. Accents are composed first, so that a
/// combining accent does not split a word, and apostrophes are dropped
/// (`Women’s rights` → `womens-rights`). Letters of any script are kept.
pub fn tag_slug(tag: &str) -> String {
    let mut spelled = String::with_capacity(tag.len() + 8);
    let mut prev: Option<char> = None;
    for c in tag_spelling(tag).chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '&' => spelled.push_str(" and "),
            '#' if prev.is_some_and(|p| p.is_alphanumeric() || p == '#') => {
                spelled.push_str(" sharp ");
            }
            // An apostrophe joins a word rather than splitting it.
            '\'' | '\u{2019}' | '\u{2bc}' => {}
            _ => spelled.push(c),
        }
        prev = Some(c);
    }
    slugify(&spelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_of_any_script() {
        assert_eq!(slugify("Latin America"), "latin-america");
        assert_eq!(slugify("  Łódź — port!"), "łódź-port");
    }

    #[test]
    fn url_slugs_are_ascii_and_keep_words_whole() {
        assert_eq!(
            url_slug("Dead fish, silent permits: what poisoned the Río Tamaral"),
            "dead-fish-silent-permits-what-poisoned-the-rio-tamaral"
        );
        assert_eq!(url_slug("TCW's fines"), "tcws-fines");
        assert_eq!(url_slug("O’Brien and D‘Arcy"), "obrien-and-darcy");
        assert_eq!(url_slug("  Łódź — port!"), "lodz-port");
        assert_eq!(url_slug("Straße über Ærø"), "strasse-uber-aero");
        assert_eq!(url_slug("北京 2024"), "bei-jing-2024");
        assert_eq!(url_slug("Москва"), "moskva");
        assert_eq!(url_slug("'quoted' words"), "quoted-words");
        assert_eq!(url_slug("snake_case"), "snake_case");
        assert_eq!(url_slug("?!"), "");
    }

    #[test]
    fn tag_slugs_keep_the_signs_that_tell_tags_apart() {
        assert_eq!(tag_slug("c"), "c");
        assert_eq!(tag_slug("C++"), "c-plus-plus");
        assert_eq!(tag_slug("c#"), "c-sharp");
        assert_eq!(tag_slug("F# "), "f-sharp");
        assert_eq!(tag_slug("R&D"), "r-and-d");
        assert_eq!(tag_slug("#MeToo"), "metoo");
        assert_eq!(tag_slug("Água"), "água");
        assert_eq!(tag_slug("Women’s rights"), "womens-rights");
        assert_eq!(tag_slug("Latin America"), "latin-america");
        assert_eq!(tag_slug("Água"), tag_slug("água"));
        // Decomposed (a + U+0301) and precomposed accents: one page.
        assert_eq!(tag_slug("a\u{301}gua"), "água");
        assert_eq!(tag_spelling("A\u{301}gua"), "Água");
        assert_eq!(tag_slug("!?"), "");
    }
}
