//! Mentions: the names and aliases of the site's entities found in plain
//! text, on word boundaries and whatever the typography (quotes, dashes,
//! line wrapping, accents typed as separate marks); counted, linked as the
//! `auto_link` mode asks, or noted when the report does not list the entity.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CowStr, Event};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::{Lookup, Pass, Untagged};
use crate::config::AutoLink;
use crate::diag::Span;
use crate::text::escape;

/// One automaton over the names and aliases of every entity of the site,
/// built once per build and shared by all reports.
pub struct Mentions {
    automaton: AhoCorasick,
    /// Entity id of each pattern.
    owners: Vec<String>,
}

impl Mentions {
    pub fn new<'a>(
        ids: impl IntoIterator<Item = &'a str>,
        lookup: &dyn Lookup,
    ) -> Option<Mentions> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for id in ids {
            let Some(entity) = lookup.entity(id) else {
                continue;
            };
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                // Names are matched in the folded form the text is searched in.
                let name = fold(name.trim()).text;
                if !name.trim().is_empty() {
                    patterns.push(name);
                    owners.push(id.to_string());
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()?;
        Some(Mentions { automaton, owners })
    }

    /// Non-overlapping matches on word boundaries, the longest where names
    /// overlap, in text order. Typography and line wrapping do not matter
    /// (see [`fold`]); the ranges are those of the text as given.
    pub(crate) fn find(&self, text: &str) -> Vec<Mention<'_>> {
        // Most text has nothing to fold and is searched as it is.
        let folded = needs_folding(text).then(|| fold(text));
        let hay = folded.as_ref().map_or(text, |f| f.text.as_str());
        let mut candidates: Vec<(Range<usize>, usize)> = self
            .automaton
            .find_overlapping_iter(hay)
            .filter(|m| on_word_boundaries(hay, m.start(), m.end()))
            .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
            .collect();
        candidates.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut chosen = Vec::new();
        let mut end = 0;
        for (range, pattern) in candidates {
            if range.start >= end {
                end = range.end;
                let range = match &folded {
                    Some(f) => f.original(text, range),
                    None => range,
                };
                chosen.push(Mention {
                    range,
                    entity: self.owners[pattern].as_str(),
                });
            }
        }
        chosen
    }
}

/// A name found in a text.
pub(crate) struct Mention<'m> {
    /// Where in the text, as given.
    pub(crate) range: Range<usize>,
    /// The id of the entity it names.
    pub(crate) entity: &'m str,
}

/// Text as names are matched in: straight and typographic quotes,
/// apostrophes and dashes are one character each (a run of dashes is one),
/// any run of whitespace (a wrapped line, a non-breaking space) is one
/// space, invisible hyphenation hints are left out, and accents are
/// composed (Unicode NFC) whether they were typed so or not.
struct Folded {
    text: String,
    /// For each byte of `text`, where its character starts in the original.
    map: Vec<usize>,
}

impl Folded {
    /// The range of the original text that a range of the folded one
    /// (never empty, as a name is never empty) came from.
    fn original(&self, original: &str, range: Range<usize>) -> Range<usize> {
        let start = self.map[range.start];
        let last = self.map[range.end - 1];
        let mut end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        // The marks that follow the last letter belong to it.
        for mark in original[end..].chars() {
            if canonical_combining_class(mark) == 0 {
                break;
            }
            end += mark.len_utf8();
        }
        start..end
    }
}

/// What a character is when matching names; `None` leaves it out.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => Some('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => None,
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// Whether [`fold`] would change `text`.
fn needs_folding(text: &str) -> bool {
    let mut prev = '\0';
    text.chars().any(|c| {
        let folded = fold_char(c);
        let repeated = matches!(c, ' ' | '-') && prev == c;
        prev = c;
        folded != Some(c) || repeated
    }) || is_nfc_quick(text.chars()) != IsNormalized::Yes
}

fn fold(text: &str) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut push = |i: usize, c: char| {
        let Some(c) = fold_char(c) else {
            return;
        };
        if matches!(c, ' ' | '-') && folded.ends_with(c) {
            return;
        }
        folded.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
    };
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.char_indices().for_each(|(i, c)| push(i, c));
    } else {
        // Each letter is composed with the marks that follow it, and what
        // comes of them leads back to the letter.
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, mark)) = chars.peek() {
                if canonical_combining_class(mark) == 0 {
                    break;
                }
                end = j + mark.len_utf8();
                chars.next();
            }
            text[i..end].nfc().for_each(|c| push(i, c));
        }
    }
    Folded { text: folded, map }
}

