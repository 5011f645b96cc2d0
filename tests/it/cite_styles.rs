//! `citation_style`: each citation form and the Sources list in an
//! author-date style (`apa`), a numeric one (`ieee`) and a `.csl` file;
//! `numbered` unchanged.

use crate::*;

const BIB: &str = "@book{Ramirez2024,\n  author = {Ramírez, Ana and Ortega, Luis},\n  title = {Diplomacy in the Andes},\n  publisher = {Andean Press},\n  year = {2024}\n}\n@book{kell2021, author = {Kell, Mara}, title = {Sanctions}, publisher = {P}, year = 2021}\n";

const JSON: &str = "[{\"id\": \"UNEP:2023\", \"type\": \"report\", \"title\": \"Emissions Gap Report 2023\", \"author\": [{\"literal\": \"United Nations Environment Programme\"}], \"publisher\": \"UNEP\", \"issued\": {\"date-parts\": [[2023]]}}]\n";

const FRONT: &str = "sources:\n  mfa:\n    title: Communiqué on relations with Israel\n    author: Ministry of Foreign Affairs\n    publisher: MFA Colombia\n    date: 2024-05-02\n    url: https://example.org/c\n    type: official-statement\n  listed:\n    title: A listed source\n    publisher: Someone\n    date: 2020-01-05\nclaims:\n  severed:\n    text: Relations were severed.\n    status: verified\n    sources: [mfa, Ramirez2024]\n";

const BODY: &str = "[Colombia severed relations](claim:severed) [@mfa, p. 2].\n\nOne [@Ramirez2024].\n\nTwo [see @Ramirez2024, pp. 33-35 and passim].\n\nThree [@Ramirez2024; @UNEP:2023, chap. 4].\n\n@Ramirez2024 [p. 3] says so, and Kell agrees [-@kell2021].\n\n@UNEP:2023 gives the figures.\n\nA note.[^1]\n\n[^1]: Cited in a note [@{UNEP:2023}, para. 4].\n";

fn styled(style: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let config = format!(
        "title: T\nbase_url: https://example.org/sub/\nbibliography: [refs.bib, refs.json]\n{style}"
    );
    let report = format!("---\ntitle: A\ndate: 2024-05-02\n{FRONT}---\n{BODY}");
    let mut files = vec![
        ("dossier.yaml", config.as_str()),
        ("refs.bib", BIB),
        ("refs.json", JSON),
        ("content/a.md", report.as_str()),
    ];
    files.extend_from_slice(extra);
    site(&files)
}

fn report(dir: &tempfile::TempDir) -> scraper::Html {
    let out = build_ok(dir.path(), &[]);
    let text = std::fs::read_to_string(out.join("a/index.html")).unwrap();
    assert!(
        !text.contains('\u{E000}') && !text.contains('\u{E001}'),
        "a citation placeholder was left in the page"
    );
    scraper::Html::parse_document(&text)
}

#[test]
fn author_date_citations_take_every_form() {
    let dir = styled("citation_style: apa\n", &[]);
    let p = report(&dir);
    assert_eq!(
        texts(&p, ".report-body .citation"),
        [
            // A claim span's sources and the citation after it: one citation.
            "(Ministry of Foreign Affairs, 2024, p. 2; Ramírez & Ortega, 2024)",
            "(Ramírez & Ortega, 2024)",
            "(see Ramírez & Ortega, 2024, pp. 33–35 and passim)",
            "(Ramírez & Ortega, 2024; United Nations Environment Programme, 2023, Chapter 4)",
            "Ramírez & Ortega (2024, p. 3)",
            "(2021)",
            "United Nations Environment Programme (2023)",
        ]
    );
    // A citation in a note is formatted too.
    assert_eq!(
        texts(&p, ".note-body .citation"),
        ["(United Nations Environment Programme, 2023, para. 4)"]
    );
    // Each item links to its entry, keeps its back-link target and a
    // tooltip with what was written.
    let links = attrs(&p, ".report-body .citation a", "href");
    assert_eq!(links[0], "#source-mfa");
    assert_eq!(links[1], "#source-ramirez2024");
    assert_eq!(links[5], "#source-unep-2023");
    let ids = attrs(&p, ".report-body .citation a", "id");
    assert_eq!(
        ids[..3],
        ["cite-mfa-1", "cite-ramirez2024-1", "cite-ramirez2024-2"]
    );
    let titles = attrs(&p, ".report-body .citation a", "title");
    assert_eq!(
        titles[3],
        "Diplomacy in the Andes, see pp. 33-35 and passim"
    );
    // The claim keeps its status markup before its citation.
    assert_eq!(texts(&p, ".report-body .claim .claim-status"), ["Verified"]);
    // No superscript numbers are left.
    assert!(texts(&p, ".report-body sup.cite").is_empty());
}

