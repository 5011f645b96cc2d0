//! Images in a report body: a Markdown image alone in its paragraph is a
//! `<figure>` (caption from the image's title, a credit line from a
//! trailing `[Photo: …]`), every image gets its `width` and `height` when
//! its file is one of the report's bundle and lazy loading, and an image
//! without alternative text is an error (E029) unless it says it only
//! decorates (alt text `-`).
//!
//! The smaller copies of an image (`srcset`) are the images module's work:
//! [`srcset_candidates`] is where they come in.

use std::path::Path;

use crate::diag::{Code, Diagnostic, Span};
use crate::model::BundleFile;

/// The alternative text that marks an image as decorative: readers of
/// the source and of an editor's preview see a plain `-`, screen readers
/// skip the image (`alt=""`).
pub const DECORATIVE: &str = "-";

/// An image as written: address, alternative text and title.
#[derive(Debug, Default)]
pub(super) struct Image {
    pub(super) dest: String,
    pub(super) title: String,
    pub(super) alt: String,
}

/// A smaller copy of an image, for `srcset`: its address (relative to the
/// page) and its width in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    pub width: u32,
}

/// The candidates of `file` (an image of a report's bundle, shown at
/// `dest` on the page) that its `<img>` offers in `srcset`: its smaller
/// copies, smallest first, then the original at its own width; none when
/// it has no smaller copies.
pub fn srcset_candidates(file: &BundleFile, dest: &str) -> Vec<Candidate> {
    let Some((width, _)) = file.size else {
        return Vec::new();
    };
    if file.variants.is_empty() {
        return Vec::new();
    }
    // The copies sit beside the original: its address with the last
    // segment of the path replaced.
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let dir = path.rfind('/').map_or("", |at| &path[..=at]);
    let mut candidates: Vec<Candidate> = file
        .variants
        .iter()
        .map(|v| Candidate {
            url: format!("{dir}{}", v.file_name),
            width: v.width,
        })
        .collect();
    candidates.push(Candidate {
        url: path.to_string(),
        width,
    });
    candidates
}

/// The error for an image of the bundle that cannot be read (E027).
pub(super) fn undecodable(span: Span, dest: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Code::E027, format!("the image `{dest}` cannot be read"))
        .at(span)
        .label(why.to_string())
        .help("save it again as a JPEG, PNG or WebP file (an SVG or GIF file is published as it is), or link to it without `!` to publish it as a download")
}

impl Image {
    /// Whether the alternative text says the image only decorates.
    pub(super) fn is_decorative(&self) -> bool {
        self.alt.trim() == DECORATIVE
    }

    /// Whether the image has no alternative text at all.
    pub(super) fn lacks_alt(&self) -> bool {
        self.alt.trim().is_empty()
    }

