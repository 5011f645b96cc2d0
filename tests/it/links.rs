//! Every link in the output is relative and lands on a file and, for
//! `#fragment` links, on an element with that id.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::*;

/// Element ids per HTML file, read lazily.
struct Ids(HashMap<PathBuf, HashSet<String>>);

impl Ids {
    fn of(&mut self, file: &Path) -> &HashSet<String> {
        self.0.entry(file.to_path_buf()).or_insert_with(|| {
            let html = page(file);
            attrs(&html, "[id]", "id").into_iter().collect()
        })
    }
}

/// Checks every `href` and `src` of every HTML file under `public`;
/// returns the broken ones.
pub(crate) fn broken_links(public: &Path) -> Vec<String> {
    let mut ids = Ids(HashMap::new());
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(public) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || path.ends_with("404.html") {
            continue;
        }
        let html = page(path);
        let mut links = attrs(&html, "[href]", "href");
        links.extend(attrs(&html, "[src]", "src"));
        for link in links {
            if link.starts_with("https://")
                || link.starts_with("http://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            if link.starts_with('/') {
                broken.push(format!("{}: absolute path {link}", path.display()));
                continue;
            }
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.as_str(), None),
            };
            let mut file = if target.is_empty() {
                path.to_path_buf()
            } else {
                path.parent().unwrap().join(target)
            };
            if target.ends_with('/') || file.is_dir() {
                file = file.join("index.html");
            }
            let Ok(file) = file.canonicalize() else {
                broken.push(format!("{}: {link}", path.display()));
                continue;
            };
            if !file.starts_with(public.canonicalize().unwrap()) {
                broken.push(format!("{}: {link} leaves the site", path.display()));
            }
            if let Some(fragment) = fragment
                && !fragment.is_empty()
                && file.extension().is_some_and(|e| e == "html")
                && !ids.of(&file).contains(fragment)
            {
                broken.push(format!("{}: {link} (no such id)", path.display()));
            }
        }
    }
    broken
}

#[test]
fn full_fixture_has_no_broken_links() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &["--drafts"]);
    let broken = broken_links(&public);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn links_are_relative_so_a_sub_path_works() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &[]);
    let html = page(&public.join("2024/harbour/night-shift-report/index.html"));
    let hrefs = attrs(&html, "a[href]", "href");
    assert!(hrefs.iter().any(|h| h == "../../../entities/"), "{hrefs:?}");
    // The base URL appears only where an absolute URL is required.
    let raw =
        std::fs::read_to_string(public.join("2024/harbour/night-shift-report/index.html")).unwrap();
    let canonical = attrs(&html, "link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        ["https://example.com/full/2024/harbour/night-shift-report/"]
    );
    // Out of the head, only the "cite this" block gives it: a citation
    // names the report's published address, and as text, not as a link.
    let body = raw.split("</head>").nth(1).unwrap();
    let (before, cite) = body.split_once("<section id=\"cite-this\"").unwrap();
    let after = cite.split_once("</section>").unwrap().1;
    let outside_head_and_cite = format!("{before}{after}")
        .matches("https://example.com/full/")
        .count();
    assert_eq!(outside_head_and_cite, 0);
    assert!(
        !hrefs
            .iter()
            .any(|h| h.starts_with("https://example.com/full/"))
    );
    // Placed under a sub-path, every link still resolves.
    let nested = tempfile::tempdir().unwrap();
    let moved = nested.path().join("deep/sub/path");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&public, &moved).unwrap();
    let broken = broken_links(&moved);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn feed_and_sitemap_use_the_base_url() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &["--base-url", "https://news.example.org/r"]);
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<link href=\"https://news.example.org/r/2024/kell-crossing/\"/>"),
        "{feed}"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://news.example.org/r/entities/kell-ferry/</loc>"));
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://news.example.org/r/sitemap.xml"));
    assert!(public.join("404.html").exists());
    assert!(
        public.join("files/readme.txt").exists(),
        "static files are copied"
    );
}

