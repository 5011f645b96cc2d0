//! Different names never share one URL silently: tags get pages of their
//! own, and every other collision is an error naming both places.

use crate::*;

fn report(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-05-02\n{extra}---\nBody.\n")
}

#[test]
fn tags_that_slug_alike_get_pages_of_their_own() {
    let dir = site(&[
        ("content/a.md", &report("On C", "tags: [c]\n")),
        ("content/b.md", &report("On C++", "tags: [c++]\n")),
        ("content/c.md", &report("On C sharp", "tags: [c#]\n")),
    ]);
    let public = build_ok(dir.path(), &[]);
    for (slug, name, title) in [
        ("c", "c", "On C"),
        ("c-plus-plus", "c++", "On C++"),
        ("c-sharp", "c#", "On C sharp"),
    ] {
        let html = page(&public.join(format!("tags/{slug}/index.html")));
        assert_eq!(texts(&html, "h1"), [format!("Tag: {name}")], "{slug}");
        assert_eq!(texts(&html, ".card-title"), [title], "{slug}");
    }
    let index = page(&public.join("tags/index.html"));
    let mut links = attrs(&index, "main a[href]", "href");
    links.sort();
    assert_eq!(
        links,
        ["../tags/c-plus-plus/", "../tags/c-sharp/", "../tags/c/"]
    );
    let b = page(&public.join("b/index.html"));
    assert_eq!(attrs(&b, "main .tags a", "href"), ["../tags/c-plus-plus/"]);
}

#[test]
fn tags_that_differ_only_in_case_are_one_tag() {
    let dir = site(&[
        ("content/a.md", &report("A", "tags: [Água, água]\n")),
        ("content/b.md", &report("B", "tags: [água]\n")),
        // The same letters with a combining accent (NFD).
        ("content/c.md", &report("C", "tags: [\"a\u{301}gua\"]\n")),
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("tags/água/index.html"));
    assert_eq!(texts(&html, ".card-title"), ["A", "B", "C"]);
    // Its name is its most frequent spelling, everywhere.
    assert_eq!(texts(&html, "h1"), ["Tag: água"]);
    for report in ["a", "b", "c"] {
        let html = page(&public.join(format!("{report}/index.html")));
        assert_eq!(texts(&html, ".report-header .tags a"), ["água"], "{report}");
        let ld = html
            .select(&sel("script[type='application/ld+json']"))
            .next()
            .unwrap()
            .inner_html();
        let ld: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(ld["@graph"][0]["keywords"], serde_json::json!(["água"]));
    }
    let home = page(&public.join("index.html"));
    assert_eq!(texts(&home, ".card .tags a"), ["água", "água", "água"]);
    let index = page(&public.join("tags/index.html"));
    assert_eq!(texts(&index, ".tag-cloud a"), ["água 3 reports"]);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    for r in data["reports"].as_array().unwrap() {
        assert_eq!(r["tags"], serde_json::json!(["água"]), "{}", r["id"]);
    }
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let terms: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("category"))
        .filter_map(|n| n.attribute("term"))
        .collect();
    assert_eq!(terms, ["água", "água", "água"]);
}

#[test]
fn a_tag_spelled_as_often_one_way_as_another_takes_the_first_by_path() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-05-01\ntags: [Zeta]\n---\nBody.\n",
        ),
        // Newer, so listed first: the name still comes from `a.md`.
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-05-03\ntags: [zeta]\n---\nBody.\n",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("tags/zeta/index.html"));
    assert_eq!(texts(&html, "h1"), ["Tag: Zeta"]);
    let b = page(&public.join("b/index.html"));
    assert_eq!(texts(&b, ".report-header .tags a"), ["Zeta"]);
}

#[test]
fn every_other_url_collision_is_an_error_naming_both_places() {
    let dir = site(&[
        // A report against another report's file name.
        ("content/a.md", &report("A", "slug: b\n")),
        ("content/b.md", &report("B", "")),
        // A report against a section, with and without an `_index.md`.
        ("content/2024.md", &report("Year", "")),
        ("content/2024/x.md", &report("X", "")),
        ("content/world.md", &report("World", "")),
        ("content/world/_index.md", "---\ntitle: World\n---\n"),
        // A report against the site's own pages and files.
        ("content/about.md", &report("About", "slug: tags\n")),
        ("content/feed.xml.md", &report("Feed", "")),
        // A section's later pages.
        ("content/2024/page/y.md", &report("Y", "")),
        ("content/2023/w.md", &report("W", "")),
        ("content/2023/z.md", &report("Z", "slug: page\n")),
        // A section that is only an `_index.md`.
        ("content/claims/_index.md", "---\ntitle: Claims\n---\n"),
    ]);
    let out = dossier(&["check"], dir.path());
    let output = format!("exit status: {:?}\n{}", out.status.code(), stderr(&out));
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("url-collisions", output);
    });
}

#[test]
fn names_that_differ_only_in_case_are_one_folder_on_macos_and_windows() {
    let dir = site(&[
        ("content/About.md", &report("About", "")),
        ("content/x.md", &report("X", "slug: about\n")),
        ("content/Data.md", &report("Data", "")),
        ("content/News/a.md", &report("A", "")),
        ("content/News/sub/d.md", &report("D", "")),
        ("content/news/b.md", &report("B", "")),
        ("content/news/sub/c.md", &report("C", "")),
        ("content/Tags/e.md", &report("E", "")),
        ("content/2024/g.md", &report("G", "")),
        ("content/2024/Page/f.md", &report("F", "")),
    ]);
    let out = dossier(&["check"], dir.path());
    let output = format!("exit status: {:?}\n{}", out.status.code(), stderr(&out));
    insta::with_settings!({prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("url-collisions-in-case", output);
    });
}
