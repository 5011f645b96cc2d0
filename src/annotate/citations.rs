//! Citations: `[@a; @b, p. 3]` read into sources and locators, each key
//! checked against the site's sources, numbered by first use and rendered
//! as one superscript group; and the numbers a claim span gives its
//! sources, which join the explicit citation written right after the span.

use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType};

use super::{Citation, Pass};
use crate::diag::{Code, Diagnostic, suggest};
use crate::text::escape;

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
    /// `[@a; @b, p. 3]` → superscript numbers, checking every key.
    pub(super) fn citation(&mut self, label: &str, range: &Range<usize>) -> String {
        let items = self.citation_items(label, range);
        self.cite_html(&items)
    }

    /// The sources and locators of `[@a; @b, p. 3]`, checking every key.
    pub(super) fn citation_items(&mut self, label: &str, range: &Range<usize>) -> Vec<CiteItem> {
        let body = &self.input.text[self.input.body_start..];
        let raw = &body[range.clone()];
        let mut items = Vec::new();
        let mut search_from = 0;
        for part in label.split(';') {
            let part = part.trim();
            let Some(rest) = part.strip_prefix('@') else {
                let diag = Diagnostic::new(
                    Code::E018,
                    "a citation item must start with `@` and a source id",
                )
                .at(self.span(range))
                .help("write citations as `[@id]`, `[@id, p. 4]` or `[@a; @b]`");
                self.out.diagnostics.push(diag);
                continue;
            };
            let key_len = rest
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(rest.len());
            let key = &rest[..key_len];
            let locator = rest[key_len..]
                .trim_start_matches(|c: char| c == ',' || c.is_whitespace())
                .trim();
            let at = raw[search_from..]
                .find(&format!("@{key}"))
                .map(|i| search_from + i);
            let key_span = match at {
                Some(i) => {
                    search_from = i + 1 + key.len();
                    self.span(&(range.start + i + 1..range.start + i + 1 + key.len()))
                }
                None => self.span(range),
            };
            if key.is_empty() {
                let diag = Diagnostic::new(Code::E018, "empty citation: no source id after `@`")
                    .at(key_span)
                    .help("write `[@source-id]`");
                self.out.diagnostics.push(diag);
                continue;
            }
            if self.lookup.source(key).is_none() {
                if !self.lookup.unavailable("source", key) {
                    let diag = Diagnostic::new(Code::E004, format!("unknown source `{key}`"))
                        .at(key_span)
                        .label("no source has this id")
                        .help_opt(suggest(key, self.lookup.source_ids()));
                    self.out.diagnostics.push(diag);
                }
                continue;
            }
            items.push((
                key.to_string(),
                (!locator.is_empty()).then(|| locator.to_string()),
            ));
        }
        items
    }

    /// Numbers the given citations and renders them as one superscript.
    pub(super) fn cite_html(&mut self, items: &[CiteItem]) -> String {
        if items.is_empty() {
            return String::new();
        }
        let mut html = String::from("<sup class=\"cite\">");
        for (i, (source, locator)) in items.iter().enumerate() {
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
            let slug = crate::bibliography::source_slug(source);
            let anchor = format!("cite-{slug}-{count}");
            let title = self.lookup.source(source).map_or("", |s| s.title.as_str());
            let title = match locator {
                Some(loc) => format!("{title}{} {loc}", crate::text::punct_after(title, ",")),
                None => title.to_string(),
            };
            if i > 0 {
                html.push_str(", ");
            }
            let _ = write!(
                html,
                "<a id=\"{anchor}\" href=\"#source-{slug}\" title=\"{}\"{}>{number}</a>",
                escape(&title),
                locator
                    .as_ref()
                    .map(|l| format!(" data-locator=\"{}\"", escape(l)))
                    .unwrap_or_default(),
            );
            self.out.citations.push(Citation {
                source: source.clone(),
                number,
                anchor,
                locator: locator.clone(),
            });
        }
        html.push_str("</sup>");
        html
    }
}

/// A source cited at one place, with its locator.
pub(super) type CiteItem = (String, Option<String>);

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
    // Each of the claim's numbers takes the locator of one explicit item.
    let mut taken = vec![false; claim.len()];
    for (source, locator) in explicit {
        if let Some(i) = (0..claim.len()).find(|&i| !taken[i] && claim[i].0 == *source) {
            taken[i] = true;
            merged[i].1.clone_from(locator);
        } else if locator.is_some() || !merged.iter().any(|(s, _)| s == source) {
            merged.push((source.clone(), locator.clone()));
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
    use crate::diag::Code;

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
}
