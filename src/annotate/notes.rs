//! Note references: `[^label]` numbered by first reference, with an anchor
//! for each place that refers to a note, for the note's back-links. The
//! definitions are set aside and rendered after the body by `render_body`
//! (in `mod.rs`), which also reports a note defined twice or never referred
//! to; a reference to no note is caught in `unparsed.rs`.

use super::Pass;

impl Pass<'_, '_> {
    pub(super) fn note_ref(&mut self, label: &str) -> String {
        let number = match self.note_order.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                self.note_order.push(label.to_string());
                self.note_order.len()
            }
        };
        let refs = self.note_refs.entry(label.to_string()).or_default();
        let anchor = format!("note-ref-{number}-{}", refs.len() + 1);
        refs.push(anchor.clone());
        format!(
            "<sup class=\"note-ref\"><a id=\"{anchor}\" href=\"#note-{number}\">{number}</a></sup>"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::diag::Code;

    #[test]
    fn notes_are_collected_with_back_links() {
        let b = run("A[^x] and B[^y] and A again[^x].\n\n[^x]: Note x [@a].\n[^y]: Note y.\n");
        assert_eq!(b.notes.len(), 2);
        assert_eq!(b.notes[0].refs, ["note-ref-1-1", "note-ref-1-2"]);
        assert!(b.notes[0].html.contains("Note x"));
        assert!(b.html.contains("href=\"#note-2\""));
        assert!(!b.html.contains("Note y"), "{}", b.html);
        assert_eq!(b.cite_order, ["a"]);
    }

    #[test]
    fn a_note_defined_twice_is_an_error_at_both_places() {
        let text = "Text.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n";
        let b = run(text);
        let d: Vec<_> = b
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::E005)
            .collect();
        assert_eq!(d.len(), 1, "{:?}", b.diagnostics);
        // Spans count from the file's start; the body starts at byte 8.
        let span = d[0].span.unwrap();
        assert_eq!(span.start - 8, text.rfind("[^a]:").unwrap());
        assert_eq!(span.end - span.start, "[^a]".len());
    }

    #[test]
    fn a_note_nothing_refers_to_is_a_warning() {
        let text = "---\n---\nA[^a].\n\n[^a]: Used.\n[^b]: Unused.\n";
        let b = run(&text[8..]);
        assert_eq!(b.diagnostics.len(), 1, "{:?}", b.diagnostics);
        let d = &b.diagnostics[0];
        assert_eq!((d.code, d.is_error()), (Code::W007, false));
        let span = d.span.unwrap();
        assert_eq!(&text[span.start..span.end], "[^b]");
    }
}
