//! Content problems: named with file, line and column, all in one run.

use crate::*;
use dossier::diag::Code;

#[test]
fn two_broken_files_are_both_reported() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\nsources:\n  mfa-communique: {title: Communique}\n---\nSee [@mfa-comunique].\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-02-30\n---\nBody.\n",
        ),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E004]: unknown source `mfa-comunique`"),
        "{err}"
    );
    assert!(err.contains("content/a.md:7:7"), "{err}");
    assert!(err.contains("did you mean `mfa-communique`?"), "{err}");
    assert!(
        err.contains("error[E006]: `2024-02-30` is not a valid date"),
        "{err}"
    );
    assert!(err.contains("content/b.md:3:7"), "{err}");
    assert!(!dir.path().join("public").exists(), "nothing is written");
}

#[test]
fn duplicate_definitions_name_both_places() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\nentities:\n  x: {name: X}\n---\n",
        ),
        ("content/entities/x.md", "---\nname: X again\n---\n"),
    ]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E005]: entity `x` is defined twice"),
        "{err}"
    );
    assert!(err.contains("content/a.md:5:3"), "{err}");
    assert!(err.contains("content/entities/x.md"), "{err}");
}

#[test]
fn references_must_be_defined_somewhere() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nentities:\n  colombia:\nclaims:\n  c:\n    text: T\n    status: verifed\n    sources: [colombia]\n---\n",
    )]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert!(err.contains("unknown entity `colombia`"), "{err}");
    assert!(err.contains("`verifed` is not a claim status"), "{err}");
    assert!(err.contains("did you mean `verified`?"), "{err}");
    assert!(err.contains("unknown source `colombia`"), "{err}");
}

