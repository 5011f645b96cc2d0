//! Citations: `[@a; @b, p. 3]` read into sources and locators, each key
//! checked against the site's sources, numbered by first use and rendered
//! as one superscript group; and the numbers a claim span gives its
//! sources, which join the explicit citation written right after the span.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType};

use super::cite_syntax::{self, CitationItem, CitationMode, CiteErrorKind};
use super::{Citation, Pass};
use crate::diag::{Code, Diagnostic, suggest};
use crate::text::{escape, unescaped};

/// The destination the broken-link callback gives a `[@...]` citation. Only
/// callback links have an `*Unknown` link type, so this cannot be mistaken
/// for a link an author wrote; it is one byte because pulldown-cmark
/// charges every expansion against a budget the size of the text.
pub(super) const CITE: &str = "@";

pub(super) fn is_citation(link_type: LinkType, dest: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest == CITE
}

impl Pass<'_, '_> {
    /// `[see @a, p. 3; @b]` → superscript numbers, checking every key.
    pub(super) fn citation(&mut self, range: &Range<usize>) -> String {
        let items = self.citation_items(range);
        self.cite_html(&items)
    }

    /// The sources and what was written with them in the bracketed
    /// citation at `range`, checking every key. The group is read from the
    /// source text, so that spans are exact and escapes are seen.
    pub(super) fn citation_items(&mut self, range: &Range<usize>) -> Vec<CiteItem> {
        let body = &self.input.text[self.input.body_start..];
        let raw = &body[range.clone()];
        let inner_at = range.start + 1;
        let inner = match raw.strip_prefix('[').and_then(|r| {
            // The first bracket pair; `[...][]` and `[...][ref]` follow it.
            let mut depth = 1usize;
            r.char_indices().find_map(|(i, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(&r[..i])
            })
        }) {
            Some(inner) => inner,
            None => return Vec::new(),
        };
        // After `@a`, the first part of `[p. 3; see @b]` was `@a`'s.
        let (inner_at, inner) = match self.lead_skip.take() {
            Some((at, skip)) if at == range.start && skip <= raw.len() && skip > 1 => {
                (range.start + skip, &inner[skip - 1..])
            }
            _ => (inner_at, inner),
        };
        let group = match cite_syntax::parse_group(inner) {
            Ok(group) => group,
            Err(errors) => {
                for e in errors {
                    let span = inner_at + e.span.start..inner_at + e.span.end;
                    self.cite_error(&e.kind, &span, range);
                }
                return Vec::new();
            }
        };
        let mut items = Vec::new();
        for item in group.items {
            let span = inner_at + item.key_span.start..inner_at + item.key_span.end;
            if self.known_source(&item.key, &span, None) {
                items.push(CiteItem::written(item));
            }
        }
        items
    }

    /// Whether `key` names a source; an error at `span` if not.
    fn known_source(&mut self, key: &str, span: &Range<usize>, in_text: Option<&str>) -> bool {
        if self.lookup.source(key).is_some() {
            return true;
        }
        if !self.lookup.unavailable("source", key) {
            let help = suggest(key, self.lookup.source_ids()).or_else(|| {
                in_text.map(|written| {
                    format!(
                        "`{written}` in running text is a citation; write `\\{written}` to show the @ sign as text"
                    )
                })
            });
            let diag = Diagnostic::new(Code::E004, format!("unknown source `{key}`"))
                .at(self.span(span))
                .label("no source has this id")
                .help_opt(help);
            self.out.diagnostics.push(diag);
        }
        false
    }

