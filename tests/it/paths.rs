//! Path safety as a property: whatever output path a user gives (through
//! `..`, `.`, symbolic links, folders that do not exist yet, from `--root`),
//! nothing outside the resolved output folder changes, byte for byte, and
//! the output folder is only ever one that dossier may replace.

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::*;

/// What is at one path: a folder, a file's bytes or a link's target.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Everything under `dir`, symbolic links not followed.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Dir
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (rel, entry)
        })
        .collect()
}

const REPORT: &str = "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n";

/// `T/P/site` (a site with `static/`), the user's own files around it, an
/// earlier dossier output, and symbolic links to each kind of folder.
fn sandbox(config_extra: &str) -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("P");
    let site = p.join("site");
    let files: &[(&str, &str)] = &[
        ("site/content/a.md", REPORT),
        ("site/static/s.txt", "static"),
        ("site/docs/notes.txt", "the user's notes"),
        ("site/old/.dossier-output", "marker"),
        ("site/old/index.html", "an earlier build"),
        ("other/file.txt", "someone else's"),
        ("notes.txt", "P's own file"),
    ];
    for (rel, text) in files {
        let path = p.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(site.join("empty")).unwrap();
    std::fs::write(site.join("dossier.yaml"), format!("{CONFIG}{config_extra}")).unwrap();
    symlink(p.join("other"), site.join("to-other")).unwrap();
    symlink(&site, site.join("to-site")).unwrap();
    symlink(&p, site.join("to-parent")).unwrap();
    symlink(site.join("content"), site.join("to-content")).unwrap();
    symlink(site.join("old"), site.join("to-old")).unwrap();
    symlink(site.join("nowhere"), site.join("dangling")).unwrap();
    symlink(site.join("static"), p.join("static-link")).unwrap();
    t
}

/// Output paths as a user might write them, relative to the site.
fn shapes() -> Vec<String> {
    let targets = [
        ".",
        "..",
        "../..",
        "../../P",
        "docs",
        "content",
        "content/x",
        "static",
        "static/x",
        "public",
        "public/",
        "public/.",
        "old",
        "empty",
        "new/deep",
        "to-other",
        "to-site",
        "to-site/public",
        "to-parent",
        "to-content",
        "to-old",
        "to-old/",
        "dangling",
        "../other",
        "../static-link",
        "../notes.txt",
        "content/a.md",
    ];
    let prefixes = [
        "",
        "./",
        "nothere/../",
        "build/../",
        "public/../",
        "content/../",
        "../site/",
        "to-site/../site/",
        "a/b/../../",
    ];
    let mut out = Vec::new();
    for prefix in prefixes {
        for target in targets {
            out.push(format!("{prefix}{target}"));
        }
    }
    out.push("nothere/../../../P".into());
    out.push("./public/..".into());
    out.push("nothere/../..".into());
    out
}

