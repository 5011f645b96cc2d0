//! Finding the site: without `--root`, the nearest folder from the current
//! one up that has a dossier.yaml; with `--root`, that folder only.

use crate::*;

fn nested_site() -> tempfile::TempDir {
    site(&[(
        "content/investigations/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\nBody with [@nowhere].\n",
    )])
}

#[test]
fn check_inside_content_finds_the_site_above() {
    let dir = nested_site();
    let inner = dir.path().join("content/investigations");
    let out = dossier(&["check"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("using the site at ../../ (../../dossier.yaml)\n"),
        "{err}"
    );
    // Paths in messages lead from where the command was run.
    assert!(
        err.contains("--> ../../content/investigations/a.md:5:"),
        "{err}"
    );
    assert!(!err.contains("dossier init"), "{err}");
}

#[test]
fn build_inside_content_writes_the_sites_output() {
    let dir = site(&[(
        "content/investigations/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
    )]);
    let inner = dir.path().join("content/investigations");
    let out = dossier(&["build"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("wrote "), "{err}");
    assert!(err.contains("/public in "), "{err}");
    assert!(
        dir.path()
            .join("public/investigations/a/index.html")
            .is_file()
    );
    assert!(!inner.join("public").exists());
}

#[test]
fn json_output_has_no_note() {
    let dir = nested_site();
    let inner = dir.path().join("content");
    let out = dossier(&["check", "--format", "json"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for line in err.lines().filter(|l| l.starts_with('{')) {
        serde_json::from_str::<serde_json::Value>(line).expect("a JSON line");
    }
    assert!(!err.contains("using the site"), "{err}");
}

#[test]
fn new_inside_content_writes_under_the_sites_content() {
    let dir = site(&[]);
    let inner = dir.path().join("content/investigations");
    std::fs::create_dir_all(&inner).unwrap();
    let out = dossier(&["new", "Night arrivals", "--section", "2024"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        dir.path().join("content/2024/night-arrivals.md").is_file(),
        "{err}"
    );
    assert!(
        err.contains("created ../../content/2024/night-arrivals.md"),
        "{err}"
    );
    assert!(!inner.join("content").exists());
    // Without `--section`, the folder it is run in is the section.
    let out = dossier(&["new", "Day departures"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        dir.path()
            .join("content/investigations/day-departures.md")
            .is_file(),
        "{err}"
    );
    assert!(err.contains("dossier serve --drafts"), "{err}");
}

#[test]
fn an_explicit_root_is_the_only_place_looked_at() {
    let dir = nested_site();
    let inner = dir.path().join("content/investigations");
    let out = dossier(&["check", "--root", "."], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no dossier.yaml in this folder"), "{err}");
    assert!(!err.contains("using the site"), "{err}");
}

#[test]
fn no_site_anywhere_names_the_folders_searched() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("notes");
    std::fs::create_dir_all(&inner).unwrap();
    let out = dossier(&["build"], &inner);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let inner = inner.canonicalize().unwrap();
    assert!(
        err.contains(&format!("searched {}, ", inner.display())),
        "{err}"
    );
    assert!(err.contains("--root DIR"), "{err}");
    assert!(err.contains("`dossier init`"), "{err}");
    assert!(!dir.path().join("notes/public").exists());
}
