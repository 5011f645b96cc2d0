//! Report bundles: a report's folder with its `index.md` and the files it
//! publishes beside its page (photos, charts, documents, data).

use crate::links::broken_links;
use crate::*;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\"/></svg>\n";

fn bundle_site() -> tempfile::TempDir {
    site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\n---\nThe [berth logs](data/berths.csv) and [the permit](./permit.pdf).\n\n![A chart of berths](chart.svg \"Berths by month\")\n\nSee [the notes](notes.md).\n",
        ),
        ("content/2024/harbour/chart.svg", SVG),
        ("content/2024/harbour/permit.pdf", "%PDF-1.4 not really\n"),
        ("content/2024/harbour/data/berths.csv", "berth,ship\n1,Esperanza\n"),
        ("content/2024/harbour/notes.md", "# Notes, not a page\n"),
        (
            "content/2024/quay.md",
            "---\ntitle: Quay\ndate: 2024-01-03\n---\nBack to [the harbour chart](../harbour/chart.svg).\n",
        ),
    ])
}

#[test]
fn bundle_files_are_published_beside_the_report() {
    let dir = bundle_site();
    let public = build_ok(dir.path(), &[]);
    let report = public.join("2024/harbour");
    assert!(report.join("index.html").is_file());
    for name in ["chart.svg", "permit.pdf", "data/berths.csv", "notes.md"] {
        let published = std::fs::read(report.join(name)).unwrap();
        let original = std::fs::read(dir.path().join("content/2024/harbour").join(name)).unwrap();
        assert_eq!(published, original, "{name}");
    }
    // A Markdown file inside a bundle is one of its files, not a page.
    assert!(!public.join("2024/harbour/notes/index.html").exists());
    assert!(!public.join("2024/harbour/index/index.html").exists());
    let html = page(&report.join("index.html"));
    let hrefs = attrs(&html, ".report-body a[href]", "href");
    assert!(hrefs.contains(&"data/berths.csv".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"./permit.pdf".to_string()), "{hrefs:?}");
    assert!(broken_links(&public).is_empty(), "{:?}", broken_links(&public));
}

#[test]
fn bundle_links_work_under_a_sub_path() {
    let dir = bundle_site();
    let public = build_ok(dir.path(), &["--base-url", "https://example.org/news/reports/"]);
    assert!(public.join("2024/harbour/chart.svg").is_file());
    // Links stay relative to the page, whatever the site's path.
    assert!(broken_links(&public).is_empty(), "{:?}", broken_links(&public));
    let html = page(&public.join("2024/quay/index.html"));
    let hrefs = attrs(&html, ".report-body a[href]", "href");
    assert_eq!(hrefs, ["../harbour/chart.svg"]);
}

#[test]
fn a_slug_moves_the_bundle_files_with_the_page() {
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\nslug: port\n---\n[Data](a.csv)\n",
        ),
        ("content/2024/harbour/a.csv", "x\n1\n"),
    ]);
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("2024/port/index.html").is_file());
    assert!(public.join("2024/port/a.csv").is_file());
    assert!(broken_links(&public).is_empty());
}

#[test]
fn a_plain_report_linking_a_file_beside_it_is_told_to_become_a_bundle() {
    let dir = site(&[
        (
            "content/2024/quay.md",
            "---\ntitle: Quay\ndate: 2024-01-03\n---\n![The quay](quay.svg \"Quay\")\n",
        ),
        ("content/2024/quay.svg", SVG),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[E028]: the file `quay.svg` is not there"), "{err}");
    assert!(err.contains("content/2024/quay.md:5:1"), "{err}");
    assert!(err.contains("content/2024/quay/index.md"), "{err}");
    assert!(err.contains("warning[W012]"), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_rebuild_keeps_unchanged_bundle_files_and_takes_changed_ones() {
    let dir = bundle_site();
    let public = build_ok(dir.path(), &[]);
    let csv = dir.path().join("content/2024/harbour/data/berths.csv");
    std::fs::write(&csv, "berth,ship\n2,Aurora\n").unwrap();
    build_ok(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(public.join("2024/harbour/data/berths.csv")).unwrap(),
        "berth,ship\n2,Aurora\n"
    );
    assert!(public.join("2024/harbour/chart.svg").is_file());
}
