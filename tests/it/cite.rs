//! "Cite this": every source page offers the source as BibTeX and
//! CSL-JSON (on the page and as files beside it), and every report page
//! says how to cite it and carries Highwire `citation_*` meta tags. What is
//! written is read back with the `biblatex` crate and `serde_json` and
//! compared field by field with what went in.

use std::path::Path;

use biblatex::{Bibliography, ChunksExt, Entry};
use serde_json::{Value, json};

use crate::*;

/// The one entry of an emitted `.bib` file, read back.
fn read_bib(path: &Path) -> Entry {
    let text = std::fs::read_to_string(path).unwrap();
    let bib = Bibliography::parse(&text).unwrap_or_else(|e| panic!("{e:?} in\n{text}"));
    assert_eq!(bib.len(), 1, "{text}");
    bib.into_vec().remove(0)
}

/// A field of an entry as text.
fn field(entry: &Entry, name: &str) -> String {
    entry
        .get(name)
        .map(|c| c.format_verbatim())
        .unwrap_or_else(|| panic!("no `{name}` in {}", entry.to_biblatex_string()))
}

/// The one item of an emitted CSL-JSON file, read back.
fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let items = json.as_array().expect("a CSL-JSON file is an array");
    assert_eq!(items.len(), 1);
    items[0].clone()
}

/// The page shows the same text as the files, and links to them.
/// `heading` is the block's heading in the site's language.
fn check_block(dir: &Path, heading: &str, bib: &str, json: &str) {
    let p = page(&dir.join("index.html"));
    assert_eq!(texts(&p, "#cite-this h2"), [heading]);
    assert_eq!(
        attrs(&p, "#cite-this a[download]", "href"),
        [bib.to_string(), json.to_string()]
    );
    let code = texts(&p, "#cite-this pre code");
    let file = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert_eq!(code, [file(bib).trim(), file(json).trim()]);
}

const TRICKY: &str = "R&D {budgets} at 50% — #1 for C_2 at $5 ~ Zürich";

#[test]
fn a_front_matter_source_as_bibtex_and_csl_json() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: Test site\nbase_url: https://example.com/\n",
        ),
        (
            "content/a.md",
            &format!(
                "---\ntitle: A\ndate: 2024-01-02\nsources:\n  port-data:\n    title: \"{TRICKY}\"\n    author: Harbour Authority of Zürich\n    publisher: Port & Co\n    date: 2024-05-02\n    accessed: 2024-05-03T10:00:00+02:00\n    url: https://example.org/port?a=1&b=50%25#x\n    type: dataset\n  undated-letter:\n    title: A letter\n---\nSee [@port-data] and [@undated-letter].\n"
            ),
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    let folder = out.join("sources/port-data");
    check_block(&folder, "Cite this source", "source.bib", "source.json");

    let e = read_bib(&folder.join("source.bib"));
    assert_eq!(e.key, "port-data");
    assert_eq!(e.entry_type.to_string(), "dataset");
    assert_eq!(field(&e, "title"), TRICKY);
    // A literal name: BibTeX does not split it into given and family names.
    let authors = e.author().unwrap();
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].name, "Harbour Authority of Zürich");
    assert_eq!(authors[0].given_name, "");
    assert_eq!(field(&e, "publisher"), "Port & Co");
    assert_eq!(field(&e, "date"), "2024-05-02");
    assert_eq!(field(&e, "urldate"), "2024-05-03");
    assert_eq!(field(&e, "url"), "https://example.org/port?a=1&b=50%25#x");
    // Non-ASCII is kept as UTF-8, not turned into TeX accents.
    let text = std::fs::read_to_string(folder.join("source.bib")).unwrap();
    assert!(text.contains("Zürich"), "{text}");
    assert!(text.contains(r"R\&D \{budgets\} at 50\%"), "{text}");

    let j = read_json(&folder.join("source.json"));
    assert_eq!(j["id"], "port-data");
    assert_eq!(j["type"], "dataset");
    assert_eq!(j["title"], TRICKY);
    assert_eq!(
        j["author"],
        json!([{"literal": "Harbour Authority of Zürich"}])
    );
    assert_eq!(j["publisher"], "Port & Co");
    assert_eq!(j["issued"], json!({"date-parts": [[2024, 5, 2]]}));
    assert_eq!(j["accessed"], json!({"date-parts": [[2024, 5, 3]]}));
    assert_eq!(j["URL"], "https://example.org/port?a=1&b=50%25#x");

    // Without a URL or a type, a source is a document, BibLaTeX's `@misc`.
    let e = read_bib(&out.join("sources/undated-letter/source.bib"));
    assert_eq!(e.entry_type.to_string(), "misc");
    assert_eq!(field(&e, "title"), "A letter");
    let j = read_json(&out.join("sources/undated-letter/source.json"));
    assert_eq!(
        j,
        json!({"id": "undated-letter", "type": "document", "title": "A letter"})
    );
}

