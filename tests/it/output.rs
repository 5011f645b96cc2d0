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
fn a_name_too_long_for_a_folder_is_a_content_error_not_a_failed_write() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\nBody.\n",
    )]);
    let public = build_ok(dir.path(), &[]);
    let before = snapshot(&public);
    // Longer than file systems allow a folder name (255 bytes): reported
    // at its place before anything is written.
    let slug = "a".repeat(300);
    let tag = "b".repeat(300);
    std::fs::write(
        dir.path().join("content/long.md"),
        format!("---\ntitle: Long\ndate: 2024-01-02\nslug: {slug}\ntags: [{tag}]\n---\nBody.\n"),
    )
    .unwrap();
    let out = dossier(&["build"], dir.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/long.md:4:7"), "{err}");
    assert!(
        err.contains("shorten it to at most 200 characters"),
        "{err}"
    );
    assert!(
        err.contains("this tag is too long to name its page"),
        "{err}"
    );
    assert_eq!(snapshot(&public), before);
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

/// A site big enough that a build takes a while in a debug binary.
fn big_site(reports: usize) -> tempfile::TempDir {
    let paragraph = "The ministry said the decision followed months of talks. ".repeat(40);
    let mut files = Vec::new();
    for i in 0..reports {
        let body = format!(
            "---\ntitle: Report {i}\ndate: 2024-01-02\ntags: [t{}]\n---\n{}\n\n{}\n",
            i % 7,
            paragraph,
            paragraph
        );
        files.push((format!("content/r{i}.md"), body));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site(&refs)
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_output_whole() {
    let dir = big_site(600);
    let root = dir.path();
    let public = build_ok(root, &[]);
    let mut seen = vec![snapshot(&public)];
    let mut interrupted = 0;
    let mut marker = "months of talks".to_string();
    // Change every report so a finished build would differ.
    for (attempt, delay_ms) in [5u64, 40, 80, 150, 250, 400].into_iter().enumerate() {
        for i in 0..600 {
            let path = root.join(format!("content/r{i}.md"));
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(
                &path,
                text.replace(&marker, &format!("talks, round {attempt}")),
            )
            .unwrap();
        }
        marker = format!("talks, round {attempt}");
        let signal = if attempt % 2 == 0 { "-TERM" } else { "-INT" };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("build")
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let _ = child.wait_with_output();
        let now = snapshot(&public);
        // Either the previous output, untouched, or a whole new one.
        assert!(
            !now.is_empty(),
            "output folder missing after {signal} at {delay_ms} ms"
        );
        assert!(now.contains_key("index.html") && now.contains_key(".dossier-output"));
        let pages = now.keys().filter(|k| k.ends_with("index.html")).count();
        assert_eq!(
            pages,
            seen[0].keys().filter(|k| k.ends_with("index.html")).count()
        );
        let round = format!("talks, round {attempt}");
        let report = String::from_utf8_lossy(&now["r0/index.html"]).into_owned();
        let complete_new = now
            .iter()
            .filter(|(k, _)| k.starts_with('r') && k.ends_with("index.html"))
            .all(|(_, v)| String::from_utf8_lossy(v).contains(&round));
        assert!(
            seen.contains(&now) || (report.contains(&round) && complete_new),
            "a mix of old and new pages after {signal} at {delay_ms} ms"
        );
        if seen.contains(&now) {
            interrupted += 1;
        }
        seen.push(now);
    }
    assert!(
        interrupted > 0,
        "no build was interrupted; the test proves nothing"
    );
    // The next build clears whatever the killed ones left beside the output.
    build_ok(root, &[]);
    let names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".dossier-")), "{names:?}");
}

#[test]
fn strict_build_with_warnings_writes_nothing() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nclaims:\n  c: {text: T, status: opinion}\n---\n",
    )]);
    let out = dossier(&["build", "--strict"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("public").exists());
}
