//! Report bundles: a report's folder with its `index.md` and the files it
//! publishes beside its page (photos, charts, documents, data).

use crate::links::broken_links;
use crate::*;

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\"><rect width=\"40\" height=\"20\"/></svg>\n";

fn bundle_site() -> tempfile::TempDir {
    site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\n---\nThe [berth logs](data/berths.csv) and [the permit](./permit.pdf).\n\n![A chart of berths](chart.svg \"Berths by month\")\n\nSee [the notes](notes.md).\n",
        ),
        ("content/2024/harbour/chart.svg", SVG),
        ("content/2024/harbour/permit.pdf", "%PDF-1.4 not really\n"),
        (
            "content/2024/harbour/data/berths.csv",
            "berth,ship\n1,Esperanza\n",
        ),
        ("content/2024/harbour/notes.md", "# Notes, not a page\n"),
        (
            "content/2024/quay.md",
            "---\ntitle: Quay\ndate: 2024-01-03\n---\nBack to [the harbour chart](../harbour/chart.svg).\n",
        ),
    ])
}

#[test]
fn bundle_files_are_published_beside_the_report() {
    let dir = bundle_site();
    let public = build_ok(dir.path(), &[]);
    let report = public.join("2024/harbour");
    assert!(report.join("index.html").is_file());
    for name in ["chart.svg", "permit.pdf", "data/berths.csv", "notes.md"] {
        let published = std::fs::read(report.join(name)).unwrap();
        let original = std::fs::read(dir.path().join("content/2024/harbour").join(name)).unwrap();
        assert_eq!(published, original, "{name}");
    }
    // A Markdown file inside a bundle is one of its files, not a page.
    assert!(!public.join("2024/harbour/notes/index.html").exists());
    assert!(!public.join("2024/harbour/index/index.html").exists());
    let html = page(&report.join("index.html"));
    let hrefs = attrs(&html, ".report-body a[href]", "href");
    assert!(hrefs.contains(&"data/berths.csv".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"./permit.pdf".to_string()), "{hrefs:?}");
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
}

#[test]
fn bundle_links_work_under_a_sub_path() {
    let dir = bundle_site();
    let public = build_ok(
        dir.path(),
        &["--base-url", "https://example.org/news/reports/"],
    );
    assert!(public.join("2024/harbour/chart.svg").is_file());
    // Links stay relative to the page, whatever the site's path.
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
    let html = page(&public.join("2024/quay/index.html"));
    let hrefs = attrs(&html, ".report-body a[href]", "href");
    assert_eq!(hrefs, ["../harbour/chart.svg"]);
}

#[test]
fn a_slug_moves_the_bundle_files_with_the_page() {
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\nslug: port\n---\n[Data](a.csv)\n",
        ),
        ("content/2024/harbour/a.csv", "x\n1\n"),
    ]);
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("2024/port/index.html").is_file());
    assert!(public.join("2024/port/a.csv").is_file());
    assert!(broken_links(&public).is_empty());
}