#[test]
fn the_sources_list_is_the_styles_bibliography() {
    let dir = styled("citation_style: apa\n", &[]);
    let p = report(&dir);
    assert_eq!(
        texts(&p, "#sources .csl-entry .csl-text"),
        [
            // Sorted as APA sorts: by author (a title stands in for none).
            "A listed source. (2020, January 5). Someone.",
            "Kell, M. (2021). Sanctions. P.",
            "Ministry of Foreign Affairs. (2024, May 2). Communiqué on relations with Israel. MFA Colombia. https://example.org/c",
            "Ramírez, A., & Ortega, L. (2024). Diplomacy in the Andes. Andean Press.",
            "United Nations Environment Programme. (2023). Emissions Gap Report 2023. UNEP.",
        ]
    );
    // Each entry keeps its anchor, back-links and the source's page.
    assert_eq!(
        attrs(&p, "#sources .csl-entry", "id"),
        [
            "source-listed",
            "source-kell2021",
            "source-mfa",
            "source-ramirez2024",
            "source-unep-2023"
        ]
    );
    let back = attrs(&p, "#source-ramirez2024 .backrefs a", "href");
    assert_eq!(back[0], "#cite-ramirez2024-1");
    assert!(
        back.contains(&"#cite-ramirez2024-4".to_string()),
        "{back:?}"
    );
    assert_eq!(
        attrs(&p, "#source-mfa a.source-page", "href"),
        ["../sources/mfa/"]
    );
    // The Claims section cites the claim's sources in the style's form.
    assert_eq!(
        texts(&p, "#claims .claim-cites .citation"),
        ["(Ministry of Foreign Affairs, 2024; Ramírez & Ortega, 2024)"]
    );
    let claim_ids = attrs(&p, "#claims .claim-cites a", "id");
    assert_eq!(claim_ids, ["cite-mfa-2", "cite-ramirez2024-6"]);
}

#[test]
fn a_numeric_style_numbers_in_citation_order() {
    let dir = styled("citation_style: ieee\n", &[]);
    let p = report(&dir);
    let cites = texts(&p, ".report-body .citation");
    assert_eq!(cites[0], "[1, p. 2], [2]");
    assert_eq!(cites[1], "[2]");
    // In the text: the author, then the number.
    assert_eq!(cites[4], "A. Ramírez and L. Ortega [2, p. 3]");
    let entries = texts(&p, "#sources .csl-entry .csl-text");
    assert!(entries[0].starts_with("[1]"), "{entries:?}");
    assert!(entries[0].contains("Communiqué"), "{entries:?}");
}

#[test]
fn a_csl_file_relative_to_the_site() {
    let csl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n  <info><title>House</title><id>house</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n  <citation><layout prefix=\"[\" suffix=\"]\" delimiter=\"; \"><text variable=\"title\"/></layout></citation>\n  <bibliography><layout><text variable=\"title\" font-style=\"italic\"/><text prefix=\", \" variable=\"publisher\"/></layout></bibliography>\n</style>\n";
    let dir = styled(
        "citation_style: styles/house.csl\n",
        &[("styles/house.csl", csl)],
    );
    let p = report(&dir);
    assert_eq!(
        texts(&p, ".report-body .citation")[1],
        "[Diplomacy in the Andes]"
    );
    assert_eq!(
        texts(&p, "#source-ramirez2024 .csl-text i"),
        ["Diplomacy in the Andes"]
    );
}

#[test]
fn the_sites_language_picks_the_styles_terms() {
    let dir = styled("citation_style: chicago-author-date\nlanguage: es\n", &[]);
    let p = report(&dir);
    // Spanish terms: "y" between two authors, "cap." for a chapter.
    assert_eq!(
        texts(&p, ".report-body .citation")[3],
        "(Ramírez y Ortega 2024; United Nations Environment Programme 2023, cap. 4)"
    );
}

#[test]
fn numbered_is_the_default_and_unchanged() {
    let default = styled("", &[]);
    let named = styled("citation_style: numbered\n", &[]);
    let a = std::fs::read_to_string(build_ok(default.path(), &[]).join("a/index.html")).unwrap();
    let b = std::fs::read_to_string(build_ok(named.path(), &[]).join("a/index.html")).unwrap();
    assert_eq!(a, b);
    let p = scraper::Html::parse_document(&a);
    assert_eq!(texts(&p, ".report-body sup.cite")[1], "2");
    assert!(texts(&p, ".citation").is_empty());
    assert_eq!(texts(&p, "ol.source-list > li").len(), 5);
}

#[test]
fn a_dependent_csl_file_uses_its_bundled_parent() {
    let csl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\" default-locale=\"en-US\">\n  <info>\n    <title>Dep</title>\n    <id>http://www.zotero.org/styles/dep</id>\n    <link href=\"http://www.zotero.org/styles/dep\" rel=\"self\"/>\n    <link href=\"http://www.zotero.org/styles/apa\" rel=\"independent-parent\"/>\n    <category citation-format=\"author-date\"/>\n    <updated>2024-01-01T00:00:00+00:00</updated>\n  </info>\n</style>\n";
    let dir = styled("citation_style: dep.csl\n", &[("dep.csl", csl)]);
    let p = report(&dir);
    assert_eq!(
        texts(&p, ".report-body .citation")[1],
        "(Ramírez & Ortega, 2024)"
    );
}
