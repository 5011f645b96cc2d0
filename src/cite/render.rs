//! One report's citations and Sources list in a CSL style. Every citation
//! of the report goes through one hayagriva driver, in page order (body
//! first, then the Claims section), so that the style can disambiguate
//! and number; then each citation group's HTML replaces its placeholder.

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
use crate::text::{escape, unescaped};

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

/// How one citation group is rendered: one request, or (author in the
/// text or suppressed) one request per item, put together afterwards.
enum Plan {
    /// The request, and the one of the in-text author before it.
    Whole(usize, Option<usize>),
    Split(Vec<usize>),
}

/// Formats `groups` (each one citation) and the bibliography of every
/// item in them and in `listed` (sources the report lists without citing).
///
/// hayagriva has no suppress-author or author-in-text form for one item of
/// a citation, only a prose form for a whole one (`Author (2024, 50)`). A
/// group with such an item is therefore rendered item by item (all in the
/// same driver, so disambiguation still sees them all) and put together
/// as citeproc does: `Author (2024, 50; see Other 2021)`, `(2024; Other
/// 2021)`.
pub fn format(style: &Style, groups: &[Vec<Cited<'_>>], listed: &[&Item]) -> Formatted {
    let mut driver: BibliographyDriver<'_, Item> = BibliographyDriver::new();
    let request = |items| {
        CitationRequest::new(
            items,
            &style.csl,
            style.locale.clone(),
            &style.locales,
            None,
        )
    };
    fn item<'a>(c: &Cited<'a>, purpose: Option<CitePurpose>) -> CitationItem<'a, Item> {
        let locator = c.written.and_then(|w| w.locator.as_ref()).and_then(|l| {
            let term = Locator::from_str(l.label.csl_name()).ok()?;
            Some(SpecificLocator(term, LocatorPayload::Str(&l.value)))
        });
        CitationItem::new(c.item, locator, None, false, purpose)
    }
    let mut plans = Vec::new();
    let mut next = 0;
    for group in groups {
        // A numeric style has no parenthesis to put the years in: its
        // citation stays whole, after the author for an in-text one
        // (`Kell [2]`, as citeproc writes it).
        let split = !style.is_numeric()
            && group
                .iter()
                .any(|c| c.written.is_some_and(|w| w.mode != CitationMode::Normal));
        let author = match group.first() {
            Some(c) if !split && mode(c) == CitationMode::AuthorInText => {
                driver.citation(request(vec![item(c, Some(CitePurpose::Author))]));
                next += 1;
                Some(next - 1)
            }
            _ => None,
        };
        if split {
            let mut requests = Vec::new();
            for c in group {
                let purpose = match mode(c) {
                    CitationMode::Normal => None,
                    _ => Some(CitePurpose::Prose),
                };
                driver.citation(request(vec![item(c, purpose)]));
                requests.push(next);
                next += 1;
            }
            plans.push(Plan::Split(requests));
        } else {
            driver.citation(request(group.iter().map(|c| item(c, None)).collect()));
            plans.push(Plan::Whole(next, author));
            next += 1;
        }
    }
    if !listed.is_empty() {
        let hidden = listed
            .iter()
            .map(|item| CitationItem::new(*item, None, None, true, None))
            .collect();
        driver.citation(request(hidden));
    }
    let rendered = driver.finish(BibliographyRequest::new(
        &style.csl,
        style.locale.clone(),
        &style.locales,
    ));
    let html = groups
        .iter()
        .zip(&plans)
        .map(|(group, plan)| {
            let mut out = String::from("<span class=\"citation\">");
            match plan {
                Plan::Whole(i, author) => {
                    if let Some(author) = author.and_then(|a| rendered.citations.get(a))
                        && let Some(first) = group.first()
                    {
                        let mut html = String::new();
                        write_children(
                            &mut html,
                            entry_of(&author.citation).unwrap_or(&author.citation),
                            None,
                        );
                        out.push_str(&link(first, false, html.trim()));
                        out.push(' ');
                    }
                    if let Some(cite) = rendered.citations.get(*i) {
                        write_children(&mut out, &cite.citation, Some(group));
                    }
                }
                Plan::Split(requests) => {
                    let parts: Vec<Option<&ElemChildren>> = requests
                        .iter()
                        .map(|i| rendered.citations.get(*i).map(|c| &c.citation))
                        .collect();
                    out.push_str(&put_together(style, group, &parts));
                }
            }
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
                        write_child(&mut out, first, None);
                        out.push_str("</div><div class=\"csl-right-inline\">");
                        write_children(&mut out, &item.content, None);
                        out.push_str("</div>");
                    } else {
                        write_children(&mut out, &item.content, None);
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

fn mode(c: &Cited<'_>) -> CitationMode {
    c.written.map_or(CitationMode::Normal, |w| w.mode)
}

/// A group rendered item by item, as one citation: the in-text author
/// first, then the items inside the style's parentheses.
fn put_together(style: &Style, group: &[Cited<'_>], parts: &[Option<&ElemChildren>]) -> String {
    let layout = &style.csl.citation.layout;
    let open = layout.prefix.as_deref().unwrap_or("(");
    let close = layout.suffix.as_deref().unwrap_or(")");
    let delimiter = layout.delimiter.as_deref().unwrap_or("; ");
    let mut lead = String::new();
    let mut inner = Vec::new();
    for (k, (c, part)) in group.iter().zip(parts).enumerate() {
        let Some(part) = part else { continue };
        let children = entry_of(part).unwrap_or(part);
        let mut text = String::new();
        let mut id = true;
        match mode(c) {
            CitationMode::Normal => write_children(&mut text, children, None),
            _ => {
                let (author, rest) = split_prose(children, open);
                let mut rest_html = String::new();
                write_children(&mut rest_html, &rest, None);
                let rest_html = rest_html.trim();
                let rest_html = rest_html.strip_prefix(&*escape(open)).unwrap_or(rest_html);
                let rest_html = rest_html.strip_suffix(&*escape(close)).unwrap_or(rest_html);
                text.push_str(rest_html);
                if k == 0 && mode(c) == CitationMode::AuthorInText {
                    let mut author_html = String::new();
                    write_children(&mut author_html, &author, None);
                    lead = link(c, true, author_html.trim());
                    id = false;
                }
            }
        }
        inner.push(link(c, id, &with_affixes(c, &text)));
    }
    let mut out = lead;
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&escape(open));
    out.push_str(&inner.join(&escape(delimiter)));
    out.push_str(&escape(close));
    out
}

/// The item's part of a citation, between the prefix and the suffix the
/// author wrote.
fn with_affixes(c: &Cited<'_>, html: &str) -> String {
    let mut out = String::new();
    if let Some(prefix) = c
        .written
        .map(|w| w.prefix.as_str())
        .filter(|p| !p.is_empty())
    {
        out.push_str(&escape(&unescaped(prefix)));
        out.push(' ');
    }
    out.push_str(html);
    if let Some(w) = c.written {
        let suffix = plain_suffix(&w.suffix);
        // `@a [and elsewhere]`: Pandoc puts a comma before the suffix of
        // an author-in-text citation.
        match suffix.strip_prefix(' ') {
            Some(words) if w.mode == CitationMode::AuthorInText => {
                out.push_str(", ");
                out.push_str(&escape(words));
            }
            _ => out.push_str(&escape(&suffix)),
        }
    }
    out
}

/// A link to the item's entry, with its tooltip; `id`: the element id
/// that its back-link targets (one per item).
fn link(c: &Cited<'_>, id: bool, html: &str) -> String {
    let mut out = String::from("<a");
    if id {
        let _ = write!(out, " id=\"{}\"", escape(c.anchor));
    }
    let _ = write!(
        out,
        " href=\"{}\" title=\"{}\">{html}</a>",
        escape(&c.href),
        escape(&c.title)
    );
    out
}

/// The output of the citation's one item.
fn entry_of(children: &ElemChildren) -> Option<&ElemChildren> {
    children.0.iter().find_map(|c| match c {
        ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))) => Some(&e.children),
        ElemChild::Elem(e) => entry_of(&e.children),
        _ => None,
    })
}

