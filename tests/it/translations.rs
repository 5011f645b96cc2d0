//! Per-language text of entities and sources (`name: {en: …, es: …}`),
//! and the consistency checks between translations (SPEC §9).

use crate::*;

const BILINGUAL: &str =
    "title: Test site\nbase_url: https://example.com/sub/\nlanguages: [en, es]\n";

/// A bilingual site whose report, translated, names two entities: one
/// with a Spanish name and description inline, one with English text only,
/// and cites a source whose title is given per language.
fn bilingual() -> tempfile::TempDir {
    site(&[
        ("dossier.yaml", BILINGUAL),
        (
            "content/entities/ivory-coast.md",
            "---\nname: {en: Ivory Coast, es: Costa de Marfil}\ntype: country\ndescription:\n  en: A country in West Africa.\n  es: Un país de África occidental.\n---\n",
        ),
        (
            "content/entities/port-authority.md",
            "---\nname: Port Authority\ntype: organization\ndescription: The agency that runs the harbour.\n---\n",
        ),
        (
            "content/harbour.md",
            "---\ntitle: Harbour\ndate: 2024-05-02\nentities: {ivory-coast: , port-authority: }\nsources:\n  notice:\n    title: {en: Award notice, es: Aviso de adjudicación}\n    publisher: Port Authority\n---\n[[ivory-coast]] and [[port-authority]] [@notice].\n",
        ),
        (
            "content/harbour.es.md",
            "---\ntitle: Puerto\ndate: 2024-05-02\nentities: {ivory-coast: , port-authority: }\n---\n[[ivory-coast]] y [[port-authority]] [@notice].\n",
        ),
    ])
}

#[test]
fn each_language_shows_its_own_text_and_falls_back_to_the_default() {
    let dir = bilingual();
    let public = build_ok(dir.path(), &[]);
    let en = std::fs::read_to_string(public.join("entities/ivory-coast/index.html")).unwrap();
    let es = std::fs::read_to_string(public.join("es/entities/ivory-coast/index.html")).unwrap();
    assert!(en.contains("Ivory Coast") && en.contains("A country in West Africa."));
    assert!(es.contains("Costa de Marfil") && es.contains("Un país de África occidental."));
    assert!(!es.contains("Ivory Coast"), "{es}");
    let es_port =
        std::fs::read_to_string(public.join("es/entities/port-authority/index.html")).unwrap();
    assert!(es_port.contains("The agency that runs the harbour."));
    let es_report = std::fs::read_to_string(public.join("es/harbour/index.html")).unwrap();
    assert!(es_report.contains("Aviso de adjudicación"), "{es_report}");
    let en_report = std::fs::read_to_string(public.join("harbour/index.html")).unwrap();
    assert!(en_report.contains("Award notice") && !en_report.contains("Aviso"));
}

#[test]
fn a_map_keyed_by_the_language_of_a_site_in_one_language() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://example.com/\nlanguage: es\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-05-02\nentities:\n  ci: {name: {es: Costa de Marfil}}\n---\n[[ci]]\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = std::fs::read_to_string(public.join("entities/ci/index.html")).unwrap();
    assert!(html.contains("Costa de Marfil"));
}

