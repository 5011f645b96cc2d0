//! Annotations as authors type them: heading ids, wiki-links in tables, and
//! annotations that are half written.

use crate::*;
use dossier::diag::Code;

/// A one-report site whose body is `body`, with a person, two sources and
/// a claim to refer to.
fn report_site(body: &str) -> tempfile::TempDir {
    let report = format!(
        "---\ntitle: A\ndate: 2024-01-02\nentities:\n  ana-ruiz: {{name: Ana Ruiz, type: person}}\nsources:\n  a: {{title: Source A}}\n  b: {{title: Source B}}\nclaims:\n  c1: {{text: Claim one, status: verified, sources: [a]}}\n---\n{body}"
    );
    site(&[("content/a.md", &report)])
}

fn report_page(dir: &tempfile::TempDir) -> scraper::Html {
    let public = build_ok(dir.path(), &[]);
    page(&public.join("a/index.html"))
}

/// The text of the element a fragment link lands on.
fn target_text(html: &scraper::Html, fragment: &str) -> Vec<String> {
    texts(html, &format!("[id=\"{fragment}\"]"))
}

#[test]
fn a_link_to_an_explicit_heading_id_lands_on_that_heading() {
    let dir = report_site(
        "Jump to [the budget](#foo-1).\n\n## Foo\n\n## Foo\n\n## Budget {#foo-1}\n\n[@a] [[ana-ruiz]] [x](claim:c1)\n",
    );
    let html = report_page(&dir);
    let link = attrs(&html, ".report-body a[href^='#foo']", "href");
    assert_eq!(link, ["#foo-1"]);
    assert_eq!(target_text(&html, "foo-1"), ["Budget"]);
    assert_eq!(
        attrs(&html, ".report-body h2", "id"),
        ["foo", "foo-2", "foo-1"]
    );
    // No id is on the page twice.
    let mut ids = attrs(&html, "[id]", "id");
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "{ids:?}");
}

#[test]
fn explicit_heading_ids_keep_their_place_in_any_order() {
    let dir = report_site(
        "## Río {#río}\n\n## Río\n\n## Late {#late}\n\n## Late\n\n## Late\n\n## Other {#late-1}\n",
    );
    let html = report_page(&dir);
    assert_eq!(
        attrs(&html, ".report-body h2", "id"),
        ["río", "río-1", "late", "late-2", "late-3", "late-1"]
    );
    assert_eq!(target_text(&html, "late-1"), ["Other"]);
}

#[test]
fn an_explicit_id_the_page_uses_or_one_given_twice_is_an_error() {
    let dir = report_site(
        "## Claims {#claims}\n\nText [@a].\n\n## One {#same}\n\n## Two {#same}\n\n## Three {#cite-a-1}\n",
    );
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E019]: heading id `claims` is kept for the page itself"),
        "{err}"
    );
    assert!(err.contains("content/a.md:12:12"), "{err}");
    assert!(
        err.contains("error[E019]: heading id `same` is used twice"),
        "{err}"
    );
    assert!(err.contains("content/a.md:18:9"), "{err}");
    assert!(err.contains("content/a.md:20:11"), "{err}");
    assert!(
        err.contains("error[E019]: heading id `cite-a-1` is kept for the page itself"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn an_aliased_wiki_link_in_a_table_cell_is_written_with_an_escaped_pipe() {
    let dir = report_site(
        "| Who | Role |\n| --- | --- |\n| [[ana-ruiz\\|the director]] | chair |\n| [she](entity:ana-ruiz) | [said so](claim:c1) [@a, pp. 3\\|4; @b] |\n",
    );
    let html = report_page(&dir);
    let cells = texts(&html, ".report-body td");
    assert_eq!(cells[0], "the director");
    assert_eq!(cells[1], "chair");
    assert_eq!(
        attrs(&html, ".report-body td a.entity", "href"),
        ["../entities/ana-ruiz/", "../entities/ana-ruiz/"]
    );
    assert_eq!(
        texts(&html, ".report-body td .claim .claim-text"),
        ["said so"]
    );
    assert_eq!(
        attrs(
            &html,
            ".report-body td sup.cite a[data-locator]",
            "data-locator"
        ),
        ["pp. 3|4"]
    );
}

#[test]
fn a_wiki_link_cut_by_a_table_pipe_is_an_error_not_text() {
    let dir = report_site(
        "| Who | Role |\n| --- | --- |\n| [[ana-ruiz|the director]] | chair |\n\n[@a] [@b] [x](claim:c1)\n",
    );
    let out = dossier(&["build"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error[E020]: the table's `|` cuts this wiki-link in two"),
        "{err}"
    );
    assert!(err.contains("content/a.md:14:3"), "{err}");
    assert!(
        err.contains("help: inside a table, escape the pipe: `[[ana-ruiz\\|the director]]`"),
        "{err}"
    );
    // The entity was meant, so it is not also "never mentioned".
    assert!(!err.contains(Code::W003.as_str()), "{err}");
}
