//! Text that starts like an annotation but that the parser left as text:
//! a `[[` never closed or cut by a table's `|`, a `[@` with no `]`, a `[^`
//! with no note, a `](claim: id)` with a space. Each is an error that
//! shows the form the author probably meant, so that a typo never reaches
//! the page as plain brackets.

use std::ops::Range;

use super::links::{annotation_kind, article};
use super::{Pass, cite_syntax};
use crate::diag::{Code, Diagnostic, suggest};

impl Pass<'_, '_> {
    /// Looks in the source of a text event for what starts like an
    /// annotation but was left as text by the parser: a `[[` with no `]]`,
    /// a wiki-link cut by a table's `|`, `](claim: id)` with a space, a
    /// `[@id` never closed, a `[^note]` with no note. Escaped brackets
    /// (`\[[`) are text by choice.
    pub(super) fn check_unparsed(&mut self, range: &Range<usize>, in_cell: bool) {
        let body = &self.input.text[self.input.body_start..];
        let mut at = range.start;
        while let Some(k) = body[at..range.end].find(['[', ']']) {
            let i = at + k;
            let after = &body[i..];
            // Only what this text holds: in `[[1](url)]` the second `[`
            // opens a link.
            let holds = |token: &str| after.starts_with(token) && i + token.len() <= range.end;
            let used = if is_escaped(body, i) {
                1
            } else if holds("[[") {
                self.unclosed_wiki_link(i, in_cell)
            } else if holds("[@") || (holds("[") && self.opens_citation(i)) {
                self.unclosed_citation(i)
            } else if holds("[^") {
                self.unread_note_ref(i)
            } else if holds("](") {
                self.unread_link_destination(i)
            } else {
                1
            };
            at = i + used.max(1);
            if at >= range.end {
                break;
            }
        }
    }

    /// Counts a mention of the entity a broken link was meant for, so that
    /// its error is not followed by a "never mentioned" warning.
    fn count_intended(&mut self, id: &str) {
        let id = id.trim();
        if self.lookup.entity(id).is_some() {
            *self.out.mentions.entry(id.to_string()).or_default() += 1;
        }
    }

    /// A `[[` at `i` (in the body) that the parser left as text; returns
    /// the length of what it reports.
    fn unclosed_wiki_link(&mut self, i: usize, in_cell: bool) -> usize {
        let body = &self.input.text[self.input.body_start..];
        let after = &body[i + 2..];
        let line = &after[..after.find('\n').unwrap_or(after.len())];
        if after.starts_with("]]") {
            let diag = Diagnostic::new(Code::E020, "empty wiki-link: no entity id in it")
                .at(self.span(&(i..i + 4)))
                .help("write `[[entity-id]]`, or `[[entity-id|text]]` to show other text");
            self.out.diagnostics.push(diag);
            return 4;
        }
        // In a table row, an unescaped `|` ends the cell, and with it the
        // wiki-link's first half.
        if in_cell
            && let Some(close) = line.find("]]")
            && line[..close].contains('|')
            && !line[..close].contains('[')
        {
            let inner = &line[..close];
            let len = 2 + close + 2;
            self.count_intended(inner.split('|').next().unwrap_or(""));
            let diag = Diagnostic::new(Code::E020, "the table's `|` cuts this wiki-link in two")
                .at(self.span(&(i..i + len)))
                .label("a `|` in a table row starts a new cell")
                .help(format!(
                    "inside a table, escape the pipe: `[[{}]]`",
                    inner.replace('|', "\\|")
                ));
            self.out.diagnostics.push(diag);
            return len;
        }
        // Where the author probably meant it to end: the first `]` of the
        // paragraph (of the row, in a table), with no `[` before it.
        let scope = match in_cell {
            true => line,
            false => &after[..after.find("\n\n").unwrap_or(after.len())],
        };
        let closed = scope
            .find(']')
            .filter(|&c| !scope[..c].contains('[') && !scope[..c].trim().is_empty());
        let (inner, len) = match closed {
            Some(c) if scope[c..].starts_with("]]") => {
                // Complete, yet not read as a wiki-link (the parser does
                // not take one in this place).
                let diag = Diagnostic::new(Code::E020, "this `[[...]]` is not read as a wiki-link")
                    .at(self.span(&(i..i + 2 + c + 2)))
                    .help("write `[[entity-id]]` or `[[entity-id|text]]` on its own, or `\\[[` for two brackets as text");
                self.out.diagnostics.push(diag);
                return 2 + c + 2;
            }
            Some(c) => (scope[..c].to_string(), 2 + c + 1),
            None => {
                let word = line
                    .split(|ch: char| ch.is_whitespace() || ch == '[' || ch == ']')
                    .next()
                    .unwrap_or("");
                (word.to_string(), 2 + word.len())
            }
        };
        let inner = inner.split_whitespace().collect::<Vec<_>>().join(" ");
        self.count_intended(inner.split('|').next().unwrap_or(""));
        let help = if inner.is_empty() {
            "write `[[entity-id]]`, or `\\[[` for two brackets as text".to_string()
        } else if in_cell {
            // In a table the `|` must be escaped too, or the fix itself
            // is cut in two.
            let bare = inner.replace("\\|", "|");
            format!("did you mean `[[{}]]`?", bare.replace('|', "\\|"))
        } else {
            format!("did you mean `[[{inner}]]`?")
        };
        let diag = Diagnostic::new(Code::E020, "wiki-link not closed: `[[` needs `]]`")
            .at(self.span(&(i..i + len)))
            .label("this wiki-link is never closed")
            .help(help);
        self.out.diagnostics.push(diag);
        len
    }

