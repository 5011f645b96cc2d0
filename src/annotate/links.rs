//! Links that are annotations: which link is one (`[@…]`, `[[id]]`,
//! `[text](entity:id)`, `[text](claim:id)`, also with a mistyped scheme),
//! what each kind opens in the output, and what a claim span adds when it
//! closes. A new kind of annotation link starts here, in `open_link` and
//! `annotation_kind`.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType};

use super::citations::{CiteItem, is_citation, trim_trailing_space};
use super::{Frame, Pass};
use crate::diag::{Code, Diagnostic, Span, suggest};
use crate::text::escape;

impl Pass<'_, '_> {
    /// Handles the start of a link that is an annotation; `None` for an
    /// ordinary link.
    pub(super) fn open_link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        range: &Range<usize>,
        out: &mut Vec<Event<'_>>,
    ) -> Option<Frame> {
        if is_citation(link_type, dest) {
            // Like Pandoc's superscript citations: no space before the
            // number, so it never starts a line on its own.
            // A CSL style's citation stands after a space, as in Pandoc;
            // unless it joins an author-in-text citation (below).
            if !self.input.csl
                || self
                    .in_text_end
                    .is_some_and(|end| end == len_before_space(out))
            {
                trim_trailing_space(out);
            }
            let html = self.citation(range);
            // `@a [-@b, p. 30]` is one citation in Pandoc: the group's
            // numbers join the author-in-text number before it.
            if self.in_text_end == Some(out.len())
                && let Some(Event::InlineHtml(prev)) = out.last_mut()
                && let (Some(head), Some(tail)) = (
                    prev.strip_suffix("</sup>"),
                    html.strip_prefix("<sup class=\"cite\">"),
                )
            {
                *prev = format!("{head}, {tail}").into();
                return Some(Frame::Citation);
            }
            // The same with a CSL style: the group's items join the
            // author-in-text group, and its placeholder goes.
            if self.input.csl
                && self.in_text_end == Some(out.len())
                && matches!(out.last(), Some(Event::InlineHtml(prev)) if prev.starts_with(super::PLACEHOLDER.0))
                && html.starts_with(super::PLACEHOLDER.0)
                && self.out.cite_groups.len() >= 2
                && let Some(joined) = self.out.cite_groups.pop()
                && let Some(before) = self.out.cite_groups.last_mut()
            {
                before.end = joined.end;
                return Some(Frame::Citation);
            }
            out.push(Event::InlineHtml(html.into()));
            return Some(Frame::Citation);
        }
        if let LinkType::WikiLink { has_pothole } = link_type {
            // `[[id\|text]]`, the form a table cell needs, leaves the
            // backslash at the end of the id.
            let id = match has_pothole {
                true => dest.strip_suffix('\\').unwrap_or(dest),
                false => dest,
            };
            if id.trim().is_empty() {
                let diag = Diagnostic::new(Code::E020, "empty wiki-link: no entity id in it")
                    .at(self.span(range))
                    .help("write `[[entity-id]]`, or `[[entity-id|text]]` to show other text");
                self.out.diagnostics.push(diag);
                return Some(Frame::Entity {
                    replace_text: !has_pothole,
                    linked: false,
                });
            }
            return Some(self.open_entity(id, range, !has_pothole, out));
        }
        let (scheme, id) = dest.split_once(':')?;
        let kind = annotation_kind(scheme)?;
        if scheme != kind {
            let diag = Diagnostic::new(Code::E020, format!("`{scheme}:` is not an annotation"))
                .at(self.id_span(range, &format!("{scheme}:")))
                .label("dossier reads `entity:` and `claim:`, in lower case")
                .help(format!("did you mean `{kind}:{}`?", id.trim()));
            self.out.diagnostics.push(diag);
        }
        if id.trim().is_empty() {
            let diag = Diagnostic::new(
                Code::E020,
                format!("empty {kind} link: no id after `{kind}:`"),
            )
            .at(self.span(range))
            .help(format!("write `[text]({kind}:{kind}-id)`"));
            self.out.diagnostics.push(diag);
            return Some(match kind {
                "entity" => Frame::Entity {
                    replace_text: false,
                    linked: false,
                },
                _ => Frame::Claim(None),
            });
        }
        if id.trim() != id {
            // Only `<...>` around a destination lets a space into it.
            let diag = Diagnostic::new(Code::E020, format!("space in {} link", article(kind)))
                .at(self.id_span(range, id))
                .help(format!("remove the space: `{kind}:{}`", id.trim()));
            self.out.diagnostics.push(diag);
        }
        let id = id.trim();
        if kind == "entity" {
            return Some(self.open_entity(id, range, false, out));
        }
        if kind == "claim" {
            let span = self.id_span(range, id);
            let found = self.lookup.claim(id).map(|c| c.status.clone());
            let Some(status) = found else {
                if !self.lookup.unavailable("claim", id) {
                    let diag = Diagnostic::new(Code::E004, format!("unknown claim `{id}`"))
                        .at(span)
                        .label("no claim has this id")
                        .help_opt(suggest(id, self.lookup.claim_ids()));
                    self.out.diagnostics.push(diag);
                }
                return Some(Frame::Claim(None));
            };
            // The first span of a claim on the page carries its anchor,
            // which the claim's own page links to; a later span of the
            // same claim has none, so that no id is given twice.
            let first = !self.out.marked_claims.iter().any(|c| c == id);
            if first {
                self.out.marked_claims.push(id.to_string());
            }
            let anchor = match first {
                true => format!(" id=\"{}\"", claim_anchor(id)),
                false => String::new(),
            };
            let root = self.input.root;
            out.push(Event::InlineHtml(
                format!(
                    "<span class=\"claim\"{anchor} data-status=\"{status}\"><a class=\"claim-text\" href=\"{root}claims/{id}/\">",
                    status = escape(&status),
                )
                .into(),
            ));
            return Some(Frame::Claim(Some(id.to_string())));
        }
        None
    }

    fn open_entity(
        &mut self,
        id: &str,
        range: &Range<usize>,
        replace_text: bool,
        out: &mut Vec<Event<'_>>,
    ) -> Frame {
        let id = id.trim();
        let Some(entity) = self.lookup.entity(id) else {
            if !self.lookup.unavailable("entity", id) {
                let span = self.id_span(range, id);
                let diag = Diagnostic::new(Code::E004, format!("unknown entity `{id}`"))
                    .at(span)
                    .label("no entity has this id")
                    .help_opt(suggest(id, self.lookup.entity_ids()));
                self.out.diagnostics.push(diag);
            }
            if replace_text {
                out.push(Event::Text(id.to_string().into()));
            }
            return Frame::Entity {
                replace_text,
                linked: false,
            };
        };
        *self.out.mentions.entry(id.to_string()).or_default() += 1;
        if !self.out.linked_entities.iter().any(|e| e == id) {
            self.out.linked_entities.push(id.to_string());
        }
        let mut html = format!(
            "<a class=\"entity\" href=\"{}entities/{}/\">",
            self.input.root, id
        );
        if replace_text {
            html.push_str(&escape(&entity.name));
        }
        out.push(Event::InlineHtml(html.into()));
        Frame::Entity {
            replace_text,
            linked: true,
        }
    }

    /// The span of `id` inside the link at `range`, or the whole link.
    fn id_span(&self, range: &Range<usize>, id: &str) -> Span {
        let body = &self.input.text[self.input.body_start..];
        let link = &body[range.clone()];
        match (!id.is_empty()).then(|| link.rfind(id)).flatten() {
            Some(i) => self.span(&(range.start + i..range.start + i + id.len())),
            None => self.span(range),
        }
    }

    /// The HTML that closes a claim span, and the claim's sources, whose
    /// numbers follow the span.
    pub(super) fn close_claim(&mut self, claim: Option<&str>) -> (String, Vec<CiteItem>) {
        let Some(id) = claim else {
            return (String::new(), Vec::new());
        };
        let Some(def) = self.lookup.claim(id) else {
            return (String::new(), Vec::new());
        };
        let label = (self.input.claim_status_label)(&def.status);
        let html = format!(
            "</a> <span class=\"claim-status\">{}</span></span>",
            escape(&label)
        );
        let items = def
            .sources
            .iter()
            .filter(|s| self.lookup.source(s).is_some())
            .map(|s| CiteItem::bare(s))
            .collect();
        (html, items)
    }
}

