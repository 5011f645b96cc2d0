//! The Markdown pass over one report body: citations, claim spans, entity
//! links, automatic mentions, notes, headings and code. It turns the body
//! into HTML and records what the body refers to, so that the site index can
//! compute back-links without parsing Markdown again.
//!
//! This file holds what the rest of the crate sees ([`Input`], [`Body`],
//! [`Lookup`], [`render_body`]) and the loop over the parser's events
//! (`Pass::render`), which hands each kind of annotation to its own file:
//!
//! - `links.rs`: which link is an annotation (`[@…]`, `[[id]]`, `entity:`,
//!   `claim:`) and what each kind opens and closes. A new kind of
//!   annotation link starts there, in `open_link` and `annotation_kind`.
//! - `citations.rs`: citation keys, numbering, and the numbers a claim span
//!   shares with the citation right after it.
//! - `mentions.rs`: entity names found in plain text, and automatic links.
//! - `headings.rs`: heading ids, written and generated, and the ids the
//!   report page keeps for itself.
//! - `notes.rs`: note references (the definitions are set aside by
//!   [`render_body`] and rendered after the body).
//! - `code.rs`: code blocks.
//! - `figures.rs`: images, and figures for an image alone in its
//!   paragraph (size, caption, credit, alternative text).
//! - `unparsed.rs`: text that starts like an annotation but was not read as
//!   one; a new kind of annotation adds its half-typed forms there.

mod citations;
pub mod cite_syntax;
mod code;
pub mod figures;
mod headings;
mod links;
mod mentions;
mod notes;
#[cfg(test)]
mod test_support;
mod unparsed;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::config::AutoLink;
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::highlight::Highlighter;
use crate::model::{ClaimDef, EntityDef, SourceDef};

pub use headings::{RESERVED_IDS, RESERVED_PREFIXES};
pub use links::claim_anchor;
pub use mentions::Mentions;

use citations::{CITE, ClaimCites, is_citation, merge_cites};
use headings::slugify_heading;

/// Site-wide definitions the pass looks ids up in.
pub trait Lookup {
    fn entity(&self, id: &str) -> Option<&EntityDef>;
    fn source(&self, id: &str) -> Option<&SourceDef>;
    fn claim(&self, id: &str) -> Option<&ClaimDef>;
    fn entity_ids(&self) -> Vec<&str>;
    fn source_ids(&self) -> Vec<&str>;
    fn claim_ids(&self) -> Vec<&str>;
    /// Whether the `what` (`entity`, `source`, `claim`) `id` is defined in
    /// a file that failed to parse: then a use of it is not an error of
    /// its own.
    fn unavailable(&self, _what: &str, _id: &str) -> bool {
        false
    }
}

/// What the pass needs to know about the report around the body.
pub struct Input<'a> {
    pub file: FileId,
    /// The whole file; the body is `text[body_start..]`.
    pub text: &'a str,
    pub body_start: usize,
    /// Relative prefix from the report page to the site root.
    pub root: &'a str,
    /// Entities the report lists in its front matter, in order.
    pub listed: &'a [&'a str],
    /// The site's names and aliases, built once per build.
    pub names: Option<&'a Mentions>,
    pub auto_link: AutoLink,
    pub smart_punctuation: bool,
    pub claim_status_label: &'a dyn Fn(&str) -> String,
    /// A CSL style formats the citations: each citation group becomes a
    /// placeholder ([`cite_placeholder`]) that the report page replaces
    /// once the style has seen every citation of the report.
    pub csl: bool,
    /// The files of the report's bundle (none for a plain `name.md`): an
    /// image among them gets its size.
    pub files: &'a [crate::model::BundleFile],
    /// What a screen reader calls the scrolling box around a table, in
    /// the report's language (`Table`, `Tabla`).
    pub table_label: &'a str,
}

/// One use of a source: a citation number in the body or in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub source: String,
    pub number: usize,
    /// The element id of the citation, the target of its back-link.
    pub anchor: String,
    /// Everything written with the key, as shown beside the number and its
    /// back-link: prefix, locator and suffix (`see p. 12 and passim`).
    pub locator: Option<String>,
    /// The citation item as written (mode, prefix, typed locator, suffix);
    /// none for the numbers a claim span gives its sources.
    pub written: Option<cite_syntax::CitationItem>,
}

