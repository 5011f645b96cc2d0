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
