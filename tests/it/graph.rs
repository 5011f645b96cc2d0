//! Who appears with whom: the graph on an entity's page and
//! `entities/graph/`, read back as a reader (and a screen reader) gets
//! them: the SVG's title, description and links, and the list beside it.

use std::path::{Path, PathBuf};

use crate::*;

fn entity(id: &str, name: &str) -> (String, String) {
    (
        format!("content/entities/{id}.md"),
        format!("---\nname: {name}\ntype: organization\n---\n"),
    )
}

fn report(path: &str, title: &str, date: &str, entities: &[&str], draft: bool) -> (String, String) {
    let list: String = entities.iter().map(|e| format!("  {e}:\n")).collect();
    let draft = if draft { "draft: true\n" } else { "" };
    (
        format!("content/{path}"),
        format!("---\ntitle: {title}\ndate: {date}\n{draft}entities:\n{list}---\nText.\n"),
    )
}

/// Alpha shares three reports with Beta, two with Gamma, one each with
/// Delta, Zeta and thirteen others (`n01`…`n13`); a draft adds Epsilon
/// and one more report with Delta.
fn files(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut files = vec![
        entity("alpha", "Alpha"),
        entity("beta", "Beta"),
        entity("gamma", "Gamma"),
        entity("delta", "Delta"),
        entity("epsilon", "Epsilon"),
        entity("zeta", "Zeta"),
        report(
            "r1.md",
            "One",
            "2024-01-01",
            &["alpha", "beta", "gamma"],
            false,
        ),
        report(
            "r2.md",
            "Two",
            "2024-01-02",
            &["alpha", "beta", "gamma"],
            false,
        ),
        report("r3.md", "Three", "2024-01-03", &["alpha", "beta"], false),
        report(
            "r4.md",
            "Four",
            "2024-01-04",
            &["alpha", "delta", "zeta"],
            false,
        ),
        report(
            "r5.md",
            "Five",
            "2024-01-05",
            &["alpha", "delta", "epsilon"],
            true,
        ),
    ];
    let others: Vec<String> = (1..=13).map(|i| format!("n{i:02}")).collect();
    for id in &others {
        files.push(entity(id, &format!("Other {id}")));
    }
    let mut six = vec!["alpha"];
    six.extend(others.iter().map(String::as_str));
    files.push(report("r6.md", "Six", "2024-01-06", &six, false));
    files.extend(extra.iter().map(|(p, t)| (p.to_string(), t.to_string())));
    files
}

fn build(extra: &[(&str, &str)], flags: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let files = files(extra);
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = site(&refs);
    let out = build_ok(dir.path(), flags);
    (dir, out)
}

/// The text of the first `<svg>…</svg>` of a page, parsed as XML: it
/// must be well-formed on its own.
fn svg_text(page: &Path) -> String {
    let html = std::fs::read_to_string(page).unwrap();
    let start = html.find("<svg").expect("an <svg>");
    let end = html[start..].find("</svg>").expect("</svg>") + start + "</svg>".len();
    html[start..end].to_string()
}

/// The links of the SVG's nodes, in order, and its title and description.
fn svg_parts(page: &Path) -> (Vec<String>, String, String) {
    let text = svg_text(page);
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("the SVG is not well-formed XML: {e}\n{text}"));
    let root = doc.root_element();
    let child_text = |name: &str| {
        root.children()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let links = root
        .descendants()
        .filter(|n| n.tag_name().name() == "a")
        .map(|n| n.attribute("href").unwrap_or_default().to_string())
        .collect();
    (links, child_text("title"), child_text("desc"))
}

