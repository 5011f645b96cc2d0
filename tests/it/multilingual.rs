//! A site in two languages (`tests/sites/bilingual`, `languages: [en, es]`)
//! as readers and search engines get it: every page's `hreflang`
//! alternates point at pages that exist and point back, the language
//! switcher matches them, and each language has its own listings,
//! indexes, feed and `data/site.json`, under one sitemap.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::Html;

use crate::*;

const BASE: &str = "https://example.com/watch/";

/// The fixture built; its output folder.
fn built(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = fixture("bilingual");
    let public = build_ok(dir.path(), extra);
    (dir, public)
}

/// Every HTML page of the output but the 404 page, by its URL from the
/// site root (`es/2024/ferry/`).
fn pages(public: &Path) -> BTreeMap<String, Html> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(public).unwrap();
        let rel = rel.to_str().unwrap().to_string();
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let url = rel.trim_end_matches("index.html").to_string();
        out.insert(url, page(entry.path()));
    }
    out
}

/// The language a page's URL puts it in.
fn lang_of(url: &str) -> &'static str {
    if url.starts_with("es/") { "es" } else { "en" }
}

/// A page's `hreflang` alternates, `x-default` apart: language → URL.
fn alternates(html: &Html) -> BTreeMap<String, String> {
    html.select(&sel("link[rel=alternate][hreflang]"))
        .filter_map(|l| {
            let lang = l.value().attr("hreflang")?;
            let href = l.value().attr("href")?;
            (lang != "x-default").then(|| (lang.to_string(), href.to_string()))
        })
        .collect()
}

fn x_default(html: &Html) -> Vec<String> {
    attrs(html, "link[rel=alternate][hreflang=x-default]", "href")
}

/// `href` (relative, as written on the page at `url`) as a URL from the
/// site root.
fn resolve(url: &str, href: &str) -> String {
    let mut parts: Vec<&str> = url.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if href.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out
}

/// The page in the other language at the same URL.
fn counterpart(url: &str) -> String {
    match url.strip_prefix("es/") {
        Some(rest) => rest.to_string(),
        None => format!("es/{url}"),
    }
}

/// The checks of every page of an output built with `base` as its
/// `base_url`; returns how many pages had alternates.
fn check_alternates(public: &Path, base: &str) -> usize {
    let pages = pages(public);
    assert!(pages.len() > 60, "{} pages", pages.len());
    let mut with = 0;
    for (url, html) in &pages {
        let lang = lang_of(url);
        assert_eq!(attrs(html, "html", "lang"), [lang], "{url}");
        let own = alternates(html);
        let switcher: Vec<_> = html.select(&sel(".language-switcher a")).collect();
        if own.is_empty() {
            assert!(x_default(html).is_empty(), "{url}: x-default alone");
            assert!(switcher.is_empty(), "{url}: a switcher with no alternates");
            // A page both languages have is linked to its other version.
            assert!(
                !pages.contains_key(&counterpart(url)) || url.starts_with("2024/winter"),
                "{url}: no alternates, but {} exists",
                counterpart(url)
            );
            continue;
        }
        with += 1;
        // Itself among them, at its canonical address.
        let canonical = format!("{base}{url}");
        assert_eq!(
            attrs(html, "link[rel=canonical]", "href"),
            std::slice::from_ref(&canonical)
        );
        assert_eq!(own.get(lang), Some(&canonical), "{url}: {own:?}");
        assert_eq!(own.len(), 2, "{url}: {own:?}");
        // x-default: the default language's version.
        assert_eq!(x_default(html), [own["en"].clone()], "{url}");
        for (other, href) in &own {
            let target = href
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{url}: {href} is not under {base}"));
            assert_eq!(lang_of(target), other, "{url}: {href}");
            let there = pages
                .get(target)
                .unwrap_or_else(|| panic!("{url}: {href} is no page"));
            // It links back: the same set of versions on both.
            assert_eq!(&alternates(there), &own, "{url} ↔ {target}");
        }
        // The switcher: one link per version, relative, each marked with
        // its language, the page itself as the current one.
        let nav = html.select(&sel("nav.language-switcher")).next().unwrap();
        assert!(nav.value().attr("aria-label").is_some(), "{url}");
        let mut seen = BTreeMap::new();
        let mut current = Vec::new();
        for a in &switcher {
            let href = a.value().attr("href").unwrap();
            assert!(!href.contains("://"), "{url}: {href} is absolute");
            let l = a.value().attr("lang").unwrap();
            assert_eq!(a.value().attr("hreflang"), Some(l), "{url}");
            seen.insert(l.to_string(), format!("{base}{}", resolve(url, href)));
            if a.value().attr("aria-current").is_some() {
                current.push(l.to_string());
            }
        }
        assert_eq!(seen, own, "{url}: switcher and alternates differ");
        assert_eq!(current, [lang], "{url}");
    }
    with
}