#[test]
fn a_news_article_is_a_newspaper_article_with_its_url_and_urldate() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: Test site\nbase_url: https://example.com/\n",
        ),
        (
            "content/sources/story.md",
            "---\ntitle: Port reopens\npublisher: Daily Tide\nurl: https://example.org/story\naccessed: 2024-06-01\ntype: article\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\nsources:\n  story:\n---\nSee [@story].\n",
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    // The outlet is the container, as CSL styles show it; BibLaTeX keeps
    // the kind of article in `entrysubtype`.
    let e = read_bib(&out.join("sources/story/source.bib"));
    assert_eq!(e.entry_type.to_string(), "article");
    assert_eq!(field(&e, "journaltitle"), "Daily Tide");
    assert_eq!(field(&e, "entrysubtype"), "newspaper");
    assert_eq!(field(&e, "url"), "https://example.org/story");
    assert_eq!(field(&e, "urldate"), "2024-06-01");
}

/// A `.bib` entry with fields dossier reads and fields it does not, TeX
/// escapes and accents, a protected word and an abbreviation.
const BIB: &str = r#"@string{tp = {Tide Press}}
@article{Ramirez2024,
  author = {Ram{\'i}rez, Ana and Kell, Bo and {World Health Organization}},
  title = {Water \& {UN} reports: 50\% of C\_2},
  journaltitle = {Environmental Policy},
  publisher = tp,
  volume = {12}, number = {3}, pages = {10--20},
  date = {2024-05-02},
  doi = {10.1000/xyz_1},
  url = {https://example.org/water?x=1&y=2%20z},
  isbn = {978-3-16-148410-0},
  keywords = {water, policy},
  file = {papers/ramirez.pdf},
  note = {In press}
}
"#;

#[test]
fn a_bib_entry_round_trips_its_fields() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: Test site\nbase_url: https://example.com/\nbibliography: refs.bib\n",
        ),
        ("refs.bib", BIB),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nWater [@Ramirez2024, p. 3].\n",
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    let folder = out.join("sources/ramirez2024");
    check_block(&folder, "Cite this source", "source.bib", "source.json");

    let original = Bibliography::parse(BIB).unwrap().into_vec().remove(0);
    let back = read_bib(&folder.join("source.bib"));
    assert_eq!(back.key, "Ramirez2024");
    assert_eq!(back.entry_type, original.entry_type);
    let names = |e: &Entry| e.fields.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&back), names(&original));
    for (name, chunks) in &original.fields {
        assert_eq!(
            field(&back, name),
            chunks.format_verbatim(),
            "field `{name}`"
        );
    }
    assert_eq!(field(&back, "title"), "Water & UN reports: 50% of C_2");
    assert_eq!(field(&back, "publisher"), "Tide Press");
    assert_eq!(back.author().unwrap()[0].name, "Ramírez");
    assert_eq!(back.author().unwrap()[2].name, "World Health Organization");
    // Written as UTF-8, with the protected word still in braces.
    let text = std::fs::read_to_string(folder.join("source.bib")).unwrap();
    assert!(text.contains('í') && !text.contains(r"\'"), "{text}");
    assert!(text.contains("{UN}"), "{text}");

    // CSL-JSON: the entry as dossier maps it, the form Pandoc reads.
    let j = read_json(&folder.join("source.json"));
    assert_eq!(j["id"], "Ramirez2024");
    assert_eq!(j["type"], "article-journal");
    assert_eq!(j["title"], "Water & UN reports: 50% of C_2");
    assert_eq!(j["author"][0], json!({"family": "Ramírez", "given": "Ana"}));
    assert_eq!(j["container-title"], "Environmental Policy");
    assert_eq!(j["issue"], "3");
    assert_eq!(j["page"], "10–20");
    assert_eq!(j["DOI"], "10.1000/xyz_1");
    assert_eq!(j["issued"], json!({"date-parts": [[2024, 5, 2]]}));
}