/// Where the text `needle` is written in the Markdown `hay`, both folded,
/// as a range of `hay`.
fn find_folded(hay: &str, needle: &str) -> Option<Range<usize>> {
    let needle = fold(needle).text;
    if needle.is_empty() {
        return None;
    }
    // Markdown's own marks are not part of the text: a backslash before
    // punctuation, and the `>` and indentation that open a continued line
    // of a quote or a list item.
    let mut text = String::with_capacity(hay.len());
    let mut offsets = Vec::with_capacity(hay.len());
    let mut line_start = false;
    let mut chars = hay.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if line_start && matches!(c, ' ' | '\t' | '>') {
            continue;
        }
        line_start = c == '\n';
        if c == '\\' && chars.peek().is_some_and(|(_, n)| n.is_ascii_punctuation()) {
            continue;
        }
        text.push(c);
        offsets.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    let folded = fold(&text);
    let (at, _) = folded
        .text
        .match_indices(&needle)
        .find(|(at, _)| on_word_boundaries(&folded.text, *at, at + needle.len()))?;
    let found = folded.original(&text, at..at + needle.len());
    let last = offsets[found.end - 1];
    let end = last + hay[last..].chars().next().map_or(0, char::len_utf8);
    Some(offsets[found.start]..end)
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c))
}

