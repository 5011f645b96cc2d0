//! Small things a reader notices: punctuation that is not doubled, drafts
//! that say so, entity links with their sites' names, long runs of
//! back-links folded after the source they belong to.

use crate::*;

/// The text of the first element `selector` matches, with runs of
/// whitespace made one space.
fn text_of(html: &Html, selector: &str) -> String {
    let text: String = html
        .select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text()
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const PUNCTUATED: &str = "---
title: Fish
date: 2024-05-02
entities:
  acme: {name: Acme Inc., type: organization}
  beta: {name: Beta, type: organization}
sources:
  study:
    title: Who poisoned the river?
    author: Guzmán-Ortiz et al.
    publisher: Acme Inc.
    date: 2024-04-01
  survey:
    title: The survey.
    author: Who Knows?
    publisher: Wow!
    date: 2024-04-02
  plain:
    title: Plain
    author: Ana Ruiz
    publisher: Diario
claims:
  fish-died:
    text: The fish died.
    status: verified
    sources: [study, survey]
    entities: [acme, beta]
---
Acme Inc. and Beta [@study, p. 4]. [@survey] [@plain]
";

#[test]
fn punctuation_a_field_ends_with_is_not_doubled() {
    let dir = site(&[("content/fish.md", PUNCTUATED)]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("fish/index.html"));
    // The fields of a Sources entry and the punctuation between them.
    let entry = |id: &str| {
        let fields = [
            ".author",
            ".source-title",
            ".publisher",
            ".source-date",
            ".punct",
        ]
        .map(|f| format!("#source-{id} {f}"))
        .join(", ");
        html.select(&sel(&fields))
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" .", ".")
            .replace(" ,", ",")
    };
    assert_eq!(
        entry("study"),
        "Guzmán-Ortiz et al. Who poisoned the river? Acme Inc., 1 April 2024."
    );
    assert_eq!(entry("survey"), "Who Knows? The survey. Wow! 2 April 2024.");
    assert_eq!(entry("plain"), "Ana Ruiz. Plain. Diario.");
    // The citation number's label: no comma after a question mark.
    let titles = attrs(&html, ".report-body sup.cite a", "title");
    assert_eq!(titles[0], "Who poisoned the river? p. 4");
    // The index of sources: "author, publisher, date".
    let index = page(&public.join("sources/index.html"));
    let details = texts(&index, ".index-detail");
    let details: Vec<String> = details
        .iter()
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        details,
        [
            "Ana Ruiz, Diario",
            "Who Knows? Wow! 2 April 2024",
            "Guzmán-Ortiz et al., Acme Inc., 1 April 2024",
        ]
    );
    // A claim's sources and entities elsewhere than its report.
    let claims = page(&public.join("claims/index.html"));
    assert_eq!(
        text_of(&claims, ".claim-sources"),
        "Sources: Who poisoned the river? The survey."
    );
    assert_eq!(
        text_of(&claims, ".claim-meta"),
        "In Fish Involves Acme Inc., Beta"
    );
}

#[test]
fn drafts_say_so_and_stay_out_of_the_feed_and_the_sitemap() {
    let dir = site(&[
        (
            "content/out.md",
            "---\ntitle: Out\ndate: 2024-05-01\ntags: [fish]\n---\nBody.\n",
        ),
        (
            "content/wip.md",
            "---\ntitle: Work in progress\ndate: 2024-05-03\ntags: [fish]\ndraft: true\n---\nBody.\n",
        ),
    ]);
    let public = build_ok(dir.path(), &["--drafts"]);
    let wip = page(&public.join("wip/index.html"));
    assert!(text_of(&wip, "main .draft-banner").starts_with("Draft."));
    assert_eq!(
        attrs(&wip, "head meta[name='robots']", "content"),
        ["noindex"]
    );
    let out = page(&public.join("out/index.html"));
    assert_eq!(out.select(&sel(".draft-banner")).count(), 0);
    assert_eq!(out.select(&sel("meta[name='robots']")).count(), 0);
    // Cards in every listing carry the mark.
    for listing in ["index.html", "tags/fish/index.html"] {
        let html = page(&public.join(listing));
        let marked: Vec<String> = html
            .select(&sel(".card"))
            .filter(|card| card.select(&sel(".draft-mark")).next().is_some())
            .map(|card| text_of(&Html::parse_fragment(&card.html()), ".card-title"))
            .collect();
        assert_eq!(marked, ["Work in progress"], "{listing}");
        assert_eq!(texts(&html, ".draft-mark"), ["Draft"], "{listing}");
    }
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let entries: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(entries, ["Out"]);
    let updated = feed
        .root_element()
        .children()
        .find(|n| n.has_tag_name("updated"))
        .and_then(|n| n.text());
    assert_eq!(updated, Some("2024-05-01T00:00:00Z"));
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/sub/out/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/wip/"), "{sitemap}");
    // data/site.json describes the site as built, drafts marked.
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let reports = data["reports"].as_array().unwrap();
    assert_eq!(reports[0]["id"], "wip");
    assert_eq!(reports[0]["draft"], true);
    assert_eq!(reports[1]["id"], "out");
    assert!(reports[1].get("draft").is_none());
}