#[test]
fn a_csl_json_entry_round_trips() {
    let item = json!({
        "id": "UNEP:2023",
        "type": "report",
        "title": "Emissions Gap Report 2023: Broken Record",
        "author": [{"family": "Olhoff", "given": "Anne"}, {"literal": "UNEP"}],
        "publisher": "United Nations Environment Programme",
        "publisher-place": "Nairobi",
        "issued": {"date-parts": [[2023, 11, 20]]},
        "URL": "https://www.unep.org/resources/emissions-gap-report-2023",
        "DOI": "10.59117/20.500.11822/43922",
        "note": "Fourteenth edition"
    });
    let dir = site(&[
        (
            "dossier.yaml",
            "title: Test site\nbase_url: https://example.com/\nbibliography: refs.json\n",
        ),
        ("refs.json", &serde_json::to_string(&json!([item])).unwrap()),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nGap [@UNEP:2023].\n",
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    let folder = out.join("sources/unep-2023");
    check_block(&folder, "Cite this source", "source.bib", "source.json");
    // The item comes back as it was given.
    assert_eq!(read_json(&folder.join("source.json")), item);
    // And as BibLaTeX: a report, its publisher the institution.
    let e = read_bib(&folder.join("source.bib"));
    assert_eq!(e.key, "UNEP:2023");
    assert_eq!(e.entry_type.to_string(), "report");
    assert_eq!(field(&e, "title"), item["title"]);
    let authors = e.author().unwrap();
    assert_eq!(
        (authors[0].name.as_str(), authors[0].given_name.as_str()),
        ("Olhoff", "Anne")
    );
    assert_eq!(authors[1].name, "UNEP");
    assert_eq!(field(&e, "institution"), item["publisher"]);
    assert_eq!(field(&e, "location"), "Nairobi");
    assert_eq!(field(&e, "date"), "2023-11-20");
    assert_eq!(field(&e, "url"), item["URL"]);
    assert_eq!(field(&e, "doi"), item["DOI"]);
    assert_eq!(field(&e, "note"), item["note"]);
}

#[test]
fn a_report_says_how_to_cite_it_and_carries_highwire_tags() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: Field Reports\nbase_url: https://example.com/sub/\nlanguage: es\nbibliography: refs.bib\n",
        ),
        ("refs.bib", BIB),
        (
            "content/2024/port.md",
            "---\ntitle: \"Port strike: what we know\"\ndate: 2024-05-02\nupdated: 2024-05-09\nauthors: [Ana Ruiz, Bo Kell]\nsummary: The strike in brief.\nsources:\n  notice:\n    title: \"Strike notice; final\"\n    publisher: Dockers' Union\n    date: 2024-04-30\n  listed-only:\n    title: Listed only\n---\nThe strike [@Ramirez2024; @notice].\n",
        ),
        (
            "content/2024/plain.md",
            "---\ntitle: Plain\ndate: 2024-06-01T09:30:00+02:00\n---\nNo authors.\n",
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    let folder = out.join("2024/port");
    let p = page(&folder.join("index.html"));
    let meta = |name: &str| attrs(&p, &format!("head meta[name=\"{name}\"]"), "content");
    assert_eq!(meta("citation_title"), ["Port strike: what we know"]);
    assert_eq!(meta("citation_author"), ["Ana Ruiz", "Bo Kell"]);
    assert_eq!(meta("citation_publication_date"), ["2024/05/02"]);
    assert_eq!(meta("dcterms.modified"), ["2024-05-09"]);
    assert_eq!(meta("citation_publisher"), ["Field Reports"]);
    assert_eq!(meta("citation_language"), ["es"]);
    let url = "https://example.com/sub/2024/port/";
    assert_eq!(meta("citation_public_url"), [url]);
    assert_eq!(meta("citation_abstract_html_url"), [url]);
    // One reference per source, in the order of the Sources list.
    assert_eq!(
        meta("citation_reference"),
        [
            "citation_title=Water & UN reports: 50% of C_2; citation_author=Ramírez, Ana; \
             citation_author=Kell, Bo; citation_author=World Health Organization; \
             citation_publication_date=2024/05/02; citation_journal_title=Environmental Policy; \
             citation_publisher=Tide Press; citation_volume=12; citation_issue=3; \
             citation_doi=10.1000/xyz_1; citation_firstpage=10; citation_lastpage=20",
            "citation_title=Strike notice, final; citation_publication_date=2024/04/30; \
             citation_publisher=Dockers' Union",
            "citation_title=Listed only",
        ]
    );

    // The reference on the page, and the two formats.
    // The site is in Spanish: so is the heading.
    check_block(
        &folder,
        "Cómo citar este informe",
        "citation.bib",
        "citation.json",
    );
    // The date in the site's language (`es`).
    assert_eq!(
        texts(&p, "#cite-this .cite-reference"),
        [format!(
            "Ana Ruiz, Bo Kell. «Port strike: what we know». Field Reports, 2 de mayo de 2024. {url}"
        )]
    );
    let e = read_bib(&folder.join("citation.bib"));
    assert_eq!(e.entry_type.to_string(), "online");
    assert_eq!(e.key, "2024-port");
    assert_eq!(field(&e, "title"), "Port strike: what we know");
    let authors: Vec<String> = e.author().unwrap().into_iter().map(|a| a.name).collect();
    assert_eq!(authors, ["Ana Ruiz", "Bo Kell"]);
    assert_eq!(field(&e, "date"), "2024-05-02");
    assert_eq!(field(&e, "url"), url);
    assert_eq!(field(&e, "journaltitle"), "Field Reports");
    let j = read_json(&folder.join("citation.json"));
    assert_eq!(j["type"], "webpage");
    assert_eq!(
        j["author"],
        json!([{"literal": "Ana Ruiz"}, {"literal": "Bo Kell"}])
    );
    assert_eq!(j["container-title"], "Field Reports");
    assert_eq!(j["issued"], json!({"date-parts": [[2024, 5, 2]]}));
    assert_eq!(j["URL"], url);
    assert_eq!(j["language"], "es");
    assert_eq!(j["abstract"], "The strike in brief.");

    // A report without authors is cited as the site's; its date is the
    // author's own day, and it has no sources and no later update.
    let p = page(&out.join("2024/plain/index.html"));
    let meta = |name: &str| attrs(&p, &format!("head meta[name=\"{name}\"]"), "content");
    assert_eq!(meta("citation_author"), ["Field Reports"]);
    assert_eq!(meta("citation_publication_date"), ["2024/06/01"]);
    assert!(meta("dcterms.modified").is_empty());
    assert!(meta("citation_reference").is_empty());
}