/// Runs one build and checks the property; returns the exit status.
fn check(how: &str, shape: &str) -> Option<i32> {
    let extra = if how == "config" || how == "root" {
        format!("output_dir: {shape}\n")
    } else {
        String::new()
    };
    let t = sandbox(&extra);
    if how == "failing" {
        // A template error is found only while pages are written into
        // the new output: the latest point at which a build can fail.
        let base = t.path().join("P/site/templates/base.html");
        std::fs::create_dir_all(base.parent().unwrap()).unwrap();
        let theme =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
        let text = std::fs::read_to_string(theme).unwrap();
        std::fs::write(
            base,
            text.replacen("<body", "{{ no_such_variable }}<body", 1),
        )
        .unwrap();
    }
    let before = tree(t.path());
    let site = t.path().join("P/site");
    let out = match how {
        "flag" | "failing" => dossier(&["build", "--output", shape], &site),
        "config" => dossier(&["build"], &site),
        _ => dossier(&["build", "--root", "site"], &t.path().join("P")),
    };
    let after = tree(t.path());
    let context = format!(
        "{how} `{shape}`: exit {:?}\n{}",
        out.status.code(),
        stderr(&out)
    );

    // Output folders are those that now carry a marker they did not carry
    // before, or whose contents changed under an existing marker.
    let marked: BTreeSet<PathBuf> = after
        .keys()
        .filter(|p| p.ends_with(".dossier-output"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| {
            let changed = |t: &BTreeMap<PathBuf, Entry>| -> Vec<(PathBuf, Entry)> {
                t.iter()
                    .filter(|(p, _)| p.starts_with(dir))
                    .map(|(p, e)| (p.clone(), e.clone()))
                    .collect()
            };
            changed(&before) != changed(&after)
        })
        .collect();
    assert!(
        marked.len() <= 1,
        "{context}\nmore than one output: {marked:?}"
    );
    let inside = |p: &Path| marked.iter().any(|m| p.starts_with(m));
    for m in &marked {
        assert!(
            !Path::new("P/site").starts_with(m),
            "{context}\nthe output {m:?} holds the site"
        );
        let had: Vec<_> = before
            .keys()
            .filter(|p| p.starts_with(m) && *p != m)
            .collect();
        let owned = had.is_empty() || before.contains_key(&m.join(".dossier-output"));
        assert!(owned, "{context}\nreplaced {m:?}, which held {had:?}");
    }
    for (path, entry) in &before {
        if !inside(path) {
            assert_eq!(after.get(path), Some(entry), "{context}\n{path:?} changed");
        }
    }
    for (path, entry) in &after {
        if inside(path) || before.contains_key(path) {
            continue;
        }
        // Only the output's own missing ancestors may have been made.
        let ancestor = *entry == Entry::Dir && marked.iter().any(|m| m.starts_with(path));
        assert!(
            ancestor,
            "{context}\n{path:?} was created outside the output"
        );
    }
    out.status.code()
}

#[test]
fn nothing_outside_the_output_changes_whatever_the_path() {
    // Every shape as `--output`; as `output_dir` (from the site, and from
    // `--root`) the shapes that differ in how they start.
    let mut cases = Vec::new();
    for shape in shapes() {
        let short = ["", "nothere/", "../site/"]
            .iter()
            .any(|p| shape.starts_with(p) && !shape[p.len()..].starts_with("../site"));
        cases.push(("flag", shape.clone()));
        if short {
            cases.push(("config", shape.clone()));
            cases.push(("root", shape));
        }
    }
    let codes: Vec<Option<i32>> = std::thread::scope(|scope| {
        let half = cases.len() / 2;
        let (a, b) = cases.split_at(half);
        let run = |part: &[(&str, String)]| -> Vec<Option<i32>> {
            part.iter().map(|(how, shape)| check(how, shape)).collect()
        };
        let first = scope.spawn(move || run(a));
        let mut codes = run(b);
        codes.extend(first.join().unwrap());
        codes
    });
    let built = codes.iter().filter(|c| **c == Some(0)).count();
    let refused = codes.len() - built;
    // Both kinds of outcome are exercised, so the property is not vacuous.
    assert!(
        built > 20 && refused > 20,
        "built {built}, refused {refused}"
    );
}

#[test]
fn a_build_that_fails_while_writing_leaves_nothing_behind() {
    for shape in [
        "public",
        "new/deep/out",
        "to-old",
        "empty",
        "build/../docs",
        "a/b/../../c/d",
    ] {
        let code = check("failing", shape);
        assert_ne!(code, Some(0), "{shape} built despite the template error");
    }
}

#[test]
fn an_output_through_dot_dot_is_checked_where_it_resolves() {
    // `build/../docs` is `docs`: the user's folder, refused; no `build/`.
    let t = sandbox("output_dir: build/../docs\n");
    let site = t.path().join("P/site");
    let out = dossier(&["build"], &site);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to replace docs"),
        "{}",
        stderr(&out)
    );
    assert!(site.join("docs/notes.txt").exists());
    assert!(!site.join("build").exists());

    // A path that climbs to the folder holding the site is refused before
    // anything moves.
    let out = dossier(&["build", "--output", "nothere/../../../P"], &site);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("it contains the site"),
        "{}",
        stderr(&out)
    );
    assert!(site.join("dossier.yaml").exists());

    let out = dossier(&["build", "--output", "./public/.."], &site);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("refusing to use the site root"),
        "{}",
        stderr(&out)
    );

    // Through a link to the site's own content.
    let out = dossier(&["build", "--output", "to-content"], &site);
    assert!(stderr(&out).contains("`content/`"), "{}", stderr(&out));

    // A link to an earlier output replaces that output and keeps the link.
    let out = dossier(&["build", "--output", "to-old"], &site);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.join("old/a/index.html").exists());
    assert!(
        std::fs::symlink_metadata(site.join("to-old"))
            .unwrap()
            .is_symlink()
    );
}
