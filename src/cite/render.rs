//! One report's citations and Sources list in a CSL style. Every citation
//! of the report goes through one hayagriva driver, in page order (body
//! first, then the Claims section), so that the style can disambiguate
//! and number; then each citation group's HTML replaces its placeholder.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::str::FromStr;

use citationberg::json::Item;
use citationberg::taxonomy::Locator;
use citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, LocatorPayload, SpecificLocator,
};
use hayagriva::{Elem, ElemMeta};

use super::Style;
use crate::annotate::cite_syntax::{self, CitationMode};
use crate::text::escape;

/// One cited item as the report page links it.
pub struct Cited<'a> {
    /// The source's CSL-JSON item.
    pub item: &'a Item,
    /// The element id of this citation, the target of its back-link.
    pub anchor: &'a str,
    /// Where the link goes: the source's entry in the Sources list.
    pub href: String,
    /// The link's tooltip: the source's title, with what was written.
    pub title: String,
    /// What the author wrote with the key; none for a claim's sources.
    pub written: Option<&'a cite_syntax::CitationItem>,
}

/// A report's citations in the style: the HTML of each group, in the order
/// given, and the Sources list.
pub struct Formatted {
    pub groups: Vec<String>,
    /// Source id and the entry's HTML, in the style's order.
    pub bibliography: Vec<(String, String)>,
}