    /// A `[^` at `i` that the parser left as text: a note reference with
    /// no definition, or one not closed.
    fn unread_note_ref(&mut self, i: usize) -> usize {
        let body = &self.input.text[self.input.body_start..];
        let after = &body[i + 2..];
        let line = &after[..after.find('\n').unwrap_or(after.len())];
        let closed = line
            .find(']')
            .map(|c| &line[..c])
            .filter(|l| !l.is_empty() && !l.contains(|c: char| c.is_whitespace() || c == '['));
        let diag = match closed {
            Some(label) => Diagnostic::new(Code::E004, format!("unknown note `{label}`"))
                .at(self.span(&(i..i + 3 + label.len())))
                .label("no note has this label")
                .help(
                    suggest(
                        &format!("[^{label}]"),
                        self.note_labels.iter().map(String::as_str),
                    )
                    .unwrap_or_else(
                        || {
                            format!(
                                "add the note on a line of its own: `[^{label}]: The note's text.`, or write `\\[^` to show the brackets"
                            )
                        },
                    ),
                ),
            None => {
                let word = line
                    .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
                    .next()
                    .unwrap_or("");
                let help = match word.is_empty() {
                    true => "write `[^label]`, with the note on a line `[^label]: ...`".to_string(),
                    false => format!("did you mean `[^{word}]`?"),
                };
                Diagnostic::new(Code::E020, "note reference not read as one")
                    .at(self.span(&(i..i + 2 + word.len())))
                    .label("a note reference is `[^label]`, with no spaces")
                    .help(help)
            }
        };
        let len = diag.span.map_or(2, |s| s.end - s.start);
        self.out.diagnostics.push(diag);
        len
    }

    /// Whether the `[` at `i`, left as text, starts a citation group with
    /// a prefix that is never closed: `[see @a, p. 3` with no `]` in the
    /// paragraph.
    fn opens_citation(&self, i: usize) -> bool {
        let body = &self.input.text[self.input.body_start..];
        let after = &body[i + 1..];
        let scope = &after[..after.find("\n\n").unwrap_or(after.len())];
        !scope.contains(['[', ']']) && cite_syntax::looks_like_citation(scope)
    }

