//! `dossier init --language`: a new site that reads in its language from
//! the first build, theme and example content alike.

use crate::languages::english_labels_left;
use crate::*;

/// `init DIR --language TAG` in a fresh folder; the site's folder and
/// what init printed.
fn init(lang: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["init", "site", "--language", lang], dir.path());
    assert!(out.status.success(), "{lang}: {}", stderr(&out));
    let root = dir.path().join("site");
    (dir, root, stderr(&out))
}

#[test]
fn a_site_started_in_a_shipped_language_builds_strict_with_no_english_left() {
    for (lang, report, title, home, status) in [
        (
            "es",
            "ampliacion-del-puerto",
            "El concejo aprueba la ampliación del puerto en una votación dividida",
            "Inicio",
            "Verificada",
        ),
        (
            "fr",
            "extension-du-port",
            "Le conseil approuve l’extension du port après un vote serré",
            "Accueil",
            "Vérifiée",
        ),
        (
            "pt",
            "ampliacao-do-porto",
            "Câmara aprova a ampliação do porto numa votação dividida",
            "Início",
            "Verificada",
        ),
    ] {
        let (_dir, root, said) = init(lang);
        assert!(!said.contains("note:"), "{lang}: {said}");
        let config = std::fs::read_to_string(root.join("dossier.yaml")).unwrap();
        assert!(config.contains(&format!("\nlanguage: {lang} ")), "{config}");
        assert!(!config.contains("My Reports"), "{config}");
        assert!(!config.contains("Annotated reports"), "{config}");
        // --strict: a warning would fail the build.
        let out = dossier(&["build", "--strict"], &root);
        assert!(out.status.success(), "{lang}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("warning"),
            "{lang}: {}",
            stderr(&out)
        );
        let public = root.join("public");
        let page_of_report = page(&public.join(report).join("index.html"));
        assert_eq!(attrs(&page_of_report, "html", "lang"), [lang]);
        assert_eq!(texts(&page_of_report, "h1"), [title], "{lang}");
        let badges = texts(&page_of_report, ".badge");
        assert!(badges.contains(&status.to_string()), "{lang}: {badges:?}");
        let nav = texts(&page(&public.join("index.html")), ".site-nav a");
        assert!(nav.contains(&home.to_string()), "{lang}: {nav:?}");
        let (pages, found) = english_labels_left(&public, lang);
        assert!(pages > 10, "{lang}: {pages} pages");
        assert!(
            found.is_empty(),
            "{lang}: English left:\n{}",
            found.join("\n")
        );
        // No English left in the example content either.
        for english in ["Harbour", "council", "Council"] {
            let home = std::fs::read_to_string(public.join("index.html")).unwrap();
            assert!(!home.contains(english), "{lang}: {english}");
        }
    }
}

#[test]
fn a_region_keeps_its_tag_and_gets_the_languages_example() {
    let (_dir, root, _) = init("pt-BR");
    let config = std::fs::read_to_string(root.join("dossier.yaml")).unwrap();
    assert!(config.contains("\nlanguage: pt-BR "), "{config}");
    assert!(root.join("content/ampliacao-do-porto/index.md").exists());
    let public = build_ok(&root, &["--strict"]);
    let html = page(&public.join("ampliacao-do-porto/index.html"));
    assert_eq!(attrs(&html, "html", "lang"), ["pt-BR"]);
}

#[test]
fn another_language_gets_english_content_and_a_note() {
    let (_dir, root, said) = init("de");
    assert!(
        said.contains("note: the default theme has no strings in `de`"),
        "{said}"
    );
    assert!(said.contains("i18n/de.yaml"), "{said}");
    let config = std::fs::read_to_string(root.join("dossier.yaml")).unwrap();
    assert!(config.contains("\nlanguage: de "), "{config}");
    assert!(root.join("content/harbour-expansion/index.md").exists());
    // It builds; the labels it lacks are a warning, not an error.
    let public = build_ok(&root, &[]);
    let html = page(&public.join("harbour-expansion/index.html"));
    assert_eq!(attrs(&html, "html", "lang"), ["de"]);
}

#[test]
fn a_malformed_tag_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["init", "site", "--language", "español"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `español` is not a language tag: write a language code, with a region if needed (`es`, `fr`, `pt-BR`)\n"
    );
    assert!(!dir.path().join("site").exists());
}

#[test]
fn english_is_the_default() {
    let (_dir, root, said) = init("en");
    assert!(!said.contains("note:"), "{said}");
    let config = std::fs::read_to_string(root.join("dossier.yaml")).unwrap();
    assert!(config.contains("\nlanguage: en "), "{config}");
    build_ok(&root, &["--strict"]);
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier(&["init", "site"], dir.path()).status.success());
    let plain = std::fs::read_to_string(dir.path().join("site/dossier.yaml")).unwrap();
    assert_eq!(plain, config);
}
