//! Pandoc's citation grammar, as pure functions from the text an author
//! wrote to typed citations: keys (`@key`, `@{key}`), the items of a
//! bracketed group (`[see @a, p. 12 and passim; also -@b]`), author-in-text
//! citations (`@a`, `@a [p. 3]`) and locators with every CSL locator term.
//!
//! Nothing here knows about sources, numbers or HTML: the pass checks the
//! keys and renders, and a CSL processor can take the same items (the mode
//! is a CSL "purpose", the locator a CSL locator with its term).
//!
//! Spans are byte ranges in the text given to each function.

use std::ops::Range;

/// How a citation item shows its source's author, as Pandoc names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CitationMode {
    /// `[@key]`: author and number (or date) in the citation.
    Normal,
    /// `[-@key]`: the author is already named in the text.
    SuppressAuthor,
    /// `@key`: the author's name is part of the sentence.
    AuthorInText,
}

/// A CSL locator term (the `label` of a CSL citation item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocatorTerm {
    Book,
    Chapter,
    Column,
    Figure,
    Folio,
    Issue,
    Line,
    Note,
    Opus,
    Page,
    Paragraph,
    Part,
    Section,
    SubVerbo,
    Verse,
    Volume,
}

impl LocatorTerm {
    /// The term's name in CSL (`page`, `sub-verbo`, ...).
    pub fn csl_name(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Chapter => "chapter",
            Self::Column => "column",
            Self::Figure => "figure",
            Self::Folio => "folio",
            Self::Issue => "issue",
            Self::Line => "line",
            Self::Note => "note",
            Self::Opus => "opus",
            Self::Page => "page",
            Self::Paragraph => "paragraph",
            Self::Part => "part",
            Self::Section => "section",
            Self::SubVerbo => "sub-verbo",
            Self::Verse => "verse",
            Self::Volume => "volume",
        }
    }
}

/// The words that name a locator term, full and abbreviated, singular and
/// plural, as CSL's en-US locale gives them (Pandoc reads the same list).
const TERMS: &[(&str, LocatorTerm)] = &[
    ("book", LocatorTerm::Book),
    ("books", LocatorTerm::Book),
    ("bk.", LocatorTerm::Book),
    ("bks.", LocatorTerm::Book),
    ("chapter", LocatorTerm::Chapter),
    ("chapters", LocatorTerm::Chapter),
    ("chap.", LocatorTerm::Chapter),
    ("chaps.", LocatorTerm::Chapter),
    ("column", LocatorTerm::Column),
    ("columns", LocatorTerm::Column),
    ("col.", LocatorTerm::Column),
    ("cols.", LocatorTerm::Column),
    ("figure", LocatorTerm::Figure),
    ("figures", LocatorTerm::Figure),
    ("fig.", LocatorTerm::Figure),
    ("figs.", LocatorTerm::Figure),
    ("folio", LocatorTerm::Folio),
    ("folios", LocatorTerm::Folio),
    ("fol.", LocatorTerm::Folio),
    ("fols.", LocatorTerm::Folio),
    ("number", LocatorTerm::Issue),
    ("numbers", LocatorTerm::Issue),
    ("no.", LocatorTerm::Issue),
    ("nos.", LocatorTerm::Issue),
    ("line", LocatorTerm::Line),
    ("lines", LocatorTerm::Line),
    ("l.", LocatorTerm::Line),
    ("ll.", LocatorTerm::Line),
    ("note", LocatorTerm::Note),
    ("notes", LocatorTerm::Note),
    ("n.", LocatorTerm::Note),
    ("nn.", LocatorTerm::Note),
    ("opus", LocatorTerm::Opus),
    ("opera", LocatorTerm::Opus),
    ("op.", LocatorTerm::Opus),
    ("opp.", LocatorTerm::Opus),
    ("page", LocatorTerm::Page),
    ("pages", LocatorTerm::Page),
    ("p.", LocatorTerm::Page),
    ("pp.", LocatorTerm::Page),
    ("paragraph", LocatorTerm::Paragraph),
    ("paragraphs", LocatorTerm::Paragraph),
    ("para.", LocatorTerm::Paragraph),
    ("paras.", LocatorTerm::Paragraph),
    ("¶", LocatorTerm::Paragraph),
    ("¶¶", LocatorTerm::Paragraph),
    ("part", LocatorTerm::Part),
    ("parts", LocatorTerm::Part),
    ("pt.", LocatorTerm::Part),
    ("pts.", LocatorTerm::Part),
    ("section", LocatorTerm::Section),
    ("sections", LocatorTerm::Section),
    ("sec.", LocatorTerm::Section),
    ("secs.", LocatorTerm::Section),
    ("§", LocatorTerm::Section),
    ("§§", LocatorTerm::Section),
    ("sub verbo", LocatorTerm::SubVerbo),
    ("sub verbis", LocatorTerm::SubVerbo),
    ("s.v.", LocatorTerm::SubVerbo),
    ("s.vv.", LocatorTerm::SubVerbo),
    ("verse", LocatorTerm::Verse),
    ("verses", LocatorTerm::Verse),
    ("v.", LocatorTerm::Verse),
    ("vv.", LocatorTerm::Verse),
    ("volume", LocatorTerm::Volume),
    ("volumes", LocatorTerm::Volume),
    ("vol.", LocatorTerm::Volume),
    ("vols.", LocatorTerm::Volume),
];