/// Formats `groups` (each one citation) and the bibliography of every
/// item in them and in `listed` (sources the report lists without citing).
pub fn format(style: &Style, groups: &[Vec<Cited<'_>>], listed: &[&Item]) -> Formatted {
    let mut driver: BibliographyDriver<'_, Item> = BibliographyDriver::new();
    // What each request's item `i` needs of its own (prefix, suffix, its
    // author cut), by group.
    for group in groups {
        let in_text = group
            .iter()
            .any(|c| c.written.is_some_and(|w| w.mode != CitationMode::Normal));
        let items = group
            .iter()
            .map(|c| {
                let locator = c.written.and_then(|w| w.locator.as_ref()).and_then(|l| {
                    let term = Locator::from_str(l.label.csl_name()).ok()?;
                    Some(SpecificLocator(term, LocatorPayload::Str(&l.value)))
                });
                // Author-in-text and suppressed-author items are written in
                // prose form (`Author (2024, 50)`); the author is cut from
                // the suppressed ones afterwards.
                let purpose = in_text.then_some(CitePurpose::Prose);
                CitationItem::new(c.item, locator, None, false, purpose)
            })
            .collect();
        driver.citation(CitationRequest::new(
            items,
            &style.csl,
            style.locale.clone(),
            &style.locales,
            None,
        ));
    }
    if !listed.is_empty() {
        let hidden = listed
            .iter()
            .map(|item| CitationItem::new(*item, None, None, true, None))
            .collect();
        driver.citation(CitationRequest::new(
            hidden,
            &style.csl,
            style.locale.clone(),
            &style.locales,
            None,
        ));
    }
    let rendered = driver.finish(BibliographyRequest::new(
        &style.csl,
        style.locale.clone(),
        &style.locales,
    ));
    let html = groups
        .iter()
        .zip(&rendered.citations)
        .map(|(group, cite)| {
            let mut out = String::from("<span class=\"citation\">");
            write_children(&mut out, &cite.citation, Some(group), Some(style));
            out.push_str("</span>");
            out
        })
        .collect();
    let bibliography = rendered
        .bibliography
        .map(|b| {
            b.items
                .into_iter()
                .map(|item| {
                    let mut out = String::new();
                    if let Some(first) = &item.first_field {
                        out.push_str("<div class=\"csl-left-margin\">");
                        write_child(&mut out, first, None, None);
                        out.push_str("</div><div class=\"csl-right-inline\">");
                        write_children(&mut out, &item.content, None, None);
                        out.push_str("</div>");
                    } else {
                        write_children(&mut out, &item.content, None, None);
                    }
                    (item.key, out)
                })
                .collect()
        })
        .unwrap_or_default();
    Formatted {
        groups: html,
        bibliography,
    }
}

/// Writes rendered CSL output as HTML, text escaped. In a citation
/// (`group` given), each item's part becomes a link to its source's entry,
/// with the prefix and suffix the author wrote.
fn write_children(
    out: &mut String,
    children: &ElemChildren,
    group: Option<&[Cited<'_>]>,
    style: Option<&Style>,
) {
    for child in &children.0 {
        write_child(out, child, group, style);
    }
}

fn write_child(
    out: &mut String,
    child: &ElemChild,
    group: Option<&[Cited<'_>]>,
    style: Option<&Style>,
) {
    match child {
        ElemChild::Text(t) => {
            let (open, close) = formatting(&t.formatting);
            out.push_str(&open);
            out.push_str(&escape(&t.text));
            out.push_str(&close);
        }
        ElemChild::Elem(e) => write_elem(out, e, group, style),
        ElemChild::Markup(m) => out.push_str(&escape(m)),
        ElemChild::Link { text, url } => {
            let (open, close) = formatting(&text.formatting);
            let _ = write!(out, "<a href=\"{}\">", escape(url));
            out.push_str(&open);
            out.push_str(&escape(&text.text));
            out.push_str(&close);
            out.push_str("</a>");
        }
        ElemChild::Transparent { .. } => {}
    }
}

fn write_elem(out: &mut String, e: &Elem, group: Option<&[Cited<'_>]>, style: Option<&Style>) {
    if let (Some(ElemMeta::Entry(i)), Some(group)) = (&e.meta, group)
        && let Some(cited) = group.get(*i)
    {
        let _ = write!(
            out,
            "<a id=\"{}\" href=\"{}\" title=\"{}\">",
            escape(cited.anchor),
            escape(&cited.href),
            escape(&cited.title)
        );
        let w = cited.written;
        if let Some(prefix) = w.map(|w| w.prefix.as_str()).filter(|p| !p.is_empty()) {
            out.push_str(&escape(&plain(prefix)));
            out.push(' ');
        }
        let children = match w.map(|w| w.mode) {
            Some(CitationMode::SuppressAuthor) => without_author(&e.children, style),
            _ => Cow::Borrowed(&e.children),
        };
        // In prose form the suffix goes inside the parenthesis.
        let suffix = w.map(|w| plain_suffix(&w.suffix)).unwrap_or_default();
        let mut inner = String::new();
        write_children(&mut inner, &children, None, None);
        if !suffix.is_empty() && inner.ends_with(')') && children_in_prose(w) {
            inner.pop();
            inner.push_str(&escape(&suffix));
            inner.push(')');
        } else {
            inner.push_str(&escape(&suffix));
        }
        out.push_str(&inner);
        out.push_str("</a>");
        return;
    }
    let tag = match e.display {
        Some(d) if group.is_none() => Some(match d {
            citationberg::Display::Block => "csl-block",
            citationberg::Display::LeftMargin => "csl-left-margin",
            citationberg::Display::RightInline => "csl-right-inline",
            citationberg::Display::Indent => "csl-indent",
        }),
        _ => None,
    };
    if let Some(class) = tag {
        let _ = write!(out, "<div class=\"{class}\">");
    }
    write_children(out, &e.children, group, style);
    if tag.is_some() {
        out.push_str("</div>");
    }
}

/// Whether an item was written in prose form (see [`format`]).
fn children_in_prose(w: Option<&cite_syntax::CitationItem>) -> bool {
    w.is_some_and(|w| w.mode != CitationMode::Normal)
}

/// A prose-form citation (`Author (2024, 50)`) without its author: from
/// the opening of the style's parenthesis on.
fn without_author<'c>(children: &'c ElemChildren, style: Option<&Style>) -> Cow<'c, ElemChildren> {
    let open = style
        .and_then(|s| s.csl.citation.layout.prefix.as_deref())
        .unwrap_or("(");
    let flat = flatten(children);
    match flat.iter().position(|c| match c {
        ElemChild::Text(t) => t.text.trim_start().starts_with(open),
        _ => false,
    }) {
        Some(at) => {
            let mut rest: Vec<ElemChild> = flat[at..].to_vec();
            if let Some(ElemChild::Text(t)) = rest.first_mut() {
                t.text = t.text.trim_start().to_string();
            }
            Cow::Owned(ElemChildren(rest))
        }
        None => Cow::Borrowed(children),
    }
}

/// The leaves of rendered output in order, elements without display
/// unwrapped (what is cut by [`without_author`] may sit at any depth).
fn flatten(children: &ElemChildren) -> Vec<ElemChild> {
    let mut out = Vec::new();
    for c in &children.0 {
        match c {
            ElemChild::Elem(e) if e.display.is_none() => out.extend(flatten(&e.children)),
            other => out.push(other.clone()),
        }
    }
    out
}

/// HTML tags for CSL formatting, opening and closing.
fn formatting(f: &hayagriva::Formatting) -> (String, String) {
    let mut open = String::new();
    let mut close = String::new();
    let mut wrap = |o: &str, c: &str| {
        open.push_str(o);
        close.insert_str(0, c);
    };
    if f.font_style == FontStyle::Italic {
        wrap("<i>", "</i>");
    }
    if f.font_weight == FontWeight::Bold {
        wrap("<b>", "</b>");
    }
    if f.font_variant == FontVariant::SmallCaps {
        wrap("<span style=\"font-variant: small-caps\">", "</span>");
    }
    if f.text_decoration == TextDecoration::Underline {
        wrap("<span style=\"text-decoration: underline\">", "</span>");
    }
    match f.vertical_align {
        VerticalAlign::Sup => wrap("<sup>", "</sup>"),
        VerticalAlign::Sub => wrap("<sub>", "</sub>"),
        _ => {}
    }
    (open, close)
}

/// Text written in a citation as a reader sees it: backslash escapes
/// resolved, runs of white space one space.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        out.push(c);
    }
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// A suffix as Pandoc appends it: with its punctuation, or after a space.
fn plain_suffix(suffix: &str) -> String {
    let text = plain(suffix);
    if text.is_empty() {
        return text;
    }
    match text.starts_with(|c: char| c.is_ascii_punctuation()) {
        true => text,
        false => format!(" {text}"),
    }
}
