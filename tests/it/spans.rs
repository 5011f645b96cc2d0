//! Spans stay exact whatever YAML features front matter uses: generated
//! front matters, each with one planted error, must report it at the
//! planted token's line and column.

use dossier::build::{Options, run};
use dossier::diag::{Code, line_col};

/// One planted error: what to write, the token it must be reported at,
/// and the code.
struct Plant {
    code: Code,
    token: &'static str,
}

const PLANTS: &[Plant] = &[
    Plant {
        code: Code::E008,
        token: "verifed",
    },
    Plant {
        code: Code::E006,
        token: "2024-13-45",
    },
    Plant {
        code: Code::E003,
        token: "titel",
    },
    Plant {
        code: Code::E004,
        token: "mfa-comunique",
    },
    Plant {
        code: Code::E007,
        token: "Bad_Id",
    },
    Plant {
        code: Code::E015,
        token: "persn",
    },
];

/// YAML features the front matter may use, one bit each.
const FEATURES: usize = 8;
const QUOTED: usize = 1;
const FLOW: usize = 1 << 1;
const BLOCK_SCALARS: usize = 1 << 2;
const ANCHORS: usize = 1 << 3;
const WIDE: usize = 1 << 4;
const COMMENTS: usize = 1 << 5;
const CRLF_BOM: usize = 1 << 6;
const TAGS: usize = 1 << 7;

/// A report's front matter using the features in `f`, with `plant` in it.
fn front_matter(f: usize, plant: &Plant) -> String {
    let has = |bit: usize| f & bit != 0;
    let ind = if has(WIDE) { "    " } else { "  " };
    let q = |s: &str| {
        if has(QUOTED) {
            format!("\"{s}\"")
        } else if has(TAGS) {
            format!("!!str {s}")
        } else {
            s.to_string()
        }
    };
    let pick = |code: Code, bad: &str, good: &str| {
        if plant.code == code {
            bad.to_string()
        } else {
            good.to_string()
        }
    };
    let status = pick(Code::E008, "verifed", "verified");
    let date = pick(Code::E006, "2024-13-45", "2024-05-02");
    let entity_id = pick(Code::E007, "Bad_Id", "ana-ruiz");
    let kind = pick(Code::E015, "persn", "person");
    let source_ref = pick(Code::E004, "mfa-comunique", "mfa-communique");
    let mut y = String::new();
    y.push_str("---\n");
    if has(COMMENTS) {
        y.push_str("# a comment: with a colon, and `ticks` — and ünïcode\n");
    }
    y.push_str(&format!("title: {}\n", q("Ñandú — a report on ports, #1")));
    if has(BLOCK_SCALARS) {
        y.push_str(&format!(
            "summary: |\n{ind}Line one: with a colon.\n{ind}  indented more — ✓\n\n{ind}after a blank line\n"
        ));
    }
    y.push_str(&format!("date: {}\n", q(&date)));
    if has(ANCHORS) {
        y.push_str("authors: &desk [Field desk, \"Ünïcode desk\"]\ntags: *desk\n");
    } else {
        y.push_str("tags: [ports, \"río\"]\n");
    }
    if plant.code == Code::E003 {
        y.push_str("titel: Another title\n");
    }
    y.push_str("entities:\n");
    if has(FLOW) {
        y.push_str(&format!(
            "{ind}{entity_id}: {{name: \"Ána Ruiz\", type: {}, aliases: [Ruiz]}}",
            q(&kind)
        ));
        if has(COMMENTS) {
            y.push_str("  # trailing comment");
        }
        y.push('\n');
    } else {
        y.push_str(&format!("{ind}{entity_id}:\n"));
        if has(COMMENTS) {
            y.push_str(&format!("{ind}{ind}# the person\n"));
        }
        y.push_str(&format!("{ind}{ind}name: Ána Ruiz\n"));
        if has(BLOCK_SCALARS) {
            y.push_str(&format!(
                "{ind}{ind}description: >-\n{ind}{ind}{ind}Folded text: across\n{ind}{ind}{ind}two lines — ü\n"
            ));
        }
        y.push_str(&format!("{ind}{ind}type: {}\n", q(&kind)));
    }
    y.push_str("sources:\n");
    y.push_str(&format!(
        "{ind}mfa-communique: {{title: \"Communiqué: the break\", type: official-statement}}\n"
    ));
    y.push_str("claims:\n");
    y.push_str(&format!("{ind}relations-severed:\n"));
    y.push_str(&format!(
        "{ind}{ind}text: {}\n",
        q("Ruiz said the port closed — ✓")
    ));
    y.push_str(&format!("{ind}{ind}status: {}\n", q(&status)));
    if has(FLOW) {
        y.push_str(&format!(
            "{ind}{ind}sources: [\n{ind}{ind}{ind}{},\n{ind}{ind}]\n",
            q(&source_ref)
        ));
    } else {
        y.push_str(&format!(
            "{ind}{ind}sources:\n{ind}{ind}{ind}- {}\n",
            q(&source_ref)
        ));
    }
    y.push_str("---\n\nRuiz spoke [@mfa-communique]. [It closed](claim:relations-severed).\n");
    let entity = if plant.code == Code::E007 {
        ""
    } else {
        "[[ana-ruiz]] "
    };
    y.push_str(&format!("{entity}Ána Ruiz again.\n"));
    if has(CRLF_BOM) {
        y = format!("\u{feff}{}", y.replace('\n', "\r\n"));
    }
    y
}

