//! The images of report bundles between the image pipeline
//! ([`crate::images`]) and the build: which bundle files are images, their
//! size and smaller copies (read when a report is parsed, so that the
//! figures of its body can list them), and the bytes an image is
//! published with (without the place it was taken).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::images::{self, Cache, ImageSettings, Unidentified};
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
/// `serve`) the smaller copies of those the body shows, with their places
/// in the cache, the images in parallel. With a cache an unchanged image
/// is not read at all (its memo says what it is), and the copies the
/// cache lacks are made at once or, in a build, queued
/// ([`images::make_pending`]). An image that cannot be read keeps the
/// reason, which is an error where a body shows it. A file that cannot be
/// read at all (deleted since the walk) is left as it is.
pub(crate) fn prepare(files: &mut [BundleFile], body: &str, cache: Option<&Cache>) {
    if !files.iter().any(|f| is_raster(&f.path)) {
        return;
    }
    let shown = shown_images(body);
    let settings = ImageSettings::default();
    let found: Vec<(usize, Found)> = files
        .par_iter()
        .enumerate()
        .filter(|(_, f)| is_raster(&f.path))
        .filter_map(|(i, f)| {
            let shown = shown.contains(&f.name);
            Some((i, find(f, shown, &settings, cache)?))
        })
        .collect();
    for (i, found) in found {
        let file = &mut files[i];
        match found {
            Found::Image { info, variants } => {
                file.size = Some((info.width, info.height));
                file.located = info.has_location;
                match variants {
                    Ok(variants) => file.variants = variants,
                    Err(e) => file.image_error = Some(e.to_string()),
                }
            }
            Found::NotImage(e) => file.image_error = Some(e.to_string()),
        }
    }
}

/// What [`find`] learnt of one image file.
enum Found {
    Image {
        info: images::ImageInfo,
        variants: Result<Vec<images::Variant>, images::ImageError>,
    },
    NotImage(images::ImageError),
}

/// What the image `file` is, and its copies when the page shows it;
/// `None` when it cannot be read.
fn find(
    file: &BundleFile,
    shown: bool,
    settings: &ImageSettings,
    cache: Option<&Cache>,
) -> Option<Found> {
    let Some(cache) = cache else {
        // `check`: the header is all it needs.
        let bytes = std::fs::read(&file.path).ok()?;
        return Some(match images::probe(&bytes) {
            Ok(info) => Found::Image {
                info,
                variants: Ok(Vec::new()),
            },
            Err(e) => Found::NotImage(e),
        });
    };
    match images::identify(&file.path, cache) {
        Ok((known, bytes)) => Some(Found::Image {
            info: known.info,
            variants: images::publish(
                &file.path,
                &file.name,
                &known,
                bytes.as_deref(),
                shown,
                settings,
                cache,
            ),
        }),
        Err(Unidentified::NotImage(e)) => Some(Found::NotImage(e)),
        Err(Unidentified::Unreadable(_)) => None,
    }
}

/// The output path of each smaller copy of `file`, a file of the bundle
/// of the report at `url`: beside the original (`photos/a-800w.jpg`).
pub(crate) fn variant_paths<'f>(url: &str, file: &'f BundleFile) -> Vec<(String, &'f Path)> {
    let dir = file.name.rfind('/').map_or("", |at| &file.name[..=at]);
    file.variants
        .iter()
        .map(|v| (format!("{url}{dir}{}", v.file_name), v.path.as_path()))
        .collect()
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