    /// The `<img>` element: its size when `file` is known, lazy loading,
    /// and the smaller copies the images module gives.
    pub(super) fn img(&self, file: Option<&BundleFile>) -> String {
        let mut html = String::from("<img src=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut html, &self.dest);
        html.push_str("\" alt=\"");
        if !self.is_decorative() {
            let _ = pulldown_cmark_escape::escape_html(&mut html, self.alt.trim());
        }
        html.push('"');
        let size = file.and_then(|f| {
            f.size
                .map(|(w, h)| (u64::from(w), u64::from(h)))
                .or_else(|| dimensions(&f.path))
        });
        if let Some((w, h)) = size {
            html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        let candidates = file
            .map(|f| srcset_candidates(f, &self.dest))
            .unwrap_or_default();
        if !candidates.is_empty() {
            let mut srcset = String::new();
            for c in &candidates {
                let _ = pulldown_cmark_escape::escape_href(&mut srcset, &c.url);
                srcset.push_str(&format!(" {}w, ", c.width));
            }
            // The report column is 70ch wide, about 40rem at the default
            // theme's type size (themes/default/static/style.css).
            html.push_str(&format!(
                " srcset=\"{}\" sizes=\"(max-width: 40rem) 100vw, 40rem\"",
                srcset.trim_end_matches(", ")
            ));
        }
        html.push_str(" loading=\"lazy\" decoding=\"async\">");
        html
    }

    /// The `<figure>` of an image alone in its paragraph.
    pub(super) fn figure(&self, file: Option<&BundleFile>) -> String {
        let mut html = format!("<figure>{}", self.img(file));
        let (caption, credit) = split_title(&self.title);
        if !caption.is_empty() || credit.is_some() {
            html.push_str("<figcaption>");
            html.push_str(&crate::text::escape(caption));
            if let Some(credit) = credit {
                html.push_str("<span class=\"credit\">");
                html.push_str(&crate::text::escape(credit));
                html.push_str("</span>");
            }
            html.push_str("</figcaption>");
        }
        html.push_str("</figure>\n");
        html
    }
}

/// The error for an image written without alternative text (E029).
pub(super) fn missing_alt(span: Span, dest: &str) -> Diagnostic {
    Diagnostic::new(Code::E029, "this image has no alternative text")
        .at(span)
        .label("no text between `![` and `]`")
        .help(format!(
            "say what the image shows for readers who cannot see it, e.g. `![Berths used per month, 2023]({dest})`; an image that only decorates is written `![-]({dest})`"
        ))
}

/// The caption and credit of an image's title: `Caption [Photo: Name]`
/// is the caption `Caption` and the credit `Photo: Name`.
pub(super) fn split_title(title: &str) -> (&str, Option<&str>) {
    let title = title.trim();
    if let Some(open) = title.strip_suffix(']').and_then(|t| t.rfind('['))
        && let credit = title[open + 1..title.len() - 1].trim()
        && !credit.is_empty()
    {
        return (title[..open].trim(), Some(credit));
    }
    (title, None)
}

/// The file of `files` an image's address names (`photo.jpg`,
/// `./photos/a.jpg`), if any.
pub(super) fn bundle_file<'f>(files: &'f [BundleFile], dest: &str) -> Option<&'f BundleFile> {
    let path = dest.split(['?', '#']).next().unwrap_or(dest);
    let path = path.trim_start_matches("./");
    files.iter().find(|f| f.name == path)
}

/// The width and height of the image at `path`, read from its header
/// (nothing is decoded); an SVG's from its root element's `width` and
/// `height`, or its `viewBox`.
pub fn dimensions(path: &Path) -> Option<(u64, u64)> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = std::fs::read_to_string(path).ok()?;
        return svg_dimensions(&text);
    }
    let size = imagesize::size(path).ok()?;
    Some((size.width as u64, size.height as u64))
}

/// The size an SVG document gives itself.
fn svg_dimensions(text: &str) -> Option<(u64, u64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(&rest[..rest.find(quote)?])
    };
    let number = |v: &str| -> Option<f64> {
        v.trim()
            .trim_end_matches("px")
            .parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0)
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(number),
        attr("height").and_then(number),
    ) {
        return Some((w.round() as u64, h.round() as u64));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match view[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u64, h.round() as u64)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_bracket_is_the_credit() {
        assert_eq!(
            split_title("The quay at dawn [Photo: A. Reporter/Agency]"),
            ("The quay at dawn", Some("Photo: A. Reporter/Agency"))
        );
        assert_eq!(split_title("No credit"), ("No credit", None));
        assert_eq!(
            split_title("[Chart: Newsroom]"),
            ("", Some("Chart: Newsroom"))
        );
        assert_eq!(split_title("Empty []"), ("Empty []", None));
    }

    #[test]
    fn svg_sizes_come_from_width_and_height_or_the_view_box() {
        let svg = |attrs: &str| {
            format!(
                "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}><g/></svg>"
            )
        };
        assert_eq!(
            svg_dimensions(&svg("width=\"640\" height=\"360px\"")),
            Some((640, 360))
        );
        assert_eq!(
            svg_dimensions(&svg("viewBox=\"0 0 800 450\"")),
            Some((800, 450))
        );
        assert_eq!(
            svg_dimensions(&svg("width='100%' viewBox='0,0,30,20'")),
            Some((30, 20))
        );
        assert_eq!(svg_dimensions(&svg("")), None);
    }
}
