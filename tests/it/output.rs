//! The output folder: replaced whole on success, untouched on failure, and
//! never a folder dossier did not create.

use std::collections::BTreeMap;
use std::path::Path;

use crate::*;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
    )]);
    let public = build_ok(dir.path(), &[]);
    let before = snapshot(&public);
    assert!(before.contains_key("a/index.html"));
    std::fs::write(dir.path().join("content/b.md"), "---\ntitle: B\n---\n").unwrap();
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(&public), before);
    // No staging folder is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("dossier-new")),
        "{names:?}"
    );
}

#[test]
fn a_new_build_replaces_stale_pages() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let public = build_ok(dir.path(), &[]);
    assert!(public.join("a/index.html").exists());
    std::fs::rename(
        dir.path().join("content/a.md"),
        dir.path().join("content/b.md"),
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    assert!(!public.join("a/index.html").exists());
    assert!(public.join("b/index.html").exists());
}

#[test]
fn refuses_output_folders_it_does_not_own() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let root = dir.path();
    for bad in [".", "content", ".."] {
        let out = dossier(&["build", "--output", bad], root);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
        assert!(stderr(&out).contains("refusing"), "{}", stderr(&out));
    }
    std::fs::create_dir_all(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/notes.txt"), "keep me").unwrap();
    let out = dossier(&["build", "--output", "mine"], root);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(root.join("mine/notes.txt")).unwrap(),
        "keep me"
    );
    assert!(root.join("content/a.md").exists());
}
