//! Heading ids: those authors write as `{#id}`, reserved before any is
//! generated; those made from a heading's text, unique on the page; and the
//! ids and prefixes the report page keeps for itself.

use std::collections::HashMap;
use std::ops::Range;

use super::Pass;
use crate::diag::{Code, Diagnostic, Span};

/// Element ids the report page uses around the body; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "claims",
    "sources",
    "notes",
    "entities",
    "corrections",
    "top",
    "report-status-key",
    // `dossier serve` shows its error overlay in the page.
    "dossier-overlay",
];

/// Beginnings of the ids the page makes for citations (`cite-a-1`), notes
/// (`note-1`, `note-ref-1-1`), the source list (`source-a`) and claim
/// spans (`claim-a`, which claim pages link to). A heading id
/// that starts like one of them could meet one on some page, now or after
/// the next source is added, so headings keep out of these names.
pub const RESERVED_PREFIXES: &[&str] = &["cite-", "note-", "source-", "claim-"];

impl Pass<'_, '_> {
    /// Takes the ids authors wrote as `{#id}` before any is generated, and
    /// reports one written twice or one the page keeps for itself. The
    /// ranges are those of the headings, in page order.
    pub(super) fn reserve_explicit_ids(&mut self, explicit: Vec<(String, Range<usize>)>) {
        let mut first: HashMap<String, Span> = HashMap::new();
        for (id, range) in explicit {
            let span = self.heading_id_span(&range, &id);
            let prefix = RESERVED_PREFIXES.iter().find(|p| id.starts_with(*p));
            if RESERVED_IDS.contains(&id.as_str()) || prefix.is_some() {
                let why = match prefix {
                    Some(p) => format!("ids that start with `{p}` name the page's own anchors"),
                    None => "the report page already has an element with this id".to_string(),
                };
                let diag = Diagnostic::new(
                    Code::E019,
                    format!("heading id `{id}` is kept for the page itself"),
                )
                .at(span)
                .label(why)
                .help(format!("choose another id, such as `{{#h-{id}}}`"));
                self.out.diagnostics.push(diag);
                continue;
            }
            if let Some(&earlier) = first.get(&id) {
                let diag = Diagnostic::new(Code::E019, format!("heading id `{id}` is used twice"))
                    .at(span)
                    .label("used again here")
                    .related(earlier, "first used here")
                    .help(format!(
                        "give each heading its own id; without `{{#{id}}}` a heading gets one made from its text"
                    ));
                self.out.diagnostics.push(diag);
                continue;
            }
            first.insert(id.clone(), span);
            self.heading_ids.insert(id);
            self.explicit_ids.insert(range.start);
        }
    }

    /// The span of `#id` in the heading at `range`, or the heading's start.
    fn heading_id_span(&self, range: &Range<usize>, id: &str) -> Span {
        let body = &self.input.text[self.input.body_start..];
        let heading = &body[range.clone()];
        let needle = format!("#{id}");
        match heading
            .rfind('{')
            .and_then(|open| heading[open..].find(&needle).map(|i| open + i))
        {
            Some(i) => self.span(&(range.start + i..range.start + i + needle.len())),
            None => self.span(&(range.start..range.start)),
        }
    }

    pub(super) fn unique_heading_id(&mut self, wanted: String) -> String {
        // The page's own anchors (`cite-…`, `note-…`, `source-…`) are never
        // taken by a heading: such a heading id gets a prefix first.
        let base = if wanted.is_empty() {
            "section".to_string()
        } else if RESERVED_PREFIXES.iter().any(|p| wanted.starts_with(p)) {
            format!("h-{wanted}")
        } else {
            wanted
        };
        // The next suffix to try is kept per base, so a thousand equal
        // headings cost a thousand steps, not half a million.
        let mut id = base.clone();
        let next = self.heading_next.entry(base.clone()).or_insert(1);
        while self.heading_ids.contains(&id) {
            id = format!("{base}-{next}");
            *next += 1;
        }
        self.heading_ids.insert(id.clone());
        id
    }
}

pub(super) fn slugify_heading(text: &str) -> String {
    crate::model::slugify(text)
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::diag::{Code, Diagnostic};

    #[test]
    fn headings_get_unique_ids() {
        let b = run(
            "## Background\n\n## Background\n\n## Sources\n\n## Own {#own}\n\n## Source notes\n\n## Note 1\n\n## Status key {#h-key}\n\n## Report status key\n\n## Claim 1\n",
        );
        // `claim-1` is the anchor of claim `1`'s span.
        assert!(b.html.contains("<h2 id=\"h-claim-1\">"), "{}", b.html);
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert!(b.html.contains("<h2 id=\"h-source-notes\">"), "{}", b.html);
        assert!(b.html.contains("<h2 id=\"h-note-1\">"), "{}", b.html);
        assert!(
            b.html.contains("<h2 id=\"report-status-key-1\">"),
            "{}",
            b.html
        );
        assert!(b.html.contains("<h2 id=\"background\">"));
        assert!(b.html.contains("<h2 id=\"background-1\">"));
        assert!(b.html.contains("<h2 id=\"sources-1\">"), "{}", b.html);
        assert!(b.html.contains("<h2 id=\"own\">"));
    }

    fn heading_ids(html: &str) -> Vec<&str> {
        html.match_indices("<h")
            .filter_map(|(i, _)| html[i..].strip_prefix("<h2 id=\""))
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn explicit_heading_ids_are_reserved_before_generated_ones() {
        let b = run("## Foo\n\n## Foo\n\n## Budget {#foo-1}\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert_eq!(heading_ids(&b.html), ["foo", "foo-2", "foo-1"]);
        // Written first, an explicit id is never renamed either.
        let b = run("## Budget {#foo}\n\n## Foo\n\n## Foo\n");
        assert_eq!(heading_ids(&b.html), ["foo", "foo-1", "foo-2"]);
        // Explicit ids in notes are reserved as well.
        let b = run("## Foo\n\nA[^n].\n\n[^n]: Note.\n\n    ## Here {#foo}\n");
        assert_eq!(heading_ids(&b.html), ["foo-1"]);
        assert_eq!(heading_ids(&b.notes[0].html), ["foo"]);
        // Unicode: generated ids keep letters, explicit ones stay as written.
        let b = run("## Año {#año}\n\n## Año\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert_eq!(heading_ids(&b.html), ["año", "año-1"]);
    }

    #[test]
    fn explicit_heading_ids_twice_or_taken_by_the_page_are_errors() {
        let text = "---\n---\n## A {#x}\n\n## B {#x}\n\n## C {#claims}\n\n## D {.wide #source-a}\n";
        let b = run(&text[8..]);
        let codes: Vec<_> = b.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::E019, Code::E019, Code::E019]);
        let at = |d: &Diagnostic| &text[d.span.unwrap().start..d.span.unwrap().end];
        assert_eq!(at(&b.diagnostics[0]), "#x");
        assert_eq!(
            b.diagnostics[0].span.unwrap().start,
            text.find("## B").unwrap() + 6
        );
        assert_eq!(b.diagnostics[0].related[0].0.start, 8 + 6);
        assert_eq!(at(&b.diagnostics[1]), "#claims");
        assert_eq!(at(&b.diagnostics[2]), "#source-a");
        // The page stays valid HTML: no id is given twice.
        assert_eq!(heading_ids(&b.html), ["x", "x-1", "claims-1", "h-source-a"]);
    }
}