fn ids(links: &[String]) -> Vec<String> {
    links
        .iter()
        .map(|l| {
            l.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn an_entity_page_draws_its_strongest_neighbours_in_weight_order() {
    let (_dir, out) = build(&[], &[]);
    let page = out.join("entities/alpha/index.html");
    let (links, title, desc) = svg_parts(&page);
    // Twelve at most: by shared reports, then by id.
    let mut expected = vec!["beta", "gamma", "delta"];
    let others: Vec<String> = (1..=9).map(|i| format!("n{i:02}")).collect();
    expected.extend(others.iter().map(String::as_str));
    assert_eq!(ids(&links), expected);
    assert_eq!(title, "Entities that appear in the same reports as Alpha");
    assert!(
        desc.starts_with(
            "Alpha appears in the same reports as: Beta (3 reports); Gamma (2 reports); Delta (1 report);"
        ),
        "{desc}"
    );
    // The list beside it carries the same links, in the same order.
    let html = page_html(&page);
    assert_eq!(attrs(&html, ".entity-graph .graph-list a", "href"), links);
    assert_eq!(
        texts(&html, ".graph-list li .tally")[..3],
        ["(3 reports)", "(2 reports)", "(1 report)"]
    );
    // The SVG is named by its title and described by its description.
    let svg = html.select(&sel("svg.graph-svg")).next().unwrap();
    assert_eq!(svg.value().attr("aria-labelledby"), Some("graph-title"));
    assert_eq!(svg.value().attr("aria-describedby"), Some("graph-desc"));
    // Each link leads to a page that exists.
    for link in &links {
        let target = out.join("entities/alpha").join(link).join("index.html");
        assert!(target.exists(), "{link} leads nowhere");
    }
    // Lines are thicker for more shared reports.
    let widths = attrs(&html, ".graph-edges line", "stroke-width");
    assert_eq!(widths[0], "5.0");
    assert!(widths[0].parse::<f64>().unwrap() > widths[1].parse::<f64>().unwrap());
}

fn page_html(path: &Path) -> scraper::Html {
    page(path)
}

#[test]
fn an_entity_seen_with_no_other_has_no_graph() {
    let dir = site(&[
        (
            "content/entities/solo.md",
            "---\nname: Solo\ntype: person\n---\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nentities:\n  solo:\n---\nSolo.\n",
        ),
    ]);
    let out = build_ok(dir.path(), &[]);
    let html = page(&out.join("entities/solo/index.html"));
    assert!(html.select(&sel(".entity-graph")).next().is_none());
    // Nothing to draw: no graph page, and no link to one.
    assert!(!out.join("entities/graph/index.html").exists());
    let index = page(&out.join("entities/index.html"));
    assert!(index.select(&sel(".graph-link")).next().is_none());
}

#[test]
fn drafts_count_only_with_drafts() {
    let (_dir, out) = build(&[], &[]);
    let page = out.join("entities/alpha/index.html");
    let (links, _, desc) = svg_parts(&page);
    assert!(!ids(&links).contains(&"epsilon".to_string()));
    assert!(desc.contains("Delta (1 report)"), "{desc}");
    let (_dir, out) = build(&[], &["--drafts"]);
    let page = out.join("entities/alpha/index.html");
    let (links, _, desc) = svg_parts(&page);
    assert_eq!(ids(&links)[..4], ["beta", "delta", "gamma", "epsilon"]);
    assert!(desc.contains("Delta (2 reports)"), "{desc}");
}

#[test]
fn the_same_site_gives_the_same_bytes() {
    let (_a, one) = build(&[], &[]);
    let (_b, two) = build(&[], &[]);
    for page in ["entities/alpha/index.html", "entities/graph/index.html"] {
        let (x, y) = (
            std::fs::read(one.join(page)).unwrap(),
            std::fs::read(two.join(page)).unwrap(),
        );
        assert!(x == y, "{page} differs between two builds");
    }
}

#[test]
fn the_site_graph_shows_the_most_connected_with_the_same_links_as_a_list() {
    let (_dir, out) = build(&[], &[]);
    let index = page(&out.join("entities/index.html"));
    assert_eq!(
        attrs(&index, ".graph-link a", "href"),
        ["../entities/graph/"]
    );
    let path = out.join("entities/graph/index.html");
    let (links, title, desc) = svg_parts(&path);
    assert_eq!(title, "Who appears with whom");
    // Alpha appears with everyone: it comes first.
    assert_eq!(ids(&links)[0], "alpha");
    assert!(
        desc.starts_with("The 18 most connected entities and who appears with whom. The strongest connections: Alpha and Beta (3 reports); Alpha and Gamma (2 reports); Beta and Gamma (2 reports);"),
        "{desc}"
    );
    let html = page(&path);
    assert_eq!(attrs(&html, ".graph-site-list a.index-name", "href"), links);
    let first: Vec<String> = html
        .select(&sel(".graph-site-list li"))
        .next()
        .unwrap()
        .select(&sel("a:not(.index-name)"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    // Its strongest: by shared reports, then the more connected first.
    assert_eq!(ids(&first)[..3], ["beta", "gamma", "n01"]);
    for link in links.iter().chain(&first) {
        let target = out.join("entities/graph").join(link).join("index.html");
        assert!(target.exists(), "{link} leads nowhere");
    }
    // Every node and name stays inside the picture.
    let svg = html.select(&sel("svg.graph-svg")).next().unwrap();
    let view: Vec<f64> = svg
        .value()
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    for c in html.select(&sel(".graph-nodes circle")) {
        let x: f64 = c.value().attr("cx").unwrap().parse().unwrap();
        let y: f64 = c.value().attr("cy").unwrap().parse().unwrap();
        assert!(x > 0.0 && x < view[2] && y > 0.0 && y < view[3], "{x} {y}");
    }
}

#[test]
fn a_spanish_site_labels_its_graphs_in_spanish() {
    let config = "title: Sitio\nbase_url: https://example.com/\nlanguage: es\n";
    let (_dir, out) = build(&[("dossier.yaml", config)], &[]);
    let page = out.join("entities/alpha/index.html");
    let (_, title, desc) = svg_parts(&page);
    assert_eq!(
        title,
        "Entidades que aparecen en los mismos informes que Alpha"
    );
    assert!(
        desc.starts_with("Alpha aparece en los mismos informes que: Beta (3 informes); Gamma (2 informes); Delta (1 informe);"),
        "{desc}"
    );
    let html = page_html(&page);
    assert_eq!(texts(&html, "#graph-heading"), ["Quién aparece con Alpha"]);
    let graph = page_html(&out.join("entities/graph/index.html"));
    assert_eq!(texts(&graph, "h1"), ["Quién aparece con quién"]);
    assert_eq!(
        texts(&graph, "#graph-list-heading"),
        ["Las entidades y sus conexiones más fuertes"]
    );
}

#[test]
fn each_language_has_its_own_graph_page_with_alternates() {
    let config = "title: Site\nbase_url: https://example.com/\nlanguages: [en, es]\n";
    let (_dir, out) = build(
        &[
            ("dossier.yaml", config),
            (
                "content/r1.es.md",
                "---\ntitle: Uno\ndate: 2024-01-01\nentities:\n  alpha:\n  beta:\n  gamma:\n---\nTexto.\n",
            ),
        ],
        &[],
    );
    let en = page(&out.join("entities/graph/index.html"));
    let es = page(&out.join("es/entities/graph/index.html"));
    let hreflangs = attrs(&en, "link[rel=alternate][hreflang]", "hreflang");
    assert!(hreflangs.contains(&"es".to_string()), "{hreflangs:?}");
    assert_eq!(texts(&es, "h1"), ["Quién aparece con quién"]);
    // The Spanish site has one report: three entities, three lines.
    assert_eq!(es.select(&sel(".graph-edges line")).count(), 3);
    assert!(en.select(&sel(".graph-edges line")).count() > 3);
}

#[test]
fn an_entity_called_graph_keeps_its_page_and_the_graph_page_is_left_out() {
    let (dir, _) = build(&[], &[]);
    std::fs::write(
        dir.path().join("content/entities/graph.md"),
        "---\nname: Graph Ltd\ntype: organization\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/r7.md"),
        "---\ntitle: Seven\ndate: 2024-02-01\nentities:\n  graph:\n  alpha:\n---\nGraph Ltd and Alpha.\n",
    )
    .unwrap();
    let out = dossier(&["build"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning[W013]"), "{}", stderr(&out));
    let public = dir.path().join("public");
    let page = page(&public.join("entities/graph/index.html"));
    assert_eq!(texts(&page, "h1"), ["Graph Ltd"]);
    let index = crate::page(&public.join("entities/index.html"));
    assert!(index.select(&sel(".graph-link")).next().is_none());
}