/// A prose-form citation (`Author (2024, 50)`) cut at the opening of the
/// style's parenthesis: the author, and the rest.
fn split_prose(children: &ElemChildren, open: &str) -> (ElemChildren, ElemChildren) {
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
            (ElemChildren(flat[..at].to_vec()), ElemChildren(rest))
        }
        None => (ElemChildren(Vec::new()), ElemChildren(flat)),
    }
}

/// Writes rendered CSL output as HTML, text escaped. In a citation
/// (`group` given), each item's part becomes a link to its source's entry,
/// with the prefix and suffix the author wrote.
fn write_children(out: &mut String, children: &ElemChildren, group: Option<&[Cited<'_>]>) {
    for child in &children.0 {
        write_child(out, child, group);
    }
}

fn write_child(out: &mut String, child: &ElemChild, group: Option<&[Cited<'_>]>) {
    match child {
        ElemChild::Text(t) => {
            let (open, close) = formatting(&t.formatting);
            out.push_str(&open);
            out.push_str(&escape(&t.text));
            out.push_str(&close);
        }
        ElemChild::Elem(e) => write_elem(out, e, group),
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

fn write_elem(out: &mut String, e: &Elem, group: Option<&[Cited<'_>]>) {
    if let (Some(ElemMeta::Entry(i)), Some(group)) = (&e.meta, group)
        && let Some(cited) = group.get(*i)
    {
        let mut inner = String::new();
        write_children(&mut inner, &e.children, None);
        out.push_str(&link(cited, true, &with_affixes(cited, &inner)));
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
    write_children(out, &e.children, group);
    if tag.is_some() {
        out.push_str("</div>");
    }
}

/// The leaves of rendered output in order, elements without display
/// unwrapped (the parenthesis [`split_prose`] looks for may sit at any
/// depth).
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

/// A suffix as Pandoc appends it: with its punctuation, or after a space.
fn plain_suffix(suffix: &str) -> String {
    let text = unescaped(suffix);
    if text.is_empty() {
        return text;
    }
    match text.starts_with(|c: char| c.is_ascii_punctuation()) {
        true => text,
        false => format!(" {text}"),
    }
}