    /// Reports text that looks like a citation and is not one; `span` is
    /// the problem's place in the body, `whole` the citation's.
    fn cite_error(&mut self, kind: &CiteErrorKind, span: &Range<usize>, whole: &Range<usize>) {
        let at = match span.is_empty() {
            true => self.span(whole),
            false => self.span(span),
        };
        let diag = match kind {
            CiteErrorKind::EmptyKey => {
                Diagnostic::new(Code::E018, "empty citation: no source id after `@`")
                    .at(at)
                    .help("write `[@source-id]`, or `\\@` for an @ sign as text")
            }
            CiteErrorKind::ItemWithoutKey => Diagnostic::new(
                Code::E018,
                "a citation item must have `@` and a source id",
            )
            .at(at)
            .label("no `@source-id` between these `;`")
            .help("each part of a citation names a source: `[see @a, p. 3; also @b]`"),
            CiteErrorKind::MissingSemicolon => {
                Diagnostic::new(Code::E018, "two sources in one citation item")
                    .at(at)
                    .label("a second key, with no `;` before it")
                    .help("separate the sources with `;`: `[@a; @b]`")
            }
            CiteErrorKind::UnclosedBrace => Diagnostic::new(
                Code::E022,
                "citation key not closed: `@{` needs `}`",
            )
            .at(at)
            .help("write the key in braces, with no spaces: `@{key}`"),
            CiteErrorKind::SpaceInBraces => {
                Diagnostic::new(Code::E022, "space in a citation key")
                    .at(at)
                    .help("a key has no spaces, even in braces: `@{key}`")
            }
            CiteErrorKind::BadKeyChar { key, ch } => Diagnostic::new(
                Code::E022,
                format!("`{ch}` cannot be part of a citation key"),
            )
            .at(at)
            .label("a key has letters, digits, `_` and, inside it, `:.#$%&-+?<>~/`")
            .help(format!(
                "end the key with a space or a comma: `@{}, ...`; or, if `{ch}` is part of the key, write it in braces: `@{{{key}}}`",
                key.split(*ch).next().unwrap_or(key)
            )),
        };
        self.out.diagnostics.push(diag);
    }

