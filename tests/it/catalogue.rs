//! One fixture per diagnostic code under `tests/sites/errors/<case>/`,
//! each with its whole expected output (stderr and exit status) as a
//! snapshot in `tests/it/snapshots/`.

use crate::*;
use dossier::diag::Code;

fn run_case(case: &str) -> String {
    let dir = fixture(&format!("errors/{case}"));
    let out = dossier(&["build"], dir.path());
    format!("exit status: {:?}\n{}", out.status.code(), stderr(&out))
}

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $(
            #[test]
            fn $name() {
                let output = run_case($dir);
                insta::with_settings!({filters => vec![(r"in \d+ ms", "in [time] ms")], prepend_module_to_snapshot => false}, {
                    insta::assert_snapshot!($dir, output);
                });
            }
        )*

        #[test]
        fn every_case_folder_has_a_test() {
            let known = [$($dir),*];
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/errors");
            for entry in std::fs::read_dir(root).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(known.contains(&name.as_str()), "tests/sites/errors/{name} has no test");
            }
        }
    };
}

cases! {
    e001 => "e001-yaml-syntax",
    e001_tab => "e001-yaml-tab",
    e001_unquoted_colon => "e001-unquoted-colon",
    e014_not_a_list => "e014-not-a-list",
    e002 => "e002-missing-field",
    e003 => "e003-unknown-field",
    e004 => "e004-unknown-id",
    e005 => "e005-duplicate-definition",
    e006 => "e006-bad-date",
    e007 => "e007-invalid-id",
    e008 => "e008-unknown-status",
    e009 => "e009-not-http",
    e010 => "e010-not-utf8",
    e011 => "e011-unclosed-front-matter",
    e012 => "e012-template",
    e012_undefined_variable => "e012-undefined-variable",
    e012_unknown_filter => "e012-unknown-filter",
    e012_syntax_error => "e012-syntax-error",
    e012_unknown_string => "e012-unknown-string",
    e013 => "e013-config",
    e014 => "e014-wrong-type",
    e015 => "e015-not-allowed",
    e016 => "e016-url-collision",
    e017 => "e017-duplicate-key",
    e018 => "e018-bad-citation",
    e019 => "e019-heading-id",
    e020 => "e020-half-typed-annotation",
    config_many => "config-many-errors",
    e021 => "e021-tag-collision",
    e022 => "e022-bad-citation-key",
    e023 => "e023-unknown-citation-style",
    e023_file => "e023-bad-csl-file",
    e024 => "e024-bib-syntax",
    e025 => "e025-bib-entry",
    e026 => "e026-source-page-collision",
    e027 => "e027-unreadable-image",
    e028 => "e028-missing-file",
    e029 => "e029-missing-alt",
    e030 => "e030-missing-document",
    e031 => "e031-rating-scale",
    e032 => "e032-bad-timeline-date",
    e033 => "e033-end-before-start",
    e034 => "e034-correction-before-report",
    e035 => "e035-status-differs",
    w017 => "w017-missing-claim",
    w018 => "w018-no-original",
    w019 => "w019-unlisted-language",
    e005_bib_and_registry => "e005-bib-and-registry",
    w001 => "w001-unused-source",
    w002 => "w002-unsourced-claim",
    w003 => "w003-unmentioned-entity",
    w004 => "w004-dangling-link",
    w005 => "w005-skipped-file",
    w006 => "w006-untagged-mention",
    w007 => "w007-unused-note",
    w008 => "w008-comment-slip",
    w006_wrapped => "w006-wrapped-name",
    w010 => "w010-empty-bibliography",
    w011 => "w011-date-on-non-event",
    w012 => "w012-file-outside-bundle",
    w013 => "w013-graph-entity",
    w014 => "w014-unknown-language",
    w015 => "w015-no-strings",
    w015_unknown_string => "w015-unknown-string",
    w016 => "w016-search-language",
    two_broken_files => "two-broken-files",
    cascade_broken_registry => "cascade-broken-registry",
    cascade_broken_report => "cascade-broken-report",
}

/// Every diagnostic code is shown by a fixture whose folder starts with
/// the code (`e004-…`) and whose snapshot prints it, and is explained under
/// a `## E004:` heading in docs/errors.md; and nothing is documented or
/// shown for a code the program does not have.
#[test]
fn every_code_has_a_fixture_and_a_doc_entry() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let cases: Vec<String> = std::fs::read_dir(root.join("tests/sites/errors"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let snapshot = |case: &str| {
        std::fs::read_to_string(root.join(format!("tests/it/snapshots/{case}.snap")))
            .unwrap_or_default()
    };
    let mut missing = Vec::new();
    for &code in Code::ALL {
        let prefix = format!("{}-", code.as_str().to_lowercase());
        let shown: Vec<&String> = cases.iter().filter(|c| c.starts_with(&prefix)).collect();
        if shown.is_empty() {
            missing.push(format!("{code}: no fixture tests/sites/errors/{prefix}…"));
        }
        for case in shown {
            if !snapshot(case).contains(&format!("[{code}]")) {
                missing.push(format!("{code}: the snapshot of {case} does not print it"));
            }
        }
        if !docs.lines().any(|l| l.starts_with(&format!("## {code}:"))) {
            missing.push(format!("{code}: no `## {code}:` heading in docs/errors.md"));
        }
    }
    let known = |name: &str| Code::ALL.iter().any(|c| c.as_str() == name);
    for heading in docs.lines().filter_map(|l| l.strip_prefix("## ")) {
        let name = heading.split(':').next().unwrap_or_default();
        let looks_like_code = name.len() == 4
            && name.starts_with(['E', 'W'])
            && name[1..].bytes().all(|b| b.is_ascii_digit());
        if looks_like_code && !known(name) {
            missing.push(format!(
                "docs/errors.md documents {name}, which no diagnostic has"
            ));
        }
    }
    for case in &cases {
        let name = case.split('-').next().unwrap_or_default().to_uppercase();
        if name.len() == 4 && name.starts_with(['E', 'W']) && !known(&name) {
            missing.push(format!(
                "tests/sites/errors/{case} is named for {name}, which no diagnostic has"
            ));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
