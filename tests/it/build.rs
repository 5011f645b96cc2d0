//! The fixture sites built end to end: what a reader sees on each page.

use crate::*;

#[test]
fn full_fixture_builds_without_problems() {
    let dir = fixture("full");
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("wrote "), "{err}");
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn report_page_numbers_sources_by_first_citation() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("2024/kell-crossing/index.html"));

    // The body is the whole content of `.report-body`.
    assert_eq!(html.select(&sel(".report-body")).count(), 1);

    let numbers = texts(&html, ".report-body sup.cite a");
    assert_eq!(&numbers[..4], ["1", "2", "3", "4"], "{numbers:?}");
    let targets = attrs(&html, ".report-body sup.cite a", "href");
    assert_eq!(
        &targets[..4],
        [
            "#source-harbour-log",
            "#source-council-minutes",
            "#source-kell-interview",
            "#source-local-paper"
        ]
    );
    // A source cited again keeps its number.
    let harbour: Vec<_> = numbers
        .iter()
        .zip(&targets)
        .filter(|(_, t)| *t == "#source-harbour-log")
        .map(|(n, _)| n.as_str())
        .collect();
    assert!(
        harbour.len() >= 3 && harbour.iter().all(|n| *n == "1"),
        "{harbour:?}"
    );

    // The Sources list follows the same order, and every listed source is there.
    let ids = attrs(&html, "#sources li[id^=source-]", "id");
    assert_eq!(
        &ids[..4],
        [
            "source-harbour-log",
            "source-council-minutes",
            "source-kell-interview",
            "source-local-paper"
        ]
    );
    for id in [
        "source-pilot-logbook",
        "source-ferry-timetable",
        "source-pilot-roster",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    // The note's citation is numbered after the body's, and the source
    // listed but never cited comes last.
    let pos = |id: &str| ids.iter().position(|i| i == id).unwrap();
    assert!(pos("source-pilot-logbook") > pos("source-local-paper"));
    assert_eq!(
        ids.last().map(String::as_str),
        Some("source-ferry-timetable")
    );

    // Back-links a, b, c... each point at a citation on the page.
    let backrefs = attrs(&html, "#source-harbour-log a[href^='#cite-']", "href");
    assert!(backrefs.len() >= 3, "{backrefs:?}");
    let labels = texts(&html, "#source-harbour-log a[href^='#cite-']");
    for (label, letter) in labels.iter().zip(["a", "b", "c"]) {
        assert!(label.ends_with(letter), "{labels:?}");
    }
    for href in &backrefs {
        let id = &href[1..];
        assert_eq!(
            html.select(&sel(&format!("[id='{id}']"))).count(),
            1,
            "no target for {href}"
        );
    }
    // Hovering a number shows the source's title.
    let titles = attrs(
        &html,
        ".report-body sup.cite a[href='#source-local-paper']",
        "title",
    );
    assert!(
        titles[0].starts_with("Ferry stops as storm hits the coast"),
        "{titles:?}"
    );
}

#[test]
fn claims_entities_and_notes_on_the_report_page() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("2024/kell-crossing/index.html"));

    let claim = html
        .select(&sel(".report-body .claim"))
        .find(|e| e.text().collect::<String>().contains("nine days"))
        .expect("claim span");
    assert_eq!(claim.value().attr("data-status"), Some("verified"));
    let link = claim.select(&sel("a.claim-text")).next().unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("../../claims/ferry-nine-days/")
    );
    assert_eq!(claim.value().attr("id"), Some("claim-ferry-nine-days"));
    assert!(claim.select(&sel(".claim-status")).next().is_some());

    // Entity links in three forms.
    let entity_links = attrs(&html, ".report-body a.entity", "href");
    for href in [
        "../../entities/ana-kell/",
        "../../entities/kell-ferry/",
        "../../entities/brannock/",
    ] {
        assert!(
            entity_links.iter().any(|h| h == href),
            "{href} not in {entity_links:?}"
        );
    }
    // Notes are gathered with links back to their references.
    let notes = attrs(&html, "#notes li[id^=note-]", "id");
    assert_eq!(notes, ["note-1", "note-2"]);
    assert_eq!(
        html.select(&sel(".report-body sup.note-ref a[href='#note-1']"))
            .count(),
        1
    );
    assert_eq!(
        html.select(&sel("#notes a[href^='#note-ref-1']")).count(),
        1
    );

    // Every claim of the front matter is in the Claims section.
    let section = html.select(&sel("#claims")).next().expect("Claims section");
    let text: String = section.text().collect();
    for claim in [
        "nine days",
        "asked the operator",
        "strongest winds",
        "licensed harbour pilot",
        "run by the council",
    ] {
        assert!(text.contains(claim), "{claim}");
    }
}

