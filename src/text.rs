//! Plain text for readers: HTML escaping, the typography that
//! `smart_punctuation` gives text outside Markdown, punctuation that must
//! not be doubled, and the labels of claim statuses. No other module of
//! dossier is needed here.

use pulldown_cmark::{Event, Options, Parser};

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// `text` (a title, a name, a summary: plain text, not Markdown) with the
/// typography `smart_punctuation` gives bodies: curly quotes and
/// apostrophes, `--` and `---` as en and em dashes, `...` as an ellipsis.
pub fn smart_text(text: &str) -> String {
    if !text.contains(['\'', '"']) && !text.contains("--") && !text.contains("...") {
        return text.to_string();
    }
    // The same parser as for bodies decides, given Markdown that can only
    // be text: every other ASCII punctuation character escaped, and each
    // line opened by a no-break space, which the quote rules take for
    // whitespace but which starts no list, heading or rule.
    let mut markdown = String::with_capacity(text.len() * 2);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            markdown.push('\n');
        }
        markdown.push('\u{a0}');
        for c in line.chars() {
            if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-' | '.') {
                markdown.push('\\');
            }
            markdown.push(c);
        }
    }
    let mut out = String::with_capacity(text.len() + 8);
    for event in Parser::new_ext(&markdown, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    let smart = out
        .split('\n')
        .map(|line| line.strip_prefix('\u{a0}').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    // Only quotes, dashes and dots may change; should the parser have
    // changed anything else (spaces at the end of a line), the text stays
    // as written.
    let rest = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !matches!(
                    c,
                    '\'' | '"' | '-' | '.' | '‘' | '’' | '“' | '”' | '–' | '—' | '…'
                )
            })
            .collect()
    };
    if rest(&smart) == rest(text) {
        smart
    } else {
        text.to_string()
    }
}

/// The punctuation `mark` to write after a field of text, or nothing when
/// the text already ends with punctuation that the mark would double:
/// `Guzmán-Ortiz et al.` takes no `.` and `Who pays?` neither `.` nor `,`,
/// also inside closing quotes (`He said “stop.”`). A `,` after a full
/// stop is kept (`et al., 2024`). Templates call this as the `punct`
/// filter.
pub fn punct_after<'m>(text: &str, mark: &'m str) -> &'m str {
    let end = text
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', '›'])
        .chars()
        .next_back();
    let doubles = |stops: &[char]| end.is_some_and(|c| stops.contains(&c));
    let skip = match mark.trim() {
        "" => true,
        "." => doubles(&['.', '?', '!', '…']),
        "," | ";" | ":" => doubles(&[',', ';', ':', '?', '!']),
        other => text.trim_end().ends_with(other),
    };
    if skip { "" } else { mark }
}

/// Human label of a claim status: `verified` → `Verified`.
pub fn status_label(status: &str) -> String {
    let mut chars = status.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}

/// Markdown source text as a reader sees it, for attributes and plain-text
/// places (a citation's prefix, locator and suffix): backslash escapes of
/// ASCII punctuation resolved (CommonMark's rule), runs of white space one
/// space.
pub fn unescaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_not_doubled() {
        assert_eq!(punct_after("Guzmán-Ortiz", "."), ".");
        assert_eq!(punct_after("Guzmán-Ortiz et al.", "."), "");
        assert_eq!(punct_after("Guzmán-Ortiz et al.", ","), ",");
        for text in [
            "Who pays?",
            "Stop!",
            "And then…",
            "He said “stop.”",
            "'No!' ",
        ] {
            assert_eq!(punct_after(text, "."), "", "{text}");
        }
        for text in ["Who pays?", "Stop!", "One, two,", "He asked “why?”"] {
            assert_eq!(punct_after(text, ","), "", "{text}");
        }
        assert_eq!(punct_after("Smith (ed.)", "."), ".");
        assert_eq!(punct_after("A “quote”", "."), ".");
        assert_eq!(punct_after("", "."), ".");
    }
}
