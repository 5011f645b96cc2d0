//! A page per claim: what it shows, its one `ClaimReview` (checked against
//! the properties Google's fact-check documentation lists), the anchor of
//! the claim's span on the report page, links to claim pages from every
//! other page, and `data/claimreview.json` in the Fact Check Tools API's
//! shape.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::*;

/// Whether Google's documentation requires a property or recommends it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Need {
    Required,
    Recommended,
}
use Need::*;

/// Google's ClaimReview properties (Search Central, "Fact check
/// (ClaimReview) structured data"), as paths into the ClaimReview object.
const CLAIM_REVIEW: &[(&str, Need)] = &[
    ("claimReviewed", Required),
    ("reviewRating", Required),
    ("reviewRating.alternateName", Required),
    ("url", Required),
    ("author", Recommended),
    ("author.name", Recommended),
    ("author.url", Recommended),
    ("datePublished", Recommended),
    ("itemReviewed", Recommended),
    ("itemReviewed.author", Recommended),
    ("itemReviewed.author.name", Recommended),
    ("itemReviewed.author.sameAs", Recommended),
    ("itemReviewed.datePublished", Recommended),
    ("itemReviewed.appearance", Recommended),
    ("itemReviewed.firstAppearance", Recommended),
    ("reviewRating.bestRating", Recommended),
    ("reviewRating.name", Recommended),
    ("reviewRating.ratingValue", Recommended),
    ("reviewRating.worstRating", Recommended),
];

/// The status of every claim of the `full` fixture, and whether the
/// fixture's configuration makes it a rating.
const RATED: &[(&str, bool)] = &[
    ("verified", true),
    ("disputed", true),
    ("misleading", true),
    ("false", true),
    ("unverified", false),
    ("opinion", false),
];

/// The claim of the fixture that has every field: claimant, dated
/// appearance, date, verdict.
const FULL_CLAIM: &str = "ferry-nine-days";

/// A claim of the fixture dated to the month.
const MONTH_CLAIM: &str = "record-wind";

fn json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// Every JSON-LD object on a page: each script's top-level object and
/// the members of its `@graph`.
fn jsonld_nodes(html: &Html) -> Vec<Value> {
    let mut out = Vec::new();
    for script in html.select(&sel("script[type='application/ld+json']")) {
        let v: Value = serde_json::from_str(&script.inner_html()).unwrap();
        match v.get("@graph").and_then(Value::as_array) {
            Some(graph) => out.extend(graph.iter().cloned()),
            None => out.push(v),
        }
    }
    out
}

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, key| {
        // A property that holds several values: the first one's.
        let v = v.as_array().and_then(|a| a.first()).unwrap_or(v);
        v.get(key)
    })
}

/// No value in the document is an empty string, list or object: a field
/// without data is left out.
fn assert_nothing_empty(v: &Value, path: &str) {
    match v {
        Value::String(s) => assert!(!s.trim().is_empty(), "empty string at {path}"),
        Value::Array(a) => {
            assert!(!a.is_empty(), "empty list at {path}");
            for (i, x) in a.iter().enumerate() {
                assert_nothing_empty(x, &format!("{path}[{i}]"));
            }
        }
        Value::Object(o) => {
            assert!(!o.is_empty(), "empty object at {path}");
            for (k, x) in o {
                assert_nothing_empty(x, &format!("{path}.{k}"));
            }
        }
        Value::Null => panic!("null at {path}"),
        _ => {}
    }
}

