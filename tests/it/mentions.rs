//! Names found whatever the typography and wrapping of the text, and one
//! group of citation numbers where a claim span is cited again.

use crate::*;
use dossier::diag::Code;

/// The citation groups of a page's body: per group, its numbers, each with
/// its locator in brackets.
fn cite_groups(html: &Html) -> Vec<String> {
    html.select(&sel(".report-body sup.cite"))
        .map(|sup| {
            sup.select(&sel("a"))
                .map(|a| {
                    let number = a.text().collect::<String>();
                    match a.value().attr("data-locator") {
                        Some(l) => format!("{number} ({l})"),
                        None => number,
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

#[test]
fn the_starter_site_shows_each_number_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let public = build_ok(&dir.path().join("site"), &[]);
    let html = page(&public.join("harbour-expansion/index.html"));
    // `[…](claim:vote-passed)\n[@council-minutes, p. 4]`: one group, with
    // the locator; then the other claim, a citation of two sources, and
    // the bibliography entry.
    assert_eq!(cite_groups(&html), ["1 (p. 4)", "2", "2, 1", "3 (p. 12)"]);
    // The number's label and the Sources back-link keep the locator.
    let titles = attrs(&html, ".report-body sup.cite a", "title");
    assert_eq!(
        titles[0],
        "Minutes of the City Council meeting of 13 March 2024, p. 4"
    );
    assert_eq!(texts(&html, "#source-council-minutes .locator"), ["(p. 4)"]);
    // A back-link per citation: the claim span (once), the citation of two
    // sources, and the claim's row in the Claims section.
    let backrefs = attrs(&html, "#source-council-minutes .backrefs a", "href");
    assert_eq!(
        backrefs,
        [
            "#cite-council-minutes-1",
            "#cite-council-minutes-2",
            "#cite-council-minutes-3"
        ]
    );
    for href in &backrefs {
        assert_eq!(html.select(&sel(href)).count(), 1, "{href}");
    }
    // The name wrapped across a line of the starter report is linked.
    let mentions = attrs(&html, ".report-body a.mention", "href");
    assert!(
        mentions
            .iter()
            .any(|h| h.ends_with("entities/harbour-authority/")),
        "{mentions:?}"
    );
}

const REPORT: &str = "---
title: Vote
date: 2024-03-14
entities:
  obrien:
    name: Seán O'Brien
    type: person
    aliases: [O'Brien]
  harbour-authority:
    name: Harbour Authority
    type: organization
sources:
  minutes:
    title: Minutes
  letter:
    title: Letter
  video:
    title: Video
claims:
  one:
    text: One source.
    status: verified
    sources: [minutes]
  two:
    text: Two sources.
    status: verified
    sources: [minutes, letter]
---

Seán O'Brien chaired the meeting; O'Brien's deputy took notes. It ends with the Harbour
Authority and goes on.

[The council approved it](claim:one) [@minutes, p. 4].
[Both say so](claim:two) [@letter, para. 2].
[Again](claim:one)
[@minutes; @video, 01:20].
[Once more](claim:one) [@video].
[And again](claim:one), as the minutes say [@minutes, p. 5].
";

fn vote_site(smart: bool) -> tempfile::TempDir {
    let config = format!("{CONFIG}smart_punctuation: {smart}\n");
    site(&[("dossier.yaml", &config), ("content/vote.md", REPORT)])
}

#[test]
fn names_are_found_with_and_without_smart_punctuation() {
    for smart in [false, true] {
        let dir = vote_site(smart);
        let out = dossier(&["build"], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !stderr(&out).contains(Code::W003.as_str()),
            "{}",
            stderr(&out)
        );
        let public = dir.path().join("public");
        let html = page(&public.join("vote/index.html"));
        let linked = texts(&html, ".report-body a.mention");
        let apostrophe = if smart { '\u{2019}' } else { '\'' };
        assert_eq!(
            linked,
            [
                format!("Seán O{apostrophe}Brien"),
                "Harbour\nAuthority".to_string()
            ],
            "smart: {smart}"
        );
        // Both mentions of O'Brien are counted on the entity's page.
        let entity = page(&public.join("entities/obrien/index.html"));
        assert_eq!(
            texts(&entity, ".mentions"),
            ["2 mentions"],
            "smart: {smart}"
        );
    }
}

#[test]
fn citations_after_claim_spans_join_their_numbers() {
    let dir = vote_site(false);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("vote/index.html"));
    assert_eq!(
        cite_groups(&html),
        [
            // One source, a locator.
            "1 (p. 4)",
            // Two sources, the locator on the second.
            "1, 2 (para. 2)",
            // After a line break, with a source the claim does not list.
            "1, 3 (01:20)",
            // Only a source the claim does not list: still one group.
            "1, 3",
            // Words between: apart.
            "1",
            "1 (p. 5)",
        ]
    );
    let locators = texts(&html, "#source-minutes .locator");
    assert_eq!(locators, ["(p. 4)", "(p. 5)"]);
    assert_eq!(texts(&html, "#source-letter .locator"), ["(para. 2)"]);
}

#[test]
fn front_matter_texts_take_the_typography_of_the_body() {
    let report = "---
title: O'Brien's \"plan\" -- reviewed
date: 2024-03-14
summary: The 'harbour' plan...
authors: [Ann O'Neil]
entities:
  obrien:
    name: Seán O'Brien
    type: person
    description: Chair of the \"board\".
sources:
  memo:
    title: The \"memo\"
    publisher: O'Hara & Sons
claims:
  said:
    text: O'Brien said \"yes\".
    status: verified
    sources: [memo]
    note: It's on the record.
---

Seán O'Brien's \"plan\" [@memo].
";
    let section = "---\ntitle: Harbour's reports\nsummary: All \"harbour\" reports\n---\n\nThe harbour's \"story\".\n";
    let entity = "---\nname: Port's Authority\ntype: organization\n---\n\nIt's the \"port\".\n";
    for smart in [true, false] {
        let config = format!("{CONFIG}smart_punctuation: {smart}\n");
        let dir = site(&[
            ("dossier.yaml", &config),
            ("content/ports/plan.md", report),
            ("content/ports/_index.md", section),
            ("content/entities/port.md", entity),
        ]);
        let public = build_ok(dir.path(), &[]);
        // With smart punctuation on, each text reads as the body does;
        // with it off, as written.
        let t = |s: &str| -> String {
            if smart {
                s.to_string()
            } else {
                s.replace(['‘', '’'], "'")
                    .replace(['“', '”'], "\"")
                    .replace('–', "--")
                    .replace('…', "...")
            }
        };
        let html = page(&public.join("ports/plan/index.html"));
        assert_eq!(texts(&html, "h1"), [t("O’Brien’s “plan” – reviewed")]);
        assert_eq!(
            texts(&html, "title")[0],
            t("O’Brien’s “plan” – reviewed · Test site")
        );
        assert_eq!(texts(&html, ".lead"), [t("The ‘harbour’ plan…")]);
        assert!(texts(&html, ".report-meta")[0].ends_with(&t("By Ann O’Neil")));
        assert_eq!(texts(&html, ".claim-row-text"), [t("O’Brien said “yes”.")]);
        assert_eq!(texts(&html, ".claim-note"), [t("It’s on the record.")]);
        assert_eq!(
            texts(&html, "#source-memo .source-title"),
            [t("The “memo”")]
        );
        let body = texts(&html, ".report-body p");
        assert!(body[0].starts_with(&t("Seán O’Brien’s “plan”")), "{body:?}");

        let listing = page(&public.join("ports/index.html"));
        assert_eq!(texts(&listing, "h1"), [t("Harbour’s reports")]);
        assert_eq!(texts(&listing, ".intro"), [t("The harbour’s “story”.")]);
        assert_eq!(texts(&listing, ".summary"), [t("The ‘harbour’ plan…")]);
        let claims = page(&public.join("claims/index.html"));
        assert_eq!(
            texts(&claims, ".claim-row-text"),
            [t("O’Brien said “yes”.")]
        );
        let person = page(&public.join("entities/obrien/index.html"));
        assert_eq!(texts(&person, "h1"), [t("Seán O’Brien")]);
        assert_eq!(texts(&person, ".lead"), [t("Chair of the “board”.")]);
        let port = page(&public.join("entities/port/index.html"));
        assert_eq!(texts(&port, "h1"), [t("Port’s Authority")]);
        assert_eq!(texts(&port, ".prose"), [t("It’s the “port”.")]);
        // The feed carries the same words.
        let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
        let title = if smart {
            "<title>O’Brien’s “plan” – reviewed</title>"
        } else {
            "<title>O&#39;Brien&#39;s &quot;plan&quot; -- reviewed</title>"
        };
        assert!(feed.contains(title), "{feed}");
    }
}

#[test]
fn the_example_site_shows_no_number_twice() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("dossier.yaml"), dir.path().join("dossier.yaml")).unwrap();
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    let public = build_ok(dir.path(), &[]);
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = page(entry.path());
        for sup in html.select(&sel(".report-body sup.cite")) {
            pages += 1;
            // The next element, past whitespace, is never another group.
            let next = sup
                .next_siblings()
                .find(|n| n.value().as_text().is_none_or(|t| !t.trim().is_empty()));
            let twice = next.and_then(scraper::ElementRef::wrap).is_some_and(|e| {
                e.value().name() == "sup" && e.value().classes().any(|c| c == "cite")
            });
            assert!(!twice, "{}: {}", entry.path().display(), sup.html());
        }
    }
    assert!(pages > 10, "{pages} citation groups");
}
