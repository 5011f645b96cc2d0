//! A small XML writer for the feed and the sitemap: one element a line,
//! indented two spaces a level. Element and attribute names are
//! `&'static str` (written by this crate, never by an author); the only way
//! to put text or an attribute value in passes it through [`escape`], so
//! that escaping cannot be forgotten.

use crate::text::escape;

/// An XML document being written.
pub(super) struct Xml {
    out: String,
}

impl Xml {
    pub(super) fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"),
        }
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, name: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
    }

    /// `<name attrs>` on a line of its own; its children follow.
    pub(super) fn open(
        &mut self,
        level: usize,
        name: &'static str,
        attrs: &[(&'static str, &str)],
    ) {
        self.indent(level);
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
    }

    /// `</name>` on a line of its own.
    pub(super) fn close(&mut self, level: usize, name: &'static str) {
        self.indent(level);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attrs/>`.
    pub(super) fn empty(
        &mut self,
        level: usize,
        name: &'static str,
        attrs: &[(&'static str, &str)],
    ) {
        self.indent(level);
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// `<name>text</name>`.
    pub(super) fn element(&mut self, level: usize, name: &'static str, text: &str) {
        self.indent(level);
        self.inline(name, text);
        self.out.push('\n');
    }

    /// `<outer><a>text</a><b>text</b></outer>` on one line.
    pub(super) fn line(
        &mut self,
        level: usize,
        outer: &'static str,
        children: &[(&'static str, &str)],
    ) {
        self.indent(level);
        self.start_tag(outer, &[]);
        self.out.push('>');
        for (name, text) in children {
            self.inline(name, text);
        }
        self.out.push_str("</");
        self.out.push_str(outer);
        self.out.push_str(">\n");
    }

    fn inline(&mut self, name: &'static str, text: &str) {
        self.start_tag(name, &[]);
        self.out.push('>');
        self.out.push_str(&escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    pub(super) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::Xml;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut xml = Xml::new();
        xml.open(0, "feed", &[("xml:lang", "a\"b")]);
        xml.element(1, "title", "Fish & <chips>");
        xml.empty(1, "link", &[("href", "https://e.org/?a=1&b=2")]);
        xml.line(1, "author", &[("name", "A & B")]);
        xml.close(0, "feed");
        assert_eq!(
            xml.finish(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xml:lang=\"a&quot;b\">\n  <title>Fish &amp; &lt;chips&gt;</title>\n  <link href=\"https://e.org/?a=1&amp;b=2\"/>\n  <author><name>A &amp; B</name></author>\n</feed>\n"
        );
    }
}
