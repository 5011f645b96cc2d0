//! The timeline: dated claims and events in time order on `timeline/`,
//! by year and month, each year on its own pages; every entity's own
//! timeline; `data/timeline.json` in TimelineJS3's format; languages and
//! drafts.

use crate::*;

const CONFIG: &str = "title: Harbour Watch
base_url: https://example.org/watch/
";

const STRIKE: &str = "---
title: The strike that closed the port
date: 2024-06-01
entities:
  ana-ruiz: {name: Ana Ruiz, type: person}
  port-strike:
    name: Port strike
    type: event
    date: 2024-04-28
    end_date: 2024-05-10
    description: The dockworkers' strike at the river port.
  treaty: {name: Harbour treaty, type: event, date: ~2019}
sources:
  union: {title: Union statement}
claims:
  union-founded:
    text: The union was founded around 2019.
    status: verified
    sources: [union]
    entities: [ana-ruiz]
    date: ~2019
  strike-called:
    text: The strike was called in April.
    status: disputed
    sources: [union]
    entities: [ana-ruiz, port-strike]
    date: 2024-04
  losses:
    text: The port lost a million a day.
    status: \"false\"
    sources: [union]
    entities: [port-strike]
    date: 2024-05-02
  wages:
    text: Wages had not risen since 2020.
    status: misleading
    sources: [union]
    date: 2024
  undated:
    text: The strike was popular.
    status: opinion
    sources: [union]
---
Ana Ruiz led the Port strike after the Harbour treaty [@union].
";