#[test]
fn an_entity_named_in_a_title_or_involved_in_a_claim_is_not_unused() {
    let dir = site(&[
        (
            "content/a.md",
            "---
title: Mayor Ñáñez approves the port
summary: What Tamaral Port Authority wants.
date: 2024-05-02
entities:
  nanez: {name: Ñáñez, type: person}
  port: {name: Tamaral Port Authority, type: organization}
  fishers: {name: Fishers' Guild, type: organization}
  council: {name: City Council, type: organization}
  river: {name: Río Tamaral, type: place}
  idle: {name: Idle Corp, type: organization}
claims:
  vote:
    text: The Fishers' Guild opposed the vote.
    status: verified
    sources: []
  meeting:
    text: The mayor met them.
    status: unverified
    sources: []
    entities: [council]
---
The mayor met them. [It passed](claim:vote). [Again](claim:meeting).
",
        ),
        // Named in a title, but this report does not list it.
        (
            "content/b.md",
            "---\ntitle: Río Tamaral runs dry\ndate: 2024-05-03\n---\nBody.\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    let unused: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("warning[W003]: "))
        .collect();
    assert_eq!(
        unused,
        [
            "entity `river` is never mentioned",
            "entity `idle` is never mentioned"
        ],
        "{err}"
    );
}

#[test]
fn entity_links_show_the_names_of_their_sites() {
    let dir = site(&[(
        "content/a.md",
        "---
title: Acme
date: 2024-05-02
entities:
  acme:
    name: Acme
    type: organization
    links:
      wikidata: https://www.wikidata.org/wiki/Q1
      opensanctions: https://www.opensanctions.org/entities/x/
      website: https://acme.example/
      Court records: https://courts.example/acme
      registry: https://www.registry.example.org/acme
---
Acme.
",
    )]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("entities/acme/index.html"));
    assert_eq!(
        texts(&html, ".ext-links a"),
        [
            "Wikidata",
            "OpenSanctions",
            "Official website",
            "Court records",
            "registry.example.org"
        ]
    );
    assert_eq!(
        attrs(&html, ".ext-links a", "href")[4],
        "https://www.registry.example.org/acme"
    );
}

#[test]
fn a_much_cited_source_shows_its_title_first_and_folds_its_back_links() {
    let mut body = String::from("First [@article, paras. 1–3].\n");
    for k in 2..=21 {
        body.push_str(&format!("\nPoint {k} [@article].\n"));
    }
    for _ in 0..7 {
        body.push_str("\nAgain [@letter].\n");
    }
    body.push_str("\nOnce [@memo, p. 2].\n");
    let text = format!(
        "---
title: Many
date: 2024-05-02
sources:
  article: {{title: The article, publisher: Daily}}
  letter: {{title: The letter}}
  memo: {{title: The memo}}
---
{body}"
    );
    let dir = site(&[("content/many.md", &text)]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("many/index.html"));

    // In each entry the title comes before the back-links.
    for id in ["article", "letter", "memo"] {
        let li = html.select(&sel(&format!("#source-{id}"))).next().unwrap();
        let order: Vec<&str> = li
            .descendants()
            .filter_map(|n| n.value().as_element())
            .filter_map(|e| e.attr("class"))
            .filter(|c| c.contains("source-title") || c.contains("backrefs"))
            .collect();
        assert_eq!(order.first(), Some(&"source-title"), "{id}: {order:?}");
        assert!(order.len() > 1, "{id}: {order:?}");
    }

    // 21 uses: five shown, with their locators, the rest folded.
    let shown = texts(&html, "#source-article .backrefs > a");
    assert_eq!(
        shown,
        [
            "Back to citation a",
            "Back to citation b",
            "Back to citation c",
            "Back to citation d",
            "Back to citation e"
        ]
    );
    assert_eq!(
        texts(&html, "#source-article .backrefs > .locator"),
        ["(paras. 1–3)"]
    );
    assert_eq!(
        texts(&html, "#source-article details.backrefs-more > summary"),
        ["and 16 more places"]
    );
    let folded = texts(&html, "#source-article details.backrefs-more > a");
    assert_eq!(folded.len(), 16);
    assert_eq!(folded[0], "Back to citation f");
    assert_eq!(folded[15], "Back to citation u");
    // Every back-link, shown or folded, leads to its citation.
    let hrefs = attrs(&html, "#source-article .backrefs a", "href");
    assert_eq!(hrefs.len(), 21);
    for href in &hrefs {
        assert_eq!(html.select(&sel(href)).count(), 1, "{href}");
    }
    // Seven are not folded; one is a single back-link with its locator.
    assert_eq!(html.select(&sel("#source-letter .backrefs > a")).count(), 7);
    assert_eq!(html.select(&sel("#source-letter details")).count(), 0);
    assert_eq!(
        texts(&html, "#source-memo .backrefs-one .locator"),
        ["(p. 2)"]
    );
}