#[test]
fn every_page_links_its_translations_both_ways() {
    let (_dir, public) = built(&[]);
    let with = check_alternates(&public, BASE);
    // Everything both languages have: home and section (two pages each),
    // three reports, indexes, claims, entities, sources.
    assert!(with >= 40, "{with}");
    // The report with no translation has neither alternates nor switcher.
    let lone = page(&public.join("2024/winter-timetable/index.html"));
    assert!(alternates(&lone).is_empty());
    assert!(!public.join("es/2024/winter-timetable").exists());
    // Nor has the 404 page, which is the site's, once.
    let not_found = page(&public.join("404.html"));
    assert!(alternates(&not_found).is_empty());
    assert_eq!(attrs(&not_found, "html", "lang"), ["en"]);
    assert!(!public.join("es/404.html").exists());
}

#[test]
fn alternates_follow_the_base_url_and_links_stay_relative() {
    let base = "https://news.example.net/deep/path/";
    let (_dir, public) = built(&["--base-url", base]);
    check_alternates(&public, base);
    // Moved under a sub-path, every link of every page still resolves.
    let nested = tempfile::tempdir().unwrap();
    let moved = nested.path().join("deep/path");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&public, &moved).unwrap();
    let broken = crate::links::broken_links(&moved);
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A feed's language, its own link and its entries' titles and links.
fn feed(path: &Path) -> (String, String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let root = doc.root_element();
    let lang = root
        .attribute(("http://www.w3.org/XML/1998/namespace", "lang"))
        .unwrap()
        .to_string();
    let site_link = root
        .children()
        .find(|c| c.has_tag_name("link") && c.attribute("rel").is_none())
        .and_then(|l| l.attribute("href"))
        .unwrap()
        .to_string();
    let entries = root
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .map(|e| {
            let child = |name: &str| e.children().find(|c| c.has_tag_name(name)).unwrap();
            let title = child("title").text().unwrap().to_string();
            let link = child("link").attribute("href").unwrap();
            (title, link.to_string())
        })
        .collect();
    (lang, site_link, entries)
}

