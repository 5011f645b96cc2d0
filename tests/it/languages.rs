//! The site's `language`: dates as that language writes them, and indexes
//! sorted as its readers expect (ICU4X, CLDR data).

use crate::{build_ok, page, site, texts};

const REPORT: &str = "---
title: Votación
date: 2024-05-02T23:30:00-05:00
updated: 2024-05-03
tags: [votación]
entities:
  xo: {name: Xavier Ortiz, type: person}
sources:
  wire:
    title: Cable
    date: 2024-05-02
    accessed: 2024-05-03T01:00:00+09:00
claims:
  dia: {text: Un día, status: verified, sources: [wire], entities: [xo], date: 2024-05-02}
  mes: {text: Un mes, status: verified, sources: [wire], entities: [xo], date: 2024-06}
  ano: {text: Un año, status: verified, sources: [wire], entities: [xo], date: 2023}
corrections:
  - date: 2024-05-04
    text: Una corrección.
---
[[xo]] votó [@wire]. [Uno](claim:dia), [dos](claim:mes), [tres](claim:ano).
";

fn config(language: &str) -> String {
    format!("title: Sitio\nbase_url: https://example.com/\nlanguage: {language}\n")
}

/// Every `<time>` on a page, as readers see it.
fn times(dir: &std::path::Path, path: &str) -> Vec<String> {
    texts(&page(&dir.join("public").join(path)), "time")
}

#[test]
fn dates_read_in_the_sites_language() {
    let dir = site(&[
        ("dossier.yaml", &config("es")),
        ("content/2024/votacion.md", REPORT),
    ]);
    build_ok(dir.path(), &[]);
    let report = times(dir.path(), "2024/votacion/index.html");
    // Published on the author's own calendar day, then updated, corrected;
    // the source's date and when it was read.
    for want in [
        "2 de mayo de 2024",
        "3 de mayo de 2024",
        "4 de mayo de 2024",
    ] {
        assert!(
            report.contains(&want.to_string()),
            "{want} not in {report:?}"
        );
    }
    assert!(report.iter().all(|t| !t.contains("May")), "{report:?}");
    let entity = times(dir.path(), "entities/xo/index.html");
    for want in ["2 de mayo de 2024", "junio de 2024", "2023"] {
        assert!(
            entity.contains(&want.to_string()),
            "{want} not in {entity:?}"
        );
    }
    let source = times(dir.path(), "sources/wire/index.html");
    assert!(
        source.contains(&"2 de mayo de 2024".to_string()),
        "{source:?}"
    );
    assert!(
        source.contains(&"3 de mayo de 2024".to_string()),
        "{source:?}"
    );
    let home = times(dir.path(), "index.html");
    assert_eq!(home, ["2 de mayo de 2024"]);
}

#[test]
fn english_dates_keep_their_form() {
    let dir = site(&[
        ("dossier.yaml", &config("en")),
        ("content/2024/votacion.md", REPORT),
    ]);
    build_ok(dir.path(), &[]);
    let entity = times(dir.path(), "entities/xo/index.html");
    for want in ["2 May 2024", "June 2024", "2023"] {
        assert!(
            entity.contains(&want.to_string()),
            "{want} not in {entity:?}"
        );
    }
}

/// A report naming entities, sources and tags whose names start with
/// accented letters, and `ñ`.
fn names_site(language: &str) -> tempfile::TempDir {
    let names = [
        "Zoë", "Ángela", "Éva", "Água", "zebra", "Eva", "Angela", "Ñandú", "Nube", "Oso",
    ];
    let mut entities = String::new();
    let mut sources = String::new();
    let mut body = String::new();
    for (i, name) in names.iter().enumerate() {
        entities.push_str(&format!("  e{i}: {{name: {name}, type: person}}\n"));
        sources.push_str(&format!("  s{i}: {{title: {name}}}\n"));
        body.push_str(&format!("[[e{i}]] [@s{i}] "));
    }
    let tags = names.join(", ");
    let report = format!(
        "---\ntitle: Names\ndate: 2024-05-02\ntags: [{tags}]\nentities:\n{entities}sources:\n{sources}---\n{body}\n"
    );
    site(&[
        ("dossier.yaml", &config(language)),
        ("content/names.md", &report),
    ])
}

/// The entity, source and tag indexes, in the order a reader sees them.
fn indexes(language: &str) -> [Vec<String>; 3] {
    let dir = names_site(language);
    let public = build_ok(dir.path(), &[]);
    let tag_names = page(&public.join("tags/index.html"))
        .select(&crate::sel(".tag-cloud a"))
        .map(|a| a.text().next().unwrap_or_default().trim().to_string())
        .collect();
    [
        texts(&page(&public.join("entities/index.html")), ".index-name"),
        texts(&page(&public.join("sources/index.html")), ".index-name"),
        tag_names,
    ]
}

#[test]
fn indexes_sort_as_readers_of_the_language_do() {
    let english = [
        "Água", "Angela", "Ángela", "Eva", "Éva", "Ñandú", "Nube", "Oso", "zebra", "Zoë",
    ];
    for list in indexes("en") {
        assert_eq!(list, english);
    }
    // Spanish has `ñ` as a letter of its own, after `n`.
    let spanish = [
        "Água", "Angela", "Ángela", "Eva", "Éva", "Nube", "Ñandú", "Oso", "zebra", "Zoë",
    ];
    for list in indexes("es") {
        assert_eq!(list, spanish);
    }
}
