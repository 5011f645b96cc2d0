//! Bibliography files: each format end to end, cited-only pages, keys
//! that are not ids, and the fields a bibliography adds.

use crate::*;

const CONFIG_BIB: &str = "title: Test site\nbase_url: https://example.com/sub/\nbibliography: [refs/library.bib, refs.json, refs.yaml]\n";

const BIB: &str = "@article{ramirez2024,\n  author = {Ramírez, Ana and Kell, Bo},\n  editor = {Doe, Jo},\n  title = {Water and {UN} reports},\n  journaltitle = {Environmental Policy},\n  volume = {12}, number = {3}, pages = {10--20},\n  date = {2024-05-02},\n  doi = {10.1000/xyz},\n  url = {https://example.org/water},\n  note = {In press}\n}\n@book{never-cited, title = {A book nobody cites}, year = 2001}\n";

const JSON: &str = "[\n  {\"id\": \"UNEP:2023\", \"type\": \"report\", \"title\": \"Emissions Gap Report 2023\",\n   \"publisher\": \"UNEP\", \"issued\": {\"date-parts\": [[2023, 11]]}},\n  {\"id\": \"K&R<1978>x\", \"type\": \"book\", \"title\": \"The C <Programming> Language\"}\n]\n";

const YAML: &str = "references:\n- id: Smith/2020\n  type: legal_case\n  title: Smith v. State\n  issued: 2020-03-04\n- id: csl-yaml-entry\n  type: dataset\n  title: A dataset\n  author:\n  - family: Lee\n    given: Min\n";

fn bib_site(body: &str, claims: &str) -> tempfile::TempDir {
    site(&[
        ("dossier.yaml", CONFIG_BIB),
        ("refs/library.bib", BIB),
        ("refs.json", JSON),
        ("refs.yaml", YAML),
        (
            "content/a.md",
            &format!("---\ntitle: A\ndate: 2024-01-02\n{claims}---\n{body}\n"),
        ),
    ])
}

#[test]
fn every_format_makes_sources_with_all_their_fields() {
    let dir = bib_site(
        "Water [@ramirez2024, p. 12]. Data [@csl-yaml-entry].",
        "claims:\n  gap:\n    text: The gap is wide.\n    status: verified\n    sources: [UNEP:2023, Smith/2020]\n",
    );
    let out = build_ok(dir.path(), &[]);
    // BibTeX.
    let p = page(&out.join("sources/ramirez2024/index.html"));
    let details = texts(&p, ".source-details dd").join(" | ");
    for want in [
        "Ana Ramírez, Bo Kell",
        "Jo Doe",
        "Environmental Policy",
        "12",
        "3",
        "10–20",
        "10.1000/xyz",
        "In press",
    ] {
        assert!(details.contains(want), "{want} missing in {details}");
    }
    assert_eq!(attrs(&p, "a.doi", "href"), ["https://doi.org/10.1000/xyz"]);
    assert_eq!(texts(&p, "h1"), ["Water and UN reports"]);
    // The report's Sources list shows them too.
    let r = page(&out.join("a/index.html"));
    let list = texts(&r, "#sources li").join(" ");
    assert!(list.contains("Environmental Policy"), "{list}");
    assert!(list.contains("vol. 12, no. 3, pp. 10–20"), "{list}");
    assert!(list.contains("doi:10.1000/xyz"), "{list}");
    // CSL-JSON, with a key that is not an id: its page is its folded slug.
    let p = page(&out.join("sources/unep-2023/index.html"));
    assert_eq!(texts(&p, "h1"), ["Emissions Gap Report 2023"]);
    assert!(
        texts(&p, ".source-details dd")
            .join(" ")
            .contains("2023-11")
    );
    // CSL-YAML, with `/` in its key and a court record.
    let p = page(&out.join("sources/smith-2020/index.html"));
    assert_eq!(texts(&p, "h1"), ["Smith v. State"]);
    assert!(texts(&p, ".kicker").join("").contains("Court"));
    assert!(out.join("sources/csl-yaml-entry/index.html").exists());
    // Links to the folded pages work from the claim.
    let claims = std::fs::read_to_string(out.join("claims/index.html")).unwrap();
    assert!(claims.contains("sources/unep-2023/"), "{claims}");
}