/// Where in a cited work: `pp. 33, 35-37` is `Page` and `33, 35-37`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    pub label: LocatorTerm,
    pub value: String,
    /// As written, with its term (`pp. 33, 35-37`); an implicit page
    /// (`[@a, 33]`) has no term.
    pub raw: String,
}

/// One source in a citation, with what the author wrote around its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationItem {
    pub key: String,
    /// The key's bytes (without `@`, braces or `-`).
    pub key_span: Range<usize>,
    /// Text before the key (`see`), trimmed; may be empty.
    pub prefix: String,
    pub locator: Option<Locator>,
    /// Text after the key and locator, as Pandoc keeps it: with its leading
    /// space or punctuation (`, and nowhere else`); may be empty.
    pub suffix: String,
    pub mode: CitationMode,
}

impl CitationItem {
    /// What the author wrote after the key, locator and suffix together,
    /// without the comma or space that separates it from the key:
    /// `p. 12 and passim`.
    pub fn detail(&self) -> String {
        let mut s = String::new();
        if let Some(l) = &self.locator {
            s.push_str(&l.raw);
        }
        s.push_str(&self.suffix);
        let s = s.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        s.trim_end().to_string()
    }
}

/// A citation: one bracketed group, or an author-in-text citation with the
/// bracket that may follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub items: Vec<CitationItem>,
}

/// Why text that looks like a citation is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiteErrorKind {
    /// `[@]`, `[see @]`: an `@` with no key.
    EmptyKey,
    /// `@{key` with no `}`, or `@{}`.
    UnclosedBrace,
    /// `@{a key}`: a space inside braces.
    SpaceInBraces,
    /// `[@a!b]`: a character that cannot be part of a key, right after one.
    BadKeyChar { key: String, ch: char },
    /// `[@a; see p. 3]`: an item of a group with no key.
    ItemWithoutKey,
    /// `[@a @b]`: a second key in one item.
    MissingSemicolon,
}

/// A problem in a citation, at its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteError {
    pub span: Range<usize>,
    pub kind: CiteErrorKind,
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Pandoc's internal key punctuation: kept only when a letter, digit or
/// `_` follows.
fn is_internal_punct(c: char) -> bool {
    ":.#$%&-+?<>~/".contains(c)
}

/// The simple key (Pandoc's grammar) at the start of `s`; its byte length,
/// 0 when `s` does not start with a letter, digit or `_`.
pub fn simple_key_len(s: &str) -> usize {
    let mut chars = s.char_indices().peekable();
    match chars.next() {
        Some((_, c)) if is_key_char(c) => {}
        _ => return 0,
    }
    let mut end = s.chars().next().map_or(0, char::len_utf8);
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let keep = is_key_char(c)
            || (is_internal_punct(c) && next.is_some_and(is_key_char))
            || (matches!(c, ':' | '/') && next == Some('/'));
        if !keep {
            break;
        }
        end = i + c.len_utf8();
    }
    end
}

/// The key after an `@` at the start of `s` (which does not include the
/// `@`): `(key, key span, length read)`. A braced key may hold any
/// character but space, with balanced braces.
fn read_key(s: &str) -> Result<(String, Range<usize>, usize), CiteErrorKind> {
    if let Some(inner) = s.strip_prefix('{') {
        let mut depth = 1usize;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        if i == 0 {
                            return Err(CiteErrorKind::UnclosedBrace);
                        }
                        return Ok((inner[..i].to_string(), 1..1 + i, i + 2));
                    }
                }
                c if c.is_whitespace() => {
                    return Err(match inner[i..].find('}') {
                        Some(_) => CiteErrorKind::SpaceInBraces,
                        None => CiteErrorKind::UnclosedBrace,
                    });
                }
                _ => {}
            }
        }
        return Err(CiteErrorKind::UnclosedBrace);
    }
    match simple_key_len(s) {
        0 => Err(CiteErrorKind::EmptyKey),
        n => Ok((s[..n].to_string(), 0..n, n)),
    }
}