    /// A `[@` (or `[see @`) at `i` that the parser left as text: a citation
    /// with no `]`.
    fn unclosed_citation(&mut self, i: usize) -> usize {
        let body = &self.input.text[self.input.body_start..];
        let at = body[i..].find('@').map_or(1, |a| a + 1);
        let prefix = &body[i + 1..i + at - 1];
        let after = &body[i + at..];
        let scope = &after[..after.find("\n\n").unwrap_or(after.len())];
        if scope.contains(']') {
            // Closed after all, and left as text for another reason.
            return 2;
        }
        let key_len = after
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '[' | ']'))
            .unwrap_or(after.len());
        let key = &after[..key_len];
        let help = match key.is_empty() {
            true => "close the citation with `]`, as in `[@source-id]`".to_string(),
            false => format!(
                "close the citation with `]`: `[{prefix}@{key}]`, or `[{prefix}@{key}, p. 4]` with a locator"
            ),
        };
        let diag = Diagnostic::new(Code::E018, "citation not closed: `[@` needs `]`")
            .at(self.span(&(i..i + at + key_len)))
            .label("this citation is never closed")
            .help(help);
        self.out.diagnostics.push(diag);
        at + key_len
    }

    /// A `](` at `i`, left as text, whose destination starts like an
    /// annotation: `](claim: id)`, `](entity:an id)`, `](Claim:id` unclosed.
    fn unread_link_destination(&mut self, i: usize) -> usize {
        let body = &self.input.text[self.input.body_start..];
        let after = &body[i + 2..];
        let line = &after[..after.find('\n').unwrap_or(after.len())];
        let scheme_at = line.len() - line.trim_start().len();
        let scheme_len = line[scheme_at..]
            .find(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '+' | '-' | '.'))
            .unwrap_or(line.len() - scheme_at);
        let scheme = &line[scheme_at..scheme_at + scheme_len];
        let rest = &line[scheme_at + scheme_len..];
        let colon = rest.len() - rest.trim_start().len();
        let Some(kind) = annotation_kind(scheme).filter(|_| rest[colon..].starts_with(':')) else {
            return 2;
        };
        let id_at = scheme_at + scheme_len + colon + 1;
        // The link ends at its `)`, unless another link starts first.
        let stop = line[id_at..]
            .find(['(', ')', '[', ']', '<'])
            .map_or(line.len(), |c| id_at + c);
        let close = line[stop..].starts_with(')').then_some(stop);
        let raw = &line[id_at..stop];
        let words: Vec<&str> = raw.split_whitespace().collect();
        // The span runs from `(` to `)`, or to the end of the line.
        let end = close.map_or(stop, |c| c + 1);
        let span = self.span(&(i + 1..i + 2 + end));
        let (message, help) = match (close, words.as_slice()) {
            (_, []) => (
                format!("empty {kind} link: no id after `{kind}:`"),
                format!("write `[text]({kind}:{kind}-id)`"),
            ),
            (None, [id, ..]) => (
                format!("{} link not closed: `(` needs `)`", article(kind)),
                format!("did you mean `({kind}:{id})`?"),
            ),
            (Some(_), [id]) if scheme_at + colon == 0 && raw.len() == id.len() => (
                format!("{} link not read as a link", article(kind)),
                format!("check the brackets around its text: `[text]({kind}:{id})`"),
            ),
            (Some(_), [id]) => (
                format!("space in {} link", article(kind)),
                format!("remove the space: `{kind}:{id}`"),
            ),
            (Some(_), words) => (
                format!("space in {} link", article(kind)),
                format!(
                    "an id has no spaces: did you mean `{kind}:{}`?",
                    words.join("-")
                ),
            ),
        };
        if kind == "entity" {
            self.count_intended(&words.join("-"));
        }
        let diag = Diagnostic::new(Code::E020, message)
            .at(span)
            .label(format!("not read as {} link", article(kind)))
            .help(help);
        self.out.diagnostics.push(diag);
        2 + end
    }
}