#[test]
fn a_plain_report_linking_a_file_beside_it_is_told_to_become_a_bundle() {
    let dir = site(&[
        (
            "content/2024/quay.md",
            "---\ntitle: Quay\ndate: 2024-01-03\n---\n![The quay](quay.svg \"Quay\")\n",
        ),
        ("content/2024/quay.svg", SVG),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E028]: the file `quay.svg` is not there"),
        "{err}"
    );
    assert!(err.contains("content/2024/quay.md:5:1"), "{err}");
    assert!(err.contains("content/2024/quay/index.md"), "{err}");
    assert!(err.contains("warning[W012]"), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_rebuild_keeps_unchanged_bundle_files_and_takes_changed_ones() {
    let dir = bundle_site();
    let public = build_ok(dir.path(), &[]);
    let csv = dir.path().join("content/2024/harbour/data/berths.csv");
    std::fs::write(&csv, "berth,ship\n2,Aurora\n").unwrap();
    build_ok(dir.path(), &[]);
    assert_eq!(
        std::fs::read_to_string(public.join("2024/harbour/data/berths.csv")).unwrap(),
        "berth,ship\n2,Aurora\n"
    );
    assert!(public.join("2024/harbour/chart.svg").is_file());
}

#[test]
fn an_image_alone_in_its_paragraph_is_a_figure_with_caption_and_credit() {
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\n---\n![Two ships at the quay](photos/quay.png \"The quay at dawn [Photo: A. Reporter/Agency]\")\n\nA chart ![berths per month](chart.svg) inline, and a rule:\n\n![-](rule.svg)\n\n![Just a chart](chart.svg)\n",
        ),
        ("content/2024/harbour/chart.svg", SVG),
        ("content/2024/harbour/rule.svg", SVG),
    ]);
    std::fs::create_dir_all(dir.path().join("content/2024/harbour/photos")).unwrap();
    std::fs::write(
        dir.path().join("content/2024/harbour/photos/quay.png"),
        // Narrower than the smallest copy: no srcset.
        dossier::images::test_images::gradient_png(300, 200),
    )
    .unwrap();
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("2024/harbour/photos/quay.png").is_file());
    let html = page(&public.join("2024/harbour/index.html"));
    let figures: Vec<_> = html.select(&sel(".report-body figure")).collect();
    assert_eq!(figures.len(), 3, "{}", html.html());
    let img = figures[0].select(&sel("img")).next().unwrap().value();
    assert_eq!(img.attr("src"), Some("photos/quay.png"));
    assert_eq!(img.attr("alt"), Some("Two ships at the quay"));
    assert_eq!(img.attr("width"), Some("300"));
    assert_eq!(img.attr("height"), Some("200"));
    assert_eq!(img.attr("loading"), Some("lazy"));
    assert_eq!(img.attr("decoding"), Some("async"));
    let caption = figures[0].select(&sel("figcaption")).next().unwrap();
    assert_eq!(
        caption.text().collect::<String>(),
        "The quay at dawnPhoto: A. Reporter/Agency"
    );
    assert_eq!(
        texts(&html, ".report-body figcaption .credit"),
        ["Photo: A. Reporter/Agency"]
    );
    // An image inside text stays inline, with its size and lazy loading.
    let inline: Vec<_> = html.select(&sel(".report-body p > img")).collect();
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].value().attr("width"), Some("40"));
    assert_eq!(inline[0].value().attr("height"), Some("20"));
    assert_eq!(inline[0].value().attr("loading"), Some("lazy"));
    // A decorative image has empty alternative text; no title, no caption.
    let rule = figures[1].select(&sel("img")).next().unwrap().value();
    assert_eq!(rule.attr("alt"), Some(""));
    assert_eq!(figures[1].select(&sel("figcaption")).count(), 0);
    assert_eq!(figures[2].select(&sel("figcaption")).count(), 0);
}

#[test]
fn an_image_without_alternative_text_is_an_error() {
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\n---\nText.\n\n![](chart.svg \"Berths\")\n",
        ),
        ("content/2024/harbour/chart.svg", SVG),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E029]: this image has no alternative text"),
        "{err}"
    );
    assert!(err.contains("content/2024/harbour/index.md:7:1"), "{err}");
    assert!(err.contains("![-](chart.svg)"), "{err}");
}

#[test]
fn a_source_document_is_published_with_its_type_size_and_digest() {
    let permit = "Permit No. 4471: berth 3, 2024.\n";
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\nsources:\n  permit:\n    title: Berth permit\n    file: permit.txt\n---\nThe permit [@permit] and the logs [@logs].\n",
        ),
        ("content/2024/harbour/permit.txt", permit),
        (
            "content/sources/logs.md",
            "---\ntitle: Berth logs\nfile: ../../data/logs.csv\n---\n",
        ),
        ("data/logs.csv", "berth,ship\n1,Esperanza\n"),
    ]);
    let public = build_ok(dir.path(), &[]);
    let copied = std::fs::read_to_string(public.join("sources/permit/permit.txt")).unwrap();
    assert_eq!(copied, permit);
    assert!(public.join("sources/logs/logs.csv").is_file());
    // `printf 'Permit No. 4471: berth 3, 2024.\n' | sha256sum`
    let sha = "d2364e8ae78ec653985129846054d95f6394810e4dda0f44d6e67f199f4f589e".to_string();
    // On the report's entry.
    let html = page(&public.join("2024/harbour/index.html"));
    let entry = texts(&html, "#source-permit .document");
    assert_eq!(entry.len(), 1);
    assert!(entry[0].contains("permit.txt"), "{entry:?}");
    assert!(
        entry[0].contains("TXT") || entry[0].contains("Text"),
        "{entry:?}"
    );
    assert!(entry[0].contains("32 bytes"), "{entry:?}");
    assert!(entry[0].contains(&sha), "{entry:?}");
    assert_eq!(
        attrs(&html, "#source-permit .document a", "href"),
        ["../../sources/permit/permit.txt"]
    );
    // On the source's page.
    let html = page(&public.join("sources/permit/index.html"));
    assert_eq!(
        attrs(&html, ".document a", "href"),
        ["../../sources/permit/permit.txt"]
    );
    assert_eq!(texts(&html, "code.sha256"), [sha.as_str()]);
    // In data/site.json.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let source = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "permit")
        .unwrap();
    assert_eq!(source["file"]["url"], "sources/permit/permit.txt");
    assert_eq!(source["file"]["type"], "Text");
    assert_eq!(source["file"]["bytes"], 32);
    assert_eq!(source["file"]["sha256"], sha.as_str());
    assert!(
        broken_links(&public).is_empty(),
        "{:?}",
        broken_links(&public)
    );
}