#[test]
fn each_language_has_its_own_feed() {
    let (_dir, public) = built(&[]);
    let (lang, link, entries) = feed(&public.join("feed.xml"));
    assert_eq!(lang, "en");
    assert_eq!(link, BASE);
    assert_eq!(
        entries,
        [
            ("The harbour in numbers", "2024/harbour/"),
            ("No pilots on duty", "2024/pilots/"),
            ("Nine days without a ferry", "2024/ferry/"),
            ("The winter timetable", "2024/winter-timetable/"),
        ]
        .map(|(t, u)| (t.to_string(), format!("{BASE}{u}")))
    );
    let (lang, link, entries) = feed(&public.join("es/feed.xml"));
    assert_eq!(lang, "es");
    assert_eq!(link, format!("{BASE}es/"));
    assert_eq!(
        entries,
        [
            ("El puerto en cifras", "es/2024/harbour/"),
            ("Sin prácticos de guardia", "es/2024/pilots/"),
            ("Nueve días sin transbordador", "es/2024/ferry/"),
        ]
        .map(|(t, u)| (t.to_string(), format!("{BASE}{u}")))
    );
    let raw = std::fs::read_to_string(public.join("es/feed.xml")).unwrap();
    assert!(raw.contains(&format!("href=\"{BASE}es/feed.xml\" rel=\"self\"")));
    // Each language's pages announce their own feed.
    let home = page(&public.join("es/index.html"));
    assert_eq!(
        attrs(&home, "link[type='application/atom+xml']", "href"),
        ["./feed.xml"]
    );
    let report = page(&public.join("es/2024/ferry/index.html"));
    assert_eq!(
        attrs(&report, "link[type='application/atom+xml']", "href"),
        ["../../feed.xml"]
    );
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn each_language_has_its_own_site_json() {
    let (_dir, public) = built(&[]);
    let en = json(&public.join("data/site.json"));
    let es = json(&public.join("es/data/site.json"));
    assert_eq!(en["site"]["language"], "en");
    assert_eq!(en["site"]["base_url"], BASE);
    assert_eq!(es["site"]["language"], "es");
    assert_eq!(es["site"]["base_url"], format!("{BASE}es/"));
    let titles = |d: &serde_json::Value| -> Vec<String> {
        d["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        titles(&es),
        [
            "El puerto en cifras",
            "Sin prácticos de guardia",
            "Nueve días sin transbordador"
        ]
    );
    assert_eq!(titles(&en).len(), 4);
    let report = |d: &serde_json::Value, id: &str| {
        d["reports"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    // Each report names its versions in the other languages, absolute.
    let ferry = report(&en, "2024/ferry");
    assert_eq!(ferry["url"], "2024/ferry/");
    assert_eq!(
        ferry["translations"],
        serde_json::json!([{"language": "es", "url": format!("{BASE}es/2024/ferry/")}])
    );
    let ferry = report(&es, "2024/ferry");
    assert_eq!(ferry["url"], "2024/ferry/");
    assert_eq!(ferry["tags"], serde_json::json!(["puerto", "transporte"]));
    assert_eq!(
        ferry["translations"],
        serde_json::json!([{"language": "en", "url": format!("{BASE}2024/ferry/")}])
    );
    assert_eq!(
        report(&en, "2024/winter-timetable")["translations"],
        serde_json::json!([])
    );
    // Claims in each language's words, with one id and one status.
    let claim = |d: &serde_json::Value| {
        d["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "nine-days")
            .unwrap()
            .clone()
    };
    assert_eq!(
        claim(&es)["text"],
        "El transbordador no navegó durante nueve días."
    );
    assert_eq!(claim(&en)["status"], claim(&es)["status"]);
    assert!(
        !es["claims"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "fewer-crossings")
    );
    // Registry translations: the Spanish text, the same id.
    let entity = |d: &serde_json::Value| {
        d["entities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == "ana-kell")
            .unwrap()
            .clone()
    };
    assert_eq!(entity(&es)["url"], "entities/ana-kell/");
    let source = es["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "minutes")
        .unwrap()
        .clone();
    assert_eq!(source["title"], "Acta de la junta del puerto");
}

#[test]
fn a_single_language_site_json_names_its_language_and_no_translations() {
    let dir = fixture("lang-es");
    let public = build_ok(dir.path(), &[]);
    let data = json(&public.join("data/site.json"));
    assert_eq!(data["site"]["language"], "es");
    assert!(
        data["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("translations").is_none())
    );
}

#[test]
fn listings_indexes_tags_and_claims_per_language() {
    let (_dir, public) = built(&[]);
    let titles = |path: &str| -> BTreeSet<String> {
        let html = page(&public.join(path));
        texts(&html, "main h2 a, main h3 a").into_iter().collect()
    };
    let en_reports: BTreeSet<String> = [
        "The harbour in numbers",
        "No pilots on duty",
        "Nine days without a ferry",
        "The winter timetable",
    ]
    .map(String::from)
    .into();
    let es_reports: BTreeSet<String> = [
        "El puerto en cifras",
        "Sin prácticos de guardia",
        "Nueve días sin transbordador",
    ]
    .map(String::from)
    .into();
    // Two to a page: the section's two pages hold each language's reports.
    for (first, second, want) in [
        ("2024/index.html", "2024/page/2/index.html", &en_reports),
        (
            "es/2024/index.html",
            "es/2024/page/2/index.html",
            &es_reports,
        ),
        ("index.html", "page/2/index.html", &en_reports),
        ("es/index.html", "es/page/2/index.html", &es_reports),
    ] {
        let mut all = titles(first);
        all.extend(titles(second));
        let found: BTreeSet<String> = all.intersection(want).cloned().collect();
        assert_eq!(&found, want, "{first}: {all:?}");
        assert!(all.is_disjoint(if want == &en_reports {
            &es_reports
        } else {
            &en_reports
        }));
    }
    // The section's own text, in each language.
    let section = std::fs::read_to_string(public.join("es/2024/index.html")).unwrap();
    assert!(section.contains("Lo que publicamos en 2024."));
    assert!(!section.contains("What we published"));
    // Tags are each language's own.
    let es_tags = texts(&page(&public.join("es/tags/index.html")), ".tag-cloud a");
    assert!(
        es_tags.iter().any(|t| t.starts_with("puerto")),
        "{es_tags:?}"
    );
    assert!(
        !es_tags.iter().any(|t| t.starts_with("port")),
        "{es_tags:?}"
    );
    assert!(public.join("es/tags/puerto/page/2/index.html").exists());
    assert!(!public.join("es/tags/port").exists());
    assert!(!public.join("tags/puerto").exists());
    // Claims: the Spanish text and labels on the Spanish claim pages.
    let claim = page(&public.join("es/claims/nine-days/index.html"));
    let h1 = texts(&claim, "h1").join(" ");
    assert!(h1.contains("nueve días"), "{h1}");
    let claims = std::fs::read_to_string(public.join("es/claims/index.html")).unwrap();
    assert!(claims.contains("La tormenta fue la única causa."));
    assert!(!claims.contains("The storm was the only cause."));
    assert!(!public.join("es/claims/fewer-crossings").exists());
    assert!(!public.join("es/claims/status/unverified").exists());
    let badges = texts(
        &page(&public.join("es/claims/index.html")),
        "#status-key .badge",
    );
    assert!(badges.contains(&"Verificada".to_string()), "{badges:?}");
    // Registry pages in each language's words.
    let entity = std::fs::read_to_string(public.join("es/entities/ana-kell/index.html")).unwrap();
    assert!(entity.contains("Fundadora de la naviera Kell."));
    assert!(!entity.contains("Founder of the Kell"));
    let entity = std::fs::read_to_string(public.join("entities/ana-kell/index.html")).unwrap();
    assert!(entity.contains("Founder of the Kell shipping line."));
    // An entity with no registry translation keeps the default's text.
    let board =
        std::fs::read_to_string(public.join("es/entities/harbour-board/index.html")).unwrap();
    assert!(board.contains("The body that runs the port."));
    let source = texts(&page(&public.join("es/sources/minutes/index.html")), "h1");
    assert_eq!(source, ["Acta de la junta del puerto"]);
    // The navigation of a Spanish page stays in Spanish pages.
    let nav = attrs(
        &page(&public.join("es/2024/ferry/index.html")),
        ".site-nav a",
        "href",
    );
    for href in &nav {
        assert!(resolve("es/2024/ferry/", href).starts_with("es/"), "{href}");
    }
    // A bundle's files are beside each language's version of it.
    assert!(public.join("es/2024/harbour/tonnage.csv").exists());
    assert!(public.join("2024/harbour/tonnage.csv").exists());
}

#[test]
fn one_sitemap_lists_every_page_with_its_versions() {
    let (_dir, public) = built(&[]);
    let text = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut listed = BTreeMap::new();
    for url in doc
        .root_element()
        .children()
        .filter(|c| c.has_tag_name("url"))
    {
        let loc = url
            .children()
            .find(|c| c.has_tag_name("loc"))
            .and_then(|l| l.text())
            .unwrap()
            .to_string();
        let links: BTreeMap<String, String> = url
            .children()
            .filter(|c| c.has_tag_name((xhtml, "link")))
            .map(|l| {
                assert_eq!(l.attribute("rel"), Some("alternate"));
                (
                    l.attribute("hreflang").unwrap().to_string(),
                    l.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        assert!(listed.insert(loc.clone(), links).is_none(), "{loc} twice");
    }
    let pages = pages(&public);
    let want: BTreeSet<String> = pages.keys().map(|u| format!("{BASE}{u}")).collect();
    let got: BTreeSet<String> = listed.keys().cloned().collect();
    assert_eq!(got, want);
    // Each entry's alternates are its page's, x-default included.
    for (url, html) in &pages {
        let mut own = alternates(html);
        if let Some(x) = x_default(html).first() {
            own.insert("x-default".into(), x.clone());
        }
        assert_eq!(listed[&format!("{BASE}{url}")], own, "{url}");
    }
    // One sitemap, one robots.txt, one 404 page: at the root.
    for file in ["sitemap.xml", "robots.txt", "404.html"] {
        assert!(public.join(file).exists(), "{file}");
        assert!(!public.join("es").join(file).exists(), "es/{file}");
    }
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

#[test]
fn a_single_language_sitemap_has_no_alternates() {
    let dir = fixture("lang-es");
    let public = build_ok(dir.path(), &[]);
    let text = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!text.contains("xhtml"), "{text}");
    assert!(text.contains("<url><loc>https://example.com/cronica/</loc></url>"));
}

#[test]
fn a_draft_translation_is_no_alternate_in_the_sitemap() {
    let dir = fixture("bilingual");
    let draft = dir.path().join("content/2024/pilots.es.md");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(&draft, text.replacen("\n---\n", "\ndraft: true\n---\n", 1)).unwrap();
    let public = build_ok(dir.path(), &["--drafts"]);
    // The preview links the two versions, as readers of it would expect.
    let html = page(&public.join("2024/pilots/index.html"));
    assert_eq!(alternates(&html).len(), 2);
    // The sitemap announces neither the draft nor it as an alternate.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("es/2024/pilots/"), "{sitemap}");
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains(&format!("<loc>{BASE}2024/pilots/</loc>")))
        .unwrap();
    assert!(!entry.contains("xhtml:link"), "{entry}");
    // Its other pages keep theirs.
    assert!(sitemap.contains(&format!("hreflang=\"es\" href=\"{BASE}es/2024/ferry/\"")));
}

/// dossier.yaml's `title` and `description` may be given per language:
/// each language's pages and feed show their own, and a language given
/// none shows the default's, marked with its language; a language the
/// site does not list is E013 at the key.
#[test]
fn the_site_description_is_per_language_with_a_marked_fallback() {
    let (dir, public) = built(&[]);
    let config = dir.path().join("dossier.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap().replace(
        "description: A made-up bilingual site for the tests of translations.\n",
        "description:\n  en: A made-up bilingual site.\n  es: Un sitio bilingüe inventado.\n",
    );
    std::fs::write(&config, &yaml).unwrap();
    let public2 = build_ok(dir.path(), &[]);
    assert_eq!(public, public2);
    let lead = |path: &str| {
        let html = page(&public.join(path));
        let p = html.select(&sel("p.lead")).next().unwrap();
        (
            p.text().collect::<String>(),
            p.value().attr("lang").map(str::to_string),
        )
    };
    assert_eq!(
        lead("index.html"),
        ("A made-up bilingual site.".into(), None)
    );
    assert_eq!(
        lead("es/index.html"),
        ("Un sitio bilingüe inventado.".into(), None)
    );
    let atom = std::fs::read_to_string(public.join("es/feed.xml")).unwrap();
    assert!(
        atom.contains("<subtitle>Un sitio bilingüe inventado.</subtitle>"),
        "{atom}"
    );

    // Spanish left out: the English text, marked.
    let only_en = yaml.replace("  es: Un sitio bilingüe inventado.\n", "");
    std::fs::write(&config, &only_en).unwrap();
    build_ok(dir.path(), &[]);
    assert_eq!(
        lead("es/index.html"),
        ("A made-up bilingual site.".into(), Some("en".into()))
    );
    assert_eq!(lead("index.html").1, None);

    // A language the site does not have.
    std::fs::write(
        &config,
        only_en.replace("  en: A made", "  fr: Un site.\n  en: A made"),
    )
    .unwrap();
    let out = dossier(&["build"], dir.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error[E013]: `fr` is not one of the site's languages")
            && err.contains("dossier.yaml:4:3"),
        "{err}"
    );
}
