//! Who appears with whom (SPEC §5): the small graph on an entity's page of
//! the entities that share most reports with it, and `entities/graph/`,
//! the most connected entities of the site.
//!
//! The weights are the resolve step's co-occurrence counts
//! ([`crate::resolve::Site::related`]: for each entity, the others with
//! the number of reports that show both, most first, then by id), so each
//! language's graph counts that language's reports, and drafts only in a
//! build with `--drafts`. Templates get the picture as a [`GraphView`]
//! (coordinates already laid out and written as text, see
//! `graph_layout.rs`) and draw it as an inline SVG with the same links in a
//! list beside it (docs/themes.md, "The graph").

use std::collections::HashMap;

use serde::Serialize;

use super::graph_layout::{
    Anchor, FONT_SIZE, LabelAt, NodeBox, Point, fmt1, force_layout, ring, short_name, text_width,
};
use super::{OutputFile, Renderer};
use crate::diag::Diagnostic;
use crate::ids::EntityId;
use crate::urls::root_prefix;

/// The most neighbours an entity's graph shows: more would not stay
/// readable at the width of a page.
pub(super) const EGO_NEIGHBOURS: usize = 12;

/// The most entities `entities/graph/` shows.
pub(super) const SITE_NODES: usize = 40;

/// The most lines `entities/graph/` draws between them: the strongest.
pub(super) const SITE_EDGES: usize = 120;

/// Lines the site graph keeps for each entity, however weak.
const LINES_EACH: usize = 2;

/// Each entity's strongest connections that the list of
/// `entities/graph/` names.
const SITE_LIST_LINKS: usize = 6;

/// Steps of the site graph's force-directed layout.
const SITE_STEPS: usize = 300;

/// Names longer than this are cut (with `…`) in the picture; the list
/// and each node's title give them whole.
const EGO_NAME_CHARS: usize = 24;
const SITE_NAME_CHARS: usize = 22;

/// The URL of the site's graph page, from the language's folder.
pub(super) const GRAPH_URL: &str = "entities/graph/";

/// A graph as templates draw it: every number already placed and written
/// with one decimal, so that the same site gives the same bytes.
#[derive(Serialize, Debug)]
pub(super) struct GraphView {
    /// The `viewBox` is `0 0 width height`.
    pub width: u32,
    pub height: u32,
    /// Lines first in the picture, so that nodes and names are drawn
    /// over them; strongest first.
    pub edges: Vec<EdgeView>,
    /// On an entity's page the entity first (`centre`), then its
    /// neighbours by shared reports (most first), then by id; on
    /// `entities/graph/` the entities by connections, most first.
    pub nodes: Vec<NodeView>,
}

/// One entity in a graph.
#[derive(Serialize, Debug)]
pub(super) struct NodeView {
    pub id: String,
    /// The whole name.
    pub name: String,
    /// The name as the picture writes it (cut when long).
    pub label: String,
    /// The entity's page, relative to the page the graph is on.
    pub url: String,
    /// Centre and radius of its circle.
    pub x: String,
    pub y: String,
    pub r: String,
    /// Where its name is written (`text-anchor` is `anchor`).
    pub label_x: String,
    pub label_y: String,
    pub anchor: &'static str,
    /// Whether this is the entity whose page it is.
    pub centre: bool,
    /// On an entity's page, the reports it shares with that entity (0 for
    /// the entity itself); on `entities/graph/`, the reports it shares
    /// with the entities the graph shows, summed over its lines.
    pub count: usize,
    /// On `entities/graph/`: its strongest lines, most shared reports
    /// first (at most six), for the list beside the picture.
    pub links: Vec<GraphLink>,
}

/// A neighbour as the list beside a graph names it.
#[derive(Serialize, Debug)]
pub(super) struct GraphLink {
    pub name: String,
    pub url: String,
    /// Reports that show both.
    pub count: usize,
}