/// A document kept beside its source's registry file lies in no report's
/// bundle, but the source publishes it: no W012 for it, while a stray
/// file beside it still gets one.
#[test]
fn a_document_beside_its_registry_file_is_not_called_unpublished() {
    let dir = site(&[
        (
            "content/2024/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nThe minutes [@acta].\n",
        ),
        (
            "content/sources/acta.md",
            "---\ntitle: Minutes\nfile: acta.txt\n---\n",
        ),
        ("content/sources/acta.txt", "Minutes of 3 May.\n"),
        ("content/sources/stray.txt", "Nobody names me.\n"),
    ]);
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("content/sources/acta.txt"), "{err}");
    assert!(
        err.contains("warning[W012]") && err.contains("content/sources/stray.txt"),
        "{err}"
    );
    assert!(dir.path().join("public/sources/acta/acta.txt").is_file());
}

#[test]
fn a_missing_source_document_is_an_error_at_its_value() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\nsources:\n  permit:\n    title: Berth permit\n    file: permt.pdf\n---\n[@permit]\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\nsources:\n  secret:\n    title: Outside\n    file: ../../../../../../../../etc/hostname\n---\n[@secret]\n",
        ),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E030]: the document `permt.pdf` is not there"),
        "{err}"
    );
    assert!(err.contains("content/a.md:7:11"), "{err}");
    assert!(
        err.contains("is outside the site's folder") || err.contains("is not there"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

/// A section's `_index.md` has no bundle: a file beside it is not
/// published (W012), and an image of it is an error, not a broken page.
#[test]
fn a_file_beside_a_section_index_is_not_published_and_its_image_is_an_error() {
    let dir = site(&[
        (
            "content/2024/_index.md",
            "---\ntitle: 2024\n---\n![Map of the year's reports](map.svg)\n",
        ),
        ("content/2024/map.svg", SVG),
        (
            "content/2024/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
        ),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E028]: the file `map.svg` is not there"),
        "{err}"
    );
    assert!(err.contains("content/2024/_index.md:4:1"), "{err}");
    assert!(err.contains("warning[W012]"), "{err}");
    assert!(err.contains("content/2024/map.svg"), "{err}");
}

/// A site with one report whose bundle holds `photo.jpg` (the bytes
/// given), shown as a figure, and a chart in SVG.
fn photo_site(photo: &[u8]) -> tempfile::TempDir {
    let dir = site(&[
        (
            "content/2024/quay/index.md",
            "---\ntitle: Quay\ndate: 2024-01-02\n---\nThe quay:\n\n![Two ships at the quay](photo.jpg \"At dawn [Photo: Newsroom]\")\n\n![A chart of berths](chart.svg)\n",
        ),
        ("content/2024/quay/chart.svg", SVG),
    ]);
    std::fs::write(dir.path().join("content/2024/quay/photo.jpg"), photo).unwrap();
    dir
}

/// `dossier build` with stage timings on, which say how many image
/// copies the build encoded and reused.
fn build_with_timings(root: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .current_dir(root)
        .env_clear()
        .env("NO_COLOR", "1")
        .env("DOSSIER_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

#[test]
fn a_photo_gets_smaller_copies_in_its_srcset_and_a_rebuild_encodes_none() {
    use dossier::images::test_images::gradient_jpeg;
    let dir = photo_site(&gradient_jpeg(1700, 1000));
    let first = build_with_timings(dir.path());
    assert!(
        first.contains("timings (images): encoded 4, reused 0"),
        "{first}"
    );
    let public = dir.path().join("public/2024/quay");
    let html = page(&public.join("index.html"));
    let img = html
        .select(&sel("figure img[src='photo.jpg']"))
        .next()
        .unwrap();
    assert_eq!(
        img.value().attr("srcset"),
        Some(
            "photo-480w.jpg 480w, photo-800w.jpg 800w, photo-1200w.jpg 1200w, photo-1600w.jpg 1600w, photo.jpg 1700w"
        )
    );
    assert!(img.value().attr("sizes").is_some());
    assert_eq!(img.value().attr("width"), Some("1700"));
    assert_eq!(img.value().attr("height"), Some("1000"));
    for (name, size) in [
        ("photo-480w.jpg", (480, 282)),
        ("photo-800w.jpg", (800, 471)),
        ("photo-1200w.jpg", (1200, 706)),
        ("photo-1600w.jpg", (1600, 941)),
    ] {
        let bytes = std::fs::read(public.join(name)).unwrap();
        let copy = image::load_from_memory(&bytes).unwrap();
        assert_eq!((copy.width(), copy.height()), size, "{name}");
        // A web server running as another user can read it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(public.join(name))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o044, 0o044, "{name}: mode {mode:o}");
        }
    }
    // An SVG is published as it is, without copies.
    let chart = html.select(&sel("img[src='chart.svg']")).next().unwrap();
    assert_eq!(chart.value().attr("srcset"), None);
    assert!(broken_links(&dir.path().join("public")).is_empty());

    // Nothing changed: every copy comes from the cache, none is encoded,
    // and the cache keeps what the site uses.
    let second = build_with_timings(dir.path());
    assert!(
        second.contains("timings (images): encoded 0, reused 4"),
        "{second}"
    );
    assert!(public.join("photo-800w.jpg").is_file());

    // The photo replaced by a smaller one: its old copies are pruned.
    std::fs::write(
        dir.path().join("content/2024/quay/photo.jpg"),
        gradient_jpeg(600, 400),
    )
    .unwrap();
    let third = build_with_timings(dir.path());
    assert!(third.contains("encoded 1, reused 0"), "{third}");
    // Its one copy, the photo as published, and the memo of the photo.
    let mut cached: Vec<String> = std::fs::read_dir(dir.path().join(".dossier-cache/images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cached.sort_by_key(|name| name == "sources.memo");
    assert_eq!(cached.len(), 3, "{cached:?}");
    assert_eq!(cached[2], "sources.memo");
    assert!(!public.join("photo-800w.jpg").exists());
}

/// The cache entry that `published` (a file of the output) is a hard
/// link to.
#[cfg(unix)]
fn linked_entry(root: &std::path::Path, published: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let inode = std::fs::metadata(published).unwrap().ino();
    std::fs::read_dir(root.join(".dossier-cache/images"))
        .unwrap()
        .map(Result::unwrap)
        .find(|e| e.metadata().unwrap().ino() == inode)
        .map(|e| e.file_name().into_string().unwrap())
}

#[cfg(unix)]
#[test]
fn a_rebuild_reads_no_unchanged_photo_and_links_what_it_publishes() {
    use dossier::images::test_images::{gradient_jpeg, has_gps_tags, with_exif};
    use std::os::unix::fs::PermissionsExt;
    let upright = with_exif(&gradient_jpeg(1000, 600), 1, true);
    let turned = with_exif(&gradient_jpeg(1000, 600), 6, true);
    assert_eq!(upright.len(), turned.len());
    let dir = photo_site(&upright);
    // A photo changed in the last two seconds is read on every build
    // (two writes within one tick of a file system's clock can leave the
    // same stamp); older, it is remembered.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let first = build_with_timings(dir.path());
    // Read to learn its size, and again to make its copies.
    assert!(
        first.contains("encoded 2, reused 0, photos read 2"),
        "{first}"
    );
    let second = build_with_timings(dir.path());
    assert!(
        second.contains("encoded 0, reused 2, photos read 0"),
        "{second}"
    );
    let public = dir.path().join("public/2024/quay");
    let html = std::fs::read_to_string(public.join("index.html")).unwrap();
    // The photo and its copies are links to the cache, world-readable,
    // and the photo is published without its location.
    for name in ["photo.jpg", "photo-480w.jpg", "photo-800w.jpg"] {
        assert!(
            linked_entry(dir.path(), &public.join(name)).is_some(),
            "{name}"
        );
        let mode = std::fs::metadata(public.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{name}: mode {mode:o}");
    }
    assert!(!has_gps_tags(
        &std::fs::read(public.join("photo.jpg")).unwrap()
    ));

    // A broken memo is read as none: the photo is read again, and the
    // site is the same.
    let memo = dir.path().join(".dossier-cache/images/sources.memo");
    std::fs::write(&memo, "dossier image memo 1 (xxh3-128, probe 1)\ngarbage\n").unwrap();
    let third = build_with_timings(dir.path());
    assert!(
        third.contains("encoded 0, reused 2, photos read 1"),
        "{third}"
    );
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        html
    );
    let fourth = build_with_timings(dir.path());
    assert!(fourth.contains("photos read 0"), "{fourth}");

    // The published files of this build, kept aside (as hard links, so
    // that a write through any other link would show here).
    let kept = dir.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    let before: Vec<(String, Vec<u8>)> = ["photo.jpg", "photo-480w.jpg", "index.html"]
        .iter()
        .map(|name| {
            std::fs::hard_link(public.join(name), kept.join(name)).unwrap();
            (name.to_string(), std::fs::read(kept.join(name)).unwrap())
        })
        .collect();

    // The photo edited: the same size, a new modification time (now).
    std::fs::write(dir.path().join("content/2024/quay/photo.jpg"), &turned).unwrap();
    let fifth = build_with_timings(dir.path());
    // Turned upright it is 600 pixels wide: one copy.
    assert!(
        fifth.contains("encoded 1, reused 0, photos read 2"),
        "{fifth}"
    );
    let html = page(&public.join("index.html"));
    let img = html.select(&sel("img[src='photo.jpg']")).next().unwrap();
    assert_eq!(img.value().attr("width"), Some("600"));
    assert_eq!(img.value().attr("height"), Some("1000"));
    let copy =
        image::load_from_memory(&std::fs::read(public.join("photo-480w.jpg")).unwrap()).unwrap();
    assert_eq!((copy.width(), copy.height()), (480, 800));
    // Nothing of the earlier build was written through: its files (and
    // the cache entries they were) hold what they held.
    for (name, bytes) in &before {
        assert_eq!(&std::fs::read(kept.join(name)).unwrap(), bytes, "{name}");
        assert_ne!(&std::fs::read(public.join(name)).unwrap(), bytes, "{name}");
    }
    assert!(linked_entry(dir.path(), &public.join("photo.jpg")).is_some());
}

#[test]
fn published_photos_carry_no_location() {
    use dossier::images::test_images::{gradient_jpeg, has_gps_tags, with_exif};
    let located = with_exif(&gradient_jpeg(640, 400), 1, true);
    assert!(has_gps_tags(&located));
    let dir = photo_site(&located);
    // The same photo, only linked (not shown), is also published without it.
    std::fs::write(dir.path().join("content/2024/quay/raw.jpg"), &located).unwrap();
    let index = dir.path().join("content/2024/quay/index.md");
    let text = std::fs::read_to_string(&index).unwrap() + "\nThe [raw file](raw.jpg).\n";
    std::fs::write(&index, text).unwrap();
    let public = build_ok(dir.path(), &[]).join("2024/quay");
    for name in ["photo.jpg", "raw.jpg", "photo-480w.jpg"] {
        let published = std::fs::read(public.join(name)).unwrap();
        assert!(!has_gps_tags(&published), "{name} has GPS tags");
        image::load_from_memory(&published).unwrap();
    }
    // Only an image the body shows gets smaller copies.
    assert!(!public.join("raw-480w.jpg").exists());
    // `check` writes nothing, not even the image cache.
    let dir = photo_site(&located);
    assert!(dossier(&["check"], dir.path()).status.success());
    assert!(!dir.path().join(".dossier-cache").exists());
}

#[test]
fn a_photo_whose_pixels_cannot_be_decoded_is_an_error_at_its_figure() {
    use dossier::images::test_images::gradient_png;
    // A PNG whose header reads but whose pixel data is broken: its size
    // is known when the report is parsed, and the failure comes only when
    // its copies are made, beside the rendering.
    let mut png = gradient_png(900, 600);
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
    for byte in &mut png[idat + 4..idat + 40] {
        *byte = 0x5a;
    }
    assert!(dossier::images::probe(&png).is_ok());
    let dir = photo_site(&png);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("error[E027]: the image `photo.jpg` cannot be read"),
        "{err}"
    );
    assert!(err.contains("content/2024/quay/index.md:7:1"), "{err}");
    assert!(!dir.path().join("public").exists());
}