/// Markdown shown at a URL other than the page it was written for (a
/// section's intro on its later pages, the home page's intro, a registry
/// body on an entity's later pages) keeps its links working there.
#[test]
fn intros_and_registry_bodies_keep_their_links_on_every_page() {
    let report = |title: &str, day: u32| {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-{day:02}\nentities: {{kell: }}\n---\nOn [[kell]].\n"
        )
    };
    let dir = site(&[
        ("dossier.yaml", &format!("{CONFIG}paginate_by: 1\n")),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nStart with [the first report](2024/first/).\n",
        ),
        (
            "content/2024/_index.md",
            "---\ntitle: 2024\n---\nSee [the first report](first/), ![a map](../files/map.svg) and [home](../#main).\n\n<p class=\"raw\">Or <a href=\"first/\">raw</a> <a HREF='https://example.org/'>out</a> <img src=\"../files/map.svg\" alt=\"map\"></p>\n",
        ),
        ("content/2024/first.md", &report("First", 1)),
        ("content/2024/second.md", &report("Second", 2)),
        (
            "content/entities/kell.md",
            "---\nname: Kell\n---\nSee [the sources](../../sources/).\n",
        ),
        (
            "static/files/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("2024/page/2/index.html").exists());
    assert!(public.join("page/2/index.html").exists());
    assert!(public.join("entities/kell/page/2/index.html").exists());
    let intro = |path: &str| {
        attrs(
            &page(&public.join(path)),
            ".intro a, .intro img, .prose a",
            "href",
        )
    };
    assert_eq!(intro("2024/page/2/index.html")[0], "../../../2024/first/");
    assert_eq!(intro("2024/index.html")[0], "first/");
    assert_eq!(intro("page/2/index.html")[0], "../../2024/first/");
    assert_eq!(
        attrs(
            &page(&public.join("2024/page/2/index.html")),
            ".intro img",
            "src"
        ),
        ["../../../files/map.svg", "../../../files/map.svg"]
    );
    // Raw HTML in the Markdown too.
    let page2 = page(&public.join("2024/page/2/index.html"));
    assert_eq!(
        attrs(&page2, ".raw a", "href"),
        ["../../../2024/first/", "https://example.org/"]
    );
    assert_eq!(attrs(&page2, ".raw img", "src"), ["../../../files/map.svg"]);
    assert_eq!(
        attrs(
            &page(&public.join("entities/kell/page/2/index.html")),
            ".prose a",
            "href"
        ),
        ["../../../../sources/"]
    );
    let broken = broken_links(&public);
    assert!(broken.is_empty(), "{broken:#?}");
}

/// A broken link in an `_index.md` or a registry body is reported at its
/// place, like one in a report.
#[test]
fn links_outside_report_bodies_are_checked() {
    let dir = site(&[
        (
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [nothing](2023/).\n",
        ),
        (
            "content/2024/_index.md",
            "---\ntitle: 2024\n---\nSee [the first report](frist/).\n",
        ),
        (
            "content/2024/first.md",
            "---\ntitle: First\ndate: 2024-01-01\n---\nBody.\n",
        ),
        (
            "content/entities/kell.md",
            "---\nname: Kell\n---\nSee\n[the owner](../kel/).\n",
        ),
    ]);
    let out = dossier(&["build"], dir.path());
    let err = stderr(&out);
    for place in [
        "content/_index.md:4:5",
        "content/2024/_index.md:4:5",
        "content/entities/kell.md:5:1",
    ] {
        assert!(err.contains(place), "{place} missing:\n{err}");
    }
    assert_eq!(err.matches("warning[W004]").count(), 3, "{err}");
}

/// W004 also checks `#fragment`s (on the same page and on other reports)
/// and image paths.
#[test]
fn fragments_and_images_are_checked() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nsources:\n  s1: {title: S}\n---\n## Budget {#money}\n\n## Año\n\nCited [@s1].[^1]\n\nSee [money](#money), [año](#a%C3%B1o), [sources](#sources), [b's method](../b/#method), [notes](#note-1).\n\nBroken: [here](#mony), [there](../b/#methd), ![chart](../charts/x.png), ![ok](../files/map.svg).\n\n[^1]: A note.\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\n---\n## Method\n\nText.\n",
        ),
        (
            "static/files/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert_eq!(err.matches("warning[W004]").count(), 2, "{err}");
    assert!(
        err.contains("the link `#mony` leads to `a/`, which has no element `#mony`"),
        "{err}"
    );
    assert!(err.contains("did you mean `money`?"), "{err}");
    assert!(
        err.contains("the link `../b/#methd` leads to `b/`, which has no element `#methd`"),
        "{err}"
    );
    assert!(
        err.contains("error[E028]: the file `../charts/x.png` is not there"),
        "{err}"
    );
}

