//! The images of report bundles between the image pipeline
//! ([`crate::images`]) and the build: which bundle files are images, their
//! size and smaller copies (read when a report is parsed, so that the
//! figures of its body can list them), and the bytes an image is
//! published with (without the place it was taken).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::images::{self, Cache, ImageSettings, Source};
use crate::model::BundleFile;

/// Whether the file at `path` is named as an image the pipeline reads
/// (JPEG, PNG, WebP); SVG and GIF files are published as they are.
pub(crate) fn is_raster(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["jpg", "jpeg", "png", "webp"]
            .iter()
            .any(|r| e.eq_ignore_ascii_case(r))
    })
}

/// The image cache of the site at `root` whose bundles hold `files`,
/// when the site has an image to make copies of or a cache to prune: a
/// site without images gets no cache folder (`build` makes nothing
/// outside its output that it does not need).
pub(crate) fn cache_for(
    root: &Path,
    files: &[crate::load::BundleFile],
) -> Result<Option<Cache>, images::ImageError> {
    let dir = root.join(Cache::SITE_DIR);
    if files.iter().any(|f| is_raster(&f.path)) || dir.is_dir() {
        Cache::open(dir).map(Some)
    } else {
        Ok(None)
    }
}

/// The bundle files that `body` (a report's Markdown) shows as images,
/// by their names inside the bundle, read as the body's annotation pass
/// will read them (`./photo.jpg` and `photo.jpg?x` are `photo.jpg`).
fn shown_images(body: &str) -> HashSet<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_WIKILINKS;
    Parser::new_ext(body, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let path = dest_url.split(['?', '#']).next().unwrap_or("");
                Some(path.trim_start_matches("./").to_string())
            }
            _ => None,
        })
        .collect()
}

/// Reads the images among `files` (the bundle of a report whose Markdown
/// body is `body`): their displayed size, and with a `cache` (`build`,
/// `serve`) the smaller copies of those the body shows, taken from the
/// cache or made there, the images in parallel. An image that cannot be
/// read keeps the reason, which is an error where a body shows it. A file
/// that cannot be read at all (deleted since the walk) is left as it is.
pub(crate) fn prepare(files: &mut [BundleFile], body: &str, cache: Option<&Cache>) {
    if !files.iter().any(|f| is_raster(&f.path)) {
        return;
    }
    let shown = shown_images(body);
    let read: Vec<(usize, Vec<u8>)> = files
        .par_iter()
        .enumerate()
        .filter(|(_, f)| is_raster(&f.path))
        .filter_map(|(i, f)| Some((i, std::fs::read(&f.path).ok()?)))
        .collect();
    let mut readable = Vec::new();
    for (i, bytes) in &read {
        match images::probe(bytes) {
            Ok(info) => {
                files[*i].size = Some((info.width, info.height));
                files[*i].located = info.has_location;
                if shown.contains(&files[*i].name) {
                    readable.push((*i, bytes.as_slice()));
                }
            }
            Err(e) => files[*i].image_error = Some(e.to_string()),
        }
    }
    let Some(cache) = cache else {
        return;
    };
    let sources: Vec<Source<'_>> = readable
        .iter()
        .map(|(i, bytes)| Source {
            bytes,
            name: &files[*i].name,
        })
        .collect();
    let made = images::variants_many(&sources, &ImageSettings::default(), cache);
    let indices: Vec<usize> = readable.iter().map(|(i, _)| *i).collect();
    for (i, result) in indices.into_iter().zip(made) {
        match result {
            Ok(variants) => files[i].variants = variants,
            Err(e) => files[i].image_error = Some(e.to_string()),
        }
    }
}

/// The output path of each smaller copy of `file`, a file of the bundle
/// of the report at `url`: beside the original (`photos/a-800w.jpg`).
pub(crate) fn variant_paths<'f>(
    url: &'f str,
    file: &'f BundleFile,
) -> impl Iterator<Item = (String, &'f Path)> + 'f {
    let dir = file.name.rfind('/').map_or("", |at| &file.name[..=at]);
    file.variants
        .iter()
        .map(move |v| (format!("{url}{dir}{}", v.file_name), v.path.as_path()))
}

/// The bytes to publish for the image `bytes` read from `path`: without
/// any location it carries (EXIF GPS, XMP GPS, a second embedded EXIF),
/// or `None` when the file can be published as it is (no location, not
/// an image the pipeline reads, or one it cannot decode).
pub(crate) fn sanitized(path: &Path, bytes: &[u8]) -> Option<Vec<u8>> {
    if !is_raster(path) {
        return None;
    }
    images::sanitized_original(bytes).ok().flatten()
}
