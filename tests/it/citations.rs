//! Pandoc's citation forms end to end: what a report page shows for each,
//! and what is an error.

use crate::*;

const SOURCES: &str = "sources:\n  un-report: {title: UN report, publisher: United Nations}\n  mfa: {title: Communiqué, author: Ministry of Foreign Affairs}\n  ngo: {title: NGO letter}\n";

fn report(body: &str) -> tempfile::TempDir {
    site(&[(
        "content/r.md",
        &format!("---\ntitle: R\ndate: 2024-05-02\n{SOURCES}---\n{body}"),
    )])
}

/// (number, title, data-locator) of each citation number in the body.
fn numbers(html: &scraper::Html) -> Vec<(String, String, String)> {
    html.select(&sel(".report-body sup.cite a"))
        .map(|a| {
            let attr = |n: &str| a.value().attr(n).unwrap_or("").to_string();
            (a.text().collect(), attr("title"), attr("data-locator"))
        })
        .collect()
}

#[test]
fn every_pandoc_form_shows_its_number_and_what_was_written_with_it() {
    let dir = report(
        "One [see @un-report, p. 12 and passim; also -@ngo, chap. 3].\n\n\
         Two [@mfa; @ngo, §\u{a0}2, as amended].\n\n\
         Three [@un-report, pp. 33, 35-37, and nowhere else] and [@{ngo} and nowhere else].\n",
    );
    let out = build_ok(dir.path(), &["--strict"]);
    let html = page(&out.join("r/index.html"));
    let n =
        |num: &str, title: &str, loc: &str| (num.to_string(), title.to_string(), loc.to_string());
    assert_eq!(
        numbers(&html),
        [
            n(
                "1",
                "see UN report, p. 12 and passim",
                "see p. 12 and passim"
            ),
            n("2", "also NGO letter, chap. 3", "also chap. 3"),
            n("3", "Communiqué", ""),
            n(
                "2",
                "NGO letter, §\u{a0}2, as amended",
                "§\u{a0}2, as amended"
            ),
            n(
                "1",
                "UN report, pp. 33, 35-37, and nowhere else",
                "pp. 33, 35-37, and nowhere else"
            ),
            n("2", "NGO letter, and nowhere else", "and nowhere else"),
        ]
    );
    // Nothing of the citations is left as text.
    let body = texts(&html, ".report-body").join(" ");
    assert!(!body.contains('@') && !body.contains('['), "{body}");
    // Beside the back-links in the Sources list.
    let locators = texts(&html, "#source-un-report .backrefs .locator");
    assert_eq!(
        locators,
        [
            "(see p. 12 and passim)",
            "(pp. 33, 35-37, and nowhere else)"
        ]
    );
    let locators = texts(&html, "#source-ngo .backrefs .locator");
    assert_eq!(
        locators,
        [
            "(also chap. 3)",
            "(§\u{a0}2, as amended)",
            "(and nowhere else)"
        ]
    );
}

#[test]
fn author_in_text_shows_the_author_then_the_number() {
    let dir = report(
        "As @mfa [p. 2] says, and @un-report argues; @ngo's letter agrees. -@mfa again.\n\n\
         @ngo [p. 3; see -@mfa; @un-report, § 4] writes.\n",
    );
    let out = build_ok(dir.path(), &["--strict"]);
    let html = page(&out.join("r/index.html"));
    let para = html
        .select(&sel(".report-body p"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(
        para,
        "As Ministry of Foreign Affairs1 says, and United Nations2 argues; NGO letter3's letter agrees. 1 again."
    );
    let n = numbers(&html);
    assert_eq!(
        (n[0].1.as_str(), n[0].2.as_str()),
        ("Communiqué, p. 2", "p. 2")
    );
    assert_eq!(n.len(), 7);
    let tips: Vec<_> = n[4..]
        .iter()
        .map(|(_, t, l)| (t.as_str(), l.as_str()))
        .collect();
    assert_eq!(
        tips,
        [
            ("NGO letter, p. 3", "p. 3"),
            ("see Communiqué", "see"),
            ("UN report, § 4", "§ 4")
        ]
    );
    // `@ngo [p. 3; see -@mfa; ...]`: the author, then one group of numbers.
    let second = texts(&html, ".report-body p:nth-of-type(2)");
    assert_eq!(second, ["NGO letter3, 1, 2 writes."]);
    assert_eq!(
        texts(&html, ".report-body p:nth-of-type(2) sup.cite").len(),
        1
    );
}

#[test]
fn an_at_sign_that_is_not_a_citation_stays_text() {
    let dir = report(
        "Write to ana@example.org or \\@press at https://example.social/@press, see `@mfa` and [@handle](https://example.org/@handle), \
         meet @ noon. Cited [@mfa].\n\n<span>@ngo</span>\n",
    );
    let out = build_ok(dir.path(), &["--strict"]);
    let html = page(&out.join("r/index.html"));
    let body = texts(&html, ".report-body p").join("\n");
    assert!(
        body.contains(
            "Write to ana@example.org or @press at https://example.social/@press, see @mfa and @handle, meet @ noon."
        ),
        "{body}"
    );
    assert_eq!(numbers(&html).len(), 1);
}

#[test]
fn pandoc_keys_are_read_whole_and_unknown_ones_are_errors() {
    let dir = report("As @Ramirez2024 said [see @UNEP:2023, p. 4]. Also @mfb.\n");
    let out = dossier(&["build"], dir.path());
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("error[E004]: unknown source `Ramirez2024`\n --> content/r.md:9:5"),
        "{err}"
    );
    assert!(
        err.contains("error[E004]: unknown source `UNEP:2023`\n --> content/r.md:9:28"),
        "{err}"
    );
    assert!(
        err.contains("write `\\@Ramirez2024` to show the @ sign as text"),
        "{err}"
    );
    // A near miss gets a did-you-mean.
    assert!(
        err.contains("unknown source `mfb`") && err.contains("`mfa`"),
        "{err}"
    );
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn half_formed_citations_are_errors_not_text() {
    for (body, code) in [
        ("See [@].\n", "E018"),
        ("See [see @, p. 3].\n", "E018"),
        ("See [@mfa; p. 3].\n", "E018"),
        ("See [@mfa @ngo].\n", "E018"),
        ("See [@mfa!].\n", "E022"),
        ("See @{mfa says.\n", "E022"),
    ] {
        let dir = report(body);
        let out = dossier(&["build"], dir.path());
        let err = stderr(&out);
        assert!(!out.status.success(), "{body}: {err}");
        assert!(err.contains(&format!("error[{code}]")), "{body}: {err}");
        assert!(err.contains("--> content/r.md:9:"), "{body}: {err}");
    }
}