/// Fragments must name an element the target page really has: a section
/// a report without claims or notes does not show is not there; later
/// pages of a listing are pages.
#[test]
fn fragments_name_what_the_page_has_and_list_pages_are_pages() {
    let report = |title: &str, day: u32, body: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2024-01-{day:02}\nsources:\n  s1: {{title: S}}\n---\n{body}\n"
        )
    };
    let dir = site(&[
        ("dossier.yaml", &format!("{CONFIG}paginate_by: 1\n")),
        (
            "content/2024/first.md",
            &report(
                "First",
                1,
                "Cited [@s1].\n\nGood: [s](#source-s1), [p](../page/2/), [h](../../page/3/), [c](#cite-s1-1).\n\nBad: [n](../second/#notes), [c](#claims), [x](#source-nothing), [y](#note-9), [z](../page/9/).",
            ),
        ),
        (
            "content/2024/second.md",
            &report("Second", 2, "Plain [@s1]."),
        ),
        ("content/2024/third.md", &report("Third", 3, "Plain [@s1].")),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    for bad in [
        "../second/#notes",
        "#claims",
        "#source-nothing",
        "#note-9",
        "../page/9/",
    ] {
        assert!(
            err.contains(&format!("the link `{bad}`")),
            "{bad} not reported:\n{err}"
        );
    }
    assert_eq!(err.matches("warning[W004]").count(), 5, "{err}");
}

/// A dangling link's help says what to write: the relative form of a
/// link from the site's root, the page of a linked Markdown file, or the
/// nearest page.
#[test]
fn dangling_links_say_what_to_write() {
    let dir = site(&[
        (
            "content/2024/a.md",
            "---\ntitle: A\ndate: 2024-01-01\n---\n[r](/2024/b/) [m](b.md) [t](../harbour-expansoin/)\n",
        ),
        (
            "content/2024/b.md",
            "---\ntitle: B\ndate: 2024-01-02\n---\nB.\n",
        ),
        (
            "content/2024/harbour-expansion.md",
            "---\ntitle: H\ndate: 2024-01-03\n---\nH.\n",
        ),
    ]);
    let err = stderr(&dossier(&["check"], dir.path()));
    assert!(
        err.contains("breaks when the site is published under a sub-path: write `../../2024/b/`"),
        "{err}"
    );
    assert!(
        err.contains("link the page, not its file: `../../2024/b/`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `../../2024/harbour-expansion/`?"),
        "{err}"
    );
}

/// Every value in the feed is escaped, the base URL and the links built
/// from it included: a `&` in a query string still gives well-formed XML.
#[test]
fn the_feed_escapes_its_links() {
    let dir = fixture("full");
    let public = build_ok(
        dir.path(),
        &["--base-url", "https://e.org/r?site=a&lang=en"],
    );
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
    let id = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("id"))
        .and_then(|n| n.text())
        .unwrap();
    assert!(id.starts_with("https://e.org/r?site=a&lang=en"), "{id}");
}
