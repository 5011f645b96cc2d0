//! Where the nodes and names of a co-occurrence graph go: pure geometry,
//! no site and no templates (`graph.rs` makes the views from it).
//!
//! Every layout here is deterministic: the same input gives the same
//! coordinates, with no random seed and no dependence on map order; the
//! force-directed layout runs a fixed number of steps from a fixed start.
//! Coordinates are in the units of the SVG's `viewBox` (CSS pixels when the
//! graph is shown at its natural size) and reach templates as text with
//! one decimal ([`fmt1`]), so that the bytes of a page do not depend on how
//! a float prints.

/// Font size of a node's name, in viewBox units; the theme's CSS sets the
/// same size on `.graph-svg text` so that estimated widths hold.
pub(super) const FONT_SIZE: f64 = 13.0;

/// A point in viewBox units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Point {
    pub x: f64,
    pub y: f64,
}

/// Which end of a name sits at its anchor (SVG's `text-anchor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// Where a node's name is written: the text's anchor point (on its
/// baseline) and which end of the text is there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LabelAt {
    pub at: Point,
    pub anchor: Anchor,
}

/// `x` with one decimal, never `-0.0`: how every coordinate and width is
/// written into a page.
pub(super) fn fmt1(x: f64) -> String {
    let s = format!("{:.1}", x);
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// The width a name takes at [`FONT_SIZE`], estimated from its characters
/// (the theme's sans-serif averages a little over half an em; wide letters
/// and capitals count more). Used to keep names apart and inside the
/// picture, so an estimate on the wide side is what is wanted.
pub(super) fn text_width(text: &str) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | '\'' | '’' | ' ' | '|' | '!' | ':' | ';' => 0.3,
            'm' | 'w' | 'M' | 'W' | '@' => 0.9,
            c if c.is_uppercase() => 0.7,
            c if c.is_ascii_digit() => 0.56,
            _ => 0.56,
        })
        .sum();
    ems * FONT_SIZE
}

