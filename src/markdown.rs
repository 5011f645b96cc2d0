//! Markdown shown outside report pages (section and home introductions,
//! registry bodies): its options, and its links rebased for the page it
//! is shown on.

use crate::urls::rebase_link;

/// The Markdown options of bodies shown outside report pages.
pub const PLAIN_OPTIONS: pulldown_cmark::Options = pulldown_cmark::Options::ENABLE_TABLES
    .union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH)
    .union(pulldown_cmark::Options::ENABLE_TASKLISTS)
    .union(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);

/// Plain Markdown (registry bodies, section and home introductions) as
/// HTML. The text was written for the page at `written_for` (a URL
/// relative to the site root, `""` or ending in `/`) and is shown at
/// `shown_at`; when the two differ (a section's intro on `2024/page/2/`),
/// every relative link and image is rewritten so that it leads where the
/// author meant. Links with a scheme, `//`, `/` or only a `#fragment` are
/// kept as written. `smart_punctuation` is the site's setting, as report
/// bodies have it.
pub fn markdown_at(
    text: &str,
    written_for: &str,
    shown_at: &str,
    smart_punctuation: bool,
) -> String {
    use pulldown_cmark::{CowStr, Event, Parser, Tag};
    fn rebase<'t>(dest: CowStr<'t>, written_for: &str, shown_at: &str) -> CowStr<'t> {
        if written_for == shown_at {
            return dest;
        }
        rebase_link(&dest, written_for, shown_at).map_or(dest, CowStr::from)
    }
    let mut options = PLAIN_OPTIONS;
    if smart_punctuation {
        options |= pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    }
    let events = Parser::new_ext(text, options).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rebase(dest_url, written_for, shown_at),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rebase(dest_url, written_for, shown_at),
            title,
            id,
        }),
        Event::Html(raw) if written_for != shown_at => {
            Event::Html(rebase_raw_html(&raw, written_for, shown_at).into())
        }
        Event::InlineHtml(raw) if written_for != shown_at => {
            Event::InlineHtml(rebase_raw_html(&raw, written_for, shown_at).into())
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// Raw HTML with the page-relative `href` and `src` attributes rebased as
/// [`rebase_link`] does, for Markdown shown away from its page.
fn rebase_raw_html(raw: &str, written_for: &str, shown_at: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 16);
    // Lowered once: ASCII lowering keeps every byte offset.
    let lower = raw.to_ascii_lowercase();
    let mut done = 0;
    while let Some(at) = find_url_attribute(&lower, done) {
        out.push_str(&raw[done..at]);
        let after = &raw[at..];
        let quote = after.as_bytes()[0];
        let value_end = after[1..]
            .find(char::from(quote))
            .map_or(after.len(), |i| i + 1);
        let value = &after[1..value_end];
        out.push(char::from(quote));
        match rebase_link(value, written_for, shown_at) {
            Some(rebased) => out.push_str(&rebased),
            None => out.push_str(value),
        }
        done = at + value_end;
    }
    out.push_str(&raw[done..]);
    out
}

/// The offset of the opening quote of the next `href=` or `src=` value in
/// `lower` (HTML lowered to ASCII lower case) at or after `from`.
fn find_url_attribute(lower: &str, mut from: usize) -> Option<usize> {
    while let Some(i) = lower[from..].find(['h', 's']).map(|i| i + from) {
        let name = ["href=", "src="]
            .into_iter()
            .find(|n| lower[i..].starts_with(n));
        let boundary = i == 0 || lower.as_bytes()[i - 1].is_ascii_whitespace();
        if let Some(name) = name
            && boundary
            && matches!(lower.as_bytes().get(i + name.len()), Some(b'"' | b'\''))
        {
            return Some(i + name.len());
        }
        from = i + 1;
    }
    None
}