impl Pass<'_, '_> {
    /// Counts mentions in plain text and links the ones the mode asks for;
    /// notes names of entities the report does not list.
    pub(super) fn mentions<'e>(
        &mut self,
        text: CowStr<'e>,
        range: &Range<usize>,
        in_heading: bool,
        out: &mut Vec<Event<'e>>,
    ) {
        let Some(names) = self.input.names else {
            out.push(Event::Text(text));
            return;
        };
        let found = names.find(&text);
        if found.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        let mut last = 0;
        for Mention { range: at, entity } in found {
            if !self.listed.contains(entity) {
                if !self.out.untagged.iter().any(|u| u.entity == entity) {
                    let span = self.text_span(range, &text[at.clone()]);
                    self.out.untagged.push(Untagged {
                        entity: entity.to_string(),
                        span,
                    });
                }
                continue;
            }
            *self.out.mentions.entry(entity.to_string()).or_default() += 1;
            let link = !in_heading
                && match self.input.auto_link {
                    AutoLink::All => true,
                    AutoLink::First => self.auto_linked.insert(entity.to_string()),
                    AutoLink::None => false,
                };
            if !link {
                continue;
            }
            if at.start > last {
                out.push(Event::Text(text[last..at.start].to_string().into()));
            }
            out.push(Event::InlineHtml(
                format!(
                    "<a class=\"mention\" href=\"{}entities/{entity}/\">{}</a>",
                    self.input.root,
                    escape(&text[at.clone()])
                )
                .into(),
            ));
            last = at.end;
        }
        if last == 0 {
            out.push(Event::Text(text));
        } else if last < text.len() {
            out.push(Event::Text(text[last..].to_string().into()));
        }
    }

    /// The span of `needle` inside the source of a text event (where smart
    /// punctuation and line wrapping may make it look different), or the
    /// event's start when escapes make the text differ from its source.
    fn text_span(&self, range: &Range<usize>, needle: &str) -> Span {
        let body = &self.input.text[self.input.body_start..];
        match find_folded(&body[range.clone()], needle) {
            Some(at) => self.span(&(range.start + at.start..range.start + at.end)),
            None => self.span(&(range.start..range.start)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::test_support::*;
    use crate::annotate::{Input, Lookup, render_body};
    use crate::config::AutoLink;
    use crate::highlight::Highlighter;

    #[test]
    fn mentions_respect_word_boundaries_and_prefer_longest() {
        let b = run("Kelly met Kell on the Kell Ferry. Kell left.\n");
        assert_eq!(b.mentions.get("ana-kell"), Some(&2));
        assert_eq!(b.mentions.get("kell-ferry"), Some(&1));
        assert!(!b.html.contains(">Kelly<"), "{}", b.html);
        assert!(
            b.html.contains(
                "Kelly met <a class=\"mention\" href=\"../../entities/ana-kell/\">Kell</a>"
            ),
            "{}",
            b.html
        );
        assert!(
            b.html.contains(
                "<a class=\"mention\" href=\"../../entities/kell-ferry/\">Kell Ferry</a>"
            )
        );
        // Only the first mention is linked.
        assert_eq!(b.html.matches("entities/ana-kell/").count(), 1);
    }

    #[test]
    fn names_of_unlisted_entities_are_noted_once() {
        let b = run("In Zed Town, and again Zed Town.\n");
        assert_eq!(b.untagged.len(), 1);
        assert_eq!(b.untagged[0].entity, "zed");
        assert_eq!(b.untagged[0].span.start, 8 + 3);
        assert!(!b.html.contains("class=\"mention\""));
    }

    #[test]
    fn mentions_with_non_ascii_letters() {
        let b = run("José Núñez spoke. Núñezes are not him, but Núñez is.\n");
        assert_eq!(b.mentions.get("jose"), Some(&2));
        let b = run_with("Núñez, Núñez.\n", AutoLink::All);
        assert_eq!(b.html.matches("class=\"mention\"").count(), 2);
        let b = run_with("Núñez, Núñez.\n", AutoLink::None);
        assert_eq!(b.html.matches("class=\"mention\"").count(), 0);
        assert_eq!(b.mentions.get("jose"), Some(&2));
    }

    #[test]
    fn typography_does_not_hide_names() {
        let body = "Seán O'Brien chaired; O'Brien's deputy, \"O'Brien\", Guzmán--Ortiz.\n";
        for smart in [false, true] {
            let b = run_opts(body, AutoLink::All, smart);
            assert_eq!(b.mentions.get("obrien"), Some(&4), "smart: {smart}");
            assert_eq!(b.html.matches("class=\"mention\"").count(), 4);
        }
        let b = run_opts(body, AutoLink::All, true);
        assert!(
            b.html.contains(
                ">Seán O\u{2019}Brien</a> chaired; <a class=\"mention\" href=\"../../entities/obrien/\">O\u{2019}Brien</a>\u{2019}s deputy"
            ),
            "{}",
            b.html
        );
        assert!(b.html.contains(">Guzmán–Ortiz</a>"), "{}", b.html);
        // Typographic and invisible characters in the text, straight ones
        // in the names, and the other way round.
        let b = run(
            "Seán O\u{2019}Brien, Seán\u{a0}O\u{2bc}Brien, Guzmán\u{2011}Ortiz, Guzmán—Ortiz, Guz\u{ad}mán-Ortiz, Harbour Authority.\n",
        );
        assert_eq!(b.mentions.get("obrien"), Some(&5), "{}", b.html);
        assert_eq!(b.mentions.get("harbour"), Some(&1));
        // Accents typed as separate marks, in the text or in the name.
        let b = run("Sea\u{301}n O'Brien and Jose\u{301} Nu\u{301}n\u{303}ez.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&1));
        assert_eq!(b.mentions.get("jose"), Some(&1));
        assert!(
            b.html.contains(">Jose\u{301} Nu\u{301}n\u{303}ez</a>."),
            "{}",
            b.html
        );
        let b = run("O&rsquo;Brien, Máire.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&2));
        // Not a name: letters on either side.
        let b = run("O'Briens and xO'Brien.\n");
        assert_eq!(b.mentions.get("obrien"), None);
    }

    #[test]
    fn line_wrapping_does_not_hide_names() {
        let b = run("It ends with the Harbour\nAuthority and goes on.\n");
        assert_eq!(b.mentions.get("harbour"), Some(&1));
        // The link keeps the line break inside it.
        assert!(
            b.html.contains(
                "the <a class=\"mention\" href=\"../../entities/harbour/\">Harbour\nAuthority</a> and goes on."
            ),
            "{}",
            b.html
        );
        let b = run("Seán\n   O'Brien, and Ana   Kell.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&1));
        assert_eq!(b.mentions.get("ana-kell"), Some(&1));
        // In a list item and a quote, too.
        let b = run("- the Harbour\n  Authority\n\n> the Harbour\n> Authority\n");
        assert_eq!(b.mentions.get("harbour"), Some(&2), "{}", b.html);
        // A hard break is a break the author asked for.
        let b = run("the Harbour\\\nAuthority\n");
        assert_eq!(b.mentions.get("harbour"), None);
    }

    #[test]
    fn untagged_names_are_found_whatever_the_typography() {
        let text = "---\n---\nThen Zed\n  Town, and “Zed Town”.\n";
        for smart in [false, true] {
            let b = run_opts(&text[8..], AutoLink::First, smart);
            assert_eq!(b.untagged.len(), 1);
            let span = b.untagged[0].span;
            assert_eq!(&text[span.start..span.end], "Zed\n  Town");
        }
        // Markdown's marks inside the name: a quote, an escape.
        let text = "---\n---\n> Then Zed\n> Town.\n";
        let span = run(&text[8..]).untagged[0].span;
        assert_eq!(&text[span.start..span.end], "Zed\n> Town");
        let mut d2 = Defs::default();
        d2.entities.insert("o".into(), entity("O'Hara & Co", &[]));
        let text = "---\n---\nNow O\\'Hara & Co.\n";
        let names = Mentions::new(d2.entity_ids(), &d2);
        let label = |s: &str| s.to_string();
        let input = Input {
            file: 0,
            text,
            body_start: 8,
            root: "",
            listed: &[],
            names: names.as_ref(),
            auto_link: AutoLink::First,
            smart_punctuation: false,
            claim_status_label: &label,
            csl: false,
            files: &[],
            table_label: "Table",
        };
        let b = render_body(&input, &d2, &Highlighter::default());
        let span = b.untagged[0].span;
        assert_eq!(&text[span.start..span.end], "O\\'Hara & Co");
    }

    #[test]
    fn no_mentions_in_code_links_headings_or_raw_html() {
        let b = run(
            "# Kell\n\n`Kell` [Kell](https://example.org) <span>Kell</span>\n\n```\nKell\n```\n",
        );
        assert!(!b.html.contains("class=\"mention\""), "{}", b.html);
    }
}
