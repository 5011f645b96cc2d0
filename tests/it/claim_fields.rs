//! A claim's fields beyond its text and status: who made it (`claimant`),
//! where it appeared (`appearance`), the one-line `verdict`, dates known
//! only to the month or the year, and the statuses of `claim_statuses`
//! with their labels and meanings.

use crate::*;

const CONFIG: &str = "title: Checks
base_url: https://example.org/checks/
claim_statuses:
  - {id: \"true\", label: Accurate, rating: 5, meaning: Borne out by the record.}
  - {id: mostly-false, rating: 2}
  - opinion
";

const REPORT: &str = "---
title: Budget claims
date: 2024-06-01
entities:
  ana-ruiz: {name: Ana Ruiz, type: person}
  treasury: {name: Treasury, type: organization}
sources:
  speech: {title: Budget speech, type: speech}
  ledger: {title: Public ledger, type: dataset}
claims:
  spending-doubled:
    text: Spending on schools doubled since 2020.
    status: mostly-false
    sources: [ledger]
    entities: [treasury]
    claimant: ana-ruiz
    appearance: [speech]
    verdict: It rose by a third, not a half.
    date: 2024-05
  deficit-shrank:
    text: The deficit shrank.
    status: \"true\"
    sources: [ledger]
    date: 2023
---
[Spending doubled](claim:spending-doubled), said Ana Ruiz; [the deficit
shrank](claim:deficit-shrank) [@ledger].
";

#[test]
fn claimant_verdict_appearance_and_partial_dates_show_with_the_claim() {
    let dir = site(&[("dossier.yaml", CONFIG), ("content/budget.md", REPORT)]);
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    // The speech is only where the claim appeared: still a use.
    assert!(!stderr(&out).contains("W001"), "{}", stderr(&out));
    let public = dir.path().join("public");
    let report = page(&public.join("budget/index.html"));
    let row = sel("#claims .claim-row[data-status=mostly-false]");
    let row = report.select(&row).next().expect("the claim's row");
    let text = |s: &str| -> Vec<String> {
        row.select(&sel(s))
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    assert_eq!(text(".badge"), ["Mostly false"]);
    assert_eq!(
        text(".claim-verdict"),
        ["Verdict: It rose by a third, not a half."]
    );
    assert_eq!(
        text(".claim-meta a[href='../entities/ana-ruiz/']"),
        ["Ana Ruiz"]
    );
    assert_eq!(text(".claim-meta time[datetime='2024-05']"), ["May 2024"]);
    // The legend gives each status's meaning from the configuration.
    let legend = texts(&report, "#claims .legend-item dd");
    assert!(
        legend.contains(&"Borne out by the record.".to_string()),
        "{legend:?}"
    );

    // The claimant's page lists the claim, though the claim does not list
    // them among its entities.
    let entity = page(&public.join("entities/ana-ruiz/index.html"));
    let claims = texts(&entity, ".claim-row .claim-row-text");
    assert_eq!(claims, ["Spending on schools doubled since 2020."]);

    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/site.json")).unwrap())
            .unwrap();
    let claim = |id: &str| {
        data["claims"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    let spending = claim("spending-doubled");
    assert_eq!(spending["claimant"], "ana-ruiz");
    assert_eq!(spending["appearance"], serde_json::json!(["speech"]));
    assert_eq!(spending["verdict"], "It rose by a third, not a half.");
    assert_eq!(spending["date"], "2024-05");
    let deficit = claim("deficit-shrank");
    assert_eq!(deficit["date"], "2023");
    assert!(deficit.get("claimant").is_none(), "{deficit}");

    // The claims index's key: labels, meanings and counts.
    let index = page(&public.join("claims/index.html"));
    let key: Vec<String> = texts(&index, "#status-key .legend-item")
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        key,
        [
            "Accurate Borne out by the record. 1 claim",
            "Mostly false 1 claim",
            "Opinion A judgement or view, not a factual claim. 0 claims",
        ]
    );
}

#[test]
fn an_unknown_claimant_or_appearance_is_an_error_where_it_is_written() {
    let report = REPORT
        .replace("claimant: ana-ruiz", "claimant: ana-ruis")
        .replace("appearance: [speech]", "appearance: [speach]")
        .replace("date: 2024-05", "date: 2024-5");
    let dir = site(&[("dossier.yaml", CONFIG), ("content/budget.md", &report)]);
    let out = dossier(&["build"], dir.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    for expected in [
        "error[E032]: `2024-5` is not a valid date\n  --> content/budget.md:19:11",
        "error[E004]: unknown entity `ana-ruis`\n  --> content/budget.md:16:15",
        "error[E004]: unknown source `speach`\n  --> content/budget.md:17:18",
        "did you mean `ana-ruiz`?",
        "did you mean `speech`?",
    ] {
        assert!(err.contains(expected), "{expected}\n\nin:\n{err}");
    }
}