#[test]
fn unclosed_front_matter_and_unknown_fields() {
    let dir = site(&[
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-02\nBody\n"),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\nsumary: x\n---\n",
        ),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert!(
        err.contains("error[E011]: front matter is never closed"),
        "{err}"
    );
    assert!(err.contains("content/a.md:1:1"), "{err}");
    assert!(err.contains("error[E003]: unknown field `sumary`"), "{err}");
    assert!(err.contains("content/b.md:4:1"), "{err}");
    assert!(err.contains("did you mean `summary`?"), "{err}");
}

#[test]
fn config_errors_exit_2_with_a_suggestion() {
    let dir = site(&[(
        "dossier.yaml",
        "title: T\nbase_url: https://e.org/\noutput_dri: out\n",
    )]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("dossier.yaml:3:1"), "{err}");
    assert!(err.contains("did you mean `output_dir`?"), "{err}");
}

#[test]
fn json_format_gives_one_object_per_problem() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: nope\n---\n[[who]]\n")]);
    let out = dossier(&["check", "--format", "json"], dir.path());
    let lines: Vec<serde_json::Value> = stderr(&out)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["code"], Code::E006.as_str());
    assert_eq!(lines[0]["line"], 3);
    assert_eq!(lines[1]["code"], Code::E004.as_str());
    assert_eq!(lines[1]["line"], 5);
    assert_eq!(lines[1]["column"], 3);
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nclaims:\n  c: {text: T, status: opinion}\n---\n",
    )]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[W002]: claim `c` has no sources"));
    let out = dossier(&["check", "--strict"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn dangling_internal_links_are_warnings() {
    let dir = site(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\n[ok](../b/) [bad](../c/) [web](https://example.org/) [top](#main)\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-01-02\n---\n[file](../files/x.txt) [missing](../files/y.txt)\n",
        ),
        ("static/files/x.txt", "x"),
    ]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    assert_eq!(err.matches("warning[W004]").count(), 1, "{err}");
    assert!(err.contains("the link `../c/` leads to no page"), "{err}");
    assert!(err.contains("content/a.md:5:13"), "{err}");
    // A linked file that is not there is an error (SPEC §7), not a warning.
    assert!(
        err.contains("error[E028]: the file `../files/y.txt` is not there"),
        "{err}"
    );
    assert!(err.contains("did you mean `../files/x.txt`?"), "{err}");
}

#[test]
fn rendering_errors_point_into_the_site_template() {
    let dir = site(&[
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n"),
        ("templates/tags.html", "<p>\n{{ nothing_here.x }}</p>\n"),
    ]);
    let out = dossier(&["build"], dir.path());
    let err = stderr(&out);
    assert!(err.contains("error[E012]"), "{err}");
    assert!(err.contains("templates/tags.html:2:"), "{err}");
}

#[test]
fn a_template_mistake_is_one_diagnostic_whatever_the_number_of_pages() {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/sites/errors/e012-undefined-variable/templates/base.html"),
    )
    .unwrap();
    let reports: Vec<(String, String)> = (1..=40)
        .map(|i| {
            (
                format!("content/r{i}.md"),
                format!("---\ntitle: R{i}\ndate: 2024-01-02\n---\nBody.\n"),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = reports
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    files.push(("templates/base.html", &base));
    let dir = site(&files);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("error[E012]").count(), 1, "{err}");
    assert!(err.contains("templates/base.html:9:33"), "{err}");
    // 40 reports, the home page's pages, the indexes, the timeline, the
    // search page and
    // the 404 page.
    assert!(err.contains("in 49 pages, the first `404.html`"), "{err}");
}

#[test]
fn theme_template_errors_name_the_theme_file() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://example.com/\ntheme: plain\n",
        ),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n"),
        (
            "themes/plain/templates/tags.html",
            "<p>{{ tags | lenght }}</p>\n<p>{{ tags | lenght }}</p>\n",
        ),
    ]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // One diagnostic per place, each in the rustc shape, none nested.
    assert_eq!(err.matches("error[E012]").count(), 2, "{err}");
    assert!(!err.contains("error: error"), "{err}");
    assert!(
        err.contains("--> themes/plain/templates/tags.html:1:14"),
        "{err}"
    );
    assert!(
        err.contains("--> themes/plain/templates/tags.html:2:14"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `length`?"), "{err}");
}

#[test]
fn a_section_may_not_take_the_url_of_a_site_page() {
    let dir = site(&[(
        "content/tags/a.md",
        "---\ntitle: A\ndate: 2024-01-02\n---\n",
    )]);
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error[E016]: the folder `content/tags/`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn base_url_flag_and_new_section_are_checked() {
    let dir = site(&[("content/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\n")]);
    let out = dossier(&["build", "--base-url", "staging"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = dossier(&["new", "X", "--section", "entities"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("content/entities/x.md").exists());
}

#[test]
fn a_repeated_id_in_one_report_is_an_error() {
    let dir = site(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nentities:\n  petro: {name: Petro}\n  petro: {name: Gustavo}\n---\nPetro.\n",
    )]);
    let out = dossier(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[E017]: `petro` is given twice"), "{err}");
    assert!(err.contains("content/a.md:6:3"), "{err}");
}

#[test]
fn every_front_matter_problem_of_a_file_in_one_run() {
    let report = "---\ntittle: A\ndate: 2024-01-02\ntags: diplomacy\nentities:\n  x: {name: X, typ: person}\n  y: {name: Y, type: persn}\nclaims:\n  c: {text: T}\n---\n";
    let dir = site(&[("content/a.md", report)]);
    let out = dossier(&["check"], dir.path());
    let err = stderr(&out);
    for (code, place) in [
        ("error[E003]: unknown field `tittle`", "content/a.md:2:1"),
        ("error[E014]", "content/a.md:4:7"),
        ("error[E003]: unknown field `typ`", "content/a.md:6:16"),
        (
            "error[E015]: `persn` is not one of the allowed values",
            "content/a.md:7:22",
        ),
        (
            "error[E002]: missing required field `status`",
            "content/a.md:9:3",
        ),
        (
            "error[E002]: missing required field `title`",
            "content/a.md:2:1",
        ),
    ] {
        assert!(err.contains(code), "{code} missing:\n{err}");
        assert!(err.contains(place), "{place} missing:\n{err}");
    }
}