    /// Running text with author-in-text citations (`@a`, `@a [p. 3]`):
    /// each becomes the source's author and its number; the text between
    /// goes on to the automatic mentions.
    pub(super) fn text_with_cites<'e>(
        &mut self,
        text: CowStr<'e>,
        range: &Range<usize>,
        in_heading: bool,
        out: &mut Vec<Event<'e>>,
    ) {
        let body = &self.input.text[self.input.body_start..];
        let source = &body[range.clone()];
        if !source.contains('@') {
            return self.mentions(text, range, in_heading, out);
        }
        let found = cite_syntax::find_in_text(source);
        if found.is_empty() {
            return self.mentions(text, range, in_heading, out);
        }
        let text = text.into_string();
        let mut last = 0;
        for f in found {
            let span = range.start + f.span.start..range.start + f.span.end;
            let item = match f.parsed {
                Ok(item) => item,
                Err(e) => {
                    let at = range.start + e.span.start..range.start + e.span.end;
                    self.cite_error(&e.kind, &at, &span);
                    continue;
                }
            };
            // Where the citation sits in the text as parsed (escapes and
            // entities elsewhere may shift it from the source).
            let written = &source[f.span.clone()];
            let key_end =
                item.key_span.end + usize::from(source[item.key_span.end..].starts_with('}'));
            let (found_at, len, item) = match text[last..].find(written) {
                Some(i) => (last + i, written.len(), item),
                None => {
                    // The bracket holds an escape or an entity: find the
                    // key, then the bracket after it, in the parsed text.
                    let bare = &source[f.span.start..key_end];
                    let Some(i) = text[last..].find(bare) else {
                        continue;
                    };
                    let at = last + i + bare.len();
                    let mut len = bare.len();
                    if f.span.end > key_end {
                        let rest = &text[at..];
                        let gap = rest.len() - rest.trim_start().len();
                        if let Some(close) = rest[gap..]
                            .starts_with('[')
                            .then(|| rest.find(']'))
                            .flatten()
                        {
                            len += close + 1;
                        }
                    }
                    (last + i, len, item)
                }
            };
            let key_span = range.start + item.key_span.start..range.start + item.key_span.end;
            let shown = &source[f.span.start..key_end];
            // `@a [p. 3; see @b]`: the bracket is a citation group of its
            // own, whose first part belongs to `@a`.
            let mut item = item;
            if f.span.end == key_end
                && source[key_end..].trim().is_empty()
                && let Some((locator, suffix, skip)) =
                    cite_syntax::leading_suffix(&body[range.end..])
            {
                item.locator = locator;
                item.suffix = suffix;
                self.lead_skip = Some((range.end, skip));
            }
            if !self.known_source(&item.key, &key_span, Some(shown)) {
                continue;
            }
            if found_at > last {
                let before = text[last..found_at].to_string();
                self.mentions(before.into(), range, in_heading, out);
            }
            let author = match item.mode {
                // A CSL style writes the author itself.
                CitationMode::AuthorInText if self.input.csl => None,
                CitationMode::AuthorInText => self.lookup.source(&item.key).map(|s| {
                    let name = s
                        .author
                        .as_deref()
                        .or(s.publisher.as_deref())
                        .unwrap_or(&s.title);
                    escape(name)
                }),
                _ => None,
            };
            let html = self.cite_html(&[CiteItem::written(item)]);
            out.push(Event::InlineHtml(author.unwrap_or_default().into()));
            out.push(Event::InlineHtml(html.into()));
            self.in_text_end = Some(out.len());
            last = found_at + len;
        }
        if last == 0 {
            self.mentions(text.into(), range, in_heading, out);
        } else if last < text.len() {
            let rest = text[last..].to_string();
            self.mentions(rest.into(), range, in_heading, out);
        }
    }

    /// The citation that follows a claim span: its numbers, or with a CSL
    /// style its placeholder after a space (`claim (Author 2024)`).
    pub(super) fn claim_cite_html(&mut self, items: &[CiteItem]) -> String {
        let html = self.cite_html(items);
        match self.input.csl && !html.is_empty() {
            true => format!(" {html}"),
            false => html,
        }
    }

    /// Numbers the given citations and renders them as one superscript.
    pub(super) fn cite_html(&mut self, items: &[CiteItem]) -> String {
        if items.is_empty() {
            return String::new();
        }
        let first = self.out.citations.len();
        let mut html = String::from("<sup class=\"cite\">");
        for (i, cite) in items.iter().enumerate() {
            let source = &cite.source;
            let number = match self.out.cite_order.iter().position(|s| s == source) {
                Some(i) => i + 1,
                None => {
                    self.out.cite_order.push(source.clone());
                    self.out.cite_order.len()
                }
            };
            let count = self.cite_counts.entry(source.clone()).or_default();
            *count += 1;
            // Keys may hold characters (`<`, `&`) that an element id and a
            // fragment would need escaped; the slug needs none.
            let slug = crate::ids::source_slug(source);
            let anchor = format!("cite-{slug}-{count}");
            let title = self.lookup.source(source).map_or("", |s| s.title.as_str());
            let (prefix, detail) = cite.shown();
            let mut tip = String::new();
            if !prefix.is_empty() {
                tip.push_str(&prefix);
                tip.push(' ');
            }
            tip.push_str(title);
            if !detail.is_empty() {
                let _ = write!(tip, "{} {detail}", crate::text::punct_after(title, ","));
            }
            let note = cite.note();
            if i > 0 {
                html.push_str(", ");
            }
            let _ = write!(
                html,
                "<a id=\"{anchor}\" href=\"#source-{slug}\" title=\"{}\"{}>{number}</a>",
                escape(&tip),
                note.as_ref()
                    .map(|l| format!(" data-locator=\"{}\"", escape(l)))
                    .unwrap_or_default(),
            );
            self.out.citations.push(Citation {
                source: source.clone(),
                number,
                anchor,
                locator: note,
                written: cite.written.clone(),
            });
        }
        html.push_str("</sup>");
        if self.input.csl {
            // The numbers are kept (they order the Sources list's
            // back-links); the style's text replaces the markup.
            self.out.cite_groups.push(first..self.out.citations.len());
            return super::cite_placeholder(self.out.cite_groups.len() - 1);
        }
        html
    }
}

/// A source cited at one place, with what the author wrote with it (none
/// for the numbers a claim span gives its sources).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CiteItem {
    pub(super) source: String,
    pub(super) written: Option<CitationItem>,
}

impl CiteItem {
    fn written(item: CitationItem) -> Self {
        CiteItem {
            source: item.key.clone(),
            written: Some(item),
        }
    }

    /// A claim's source, cited with nothing written around it.
    pub(super) fn bare(source: &str) -> Self {
        CiteItem {
            source: source.to_string(),
            written: None,
        }
    }

