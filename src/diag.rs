//! Diagnostics: content problems as data (file, byte span, code, message,
//! help), collected across the whole run and rendered in rustc's style at the
//! end. Nothing here stops a build; the caller decides from the severities.

use std::ops::Range;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Index of a file in [`Files`].
pub type FileId = usize;

/// A byte range inside one loaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }
}

/// One file whose text diagnostics may point into.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to the user.
    pub display: String,
    pub path: PathBuf,
    pub text: String,
}

/// Every text file read during a run, so that spans stay small (an index and
/// two offsets) and the text is kept once.
#[derive(Debug, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub fn add(&mut self, display: String, path: PathBuf, text: String) -> FileId {
        self.files.push(SourceFile {
            display,
            path,
            text,
        });
        self.files.len() - 1
    }

    /// Replaces the text of a file that was read again; its id stays.
    pub fn replace(&mut self, id: FileId, text: String) {
        self.files[id].text = text;
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> (usize, usize) {
        line_col(&self.files[file].text, offset)
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Declares [`Code`] from one list, so that the variants, [`Code::ALL`] and
/// the printed names cannot drift apart.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $name:ident,)+) => {
        /// A diagnostic's stable code, as documented in docs/errors.md: `E0xx`
        /// for errors, `W0xx` for warnings. The letter decides the severity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $name,)+
        }

        impl Code {
            /// Every code, in the order of docs/errors.md.
            pub const ALL: &'static [Code] = &[$(Code::$name),+];

            /// The code as printed: `E004`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => stringify!($name),)+
                }
            }
        }
    };
}

// A new code goes here, in order, with a fixture `tests/sites/errors/<code>-…`
// and a `## <code>: …` section in docs/errors.md: tests/it/catalogue.rs
// checks that every code has both.
codes! {
    /// Invalid YAML.
    E001,
    /// Missing field.
    E002,
    /// Unknown field.
    E003,
    /// Unknown id.
    E004,
    /// Defined twice.
    E005,
    /// Invalid date.
    E006,
    /// Invalid id.
    E007,
    /// Unknown claim status.
    E008,
    /// Not an http(s) URL.
    E009,
    /// Not UTF-8.
    E010,
    /// Front matter missing or not closed.
    E011,
    /// Template error.
    E012,
    /// Invalid setting.
    E013,
    /// Wrong kind of value.
    E014,
    /// Value not allowed.
    E015,
    /// Two pages at one address.
    E016,
    /// Key given twice.
    E017,
    /// Malformed citation.
    E018,
    /// Heading id taken.
    E019,
    /// Half-typed annotation.
    E020,
    /// Two tags on one page.
    E021,
    /// Invalid citation key.
    E022,
    /// Unknown citation style.
    E023,
    /// Invalid bibliography file.
    E024,
    /// Invalid bibliography entry.
    E025,
    /// Two sources on one page.
    E026,
    /// Image that cannot be read.
    E027,
    /// Linked file not there.
    E028,
    /// Image without alternative text.
    E029,
    /// Source document not there.
    E030,
    /// Claim statuses that cannot be rated.
    E031,
    /// Invalid timeline date (a claim's `date`, an event's `date` or
    /// `end_date`).
    E032,
    /// Event that ends before it begins, or an `end_date` without `date`.
    E033,
    /// Correction dated before its report.
    E034,
    /// Claim rated differently in a translation.
    E035,
    /// Source never cited.
    W001,
    /// Claim without sources.
    W002,
    /// Entity never mentioned.
    W003,
    /// Dangling internal link.
    W004,
    /// File skipped.
    W005,
    /// Entity named but not listed.
    W006,
    /// Note never referred to.
    W007,
    /// Text read as a YAML comment.
    W008,
    /// Bibliography file without entries.
    W010,
    /// Event dates on an entity that is not an event.
    W011,
    /// File outside any bundle.
    W012,
    /// Entity on the graph page's URL.
    W013,
    /// Language without date formats or sorting rules.
    W014,
    /// Theme strings missing or unknown.
    W015,
    /// Language the search cannot stem or split into words.
    W016,
    /// Translation without a claim of its original.
    W017,
    /// Translation without an original.
    W018,
    /// File named for a language the site does not list.
    W019,
}

impl Code {
    /// Whether the code names a warning (`W0xx`) rather than an error.
    pub fn is_warning(self) -> bool {
        self.as_str().starts_with('W')
    }

