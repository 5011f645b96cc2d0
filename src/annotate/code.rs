//! Code blocks: highlighted with classes when the language is one the
//! highlighter knows, else escaped as written.

use super::Pass;
use crate::text::escape;

impl Pass<'_, '_> {
    pub(super) fn code_block(&mut self, lang: Option<&str>, code: &str) -> String {
        if let Some(lang) = lang
            && let Some(html) = self.highlighter.highlight(code, lang)
        {
            self.out.has_code = true;
            return format!(
                "<pre class=\"code\" tabindex=\"0\"><code class=\"language-{}\">{html}</code></pre>\n",
                escape(lang)
            );
        }
        let class = lang
            .map(|l| format!(" class=\"language-{}\"", escape(l)))
            .unwrap_or_default();
        format!(
            "<pre class=\"code\" tabindex=\"0\"><code{class}>{}</code></pre>\n",
            escape(code)
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;

    #[test]
    fn code_is_highlighted_with_classes() {
        let b = run("```rust\nfn main() {}\n```\n");
        assert!(b.has_code);
        assert!(b.html.contains("class=\"hl-"));
        let b = run("```\n<b>\n```\n");
        assert!(!b.has_code);
        assert!(b.html.contains("&lt;b&gt;"));
    }
}
