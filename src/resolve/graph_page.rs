//! The site's graph page, `entities/graph/`, against an entity with the id
//! `graph`, whose page has the same URL (W013).
//!
//! A warning, not an error: nothing is overwritten. The entity's page is
//! the author's content and keeps the URL; the graph page, which the site
//! can do without, is left out (render skips it and the entity index does
//! not link it). The warning says so, and how to have both.

use crate::diag::{Code, Diagnostic, Files};
use crate::model::definition_span;

use super::{Origin, Site};

/// The entity id whose page would be `entities/graph/`.
pub const GRAPH_ID: &str = "graph";

/// W013 when an entity has the id [`GRAPH_ID`], at its definition.
pub(super) fn check_graph_page(files: &Files, site: &Site<'_>, diags: &mut Vec<Diagnostic>) {
    let Some(def) = site.defs.entities.get(GRAPH_ID) else {
        return;
    };
    let docs = site.docs;
    let span = match def.origin {
        Origin::Registry(i) => {
            let e = docs.entity(i);
            definition_span(e.yaml, &files.get(e.file).text, "entities", None)
        }
        Origin::Report(r) => {
            let report = docs.report(r);
            definition_span(
                report.yaml,
                &files.get(report.file).text,
                "entities",
                Some(GRAPH_ID),
            )
        }
        Origin::Bibliography(_) => return,
    };
    diags.push(
        Diagnostic::new(
            Code::W013,
            "entity `graph` has the URL of the site's graph page, `entities/graph/`",
        )
        .at(span)
        .label("defined here")
        .help(
            "the entity's page keeps `entities/graph/` and the site's graph page is left out; \
             give the entity another id to have both",
        ),
    );
}