#[test]
fn mentions_link_whole_words_and_count_every_occurrence() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("2024/kell-crossing/index.html"));
    let mentions = texts(&html, ".report-body a.mention");
    assert!(
        !mentions.iter().any(|m| m.starts_with("Kelly")),
        "{mentions:?}"
    );
    assert!(mentions.iter().any(|m| m == "Kell Ferry"), "{mentions:?}");
    assert!(mentions.iter().any(|m| m == "José Núñez"), "{mentions:?}");
    // Only the first occurrence is linked (auto_link_entities: first).
    assert_eq!(mentions.iter().filter(|m| *m == "José Núñez").count(), 1);
    // No mention is linked inside a heading.
    assert_eq!(html.select(&sel(".report-body h2 a.mention")).count(), 0);

    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let jose = data["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "jose-nunez")
        .unwrap();
    // "José Núñez" twice and "Núñez" three times in the body of kell-crossing
    // plus its other reports.
    assert!(jose["mentions"].as_u64().unwrap() >= 5, "{jose}");
}

#[test]
fn entity_source_and_claim_pages_link_back() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);

    let entity = page(&public.join("entities/kell-ferry/index.html"));
    let reports = attrs(&entity, "main a[href$='kell-crossing/']", "href");
    assert!(!reports.is_empty());
    assert!(reports.iter().all(|h| h == "../../2024/kell-crossing/"));

    let index = page(&public.join("entities/index.html"));
    let text: String = index.root_element().text().collect();
    for group in ["People", "Organizations", "Countries"] {
        assert!(text.contains(group), "{group}");
    }

    let source = page(&public.join("sources/harbour-log/index.html"));
    assert!(!attrs(&source, "main a[href$='kell-crossing/']", "href").is_empty());

    let claims = page(&public.join("claims/index.html"));
    assert_eq!(claims.select(&sel("[id='ferry-nine-days']")).count(), 1);
}

