//! A report's `corrections:`: a dated notice at the top of its page, newest
//! first, a `correction` in its JSON-LD, and a later `updated` date in the
//! feed, the sitemap, the page and `data/site.json`.

use scraper::ElementRef;

use crate::{attrs, build_ok, dossier, page, sel, site, stderr, texts};

/// Written out of date order, with text that looks like markup.
const CORRECTED: &str = "---
title: Harbour contract awarded
date: 2024-05-02
updated: 2024-05-03
corrections:
  - date: 2024-05-04
    text: The contractor's name was misspelled.
  - date: 2024-05-10
    text: The value is 1.4 million, not <b>4.1</b> million & change.
---
The port authority awarded the contract.

## Corrections

A heading of the body named like the notice.
";

const PLAIN: &str = "---
title: Quiet report
date: 2024-05-01
updated: 2024-05-20
---
Nothing to correct.
";

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = site(&[
        ("content/news/harbour.md", CORRECTED),
        ("content/news/quiet.md", PLAIN),
    ]);
    let public = build_ok(dir.path(), &[]);
    (dir, public)
}

/// The `Article` node of a page's JSON-LD.
fn article(html: &scraper::Html) -> serde_json::Value {
    let ld = texts(html, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    json["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@type"] == "Article")
        .expect("an Article")
        .clone()
}

#[test]
fn the_notice_is_at_the_top_newest_first() {
    let (_dir, public) = built();
    let html = page(&public.join("news/harbour/index.html"));
    let notice = html
        .select(&sel("article.report section.corrections"))
        .next()
        .expect("a corrections notice");
    // A named region: its heading labels it.
    let heading = notice.select(&sel("h2")).next().unwrap();
    assert_eq!(heading.text().collect::<String>(), "Corrections");
    assert_eq!(
        notice.value().attr("aria-labelledby"),
        heading.value().attr("id")
    );
    let items: Vec<ElementRef> = notice.select(&sel("li")).collect();
    let dates: Vec<(&str, String)> = items
        .iter()
        .map(|li| {
            let time = li.select(&sel("time")).next().unwrap();
            (
                time.value().attr("datetime").unwrap(),
                time.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("2024-05-10", "10 May 2024".to_string()),
            ("2024-05-04", "4 May 2024".to_string())
        ]
    );
    // Plain text, as written: nothing in it is markup.
    let first: String = items[0].text().collect();
    assert!(
        first.ends_with("The value is 1.4 million, not <b>4.1</b> million & change."),
        "{first}"
    );
    assert_eq!(items[0].select(&sel("b")).count(), 0);
    assert!(
        items[1]
            .text()
            .collect::<String>()
            .ends_with("The contractor's name was misspelled.")
    );
    // Before the body, after the title.
    let order: Vec<&str> = html
        .select(&sel("article.report h1, section.corrections, .report-body"))
        .map(|e| e.value().attr("class").unwrap_or("h1"))
        .collect();
    assert_eq!(order, ["h1", "corrections", "report-body"]);
    // The body's own "Corrections" heading gets another anchor.
    let ids = attrs(&html, "[id]", "id");
    assert_eq!(ids.iter().filter(|id| *id == "corrections").count(), 1);
    // The page's "Updated" is the latest correction's date.
    assert_eq!(
        attrs(&html, ".report-meta time", "datetime"),
        ["2024-05-02", "2024-05-10"]
    );
}

#[test]
fn a_report_without_corrections_has_no_notice() {
    let (_dir, public) = built();
    let html = page(&public.join("news/quiet/index.html"));
    assert_eq!(html.select(&sel(".corrections")).count(), 0);
    let article = article(&html);
    assert!(article.get("correction").is_none(), "{article}");
    // Its own `updated`, later than any correction elsewhere, stays.
    assert_eq!(article["dateModified"], "2024-05-20");
}

#[test]
fn json_ld_carries_each_correction() {
    let (_dir, public) = built();
    let html = page(&public.join("news/harbour/index.html"));
    let article = article(&html);
    assert_eq!(
        article["correction"],
        serde_json::json!([
            {
                "@type": "CorrectionComment",
                "datePublished": "2024-05-10",
                "text": "The value is 1.4 million, not <b>4.1</b> million & change.",
            },
            {
                "@type": "CorrectionComment",
                "datePublished": "2024-05-04",
                "text": "The contractor's name was misspelled.",
            },
        ])
    );
    assert_eq!(article["dateModified"], "2024-05-10");
    assert_eq!(article["datePublished"], "2024-05-02");
}

#[test]
fn the_feed_and_the_sitemap_move_to_the_latest_correction() {
    let (_dir, public) = built();
    let xml = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("no <{name}>"))
            .to_string()
    };
    let entries: Vec<(String, String, String)> = doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .map(|e| {
            (
                child(e, "title"),
                child(e, "published"),
                child(e, "updated"),
            )
        })
        .collect();
    let entry = |title: &str| {
        entries
            .iter()
            .find(|e| e.0 == title)
            .map(|e| (e.1.as_str(), e.2.as_str()))
            .unwrap()
    };
    assert_eq!(
        entry("Harbour contract awarded"),
        ("2024-05-02T00:00:00Z", "2024-05-10T00:00:00Z")
    );
    assert_eq!(
        entry("Quiet report"),
        ("2024-05-01T00:00:00Z", "2024-05-20T00:00:00Z")
    );

    let xml = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let lastmod = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|n| child(*n, "loc").ends_with("news/harbour/"))
        .map(|n| child(n, "lastmod"));
    assert_eq!(lastmod.as_deref(), Some("2024-05-10"));
}