#[test]
fn only_cited_entries_get_pages_and_none_warns() {
    let dir = bib_site("Water [@ramirez2024].", "");
    let out = dossier(&["build", "--strict"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let public = dir.path().join("public");
    assert!(public.join("sources/ramirez2024/index.html").exists());
    assert!(!public.join("sources/never-cited").exists());
    assert!(!public.join("sources/unep-2023").exists());
    let index = std::fs::read_to_string(public.join("sources/index.html")).unwrap();
    assert!(!index.contains("A book nobody cites"));
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let sources = data["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 1, "{sources:?}");
    assert_eq!(sources[0]["id"], "ramirez2024");
    assert_eq!(
        sources[0]["bibliography"]["container-title"],
        "Environmental Policy"
    );
    assert_eq!(sources[0]["bibliography"]["DOI"], "10.1000/xyz");
    // Standard CSL-JSON, as Pandoc and Zotero read it.
    assert_eq!(
        sources[0]["bibliography"]["issued"],
        serde_json::json!({"date-parts": [[2024, 5, 2]]})
    );
    assert_eq!(
        sources[0]["bibliography"]["author"][0],
        serde_json::json!({"family": "Ramírez", "given": "Ana"})
    );
}

#[test]
fn unknown_keys_are_suggested_from_bibliographies() {
    let dir = bib_site("Water [@ramirez2042].", "");
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("did you mean `ramirez2024`?"), "{err}");
}

#[test]
fn a_missing_bibliography_file_is_named_in_the_configuration() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://e.org/\nbibliography: [refs.bib, gone.bib]\n",
        ),
        ("refs.bib", "@misc{a, title = {A}}\n"),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\n[@a]\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E024]: the bibliography file `gone.bib` cannot be read"),
        "{err}"
    );
    assert!(err.contains("dossier.yaml:3:26"), "{err}");

    // A block list after a comment: the item itself, as YAML reads it.
    std::fs::write(
        dir.path().join("dossier.yaml"),
        "title: T\nbase_url: https://e.org/\nbibliography:   # ours\n  - refs.bib\n  - gone.bib\n",
    )
    .unwrap();
    let err = stderr(&dossier(&["check"], dir.path()));
    assert!(err.contains("dossier.yaml:5:5"), "{err}");
}

#[test]
fn capitalised_keys_are_found_and_suggested() {
    // Listed under `sources:` as references and under a claim's `sources`;
    // a misspelt key gets the key with its capitals as a suggestion.
    let dir = bib_site(
        "Body.",
        "sources:\n  UNEP:2023:\n  Smith/2020:\nclaims:\n  gap:\n    text: The gap is wide.\n    status: verified\n    sources: [unep:2023]\n",
    );
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert!(err.contains("unknown source `unep:2023`"), "{err}");
    assert!(err.contains("did you mean `UNEP:2023`?"), "{err}");
    assert!(!err.contains("E007"), "{err}");

    let dir = bib_site("Body.", "sources:\n  UNEP:2023:\n  Smith/2020:\n");
    let out = build_ok(dir.path(), &[]);
    let r = page(&out.join("a/index.html"));
    assert_eq!(
        attrs(&r, "#sources a.source-page", "href"),
        ["../sources/unep-2023/", "../sources/smith-2020/"]
    );
    assert_eq!(
        attrs(&r, "#sources li", "id"),
        ["source-unep-2023", "source-smith-2020"]
    );
}

#[test]
fn a_key_with_markup_characters_is_escaped_everywhere() {
    let dir = bib_site(
        "Body.",
        "claims:\n  c:\n    text: C is old.\n    status: verified\n    sources: [\"K&R<1978>x\"]\n",
    );
    let out = build_ok(dir.path(), &[]);
    let p = page(&out.join("sources/k-r-1978-x/index.html"));
    assert_eq!(texts(&p, "h1"), ["The C <Programming> Language"]);
    let r = page(&out.join("a/index.html"));
    assert_eq!(attrs(&r, "#sources li", "id"), ["source-k-r-1978-x"]);
    assert_eq!(
        attrs(&r, "#claims sup.cite a, #claims a[href^='#source']", "href")
            .first()
            .map(String::as_str),
        Some("#source-k-r-1978-x")
    );
}

#[test]
fn a_key_in_two_bibliography_files_names_both() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://e.org/\nbibliography: [a.bib, b.json]\n",
        ),
        ("a.bib", "@misc{Lee2020, title = {One}}\n"),
        ("b.json", "[{\"id\": \"Lee2020\", \"title\": \"Two\"}]\n"),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E005]: source `Lee2020` is defined twice"),
        "{err}"
    );
    assert!(err.contains("b.json:1:10"), "{err}");
    assert!(err.contains("a.bib:1:7"), "{err}");
}