#[test]
fn site_json_follows_the_spec() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    assert_eq!(data["site"]["title"], "Full Fixture");
    let report = data["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "2024/kell-crossing")
        .unwrap();
    assert_eq!(report["url"], "2024/kell-crossing/");
    assert_eq!(report["sources"][0], "harbour-log");
    assert_eq!(report["date"], "2024-03-20");
    let claim = data["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ferry-nine-days")
        .unwrap();
    assert_eq!(claim["url"], "claims/ferry-nine-days/");
    assert_eq!(claim["report"], "2024/kell-crossing");
    let source = data["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "harbour-log")
        .unwrap();
    assert_eq!(source["url"], "sources/harbour-log/");
    assert!(
        source["reports"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "2024/kell-crossing")
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    assert!(!public.join("2024/draft-notes/index.html").exists());
    let public = build_ok(dir.path(), &["--drafts"]);
    assert!(public.join("2024/draft-notes/index.html").exists());
}

#[test]
fn listings_are_paginated() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("page/2/index.html").exists());
    let home = page(&public.join("index.html"));
    assert!(
        attrs(&home, "nav[aria-label=Pagination] a", "href")
            .iter()
            .any(|h| h == "./page/2/")
    );
    let second = page(&public.join("page/2/index.html"));
    assert!(attrs(&second, "a", "href").iter().any(|h| h == "../../"));
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let report = "---\ntitle: \"</script><script>alert(1)</script> & co\"\ndate: 2024-01-02\nsummary: \"<b>bold</b>\"\nentities:\n  x: {name: \"<i>X</i>\", type: person}\n---\nAbout <i>X</i>: [[x]].\n";
    let dir = site(&[("content/a.md", report)]);
    let public = build_ok(dir.path(), &[]);
    let raw = std::fs::read_to_string(public.join("a/index.html")).unwrap();
    assert!(!raw.contains("<script>alert"), "unescaped script");
    assert!(!raw.contains("<b>bold</b>"));
    let html = Html::parse_document(&raw);
    assert_eq!(
        texts(&html, "h1")[0],
        "</script><script>alert(1)</script> & co"
    );
    let ld = html
        .select(&sel("script[type='application/ld+json']"))
        .next()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&ld.text().collect::<String>()).unwrap();
    assert_eq!(
        json["@graph"][0]["headline"],
        "</script><script>alert(1)</script> & co"
    );
    // Only one script element: the title did not open another.
    assert_eq!(html.select(&sel("script:not([src])")).count(), 1);
    let entity = page(&public.join("entities/x/index.html"));
    assert_eq!(texts(&entity, "h1")[0], "<i>X</i>");
}

#[test]
fn site_without_themes_folder_uses_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let root = dir.path().join("site");
    assert!(!root.join("themes").exists());
    // Neither the output nor the image cache belongs in version control.
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        "public/\n.dossier-cache/\n"
    );
    let public = build_ok(&root, &[]);
    assert!(public.join("style.css").exists());
    assert!(public.join("harbour-expansion/index.html").exists());

    let out = dossier(&["new", "A Fresh Look: Ports", "--section", "2025"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("content/2025/a-fresh-look-ports.md"),
        "{}",
        stderr(&out)
    );
    // The skeleton is a draft: the site still builds, and with --drafts too.
    build_ok(&root, &["--drafts"]);
    assert!(
        root.join("public/2025/a-fresh-look-ports/index.html")
            .exists()
    );
}

#[test]
fn site_templates_override_the_theme() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
        ),
        (
            "templates/tags.html",
            "<!DOCTYPE html><title>t</title><p id=custom>{{ tags | length }} tags</p>\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let tags = page(&public.join("tags/index.html"));
    assert_eq!(texts(&tags, "#custom"), ["0 tags"]);
    // Other templates still come from the built-in theme.
    assert_eq!(
        page(&public.join("a/index.html"))
            .select(&sel(".report-body"))
            .count(),
        1
    );
}

#[test]
fn an_unquoted_false_status_is_accepted() {
    let report = "---\ntitle: A\ndate: 2024-01-02\nsources:\n  s: {title: S}\nclaims:\n  c: {text: T, status: false, sources: [s]}\n---\n[It is so](claim:c).\n";
    let dir = site(&[("content/a.md", report)]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("a/index.html"));
    assert_eq!(
        attrs(&html, ".report-body .claim", "data-status"),
        ["false"]
    );
}

#[test]
fn related_entities_only_on_an_entitys_first_page_and_claims_a_page_at_a_time() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let first = page(&public.join("entities/kell-ferry/index.html"));
    assert_eq!(first.select(&sel(".related")).count(), 1);
    let second = page(&public.join("entities/kell-ferry/page/2/index.html"));
    assert_eq!(second.select(&sel(".related")).count(), 0);
    assert!(!texts(&second, "main").join(" ").is_empty());
    // Its claims are spread over its pages, `paginate_by` (2) to a page,
    // as its reports are: none is repeated on every page.
    let rows = |html: &scraper::Html| texts(html, "#claims .claim-row-text");
    assert_eq!(rows(&first).len(), 2);
    assert!(!rows(&second).is_empty());
    assert!(rows(&second).iter().all(|r| !rows(&first).contains(r)));
}