/// A line between two entities of a graph.
#[derive(Serialize, Debug)]
pub(super) struct EdgeView {
    pub x1: String,
    pub y1: String,
    pub x2: String,
    pub y2: String,
    /// Stroke width and opacity, larger for more shared reports.
    pub width: String,
    pub opacity: String,
    /// Reports that show both.
    pub count: usize,
    /// The names at its two ends.
    pub from: String,
    pub to: String,
}

/// The lines the site graph draws, of `lines` (strongest first) between
/// `nodes` entities: each entity's [`LINES_EACH`] strongest, so that none
/// floats alone because the strongest lines of the site are all among a
/// few, then the strongest of the rest, [`SITE_EDGES`] in all; strongest
/// first.
fn strongest_lines(lines: Vec<(usize, usize, usize)>, nodes: usize) -> Vec<(usize, usize, usize)> {
    let mut taken = vec![false; lines.len()];
    let mut each = vec![0usize; nodes];
    let mut count = 0;
    for (k, &(i, j, _)) in lines.iter().enumerate() {
        if count < SITE_EDGES && (each[i] < LINES_EACH || each[j] < LINES_EACH) {
            taken[k] = true;
            each[i] += 1;
            each[j] += 1;
            count += 1;
        }
    }
    for t in taken.iter_mut() {
        if count >= SITE_EDGES {
            break;
        }
        if !*t {
            *t = true;
            count += 1;
        }
    }
    lines
        .into_iter()
        .zip(taken)
        .filter_map(|(l, t)| t.then_some(l))
        .collect()
}

/// Stroke width and opacity of a line of `count` shared reports, when the
/// strongest line has `max`.
fn stroke(count: usize, max: usize, widths: (f64, f64)) -> (String, String) {
    let share = count as f64 / max.max(1) as f64;
    (
        fmt1(widths.0 + (widths.1 - widths.0) * share),
        fmt1(0.35 + 0.6 * share),
    )
}