#[test]
fn planted_errors_are_reported_at_their_token_whatever_the_yaml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("dossier.yaml"), crate::CONFIG).unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let mut failures = Vec::new();
    for plant in PLANTS {
        for f in 0..(1 << FEATURES) {
            // Quoting and tags are two ways of writing the same scalar.
            if f & QUOTED != 0 && f & TAGS != 0 {
                continue;
            }
            let text = front_matter(f, plant);
            std::fs::write(root.join("content/a.md"), &text).unwrap();
            let outcome = run(&Options {
                root: root.to_path_buf(),
                ..Default::default()
            });
            let token_at = text.find(plant.token).unwrap();
            let expected = line_col(&text, token_at);
            let found: Vec<_> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.code == plant.code)
                .filter_map(|d| d.span)
                .map(|s| line_col(&outcome.files.get(s.file).text, s.start))
                .collect();
            // A quoted or tagged value may be reported at its quote or tag.
            let ok = found.len() == 1 && {
                let (line, col) = found[0];
                line == expected.0 && col <= expected.1 && col + 6 >= expected.1
            };
            if !ok {
                failures.push(format!(
                    "{} with features {f:#010b}: expected {expected:?}, got {found:?}: {:?}\n{text}",
                    plant.code,
                    outcome.diagnostics.iter().map(|d| (d.code, d.message.clone(), d.span.map(|s| line_col(&outcome.files.get(s.file).text, s.start)))).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The same for `dossier.yaml`: one planted error per file, whatever YAML
/// features the file uses.
#[test]
fn planted_config_errors_are_reported_at_their_token() {
    let plants: &[(Code, &str)] = &[
        (Code::E009, "ftp://example.org/"),
        (Code::E003, "paginte_by"),
        (Code::E014, "twenty"),
        (Code::E007, "Half True"),
        (Code::E013, "InspiredGithub"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    let mut failures = Vec::new();
    for &(code, token) in plants {
        for f in 0..(1 << 5) {
            let has = |bit: usize| f & (1 << bit) != 0;
            let q = |s: &str| {
                if has(0) {
                    format!("'{s}'")
                } else {
                    s.to_string()
                }
            };
            let pick = |c: Code, bad: &str, good: &str| {
                if c == code {
                    bad.to_string()
                } else {
                    good.to_string()
                }
            };
            let mut y = String::new();
            if has(1) {
                y.push_str("# Site settings — ünïcode: in a comment\n");
            }
            y.push_str(&format!("title: {}\n", q("Field Reports — ✓")));
            if has(2) {
                y.push_str("description: >\n  A long description —\n  folded: over lines.\n\n");
            }
            y.push_str(&format!(
                "base_url: {}\n",
                q(&pick(
                    Code::E009,
                    "ftp://example.org/",
                    "https://example.org/"
                ))
            ));
            if code == Code::E003 {
                y.push_str("paginte_by: 3\n");
            }
            y.push_str(&format!(
                "paginate_by: {}\n",
                pick(Code::E014, "twenty", "20")
            ));
            if has(3) {
                y.push_str(&format!(
                    "claim_statuses: &st\n  - verified\n  - {}\n",
                    q(&pick(Code::E007, "Half True", "disputed"))
                ));
            } else {
                y.push_str(&format!(
                    "claim_statuses: [verified, {}]\n",
                    q(&pick(Code::E007, "Half True", "disputed"))
                ));
            }
            y.push_str(&format!(
                "highlight_theme: {}\n",
                q(&pick(Code::E013, "InspiredGithub", "InspiredGitHub"))
            ));
            if has(4) {
                y = y.replace('\n', "\r\n");
            }
            std::fs::write(root.join("dossier.yaml"), &y).unwrap();
            let outcome = run(&Options {
                root: root.to_path_buf(),
                ..Default::default()
            });
            let expected = line_col(&y, y.find(token).unwrap());
            let found: Vec<_> = outcome
                .diagnostics
                .iter()
                .filter(|d| d.code == code)
                .filter_map(|d| d.span)
                .map(|s| line_col(&outcome.files.get(s.file).text, s.start))
                .collect();
            let ok = found.len() == 1
                && found[0].0 == expected.0
                && found[0].1 + 1 >= expected.1
                && found[0].1 <= expected.1;
            if !ok {
                failures.push(format!(
                    "{code} {f:#07b}: expected {expected:?}, got {found:?}\n{y}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