fn strike_site() -> tempfile::TempDir {
    site(&[("dossier.yaml", CONFIG), ("content/strike.md", STRIKE)])
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of each match of `selector` on `html`, whitespace collapsed.
fn all(html: &scraper::Html, selector: &str) -> Vec<String> {
    texts(html, selector).iter().map(|t| words(t)).collect()
}

#[test]
fn dated_claims_and_events_in_time_order_by_year_and_month() {
    let dir = strike_site();
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("timeline/index.html"));
    // Oldest first; at one date an event before a claim; the undated claim
    // is left out; a year-only date before the year's months.
    assert_eq!(
        all(&html, ".timeline-item .timeline-what a"),
        [
            "Harbour treaty",
            "The union was founded around 2019.",
            "Wages had not risen since 2020.",
            "The strike was called in April.",
            "Port strike",
            "The port lost a million a day.",
        ]
    );
    assert_eq!(
        attrs(&html, ".timeline-year-heading time", "datetime"),
        ["2019", "2024"]
    );
    assert_eq!(
        all(&html, ".timeline-month-heading"),
        [
            "2019, no month given",
            "2024, no month given",
            "April 2024",
            "May 2024"
        ]
    );
    assert_eq!(
        attrs(&html, ".timeline-month-heading time", "datetime"),
        ["2024-04", "2024-05"]
    );
    // Each date as precise as it was written, approximate ones marked.
    assert_eq!(
        all(&html, ".timeline-when"),
        [
            "c. 2019",
            "c. 2019",
            "2024",
            "April 2024",
            "28 April 2024 – 10 May 2024",
            "2 May 2024",
        ]
    );
    assert_eq!(
        attrs(&html, ".timeline-when time", "datetime"),
        [
            "2019",
            "2019",
            "2024",
            "2024-04",
            "2024-04-28",
            "2024-05-10",
            "2024-05-02"
        ]
    );
    // Status badges on claims, none on events.
    assert_eq!(
        all(&html, ".timeline-item .badge"),
        ["Verified", "Misleading", "Disputed", "False"]
    );
    assert_eq!(
        attrs(&html, ".timeline-item[data-kind=event] a", "href"),
        ["../entities/treaty/", "../entities/port-strike/"]
    );
    // Claims link to their page, their report and their entities.
    let claim = html
        .select(&sel(".timeline-item[data-status=disputed]"))
        .next()
        .unwrap();
    let hrefs: Vec<&str> = claim
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(
        hrefs,
        [
            "../claims/strike-called/",
            "../strike/",
            "../entities/ana-ruiz/",
            "../entities/port-strike/"
        ]
    );
    // The overview counts each year and month, linking to the groups.
    assert_eq!(
        all(&html, ".timeline-years > ul > li > .tally"),
        ["(2 entries)", "(4 entries)"]
    );
    assert_eq!(
        attrs(&html, ".timeline-months a", "href"),
        ["#y2019-year", "#y2024-year", "#m2024-04", "#m2024-05"]
    );
    // The header links to the timeline.
    assert_eq!(
        attrs(&html, "nav a[aria-current]", "href")
            .iter()
            .filter(|h| h.ends_with("timeline/"))
            .count(),
        1
    );
    let broken = crate::links::broken_links(&public);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn each_year_has_its_own_pages() {
    let dir = strike_site();
    let public = build_ok(dir.path(), &[]);
    let year = page(&public.join("timeline/2024/index.html"));
    assert_eq!(all(&year, "h1"), ["Timeline: 2024"]);
    assert_eq!(all(&year, ".timeline-item").len(), 4);
    assert_eq!(
        attrs(&year, ".timeline-neighbours a", "href"),
        ["../../timeline/2019/"]
    );
    let older = page(&public.join("timeline/2019/index.html"));
    assert_eq!(
        all(&older, ".timeline-item .timeline-what a"),
        ["Harbour treaty", "The union was founded around 2019."]
    );
}

/// A timeline longer than a page (ten times `paginate_by` entries) is not
/// written whole on `timeline/`: its overview links into the years'
/// pages, each year paginated.
#[test]
fn a_long_timeline_is_split_by_year_and_page() {
    let mut report =
        String::from("---\ntitle: Many\ndate: 2024-01-01\nsources:\n  s: {title: S}\nclaims:\n");
    for n in 0..25 {
        let month = n % 12 + 1;
        report.push_str(&format!(
            "  c{n:02}: {{text: Claim {n:02}., status: verified, sources: [s], date: 2023-{month:02}-{:02}}}\n",
            n + 1
        ));
    }
    report.push_str("  old: {text: Old., status: verified, sources: [s], date: 1999}\n---\n[@s]\n");
    let config = format!("{CONFIG}paginate_by: 1\n");
    let dir = site(&[("dossier.yaml", &config), ("content/many.md", &report)]);
    let public = build_ok(dir.path(), &[]);
    let index = page(&public.join("timeline/index.html"));
    assert!(all(&index, ".timeline-item").is_empty());
    assert_eq!(
        attrs(&index, ".timeline-years > ul > li > a", "href"),
        ["../timeline/1999/", "../timeline/2023/"]
    );
    // 25 entries in 2023, 10 to a page; December's first entry is on the
    // third page.
    let months = attrs(&index, ".timeline-months a", "href");
    assert_eq!(months.first().unwrap(), "../timeline/1999/#y1999-year");
    assert_eq!(months[1], "../timeline/2023/#m2023-01");
    assert_eq!(months.last().unwrap(), "../timeline/2023/page/3/#m2023-12");
    let mut seen = Vec::new();
    for p in ["", "page/2/", "page/3/"] {
        let html = page(&public.join(format!("timeline/2023/{p}index.html")));
        seen.extend(all(&html, ".timeline-item .timeline-title"));
    }
    assert_eq!(seen.len(), 25);
    assert!(!public.join("timeline/2023/page/4").exists());
    let dates = |html: &scraper::Html| attrs(html, ".timeline-when time", "datetime");
    let first = page(&public.join("timeline/2023/index.html"));
    assert_eq!(dates(&first).len(), 10);
    assert!(dates(&first).is_sorted());
    assert_eq!(
        all(&first, ".pagination .vh").last().unwrap(),
        "Page 1 of 3"
    );
    let broken = crate::links::broken_links(&public);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn entity_pages_show_their_own_timeline() {
    let dir = strike_site();
    let public = build_ok(dir.path(), &[]);
    let ana = page(&public.join("entities/ana-ruiz/index.html"));
    // After the claims section.
    let ids = attrs(&ana, "article > section[id]", "id");
    let claims = ids.iter().position(|i| i == "claims").unwrap();
    assert_eq!(ids.get(claims + 1).map(String::as_str), Some("timeline"));
    assert_eq!(
        all(&ana, "#timeline .timeline-item .timeline-title"),
        [
            "The union was founded around 2019.",
            "The strike was called in April."
        ]
    );
    assert_eq!(all(&ana, "#timeline h2"), ["Timeline (2 entries)"]);
    assert_eq!(
        attrs(&ana, "#timeline .more-link a", "href"),
        ["../../timeline/"]
    );
    // An event shows its own dates, then the dated claims about it.
    let strike = page(&public.join("entities/port-strike/index.html"));
    assert_eq!(
        all(&strike, "#timeline .timeline-event .timeline-when"),
        ["28 April 2024 – 10 May 2024"]
    );
    assert_eq!(
        all(&strike, "#timeline .timeline-year .timeline-title"),
        [
            "The strike was called in April.",
            "The port lost a million a day."
        ]
    );
}

#[test]
fn timeline_json_is_in_timelinejs_format() {
    let dir = strike_site();
    let public = build_ok(dir.path(), &[]);
    let text = std::fs::read_to_string(public.join("data/timeline.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["title"]["text"]["headline"], "Harbour Watch");
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 6);
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["unique_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "event-treaty",
            "claim-union-founded",
            "claim-wages",
            "claim-strike-called",
            "event-port-strike",
            "claim-losses"
        ]
    );
    let by_id = |id: &str| events.iter().find(|e| e["unique_id"] == id).unwrap();
    let founded = by_id("claim-union-founded");
    assert_eq!(
        founded["start_date"],
        serde_json::json!({"year": 2019, "display_date": "c. 2019"})
    );
    assert_eq!(founded["group"], "Verified");
    assert_eq!(
        founded["text"]["headline"],
        "The union was founded around 2019."
    );
    let body = founded["text"]["text"].as_str().unwrap();
    assert!(
        body.contains("href=\"https://example.org/watch/claims/union-founded/\""),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://example.org/watch/strike/\""),
        "{body}"
    );
    assert_eq!(
        by_id("claim-strike-called")["start_date"],
        serde_json::json!({"year": 2024, "month": 4, "display_date": "April 2024"})
    );
    let strike = by_id("event-port-strike");
    assert_eq!(
        strike["start_date"],
        serde_json::json!({"year": 2024, "month": 4, "day": 28, "display_date": "28 April 2024"})
    );
    assert_eq!(
        strike["end_date"],
        serde_json::json!({"year": 2024, "month": 5, "day": 10, "display_date": "10 May 2024"})
    );
    assert_eq!(strike["display_date"], "28 April 2024 – 10 May 2024");
    assert_eq!(strike["group"], "Event");
    assert!(
        strike["text"]["text"]
            .as_str()
            .unwrap()
            .contains("https://example.org/watch/entities/port-strike/")
    );
}

#[test]
fn drafts_stay_off_the_timeline_unless_asked_for() {
    let draft = "---
title: Draft
date: 2024-07-01
draft: true
entities:
  secret-meeting: {name: Secret meeting, type: event, date: 2024-06-30}
sources:
  s: {title: S}
claims:
  leak: {text: A leak., status: unverified, sources: [s], date: 2024-06}
---
The Secret meeting [@s].
";
    let files = [
        ("dossier.yaml", CONFIG),
        ("content/strike.md", STRIKE),
        ("content/draft.md", draft),
    ];
    let dir = site(&files);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("timeline/index.html"));
    let titles = all(&html, ".timeline-what a");
    assert!(!titles.contains(&"A leak.".to_string()), "{titles:?}");
    assert!(
        !titles.contains(&"Secret meeting".to_string()),
        "{titles:?}"
    );
    let json = std::fs::read_to_string(public.join("data/timeline.json")).unwrap();
    assert!(!json.contains("leak") && !json.contains("Secret"), "{json}");

    let dir = site(&files);
    let public = build_ok(dir.path(), &["--drafts"]);
    let html = page(&public.join("timeline/index.html"));
    let titles = all(&html, ".timeline-what a");
    assert!(titles.contains(&"A leak.".to_string()), "{titles:?}");
    assert!(titles.contains(&"Secret meeting".to_string()), "{titles:?}");
}

#[test]
fn a_spanish_site_has_a_spanish_timeline() {
    let config = format!("{CONFIG}language: es\n");
    let dir = site(&[("dossier.yaml", &config), ("content/strike.md", STRIKE)]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("timeline/index.html"));
    assert_eq!(all(&html, "h1"), ["Cronología"]);
    assert_eq!(
        all(&html, ".timeline-when"),
        [
            "hacia 2019",
            "hacia 2019",
            "2024",
            "abril de 2024",
            "28 de abril de 2024 – 10 de mayo de 2024",
            "2 de mayo de 2024",
        ]
    );
    assert_eq!(
        all(&html, ".timeline-month-heading"),
        [
            "2019, sin mes precisado",
            "2024, sin mes precisado",
            "abril de 2024",
            "mayo de 2024"
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/timeline.json")).unwrap())
            .unwrap();
    assert_eq!(
        json["events"][1]["start_date"]["display_date"],
        "hacia 2019"
    );
    assert_eq!(json["events"][0]["group"], "Acontecimiento");
}

/// On a multilingual site each language has its timeline under its
/// folder, with its own data file, and the timeline pages name each
/// other as alternates.
#[test]
fn each_language_has_its_timeline() {
    let config = format!("{CONFIG}languages: [en, es]\n");
    let spanish = STRIKE
        .replace(
            "title: The strike that closed the port",
            "title: La huelga que cerró el puerto",
        )
        .replace(
            "The strike was called in April.",
            "La huelga se convocó en abril.",
        );
    let dir = site(&[
        ("dossier.yaml", &config),
        ("content/strike.md", STRIKE),
        ("content/strike.es.md", &spanish),
    ]);
    let public = build_ok(dir.path(), &[]);
    let es = page(&public.join("es/timeline/index.html"));
    assert_eq!(all(&es, "h1"), ["Cronología"]);
    assert!(all(&es, ".timeline-what a").contains(&"La huelga se convocó en abril.".to_string()));
    let alternates = attrs(&es, "link[rel=alternate][hreflang]", "href");
    assert!(
        alternates.contains(&"https://example.org/watch/timeline/".to_string()),
        "{alternates:?}"
    );
    assert!(public.join("es/timeline/2024/index.html").exists());
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(public.join("es/data/timeline.json")).unwrap(),
    )
    .unwrap();
    let body = json["events"][1]["text"]["text"].as_str().unwrap();
    assert!(body.contains("https://example.org/watch/es/"), "{body}");
}

#[test]
fn site_json_keeps_approximate_dates_and_event_dates() {
    let dir = strike_site();
    let public = build_ok(dir.path(), &[]);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let find = |list: &str, id: &str| {
        data[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let founded = find("claims", "union-founded");
    assert_eq!(founded["date"], "2019");
    assert_eq!(founded["date_approximate"], true);
    assert!(find("claims", "losses").get("date_approximate").is_none());
    let strike = find("entities", "port-strike");
    assert_eq!(strike["date"], "2024-04-28");
    assert_eq!(strike["end_date"], "2024-05-10");
    assert!(find("entities", "ana-ruiz").get("date").is_none());
}

/// Event dates are checked where they are written, in front matter as in
/// registry files: an `end_date` alone, and dates on an entity that is
/// not an event.
#[test]
fn event_date_problems_point_at_their_key() {
    let report = STRIKE
        .replace(
            "  treaty: {name: Harbour treaty, type: event, date: ~2019}",
            "  treaty: {name: Harbour treaty, type: event, end_date: ~2019}",
        )
        .replace(
            "  ana-ruiz: {name: Ana Ruiz, type: person}",
            "  ana-ruiz: {name: Ana Ruiz, type: person, date: 1980, end_date: 2024}",
        );
    let dir = site(&[("dossier.yaml", CONFIG), ("content/strike.md", &report)]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "error[E033]: an `end_date` without a `date`\n  --> content/strike.md:12:47",
        "warning[W011]: `date` on an entity of type `person`: only events are put on the timeline\n --> content/strike.md:5:44",
        "warning[W011]: `end_date` on an entity of type `person`: only events are put on the timeline\n --> content/strike.md:5:56",
    ] {
        assert!(err.contains(expected), "{expected}\n\n{err}");
    }
}