impl<'a> Renderer<'_, 'a> {
    /// The graph on the page of entity `id`, whose page's root is `root`:
    /// the entity and the (at most [`EGO_NEIGHBOURS`]) entities that share
    /// most reports with it. `None` when no report shows it with another.
    /// Costs the length of the neighbours shown, whatever the site's size.
    pub(super) fn ego_graph(&self, id: EntityId<'_>, root: &str) -> Option<GraphView> {
        let related = self.site.related.get(&id)?;
        let shown = &related[..related.len().min(EGO_NEIGHBOURS)];
        if shown.is_empty() {
            return None;
        }
        let (width, height) = (760.0, 340.0);
        let centre = Point {
            x: width / 2.0,
            y: height / 2.0,
        };
        let max = shown.iter().map(|r| r.shared).max().unwrap_or(1);
        let centre_r = 11.0;
        let places = ring(shown.len(), centre, Point { x: 180.0, y: 125.0 }, 13.0);
        let name_of = |e: &EntityId<'_>| self.site.defs.entities[e].def.name.clone();
        let url_of = |e: &EntityId<'_>| format!("{root}entities/{e}/");
        let mut edges = Vec::with_capacity(shown.len());
        let mut nodes = Vec::with_capacity(shown.len() + 1);
        let name = name_of(&id);
        nodes.push(NodeView {
            id: id.to_string(),
            label: short_name(&name, 30),
            url: url_of(&id),
            x: fmt1(centre.x),
            y: fmt1(centre.y),
            r: fmt1(centre_r),
            label_x: fmt1(centre.x),
            label_y: fmt1(centre.y + centre_r + 4.0 + FONT_SIZE * 0.8),
            anchor: Anchor::Middle.as_str(),
            centre: true,
            count: 0,
            links: Vec::new(),
            name: name.clone(),
        });
        for (other, (at, LabelAt { at: label, anchor })) in shown.iter().zip(places) {
            let r = 5.0 + 3.0 * other.shared as f64 / max as f64;
            let other_name = name_of(&other.entity);
            let (stroke_width, opacity) = stroke(other.shared, max, (1.0, 5.0));
            edges.push(EdgeView {
                x1: fmt1(centre.x),
                y1: fmt1(centre.y),
                x2: fmt1(at.x),
                y2: fmt1(at.y),
                width: stroke_width,
                opacity,
                count: other.shared,
                from: name.clone(),
                to: other_name.clone(),
            });
            // Names beside a node start past its circle, whatever its size.
            let shift = match anchor {
                Anchor::Start => r - 5.0,
                Anchor::End => 5.0 - r,
                Anchor::Middle => 0.0,
            };
            nodes.push(NodeView {
                id: other.entity.to_string(),
                label: short_name(&other_name, EGO_NAME_CHARS),
                url: url_of(&other.entity),
                x: fmt1(at.x),
                y: fmt1(at.y),
                r: fmt1(r),
                label_x: fmt1(label.x + shift),
                label_y: fmt1(label.y),
                anchor: anchor.as_str(),
                centre: false,
                count: other.shared,
                links: Vec::new(),
                name: other_name,
            });
        }
        Some(GraphView {
            width: width as u32,
            height: height as u32,
            edges,
            nodes,
        })
    }

    /// Whether the site has a graph page: when two entities share a
    /// report (there is something to draw), and no entity has the id
    /// `graph`, whose page is at that URL (W013).
    pub(super) fn has_graph_page(&self) -> bool {
        let site = self.site;
        !site.defs.entities.contains_key(crate::resolve::GRAPH_ID)
            && site.related.values().any(|list| !list.is_empty())
    }

    /// The graph of `entities/graph/`, drawn on a page whose root is
    /// `root`: the [`SITE_NODES`] entities with the most shared reports
    /// (summed over the others they appear with; ties by id) and the
    /// strongest lines between them ([`strongest_lines`]). `None` when no two
    /// entities share a report.
    ///
    /// Each pair of entities is looked at once when the counts are summed
    /// (work the resolve step already did to count them); the layout then
    /// works on the few entities shown.
    pub(super) fn site_graph(&self, root: &str) -> Option<GraphView> {
        let site = self.site;
        let mut ranked: Vec<(usize, EntityId<'a>)> = site
            .related
            .iter()
            .map(|(&id, list)| (list.iter().map(|r| r.shared).sum(), id))
            .filter(|(n, _)| *n > 0)
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(SITE_NODES);
        if ranked.is_empty() {
            return None;
        }
        let place: HashMap<EntityId<'a>, usize> = ranked
            .iter()
            .enumerate()
            .map(|(i, (_, id))| (*id, i))
            .collect();
        // Each line once, from the entity ranked higher.
        let mut lines: Vec<(usize, usize, usize)> = Vec::new();
        for (i, (_, id)) in ranked.iter().enumerate() {
            for other in &site.related[id] {
                if let Some(&j) = place.get(&other.entity)
                    && j > i
                {
                    lines.push((i, j, other.shared));
                }
            }
        }
        lines.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        let lines = strongest_lines(lines, ranked.len());
        let mut degree = vec![0usize; ranked.len()];
        for &(i, j, n) in &lines {
            degree[i] += n;
            degree[j] += n;
        }
        let max_degree = degree.iter().copied().max().unwrap_or(1).max(1);
        let names: Vec<&str> = ranked
            .iter()
            .map(|(_, id)| site.defs.entities[id].def.name.as_str())
            .collect();
        let labels: Vec<String> = names
            .iter()
            .map(|n| short_name(n, SITE_NAME_CHARS))
            .collect();
        let radii: Vec<f64> = degree
            .iter()
            .map(|&d| 4.0 + 6.0 * (d as f64 / max_degree as f64).sqrt())
            .collect();
        let boxes: Vec<NodeBox> = labels
            .iter()
            .zip(&radii)
            .map(|(l, &r)| NodeBox {
                half_width: (text_width(l) / 2.0).max(r),
                radius: r,
            })
            .collect();
        let width = 960.0;
        let height = (200.0 + 12.0 * ranked.len() as f64).clamp(260.0, 680.0);
        let weighted: Vec<(usize, usize, f64)> =
            lines.iter().map(|&(i, j, n)| (i, j, n as f64)).collect();
        let at = force_layout(&boxes, &weighted, width, height, SITE_STEPS);
        let max = lines.first().map_or(1, |l| l.2);
        let url_of = |id: &EntityId<'_>| format!("{root}entities/{id}/");
        let edges = lines
            .iter()
            .map(|&(i, j, n)| {
                let (stroke_width, opacity) = stroke(n, max, (0.8, 4.0));
                EdgeView {
                    x1: fmt1(at[i].x),
                    y1: fmt1(at[i].y),
                    x2: fmt1(at[j].x),
                    y2: fmt1(at[j].y),
                    width: stroke_width,
                    opacity,
                    count: n,
                    from: names[i].to_string(),
                    to: names[j].to_string(),
                }
            })
            .collect();
        let nodes = ranked
            .iter()
            .enumerate()
            .map(|(i, (_, id))| {
                // Lines are strongest first: each end's first ones are its
                // strongest.
                let links = lines
                    .iter()
                    .filter_map(|&(a, b, n)| match (a == i, b == i) {
                        (true, _) => Some((b, n)),
                        (_, true) => Some((a, n)),
                        _ => None,
                    })
                    .take(SITE_LIST_LINKS)
                    .map(|(k, n)| GraphLink {
                        name: names[k].to_string(),
                        url: url_of(&ranked[k].1),
                        count: n,
                    })
                    .collect();
                NodeView {
                    id: id.to_string(),
                    name: names[i].to_string(),
                    label: labels[i].clone(),
                    url: url_of(id),
                    x: fmt1(at[i].x),
                    y: fmt1(at[i].y),
                    r: fmt1(radii[i]),
                    label_x: fmt1(at[i].x),
                    label_y: fmt1(at[i].y + radii[i] + 4.0 + FONT_SIZE * 0.8),
                    anchor: Anchor::Middle.as_str(),
                    centre: false,
                    count: degree[i],
                    links,
                }
            })
            .collect();
        Some(GraphView {
            width: width as u32,
            height: height as u32,
            edges,
            nodes,
        })
    }

    /// `entities/graph/index.html`: the site's graph and, as a list, each
    /// entity it shows with its strongest connections.
    pub(super) fn graph_page(&self) -> Result<OutputFile, Diagnostic> {
        let root = root_prefix(GRAPH_URL);
        let strings = &self.theme.strings;
        let mut ctx = self.common(
            GRAPH_URL,
            &root,
            strings.text("graph.title"),
            strings.text("graph.lead"),
            false,
        );
        ctx.insert("graph", &self.site_graph(&root));
        self.page("graph.html", GRAPH_URL, ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_keeps_its_strongest_lines_within_the_cap() {
        // A clique of 16 strong lines among nodes 0..=15 (120 lines), then
        // one weak line from each of nodes 16..=19 to node 0.
        let mut lines = Vec::new();
        for i in 0..16 {
            for j in (i + 1)..16 {
                lines.push((i, j, 10));
            }
        }
        for k in 16..20 {
            lines.push((0, k, 1));
        }
        let kept = strongest_lines(lines, 20);
        assert_eq!(kept.len(), SITE_EDGES);
        for k in 16..20 {
            assert!(kept.contains(&(0, k, 1)), "node {k} lost its only line");
        }
        // Still strongest first.
        assert!(kept.windows(2).all(|w| w[0].2 >= w[1].2));
    }

    #[test]
    fn strokes_grow_with_shared_reports() {
        assert_eq!(stroke(4, 4, (1.0, 5.0)), ("5.0".into(), "0.9".into()));
        assert_eq!(stroke(1, 4, (1.0, 5.0)), ("2.0".into(), "0.5".into()));
    }
}