/// Whether the `@` at byte `at` of `text` can start a citation: not escaped
/// and not inside a word (an e-mail address). `-@` counts for the `-`.
fn at_word_start(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let before = before.strip_suffix('-').unwrap_or(before);
    match before.chars().next_back() {
        None => true,
        Some(c) => c.is_whitespace() || ";({\"'“‘«‹—–".contains(c),
    }
}

/// The places in `text` where an `@` starts what reads as a citation:
/// not inside a word nor escaped, followed by a key character, `{`, or (for
/// `strict`, inside brackets) anything at all.
fn cite_starts(text: &str, strict: bool) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('@') {
        if is_escaped(text, i) || !at_word_start(text, i) {
            continue;
        }
        let after = &text[i + 1..];
        let keyish = after.starts_with(|c: char| is_key_char(c) || c == '{');
        // In brackets, an `@` with nothing after it but the end of its
        // item is a citation missing its key (`[see @]`, `[see @, p. 3]`);
        // `[meet @ noon]` is prose.
        let bare = after.trim_start().is_empty() || after.trim_start().starts_with([',', ';']);
        if keyish || (strict && bare) {
            out.push(i);
        }
    }
    out
}

/// Text of a prefix or suffix without Markdown's emphasis marks
/// (`*see*`, `p. **32**`), which the numbered style does not show: an
/// unescaped `*`, and a `_` that is not inside a word.
fn strip_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let escaped = is_escaped(text, i);
        let inside_word =
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        let mark = !escaped && (c == '*' || (c == '_' && !inside_word));
        if !mark {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Whether the character at `at` is escaped by an odd run of backslashes.
fn is_escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Whether the inside of a bracket pair (`see @a, p. 3`) reads as a
/// citation group: an `@` at the start of a word, not escaped. Such a
/// group either parses or is an error, never text.
pub fn looks_like_citation(inner: &str) -> bool {
    !cite_starts(inner, true).is_empty()
}

/// Splits a group at its top-level `;` (a braced key may hold one).
fn split_items(inner: &str) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 && !is_escaped(inner, i) => {
                items.push(start..i);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(start..inner.len());
    items
}

/// Parses the inside of a bracketed citation group (`see @a, p. 12; @b`),
/// spans relative to `inner`. All the group's problems are returned.
pub fn parse_group(inner: &str) -> Result<Citation, Vec<CiteError>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for range in split_items(inner) {
        let text = &inner[range.clone()];
        let starts = cite_starts(text, true);
        let Some(&at) = starts.first() else {
            let lead = text.len() - text.trim_start().len();
            let span = match text.trim().is_empty() {
                true => range.clone(),
                false => range.start + lead..range.start + text.trim_end().len(),
            };
            errors.push(CiteError {
                span,
                kind: CiteErrorKind::ItemWithoutKey,
            });
            continue;
        };
        let suppress = text[..at].ends_with('-');
        let prefix_end = if suppress { at - 1 } else { at };
        let prefix = strip_emphasis(text[..prefix_end].trim());
        let after = &text[at + 1..];
        let (key, key_span, used) = match read_key(after) {
            Ok(k) => k,
            Err(kind) => {
                let end = after
                    .find(|c: char| c.is_whitespace() || c == ',')
                    .unwrap_or(after.len());
                errors.push(CiteError {
                    span: range.start + prefix_end..range.start + at + 1 + end,
                    kind,
                });
                continue;
            }
        };
        let abs = range.start + at + 1;
        let rest = &after[used..];
        if let Some(ch) = rest.chars().next()
            && !braced(after)
            && !(ch.is_whitespace() || ch == ',')
        {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == ',')
                .unwrap_or(rest.len());
            errors.push(CiteError {
                span: abs..abs + used + end,
                kind: CiteErrorKind::BadKeyChar {
                    key: format!("{key}{}", &rest[..end]),
                    ch,
                },
            });
            continue;
        }
        if let Some(&second) = starts.get(1) {
            let end = text[second..]
                .find(char::is_whitespace)
                .map_or(text.len(), |e| second + e);
            errors.push(CiteError {
                span: range.start + second..range.start + end,
                kind: CiteErrorKind::MissingSemicolon,
            });
            continue;
        }
        let (locator, suffix) = parse_locator(&strip_emphasis(rest));
        items.push(CitationItem {
            key,
            key_span: abs + key_span.start..abs + key_span.end,
            prefix,
            locator,
            suffix,
            mode: match suppress {
                true => CitationMode::SuppressAuthor,
                false => CitationMode::Normal,
            },
        });
    }
    match errors.is_empty() {
        true => Ok(Citation { items }),
        false => Err(errors),
    }
}