#[test]
fn site_json_lists_corrections_newest_first() {
    let (_dir, public) = built();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let report = |id: &str| {
        json["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    let harbour = report("news/harbour");
    assert_eq!(harbour["corrections"].as_array().map(Vec::len), Some(2));
    assert_eq!(harbour["corrections"][0]["date"], "2024-05-10");
    assert_eq!(harbour["corrections"][1]["date"], "2024-05-04");
    assert_eq!(
        harbour["corrections"][1]["text"],
        "The contractor's name was misspelled."
    );
    assert!(report("news/quiet").get("corrections").is_none());
}

#[test]
fn a_correction_points_at_its_own_bad_key() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-02\ncorrections:\n  - date: 2024-05-04\n    text: Fine.\n  - date: 2024-05-05\n    txt: Misspelled key.\n  - date: 2024-05-06\n---\nBody.\n",
    )]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[E003]: unknown field `txt`"), "{err}");
    assert!(err.contains("content/a.md:8:5"), "{err}");
    assert!(err.contains("did you mean `text`?"), "{err}");
    assert!(
        err.contains("error[E002]: missing required field `text`"),
        "{err}"
    );
    assert!(err.contains("content/a.md:9:5"), "{err}");
}

#[test]
fn correction_dates_are_checked() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-02T10:00:00+02:00\ncorrections:\n  - date: 2024-05-02\n    text: Same day, no time.\n  - date: 2024-05-02T09:00:00+02:00\n    text: An hour before.\n  - date: 2024-05-32\n    text: No such day.\n  - date: 2024-05-03\n    text: \"\"\n---\nBody.\n",
    )]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // A day is compared as a day: the first one is fine.
    assert!(!err.contains("content/a.md:5:"), "{err}");
    assert!(err.contains("error[E034]"), "{err}");
    assert!(err.contains("content/a.md:7:11"), "{err}");
    assert!(
        err.contains("error[E006]: `2024-05-32` is not a valid date"),
        "{err}"
    );
    assert!(err.contains("content/a.md:9:11"), "{err}");
    assert!(
        err.contains("error[E002]: a correction's `text` is empty"),
        "{err}"
    );
    assert!(err.contains("content/a.md:12:11"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn corrections_must_be_a_list() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-02\ncorrections: {date: 2024-05-04, text: One.}\n---\nBody.\n",
    )]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert!(
        err.contains("error[E014]: `corrections` must be a list"),
        "{err}"
    );
    assert!(err.contains("content/a.md:4:14"), "{err}");
}

#[test]
fn correction_text_gets_the_typography_of_the_body() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://example.com/\nsmart_punctuation: true\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-05-02\ncorrections:\n  - date: 2024-05-04\n    text: The minister's name -- \"Ana\" -- was wrong.\n---\nBody.\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("a/index.html"));
    let expected = "The minister\u{2019}s name \u{2013} \u{201c}Ana\u{201d} \u{2013} was wrong.";
    let shown = texts(&html, ".corrections li");
    assert!(shown[0].ends_with(expected), "{shown:?}");
    assert_eq!(article(&html)["correction"][0]["text"], expected);
}
