//! Search (SPEC §5.1): the index Pagefind's library writes into each
//! language's folder, what it holds, and the search page.

use std::path::Path;

use crate::*;

/// Every record of an index as JSON: Pagefind's fragment files, gzipped,
/// each `pagefind_dcd` and a JSON object with the record's `url`,
/// `content`, `meta` and `filters`.
fn records(index: &Path) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(index.join("fragment")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
            .unwrap();
        let json = text.strip_prefix("pagefind_dcd").unwrap_or(&text);
        out.push(serde_json::from_str(json).unwrap());
    }
    out
}

fn urls(records: &[serde_json::Value]) -> Vec<String> {
    let mut urls: Vec<String> = records
        .iter()
        .map(|r| r["url"].as_str().unwrap_or_default().to_string())
        .collect();
    urls.sort();
    urls
}

const REPORT: &str = "---\ntitle: Harbour dredging resumes\ndate: 2024-05-02\ntags: [ports]\nentities:\n  kell: {name: Ana Kell, type: person}\nsources:\n  log: {title: Berth log, type: dataset}\nclaims:\n  dredging-resumed:\n    text: Dredging resumed in May\n    status: verified\n    sources: [log]\n---\nAna Kell said the dredgers were back [@log].\n";

#[test]
fn every_kind_of_record_is_indexed_with_its_facets() {
    let dir = site(&[("content/2024/a.md", REPORT)]);
    let public = build_ok(dir.path(), &[]);
    let index = public.join("search/pagefind");
    for file in ["pagefind.js", "pagefind-entry.json", "wasm.en.pagefind"] {
        assert!(index.join(file).is_file(), "{file}");
    }
    // Pagefind's ready-made interfaces are not published.
    assert!(!index.join("pagefind-ui.js").exists());
    let all = records(&index);
    assert_eq!(
        urls(&all),
        [
            "2024/a/",
            "claims/dredging-resumed/",
            "entities/kell/",
            "sources/log/"
        ]
    );
    let claim = all
        .iter()
        .find(|r| r["url"] == "claims/dredging-resumed/")
        .unwrap();
    assert_eq!(claim["meta"]["status"], "verified");
    assert_eq!(claim["meta"]["status_label"], "Verified");
    assert_eq!(claim["filters"]["status"], serde_json::json!(["Verified"]));
    let report = all.iter().find(|r| r["url"] == "2024/a/").unwrap();
    assert_eq!(report["filters"]["tag"], serde_json::json!(["ports"]));
    assert_eq!(report["filters"]["year"], serde_json::json!(["2024"]));
    assert_eq!(report["filters"]["entity"], serde_json::json!(["Ana Kell"]));
    assert!(
        report["content"]
            .as_str()
            .unwrap()
            .contains("the dredgers were back"),
        "{report}"
    );
    let entity = all.iter().find(|r| r["url"] == "entities/kell/").unwrap();
    assert_eq!(
        entity["filters"]["entity_type"],
        serde_json::json!(["Person"])
    );
    let source = all.iter().find(|r| r["url"] == "sources/log/").unwrap();
    assert_eq!(
        source["filters"]["source_type"],
        serde_json::json!(["Dataset"])
    );
}

#[test]
fn each_language_has_its_own_index_of_its_own_records() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://example.com/\nlanguages: [en, es]\n",
        ),
        ("content/2024/a.md", REPORT),
        (
            "content/2024/a.es.md",
            "---\ntitle: Se reanuda el dragado\ndate: 2024-05-02\n---\nLas dragas volvieron.\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let en = public.join("search/pagefind");
    let es = public.join("es/search/pagefind");
    let entry: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(es.join("pagefind-entry.json")).unwrap())
            .unwrap();
    assert!(entry["languages"].get("es").is_some(), "{entry}");
    assert!(es.join("wasm.es.pagefind").is_file());
    assert!(en.join("wasm.en.pagefind").is_file());
    let spanish = records(&es);
    let report = spanish.iter().find(|r| r["url"] == "2024/a/").unwrap();
    assert!(
        report["content"]
            .as_str()
            .unwrap()
            .contains("Las dragas volvieron"),
        "{report}"
    );
    assert!(
        records(&en)
            .iter()
            .all(|r| !r["content"].as_str().unwrap_or_default().contains("dragas"))
    );
    // Each language's search page, in its language, reads its own index.
    let page_es = page(&public.join("es/search/index.html"));
    assert_eq!(
        attrs(&page_es, "#search-form", "data-index"),
        ["../search/pagefind/"]
    );
    assert_eq!(texts(&page_es, "h1"), ["Buscar"]);
}

#[test]
fn drafts_are_indexed_only_with_the_flag() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let index = public.join("search/pagefind");
    assert!(!urls(&records(&index)).contains(&"2024/draft-notes/".to_string()));
    let public = build_ok(dir.path(), &["--drafts"]);
    assert!(urls(&records(&index)).contains(&"2024/draft-notes/".to_string()));
    drop(public);
}

#[test]
fn the_search_page_works_offline_from_its_own_folder() {
    let dir = site(&[("content/2024/a.md", REPORT)]);
    let public = build_ok(dir.path(), &[]);
    let html = std::fs::read_to_string(public.join("search/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    // A labelled box, a live count, results as a list.
    assert_eq!(attrs(&doc, "label[for=search-q]", "for").len(), 1);
    assert_eq!(attrs(&doc, "input#search-q", "type"), ["search"]);
    assert_eq!(attrs(&doc, "#search-status", "aria-live"), ["polite"]);
    assert_eq!(doc.select(&sel("ol#search-results")).count(), 1);
    // Without JavaScript: the form stays hidden, the indexes are linked.
    assert_eq!(attrs(&doc, "#search-form", "hidden").len(), 1);
    let browse = attrs(&doc, ".search-browse a", "href");
    for index in ["../claims/", "../entities/", "../sources/"] {
        assert!(browse.contains(&index.to_string()), "{browse:?}");
    }
    assert_eq!(attrs(&doc, "script", "src"), ["../search.js"]);
    // Nothing is fetched from elsewhere: every address the page loads or
    // links to is relative (the canonical and feed links name the site).
    for (selector, attr) in [
        ("script", "src"),
        ("link[rel=stylesheet]", "href"),
        ("a", "href"),
        ("img", "src"),
    ] {
        for url in attrs(&doc, selector, attr) {
            assert!(!url.contains("//"), "{selector} {url}");
        }
    }
    let script = std::fs::read_to_string(public.join("search.js")).unwrap();
    assert!(!script.contains("http://") && !script.contains("https://"));
    // Every page's header links to it.
    let home = page(&public.join("index.html"));
    assert!(attrs(&home, ".site-nav a", "href").contains(&"./search/".to_string()));
}

#[test]
fn search_off_writes_no_page_and_no_index() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://example.com/\nsearch: false\n",
        ),
        ("content/2024/a.md", REPORT),
    ]);
    let public = build_ok(dir.path(), &[]);
    assert!(!public.join("search").exists());
    let home = page(&public.join("index.html"));
    assert!(
        !attrs(&home, ".site-nav a", "href")
            .iter()
            .any(|h| h.contains("search"))
    );
}
