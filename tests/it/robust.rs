//! Hostile input: no panic, and a clear message, whatever the content.

use std::os::unix::ffi::OsStrExt;

use crate::*;

#[test]
fn markdown_nested_ten_thousand_deep() {
    let quotes = ">".repeat(10_000);
    let lists = (0..10_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i % 200)))
        .collect::<String>();
    let brackets = "[a ".repeat(10_000) + &"] b".repeat(10_000);
    let emphasis = format!("{}x{}", "*".repeat(10_000), "*".repeat(10_000));
    let body = format!("{quotes} deep\n\n{lists}\n{brackets}\n\n{emphasis}\n");
    let report = format!("---\ntitle: Deep\ndate: 2024-01-02\n---\n{body}");
    let dir = site(&[("content/deep.md", &report)]);
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_fifty_megabyte_report() {
    let paragraph =
        "Colombia broke off relations with Israel on 2 May 2024 [@s]. ".repeat(20) + "\n\n";
    let mut body = String::with_capacity(51 << 20);
    while body.len() < 50 << 20 {
        body.push_str(&paragraph);
    }
    let report =
        format!("---\ntitle: Big\ndate: 2024-01-02\nsources:\n  s: {{title: S}}\n---\n{body}");
    let dir = site(&[("content/big.md", &report)]);
    let out = dossier(&["check"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_symlink_loop_under_content() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let content = dir.path().join("content");
    std::os::unix::fs::symlink(&content, content.join("loop")).unwrap();
    std::os::unix::fs::symlink("self.md", content.join("self.md")).unwrap();
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[W005]"), "{}", stderr(&out));
    assert!(dir.path().join("public/a/index.html").exists());
}

#[test]
fn a_file_name_that_is_not_utf8() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(
        dir.path().join("content").join(name),
        "---\ntitle: B\ndate: 2024-01-02\n---\n",
    )
    .unwrap();
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning[W005]: skipped a file whose name is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn folders_named_like_reports_are_skipped_and_bad_config_exits_2() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    std::fs::create_dir_all(dir.path().join("content/b.md/inner")).unwrap();
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir = site(&[("dossier.yaml", "title: [unclosed\n")]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("dossier.yaml:"), "{}", stderr(&out));
}

/// Inputs the fuzzers found (crashes, or time quadratic in their size),
/// kept under `tests/fuzz-regressions/<target>/`: each is checked as a
/// report body (annotate) or a whole report file (frontmatter).
#[test]
fn fuzz_regressions() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    for (target, whole_file) in [("annotate", false), ("frontmatter", true)] {
        let Ok(entries) = std::fs::read_dir(base.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let input = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let report = if whole_file {
                input.clone()
            } else {
                format!(
                    "---\ntitle: Fuzz\ndate: 2024-01-02\nsources:\n  a: {{title: A}}\n  b: {{title: B}}\n---\n{input}"
                )
            };
            let dir = site(&[("content/fuzz.md", &report)]);
            let out = dossier(&["build"], dir.path());
            let code = out.status.code();
            assert!(
                code == Some(0) || code == Some(1),
                "{}: {code:?}\n{}",
                path.display(),
                stderr(&out)
            );
            if path.ends_with("citations-past-expansion-budget") {
                // Every citation is a citation, however many there are.
                let html =
                    std::fs::read_to_string(dir.path().join("public/fuzz/index.html")).unwrap();
                assert_eq!(
                    html.matches("<sup class=\"cite\">").count(),
                    input.matches("[@a]").count()
                );
            }
        }
    }
}
