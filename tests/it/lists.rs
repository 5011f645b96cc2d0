//! Lists that scale: the claims index shows every status with its count and
//! the first page of its claims; each status has a paginated listing; a
//! source's and an entity's reports and claims are paginated. Every claim
//! and report stays reachable by following the pages.

use std::collections::BTreeSet;
use std::path::Path;

use crate::links::broken_links;
use crate::*;

/// Reports per list page in the site below.
const PER: usize = 3;

/// Eight reports, each citing one source and naming one entity, with 13
/// claims: 8 `verified` (one per report), 4 `false` (reports 0-3) and 1
/// `opinion` (report 0); every claim is backed by the source and involves
/// the entity. Four datasets besides, which nothing cites.
fn lists_site() -> tempfile::TempDir {
    let mut files = vec![
        (
            "dossier.yaml".to_string(),
            format!("{CONFIG}paginate_by: {PER}\n"),
        ),
        (
            "content/sources/shared.md".to_string(),
            "---\ntitle: The shared survey\n---\n".to_string(),
        ),
        (
            "content/entities/acme.md".to_string(),
            "---\nname: Acme\ntype: organization\n---\n".to_string(),
        ),
    ];
    for (id, title) in [
        ("d1", "Delta"),
        ("d2", "alpha"),
        ("d3", "Charlie"),
        ("d4", "Bravo"),
    ] {
        files.push((
            format!("content/sources/{id}.md"),
            format!("---\ntitle: {title}\ntype: dataset\n---\n"),
        ));
    }
    for i in 0..8 {
        let mut claims = format!(
            "  c{i}a:\n    text: Claim {i}a\n    status: verified\n    sources: [shared]\n    entities: [acme]\n"
        );
        if i < 4 {
            claims.push_str(&format!(
                "  c{i}b:\n    text: Claim {i}b\n    status: \"false\"\n    sources: [shared]\n    entities: [acme]\n"
            ));
        }
        if i == 0 {
            claims.push_str(
                "  c0c:\n    text: Claim 0c\n    status: opinion\n    sources: [shared]\n    entities: [acme]\n",
            );
        }
        files.push((
            format!("content/r{i}.md"),
            format!(
                "---\ntitle: Report {i}\ndate: 2024-01-{:02}\nsources:\n  shared:\nentities:\n  acme:\nclaims:\n{claims}---\nAcme said so [@shared].\n",
                i + 1
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site(&files)
}

/// The pages of a listing, from its first page, following `rel=next`:
/// each page's path (from `public`) and parsed HTML.
fn walk(public: &Path, first: &str) -> Vec<(String, scraper::Html)> {
    let mut pages = Vec::new();
    let mut url = first.to_string();
    loop {
        let html = page(&public.join(&url).join("index.html"));
        let next = attrs(&html, ".pagination a[rel=next]", "href");
        pages.push((url.clone(), html));
        let Some(next) = next.first() else { break };
        // Relative to the page: resolve against its folder.
        let mut parts: Vec<&str> = url.trim_end_matches('/').split('/').collect();
        for seg in next.trim_end_matches('/').split('/') {
            if seg == ".." {
                parts.pop();
            } else {
                parts.push(seg);
            }
        }
        url = format!("{}/", parts.join("/"));
        assert!(pages.len() < 20, "the pages of {first} do not end");
    }
    pages
}

fn ids(html: &scraper::Html, selector: &str) -> Vec<String> {
    attrs(html, selector, "id")
}

#[test]
fn the_claims_index_counts_each_status_and_links_its_paginated_listing() {
    let dir = lists_site();
    let public = build_ok(dir.path(), &[]);
    let index = page(&public.join("claims/index.html"));

    // The key: every configured status with its count.
    let key: Vec<String> = texts(&index, "#status-key .legend-item")
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let counts: Vec<(String, String)> = index
        .select(&sel("#status-key .legend-item"))
        .map(|item| {
            (
                item.value().attr("data-status").unwrap().to_string(),
                item.select(&sel(".tally")).next().unwrap().text().collect(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("verified", "8 claims"),
            ("disputed", "0 claims"),
            ("misleading", "0 claims"),
            ("false", "4 claims"),
            ("unverified", "0 claims"),
            ("opinion", "1 claim"),
        ]
        .map(|(s, c)| (s.to_string(), c.to_string())),
        "{key:?}"
    );
    assert_eq!(
        texts(&index, "#legend-heading .tally"),
        ["(13 claims)"],
        "the total"
    );
    // Statuses with claims link to their group; the others link nowhere.
    assert_eq!(
        attrs(&index, "#status-key a", "href"),
        ["#status-verified", "#status-false", "#status-opinion"]
    );

    // A group per status with claims: its count, the first page of its
    // claims (newest report first), and a link to all of them when there
    // are more.
    assert_eq!(
        ids(&index, ".index-group"),
        ["status-verified", "status-false", "status-opinion"]
    );
    assert_eq!(
        texts(&index, ".index-group h2 .tally"),
        ["8 claims", "4 claims", "1 claim"]
    );
    assert_eq!(
        ids(&index, "#status-verified .claim-row"),
        ["c7a", "c6a", "c5a"]
    );
    assert_eq!(
        ids(&index, "#status-false .claim-row"),
        ["c3b", "c2b", "c1b"]
    );
    assert_eq!(ids(&index, "#status-opinion .claim-row"), ["c0c"]);
    assert_eq!(
        attrs(&index, ".index-group .more-link a", "href"),
        ["../claims/status/verified/", "../claims/status/false/"]
    );
    assert_eq!(
        texts(&index, ".index-group .more-link a"),
        [
            "All 8 claims marked Verified →",
            "All 4 claims marked False →"
        ]
    );
    // No status listing for a status no claim has.
    assert!(!public.join("claims/status/disputed").exists());
}

#[test]
fn every_claim_is_on_its_status_listing_pages() {
    let dir = lists_site();
    let public = build_ok(dir.path(), &[]);
    let mut all = BTreeSet::new();
    for (status, label, expected) in [
        (
            "verified",
            "Verified",
            vec!["c7a", "c6a", "c5a", "c4a", "c3a", "c2a", "c1a", "c0a"],
        ),
        ("false", "False", vec!["c3b", "c2b", "c1b", "c0b"]),
        ("opinion", "Opinion", vec!["c0c"]),
    ] {
        let pages = walk(&public, &format!("claims/status/{status}/"));
        assert_eq!(pages.len(), expected.len().div_ceil(PER), "{status}");
        let mut seen = Vec::new();
        for (n, (url, html)) in pages.iter().enumerate() {
            let rows = ids(html, "main .claim-row");
            assert!(rows.len() <= PER, "{url}: {rows:?}");
            seen.extend(rows);
            assert_eq!(texts(html, "h1"), [format!("Claims: {label}")], "{url}");
            // Every row of the listing has its status.
            for s in attrs(html, "main .listing .claim-row", "data-status") {
                assert_eq!(s, status, "{url}");
            }
            // The pager says where the reader is and links every page.
            if pages.len() > 1 {
                assert_eq!(
                    texts(html, ".pagination a[aria-current=page]"),
                    [format!("Page {}", n + 1)],
                    "{url}"
                );
                let numbers: Vec<String> = texts(html, ".pagination li:not(.prev):not(.next) a");
                let want: Vec<String> = (1..=pages.len()).map(|p| format!("Page {p}")).collect();
                assert_eq!(numbers, want, "{url}");
            } else {
                assert!(html.select(&sel(".pagination")).next().is_none(), "{url}");
            }
            // The key of every status ends each page, this one marked.
            assert_eq!(
                attrs(html, "#status-key a[aria-current]", "data-status"),
                [status],
                "{url}"
            );
        }
        assert_eq!(seen, expected, "{status}");
        all.extend(seen);
    }
    assert_eq!(all.len(), 13, "{all:?}");
    // Later pages are `page/N/` below the listing.
    assert!(
        public
            .join("claims/status/verified/page/3/index.html")
            .exists()
    );
    assert!(!public.join("claims/status/verified/page/4").exists());
    assert!(
        broken_links(&public).is_empty(),
        "{:#?}",
        broken_links(&public)
    );
}

#[test]
fn source_and_entity_pages_paginate_their_reports_and_claims() {
    let dir = lists_site();
    let public = build_ok(dir.path(), &[]);
    let reports: Vec<String> = (0..8).rev().map(|i| format!("Report {i}")).collect();
    for (first, claims_heading) in [
        ("sources/shared/", "Claims this source backs (13)"),
        ("entities/acme/", "Claims involving Acme (13)"),
    ] {
        let pages = walk(&public, first);
        // 13 claims, three to a page, outnumber the 8 reports.
        assert_eq!(pages.len(), 5, "{first}");
        let mut cards = Vec::new();
        let mut claims = BTreeSet::new();
        for (url, html) in &pages {
            let here = texts(html, ".listing .card-title");
            assert!(here.len() <= PER, "{url}: {here:?}");
            cards.extend(here);
            let rows = attrs(html, "#claims .claim-row .claim-row-text", "href");
            assert!(rows.len() <= PER, "{url}: {rows:?}");
            for row in rows {
                assert!(claims.insert(row.clone()), "{url}: {row} twice");
            }
            assert_eq!(texts(html, "#claims h2"), [claims_heading], "{url}");
        }
        assert_eq!(cards, reports, "{first}");
        assert_eq!(claims.len(), 13, "{first}: {claims:?}");
    }
    // "Cite this" and its files are on the source's first page only.
    let first = page(&public.join("sources/shared/index.html"));
    assert_eq!(first.select(&sel("#cite-this")).count(), 1);
    let second = page(&public.join("sources/shared/page/2/index.html"));
    assert_eq!(second.select(&sel("#cite-this")).count(), 0);
    assert!(public.join("sources/shared/source.bib").exists());
    assert!(!public.join("sources/shared/page/2/source.bib").exists());
    assert_eq!(
        texts(&first, ".listing h2"),
        ["Reports citing or listing this source (8)"]
    );
    // A claim linked from a later page lands on its row.
    assert!(
        broken_links(&public).is_empty(),
        "{:#?}",
        broken_links(&public)
    );
}

#[test]
fn the_source_index_links_a_paginated_listing_per_type() {
    let dir = lists_site();
    let public = build_ok(dir.path(), &[]);
    let index = page(&public.join("sources/index.html"));
    assert_eq!(ids(&index, ".index-group"), ["type-dataset", "type-other"]);
    assert_eq!(texts(&index, ".group-toc a"), ["Datasets (4)", "Other (1)"]);
    // The first page of each type, by title, and a link to the rest.
    assert_eq!(
        texts(&index, "#type-dataset .index-name"),
        ["alpha", "Bravo", "Charlie"]
    );
    assert_eq!(
        attrs(&index, ".more-link a", "href"),
        ["../sources/type/dataset/"]
    );
    assert_eq!(texts(&index, ".more-link a"), ["All 4 in Datasets →"]);
    let pages = walk(&public, "sources/type/dataset/");
    let titles: Vec<String> = pages
        .iter()
        .flat_map(|(_, html)| texts(html, ".index-name"))
        .collect();
    assert_eq!(titles, ["alpha", "Bravo", "Charlie", "Delta"]);
    assert_eq!(texts(&pages[1].1, "h1"), ["Sources: Datasets"]);
    let other = page(&public.join("sources/type/other/index.html"));
    assert_eq!(texts(&other, ".index-name"), ["The shared survey"]);
    assert!(other.select(&sel(".pagination")).next().is_none());
    assert!(
        broken_links(&public).is_empty(),
        "{:#?}",
        broken_links(&public)
    );
}
