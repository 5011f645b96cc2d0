//! The Markdown pass over one report body: citations, claim spans, entity
//! links, automatic mentions, notes, headings and code. It turns the body
//! into HTML and records what the body refers to, so that the site index can
//! compute back-links without parsing Markdown again.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::config::AutoLink;
use crate::diag::{Code, Diagnostic, FileId, Span, suggest};
use crate::highlight::Highlighter;
use crate::model::{ClaimDef, EntityDef, SourceDef};
use crate::text::escape;

/// The destination the broken-link callback gives a `[@...]` citation. Only
/// callback links have an `*Unknown` link type, so this cannot be mistaken
/// for a link an author wrote; it is one byte because pulldown-cmark
/// charges every expansion against a budget the size of the text.
const CITE: &str = "@";

fn is_citation(link_type: LinkType, dest: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest == CITE
}

/// Element ids the report page uses around the body; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "claims",
    "sources",
    "notes",
    "entities",
    "top",
    "report-status-key",
    // `dossier serve` shows its error overlay in the page.
    "dossier-overlay",
];

/// Beginnings of the ids the page makes for citations (`cite-a-1`), notes
/// (`note-1`, `note-ref-1-1`) and the source list (`source-a`). A heading id
/// that starts like one of them could meet one on some page, now or after
/// the next source is added, so headings keep out of these names.
pub const RESERVED_PREFIXES: &[&str] = &["cite-", "note-", "source-"];

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
}

