//! Dates with a time keep their instant wherever a machine reads them and in
//! every ordering; people see the calendar day of the author's own offset.

use jiff::Timestamp;

use crate::{attrs, build_ok, page, site, texts};

const EVENING: &str = "---
title: Evening vote
date: 2024-05-02T23:30:00-05:00
updated: 2024-05-03T22:00:00-05:00
tags: [vote]
entities:
  xo: {name: Xavier Ortiz, type: person}
sources:
  wire:
    title: Wire story
    date: 2024-05-02T23:30:00-05:00
    accessed: 2024-05-03T01:00:00+09:00
claims:
  late: {text: Late claim, status: verified, sources: [wire], entities: [xo], date: 2024-05-02T23:30:00-05:00}
  early: {text: Early claim, status: verified, sources: [wire], entities: [xo], date: 2024-05-03T01:00:00+09:00}
---
[[xo]] voted late [@wire]. [One](claim:late) and [two](claim:early).
";

const TOKYO: &str = "---
title: Tokyo briefing
date: 2024-05-03T01:00:00+09:00
tags: [vote]
---
[[xo]] was briefed.
";

/// Evening vote: 2024-05-03T04:30Z; Tokyo briefing: 2024-05-02T16:00Z.
fn evening() -> Timestamp {
    "2024-05-03T04:30:00Z".parse().unwrap()
}

fn tokyo() -> Timestamp {
    "2024-05-02T16:00:00Z".parse().unwrap()
}

fn instant(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("`{text}` is not an instant: {e}"))
}

fn dated_site() -> tempfile::TempDir {
    site(&[
        ("content/news/evening.md", EVENING),
        ("content/news/tokyo.md", TOKYO),
    ])
}

#[test]
fn listings_put_the_later_instant_first() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    for listing in [
        "index.html",
        "news/index.html",
        "tags/vote/index.html",
        "entities/xo/index.html",
    ] {
        let html = page(&public.join(listing));
        assert_eq!(
            texts(&html, ".card-title"),
            ["Evening vote", "Tokyo briefing"],
            "{listing}"
        );
        // Readers see the author's own calendar day; the attribute keeps
        // the instant.
        assert_eq!(
            texts(&html, ".card-meta time"),
            ["2 May 2024", "3 May 2024"],
            "{listing}"
        );
        let when: Vec<Timestamp> = attrs(&html, ".card-meta time", "datetime")
            .iter()
            .map(|t| instant(t))
            .collect();
        assert_eq!(when, [evening(), tokyo()], "{listing}");
    }
}

#[test]
fn feed_entries_keep_their_instant() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    let xml = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("no <{name}>"))
            .to_string()
    };
    let feed = doc.root_element();
    let entries: Vec<(String, Timestamp, Timestamp)> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .map(|e| {
            (
                child(e, "title"),
                instant(&child(e, "published")),
                instant(&child(e, "updated")),
            )
        })
        .collect();
    let evening_updated: Timestamp = "2024-05-04T03:00:00Z".parse().unwrap();
    assert_eq!(
        entries,
        [
            ("Evening vote".to_string(), evening(), evening_updated),
            ("Tokyo briefing".to_string(), tokyo(), tokyo()),
        ]
    );
    assert_eq!(instant(&child(feed, "updated")), evening_updated);
}

#[test]
fn sitemap_gives_each_report_its_last_change() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    let xml = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let lastmod = |page: &str| {
        let url = doc
            .root_element()
            .children()
            .find(|u| {
                u.children()
                    .any(|c| c.has_tag_name("loc") && c.text() == Some(page))
            })
            .unwrap_or_else(|| panic!("{page} not in the sitemap"));
        url.children()
            .find(|c| c.has_tag_name("lastmod"))
            .and_then(|c| c.text())
            .map(instant)
    };
    assert_eq!(
        lastmod("https://example.com/sub/news/evening/"),
        Some("2024-05-04T03:00:00Z".parse().unwrap())
    );
    assert_eq!(
        lastmod("https://example.com/sub/news/tokyo/"),
        Some(tokyo())
    );
    assert_eq!(lastmod("https://example.com/sub/tags/"), None);
}

