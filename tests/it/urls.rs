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
    ]);
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("tags/agua/index.html"));
    assert_eq!(texts(&html, ".card-title"), ["A", "B"]);
    assert!(!public.join("tags/água").exists());
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