/// One use of a source: a citation number in the body or in a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub source: String,
    pub number: usize,
    /// The element id of the citation, the target of its back-link.
    pub anchor: String,
    pub locator: Option<String>,
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

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub html: String,
    pub notes: Vec<Note>,
    /// Every citation, in page order.
    pub citations: Vec<Citation>,
    /// Source ids in order of first citation.
    pub cite_order: Vec<String>,
    /// Mentions per entity id (plain-text occurrences and explicit links).
    pub mentions: HashMap<String, usize>,
    /// Entities linked explicitly, in order of first link.
    pub linked_entities: Vec<String>,
    /// Claims that a span in the body marks.
    pub marked_claims: Vec<String>,
    /// Entities the text names without the report listing them: the first
    /// place each is named.
    pub untagged: Vec<(String, Span)>,
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
    let callback = |link: BrokenLink<'_>| {
        link.reference
            .trim_start()
            .starts_with('@')
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
                        id,
                        ..
                    }) if is_citation(*link_type, dest_url) => {
                        let items = self.citation_items(id, &range);
                        if let Some(pending) = claim_cites.take() {
                            let html = self.cite_html(&merge_cites(&pending.items, &items));
                            out.push(Event::InlineHtml(html.into()));
                        }
                        frames.push(Frame::Citation);
                        continue;
                    }
                    _ => {
                        if let Some(pending) = claim_cites.take() {
                            out.push(Event::InlineHtml(self.cite_html(&pending.items).into()));
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
                    let frame = self.open_link(link_type, &dest_url, &id, &range, &mut out);
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
                        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n".into(),
                    ));
                    out.push(event);
                }
                Event::End(TagEnd::Table) => {
                    out.push(event);
                    out.push(Event::Html("</div>\n".into()));
                }
                Event::Start(Tag::Image { ref dest_url, .. }) => {
                    if is_internal(dest_url) {
                        self.out.links.push(BodyLink {
                            dest: dest_url.to_string(),
                            span: self.span(&range),
                        });
                    }
                    frames.push(Frame::Link);
                    out.push(event);
                }
                Event::End(TagEnd::Image) => {
                    frames.pop();
                    out.push(event);
                }
                Event::Text(text) => {
                    if let Some((_, h, _)) = &mut heading {
                        h.push_str(&text);
                    }
                    match frames.last() {
                        Some(Frame::Citation) => {}
                        Some(Frame::Entity {
                            replace_text: true, ..
                        }) => {}
                        _ if in_link || raw_html_depth > 0 => out.push(Event::Text(text)),
                        _ => self.mentions(text, &range, heading.is_some(), &mut out),
                    }
                }
                Event::Code(text) => {
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
            out.push(Event::InlineHtml(self.cite_html(&pending.items).into()));
            out.extend(pending.gap);
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
        html
    }

    /// Handles the start of a link that is an annotation; `None` for an
    /// ordinary link.
    fn open_link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        label: &str,
        range: &Range<usize>,
        out: &mut Vec<Event<'_>>,
    ) -> Option<Frame> {
        if is_citation(link_type, dest) {
            // Like Pandoc's superscript citations: no space before the
            // number, so it never starts a line on its own.
            trim_trailing_space(out);
            let html = self.citation(label, range);
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
            if !self.out.marked_claims.iter().any(|c| c == id) {
                self.out.marked_claims.push(id.to_string());
            }
            let root = self.input.root;
            out.push(Event::InlineHtml(
                format!(
                    "<span class=\"claim\" data-status=\"{status}\"><a class=\"claim-text\" href=\"{root}claims/#{id}\">",
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

    /// Looks in the source of a text event for what starts like an
    /// annotation but was left as text by the parser: a `[[` with no `]]`,
    /// a wiki-link cut by a table's `|`, `](claim: id)` with a space, a
    /// `[@id` never closed, a `[^note]` with no note. Escaped brackets
    /// (`\[[`) are text by choice.
    fn check_unparsed(&mut self, range: &Range<usize>, in_cell: bool) {
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
            } else if holds("[@") {
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

    /// A `[@` at `i` that the parser left as text: a citation with no `]`.
    fn unclosed_citation(&mut self, i: usize) -> usize {
        let body = &self.input.text[self.input.body_start..];
        let after = &body[i + 2..];
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
                "close the citation with `]`: `[@{key}]`, or `[@{key}, p. 4]` with a locator"
            ),
        };
        let diag = Diagnostic::new(Code::E018, "citation not closed: `[@` needs `]`")
            .at(self.span(&(i..i + 2 + key_len)))
            .label("this citation is never closed")
            .help(help);
        self.out.diagnostics.push(diag);
        2 + key_len
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
    fn close_claim(&mut self, claim: Option<&str>) -> (String, Vec<CiteItem>) {
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
            .map(|s| (s.clone(), None))
            .collect();
        (html, items)
    }

    /// `[@a; @b, p. 3]` → superscript numbers, checking every key.
    fn citation(&mut self, label: &str, range: &Range<usize>) -> String {
        let items = self.citation_items(label, range);
        self.cite_html(&items)
    }

    /// The sources and locators of `[@a; @b, p. 3]`, checking every key.
    fn citation_items(&mut self, label: &str, range: &Range<usize>) -> Vec<CiteItem> {
        let body = &self.input.text[self.input.body_start..];
        let raw = &body[range.clone()];
        let mut items = Vec::new();
        let mut search_from = 0;
        for part in label.split(';') {
            let part = part.trim();
            let Some(rest) = part.strip_prefix('@') else {
                let diag = Diagnostic::new(
                    Code::E018,
                    "a citation item must start with `@` and a source id",
                )
                .at(self.span(range))
                .help("write citations as `[@id]`, `[@id, p. 4]` or `[@a; @b]`");
                self.out.diagnostics.push(diag);
                continue;
            };
            let key_len = rest
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(rest.len());
            let key = &rest[..key_len];
            let locator = rest[key_len..]
                .trim_start_matches(|c: char| c == ',' || c.is_whitespace())
                .trim();
            let at = raw[search_from..]
                .find(&format!("@{key}"))
                .map(|i| search_from + i);
            let key_span = match at {
                Some(i) => {
                    search_from = i + 1 + key.len();
                    self.span(&(range.start + i + 1..range.start + i + 1 + key.len()))
                }
                None => self.span(range),
            };
            if key.is_empty() {
                let diag = Diagnostic::new(Code::E018, "empty citation: no source id after `@`")
                    .at(key_span)
                    .help("write `[@source-id]`");
                self.out.diagnostics.push(diag);
                continue;
            }
            if self.lookup.source(key).is_none() {
                if !self.lookup.unavailable("source", key) {
                    let diag = Diagnostic::new(Code::E004, format!("unknown source `{key}`"))
                        .at(key_span)
                        .label("no source has this id")
                        .help_opt(suggest(key, self.lookup.source_ids()));
                    self.out.diagnostics.push(diag);
                }
                continue;
            }
            items.push((
                key.to_string(),
                (!locator.is_empty()).then(|| locator.to_string()),
            ));
        }
        items
    }

    /// Numbers the given citations and renders them as one superscript.
    fn cite_html(&mut self, items: &[CiteItem]) -> String {
        if items.is_empty() {
            return String::new();
        }
        let mut html = String::from("<sup class=\"cite\">");
        for (i, (source, locator)) in items.iter().enumerate() {
            let number = match self.out.cite_order.iter().position(|s| s == source) {
                Some(i) => i + 1,
                None => {
                    self.out.cite_order.push(source.clone());
                    self.out.cite_order.len()
                }
            };
            let count = self.cite_counts.entry(source.clone()).or_default();
            *count += 1;
            let anchor = format!("cite-{source}-{count}");
            let title = self.lookup.source(source).map_or("", |s| s.title.as_str());
            let title = match locator {
                Some(loc) => format!("{title}{} {loc}", crate::text::punct_after(title, ",")),
                None => title.to_string(),
            };
            if i > 0 {
                html.push_str(", ");
            }
            let _ = write!(
                html,
                "<a id=\"{anchor}\" href=\"#source-{source}\" title=\"{}\"{}>{number}</a>",
                escape(&title),
                locator
                    .as_ref()
                    .map(|l| format!(" data-locator=\"{}\"", escape(l)))
                    .unwrap_or_default(),
            );
            self.out.citations.push(Citation {
                source: source.clone(),
                number,
                anchor,
                locator: locator.clone(),
            });
        }
        html.push_str("</sup>");
        html
    }

    fn note_ref(&mut self, label: &str) -> String {
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

    fn code_block(&mut self, lang: Option<&str>, code: &str) -> String {
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

    /// Takes the ids authors wrote as `{#id}` before any is generated, and
    /// reports one written twice or one the page keeps for itself. The
    /// ranges are those of the headings, in page order.
    fn reserve_explicit_ids(&mut self, explicit: Vec<(String, Range<usize>)>) {
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

    fn unique_heading_id(&mut self, wanted: String) -> String {
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

    /// Counts mentions in plain text and links the ones the mode asks for;
    /// notes names of entities the report does not list.
    fn mentions<'e>(
        &mut self,
        text: CowStr<'e>,
        range: &Range<usize>,
        in_heading: bool,
        out: &mut Vec<Event<'e>>,
    ) {
        let Some(names) = self.input.names else {
            out.push(Event::Text(text));
            return;
        };
        let found = names.find(&text);
        if found.is_empty() {
            out.push(Event::Text(text));
            return;
        }
        let mut last = 0;
        for (at, entity) in found {
            if !self.listed.contains(entity) {
                if !self.out.untagged.iter().any(|(e, _)| e == entity) {
                    let span = self.text_span(range, &text[at.clone()]);
                    self.out.untagged.push((entity.to_string(), span));
                }
                continue;
            }
            *self.out.mentions.entry(entity.to_string()).or_default() += 1;
            let link = !in_heading
                && match self.input.auto_link {
                    AutoLink::All => true,
                    AutoLink::First => self.auto_linked.insert(entity.to_string()),
                    AutoLink::None => false,
                };
            if !link {
                continue;
            }
            if at.start > last {
                out.push(Event::Text(text[last..at.start].to_string().into()));
            }
            out.push(Event::InlineHtml(
                format!(
                    "<a class=\"mention\" href=\"{}entities/{entity}/\">{}</a>",
                    self.input.root,
                    escape(&text[at.clone()])
                )
                .into(),
            ));
            last = at.end;
        }
        if last == 0 {
            out.push(Event::Text(text));
        } else if last < text.len() {
            out.push(Event::Text(text[last..].to_string().into()));
        }
    }

    /// The span of `needle` inside the source of a text event (where smart
    /// punctuation and line wrapping may make it look different), or the
    /// event's start when escapes make the text differ from its source.
    fn text_span(&self, range: &Range<usize>, needle: &str) -> Span {
        let body = &self.input.text[self.input.body_start..];
        match find_folded(&body[range.clone()], needle) {
            Some(at) => self.span(&(range.start + at.start..range.start + at.end)),
            None => self.span(&(range.start..range.start)),
        }
    }
}

/// A source cited at one place, with its locator.
type CiteItem = (String, Option<String>);

/// The citation numbers of a claim span just closed, waiting to see whether
/// an explicit citation follows; `gap` is the whitespace between the two.
struct ClaimCites<'e> {
    items: Vec<CiteItem>,
    gap: Option<Event<'e>>,
}

/// One group of numbers for a claim span and the explicit citation right
/// after it: the citation's locators go onto the claim's numbers of the
/// same sources, and its other sources follow them (`[1, 2][3]` would read
/// as two citations of one sentence).
fn merge_cites(claim: &[CiteItem], explicit: &[CiteItem]) -> Vec<CiteItem> {
    let mut merged = claim.to_vec();
    // Each of the claim's numbers takes the locator of one explicit item.
    let mut taken = vec![false; claim.len()];
    for (source, locator) in explicit {
        if let Some(i) = (0..claim.len()).find(|&i| !taken[i] && claim[i].0 == *source) {
            taken[i] = true;
            merged[i].1.clone_from(locator);
        } else if locator.is_some() || !merged.iter().any(|(s, _)| s == source) {
            merged.push((source.clone(), locator.clone()));
        }
    }
    merged
}

/// Drops the whitespace (and a line break) that ends the output so far.
fn trim_trailing_space(out: &mut Vec<Event<'_>>) {
    while let Some(last) = out.last_mut() {
        match last {
            Event::SoftBreak => {
                out.pop();
            }
            Event::Text(text) if text.ends_with(char::is_whitespace) => {
                let trimmed = text.trim_end().to_string();
                if trimmed.is_empty() {
                    out.pop();
                } else {
                    *text = trimmed.into();
                    return;
                }
            }
            _ => return,
        }
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

/// The annotation a link scheme names: `entity` or `claim`, also when it
/// is written in another case or mistyped (`Claim`, `claims`, `entitiy`),
/// since no web address uses such a scheme; `None` for any other.
fn annotation_kind(scheme: &str) -> Option<&'static str> {
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
fn article(kind: &str) -> String {
    match kind {
        "entity" => "an `entity:`".to_string(),
        _ => format!("a `{kind}:`"),
    }
}

/// Whether the character at `at` is escaped by an odd run of backslashes.
fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
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

fn slugify_heading(text: &str) -> String {
    crate::model::slugify(text)
}

/// One automaton over the names and aliases of every entity of the site,
/// built once per build and shared by all reports.
pub struct Mentions {
    automaton: AhoCorasick,
    /// Entity id of each pattern.
    owners: Vec<String>,
}

impl Mentions {
    pub fn new<'a>(
        ids: impl IntoIterator<Item = &'a str>,
        lookup: &dyn Lookup,
    ) -> Option<Mentions> {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for id in ids {
            let Some(entity) = lookup.entity(id) else {
                continue;
            };
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                // Names are matched in the folded form the text is searched in.
                let name = fold(name.trim()).text;
                if !name.trim().is_empty() {
                    patterns.push(name);
                    owners.push(id.to_string());
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok()?;
        Some(Mentions { automaton, owners })
    }

    /// Non-overlapping matches on word boundaries, the longest where names
    /// overlap, in text order. Typography and line wrapping do not matter
    /// (see [`fold`]); the ranges are those of the text as given.
    pub(crate) fn find(&self, text: &str) -> Vec<(Range<usize>, &str)> {
        // Most text has nothing to fold and is searched as it is.
        let folded = needs_folding(text).then(|| fold(text));
        let hay = folded.as_ref().map_or(text, |f| f.text.as_str());
        let mut candidates: Vec<(Range<usize>, usize)> = self
            .automaton
            .find_overlapping_iter(hay)
            .filter(|m| on_word_boundaries(hay, m.start(), m.end()))
            .map(|m| (m.start()..m.end(), m.pattern().as_usize()))
            .collect();
        candidates.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
        let mut chosen = Vec::new();
        let mut end = 0;
        for (range, pattern) in candidates {
            if range.start >= end {
                end = range.end;
                let range = match &folded {
                    Some(f) => f.original(text, range),
                    None => range,
                };
                chosen.push((range, self.owners[pattern].as_str()));
            }
        }
        chosen
    }
}

/// Text as names are matched in: straight and typographic quotes,
/// apostrophes and dashes are one character each (a run of dashes is one),
/// any run of whitespace (a wrapped line, a non-breaking space) is one
/// space, invisible hyphenation hints are left out, and accents are
/// composed (Unicode NFC) whether they were typed so or not.
struct Folded {
    text: String,
    /// For each byte of `text`, where its character starts in the original.
    map: Vec<usize>,
}

impl Folded {
    /// The range of the original text that a range of the folded one
    /// (never empty, as a name is never empty) came from.
    fn original(&self, original: &str, range: Range<usize>) -> Range<usize> {
        let start = self.map[range.start];
        let last = self.map[range.end - 1];
        let mut end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        // The marks that follow the last letter belong to it.
        for mark in original[end..].chars() {
            if canonical_combining_class(mark) == 0 {
                break;
            }
            end += mark.len_utf8();
        }
        start..end
    }
}

/// What a character is when matching names; `None` leaves it out.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{FF07}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{FF02}' => Some('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => None,
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// Whether [`fold`] would change `text`.
fn needs_folding(text: &str) -> bool {
    let mut prev = '\0';
    text.chars().any(|c| {
        let folded = fold_char(c);
        let repeated = matches!(c, ' ' | '-') && prev == c;
        prev = c;
        folded != Some(c) || repeated
    }) || is_nfc_quick(text.chars()) != IsNormalized::Yes
}

fn fold(text: &str) -> Folded {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut push = |i: usize, c: char| {
        let Some(c) = fold_char(c) else {
            return;
        };
        if matches!(c, ' ' | '-') && folded.ends_with(c) {
            return;
        }
        folded.push(c);
        map.extend(std::iter::repeat_n(i, c.len_utf8()));
    };
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.char_indices().for_each(|(i, c)| push(i, c));
    } else {
        // Each letter is composed with the marks that follow it, and what
        // comes of them leads back to the letter.
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, mark)) = chars.peek() {
                if canonical_combining_class(mark) == 0 {
                    break;
                }
                end = j + mark.len_utf8();
                chars.next();
            }
            text[i..end].nfc().for_each(|c| push(i, c));
        }
    }
    Folded { text: folded, map }
}

/// Where the text `needle` is written in the Markdown `hay`, both folded,
/// as a range of `hay`.
fn find_folded(hay: &str, needle: &str) -> Option<Range<usize>> {
    let needle = fold(needle).text;
    if needle.is_empty() {
        return None;
    }
    // Markdown's own marks are not part of the text: a backslash before
    // punctuation, and the `>` and indentation that open a continued line
    // of a quote or a list item.
    let mut text = String::with_capacity(hay.len());
    let mut offsets = Vec::with_capacity(hay.len());
    let mut line_start = false;
    let mut chars = hay.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if line_start && matches!(c, ' ' | '\t' | '>') {
            continue;
        }
        line_start = c == '\n';
        if c == '\\' && chars.peek().is_some_and(|(_, n)| n.is_ascii_punctuation()) {
            continue;
        }
        text.push(c);
        offsets.extend(std::iter::repeat_n(i, c.len_utf8()));
    }
    let folded = fold(&text);
    let (at, _) = folded
        .text
        .match_indices(&needle)
        .find(|(at, _)| on_word_boundaries(&folded.text, *at, at + needle.len()))?;
    let found = folded.original(&text, at..at + needle.len());
    let last = offsets[found.end - 1];
    let end = last + hay[last..].chars().next().map_or(0, char::len_utf8);
    Some(offsets[found.start]..end)
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !is_word(c)) && after.is_none_or(|c| !is_word(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, SourceType};
    use crate::text::smart_text;
    use indexmap::IndexMap;

    #[derive(Default)]
    struct Defs {
        entities: IndexMap<String, EntityDef>,
        sources: IndexMap<String, SourceDef>,
        claims: IndexMap<String, ClaimDef>,
    }

    impl Lookup for Defs {
        fn entity(&self, id: &str) -> Option<&EntityDef> {
            self.entities.get(id)
        }
        fn source(&self, id: &str) -> Option<&SourceDef> {
            self.sources.get(id)
        }
        fn claim(&self, id: &str) -> Option<&ClaimDef> {
            self.claims.get(id)
        }
        fn entity_ids(&self) -> Vec<&str> {
            self.entities.keys().map(String::as_str).collect()
        }
        fn source_ids(&self) -> Vec<&str> {
            self.sources.keys().map(String::as_str).collect()
        }
        fn claim_ids(&self) -> Vec<&str> {
            self.claims.keys().map(String::as_str).collect()
        }
    }

    fn entity(name: &str, aliases: &[&str]) -> EntityDef {
        EntityDef {
            name: name.into(),
            kind: EntityType::Person,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: None,
            links: IndexMap::new(),
        }
    }

    fn source(title: &str) -> SourceDef {
        SourceDef {
            title: title.into(),
            publisher: None,
            author: None,
            date: None,
            url: None,
            archive_url: None,
            kind: SourceType::Article,
            accessed: None,
            quote: None,
        }
    }

    fn defs() -> Defs {
        let mut d = Defs::default();
        d.entities
            .insert("ana-kell".into(), entity("Ana Kell", &["Kell"]));
        d.entities
            .insert("kell-ferry".into(), entity("Kell Ferry", &[]));
        d.entities
            .insert("jose".into(), entity("José Núñez", &["Núñez"]));
        d.entities.insert("zed".into(), entity("Zed Town", &[]));
        d.entities.insert(
            "obrien".into(),
            entity(
                "Seán O'Brien",
                &["O\u{2019}Brien", "Guzmán-Ortiz", "Ma\u{301}ire"],
            ),
        );
        d.entities
            .insert("harbour".into(), entity("Harbour\u{a0}Authority", &[]));
        d.sources.insert("a".into(), source("Source A"));
        d.sources.insert("b".into(), source("Source <B>"));
        d.claims.insert(
            "c1".into(),
            ClaimDef {
                text: "Claim".into(),
                status: "verified".into(),
                sources: vec!["b".into()],
                entities: vec![],
                date: None,
                note: None,
            },
        );
        d.claims.insert(
            "c2".into(),
            ClaimDef {
                text: "Claim two".into(),
                status: "disputed".into(),
                sources: vec!["a".into(), "b".into()],
                entities: vec![],
                date: None,
                note: None,
            },
        );
        d
    }

    fn run_with(body: &str, auto: AutoLink) -> Body {
        run_opts(body, auto, false)
    }

    fn run_opts(body: &str, auto: AutoLink, smart_punctuation: bool) -> Body {
        let text = format!("---\n---\n{body}");
        let listed = ["ana-kell", "kell-ferry", "jose", "obrien", "harbour"];
        let label = |s: &str| s.to_string();
        let defs = defs();
        let names = Mentions::new(defs.entity_ids(), &defs);
        let input = Input {
            file: 0,
            text: &text,
            body_start: 8,
            root: "../../",
            listed: &listed,
            names: names.as_ref(),
            auto_link: auto,
            smart_punctuation,
            claim_status_label: &label,
        };
        render_body(&input, &defs, &Highlighter::default())
    }

    fn run(body: &str) -> Body {
        run_with(body, AutoLink::First)
    }

    #[test]
    fn citations_are_numbered_by_first_use() {
        let b = run("One [@b]. Two [@a; @b, p. 12]. Three [@a].\n");
        assert_eq!(b.cite_order, ["b", "a"]);
        let numbers: Vec<_> = b
            .citations
            .iter()
            .map(|c| (c.source.as_str(), c.number))
            .collect();
        assert_eq!(numbers, [("b", 1), ("a", 2), ("b", 1), ("a", 2)]);
        assert_eq!(b.citations[2].locator.as_deref(), Some("p. 12"));
        assert_eq!(b.citations[3].anchor, "cite-a-2");
        assert!(b.html.contains("title=\"Source &lt;B&gt;\""), "{}", b.html);
        assert!(b.html.contains("href=\"#source-a\""));
        assert!(!b.html.contains("@a"), "{}", b.html);
        assert!(b.diagnostics.is_empty());
    }

    #[test]
    fn no_space_before_a_citation_number() {
        let b = run("He said so [@a].\nAnd again\n[@b] here.\n");
        assert!(b.html.contains("so<sup class=\"cite\">"), "{}", b.html);
        assert!(b.html.contains("again<sup class=\"cite\">"), "{}", b.html);
    }

    #[test]
    fn tables_scroll_in_a_named_region() {
        let b = run("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(b.html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table>"), "{}", b.html);
    }

    #[test]
    fn unknown_and_empty_citations_are_errors_with_spans() {
        let b = run("See [@bb] and [@].\n");
        let codes: Vec<_> = b.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::E004, Code::E018]);
        let span = b.diagnostics[0].span.unwrap();
        let text = "---\n---\nSee [@bb] and [@].\n";
        assert_eq!(&text[span.start..span.end], "bb");
        assert!(b.diagnostics[0].help.as_deref().unwrap().contains("`b`"));
    }

    #[test]
    fn claim_spans_carry_status_and_cite_their_sources() {
        let b = run("It [happened](claim:c1) then.\n");
        assert!(b.html.contains("<span class=\"claim\" data-status=\"verified\"><a class=\"claim-text\" href=\"../../claims/#c1\">happened</a> <span class=\"claim-status\">verified</span></span><sup class=\"cite\">"), "{}", b.html);
        assert_eq!(b.cite_order, ["b"]);
        assert_eq!(b.marked_claims, ["c1"]);
        let b = run("[x](claim:nope)\n");
        assert_eq!(b.diagnostics[0].code, Code::E004);
    }

    /// The citation groups of a body: for each, its numbers with their
    /// locators.
    fn groups(html: &str) -> Vec<String> {
        html.split("<sup class=\"cite\">")
            .skip(1)
            .map(|g| {
                let g = &g[..g.find("</sup>").unwrap()];
                g.split("<a ")
                    .skip(1)
                    .map(|a| {
                        let number = &a[a.find('>').unwrap() + 1..a.find("</a>").unwrap()];
                        match a.split("data-locator=\"").nth(1) {
                            Some(l) => format!("{number} ({})", &l[..l.find('"').unwrap()]),
                            None => number.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect()
    }

    #[test]
    fn a_citation_after_a_claim_span_joins_its_numbers() {
        let b = run("It [happened](claim:c1) [@b, p. 4]. Then [@b].\n");
        assert_eq!(groups(&b.html), ["1 (p. 4)", "1"], "{}", b.html);
        assert!(
            b.html.contains("title=\"Source &lt;B&gt;, p. 4\""),
            "{}",
            b.html
        );
        let cites: Vec<_> = b
            .citations
            .iter()
            .map(|c| (c.anchor.as_str(), c.locator.as_deref()))
            .collect();
        assert_eq!(cites, [("cite-b-1", Some("p. 4")), ("cite-b-2", None)]);
        assert!(
            b.html.contains("</span></span><sup class=\"cite\">"),
            "{}",
            b.html
        );
        // Two sources, a line break between, no space, another source.
        let b = run("[It](claim:c2) [@b, p. 4].\n");
        assert_eq!(groups(&b.html), ["1, 2 (p. 4)"], "{}", b.html);
        let b = run("[It](claim:c1)\n[@b, para. 2; @a, p. 1].\n");
        assert_eq!(groups(&b.html), ["1 (para. 2), 2 (p. 1)"], "{}", b.html);
        let b = run("[It](claim:c1)[@b].\n");
        assert_eq!(groups(&b.html), ["1"], "{}", b.html);
        assert_eq!(b.citations.len(), 1);
        // Inside emphasis: the numbers follow the closing markup.
        for text in ["*[It](claim:c1)* [@b].\n", "**[It](claim:c1)** [@b].\n"] {
            let b = run(text);
            assert_eq!(groups(&b.html), ["1"], "{}", b.html);
        }
        // In a note as in the body.
        let b = run("A.[^n]\n\n[^n]: [It](claim:c1) [@b, p. 4].\n");
        assert_eq!(groups(&b.notes[0].html), ["1 (p. 4)"]);
    }

    #[test]
    fn citations_near_a_claim_span_join_only_when_right_after_it() {
        // Only another source, right after: still one group.
        let b = run("[It](claim:c1) [@a, p. 2].\n");
        assert_eq!(groups(&b.html), ["1, 2 (p. 2)"], "{}", b.html);
        // Words between: each where it is, the space kept.
        let b = run("[It](claim:c1) and so [@b, p. 4].\n");
        assert_eq!(groups(&b.html), ["1", "1 (p. 4)"], "{}", b.html);
        assert!(b.html.contains("</sup> and so<sup"), "{}", b.html);
        let b = run("[It](claim:c1) then.\n");
        assert!(b.html.contains("</sup> then."), "{}", b.html);
        // A claim with an unknown id gives no numbers; the citation stays.
        let b = run("[It](claim:nope) [@b].\n");
        assert_eq!(groups(&b.html), ["1"], "{}", b.html);
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
    fn mentions_respect_word_boundaries_and_prefer_longest() {
        let b = run("Kelly met Kell on the Kell Ferry. Kell left.\n");
        assert_eq!(b.mentions.get("ana-kell"), Some(&2));
        assert_eq!(b.mentions.get("kell-ferry"), Some(&1));
        assert!(!b.html.contains(">Kelly<"), "{}", b.html);
        assert!(
            b.html.contains(
                "Kelly met <a class=\"mention\" href=\"../../entities/ana-kell/\">Kell</a>"
            ),
            "{}",
            b.html
        );
        assert!(
            b.html.contains(
                "<a class=\"mention\" href=\"../../entities/kell-ferry/\">Kell Ferry</a>"
            )
        );
        // Only the first mention is linked.
        assert_eq!(b.html.matches("entities/ana-kell/").count(), 1);
    }

    #[test]
    fn names_of_unlisted_entities_are_noted_once() {
        let b = run("In Zed Town, and again Zed Town.\n");
        assert_eq!(b.untagged.len(), 1);
        assert_eq!(b.untagged[0].0, "zed");
        assert_eq!(b.untagged[0].1.start, 8 + 3);
        assert!(!b.html.contains("class=\"mention\""));
    }

    #[test]
    fn mentions_with_non_ascii_letters() {
        let b = run("José Núñez spoke. Núñezes are not him, but Núñez is.\n");
        assert_eq!(b.mentions.get("jose"), Some(&2));
        let b = run_with("Núñez, Núñez.\n", AutoLink::All);
        assert_eq!(b.html.matches("class=\"mention\"").count(), 2);
        let b = run_with("Núñez, Núñez.\n", AutoLink::None);
        assert_eq!(b.html.matches("class=\"mention\"").count(), 0);
        assert_eq!(b.mentions.get("jose"), Some(&2));
    }

    #[test]
    fn typography_does_not_hide_names() {
        let body = "Seán O'Brien chaired; O'Brien's deputy, \"O'Brien\", Guzmán--Ortiz.\n";
        for smart in [false, true] {
            let b = run_opts(body, AutoLink::All, smart);
            assert_eq!(b.mentions.get("obrien"), Some(&4), "smart: {smart}");
            assert_eq!(b.html.matches("class=\"mention\"").count(), 4);
        }
        let b = run_opts(body, AutoLink::All, true);
        assert!(
            b.html.contains(
                ">Seán O\u{2019}Brien</a> chaired; <a class=\"mention\" href=\"../../entities/obrien/\">O\u{2019}Brien</a>\u{2019}s deputy"
            ),
            "{}",
            b.html
        );
        assert!(b.html.contains(">Guzmán–Ortiz</a>"), "{}", b.html);
        // Typographic and invisible characters in the text, straight ones
        // in the names, and the other way round.
        let b = run(
            "Seán O\u{2019}Brien, Seán\u{a0}O\u{2bc}Brien, Guzmán\u{2011}Ortiz, Guzmán—Ortiz, Guz\u{ad}mán-Ortiz, Harbour Authority.\n",
        );
        assert_eq!(b.mentions.get("obrien"), Some(&5), "{}", b.html);
        assert_eq!(b.mentions.get("harbour"), Some(&1));
        // Accents typed as separate marks, in the text or in the name.
        let b = run("Sea\u{301}n O'Brien and Jose\u{301} Nu\u{301}n\u{303}ez.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&1));
        assert_eq!(b.mentions.get("jose"), Some(&1));
        assert!(
            b.html.contains(">Jose\u{301} Nu\u{301}n\u{303}ez</a>."),
            "{}",
            b.html
        );
        let b = run("O&rsquo;Brien, Máire.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&2));
        // Not a name: letters on either side.
        let b = run("O'Briens and xO'Brien.\n");
        assert_eq!(b.mentions.get("obrien"), None);
    }

    #[test]
    fn line_wrapping_does_not_hide_names() {
        let b = run("It ends with the Harbour\nAuthority and goes on.\n");
        assert_eq!(b.mentions.get("harbour"), Some(&1));
        // The link keeps the line break inside it.
        assert!(
            b.html.contains(
                "the <a class=\"mention\" href=\"../../entities/harbour/\">Harbour\nAuthority</a> and goes on."
            ),
            "{}",
            b.html
        );
        let b = run("Seán\n   O'Brien, and Ana   Kell.\n");
        assert_eq!(b.mentions.get("obrien"), Some(&1));
        assert_eq!(b.mentions.get("ana-kell"), Some(&1));
        // In a list item and a quote, too.
        let b = run("- the Harbour\n  Authority\n\n> the Harbour\n> Authority\n");
        assert_eq!(b.mentions.get("harbour"), Some(&2), "{}", b.html);
        // A hard break is a break the author asked for.
        let b = run("the Harbour\\\nAuthority\n");
        assert_eq!(b.mentions.get("harbour"), None);
    }

    #[test]
    fn untagged_names_are_found_whatever_the_typography() {
        let text = "---\n---\nThen Zed\n  Town, and “Zed Town”.\n";
        for smart in [false, true] {
            let b = run_opts(&text[8..], AutoLink::First, smart);
            assert_eq!(b.untagged.len(), 1);
            let span = b.untagged[0].1;
            assert_eq!(&text[span.start..span.end], "Zed\n  Town");
        }
        // Markdown's marks inside the name: a quote, an escape.
        let text = "---\n---\n> Then Zed\n> Town.\n";
        let span = run(&text[8..]).untagged[0].1;
        assert_eq!(&text[span.start..span.end], "Zed\n> Town");
        let mut d2 = Defs::default();
        d2.entities.insert("o".into(), entity("O'Hara & Co", &[]));
        let text = "---\n---\nNow O\\'Hara & Co.\n";
        let names = Mentions::new(d2.entity_ids(), &d2);
        let label = |s: &str| s.to_string();
        let input = Input {
            file: 0,
            text,
            body_start: 8,
            root: "",
            listed: &[],
            names: names.as_ref(),
            auto_link: AutoLink::First,
            smart_punctuation: false,
            claim_status_label: &label,
        };
        let b = render_body(&input, &d2, &Highlighter::default());
        let span = b.untagged[0].1;
        assert_eq!(&text[span.start..span.end], "O\\'Hara & Co");
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
                "<a class=\"claim-text\" href=\"../../claims/#c1\">happened as “they”\nsaid</a>"
            ),
            "{}",
            b.html
        );
        assert_eq!(b.marked_claims, ["c1"]);
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

    #[test]
    fn no_mentions_in_code_links_headings_or_raw_html() {
        let b = run(
            "# Kell\n\n`Kell` [Kell](https://example.org) <span>Kell</span>\n\n```\nKell\n```\n",
        );
        assert!(!b.html.contains("class=\"mention\""), "{}", b.html);
    }

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
    fn headings_get_unique_ids() {
        let b = run(
            "## Background\n\n## Background\n\n## Sources\n\n## Own {#own}\n\n## Source notes\n\n## Note 1\n\n## Status key {#h-key}\n\n## Report status key\n",
        );
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
    fn a_note_nothing_refers_to_is_a_warning() {
        let text = "---\n---\nA[^a].\n\n[^a]: Used.\n[^b]: Unused.\n";
        let b = run(&text[8..]);
        assert_eq!(b.diagnostics.len(), 1, "{:?}", b.diagnostics);
        let d = &b.diagnostics[0];
        assert_eq!((d.code, d.is_error()), (Code::W007, false));
        let span = d.span.unwrap();
        assert_eq!(&text[span.start..span.end], "[^b]");
    }

    #[test]
    fn an_unclosed_citation_is_an_error() {
        let p = problems("As shown [@a, p. 3 and later.\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].0, p[0].1.as_str()), (Code::E018, "[@a"));
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