fn braced(after_at: &str) -> bool {
    after_at.starts_with('{')
}

/// An author-in-text citation found in running text: the whole span
/// (`@a [p. 3]`, from the `@` or its `-`), or its error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InText {
    pub span: Range<usize>,
    pub parsed: Result<CitationItem, CiteError>,
}

/// The author-in-text citations of running text: `@key`, `@{key}`,
/// `-@key`, each with the `[locator, suffix]` bracket that may follow it
/// (after at most one space). A bracket holding a citation of its own is
/// not taken. Spans relative to `text`.
pub fn find_in_text(text: &str) -> Vec<InText> {
    let mut out = Vec::new();
    let mut from = 0;
    for at in cite_starts(text, false) {
        if at < from {
            continue;
        }
        let suppress = text[..at].ends_with('-') && !is_escaped(text, at - 1);
        let start = if suppress { at - 1 } else { at };
        let after = &text[at + 1..];
        let (key, key_span, used) = match read_key(after) {
            Ok(k) => k,
            Err(kind) => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                out.push(InText {
                    span: start..at + 1 + end,
                    parsed: Err(CiteError {
                        span: start..at + 1 + end,
                        kind,
                    }),
                });
                from = at + 1 + end;
                continue;
            }
        };
        let mut end = at + 1 + used;
        let mut locator = None;
        let mut suffix = String::new();
        // `@a [p. 3]`: the bracket is the item's suffix, unless it is a
        // link, a note, or a citation group of its own.
        let rest = &text[end..];
        let gap = rest.len() - rest.trim_start_matches([' ', '\n']).len();
        let bracket = &rest[gap..];
        if gap <= 2
            && bracket.starts_with('[')
            && !bracket.starts_with("[^")
            && let Some(close) = closing_bracket(bracket)
            && !bracket[close + 1..].starts_with(['[', '(', '{'])
            && !looks_like_citation(&bracket[1..close])
        {
            let (l, s) = parse_locator(&strip_emphasis(&bracket[1..close]));
            locator = l;
            suffix = s;
            end += gap + close + 1;
        }
        let abs = at + 1;
        out.push(InText {
            span: start..end,
            parsed: Ok(CitationItem {
                key,
                key_span: abs + key_span.start..abs + key_span.end,
                prefix: String::new(),
                locator,
                suffix,
                mode: match suppress {
                    true => CitationMode::SuppressAuthor,
                    false => CitationMode::AuthorInText,
                },
            }),
        });
        from = end;
    }
    out
}

/// For a group right after an author-in-text citation, Pandoc's
/// `@a [p. 3; see @b]`: when the group's first part has no key, it is the
/// in-text citation's locator and suffix. `bracket` starts with the `[`;
/// returns them and where the rest of the group starts in `bracket`.
pub fn leading_suffix(bracket: &str) -> Option<(Option<Locator>, String, usize)> {
    let close = closing_bracket(bracket)?;
    let inner = &bracket[1..close];
    let first = split_items(inner).into_iter().next()?;
    if first.end == inner.len()
        || !cite_starts(&inner[first.clone()], true).is_empty()
        || !looks_like_citation(&inner[first.end..])
    {
        return None;
    }
    let (locator, suffix) = parse_locator(&strip_emphasis(inner[first.clone()].trim()));
    Some((locator, suffix, 1 + first.end + 1))
}

/// The index of the `]` that closes the `[` at the start of `s`, on the
/// same paragraph.
fn closing_bracket(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '[' if !is_escaped(s, i) => depth += 1,
            ']' if !is_escaped(s, i) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        if s[i..].starts_with("\n\n") {
            return None;
        }
    }
    None
}

