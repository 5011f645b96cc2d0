//! One fixture per diagnostic code under `tests/sites/errors/<case>/`,
//! each with its whole expected output (stderr and exit status) as a
//! snapshot in `tests/it/snapshots/`.

use crate::*;

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
    w001 => "w001-unused-source",
    w002 => "w002-unsourced-claim",
    w003 => "w003-unmentioned-entity",
    w004 => "w004-dangling-link",
    w005 => "w005-skipped-file",
    w006 => "w006-untagged-mention",
    w007 => "w007-unused-note",
    w008 => "w008-comment-slip",
    w006_wrapped => "w006-wrapped-name",
    two_broken_files => "two-broken-files",
    cascade_broken_registry => "cascade-broken-registry",
    cascade_broken_report => "cascade-broken-report",
}