/// Whether the character at `at` is escaped by an odd run of backslashes.
fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::diag::Code;

    /// Code, the text of the spanned source and help of each diagnostic.
    fn problems(body: &str) -> Vec<(Code, String, String)> {
        let text = format!("---\n---\n{body}");
        run(body)
            .diagnostics
            .iter()
            .map(|d| {
                let span = d.span.unwrap();
                (
                    d.code,
                    text[span.start..span.end].to_string(),
                    d.help.clone().unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_wiki_link_cut_by_a_table_pipe_is_an_error() {
        let p = problems("| Who | Role |\n| --- | --- |\n| [[ana-kell|the director]] | chair |\n");
        assert_eq!(
            p,
            [(
                Code::E020,
                "[[ana-kell|the director]]".to_string(),
                "inside a table, escape the pipe: `[[ana-kell\\|the director]]`".to_string()
            )]
        );
    }

    #[test]
    fn half_typed_wiki_links_are_errors() {
        let p = problems("A [[jose|The mayor] spoke.\n");
        assert_eq!(p[0].1, "[[jose|The mayor]");
        assert_eq!(p[0].2, "did you mean `[[jose|The mayor]]`?");
        let p = problems("C [[jose spoke.\n");
        assert_eq!(p[0].1, "[[jose");
        assert_eq!(p[0].2, "did you mean `[[jose]]`?");
        let p = problems("A [[jose|The\nmayor] spoke.\n");
        assert_eq!(p[0].2, "did you mean `[[jose|The mayor]]`?");
        // In a table, the suggested fix escapes the pipe.
        for row in [
            "| x | [[jose|The mayor] |\n",
            "| x | [[jose\\|The mayor] |\n",
        ] {
            let p = problems(&format!("| Who | Role |\n| --- | --- |\n{row}"));
            assert_eq!(p[0].2, "did you mean `[[jose\\|The mayor]]`?", "{p:?}");
        }
        for body in ["[[]]\n", "[[ ]]\n", "[[\\|x]]\n"] {
            let p = problems(body);
            assert_eq!(p.len(), 1, "{body}: {p:?}");
            assert!(
                p[0].0 == Code::E020 && p[0].2.starts_with("write `[[entity-id]]`"),
                "{p:?}"
            );
        }
        // A broken link to a listed entity still counts as naming it.
        assert_eq!(run("[[jose|him]\n").mentions.get("jose"), Some(&1));
    }

    #[test]
    fn half_typed_claim_and_entity_links_are_errors() {
        let cases = [
            (
                "[w](claim: c1)",
                "(claim: c1)",
                "remove the space: `claim:c1`",
            ),
            (
                "[w](entity: jose)",
                "(entity: jose)",
                "remove the space: `entity:jose`",
            ),
            (
                "[w](entity:ana kell)",
                "(entity:ana kell)",
                "an id has no spaces: did you mean `entity:ana-kell`?",
            ),
            ("[w](<claim: c1>)", " c1", "remove the space: `claim:c1`"),
            (
                "[w](entity:)",
                "[w](entity:)",
                "write `[text](entity:entity-id)`",
            ),
            (
                "[w](claim:)",
                "[w](claim:)",
                "write `[text](claim:claim-id)`",
            ),
            (
                "[w](claim: )",
                "[w](claim: )",
                "write `[text](claim:claim-id)`",
            ),
            ("[w](Claim:c1)", "Claim:", "did you mean `claim:c1`?"),
            ("[w](claims:c1)", "claims:", "did you mean `claim:c1`?"),
            (
                "[w](entitiy:jose)",
                "entitiy:",
                "did you mean `entity:jose`?",
            ),
            (
                "[w](entity:jose and more",
                "(entity:jose and more",
                "did you mean `(entity:jose)`?",
            ),
            (
                "[a]b](entity:jose)",
                "(entity:jose)",
                "check the brackets around its text: `[text](entity:jose)`",
            ),
        ];
        for (body, spanned, help) in cases {
            let p = problems(&format!("{body}\n"));
            assert_eq!(p.len(), 1, "{body}: {p:?}");
            assert_eq!(
                (p[0].0, p[0].1.as_str(), p[0].2.as_str()),
                (Code::E020, spanned, help),
                "{body}"
            );
        }
    }

    #[test]
    fn note_references_that_do_not_parse_are_errors() {
        let p = problems("A[^missing] and B[^ok].\n\n[^ok]: Fine.\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].0, p[0].1.as_str()), (Code::E004, "[^missing]"));
        let p = problems("B[^oki].\n\n[^ok]: Fine.\n");
        assert_eq!(p[0].2, "did you mean `[^ok]`?");
        let p = problems("C[^open and more.\n");
        assert_eq!((p[0].0, p[0].1.as_str()), (Code::E020, "[^open"));
        assert_eq!(p[0].2, "did you mean `[^open]`?");
    }

    #[test]
    fn an_unclosed_citation_is_an_error() {
        let p = problems("As shown [@a, p. 3 and later.\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].0, p[0].1.as_str()), (Code::E018, "[@a"));
        let p = problems("As shown [see -@a, p. 3 and later.\n");
        assert_eq!((p[0].0, p[0].1.as_str()), (Code::E018, "[see -@a"));
        assert!(p[0].2.contains("`[see -@a]`"), "{p:?}");
    }

    #[test]
    fn brackets_that_are_not_annotations_are_left_alone() {
        for body in [
            "`[[jose` and `[x](claim: y)` and `[@a`\n",
            "```\n[[jose [@a\n[x](claim: c1)\n```\n",
            "    [[jose indented code\n",
            "Escaped \\[[jose and \\[@a.\n",
            "Plain [brackets], [a](b), a[0][1] and [see](https://x.org/[[y) <https://x.org/[[z>.\n",
            "A link [to a page](other:thing) and [mail](mailto:a@b.org) and [tel](tel:123).\n",
            "Numbered [[1](https://a.org)] and [[2](https://b.org)], [@[x](y) too.\n",
            "[[jose]] and [[jose|him]] and [x](claim:c1) [@a]\n",
        ] {
            let b = run(body);
            assert!(b.diagnostics.is_empty(), "{body}: {:?}", b.diagnostics);
        }
    }
}
