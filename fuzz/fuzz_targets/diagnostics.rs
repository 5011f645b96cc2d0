//! Rendering diagnostics: `diag::render`, `to_json`, `sort` and `line_col`
//! with arbitrary texts and arbitrary (often out-of-range) spans. None of
//! them may panic whatever the offsets.
#![no_main]

use std::path::PathBuf;

use arbitrary::Arbitrary;
use dossier::diag::{self, Code, Diagnostic, Files, Severity, Span};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct RawSpan {
    file: u8,
    start: usize,
    end: usize,
}

#[derive(Arbitrary, Debug)]
struct RawDiag {
    /// `--strict`: a warning raised to an error.
    strict: bool,
    code: u8,
    message: String,
    span: Option<RawSpan>,
    label: Option<String>,
    related: Vec<(RawSpan, String)>,
    help: Option<String>,
    file: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct In {
    first: String,
    more: Vec<(String, String)>,
    diags: Vec<RawDiag>,
    offsets: Vec<usize>,
    color: bool,
}

/// Offsets near the text (where the bugs are) half the time, anything else
/// the other half.
fn offset(raw: usize, len: usize) -> usize {
    if raw & 1 == 0 {
        (raw >> 1) % (len + 8)
    } else {
        raw.rotate_right(1)
    }
}

fn span(raw: &RawSpan, files: &Files, count: usize) -> Span {
    let file = raw.file as usize % count;
    let len = files.get(file).text.len();
    Span {
        file,
        start: offset(raw.start, len),
        end: offset(raw.end, len),
    }
}

fuzz_target!(|input: In| {
    let mut files = Files::default();
    files.add("content/a.md".into(), PathBuf::from("a"), input.first.clone());
    for (name, text) in input.more.iter().take(3) {
        files.add(name.clone(), PathBuf::from(name), text.clone());
    }
    let count = files.iter().count();

    for (i, raw) in input.offsets.iter().take(16).enumerate() {
        let file = i % count;
        let text = &files.get(file).text;
        let _ = diag::line_col(text, offset(*raw, text.len()));
        let _ = files.line_col(file, *raw);
    }

    let mut diags: Vec<Diagnostic> = input
        .diags
        .iter()
        .take(8)
        .map(|raw| {
            let code = Code::ALL[raw.code as usize % Code::ALL.len()];
            let mut d = Diagnostic::new(code, raw.message.clone());
            if raw.strict {
                d.severity = Severity::Error;
            }
            d = d.at_opt(raw.span.as_ref().map(|s| span(s, &files, count)));
            if let Some(label) = &raw.label {
                d = d.label(label.clone());
            }
            for (s, label) in raw.related.iter().take(4) {
                d = d.related(span(s, &files, count), label.clone());
            }
            d = d.help_opt(raw.help.clone());
            if let Some(file) = &raw.file {
                d = d.in_file(file.clone());
            }
            d
        })
        .collect();

    diag::sort(&mut diags, &files);
    for d in &diags {
        let _ = d.location(&files);
        let _ = diag::render(d, &files, input.color);
        let _ = diag::to_json(d, &files);
    }
});