fn claims_of(public: &Path) -> Vec<Value> {
    json(&public.join("data/site.json"))["claims"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_claim_page_has_one_claim_review_where_its_status_is_a_rating() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let claims = claims_of(&public);
    assert!(claims.len() >= RATED.len(), "every status has a claim");
    let mut statuses_seen = HashSet::new();
    for claim in &claims {
        let id = claim["id"].as_str().unwrap();
        let status = claim["status"].as_str().unwrap();
        statuses_seen.insert(status.to_string());
        let rated = RATED
            .iter()
            .find(|(s, _)| *s == status)
            .unwrap_or_else(|| panic!("status {status} not in the table"))
            .1;
        let html = page(&public.join(format!("claims/{id}/index.html")));
        let reviews: Vec<Value> = jsonld_nodes(&html)
            .into_iter()
            .filter(|n| n["@type"] == "ClaimReview")
            .collect();
        if !rated {
            assert!(reviews.is_empty(), "{id}: {status} is not a rating");
            continue;
        }
        assert_eq!(reviews.len(), 1, "{id}: one ClaimReview on its page");
        let review = &reviews[0];
        assert_eq!(review["@context"], "https://schema.org", "{id}");
        assert_nothing_empty(review, id);
        for (path, need) in CLAIM_REVIEW {
            let found = at(review, path).is_some();
            if *need == Required || id == FULL_CLAIM {
                assert!(found, "{id}: {need:?} `{path}` missing in {review:#}");
            }
        }
        // The review's address is the claim's page.
        let canonical = attrs(&html, "link[rel=canonical]", "href");
        assert_eq!(review["url"], canonical[0].as_str(), "{id}");
        assert_eq!(
            review["url"],
            format!("https://example.com/full/claims/{id}/"),
            "{id}"
        );
        assert_eq!(review["author"]["@type"], "Organization");
        assert_eq!(review["author"]["url"], "https://example.com/full/");
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        let rating = &review["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        let (value, best, worst) = (
            rating["ratingValue"].as_u64().unwrap(),
            rating["bestRating"].as_u64().unwrap(),
            rating["worstRating"].as_u64().unwrap(),
        );
        assert!(worst <= value && value <= best, "{id}: {rating}");
        // The label the page shows is the rating's text.
        assert_eq!(
            rating["alternateName"].as_str().unwrap(),
            texts(&html, ".claim-rating .badge")[0],
            "{id}"
        );
        if let Some(author) = review["itemReviewed"].get("author") {
            let kind = author["@type"].as_str().unwrap();
            assert!(["Person", "Organization"].contains(&kind), "{id}: {kind}");
        }
    }
    let all: HashSet<String> = RATED.iter().map(|(s, _)| s.to_string()).collect();
    assert_eq!(statuses_seen, all, "the fixture has a claim of each status");

    // The claim with every field, exactly.
    let html = page(&public.join(format!("claims/{FULL_CLAIM}/index.html")));
    let review = jsonld_nodes(&html).remove(0);
    let item = &review["itemReviewed"];
    assert_eq!(item["author"]["@type"], "Organization");
    assert_eq!(item["author"]["name"], "Kell Ferry");
    assert_eq!(
        item["author"]["sameAs"],
        serde_json::json!(["https://example.com/kell-ferry/"])
    );
    assert_eq!(item["datePublished"], "2024-03-04");
    // The earliest dated appearance came first; all are listed, as written.
    assert_eq!(
        item["firstAppearance"]["url"],
        "https://example.com/gazette/ferry-stops"
    );
    let headlines: Vec<&str> = item["appearance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        headlines,
        [
            "Interview with the ferry's founder",
            "Ferry stops as storm hits the coast"
        ]
    );
    assert_eq!(
        review["reviewRating"]["ratingExplanation"],
        "The harbour log records no sailing from 4 to 12 March."
    );
    // The reviewing report's date.
    assert_eq!(review["datePublished"], "2024-03-20");
    let html = page(&public.join(format!("claims/{MONTH_CLAIM}/index.html")));
    let review = jsonld_nodes(&html).remove(0);
    assert_eq!(review["itemReviewed"]["datePublished"], "2024-03");
    assert!(review["itemReviewed"].get("author").is_none(), "{review}");
}

#[test]
fn report_pages_carry_their_article_and_no_claim_review() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let data = json(&public.join("data/site.json"));
    for report in data["reports"].as_array().unwrap() {
        let url = report["url"].as_str().unwrap();
        let html = page(&public.join(url).join("index.html"));
        let types: Vec<String> = jsonld_nodes(&html)
            .iter()
            .map(|n| n["@type"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(types, ["Article"], "{url}");
    }
}

/// The Fact Check Tools API's field names (REST reference, v1alpha1):
/// each object of `data/claimreview.json` by its place, with the fields
/// the API documents for it and those that every entry must have.
const API_FIELDS: &[(&str, &[&str], &[&str])] = &[
    (
        // ListClaimReviewMarkupPagesResponse
        "",
        &["claimReviewMarkupPages", "nextPageToken"],
        &["claimReviewMarkupPages"],
    ),
    (
        // ClaimReviewMarkupPage
        "claimReviewMarkupPages[]",
        &[
            "name",
            "pageUrl",
            "publishDate",
            "claimReviewAuthor",
            "claimReviewMarkups",
            "versionId",
        ],
        &["pageUrl", "claimReviewAuthor", "claimReviewMarkups"],
    ),
    (
        // ClaimReviewAuthor
        "claimReviewMarkupPages[].claimReviewAuthor",
        &["name", "imageUrl"],
        &["name"],
    ),
    (
        // ClaimReviewMarkup
        "claimReviewMarkupPages[].claimReviewMarkups[]",
        &[
            "url",
            "claimReviewed",
            "claimDate",
            "claimLocation",
            "claimFirstAppearance",
            "claimAppearances",
            "claimAuthor",
            "rating",
        ],
        &["url", "claimReviewed", "rating"],
    ),
    (
        // ClaimAuthor
        "claimReviewMarkupPages[].claimReviewMarkups[].claimAuthor",
        &["name", "jobTitle", "imageUrl", "sameAs"],
        &["name"],
    ),
    (
        // ClaimRating
        "claimReviewMarkupPages[].claimReviewMarkups[].rating",
        &[
            "textualRating",
            "ratingValue",
            "worstRating",
            "bestRating",
            "ratingExplanation",
            "imageUrl",
        ],
        &["textualRating"],
    ),
];

/// Checks every object under `v` (at `place`) against [`API_FIELDS`].
fn check_api_fields(v: &Value, place: &str, seen: &mut HashSet<String>) {
    match v {
        Value::Array(items) => {
            for item in items {
                check_api_fields(item, &format!("{place}[]"), seen);
            }
        }
        Value::Object(map) => {
            let (_, known, required) = API_FIELDS
                .iter()
                .find(|(p, ..)| *p == place)
                .unwrap_or_else(|| panic!("an object at `{place}`, where the API has none"));
            for key in map.keys() {
                assert!(
                    known.contains(&key.as_str()),
                    "`{key}` at `{place}` is not the API's"
                );
                seen.insert(format!("{place}.{key}"));
            }
            for key in *required {
                assert!(map.contains_key(*key), "`{key}` missing at `{place}`");
            }
            for (key, x) in map {
                let inner = match place {
                    "" => key.clone(),
                    _ => format!("{place}.{key}"),
                };
                if x.is_object() || x.as_array().is_some_and(|a| a.iter().any(Value::is_object)) {
                    check_api_fields(x, &inner, seen);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn claimreview_json_has_the_api_s_shape_and_one_page_per_rated_claim() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let data = json(&public.join("data/claimreview.json"));
    let mut seen = HashSet::new();
    check_api_fields(&data, "", &mut seen);
    assert_nothing_empty(&data, "claimreview.json");
    let rated: HashSet<&str> = RATED.iter().filter(|r| r.1).map(|r| r.0).collect();
    let expected: Vec<String> = claims_of(&public)
        .iter()
        .filter(|c| rated.contains(c["status"].as_str().unwrap()))
        .map(|c| format!("https://example.com/full/{}", c["url"].as_str().unwrap()))
        .collect();
    let pages = data["claimReviewMarkupPages"].as_array().unwrap();
    let urls: Vec<&str> = pages
        .iter()
        .map(|p| p["pageUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls, expected);
    // Each page's review agrees with the page's JSON-LD.
    for p in pages {
        let markups = p["claimReviewMarkups"].as_array().unwrap();
        assert_eq!(markups.len(), 1);
        let m = &markups[0];
        assert_eq!(m["url"], p["pageUrl"]);
        let file = m["url"]
            .as_str()
            .unwrap()
            .strip_prefix("https://example.com/full/")
            .unwrap();
        let html = page(&public.join(file).join("index.html"));
        let review = jsonld_nodes(&html).remove(0);
        assert_eq!(m["claimReviewed"], review["claimReviewed"]);
        assert_eq!(
            m["rating"]["textualRating"],
            review["reviewRating"]["alternateName"]
        );
        assert_eq!(
            m["rating"]["ratingValue"],
            review["reviewRating"]["ratingValue"]
        );
        assert_eq!(p["publishDate"], review["datePublished"]);
        assert_eq!(p["claimReviewAuthor"]["name"], review["author"]["name"]);
    }
    // The fixture's claim with every field fills every field dossier has
    // data for.
    for field in [
        "claimReviewMarkupPages[].claimReviewMarkups[].claimDate",
        "claimReviewMarkupPages[].claimReviewMarkups[].claimFirstAppearance",
        "claimReviewMarkupPages[].claimReviewMarkups[].claimAuthor",
        "claimReviewMarkupPages[].claimReviewMarkups[].claimAuthor.sameAs",
        "claimReviewMarkupPages[].claimReviewMarkups[].rating.ratingExplanation",
        "claimReviewMarkupPages[].claimReviewMarkups[].rating.bestRating",
        "claimReviewMarkupPages[].claimReviewMarkups[].rating.worstRating",
    ] {
        assert!(seen.contains(field), "no entry has {field}");
    }
}

#[test]
fn a_claim_page_shows_the_claim_and_links_to_its_span_in_the_report() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join(format!("claims/{FULL_CLAIM}/index.html")));
    assert_eq!(
        texts(&html, "h1"),
        ["The ferry did not sail for nine days, from 4 to 12 March 2024."]
    );
    let details: HashMap<String, String> = html
        .select(&sel(".claim-details > div"))
        .map(|d| {
            let text = |s: &str| {
                d.select(&sel(s))
                    .next()
                    .map(|e| e.text().collect::<String>())
                    .unwrap_or_default()
            };
            let squash = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
            (squash(text("dt")), squash(text("dd")))
        })
        .collect();
    assert_eq!(
        texts(&html, ".claim-rating"),
        ["Verified Confirmed by the cited sources."]
    );
    assert_eq!(
        texts(&html, ".claim-verdict"),
        ["Verdict: The harbour log records no sailing from 4 to 12 March."]
    );
    assert_eq!(details["Claimed by"], "Kell Ferry Organization");
    assert_eq!(details["Date"], "4 March 2024");
    assert_eq!(
        details["Appeared in"],
        "Interview with the ferry's founder, 15 March 2024 \
         Ferry stops as storm hits the coast, Brannock Gazette, 14 March 2024 Original: Ferry stops as storm hits the coast"
    );
    assert!(
        details["Reviewed in"].starts_with("Nine days without the island crossing, 20 March 2024"),
        "{details:?}"
    );
    assert_eq!(
        attrs(&html, ".claim-details a[href*='entities/']", "href"),
        ["../../entities/kell-ferry/"]
    );
    // The report, and the claim's span in its body.
    let to_span = attrs(&html, "a.claim-in-report", "href");
    assert_eq!(to_span, ["../../2024/kell-crossing/#claim-ferry-nine-days"]);
    let report = page(&public.join("2024/kell-crossing/index.html"));
    let span = report
        .select(&sel(".report-body #claim-ferry-nine-days"))
        .next()
        .expect("the span carries the anchor");
    assert!(span.value().classes().any(|c| c == "claim"));
    assert_eq!(
        attrs(&html, "#sources li > a:first-child", "href"),
        ["../../sources/harbour-log/"]
    );
    assert_eq!(
        attrs(&html, "#entities a", "href"),
        ["../../entities/kell-ferry/", "../../entities/brannock/"]
    );

    // A claim no span marks links to the report's Claims section.
    let unmarked = page(&public.join("claims/pilot-shortage/index.html"));
    assert_eq!(
        attrs(&unmarked, "a.claim-in-report", "href"),
        ["../../2024/kell-crossing/#claims"]
    );
    assert!(broken_in(&public).is_empty(), "{:?}", broken_in(&public));
}

fn broken_in(public: &Path) -> Vec<String> {
    crate::links::broken_links(public)
}

#[test]
fn every_claim_link_goes_to_the_claim_page() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let claims = claims_of(&public);
    for c in &claims {
        let id = c["id"].as_str().unwrap();
        assert_eq!(c["url"], format!("claims/{id}/"));
        assert!(public.join(format!("claims/{id}/index.html")).is_file());
    }
    // Claim rows on entity, source, report and index pages, and claim
    // spans in report bodies.
    let mut rows = 0;
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = page(entry.path());
        for href in attrs(&html, "a.claim-row-text, a.claim-text", "href") {
            rows += 1;
            assert!(
                !href.contains('#') && href.ends_with('/') && href.contains("claims/"),
                "{}: {href}",
                entry.path().display()
            );
            let target = entry
                .path()
                .parent()
                .unwrap()
                .join(&href)
                .join("index.html");
            assert!(target.is_file(), "{}: {href}", entry.path().display());
        }
    }
    assert!(rows > claims.len(), "claim links were found ({rows})");
    let entity = page(&public.join("entities/kell-ferry/index.html"));
    assert!(
        attrs(&entity, "a.claim-row-text", "href")
            .contains(&"../../claims/ferry-nine-days/".to_string())
    );
    let source = page(&public.join("sources/harbour-log/index.html"));
    assert!(
        attrs(&source, "a.claim-row-text", "href")
            .contains(&"../../claims/ferry-nine-days/".to_string())
    );
    // The sitemap lists every claim page.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    for c in &claims {
        let loc = format!(
            "<loc>https://example.com/full/{}</loc>",
            c["url"].as_str().unwrap()
        );
        assert!(sitemap.contains(&loc), "{loc}");
    }
}

#[test]
fn no_element_id_is_given_twice_on_a_report_page() {
    // A heading that would take a claim span's anchor, a claim marked
    // twice, and one marked in a note.
    let report = "---\ntitle: A\ndate: 2024-05-02\nclaims:\n  c1: {text: It happened., status: verified}\n---\n## Claim c1\n\nIt [happened](claim:c1), [again](claim:c1)[^n].\n\n## Claims\n\n[^n]: As [said](claim:c1).\n";
    let dir = site(&[("content/a.md", report)]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("a/index.html"));
    let ids = attrs(&html, "[id]", "id");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
    assert_eq!(attrs(&html, ".claim[id]", "id"), ["claim-c1"]);
    assert!(ids.contains(&"h-claim-c1".to_string()), "{ids:?}");
    let claim = page(&public.join("claims/c1/index.html"));
    assert_eq!(
        attrs(&claim, "a.claim-in-report", "href"),
        ["../../a/#claim-c1"]
    );
}

#[test]
fn a_draft_s_claims_have_pages_only_with_drafts_and_stay_unpublished() {
    let draft = "---\ntitle: D\ndate: 2024-05-02\ndraft: true\nclaims:\n  c1: {text: It happened., status: verified}\n---\n[It happened](claim:c1).\n";
    let dir = site(&[("content/d.md", draft)]);
    let public = build_ok(dir.path(), &[]);
    assert!(!public.join("claims/c1/index.html").exists());
    let public = build_ok(dir.path(), &["--drafts"]);
    let html = page(&public.join("claims/c1/index.html"));
    assert_eq!(attrs(&html, "meta[name=robots]", "content"), ["noindex"]);
    assert!(jsonld_nodes(&html).is_empty());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("claims/c1/"), "{sitemap}");
    let data = json(&public.join("data/claimreview.json"));
    assert_eq!(data["claimReviewMarkupPages"], serde_json::json!([]));
}

#[test]
fn a_link_in_a_body_to_a_claim_page_is_not_a_broken_link() {
    let report = "---\ntitle: A\ndate: 2024-05-02\nclaims:\n  c1: {text: It happened., status: verified, sources: [s]}\nsources:\n  s: {title: S}\n---\nSee [the claim](../claims/c1/) [@s]; [a missing one](../claims/c2/).\n";
    let dir = site(&[("content/a.md", report)]);
    let out = dossier(&["build"], dir.path());
    let err = stderr(&out);
    assert!(!err.contains("the link `../claims/c1/`"), "{err}");
    assert!(
        err.contains("warning[W004]: the link `../claims/c2/` leads to no page"),
        "{err}"
    );
}
