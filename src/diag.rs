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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem found in the site's content or configuration.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code, `E0xx` or `W0xx` (see docs/errors.md).
    pub code: &'static str,
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
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: None,
            label: None,
            related: Vec::new(),
            help: None,
            file: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
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
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(wanted, candidate);
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
        (loc.0, loc.1, loc.2, d.code)
    });
}

/// Renders one diagnostic in rustc's style.
pub fn render(diag: &Diagnostic, files: &Files, color: bool) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(diag.message.as_str()).id(diag.code);
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
        "code": diag.code,
        "message": diag.message,
        "help": diag.help,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn renders_path_line_and_help() {
        let mut files = Files::default();
        let id = files.add(
            "content/a.md".into(),
            PathBuf::from("content/a.md"),
            "---\nsources: [mfa-comunique]\n---\n".into(),
        );
        let d = Diagnostic::error("E004", "unknown source `mfa-comunique`")
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
