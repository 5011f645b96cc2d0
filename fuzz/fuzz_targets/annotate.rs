//! The Markdown pass over a report body: citations, claims, entity links,
//! mentions, notes, headings, code. Input: one flags byte, then the body
//! (bytes, read as lossy UTF-8).
//!
//! Flags: bits 0-1 auto-link mode (0 first, 1 all, 2 none, 3 first), bit 2
//! smart punctuation, bit 3 no entity names (no mention automaton), bit 4 a
//! front matter with multi-byte characters before the body (so spans are
//! offset by a non-trivial `body_start`).
#![no_main]

use std::sync::LazyLock;

use dossier::annotate::{self, Input};
use dossier::config::AutoLink;
use dossier::highlight::Highlighter;
use dossier_fuzz::{LISTED, MENTIONS, SITE, exercise, files_with};
use libfuzzer_sys::fuzz_target;

static HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(Highlighter::default);

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let auto_link = match flags & 3 {
        1 => AutoLink::All,
        2 => AutoLink::None,
        _ => AutoLink::First,
    };
    let front = if flags & 16 != 0 {
        "\u{feff}---\r\ntitle: \"Núñez — ünïcödé\"\r\n---\r\n"
    } else {
        "---\n---\n"
    };
    let mut text = String::from(front);
    text.push_str(&String::from_utf8_lossy(body));
    let label = |s: &str| format!("[{s}]");
    let input = Input {
        file: 0,
        text: &text,
        body_start: front.len(),
        root: "../../",
        listed: LISTED,
        names: if flags & 8 != 0 { None } else { MENTIONS.as_ref() },
        auto_link,
        smart_punctuation: flags & 4 != 0,
        claim_status_label: &label,
    };
    let mut out = annotate::render_body(&input, &*SITE, &HIGHLIGHTER);
    let files = files_with(&text);
    if *dossier_fuzz::STRICT {
        for link in &out.links {
            let s = link.span;
            assert!(s.start <= s.end && s.end <= text.len(), "link span {s:?}");
        }
        for (id, s) in &out.untagged {
            assert!(s.start <= s.end && s.end <= text.len(), "untagged {id} span {s:?}");
        }
    }
    exercise(&mut out.diagnostics, &files);
});