#[test]
fn an_unknown_language_in_a_map_is_an_error_at_its_key() {
    let dir = site(&[
        ("dossier.yaml", BILINGUAL),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-05-02\nentities:\n  ci: {name: {en: Ivory Coast, fr: Côte d'Ivoire}}\n---\n[[ci]]\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E015]: `fr` is not one of the site's languages"),
        "{err}"
    );
    assert!(err.contains("content/a.md:5:32"), "{err}");
}

#[test]
fn a_language_not_listed_in_a_file_name_of_a_site_in_one_language() {
    let dir = site(&[
        ("content/a.md", "---\ntitle: A\ndate: 2024-05-02\n---\nA.\n"),
        (
            "content/a.es.md",
            "---\ntitle: A\ndate: 2024-05-02\n---\nA.\n",
        ),
        (
            "content/v1.2.md",
            "---\ntitle: B\ndate: 2024-05-02\n---\nB.\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert!(
        err.contains("warning[W019]: `es` in this file's name"),
        "{err}"
    );
    assert!(err.contains("--> content/a.es.md"), "{err}");
    assert!(err.contains("`languages: [en, es]`"), "{err}");
    assert_eq!(err.matches("W019").count(), 1, "{err}");
}

/// The `lang` attribute of the first element `selector` finds.
fn lang_of(html: &scraper::Html, selector: &str) -> Option<String> {
    html.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .value()
        .attr("lang")
        .map(str::to_string)
}

#[test]
fn text_that_fell_back_to_another_language_is_marked_with_it() {
    let dir = bilingual();
    let public = build_ok(dir.path(), &[]);
    // No Spanish text: the English name and description, marked English.
    let port = page(&public.join("es/entities/port-authority/index.html"));
    assert_eq!(texts(&port, "h1"), ["Port Authority"]);
    assert_eq!(lang_of(&port, "h1").as_deref(), Some("en"));
    assert_eq!(lang_of(&port, "p.lead").as_deref(), Some("en"));
    // Spanish text: nothing to mark.
    let coast = page(&public.join("es/entities/ivory-coast/index.html"));
    assert_eq!(texts(&coast, "h1"), ["Costa de Marfil"]);
    assert_eq!(lang_of(&coast, "h1"), None);
    assert_eq!(lang_of(&coast, "p.lead"), None);
    // The same on the entity index and in a report's lists.
    let index = page(&public.join("es/entities/index.html"));
    let marked: Vec<(String, Option<String>)> = index
        .select(&sel("a.index-name"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("lang").map(str::to_string),
            )
        })
        .collect();
    assert!(
        marked.contains(&("Port Authority".into(), Some("en".into()))),
        "{marked:?}"
    );
    assert!(
        marked.contains(&("Costa de Marfil".into(), None)),
        "{marked:?}"
    );
    let report = page(&public.join("es/harbour/index.html"));
    assert_eq!(
        lang_of(&report, ".source-title"),
        None,
        "the title is Spanish"
    );
    assert_eq!(lang_of(&report, ".publisher").as_deref(), Some("en"));
    // English pages show English text: nothing is marked.
    let en = page(&public.join("entities/port-authority/index.html"));
    assert_eq!(lang_of(&en, "h1"), None);
    let en_report = page(&public.join("harbour/index.html"));
    assert_eq!(lang_of(&en_report, ".publisher"), None);
}

#[test]
fn a_section_index_borrowed_from_the_default_language_is_marked() {
    let dir = site(&[
        ("dossier.yaml", BILINGUAL),
        (
            "content/ports/_index.md",
            "---\ntitle: Ports\n---\nReports on ports.\n",
        ),
        (
            "content/ports/a.md",
            "---\ntitle: A\ndate: 2024-05-02\n---\nA.\n",
        ),
        (
            "content/ports/a.es.md",
            "---\ntitle: A\ndate: 2024-05-02\n---\nA.\n",
        ),
        ("content/news/_index.md", "---\ntitle: News\n---\nNews.\n"),
        (
            "content/news/_index.es.md",
            "---\ntitle: Noticias\n---\nNoticias.\n",
        ),
        (
            "content/news/b.md",
            "---\ntitle: B\ndate: 2024-05-02\n---\nB.\n",
        ),
        (
            "content/news/b.es.md",
            "---\ntitle: B\ndate: 2024-05-02\n---\nB.\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let ports = page(&public.join("es/ports/index.html"));
    assert_eq!(lang_of(&ports, "h1").as_deref(), Some("en"));
    assert_eq!(lang_of(&ports, ".intro").as_deref(), Some("en"));
    let news = page(&public.join("es/news/index.html"));
    assert_eq!(texts(&news, "h1"), ["Noticias"]);
    assert_eq!(lang_of(&news, "h1"), None);
    assert_eq!(lang_of(&news, ".intro"), None);
}

#[test]
fn a_registry_translation_marks_the_text_it_borrows_from_the_original() {
    let dir = site(&[
        ("dossier.yaml", BILINGUAL),
        (
            "content/entities/colombia.md",
            "---\nname: Colombia\ntype: country\ndescription: A country in South America.\n---\n",
        ),
        (
            "content/entities/colombia.es.md",
            "---\nname: Colombia\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-05-02\nentities: {colombia: }\n---\n[[colombia]]\n",
        ),
        (
            "content/a.es.md",
            "---\ntitle: A\ndate: 2024-05-02\nentities: {colombia: }\n---\n[[colombia]]\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let es = page(&public.join("es/entities/colombia/index.html"));
    assert_eq!(lang_of(&es, "h1"), None, "the name is the translation's");
    assert_eq!(texts(&es, "p.lead"), ["A country in South America."]);
    assert_eq!(lang_of(&es, "p.lead").as_deref(), Some("en"));
}

/// A claim's row names its entities in the page's language; a name that
/// fell back is marked, on the claims index, the timeline and the
/// claim's own page alike.
#[test]
fn entity_names_in_claim_rows_are_marked_when_they_fell_back() {
    let claims = "claims:\n  award:\n    text: {text}\n    status: verified\n    date: 2024-05-01\n    claimant: port-authority\n    entities: [port-authority, ivory-coast]\n";
    let dir = bilingual();
    for (file, text) in [
        ("content/harbour.md", "The berth was awarded."),
        ("content/harbour.es.md", "Se adjudicó el muelle."),
    ] {
        let path = dir.path().join(file);
        let page = std::fs::read_to_string(&path).unwrap();
        let page = page.replacen(
            "---\n",
            &format!("---\n{}", claims.replace("{text}", text)),
            1,
        );
        std::fs::write(&path, page).unwrap();
    }
    let public = build_ok(dir.path(), &[]);
    let marks = |path: &str| -> Vec<(String, Option<String>)> {
        page(&public.join(path))
            .select(&sel(".claim-meta a[href*='entities/']"))
            .map(|a| {
                (
                    a.text().collect(),
                    a.value().attr("lang").map(str::to_string),
                )
            })
            .collect()
    };
    for path in ["es/claims/index.html", "es/timeline/index.html"] {
        let found = marks(path);
        assert!(
            found.contains(&("Port Authority".into(), Some("en".into()))),
            "{path}: {found:?}"
        );
        assert!(
            found.contains(&("Costa de Marfil".into(), None)),
            "{path}: {found:?}"
        );
    }
    // The claim's own page: its claimant and its list of entities.
    let claim = page(&public.join("es/claims/award/index.html"));
    let named: Vec<(String, Option<String>)> = claim
        .select(&sel("dd a[href*='entities/'], #entities a"))
        .map(|a| {
            (
                a.text().collect(),
                a.value().attr("lang").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("Port Authority".into(), Some("en".into())),
            ("Port Authority".into(), Some("en".into())),
            ("Costa de Marfil".into(), None),
        ],
        "{named:?}"
    );
    let en = marks("claims/index.html");
    assert!(en.iter().all(|(_, lang)| lang.is_none()), "{en:?}");
    assert!(en.contains(&("Port Authority".into(), None)), "{en:?}");
}