/// Reads a locator at the start of what follows a key (`, pp. 33, 35-37,
/// and nowhere else`) as Pandoc's citeproc does: an optional comma, then a
/// term and a value (a value with a digit, or a Roman numeral after a
/// term), or a value alone with a digit (a page), or `{...}` for any
/// value. Returns the locator and the rest (the suffix, as written).
pub fn parse_locator(s: &str) -> (Option<Locator>, String) {
    let none = || (None, s.to_string());
    let mut t = s.strip_prefix(',').unwrap_or(s);
    t = t.trim_start();
    if t.is_empty() {
        return none();
    }
    // A term, longest first; then a value.
    let (label, explicit, after_term) = match match_term(t) {
        Some((term, len)) => (term, true, t[len..].trim_start_matches([' ', '\u{a0}'])),
        None => (LocatorTerm::Page, false, t),
    };
    if let Some(inner) = after_term.strip_prefix('{')
        && let Some(close) = inner.find('}')
    {
        let value = inner[..close].to_string();
        let raw_len = t.len() - after_term.len() + close + 2;
        return (
            Some(Locator {
                label,
                value,
                raw: t[..raw_len].to_string(),
            }),
            t[raw_len..].to_string(),
        );
    }
    let mut value_end = 0usize;
    let mut pos = 0usize;
    let mut first = true;
    loop {
        let rest = &after_term[pos..];
        let mut skip = 0;
        if !first {
            if rest.starts_with(',') {
                skip = 1;
            }
            skip += rest[skip..].len() - rest[skip..].trim_start_matches(' ').len();
        }
        let word_len = locator_word_len(&rest[skip..]);
        if word_len == 0 {
            break;
        }
        let word = &rest[skip..skip + word_len];
        let ok = word.contains(|c: char| c.is_ascii_digit()) || (explicit && is_roman_range(word));
        if !ok {
            break;
        }
        pos += skip + word_len;
        value_end = pos;
        first = false;
    }
    if value_end == 0 {
        return none();
    }
    let value = after_term[..value_end].to_string();
    let raw_len = t.len() - after_term.len() + value_end;
    (
        Some(Locator {
            label,
            value,
            raw: t[..raw_len].to_string(),
        }),
        t[raw_len..].to_string(),
    )
}

/// The term at the start of `t` (case-insensitive), followed by a space, a
/// digit or the end of its own punctuation: `(term, bytes)`.
fn match_term(t: &str) -> Option<(LocatorTerm, usize)> {
    let lower = t.to_lowercase();
    // Lower-casing keeps these ASCII and symbol terms at the same length.
    if lower.len() != t.len() {
        return None;
    }
    TERMS
        .iter()
        .filter(|(word, _)| lower.starts_with(word))
        .filter(|(word, _)| {
            let next = t[word.len()..].chars().next();
            let ends_in_punct = !word.ends_with(|c: char| c.is_alphabetic());
            match next {
                None => false,
                Some(c) => c.is_whitespace() || c == '{' || (ends_in_punct && !c.is_alphabetic()),
            }
        })
        .max_by_key(|(word, _)| word.len())
        .map(|&(word, term)| (term, word.len()))
}

/// The length of one locator word: characters up to a space or a
/// punctuation mark, where `-`, `–`, `:` join a range, `.` joins parts
/// (`4.4.8`) and brackets pair up (`123(4)[5]`).
fn locator_word_len(s: &str) -> usize {
    let mut depth = 0i32;
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let keep = match c {
            '(' | '[' | '{' => {
                depth += 1;
                true
            }
            ')' | ']' | '}' => {
                depth -= 1;
                depth >= 0
            }
            '-' | '–' | ':' => true,
            '.' => next.is_some_and(|n| n.is_alphanumeric()),
            c if c.is_whitespace() => false,
            c => !c.is_ascii_punctuation() && !"¶§".contains(c),
        };
        if !keep {
            break;
        }
        end = i + c.len_utf8();
    }
    // An unclosed bracket is not part of the word.
    if depth > 0 {
        return s[..end].find(['(', '[', '{']).unwrap_or(end);
    }
    end
}

/// Whether `word` is a well-formed Roman numeral (`xi`, `VII`, not `did`).
fn is_roman(word: &str) -> bool {
    let value = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let Some(digits) = word.chars().map(value).collect::<Option<Vec<u32>>>() else {
        return false;
    };
    if digits.is_empty() {
        return false;
    }
    // Canonical form round trip: the value written back must match.
    let mut n = 0u32;
    let mut i = 0;
    while i < digits.len() {
        if i + 1 < digits.len() && digits[i] < digits[i + 1] {
            n += digits[i + 1] - digits[i];
            i += 2;
        } else {
            n += digits[i];
            i += 1;
        }
    }
    to_roman(n).eq_ignore_ascii_case(word)
}