/// `name` cut to at most `max` characters, ending in `…` when cut (the
/// whole name is in the link's title and in the list beside the graph).
pub(super) fn short_name(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let cut: String = name.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The ego graph's places: the entity at `centre`, its `n` neighbours on
/// an ellipse of radii `radii` around it, the first (the strongest) just
/// right of the top and the rest clockwise. Half a step of offset keeps
/// any node off the vertical axis when `n` is even, so names go left or
/// right of their node and do not run into their neighbours'. Each name
/// sits outside its node, `gap` units away: to the right on the right
/// half, to the left on the left half, below or above near the axis.
pub(super) fn ring(n: usize, centre: Point, radii: Point, gap: f64) -> Vec<(Point, LabelAt)> {
    (0..n)
        .map(|i| {
            let angle = if n == 1 {
                0.0
            } else {
                -std::f64::consts::FRAC_PI_2 + (i as f64 + 0.5) * std::f64::consts::TAU / n as f64
            };
            let (sin, cos) = angle.sin_cos();
            let at = Point {
                x: centre.x + radii.x * cos,
                y: centre.y + radii.y * sin,
            };
            (at, label_beside(at, cos, sin, gap))
        })
        .collect()
}

/// A name `gap` away from a node at `at`, on the side the direction
/// (`cos`, `sin`) from the centre points to.
fn label_beside(at: Point, cos: f64, sin: f64, gap: f64) -> LabelAt {
    // The baseline sits a third of the font below the middle of the text.
    let middle = FONT_SIZE * 0.35;
    if cos > 0.25 {
        LabelAt {
            at: Point {
                x: at.x + gap,
                y: at.y + middle,
            },
            anchor: Anchor::Start,
        }
    } else if cos < -0.25 {
        LabelAt {
            at: Point {
                x: at.x - gap,
                y: at.y + middle,
            },
            anchor: Anchor::End,
        }
    } else if sin >= 0.0 {
        LabelAt {
            at: Point {
                x: at.x,
                y: at.y + gap + FONT_SIZE * 0.8,
            },
            anchor: Anchor::Middle,
        }
    } else {
        LabelAt {
            at: Point {
                x: at.x,
                y: at.y - gap,
            },
            anchor: Anchor::Middle,
        }
    }
}

/// A box a node and its name (written centred below it) take.
#[derive(Debug, Clone, Copy)]
pub(super) struct NodeBox {
    /// Half the width: the larger of the node's radius and half its name.
    pub half_width: f64,
    /// The node's radius (the box reaches this far above the centre).
    pub radius: f64,
}

impl NodeBox {
    /// Below the centre: the node, a gap and one line of text.
    fn below(&self) -> f64 {
        self.radius + 4.0 + FONT_SIZE
    }
}

/// A force-directed layout (Fruchterman and Reingold's, 1991) of nodes
/// `boxes` with weighted `edges` (`(a, b, weight)`, indexes into `boxes`)
/// in a `width` × `height` picture, each name centred below its node.
///
/// Starts from a sunflower spiral in node order (give the nodes in a fixed
/// order: most connected first), runs `steps` steps with a temperature
/// that falls linearly, then scales the result into the picture leaving
/// room for names, then pushes apart boxes that overlap, a fixed number of
/// passes. Cost: `steps` × (nodes² + edges).
pub(super) fn force_layout(
    boxes: &[NodeBox],
    edges: &[(usize, usize, f64)],
    width: f64,
    height: f64,
    steps: usize,
) -> Vec<Point> {
    let n = boxes.len();
    if n == 0 {
        return Vec::new();
    }
    let max_weight = edges.iter().map(|e| e.2).fold(1.0, f64::max);
    // The layout runs in a unit square; scaling comes last.
    let k = (1.0 / n as f64).sqrt();
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    let mut at: Vec<Point> = (0..n)
        .map(|i| {
            let r = 0.5 * ((i as f64 + 0.5) / n as f64).sqrt();
            let (sin, cos) = (i as f64 * golden).sin_cos();
            Point {
                x: r * cos,
                y: r * sin,
            }
        })
        .collect();
    let mut moved = vec![Point { x: 0.0, y: 0.0 }; n];
    for step in 0..steps {
        let temperature = 0.1 * (1.0 - step as f64 / steps as f64);
        for m in moved.iter_mut() {
            *m = Point { x: 0.0, y: 0.0 };
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (at[i].x - at[j].x, at[i].y - at[j].y);
                let d2 = (dx * dx + dy * dy).max(1e-6);
                // Repulsion k²/d along the unit vector: k²·(dx, dy)/d².
                let f = k * k / d2;
                moved[i].x += dx * f;
                moved[i].y += dy * f;
                moved[j].x -= dx * f;
                moved[j].y -= dy * f;
            }
        }
        for &(a, b, w) in edges {
            let (dx, dy) = (at[a].x - at[b].x, at[a].y - at[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(1e-3);
            // Attraction d²/k, stronger for edges of more shared reports.
            let f = d / k * (0.3 + 0.7 * w / max_weight);
            moved[a].x -= dx * f;
            moved[a].y -= dy * f;
            moved[b].x += dx * f;
            moved[b].y += dy * f;
        }
        for i in 0..n {
            // A pull to the centre keeps unconnected nodes in the picture.
            moved[i].x -= at[i].x * 2.0 * k;
            moved[i].y -= at[i].y * 2.0 * k;
            let len = (moved[i].x * moved[i].x + moved[i].y * moved[i].y).sqrt();
            if len > 0.0 {
                let step = len.min(temperature);
                at[i].x += moved[i].x / len * step;
                at[i].y += moved[i].y / len * step;
            }
        }
    }
    let mut at = fit(&at, boxes, width, height);
    separate(&mut at, boxes, width, height, 400);
    at
}

/// Scales `at` to fill the picture, each box kept inside it.
fn fit(at: &[Point], boxes: &[NodeBox], width: f64, height: f64) -> Vec<Point> {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in at {
        x0 = x0.min(p.x);
        x1 = x1.max(p.x);
        y0 = y0.min(p.y);
        y1 = y1.max(p.y);
    }
    let margin_x = boxes.iter().map(|b| b.half_width).fold(0.0, f64::max) + 4.0;
    let margin_top = boxes.iter().map(|b| b.radius).fold(0.0, f64::max) + 4.0;
    let margin_bottom = boxes.iter().map(NodeBox::below).fold(0.0, f64::max) + 4.0;
    let span = |a: f64, b: f64| if b - a > 1e-9 { b - a } else { 1.0 };
    let (sx, sy) = (
        (width - 2.0 * margin_x).max(1.0) / span(x0, x1),
        (height - margin_top - margin_bottom).max(1.0) / span(y0, y1),
    );
    at.iter()
        .map(|p| Point {
            x: if x1 - x0 > 1e-9 {
                margin_x + (p.x - x0) * sx
            } else {
                width / 2.0
            },
            y: if y1 - y0 > 1e-9 {
                margin_top + (p.y - y0) * sy
            } else {
                height / 2.0
            },
        })
        .collect()
}

/// Pushes apart nodes whose boxes (node and name) overlap, along the axis
/// where they overlap least, in `passes` passes over all pairs; keeps
/// every box inside the picture.
fn separate(at: &mut [Point], boxes: &[NodeBox], width: f64, height: f64, passes: usize) {
    let n = at.len();
    let pad = 3.0;
    for _ in 0..passes {
        let mut clear = true;
        for i in 0..n {
            for j in (i + 1)..n {
                let (a, b) = (&boxes[i], &boxes[j]);
                let dx = at[j].x - at[i].x;
                let dy = at[j].y - at[i].y;
                let over_x = a.half_width + b.half_width + pad - dx.abs();
                // j below i: i's bottom against j's top, and the reverse.
                let over_y = if dy >= 0.0 {
                    a.below() + b.radius + pad - dy
                } else {
                    b.below() + a.radius + pad + dy
                };
                if over_x <= 0.0 || over_y <= 0.0 {
                    continue;
                }
                clear = false;
                if over_x < over_y {
                    let push = over_x / 2.0 * if dx >= 0.0 { 1.0 } else { -1.0 };
                    at[i].x -= push;
                    at[j].x += push;
                } else {
                    let push = over_y / 2.0 * if dy >= 0.0 { 1.0 } else { -1.0 };
                    at[i].y -= push;
                    at[j].y += push;
                }
            }
        }
        for (p, b) in at.iter_mut().zip(boxes) {
            p.x =
                p.x.clamp(b.half_width + 2.0, (width - b.half_width - 2.0).max(0.0));
            p.y =
                p.y.clamp(b.radius + 2.0, (height - b.below() - 2.0).max(0.0));
        }
        if clear {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_and_no_negative_zero() {
        assert_eq!(fmt1(12.345), "12.3");
        assert_eq!(fmt1(-0.04), "0.0");
        assert_eq!(fmt1(7.0), "7.0");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(short_name("Chile", 10), "Chile");
        assert_eq!(
            short_name("Ministry of Foreign Affairs", 12),
            "Ministry of…"
        );
    }

    #[test]
    fn a_ring_puts_names_outside_their_nodes() {
        let centre = Point { x: 100.0, y: 100.0 };
        let radii = Point { x: 50.0, y: 40.0 };
        let placed = ring(4, centre, radii, 10.0);
        assert_eq!(placed.len(), 4);
        for (p, label) in &placed {
            match label.anchor {
                Anchor::Start => assert!(p.x > centre.x && label.at.x > p.x),
                Anchor::End => assert!(p.x < centre.x && label.at.x < p.x),
                Anchor::Middle => assert!((label.at.x - p.x).abs() < 1e-9),
            }
        }
        // The first is the upper right one; the second below it.
        assert!(placed[0].0.x > centre.x && placed[0].0.y < centre.y);
        assert!(placed[1].0.x > centre.x && placed[1].0.y > centre.y);
        // One neighbour goes to the right.
        assert_eq!(ring(1, centre, radii, 10.0)[0].1.anchor, Anchor::Start);
    }

    #[test]
    fn the_force_layout_is_deterministic_and_inside_the_picture() {
        let boxes: Vec<NodeBox> = (0..20)
            .map(|i| NodeBox {
                half_width: 20.0 + i as f64,
                radius: 5.0,
            })
            .collect();
        let edges: Vec<(usize, usize, f64)> =
            (1..20).map(|i| (i / 3, i, (20 - i) as f64)).collect();
        let a = force_layout(&boxes, &edges, 900.0, 600.0, 200);
        let b = force_layout(&boxes, &edges, 900.0, 600.0, 200);
        assert_eq!(a, b);
        for (p, bx) in a.iter().zip(&boxes) {
            assert!(
                p.x - bx.half_width >= 0.0 && p.x + bx.half_width <= 900.0,
                "{p:?}"
            );
            assert!(p.y >= 0.0 && p.y <= 600.0, "{p:?}");
        }
    }

    #[test]
    fn boxes_that_overlap_are_pushed_apart() {
        let boxes = vec![
            NodeBox {
                half_width: 40.0,
                radius: 5.0,
            };
            3
        ];
        let mut at = vec![Point { x: 100.0, y: 100.0 }; 3];
        at[1].x = 101.0;
        at[2].y = 101.0;
        separate(&mut at, &boxes, 400.0, 300.0, 60);
        for i in 0..3 {
            for j in (i + 1)..3 {
                let apart_x = (at[i].x - at[j].x).abs() >= 80.0;
                let apart_y = (at[i].y - at[j].y).abs() >= 5.0 + 4.0 + FONT_SIZE + 5.0;
                assert!(apart_x || apart_y, "{at:?}");
            }
        }
    }
}