/// The element id of a claim's first span in a report body, which the
/// claim's page links to. Headings keep out of the `claim-` prefix
/// ([`super::headings::RESERVED_PREFIXES`]), so no other element of the
/// report page has it.
pub fn claim_anchor(id: &str) -> String {
    format!("claim-{id}")
}

/// The annotation a link scheme names: `entity` or `claim`, also when it
/// is written in another case or mistyped (`Claim`, `claims`, `entitiy`),
/// since no web address uses such a scheme; `None` for any other.
pub(super) fn annotation_kind(scheme: &str) -> Option<&'static str> {
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid {
        return None;
    }
    let lower = scheme.to_ascii_lowercase();
    ["entity", "claim"].into_iter().find(|kind| {
        lower == *kind
            || (lower.len() >= 4
                && (lower.starts_with(&kind[..5])
                    || strsim::damerau_levenshtein(&lower, kind) <= 1))
    })
}

/// "an `entity:`" or "a `claim:`", for messages.
pub(super) fn article(kind: &str) -> String {
    match kind {
        "entity" => "an `entity:`".to_string(),
        _ => format!("a `{kind}:`"),
    }
}

/// The length `out` would have without the white space that ends it.
fn len_before_space(out: &[Event<'_>]) -> usize {
    let mut n = out.len();
    while n > 0 {
        match &out[n - 1] {
            Event::SoftBreak => n -= 1,
            Event::Text(t) if t.trim().is_empty() => n -= 1,
            _ => break,
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::config::AutoLink;
    use crate::diag::Code;

    #[test]
    fn claim_spans_carry_status_and_cite_their_sources() {
        let b = run("It [happened](claim:c1) then.\n");
        assert!(b.html.contains("<span class=\"claim\" id=\"claim-c1\" data-status=\"verified\"><a class=\"claim-text\" href=\"../../claims/c1/\">happened</a> <span class=\"claim-status\">verified</span></span><sup class=\"cite\">"), "{}", b.html);
        assert_eq!(b.cite_order, ["b"]);
        assert_eq!(b.marked_claims, ["c1"]);
        let b = run("[x](claim:nope)\n");
        assert_eq!(b.diagnostics[0].code, Code::E004);
    }

    #[test]
    fn only_the_first_span_of_a_claim_carries_its_anchor() {
        // Twice in the body and once in a note: one element with the id.
        let b = run(
            "It [happened](claim:c1), [again](claim:c1)[^n].\n\n[^n]: As [before](claim:c1).\n",
        );
        let html = format!("{}{}", b.html, b.notes[0].html);
        assert_eq!(html.matches("id=\"claim-c1\"").count(), 1, "{html}");
        assert_eq!(
            html.matches("href=\"../../claims/c1/\"").count(),
            3,
            "{html}"
        );
        assert_eq!(b.marked_claims, ["c1"]);
    }

    #[test]
    fn entity_links_in_three_forms() {
        let b = run("[[ana-kell]], [[ana-kell|her]] and [she](entity:ana-kell).\n");
        assert_eq!(
            b.html
                .matches("<a class=\"entity\" href=\"../../entities/ana-kell/\">")
                .count(),
            3
        );
        assert!(b.html.contains(">Ana Kell</a>"));
        assert!(b.html.contains(">her</a>"));
        assert!(b.html.contains(">she</a>"));
        assert_eq!(b.mentions["ana-kell"], 3);
        let b = run("[[nobody]]\n");
        assert_eq!(b.diagnostics[0].code, Code::E004);
    }

    #[test]
    fn claim_spans_wrap_and_take_typography() {
        let b = run_opts(
            "It [happened as \"they\"\nsaid](claim:c1) then.\n",
            AutoLink::First,
            true,
        );
        assert!(
            b.html.contains(
                "<a class=\"claim-text\" href=\"../../claims/c1/\">happened as “they”\nsaid</a>"
            ),
            "{}",
            b.html
        );
        assert_eq!(b.marked_claims, ["c1"]);
    }

    #[test]
    fn an_escaped_pipe_keeps_a_wiki_link_whole_in_a_table() {
        let b = run("| Who | Role |\n| --- | --- |\n| [[ana-kell\\|the director]] | chair |\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert!(
            b.html.contains(
                "<td><a class=\"entity\" href=\"../../entities/ana-kell/\">the director</a></td>"
            ),
            "{}",
            b.html
        );
        // Outside a table the same form works too.
        let b = run("[[ana-kell\\|her]]\n");
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert!(b.html.contains(">her</a>"), "{}", b.html);
    }

    #[test]
    fn every_annotation_works_in_a_table_cell() {
        let b = run(
            "| a | b |\n|---|---|\n| [[ana-kell]] [she](entity:ana-kell) | [it](claim:c1) [@a, pp. 3\\|4; @b] |\n",
        );
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
        assert_eq!(b.mentions["ana-kell"], 2);
        assert_eq!(b.marked_claims, ["c1"]);
        assert_eq!(b.citations[1].locator.as_deref(), Some("pp. 3|4"));
    }
}
