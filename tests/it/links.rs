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
fn broken_links(public: &Path) -> Vec<String> {
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
    let outside_head_and_ld = raw
        .split("</head>")
        .nth(1)
        .unwrap()
        .matches("https://example.com/full/")
        .count();
    assert_eq!(outside_head_and_ld, 0);
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