    /// The severity a diagnostic with this code has (before `--strict`).
    pub fn severity(self) -> Severity {
        if self.is_warning() {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in the site's content or configuration.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The code's own severity, raised to an error by `--strict`.
    pub severity: Severity,
    /// Stable code, `E0xx` or `W0xx` (see docs/errors.md).
    pub code: Code,
    pub message: String,
    pub span: Option<Span>,
    /// A short label under the caret.
    pub label: Option<String>,
    /// Secondary places, e.g. the first definition of a duplicate.
    pub related: Vec<(Span, String)>,
    pub help: Option<String>,
    /// A file the diagnostic is about when there is no span in it.
    pub file: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with `code`'s severity: an error for `E0xx`, a warning
    /// for `W0xx`, so that the two can never disagree.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            span: None,
            label: None,
            related: Vec::new(),
            help: None,
            file: None,
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn at_opt(mut self, span: Option<Span>) -> Self {
        self.span = span;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the diagnostic points, as `file:line:column`, for sorting and
    /// one-line summaries.
    pub fn location(&self, files: &Files) -> Option<(String, usize, usize)> {
        match self.span {
            Some(span) => {
                let (line, col) = files.line_col(span.file, span.start);
                Some((files.get(span.file).display.clone(), line, col))
            }
            None => self.file.clone().map(|f| (f, 0, 0)),
        }
    }
}

/// "did you mean" for `wanted` among `known`, if one is close enough.
pub fn suggest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // Compared without case: citation keys have capitals (`UNEP:2023`),
    // and `unep:2023` is a slip of the shift key, not another word.
    let lower = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = if candidate.bytes().any(|b| b.is_ascii_uppercase()) || lower != wanted {
            strsim::jaro_winkler(&lower, &candidate.to_lowercase())
        } else {
            strsim::jaro_winkler(wanted, candidate)
        };
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Sorts diagnostics by file and position so output is stable whatever
/// order the parallel stages produced them in.
pub fn sort(diags: &mut [Diagnostic], files: &Files) {
    diags.sort_by_cached_key(|d| {
        let loc = d.location(files).unwrap_or_default();
        (loc.0, loc.1, loc.2, d.code.as_str())
    });
}

/// Renders one diagnostic in rustc's style.
pub fn render(diag: &Diagnostic, files: &Files, color: bool) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diag.message.as_str())
        .id(diag.code.as_str());
    let mut group = Group::with_title(title);
    let mut per_file: Vec<(FileId, Vec<annotate_snippets::Annotation<'_>>)> = Vec::new();
    let places = diag
        .span
        .map(|s| (s, AnnotationKind::Primary, diag.label.as_deref()))
        .into_iter()
        .chain(
            diag.related
                .iter()
                .map(|(s, l)| (*s, AnnotationKind::Context, Some(l.as_str()))),
        );
    for (span, kind, label) in places {
        let text = &files.get(span.file).text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let annotation = kind.span(start..end).label(label);
        match per_file.iter_mut().find(|(f, _)| *f == span.file) {
            Some((_, list)) => list.push(annotation),
            None => per_file.push((span.file, vec![annotation])),
        }
    }
    for (file, annotations) in per_file {
        let source = files.get(file);
        group = group.element(
            Snippet::source(source.text.as_str())
                .path(source.display.as_str())
                .fold(true)
                .annotations(annotations),
        );
    }
    if diag.span.is_none()
        && let Some(file) = &diag.file
    {
        group = group.element(annotate_snippets::Origin::path(file.as_str()));
    }
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// One diagnostic as a JSON object on one line, for editors and CI.
pub fn to_json(diag: &Diagnostic, files: &Files) -> String {
    let (file, start, end) = match diag.span {
        Some(span) => {
            let (l, c) = files.line_col(span.file, span.start);
            let (el, ec) = files.line_col(span.file, span.end);
            (
                Some(files.get(span.file).display.clone()),
                Some((l, c)),
                Some((el, ec)),
            )
        }
        None => (diag.file.clone(), None, None),
    };
    serde_json::json!({
        "file": file,
        "line": start.map(|s| s.0),
        "column": start.map(|s| s.1),
        "end_line": end.map(|e| e.0),
        "end_column": end.map(|e| e.1),
        "severity": match diag.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": diag.code.as_str(),
        "message": diag.message,
        "help": diag.help,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_ignore_case() {
        let known = ["UNEP:2023", "Ramirez2024", "mfa-communique"];
        assert_eq!(
            suggest("unep:2023", known).as_deref(),
            Some("did you mean `UNEP:2023`?")
        );
        assert_eq!(
            suggest("ramirez2042", known).as_deref(),
            Some("did you mean `Ramirez2024`?")
        );
        assert_eq!(
            suggest("mfa-comunique", known).as_deref(),
            Some("did you mean `mfa-communique`?")
        );
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd e\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "e" is after a two-byte character.
        assert_eq!(line_col(text, 7), (2, 4));
    }

    #[test]
    fn suggests_close_ids_only() {
        let known = ["mfa-communique", "petro-speech"];
        assert_eq!(
            suggest("mfa-comunique", known).as_deref(),
            Some("did you mean `mfa-communique`?")
        );
        assert_eq!(suggest("zzz", known), None);
    }

    #[test]
    fn codes_are_listed_once_in_order_and_their_letter_is_their_severity() {
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{pair:?}");
        }
        for &code in Code::ALL {
            let name = code.as_str();
            assert_eq!(name.len(), 4, "{name}");
            assert!(name[1..].bytes().all(|b| b.is_ascii_digit()), "{name}");
            assert_eq!(code.to_string(), name);
            let d = Diagnostic::new(code, "m");
            match name.as_bytes()[0] {
                b'E' => assert!(!code.is_warning() && d.is_error(), "{name}"),
                b'W' => assert!(code.is_warning() && !d.is_error(), "{name}"),
                _ => panic!("{name} is neither an error nor a warning code"),
            }
        }
    }

    #[test]
    fn renders_path_line_and_help() {
        let mut files = Files::default();
        let id = files.add(
            "content/a.md".into(),
            PathBuf::from("content/a.md"),
            "---\nsources: [mfa-comunique]\n---\n".into(),
        );
        let d = Diagnostic::new(Code::E004, "unknown source `mfa-comunique`")
            .at(Span::new(id, 14..27))
            .help("did you mean `mfa-communique`?");
        let out = render(&d, &files, false);
        assert!(
            out.contains("error[E004]: unknown source `mfa-comunique`"),
            "{out}"
        );
        assert!(out.contains("content/a.md:2:11"), "{out}");
        assert!(
            out.contains("help: did you mean `mfa-communique`?"),
            "{out}"
        );
    }
}