/// Whether `word` is a Roman numeral or a range of them (`VIII-IX`).
fn is_roman_range(word: &str) -> bool {
    word.split(['-', '–']).all(is_roman)
}

fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(inner: &str) -> Vec<CitationItem> {
        parse_group(inner)
            .unwrap_or_else(|e| panic!("{inner}: {e:?}"))
            .items
    }

    /// (key, prefix, locator term and value, suffix, mode) of each item.
    fn summary(
        items: &[CitationItem],
    ) -> Vec<(
        String,
        String,
        Option<(&'static str, String)>,
        String,
        CitationMode,
    )> {
        items
            .iter()
            .map(|i| {
                (
                    i.key.clone(),
                    i.prefix.clone(),
                    i.locator
                        .as_ref()
                        .map(|l| (l.label.csl_name(), l.value.clone())),
                    i.suffix.clone(),
                    i.mode,
                )
            })
            .collect()
    }

    fn one(
        inner: &str,
    ) -> (
        String,
        String,
        Option<(&'static str, String)>,
        String,
        CitationMode,
    ) {
        let items = group(inner);
        assert_eq!(items.len(), 1, "{inner}");
        summary(&items).remove(0)
    }

    fn loc(label: &'static str, value: &str) -> Option<(&'static str, String)> {
        Some((label, value.to_string()))
    }

    #[test]
    fn keys_follow_pandocs_grammar() {
        for (text, key) in [
            ("item1 says", "item1"),
            ("Ramirez2024,", "Ramirez2024"),
            ("UNEP:2023.", "UNEP:2023"),
            ("a.", "a"),
            ("a:b:", "a:b"),
            ("a-", "a"),
            ("пункт3 p", "пункт3"),
            ("_x", "_x"),
            ("a+b?c<d>e~f/g#h$i%j&k", "a+b?c<d>e~f/g#h$i%j&k"),
            ("http://x.org/y]", "http://x.org/y"),
            ("a's claim", "a"),
            ("-a", ""),
            (".a", ""),
        ] {
            assert_eq!(&text[..simple_key_len(text)], key, "{text}");
        }
        assert_eq!(one("@{foo_bar.baz:qux!}").0, "foo_bar.baz:qux!");
        assert_eq!(one("@{a{b}c}, p. 3").2, loc("page", "3"));
    }

    #[test]
    fn groups_as_in_pandocs_tests() {
        use CitationMode::*;
        let items = group("see @item1 chap. 3; also @пункт3 p. 34-35");
        assert_eq!(
            summary(&items),
            [
                (
                    "item1".into(),
                    "see".into(),
                    loc("chapter", "3"),
                    "".into(),
                    Normal
                ),
                (
                    "пункт3".into(),
                    "also".into(),
                    loc("page", "34-35"),
                    "".into(),
                    Normal
                ),
            ]
        );
        let span = items[1].key_span.clone();
        assert_eq!(&"see @item1 chap. 3; also @пункт3 p. 34-35"[span], "пункт3");
        assert_eq!(
            one("@item1 pp. 33, 35-37, and nowhere else"),
            (
                "item1".into(),
                "".into(),
                loc("page", "33, 35-37"),
                ", and nowhere else".into(),
                Normal
            )
        );
        assert_eq!(
            one("@item1 and nowhere else"),
            (
                "item1".into(),
                "".into(),
                None,
                " and nowhere else".into(),
                Normal
            )
        );
        assert_eq!(one("-@item1").4, SuppressAuthor);
        assert_eq!(one("-@item2 p. 44").2, loc("page", "44"));
        assert_eq!(one("see -@item2 p. 44").1, "see");
        // Markup around a prefix or a locator: Pandoc reads inlines.
        let with_markup = one("*see* @item1 p. **32**");
        assert_eq!(
            (with_markup.1.as_str(), with_markup.2.clone()),
            ("see", loc("page", "32"))
        );
        assert_eq!(one("@a, snake_case _x_").3, ", snake_case x");
        assert_eq!(one(" @a ").0, "a");
        let items = group("@a; @b;@c");
        assert_eq!(
            items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
        let i = &group("see @a, p. 12 and passim; also @b")[0];
        assert_eq!(i.detail(), "p. 12 and passim");
    }

    #[test]
    fn locators_as_pandocs_citeproc_reads_them() {
        for (after, label, value, suffix) in [
            (", 89, and suffix", "page", "89", ", and suffix"),
            (", 123-79, and suffix", "page", "123-79", ", and suffix"),
            (
                ", p. xi, gives you a (page) locator xi",
                "page",
                "xi",
                ", gives you a (page) locator xi",
            ),
            (", pp. VII, 89, gives you", "page", "VII, 89", ", gives you"),
            (
                ", p. VI, VII, VIII-IX, explicit romans",
                "page",
                "VI, VII, VIII-IX",
                ", explicit romans",
            ),
            (
                ", 123(4)[5]6, and suffix",
                "page",
                "123(4)[5]6",
                ", and suffix",
            ),
            (
                ", 4B.2a.i(3.4), and suffix",
                "page",
                "4B.2a.i(3.4)",
                ", and suffix",
            ),
            (", p.3, and suffix", "page", "3", ", and suffix"),
            (", {ii, A, D-Z}", "page", "ii, A, D-Z", ""),
            (", p. {a}", "page", "a", ""),
            (", §\u{a0}2", "section", "2", ""),
            (", § 2", "section", "2", ""),
            (", §2", "section", "2", ""),
            (", §§ 4-5", "section", "4-5", ""),
            (", ¶ 3", "paragraph", "3", ""),
            (" chap. 3", "chapter", "3", ""),
            (", Chap. 3", "chapter", "3", ""),
            (", s.v. 12", "sub-verbo", "12", ""),
            (", sub verbo 12", "sub-verbo", "12", ""),
            (", 33 and passim", "page", "33", " and passim"),
            (", pp. 12–14", "page", "12–14", ""),
        ] {
            let (l, s) = parse_locator(after);
            let l = l.unwrap_or_else(|| panic!("{after}"));
            assert_eq!(
                (l.label.csl_name(), l.value.as_str(), s.as_str()),
                (label, value, suffix),
                "{after}"
            );
        }
        // Every term, full and abbreviated, singular and plural.
        for (word, label) in [
            ("book", "book"),
            ("bk.", "book"),
            ("bks.", "book"),
            ("chapter", "chapter"),
            ("chapters", "chapter"),
            ("chap.", "chapter"),
            ("column", "column"),
            ("col.", "column"),
            ("cols.", "column"),
            ("figure", "figure"),
            ("fig.", "figure"),
            ("figs.", "figure"),
            ("folio", "folio"),
            ("fol.", "folio"),
            ("fols.", "folio"),
            ("number", "issue"),
            ("no.", "issue"),
            ("nos.", "issue"),
            ("line", "line"),
            ("l.", "line"),
            ("ll.", "line"),
            ("note", "note"),
            ("n.", "note"),
            ("nn.", "note"),
            ("opus", "opus"),
            ("op.", "opus"),
            ("opp.", "opus"),
            ("page", "page"),
            ("pages", "page"),
            ("p.", "page"),
            ("pp.", "page"),
            ("paragraph", "paragraph"),
            ("para.", "paragraph"),
            ("paras.", "paragraph"),
            ("¶", "paragraph"),
            ("part", "part"),
            ("pt.", "part"),
            ("pts.", "part"),
            ("section", "section"),
            ("sec.", "section"),
            ("secs.", "section"),
            ("§", "section"),
            ("§§", "section"),
            ("sub verbo", "sub-verbo"),
            ("s.v.", "sub-verbo"),
            ("s.vv.", "sub-verbo"),
            ("verse", "verse"),
            ("v.", "verse"),
            ("vv.", "verse"),
            ("volume", "volume"),
            ("vol.", "volume"),
            ("vols.", "volume"),
        ] {
            let (l, s) = parse_locator(&format!(", {word} 7"));
            let l = l.unwrap_or_else(|| panic!("{word}"));
            assert_eq!(
                (l.label.csl_name(), l.value.as_str(), s.as_str()),
                (label, "7", ""),
                "{word}"
            );
            assert_eq!(l.raw, format!("{word} 7"));
        }
        // No locator: all suffix, as written.
        for after in [
            ", xi, will be entirely suffix",
            ", (13 entirely suffix",
            ", p.a entirely suffix",
            " and nothing else",
            ", p. did not",
            "",
        ] {
            assert_eq!(parse_locator(after), (None, after.to_string()), "{after}");
        }
    }

    #[test]
    fn what_looks_like_a_citation_and_is_not_one_is_an_error() {
        use CiteErrorKind::*;
        let kinds = |inner: &str| -> Vec<(CiteErrorKind, String)> {
            parse_group(inner)
                .expect_err(inner)
                .into_iter()
                .map(|e| (e.kind, inner[e.span].to_string()))
                .collect()
        };
        assert_eq!(kinds("@"), [(EmptyKey, "@".to_string())]);
        assert_eq!(kinds("see @"), [(EmptyKey, "@".to_string())]);
        assert_eq!(kinds("see @, p. 3"), [(EmptyKey, "@".to_string())]);
        assert_eq!(
            kinds("@{unclosed"),
            [(UnclosedBrace, "@{unclosed".to_string())]
        );
        assert_eq!(kinds("@{}"), [(UnclosedBrace, "@{}".to_string())]);
        assert_eq!(kinds("@{a b}"), [(SpaceInBraces, "@{a".to_string())]);
        assert_eq!(
            kinds("@a; see p. 3"),
            [(ItemWithoutKey, "see p. 3".to_string())]
        );
        assert_eq!(kinds("@a;"), [(ItemWithoutKey, "".to_string())]);
        assert_eq!(
            kinds("@a!b, p. 3"),
            [(
                BadKeyChar {
                    key: "a!b".into(),
                    ch: '!'
                },
                "a!b".to_string()
            )]
        );
        assert_eq!(kinds("@a @b"), [(MissingSemicolon, "@b".to_string())]);
        // Several problems in one group are all reported.
        assert_eq!(kinds("@; @a; x").len(), 2);
        for inner in [
            "see @a",
            "@",
            "-@a",
            "x; @a",
            "(@a)",
            "see @ ",
            "see @ , p. 3",
        ] {
            assert!(looks_like_citation(inner), "{inner}");
        }
        for inner in [
            "ana@example.org",
            "mail ana@example.org",
            "\\@a",
            "a b",
            "x@",
        ] {
            assert!(!looks_like_citation(inner), "{inner}");
        }
    }

    #[test]
    fn author_in_text_citations() {
        let found = |text: &str| -> Vec<(
            String,
            String,
            Option<(&'static str, String)>,
            String,
            CitationMode,
        )> {
            find_in_text(text)
                .into_iter()
                .map(|f| {
                    let item = f.parsed.expect(text);
                    (
                        text[f.span].to_string(),
                        item.key.clone(),
                        item.locator.map(|l| (l.label.csl_name(), l.value)),
                        item.suffix,
                        item.mode,
                    )
                })
                .collect()
        };
        use CitationMode::*;
        assert_eq!(
            found("@item1 says blah."),
            [(
                "@item1".into(),
                "item1".into(),
                None,
                "".into(),
                AuthorInText
            )]
        );
        assert_eq!(
            found("@item1 [p. 30] says blah."),
            [(
                "@item1 [p. 30]".into(),
                "item1".into(),
                loc("page", "30"),
                "".into(),
                AuthorInText
            )]
        );
        assert_eq!(
            found("@item1 [p. 30, with suffix] says"),
            [(
                "@item1 [p. 30, with suffix]".into(),
                "item1".into(),
                loc("page", "30"),
                ", with suffix".into(),
                AuthorInText
            )]
        );
        assert_eq!(found("As @UNEP:2023's report.")[0].1, "UNEP:2023");
        assert_eq!(found("(@a) and \"@b\"").len(), 2);
        assert_eq!(found("@{odd_key!} says")[0].1, "odd_key!");
        // The bracket is not this citation's: a link, a note, a group.
        for text in ["@a [see](x.html)", "@a [^1]", "@a [-@b p. 30]", "@a [x][y]"] {
            let f = found(text);
            assert_eq!(f[0].0, "@a", "{text}");
        }
        // Not citations: inside a word, escaped, no key.
        for text in ["ana@example.org", "\\@handle", "meet @ 5", "a@b @", "x-@a"] {
            assert!(find_in_text(text).is_empty(), "{text}");
        }
        assert_eq!(found("-@a says")[0].4, SuppressAuthor);
        // Pandoc's `@a [p. 30; see @b]`: the group's first part is `@a`'s.
        let (l, suffix, skip) = leading_suffix("[p. 30, later; see @b] x").unwrap();
        assert_eq!(l.map(|l| l.value), Some("30".to_string()));
        assert_eq!(suffix, ", later");
        assert_eq!(&"[p. 30, later; see @b] x"[skip..], " see @b] x");
        for bracket in ["[p. 30]", "[@b; p. 3]", "[p. 3; x]", "[p. 3; see @b"] {
            assert!(leading_suffix(bracket).is_none(), "{bracket}");
        }
        let f = find_in_text("as @{unclosed says");
        assert_eq!(
            f[0].parsed.as_ref().unwrap_err().kind,
            CiteErrorKind::UnclosedBrace
        );
    }
}
