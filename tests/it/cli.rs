//! The command line around a build: completion scripts, the file names
//! `new` makes, and a stderr that stays plain when it is not a terminal.

use crate::*;

#[test]
fn completions_are_printed_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = dossier(&["completions", shell], dir.path());
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = String::from_utf8(out.stdout).unwrap();
        for command in ["build", "serve", "check", "init", "new", "completions"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
        assert!(script.contains("drafts"), "{shell} lacks options");
    }
    let out = dossier(&["completions", "tcsh"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn new_reports_get_ascii_file_names_without_broken_words() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier(&["init", "site"], dir.path()).status.success());
    let root = dir.path().join("site");
    for (title, file) in [
        (
            "Dead fish, silent permits: what poisoned the Río Tamaral",
            "dead-fish-silent-permits-what-poisoned-the-rio-tamaral.md",
        ),
        ("TCW's fines", "tcws-fines.md"),
        ("O’Brien in Łódź", "obrien-in-lodz.md"),
    ] {
        let out = dossier(&["new", title], &root);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(root.join("content").join(file).exists(), "{file}");
    }
    build_ok(&root, &["--drafts"]);
    assert!(
        root.join("public/dead-fish-silent-permits-what-poisoned-the-rio-tamaral/index.html")
            .exists()
    );
}

#[test]
fn tag_pages_keep_their_letters_and_drop_apostrophes() {
    let report = |title: &str, tags: &str| {
        format!("---\ntitle: {title}\ndate: 2024-05-02\ntags: {tags}\n---\nBody.\n")
    };
    let dir = site(&[
        (
            "content/a.md",
            &report("A", "[Río Tamaral, Women’s rights, año]"),
        ),
        ("content/b.md", &report("B", "[Москва, ano]")),
    ]);
    let public = build_ok(dir.path(), &[]);
    // `año` and `ano` are different words: different pages.
    for (slug, name) in [
        ("río-tamaral", "Río Tamaral"),
        ("womens-rights", "Women’s rights"),
        ("москва", "Москва"),
        ("año", "año"),
        ("ano", "ano"),
    ] {
        let html = page(&public.join(format!("tags/{slug}/index.html")));
        assert_eq!(texts(&html, "h1"), [format!("Tag: {name}")]);
    }
    let a = page(&public.join("a/index.html"));
    assert_eq!(
        attrs(&a, "main .tags a", "href"),
        [
            "../tags/río-tamaral/",
            "../tags/womens-rights/",
            "../tags/año/"
        ]
    );
}

#[test]
fn stderr_that_is_not_a_terminal_gets_the_summary_only() {
    // A site of some size; the decision itself is unit-tested in
    // src/progress.rs, since a test cannot give the binary a terminal.
    let mut files = Vec::new();
    for i in 0..300 {
        files.push((
            format!("content/r{i}.md"),
            format!(
                "---\ntitle: Report {i}\ndate: 2024-05-02\ntags: [t{}]\n---\n{}\n",
                i % 20,
                "Words in a paragraph. ".repeat(200)
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = site(&files);
    for args in [&["build"][..], &["check"]] {
        let out = dossier(args, dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err:?}");
        assert!(!err.contains('\x1b') && !err.contains('\r'), "{err:?}");
    }
}

#[test]
fn the_starter_site_shows_what_a_report_can_hold_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier(&["init", "site"], dir.path()).status.success());
    let root = dir.path().join("site");
    let out = dossier(&["build", "--strict"], &root);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let public = root.join("public");
    let html = page(&public.join("harbour-expansion/index.html"));
    // A highlighted code block that the keyboard can scroll.
    assert_eq!(attrs(&html, ".report-body pre", "tabindex"), ["0"]);
    // A claim span with a citation.
    assert!(html.select(&sel(".report-body .claim + sup.cite")).count() >= 1);
    // Tags, each with its page.
    let tags = attrs(&html, "main .tags a", "href");
    assert!(!tags.is_empty());
    for href in tags {
        let rel = href.trim_start_matches("../");
        assert!(public.join(rel).join("index.html").exists(), "{href}");
    }
}

/// What stops a command is one line, `error: ` and the message, with exit 2;
/// a file that cannot be read or written is named by its path.
#[test]
fn fatal_errors_are_one_line_that_names_the_path() {
    let cases: [(&[(&str, &str)], &[&str], &str); 6] = [
        (&[], &["init", "."], "error: . already has a dossier.yaml\n"),
        (
            &[("content/a-title.md", "")],
            &["new", "A title"],
            "error: ./content/a-title.md already exists\n",
        ),
        (
            &[],
            &["build", "--root", "content"],
            "error: no dossier.yaml in content: not a dossier site (run `dossier init` to make one)\n",
        ),
        (
            &[("site/dossier.yaml/x", "")],
            &["build", "--root", "site"],
            "error: cannot read site/dossier.yaml: Is a directory (os error 21)\n",
        ),
        (
            &[],
            &["build", "--base-url", "example.org"],
            "error: --base-url `example.org` is not an absolute http(s) URL\n",
        ),
        (
            &[("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")],
            &["build", "--output", "dossier.yaml/public"],
            "",
        ),
    ];
    for (files, args, want) in cases {
        let dir = site(files);
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let out = dossier(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        if want.is_empty() {
            // The output folder's parent is a file: the message names it.
            let shown = format!(
                "error: cannot write the output: {}: ",
                dir.path()
                    .canonicalize()
                    .unwrap()
                    .join("dossier.yaml")
                    .display()
            );
            assert!(stderr(&out).starts_with(&shown), "{}", stderr(&out));
            assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        } else {
            assert_eq!(stderr(&out), want, "{args:?}");
        }
    }
}