#[test]
fn site_json_keeps_instants_and_order() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let reports: Vec<(&str, Timestamp)> = data["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap(),
                instant(r["date"].as_str().unwrap()),
            )
        })
        .collect();
    assert_eq!(
        reports,
        [("Evening vote", evening()), ("Tokyo briefing", tokyo())]
    );
    let claim = |id: &str| {
        let c = data["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap();
        instant(c["date"].as_str().unwrap())
    };
    assert_eq!(claim("late"), evening());
    assert_eq!(claim("early"), tokyo());
}

#[test]
fn report_and_source_pages_keep_the_instant() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("news/evening/index.html"));

    let ld = texts(&html, "script[type='application/ld+json']");
    let json: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    let graph = json["@graph"].as_array().unwrap();
    let article = &graph[0];
    assert_eq!(
        instant(article["datePublished"].as_str().unwrap()),
        evening()
    );
    assert_eq!(
        instant(article["dateModified"].as_str().unwrap()),
        "2024-05-04T03:00:00Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(
        instant(article["citation"][0]["datePublished"].as_str().unwrap()),
        evening()
    );
    // Each claim's review is on the claim's own page.
    let reviewed: Vec<Timestamp> = ["late", "early"]
        .iter()
        .map(|id| {
            let html = page(&public.join(format!("claims/{id}/index.html")));
            let ld = texts(&html, "script[type='application/ld+json']");
            let review: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
            instant(review["itemReviewed"]["datePublished"].as_str().unwrap())
        })
        .collect();
    assert_eq!(reviewed, [evening(), tokyo()]);

    // Every `<time>` on the page: its text is the author's day, its
    // attribute the instant.
    let shown = texts(&html, "main time");
    let when: Vec<Timestamp> = attrs(&html, "main time", "datetime")
        .iter()
        .map(|t| instant(t))
        .collect();
    let pairs: Vec<(&str, Timestamp)> = shown.iter().map(String::as_str).zip(when).collect();
    for expected in [
        ("2 May 2024", evening()),
        ("3 May 2024", "2024-05-04T03:00:00Z".parse().unwrap()),
        ("3 May 2024", tokyo()),
    ] {
        assert!(pairs.contains(&expected), "{expected:?} not in {pairs:?}");
    }
    assert!(pairs.len() >= 6, "{pairs:?}");

    // The source's own page and the sources index.
    for (path, times, count) in [
        ("sources/wire/index.html", "main dd time", 2),
        ("sources/index.html", "main time", 1),
    ] {
        let html = page(&public.join(path));
        let when: Vec<Timestamp> = attrs(&html, times, "datetime")
            .iter()
            .map(|t| instant(t))
            .collect();
        assert_eq!(when.len(), count, "{path}");
        assert_eq!(when[0], evening(), "{path}");
        if count == 2 {
            assert_eq!(when[1], tokyo(), "{path}");
        }
        assert_eq!(texts(&html, times)[0], "2 May 2024", "{path}");
    }
}

#[test]
fn claims_are_ordered_by_instant() {
    let dir = dated_site();
    let public = build_ok(dir.path(), &[]);
    // An entity page lists its claims oldest first: the Tokyo-dated claim
    // is the earlier instant although its calendar day is later.
    let html = page(&public.join("entities/xo/index.html"));
    assert_eq!(
        texts(&html, ".claim-row-text"),
        ["Early claim", "Late claim"]
    );
}

#[test]
fn a_day_and_an_instant_on_the_same_day_sort_by_midnight_utc() {
    // A date without a time counts as its midnight UTC: the instant later
    // that day is newer, the one before UTC midnight older (whatever the
    // file names, which only break ties).
    let dir = site(&[
        (
            "content/a-day.md",
            "---\ntitle: Day\ndate: 2024-05-02\n---\n",
        ),
        (
            "content/after.md",
            "---\ntitle: After\ndate: 2024-05-02T09:00:00+02:00\n---\n",
        ),
        (
            "content/before.md",
            "---\ntitle: Before\ndate: 2024-05-01T21:00:00-02:00\n---\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("index.html"));
    assert_eq!(texts(&html, ".card-title"), ["After", "Day", "Before"]);
    assert_eq!(
        attrs(&html, ".card-meta time", "datetime")[1],
        "2024-05-02",
        "a day stays a day"
    );
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(feed.contains("<published>2024-05-02T00:00:00Z</published>"));
}
