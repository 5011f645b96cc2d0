//! Front matter: splitting a file at its fences, deserialising the YAML,
//! locating keys and values in it, and the per-file checks of every kind of
//! content file. Input: the whole file (bytes, read as lossy UTF-8).
#![no_main]

use std::sync::LazyLock;

use dossier::config::{self, Config};
use dossier::frontmatter::{self, Seg};
use dossier::model::{self, FileKind, ReportMeta};
use dossier_fuzz::{exercise, files_with};
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> =
    LazyLock::new(|| config::parse(0, "title: T\nbase_url: https://e.org/\n").expect("config"));

/// Paths into a YAML tree (keys as strings), depth first, at most 12: each
/// `locate` re-parses the block, so more would slow every run.
fn paths(value: &serde_yaml::Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    if out.len() >= 12 || prefix.len() > 8 {
        return;
    }
    out.push(prefix.clone());
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                let key = match k {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                prefix.push(key);
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        serde_yaml::Value::Sequence(seq) => {
            for (i, v) in seq.iter().enumerate() {
                prefix.push(format!("#{i}"));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;

    // The per-file pipeline, as `build` runs it, for each kind of file.
    let files = files_with(text);
    for (kind, rel, drafts) in [
        (FileKind::Report, "2024/a.md", true),
        (FileKind::Report, "a.md", false),
        (FileKind::Entity, "entities/a.md", true),
        (FileKind::Source, "sources/a.md", true),
        (FileKind::Section, "2024/_index.md", true),
    ] {
        let (_doc, mut diags) = model::parse_document(kind, rel, 0, text, &CONFIG, drafts);
        exercise(&mut diags, &files);
    }

    // The whole input as `dossier.yaml`.
    if let Err(mut diags) = config::parse(0, text) {
        exercise(&mut diags, &files);
    }

    let Ok(split) = frontmatter::split(0, text) else {
        return;
    };
    let yaml = split.yaml.text(text);
    let _body = &text[split.body_start..];
    if let Err(d) = frontmatter::parse::<ReportMeta>(split.yaml, text) {
        exercise(&mut [d], &files);
    }

    // locate() on every path that exists, plus a few that may not.
    let mut all = Vec::new();
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(yaml) {
        paths(&value, &mut Vec::new(), &mut all);
    }
    for extra in [&["title"][..], &["claims", "c1", "status"], &["tags", "#0"], &["nope"]] {
        all.push(extra.iter().map(|s| s.to_string()).collect());
    }
    for path in &all {
        let segs: Vec<Seg<'_>> = path
            .iter()
            .map(|p| match p.strip_prefix('#').and_then(|i| i.parse().ok()) {
                Some(i) => Seg::Index(i),
                None => Seg::Key(p),
            })
            .collect();
        for key in [false, true] {
            let span = frontmatter::locate(split.yaml, text, &segs, key);
            if *dossier_fuzz::STRICT {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "locate({path:?}, key={key}) gave {}..{} in {} bytes",
                    span.start,
                    span.end,
                    text.len()
                );
                assert!(
                    text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                    "locate({path:?}, key={key}) cut a character: {}..{}",
                    span.start,
                    span.end
                );
            }
            let _ = dossier::diag::line_col(text, span.start);
        }
    }
});