/// The marks around a citation group's number in the HTML of a body
/// annotated for a CSL style: private-use characters, which no author
/// writes and Markdown leaves alone.
pub const PLACEHOLDER: (char, char) = ('\u{E000}', '\u{E001}');

/// The stand-in for citation group `i` in a body annotated for a CSL style.
pub fn cite_placeholder(i: usize) -> String {
    format!("{}{i}{}", PLACEHOLDER.0, PLACEHOLDER.1)
}

/// A GFM footnote, rendered.
#[derive(Debug, Clone)]
pub struct Note {
    pub number: usize,
    pub html: String,
    /// Anchors of the places that refer to this note.
    pub refs: Vec<String>,
}

/// A link written in the body to a page of this site (for dangling-link checks).
#[derive(Debug, Clone)]
pub struct BodyLink {
    pub dest: String,
    pub span: Span,
}

/// An entity a body names without its report listing it.
#[derive(Debug, Clone)]
pub struct Untagged {
    pub entity: String,
    /// The first place the body names it.
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub notes: Vec<Note>,
    /// Every citation, in page order.
    pub citations: Vec<Citation>,
    /// Source ids in order of first citation.
    pub cite_order: Vec<String>,
    /// With a CSL style ([`Input::csl`]): each citation group, in page
    /// order, as the range of its items in `citations`; group `i` stands in
    /// the HTML as [`cite_placeholder`]`(i)`.
    pub cite_groups: Vec<Range<usize>>,
    /// Mentions per entity id (plain-text occurrences and explicit links).
    pub mentions: HashMap<String, usize>,
    /// Entities linked explicitly, in order of first link.
    pub linked_entities: Vec<String>,
    /// Claims that a span in the body marks.
    pub marked_claims: Vec<String>,
    /// Entities the text names without the report listing them: the first
    /// place each is named.
    pub untagged: Vec<Untagged>,
    pub has_code: bool,
    /// Links and images that point inside the site (relative paths and
    /// `#fragment`s), for the dangling-link check.
    pub links: Vec<BodyLink>,
    /// The element ids the body gives its headings, with the page's own
    /// section ids ([`RESERVED_IDS`]): where `#fragment` links may land.
    pub ids: HashSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Runs the pass over one report body.
pub fn render_body(input: &Input<'_>, lookup: &dyn Lookup, highlighter: &Highlighter) -> Body {
    let body = &input.text[input.body_start..];
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_WIKILINKS;
    if input.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    // A bracket whose text has an `@` at the start of a word is a
    // citation group: it is read as one, or reported.
    let callback = |link: BrokenLink<'_>| {
        cite_syntax::looks_like_citation(&link.reference)
            .then_some((CowStr::Borrowed(CITE), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(body, options, Some(callback));
    let events = merge_text(parser.into_offset_iter().collect());

    // Footnote definitions are taken out of the flow and rendered after it,
    // so that citations are numbered body first, then notes.
    let mut main = Vec::with_capacity(events.len());
    let mut definitions: HashMap<String, Vec<(Event<'_>, Range<usize>)>> = HashMap::new();
    let mut current: Option<(String, Vec<(Event<'_>, Range<usize>)>)> = None;
    let mut depth = 0usize;
    // Explicit heading ids, in page order, are reserved before any id is
    // generated, so that a heading written later keeps the id a reader's
    // link promises.
    let mut explicit: Vec<(String, Range<usize>)> = Vec::new();
    // Where each note is defined, to report one that nothing refers to.
    let mut defined_at: HashMap<String, usize> = HashMap::new();
    let mut twice: Vec<(String, usize, usize)> = Vec::new();
    for (event, range) in events {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &event {
            explicit.push((id.to_string(), range.clone()));
        }
        match (&mut current, event) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                match defined_at.get(label.as_ref()) {
                    // Only the first definition is shown: the second would
                    // vanish without a word.
                    Some(&first) => twice.push((label.to_string(), first, range.start)),
                    None => {
                        defined_at.insert(label.to_string(), range.start);
                    }
                }
                current = Some((label.to_string(), Vec::new()));
                depth = 0;
            }
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) if depth == 0 => {
                let (label, events) = current.take().unwrap_or_default();
                definitions.entry(label).or_insert(events);
            }
            (Some((_, events)), event) => {
                match &event {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                events.push((event, range));
            }
            (None, event) => main.push((event, range)),
        }
    }

    let mut pass = Pass {
        input,
        lookup,
        highlighter,
        listed: input.listed.iter().copied().collect(),
        out: Body::default(),
        cite_counts: HashMap::new(),
        auto_linked: HashSet::new(),
        note_order: Vec::new(),
        note_refs: HashMap::new(),
        heading_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        heading_next: HashMap::new(),
        explicit_ids: HashSet::new(),
        note_labels: definitions.keys().map(|l| format!("[^{l}]")).collect(),
        in_text_end: None,
        lead_skip: None,
    };
    pass.reserve_explicit_ids(explicit);
    let html = pass.render(main);
    pass.out.html = html;

    let mut i = 0;
    while i < pass.note_order.len() {
        let label = pass.note_order[i].clone();
        let events = definitions.remove(&label).unwrap_or_default();
        let html = pass.render(events);
        let refs = pass.note_refs.remove(&label).unwrap_or_default();
        pass.out.notes.push(Note {
            number: i + 1,
            html,
            refs,
        });
        i += 1;
    }
    // A note that no `[^label]` refers to would vanish from the page.
    let mut unused: Vec<(usize, String)> = definitions
        .into_keys()
        .filter_map(|label| Some((*defined_at.get(&label)?, label)))
        .collect();
    unused.sort();
    for (start, label) in unused {
        let span = pass.span(&(start..start + label.len() + 3));
        let diag = Diagnostic::new(Code::W007, format!("note `{label}` is never referred to"))
            .at(span)
            .label("not shown on the page")
            .help(format!(
                "refer to it with `[^{label}]` where it belongs in the text, or remove it"
            ));
        pass.out.diagnostics.push(diag);
    }
    for (label, first, again) in twice {
        let len = label.len() + 3;
        let diag = Diagnostic::new(Code::E005, format!("note `{label}` is defined twice"))
            .at(pass.span(&(again..again + len)))
            .label("defined again here")
            .related(pass.span(&(first..first + len)), "first defined here")
            .help(format!(
                "give the second note a label of its own, e.g. `[^{label}-2]`, and refer to it"
            ));
        pass.out.diagnostics.push(diag);
    }
    pass.out.ids = std::mem::take(&mut pass.heading_ids);
    pass.out
}

/// Joins adjacent text events, which the parser splits at entities and
/// smart punctuation, so that a name is never cut in two. A soft line break
/// joins the run as the `\n` it renders as, so that a name wrapped across
/// two lines of the source is one piece of text too.
fn merge_text(events: Vec<(Event<'_>, Range<usize>)>) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(events.len());
    // A run of text events is gathered in one buffer: joining them pairwise
    // would copy the run again for every piece.
    let mut run: Option<(String, Range<usize>)> = None;
    let flush = |run: &mut Option<(String, Range<usize>)>,
                 out: &mut Vec<(Event<'_>, Range<usize>)>| {
        if let Some((text, range)) = run.take() {
            out.push((Event::Text(text.into()), range));
        }
    };
    for (event, range) in events {
        let event = match event {
            Event::SoftBreak => Event::Text(CowStr::Borrowed("\n")),
            other => other,
        };
        match event {
            Event::Text(text) => match &mut run {
                Some((buf, r)) => {
                    buf.push_str(&text);
                    r.end = range.end;
                }
                None => run = Some((text.into_string(), range)),
            },
            other => {
                flush(&mut run, &mut out);
                out.push((other, range));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

struct Pass<'a, 'i> {
    input: &'a Input<'i>,
    lookup: &'a dyn Lookup,
    highlighter: &'a Highlighter,
    listed: HashSet<&'a str>,
    out: Body,
    /// How often each source has been cited so far (for back-link anchors).
    cite_counts: HashMap<String, usize>,
    auto_linked: HashSet<String>,
    note_order: Vec<String>,
    note_refs: HashMap<String, Vec<String>>,
    heading_ids: HashSet<String>,
    heading_next: HashMap<String, usize>,
    /// Where each accepted explicit heading id is written (the start of its
    /// heading); a heading elsewhere with the same id gets a generated one.
    explicit_ids: HashSet<usize>,
    /// The notes the body defines, as `[^label]`, for did-you-mean help.
    note_labels: Vec<String>,
    /// The length of the output right after the last author-in-text
    /// citation, so that a bracketed group right after it can join it.
    in_text_end: Option<usize>,
    /// Where a citation group starts whose first part belongs to the
    /// author-in-text citation before it, and that part's length.
    lead_skip: Option<(usize, usize)>,
}

/// What the pass is inside of, for the text it meets.
enum Frame {
    /// A citation link: its text is replaced by numbers.
    Citation,
    /// A claim span: closing it appends the status badge and citations.
    Claim(Option<String>),
    /// An entity link; `replace_text` when `[[id]]` shows the entity's name
    /// (or the id, for an unknown entity); `linked` unless the id is unknown.
    Entity { replace_text: bool, linked: bool },
    /// Any other link or an image.
    Link,
}

impl Pass<'_, '_> {
    fn span(&self, range: &Range<usize>) -> Span {
        let start = self.input.body_start;
        Span::new(self.input.file, start + range.start..start + range.end)
    }

    fn render(&mut self, events: Vec<(Event<'_>, Range<usize>)>) -> String {
        let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
        let mut frames: Vec<Frame> = Vec::new();
        let mut code: Option<(Option<String>, String)> = None;
        let mut heading: Option<(usize, String, usize)> = None;
        let mut raw_html_depth = 0usize;
        let mut in_cell = false;
        // The numbers of a claim span wait for what follows it: an explicit
        // citation right after the span joins them (see `claim_cites`).
        let mut claim_cites: Option<ClaimCites<'_>> = None;
        // The image being read (where it starts in `out`), and the last
        // image written, which becomes a figure when its paragraph holds
        // nothing else.
        let mut image: Option<(usize, figures::Image, Range<usize>)> = None;
        let mut last_image: Option<(usize, figures::Image)> = None;
        for (event, range) in events {
            if let Some(pending) = &mut claim_cites {
                match &event {
                    Event::Text(text) if pending.gap.is_none() && text.trim().is_empty() => {
                        pending.gap = Some(event);
                        continue;
                    }
                    // `*[words](claim:id)* [@a]`: the emphasis closes
                    // first, and the numbers still wait for the citation.
                    Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
                        if pending.gap.is_none() =>
                    {
                        out.push(event);
                        continue;
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    }) if is_citation(*link_type, dest_url) => {
                        let items = self.citation_items(&range);
                        if let Some(pending) = claim_cites.take() {
                            let html = self.claim_cite_html(&merge_cites(&pending.items, &items));
                            out.push(Event::InlineHtml(html.into()));
                        }
                        frames.push(Frame::Citation);
                        continue;
                    }
                    _ => {
                        if let Some(pending) = claim_cites.take() {
                            out.push(Event::InlineHtml(
                                self.claim_cite_html(&pending.items).into(),
                            ));
                            out.extend(pending.gap);
                        }
                    }
                }
            }
            if let Some((_, buf)) = &mut code {
                match event {
                    Event::Text(t) => buf.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let (lang, buf) = code.take().unwrap_or_default();
                        out.push(Event::Html(self.code_block(lang.as_deref(), &buf).into()));
                    }
                    _ => {}
                }
                continue;
            }
            let in_link = !frames.is_empty();
            match &event {
                Event::Start(Tag::TableCell) => in_cell = true,
                Event::End(TagEnd::TableCell) => in_cell = false,
                // Inside an ordinary link (or an autolink's address) brackets
                // cannot start an annotation.
                Event::Text(_) if !matches!(frames.last(), Some(Frame::Link)) => {
                    self.check_unparsed(&range, in_cell)
                }
                _ => {}
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                            .next()
                            .filter(|l| !l.is_empty())
                            .map(str::to_string),
                        CodeBlockKind::Indented => None,
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Heading { .. }) => {
                    heading = Some((out.len(), String::new(), range.start));
                    out.push(event);
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some((at, text, start)) = heading.take()
                        && let Event::Start(Tag::Heading { id, .. }) = &mut out[at]
                    {
                        let keep = id.is_some() && self.explicit_ids.contains(&start);
                        if !keep {
                            let wanted = id
                                .as_ref()
                                .map_or_else(|| slugify_heading(&text), |id| id.to_string());
                            *id = Some(self.unique_heading_id(wanted).into());
                        }
                    }
                    out.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let frame = self.open_link(link_type, &dest_url, &range, &mut out);
                    match frame {
                        Some(frame) => frames.push(frame),
                        None => {
                            if is_internal(&dest_url) {
                                self.out.links.push(BodyLink {
                                    dest: dest_url.to_string(),
                                    span: self.span(&range),
                                });
                            }
                            frames.push(Frame::Link);
                            out.push(Event::Start(Tag::Link {
                                link_type,
                                dest_url,
                                title,
                                id,
                            }));
                        }
                    }
                }
                Event::End(TagEnd::Link) => match frames.pop() {
                    Some(Frame::Citation) => {}
                    Some(Frame::Claim(claim)) => {
                        let (html, items) = self.close_claim(claim.as_deref());
                        out.push(Event::InlineHtml(html.into()));
                        if !items.is_empty() {
                            claim_cites = Some(ClaimCites { items, gap: None });
                        }
                    }
                    Some(Frame::Entity { linked: true, .. }) => {
                        out.push(Event::InlineHtml("</a>".into()))
                    }
                    Some(Frame::Entity { linked: false, .. }) => {}
                    Some(Frame::Link) | None => out.push(Event::End(TagEnd::Link)),
                },
                Event::Start(Tag::Table(_)) => {
                    // A wide table scrolls inside its own box, which
                    // keyboard users can reach and screen readers can name.
                    out.push(Event::Html(
                        format!(
                            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
                            crate::text::escape(self.input.table_label)
                        )
                        .into(),
                    ));
                    out.push(event);
                }
                Event::End(TagEnd::Table) => {
                    out.push(event);
                    out.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::Image {
                    ref dest_url,
                    ref title,
                    ..
                }) => {
                    if is_internal(dest_url) {
                        self.out.links.push(BodyLink {
                            dest: dest_url.to_string(),
                            span: self.span(&range),
                        });
                    }
                    let written = figures::Image {
                        dest: dest_url.to_string(),
                        title: title.to_string(),
                        alt: String::new(),
                    };
                    image = Some((out.len(), written, range.clone()));
                    frames.push(Frame::Link);
                    out.push(event);
                }
                Event::End(TagEnd::Image) => {
                    frames.pop();
                    match image.take() {
                        Some((at, written, range)) => {
                            if written.lacks_alt() {
                                self.out
                                    .diagnostics
                                    .push(figures::missing_alt(self.span(&range), &written.dest));
                            }
                            let file = figures::bundle_file(self.input.files, &written.dest);
                            if let Some(why) = file.and_then(|f| f.image_error.as_deref()) {
                                self.out.diagnostics.push(figures::undecodable(
                                    self.span(&range),
                                    &written.dest,
                                    why,
                                ));
                            }
                            out.truncate(at);
                            out.push(Event::InlineHtml(written.img(file).into()));
                            last_image = Some((out.len() - 1, written));
                        }
                        None => out.push(event),
                    }
                }
                Event::End(TagEnd::Paragraph) => {
                    // An image alone in its paragraph is a figure.
                    if let Some((at, written)) = last_image.take()
                        && at + 1 == out.len()
                        && at > 0
                        && matches!(out[at - 1], Event::Start(Tag::Paragraph))
                    {
                        let file = figures::bundle_file(self.input.files, &written.dest);
                        out.truncate(at - 1);
                        out.push(Event::Html(written.figure(file).into()));
                    } else if !matches!(frames.last(), Some(Frame::Citation)) {
                        out.push(event);
                    }
                }
                Event::Text(text) => {
                    if let Some((_, written, _)) = &mut image {
                        written.alt.push_str(&text);
                    }
                    if let Some((_, h, _)) = &mut heading {
                        h.push_str(&text);
                    }
                    match frames.last() {
                        Some(Frame::Citation) => {}
                        Some(Frame::Entity {
                            replace_text: true, ..
                        }) => {}
                        _ if in_link || raw_html_depth > 0 => out.push(Event::Text(text)),
                        _ => self.text_with_cites(text, &range, heading.is_some(), &mut out),
                    }
                }
                Event::Code(text) => {
                    if let Some((_, written, _)) = &mut image {
                        written.alt.push_str(&text);
                    }
                    if let Some((_, h, _)) = &mut heading {
                        h.push_str(&text);
                    }
                    if !matches!(frames.last(), Some(Frame::Citation)) {
                        out.push(Event::Code(text));
                    }
                }
                Event::InlineHtml(html) => {
                    raw_html_depth = update_raw_depth(raw_html_depth, &html);
                    out.push(Event::InlineHtml(html));
                }
                Event::FootnoteReference(label) => {
                    let html = self.note_ref(&label);
                    out.push(Event::InlineHtml(html.into()));
                }
                Event::Start(Tag::FootnoteDefinition(_))
                | Event::End(TagEnd::FootnoteDefinition) => {
                    // Nested definitions are not rendered in place.
                }
                other => {
                    if matches!(frames.last(), Some(Frame::Citation)) {
                        continue;
                    }
                    out.push(other);
                }
            }
        }
        if let Some(pending) = claim_cites {
            out.push(Event::InlineHtml(
                self.claim_cite_html(&pending.items).into(),
            ));
            out.extend(pending.gap);
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }
}

/// Tracks whether text sits inside an inline raw HTML element.
fn update_raw_depth(depth: usize, html: &str) -> usize {
    let tag = html.trim();
    if tag.starts_with("</") {
        depth.saturating_sub(1)
    } else if tag.starts_with("<!") || tag.starts_with("<?") || tag.ends_with("/>") || is_void(tag)
    {
        depth
    } else if tag.starts_with('<') {
        depth + 1
    } else {
        depth
    }
}

fn is_void(tag: &str) -> bool {
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "br" | "img"
            | "hr"
            | "wbr"
            | "input"
            | "source"
            | "meta"
            | "link"
            | "area"
            | "col"
            | "embed"
            | "track"
    )
}

/// Whether a link written in a body points inside this site (a bare
/// `#fragment` points inside the page itself).
fn is_internal(dest: &str) -> bool {
    !(dest.is_empty()
        || dest == "#"
        || dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with("tel:")
        || dest.starts_with("//")
        || dest.starts_with("data:"))
}

#[cfg(test)]
mod tests {
    use crate::annotate::test_support::*;
    use crate::text::smart_text;

    #[test]
    fn tables_scroll_in_a_named_region() {
        let b = run("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(b.html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table>"), "{}", b.html);
    }

    #[test]
    fn plain_text_gets_the_typography_of_bodies() {
        assert_eq!(
            smart_text("O'Brien's \"plan\" -- and 'more'... 1990--2000---done"),
            "O’Brien’s “plan” – and ‘more’… 1990–2000—done"
        );
        // Markdown syntax is text here.
        for text in [
            "- 'a' *b* [c](d) <e> &amp; `f` # g\\",
            "1. \"one\"",
            "# 'heading'",
            "---",
            "> 'quoted'\n- \"listed\"\n---",
            "'x'  \ny",
        ] {
            let smart = smart_text(text);
            let straight = smart
                .replace(['‘', '’'], "'")
                .replace(['“', '”'], "\"")
                .replace('—', "---");
            assert_eq!(straight, text, "{text}");
        }
        assert_eq!(smart_text("- \"a\"\n> 'b'\n"), "- “a”\n> ‘b’\n");
        assert_eq!(smart_text("no quotes"), "no quotes");
    }
}