    /// The prefix and the locator-and-suffix as shown: Markdown escapes
    /// removed and line breaks made spaces.
    fn shown(&self) -> (String, String) {
        match &self.written {
            Some(w) => (unescaped(&w.prefix), unescaped(&w.detail())),
            None => (String::new(), String::new()),
        }
    }

    /// Everything written with the key, for the number's `data-locator`
    /// and beside its back-link: `see p. 12 and passim`.
    fn note(&self) -> Option<String> {
        let (prefix, detail) = self.shown();
        let note = format!("{prefix} {detail}").trim().to_string();
        (!note.is_empty()).then_some(note)
    }
}

/// The citation numbers of a claim span just closed, waiting to see whether
/// an explicit citation follows; `gap` is the whitespace between the two.
pub(super) struct ClaimCites<'e> {
    pub(super) items: Vec<CiteItem>,
    pub(super) gap: Option<Event<'e>>,
}

/// One group of numbers for a claim span and the explicit citation right
/// after it: the citation's locators go onto the claim's numbers of the
/// same sources, and its other sources follow them (`[1, 2][3]` would read
/// as two citations of one sentence).
pub(super) fn merge_cites(claim: &[CiteItem], explicit: &[CiteItem]) -> Vec<CiteItem> {
    let mut merged = claim.to_vec();
    // Each of the claim's numbers takes what was written with one
    // explicit item.
    let mut taken = vec![false; claim.len()];
    for item in explicit {
        if let Some(i) = (0..claim.len()).find(|&i| !taken[i] && claim[i].source == item.source) {
            taken[i] = true;
            merged[i].written.clone_from(&item.written);
        } else if item.note().is_some() || !merged.iter().any(|m| m.source == item.source) {
            merged.push(item.clone());
        }
    }
    merged
}

