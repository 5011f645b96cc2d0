//! The site's `language`: dates as that language writes them, and indexes
//! sorted as its readers expect (ICU4X, CLDR data).

use crate::{build_ok, page, sel, site, texts};

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

/// The strings of a built-in catalogue: key → every text it has (one, or
/// each plural form).
pub(crate) fn catalogue(lang: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    use dossier::i18n::{Catalogue, Message};
    Catalogue::built_in(lang)
        .messages()
        .map(|(k, m)| {
            let texts = match m {
                Message::Text(t) => vec![t.clone()],
                Message::Plural(forms) => forms.iter().map(|(_, t)| t.clone()).collect(),
            };
            (k.to_string(), texts)
        })
        .collect()
}

/// The parts of an English string a reader would see, between its
/// placeholders, that have three letters or more: `Claims marked {status}`
/// → `Claims marked`.
pub(crate) fn fragments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let (part, next) = match rest.find('{') {
            Some(i) => (&rest[..i], rest[i..].find('}').map(|j| &rest[i + j + 1..])),
            None => (rest, None),
        };
        let part = part.trim_matches(|c: char| !c.is_alphanumeric());
        if part.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            out.push(part.to_string());
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    out
}

/// Whether `needle` occurs in `hay` as whole words (`Person` is not in
/// `Persona`).
pub(crate) fn has_words(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// What a reader sees of a page that the theme wrote: text and the
/// attributes read aloud or shown, leaving out the author's content (the
/// report's body, notes, prose of registry pages, code and citations).
pub(crate) fn theme_text(html: &scraper::Html) -> Vec<String> {
    const AUTHOR: &[&str] = &[
        "report-body",
        "prose",
        "note-body",
        "cite-reference",
        "csl-text",
    ];
    let authored = |el: &scraper::node::Element| {
        matches!(el.name(), "pre" | "code" | "script" | "style")
            || el.classes().any(|c| AUTHOR.contains(&c))
    };
    let mut out = Vec::new();
    for node in html.root_element().descendants() {
        let skipped = node
            .ancestors()
            .chain(std::iter::once(node))
            .any(|a| a.value().as_element().is_some_and(authored));
        if skipped {
            continue;
        }
        match node.value() {
            scraper::Node::Text(t) => out.push(t.to_string()),
            scraper::Node::Element(el) => {
                for attr in ["aria-label", "title", "alt", "content"] {
                    if let Some(v) = el.attr(attr) {
                        out.push(v.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The Spanish fixture site, its `language` set to `lang`: the authors'
/// text stays Spanish, the theme's is `lang`'s.
fn lang_site(lang: &str) -> tempfile::TempDir {
    let dir = crate::fixture("lang-es");
    let config = dir.path().join("dossier.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(text.contains("language: es\n"));
    let text = text.replace("language: es\n", &format!("language: {lang}\n"));
    std::fs::write(&config, text).unwrap();
    dir
}

/// Every page of a site in Spanish, French or Portuguese has its theme's
/// labels in that language: no English string of the default theme is
/// left on any page, outside what the authors wrote.
#[test]
fn a_site_in_a_shipped_language_has_no_english_label_left() {
    for lang in ["es", "fr", "pt"] {
        no_english_label_left(lang);
    }
}

fn no_english_label_left(lang: &str) {
    let dir = lang_site(lang);
    let public = build_ok(dir.path(), &["--drafts"]);
    let (pages, found) = english_labels_left(&public, lang);
    assert!(pages > 30, "{lang}: {pages} pages");
    assert!(
        found.is_empty(),
        "{lang}: English left:\n{}",
        found.join("\n")
    );
}

/// The English strings of the default theme left on the HTML pages of the
/// site built in `public`, whose language is `lang` (one line per page
/// and string, sorted), and how many pages were read.
pub(crate) fn english_labels_left(public: &std::path::Path, lang: &str) -> (usize, Vec<String>) {
    let en = catalogue("en");
    let own = catalogue(lang);
    // Every text of the language, to leave out English words it writes
    // the same way itself (`Sources`, `Page` in French).
    let own_text = own
        .values()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    let mut wanted: Vec<(String, String)> = Vec::new();
    for (key, texts) in &en {
        if own.get(key) == Some(texts) {
            continue; // the same in both languages (`Original`, `DOI`)
        }
        for text in texts {
            for f in fragments(text) {
                if !has_words(&own_text, &f) {
                    wanted.push((key.clone(), f));
                }
            }
        }
    }
    assert!(wanted.len() > 150, "{lang}: {}", wanted.len());
    let mut found = Vec::new();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let text = theme_text(&page(entry.path())).join("\n");
        let rel = entry
            .path()
            .strip_prefix(public)
            .unwrap()
            .display()
            .to_string();
        for (key, f) in &wanted {
            if has_words(&text, f) {
                found.push(format!("{rel}: `{key}` ({f})"));
            }
        }
    }
    found.sort();
    found.dedup();
    (pages, found)
}

/// Counts take the plural form the language gives the number, and the
/// well-known statuses agree with *afirmación*, *affirmation*, *afirmação*.
#[test]
fn counts_and_statuses_in_each_shipped_language() {
    let cases: [(&str, [&str; 6], [&str; 2], [&str; 2]); 3] = [
        (
            "es",
            [
                "Verificada",
                "Controvertida",
                "Engañosa",
                "Falsa",
                "Sin verificar",
                "Opinión",
            ],
            ["2 afirmaciones", "1 afirmación"],
            ["Inicio", "Afirmaciones"],
        ),
        (
            "fr",
            [
                "Vérifiée",
                "Contestée",
                "Trompeuse",
                "Fausse",
                "Non vérifiée",
                "Opinion",
            ],
            ["2 affirmations", "1 affirmation"],
            ["Accueil", "Affirmations"],
        ),
        (
            "pt",
            [
                "Verificada",
                "Contestada",
                "Enganosa",
                "Falsa",
                "Não verificada",
                "Opinião",
            ],
            ["2 afirmações", "1 afirmação"],
            ["Início", "Afirmações"],
        ),
    ];
    for (lang, statuses, counts, links) in cases {
        let dir = lang_site(lang);
        let public = build_ok(dir.path(), &[]);
        let claims = page(&public.join("claims/index.html"));
        assert_eq!(texts(&claims, "#status-key .badge"), statuses, "{lang}");
        let tallies = texts(&claims, "#status-key dd .tally");
        assert_eq!(tallies[..2], counts, "{lang}");
        let nav = texts(&page(&public.join("index.html")), ".site-nav a");
        for link in links {
            assert!(nav.contains(&link.to_string()), "{lang}: {nav:?}");
        }
    }
}

/// French and Portuguese dates, from ICU's data for the language.
#[test]
fn french_and_portuguese_dates() {
    for (lang, day, month) in [
        ("fr", "2 mai 2024", "juin 2024"),
        ("pt", "2 de maio de 2024", "junho de 2024"),
    ] {
        let dir = site(&[
            ("dossier.yaml", &config(lang)),
            ("content/2024/votacion.md", REPORT),
        ]);
        build_ok(dir.path(), &[]);
        let entity = times(dir.path(), "entities/xo/index.html");
        for want in [day, month, "2023"] {
            assert!(
                entity.contains(&want.to_string()),
                "{lang}: {want} not in {entity:?}"
            );
        }
    }
}

/// A site's `i18n/<lang>.yaml` changes strings key by key; the rest stay
/// the built-in ones of the language, and an unknown key is a warning.
#[test]
fn a_site_overrides_strings_key_by_key() {
    let dir = site(&[
        ("dossier.yaml", &config("es")),
        ("content/2024/votacion.md", REPORT),
        (
            "i18n/es.yaml",
            "nav:\n  home: Portada\nclaim_status.verified:\n  label: Comprobada\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let nav = texts(&page(&public.join("index.html")), ".site-nav a");
    assert_eq!(nav[0], "Portada");
    assert!(nav.contains(&"Etiquetas".to_string()), "{nav:?}");
    let badges = texts(
        &page(&public.join("claims/index.html")),
        "#status-key .badge",
    );
    assert_eq!(badges[0], "Comprobada");

    std::fs::write(dir.path().join("i18n/es.yaml"), "nav:\n  hom: Portada\n").unwrap();
    let out = crate::dossier(&["build"], dir.path());
    let err = crate::stderr(&out);
    assert!(
        err.contains("warning[W015]: unknown string `nav.hom`"),
        "{err}"
    );
    assert!(err.contains("did you mean `nav.home`?"), "{err}");
}

/// What the theme adds inside a report's own text and reference speaks
/// the page's language too: the name screen readers give a table's
/// scrolling box, and the quotation marks around the title in "cite this
/// report" (with the full stop where the language puts it).
#[test]
fn markup_around_the_authors_text_is_in_the_sites_language() {
    for (lang, table, title) in [
        ("en", "Table", "“Nueve días sin transbordador.”"),
        ("es", "Tabla", "«Nueve días sin transbordador»."),
        (
            "fr",
            "Tableau",
            "«\u{a0}Nueve días sin transbordador\u{a0}».",
        ),
        ("pt", "Tabela", "“Nueve días sin transbordador”."),
    ] {
        let dir = lang_site(lang);
        let public = build_ok(dir.path(), &[]);
        let html = page(&public.join("2024/cierre/index.html"));
        let labels: Vec<&str> = html
            .select(&sel(".table-wrap"))
            .filter_map(|e| e.value().attr("aria-label"))
            .collect();
        assert_eq!(labels, [table], "{lang}");
        let reference = html
            .select(&sel(".cite-reference"))
            .next()
            .map(|e| e.text().collect::<String>())
            .unwrap_or_default();
        assert!(reference.contains(title), "{lang}: {reference}");
    }
}