/// Drops the whitespace (and a line break) that ends the output so far.
pub(super) fn trim_trailing_space(out: &mut Vec<Event<'_>>) {
    while let Some(last) = out.last_mut() {
        match last {
            Event::SoftBreak => {
                out.pop();
            }
            Event::Text(text) if text.ends_with(char::is_whitespace) => {
                let trimmed = text.trim_end().to_string();
                if trimmed.is_empty() {
                    out.pop();
                } else {
                    *text = trimmed.into();
                    return;
                }
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::annotate::{cite_placeholder, cite_syntax::CitationMode};
    use crate::diag::Code;

    #[test]
    fn a_csl_style_gets_one_placeholder_per_citation_group() {
        let b =
            run_csl("Text [see @a, p. 3; @b]. @a [-@b, p. 4] says so. [Claimed](claim:c1) [@a].\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        // No numbers, no author text: the style writes both. A bracketed
        // group keeps its space; the group after `@a` joins it.
        assert_eq!(
            b.html.matches(crate::annotate::PLACEHOLDER.0).count(),
            3,
            "{}",
            b.html
        );
        assert!(!b.html.contains("<sup class=\"cite\""), "{}", b.html);
        assert!(
            b.html.contains(&format!("Text {}.", cite_placeholder(0))),
            "{}",
            b.html
        );
        assert!(
            b.html
                .contains(&format!("{} says so.", cite_placeholder(1))),
            "{}",
            b.html
        );
        assert!(!b.html.contains("Source A says"), "{}", b.html);
        assert_eq!(b.cite_groups, [0..2, 2..4, 4..6]);
        let modes: Vec<_> = b
            .citations
            .iter()
            .map(|c| c.written.as_ref().map(|w| w.mode))
            .collect();
        assert_eq!(modes[2], Some(CitationMode::AuthorInText));
        assert_eq!(modes[3], Some(CitationMode::SuppressAuthor));
        // The claim's source and the citation after it: one group, after
        // the claim's markup and a space.
        assert_eq!(b.citations[4].source, "b");
        assert_eq!(b.citations[5].source, "a");
        assert!(
            b.html
                .contains(&format!("</span> {}.", cite_placeholder(2))),
            "{}",
            b.html
        );
    }

    #[test]
    fn citations_are_numbered_by_first_use() {
        let b = run("One [@b]. Two [@a; @b, p. 12]. Three [@a].\n");
        assert_eq!(b.cite_order, ["b", "a"]);
        let numbers: Vec<_> = b
            .citations
            .iter()
            .map(|c| (c.source.as_str(), c.number))
            .collect();
        assert_eq!(numbers, [("b", 1), ("a", 2), ("b", 1), ("a", 2)]);
        assert_eq!(b.citations[2].locator.as_deref(), Some("p. 12"));
        assert_eq!(b.citations[3].anchor, "cite-a-2");
        assert!(b.html.contains("title=\"Source &lt;B&gt;\""), "{}", b.html);
        assert!(b.html.contains("href=\"#source-a\""));
        assert!(!b.html.contains("@a"), "{}", b.html);
        assert!(b.diagnostics.is_empty());
    }

    #[test]
    fn no_space_before_a_citation_number() {
        let b = run("He said so [@a].\nAnd again\n[@b] here.\n");
        assert!(b.html.contains("so<sup class=\"cite\">"), "{}", b.html);
        assert!(b.html.contains("again<sup class=\"cite\">"), "{}", b.html);
    }

    #[test]
    fn unknown_and_empty_citations_are_errors_with_spans() {
        let b = run("See [@bb] and [@].\n");
        let codes: Vec<_> = b.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::E004, Code::E018]);
        let span = b.diagnostics[0].span.unwrap();
        let text = "---\n---\nSee [@bb] and [@].\n";
        assert_eq!(&text[span.start..span.end], "bb");
        assert!(b.diagnostics[0].help.as_deref().unwrap().contains("`b`"));
    }

    /// The citation groups of a body: for each, its numbers with their
    /// locators.
    fn groups(html: &str) -> Vec<String> {
        html.split("<sup class=\"cite\">")
            .skip(1)
            .map(|g| {
                let g = &g[..g.find("</sup>").unwrap()];
                g.split("<a ")
                    .skip(1)
                    .map(|a| {
                        let number = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
                        match a.split("data-locator=\"").nth(1) {
                            Some(l) => format!("{number} ({})", &l[..l.find('"').unwrap()]),
                            None => number.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect()
    }

    #[test]
    fn a_citation_after_a_claim_span_joins_its_numbers() {
        let b = run("It [happened](claim:c1) [@b, p. 4]. Then [@b].\n");
        assert_eq!(groups(&b.html), ["1 (p. 4)", "1"], "{}", b.html);
        assert!(
            b.html.contains("title=\"Source &lt;B&gt;, p. 4\""),
            "{}",
            b.html
        );
        let cites: Vec<_> = b
            .citations
            .iter()
            .map(|c| (c.anchor.as_str(), c.locator.as_deref()))
            .collect();
        assert_eq!(cites, [("cite-b-1", Some("p. 4")), ("cite-b-2", None)]);
        assert!(
            b.html.contains("</span></span><sup class=\"cite\">"),
            "{}",
            b.html
        );
        // Two sources, a line break between, no space, another source.
        let b = run("[It](claim:c2) [@b, p. 4].\n");
        assert_eq!(groups(&b.html), ["1, 2 (p. 4)"], "{}", b.html);
        let b = run("[It](claim:c1)\n[@b, para. 2; @a, p. 1].\n");
        assert_eq!(groups(&b.html), ["1 (para. 2), 2 (p. 1)"], "{}", b.html);
        let b = run("[It](claim:c1)[@b].\n");
        assert_eq!(groups(&b.html), ["1"], "{}", b.html);
        assert_eq!(b.citations.len(), 1);
        // Inside emphasis: the numbers follow the closing markup.
        for text in ["*[It](claim:c1)* [@b].\n", "**[It](claim:c1)** [@b].\n"] {
            let b = run(text);
            assert_eq!(groups(&b.html), ["1"], "{}", b.html);
        }
        // In a note as in the body.
        let b = run("A.[^n]\n\n[^n]: [It](claim:c1) [@b, p. 4].\n");
        assert_eq!(groups(&b.notes[0].html), ["1 (p. 4)"]);
    }

    #[test]
    fn citations_near_a_claim_span_join_only_when_right_after_it() {
        // Only another source, right after: still one group.
        let b = run("[It](claim:c1) [@a, p. 2].\n");
        assert_eq!(groups(&b.html), ["1, 2 (p. 2)"], "{}", b.html);
        // Words between: each where it is, the space kept.
        let b = run("[It](claim:c1) and so [@b, p. 4].\n");
        assert_eq!(groups(&b.html), ["1", "1 (p. 4)"], "{}", b.html);
        assert!(b.html.contains("</sup> and so<sup"), "{}", b.html);
        let b = run("[It](claim:c1) then.\n");
        assert!(b.html.contains("</sup> then."), "{}", b.html);
        // A claim with an unknown id gives no numbers; the citation stays.
        let b = run("[It](claim:nope) [@b].\n");
        assert_eq!(groups(&b.html), ["1"], "{}", b.html);
    }

    #[test]
    fn pandoc_forms_keep_what_was_written_with_each_number() {
        let b = run("X [see @b, p. 4 and passim; also -@a].\n");
        assert_eq!(
            groups(&b.html),
            ["1 (see p. 4 and passim), 2 (also)"],
            "{}",
            b.html
        );
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        let written = b.citations[0].written.as_ref().unwrap();
        assert_eq!(written.prefix, "see");
        assert_eq!(written.locator.as_ref().unwrap().value, "4");
        assert_eq!(written.suffix, " and passim");
        // A prefix joins a claim's number like a locator does.
        let b = run("[It](claim:c1) [see @b, p. 4].\n");
        assert_eq!(groups(&b.html), ["1 (see p. 4)"], "{}", b.html);
        assert!(
            b.html.contains("title=\"see Source &lt;B&gt;, p. 4\""),
            "{}",
            b.html
        );
    }

    #[test]
    fn author_in_text_citations_in_running_text() {
        let b = run("As @a [p. 3\\*] says, \"@b\" too.\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert!(
            b.html.contains("As Source A<sup class=\"cite\">"),
            "{}",
            b.html
        );
        assert_eq!(groups(&b.html), ["1 (p. 3*)", "2"], "{}", b.html);
        assert!(!b.html.contains('['), "{}", b.html);
        // With smart punctuation the text around shifts; the citation stays.
        let b = run_opts("\"@b\" and 'x' @a.\n", crate::config::AutoLink::First, true);
        assert_eq!(groups(&b.html), ["1", "2"], "{}", b.html);
        assert!(b.html.contains("“Source &lt;B&gt;<sup"), "{}", b.html);
        // In a note as in the body.
        let b = run("A.[^n]\n\n[^n]: @b [p. 12] says.\n");
        assert_eq!(groups(&b.notes[0].html), ["1 (p. 12)"]);
        // Pandoc's `@a [-@b; see @a]` is one citation: one group.
        let b = run("@a [-@b, p. 30; see @a] says.\n");
        assert_eq!(groups(&b.html), ["1, 2 (p. 30), 1 (see)"], "{}", b.html);
        assert!(b.html.starts_with("<p>Source A<sup"), "{}", b.html);
        // Anything between: two citations.
        let b = run("@a, [-@b].\n");
        assert_eq!(groups(&b.html), ["1", "2"], "{}", b.html);
    }

    #[test]
    fn an_at_sign_in_prose_is_text() {
        for body in [
            "Mail ana@example.org or https://example.social/@ana.\n",
            "Meet @ noon [meet @ noon].\n",
            "An escaped \\@handle and [\\@handle].\n",
            "Code `@a` and [@ana](https://example.social/@ana) and <i>@a</i>.\n",
        ] {
            let b = run(body);
            assert!(b.diagnostics.is_empty(), "{body}: {:?}", b.diagnostics);
            assert!(b.citations.is_empty(), "{body}: {}", b.html);
            assert!(b.html.contains('@'), "{body}: {}", b.html);
        }
        // Unknown in-text keys are errors, with the escape as help.
        let b = run("Ask @nobody.\n");
        assert_eq!(b.diagnostics[0].code, Code::E004);
        assert!(
            b.diagnostics[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`\\@nobody`")
        );
        // An unclosed `[@` is one error, not also an in-text citation.
        let b = run("As shown [@a, p. 3 and later.\n");
        assert_eq!(b.diagnostics.len(), 1);
        assert!(b.citations.is_empty());
    }
}
