//! The image pipeline for report bundles: reading an image's size and
//! metadata cheaply ([`probe`]), producing the smaller copies a figure's
//! `srcset` lists ([`variants`], [`variants_many`]), keeping those copies
//! between builds ([`Cache`]), and making sure that no published file
//! carries the place a photo was taken ([`sanitized_original`]).
//!
//! A build asks for an image file by its path ([`identify`], then
//! [`publish`]): what is known of it (size, location, the hash of its
//! bytes) comes from the cache's memo when the file is unchanged, and the
//! names and sizes of its copies follow from that and the settings, so a
//! page can be rendered before any copy is made; the copies and the
//! published original the cache lacks are made by [`make_pending`], on
//! threads of their own, while the pages render.
//!
//! This module knows nothing of reports, Markdown or the output folder:
//! it takes bytes and settings and gives files in the cache. Decoding and
//! encoding are the `image` crate's, resizing is `fast_image_resize`'s,
//! EXIF is read with `kamadak-exif`. Units: every width and height is in
//! pixels, after the EXIF orientation is applied (what a browser shows).

mod cache;
mod memo;
mod metadata;
mod pixels;

use std::borrow::Cow;
use std::fmt;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use image::{ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;

pub use cache::Cache;
pub use metadata::sanitized_original;

/// How the smaller copies are made. Part of every cache key: a change here
/// makes new copies (and the old ones are pruned after the next build).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSettings {
    /// The widths, in pixels, of the copies to make. Only those smaller than
    /// the original's width are produced; order and duplicates don't matter.
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100 (PNG copies are lossless and ignore it).
    pub quality: u8,
    /// The format of the copies.
    pub format: OutputFormat,
}

impl Default for ImageSettings {
    /// 480, 800, 1200 and 1600 pixels (a phone, a phone at 2×, a laptop
    /// column, a wide screen at 2×), JPEG quality 80, formats kept.
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 800, 1200, 1600],
            quality: 80,
            format: OutputFormat::Auto,
        }
    }
}

/// The format of the smaller copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OutputFormat {
    /// A JPEG gives JPEG copies, a PNG gives PNG copies (a chart's flat
    /// colours and text stay sharp), a WebP gives JPEG copies when opaque
    /// and PNG copies when it has transparency (the WebP encoder at hand
    /// writes lossless files only, larger than a photo's JPEG).
    #[default]
    Auto,
    /// JPEG copies of every opaque image; an image with transparency still
    /// gets PNG copies, since JPEG cannot keep it.
    Jpeg,
    /// PNG copies of every image.
    Png,
}

/// The file formats dossier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    Jpeg,
    Png,
    WebP,
}

impl SourceFormat {
    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "jpg",
            SourceFormat::Png => "png",
            SourceFormat::WebP => "webp",
        }
    }

    /// The media type, for a `type` attribute or a listing.
    pub fn media_type(self) -> &'static str {
        match self {
            SourceFormat::Jpeg => "image/jpeg",
            SourceFormat::Png => "image/png",
            SourceFormat::WebP => "image/webp",
        }
    }

    fn from_image(format: ImageFormat) -> Option<SourceFormat> {
        match format {
            ImageFormat::Jpeg => Some(SourceFormat::Jpeg),
            ImageFormat::Png => Some(SourceFormat::Png),
            ImageFormat::WebP => Some(SourceFormat::WebP),
            _ => None,
        }
    }
}

/// What [`probe`] learns from an image's header and metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// Width in pixels as displayed, after the EXIF orientation.
    pub width: u32,
    /// Height in pixels as displayed, after the EXIF orientation.
    pub height: u32,
    pub format: SourceFormat,
    /// Whether any pixel may be transparent (by the colour type).
    pub has_alpha: bool,
    /// Whether the file carries the place it was taken: EXIF GPS tags, GPS
    /// fields in XMP, or (JPEG) a second embedded image with its own EXIF.
    /// When true, publish [`sanitized_original`]'s bytes, not the file.
    pub has_location: bool,
}

/// One smaller copy of an image, in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (the original's aspect ratio, rounded).
    pub height: u32,
    /// The name to publish it under, beside the original: the original's
    /// stem, the width and the copy's extension (`photo-800w.jpg`).
    pub file_name: String,
    /// The copy in the cache, to copy or link into the output. It stays
    /// there until a build that does not use it ends with
    /// [`Cache::prune_unused`].
    pub path: PathBuf,
}

/// Why an image could not be read or its copies made.
#[derive(Debug)]
pub enum ImageError {
    /// Not a JPEG, PNG or WebP file (by its first bytes); `detected` names
    /// the format when it is one the decoder knows of.
    Unsupported { detected: Option<&'static str> },
    /// A JPEG, PNG or WebP file that cannot be decoded: truncated or corrupt.
    Decode(image::ImageError),
    /// The encoder refused the resized pixels.
    Encode(image::ImageError),
    /// The resizer refused the pixels.
    Resize(fast_image_resize::ResizeError),
    /// The cache folder or a file in it could not be read or written.
    Cache {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The image file could not be read.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The image file's bytes are not those it had when the build first
    /// read it: it changed during the build.
    Changed(PathBuf),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Unsupported {
                detected: Some(name),
            } => write!(f, "{name} images are not supported (use JPEG, PNG or WebP)"),
            ImageError::Unsupported { detected: None } => {
                f.write_str("not an image dossier can read (use JPEG, PNG or WebP)")
            }
            ImageError::Decode(e) => write!(f, "the image cannot be decoded: {e}"),
            ImageError::Encode(e) => write!(f, "a resized copy cannot be encoded: {e}"),
            ImageError::Resize(e) => write!(f, "the image cannot be resized: {e}"),
            ImageError::Cache { path, source } => {
                write!(f, "image cache {}: {source}", path.display())
            }
            ImageError::Read { path, source } => write!(f, "{}: {source}", path.display()),
            ImageError::Changed(path) => write!(
                f,
                "{} changed while the site was being built; build again",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ImageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ImageError::Unsupported { .. } => None,
            ImageError::Decode(e) | ImageError::Encode(e) => Some(e),
            ImageError::Resize(e) => Some(e),
            ImageError::Cache { source, .. } | ImageError::Read { source, .. } => Some(source),
            ImageError::Changed(_) => None,
        }
    }
}

/// A decoder for `bytes`, with its format; the format is guessed from the
/// content, never from a file name, so a misnamed file still works.
fn decoder(bytes: &[u8]) -> Result<(impl ImageDecoder + '_, SourceFormat), ImageError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| ImageError::Decode(image::ImageError::IoError(e)))?;
    let format = match reader.format() {
        None => return Err(ImageError::Unsupported { detected: None }),
        Some(f) => SourceFormat::from_image(f).ok_or(ImageError::Unsupported {
            detected: Some(f.extensions_str().first().copied().unwrap_or("these")),
        })?,
    };
    let decoder = reader.into_decoder().map_err(ImageError::Decode)?;
    Ok((decoder, format))
}

/// Reads an image's displayed size, format and whether it carries a
/// location, from its header and metadata only (no pixels are decoded).
pub fn probe(bytes: &[u8]) -> Result<ImageInfo, ImageError> {
    let (mut decoder, format) = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    let exif = decoder.exif_metadata().map_err(ImageError::Decode)?;
    let xmp = decoder.xmp_metadata().map_err(ImageError::Decode)?;
    let orientation = exif
        .as_deref()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (width, height) = if pixels::swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let has_location = exif.is_some_and(metadata::exif_has_gps)
        || xmp.as_deref().is_some_and(metadata::xmp_has_gps)
        || (format == SourceFormat::Jpeg && metadata::jpeg_has_embedded_exif(bytes));
    Ok(ImageInfo {
        width,
        height,
        format,
        has_alpha: decoder.color_type().has_alpha(),
        has_location,
    })
}

/// The extension of the copies of an image of `info` under `settings`.
fn variant_format(info: &ImageInfo, settings: &ImageSettings) -> SourceFormat {
    match settings.format {
        OutputFormat::Png => SourceFormat::Png,
        _ if info.has_alpha => SourceFormat::Png,
        OutputFormat::Jpeg => SourceFormat::Jpeg,
        OutputFormat::Auto => match info.format {
            SourceFormat::Png => SourceFormat::Png,
            SourceFormat::Jpeg | SourceFormat::WebP => SourceFormat::Jpeg,
        },
    }
}

/// The widths of the copies of an image `original_width` wide: those of
/// the settings smaller than the original, ascending, once each.
pub fn planned_widths(original_width: u32, settings: &ImageSettings) -> Vec<u32> {
    let mut widths: Vec<u32> = settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < original_width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The height of a copy `width` wide of an image `w`×`h`, rounded to the
/// nearest pixel and at least 1.
fn scaled_height(w: u32, h: u32, width: u32) -> u32 {
    let exact = (u64::from(h) * u64::from(width) * 2 + u64::from(w)) / (u64::from(w) * 2);
    u32::try_from(exact).unwrap_or(u32::MAX).max(1)
}

/// The smaller copies of one image (`source_name` is its file name, for
/// the copies' names), each taken from the cache when it is there and
/// made and stored otherwise. Copies are made only for the widths smaller
/// than the original: a small image gets none. Orientation is applied to
/// the pixels and the copies carry no metadata at all (no EXIF, so no
/// location). The image is decoded only when some copy is missing.
pub fn variants(
    source: &[u8],
    source_name: &str,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<Vec<Variant>, ImageError> {
    let known = Known {
        info: probe(source)?,
        hash: cache::content_hash(source),
    };
    let (out, missing) = plan_copies(&known, source_name, settings, cache);
    make_copies(source, &missing, cache)?;
    Ok(out)
}

/// The copies of an image `known` under `settings`, named from
/// `source_name`, with their places in the cache, and the keys of those
/// the cache does not hold yet.
fn plan_copies(
    known: &Known,
    source_name: &str,
    settings: &ImageSettings,
    cache: &Cache,
) -> (Vec<Variant>, Vec<cache::Key>) {
    let info = &known.info;
    let widths = planned_widths(info.width, settings);
    let format = variant_format(info, settings);
    let stem = std::path::Path::new(source_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("image");
    let mut out = Vec::with_capacity(widths.len());
    let mut missing = Vec::new();
    for width in widths {
        let height = scaled_height(info.width, info.height, width);
        let key = cache::Key {
            source: known.hash,
            width,
            height,
            quality: settings.quality,
            format,
        };
        let (path, there) = cache.find(&key.file_name(), true);
        if !there {
            missing.push(key);
        }
        out.push(Variant {
            width,
            height,
            file_name: format!("{stem}-{width}w.{}", format.extension()),
            path,
        });
    }
    (out, missing)
}

/// Makes the copies `keys` of the image `source` (one decode for all).
fn make_copies(source: &[u8], keys: &[cache::Key], cache: &Cache) -> Result<(), ImageError> {
    if keys.is_empty() {
        return Ok(());
    }
    let image = pixels::decode_oriented(source)?;
    for key in keys {
        let bytes = pixels::resize_encode(&image, key.width, key.height, key.format, key.quality)?;
        cache.store(&key.file_name(), &bytes, true)?;
    }
    Ok(())
}

/// An image file as the pipeline knows it: what [`probe`] found and the
/// hash of its bytes, which names its entries in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    pub info: ImageInfo,
    pub hash: u128,
}

/// Why [`identify`] cannot say what a file is.
#[derive(Debug)]
pub enum Unidentified {
    /// The file cannot be read (deleted since the walk, say).
    Unreadable(std::io::Error),
    /// Its bytes are not an image dossier reads.
    NotImage(ImageError),
}

/// What the image file at `path` is: from the cache's memo when the file's
/// stamp (size, times, inode) is the one the memo holds, without reading
/// it; otherwise read and probed, and then its bytes are returned too.
/// A file is remembered for the next build only when it did not change
/// while it was read and its last change is old enough that no later
/// change can keep its stamp (see [`memo`]).
pub fn identify(path: &Path, cache: &Cache) -> Result<(Known, Option<Vec<u8>>), Unidentified> {
    identify_at(path, cache, SystemTime::now)
}

/// [`identify`], with the clock it reads the time of reading from.
fn identify_at(
    path: &Path,
    cache: &Cache,
    now: impl FnOnce() -> SystemTime,
) -> Result<(Known, Option<Vec<u8>>), Unidentified> {
    let meta = std::fs::metadata(path).map_err(Unidentified::Unreadable)?;
    let stamp = memo::Stamp::of(&meta);
    if let Some(record) = cache.recall(path, stamp) {
        let known = Known {
            info: record.info,
            hash: record.hash,
        };
        return Ok((known, None));
    }
    let read_at = now();
    let bytes = std::fs::read(path).map_err(Unidentified::Unreadable)?;
    cache.count_read();
    let info = probe(&bytes).map_err(Unidentified::NotImage)?;
    let known = Known {
        info,
        hash: cache::content_hash(&bytes),
    };
    let unchanged = std::fs::metadata(path).is_ok_and(|m| memo::Stamp::of(&m) == stamp);
    if unchanged && stamp.settled_at(read_at) {
        let record = memo::Record {
            stamp,
            hash: known.hash,
            info,
        };
        cache.remember(path, record);
    }
    Ok((known, Some(bytes)))
}

/// What the cache lacks to publish one image: copies to make, and its
/// published original. Made by [`make_pending`].
#[derive(Debug)]
pub struct Job {
    path: PathBuf,
    known: Known,
    copies: Vec<cache::Key>,
    /// The entry name of the published original, when it is missing.
    original: Option<String>,
}

impl Job {
    /// Makes what is missing from the image's `bytes`, read from its file
    /// when not given (and then checked against the hash it was planned
    /// with).
    fn run(&self, bytes: Option<&[u8]>, cache: &Cache) -> Result<(), ImageError> {
        let bytes = match bytes {
            Some(bytes) => Cow::Borrowed(bytes),
            None => {
                let read = std::fs::read(&self.path).map_err(|source| ImageError::Read {
                    path: self.path.clone(),
                    source,
                })?;
                cache.count_read();
                if cache::content_hash(&read) != self.known.hash {
                    return Err(ImageError::Changed(self.path.clone()));
                }
                Cow::Owned(read)
            }
        };
        if let Some(name) = &self.original {
            // A photo that carries a location is never published with it.
            let clean = if self.known.info.has_location {
                sanitized_original(&bytes)?
            } else {
                None
            };
            cache.store(name, clean.as_deref().unwrap_or(&bytes), false)?;
        }
        make_copies(&bytes, &self.copies, cache)
    }
}

/// Plans the publication of the image file at `path`, known as `known`
/// (`bytes`, when [`identify`] read them): its smaller copies when the
/// page shows it (`shown`; named from `name`), and, when the cache
/// defers its work ([`Cache::defer_work`]), its published original
/// ([`Cache::published_original`]). What the cache lacks is queued for
/// [`make_pending`] when the cache defers, and made at once otherwise
/// (then an error is this image's).
pub fn publish(
    path: &Path,
    name: &str,
    known: &Known,
    bytes: Option<&[u8]>,
    shown: bool,
    settings: &ImageSettings,
    cache: &Cache,
) -> Result<Vec<Variant>, ImageError> {
    let (variants, copies) = if shown {
        plan_copies(known, name, settings, cache)
    } else {
        (Vec::new(), Vec::new())
    };
    let defer = cache.defers(path);
    let mut original = None;
    if defer {
        let entry = cache::original_name(known.hash, known.info.format.extension());
        let (at, there) = cache.find(&entry, false);
        cache.set_original(path, at);
        original = (!there).then_some(entry);
    }
    if copies.is_empty() && original.is_none() {
        return Ok(variants);
    }
    let job = Job {
        path: path.to_path_buf(),
        known: *known,
        copies,
        original,
    };
    if defer {
        cache.queue(job);
    } else {
        job.run(bytes, cache)?;
    }
    Ok(variants)
}

/// Makes what [`publish`] queued in `cache`, the images in parallel on a
/// pool of threads of their own, so that they share the processors with
/// the rendering of pages rather than queue before or behind it. Returns
/// how many images failed; each is noted in the cache, and a build then
/// plans it again to report the error where the image is shown.
pub fn make_pending(cache: &Cache) -> usize {
    let jobs = cache.take_pending();
    if jobs.is_empty() {
        return 0;
    }
    let run = || {
        jobs.par_iter()
            .filter(|job| {
                let failed = job.run(None, cache).is_err();
                if failed {
                    cache.note_failed(&job.path);
                }
                failed
            })
            .count()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .thread_name(|i| format!("dossier-images-{i}"))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    }
}

/// One image to make copies of: its bytes and its file name.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub bytes: &'a [u8],
    pub name: &'a str,
}

/// [`variants`] of many images at once, on rayon's threads (one image per
/// task; its copies are made one after the other from one decode). The
/// results are in the order of `sources`.
pub fn variants_many(
    sources: &[Source<'_>],
    settings: &ImageSettings,
    cache: &Cache,
) -> Vec<Result<Vec<Variant>, ImageError>> {
    sources
        .par_iter()
        .map(|s| variants(s.bytes, s.name, settings, cache))
        .collect()
}

/// Images made in code, for dossier's own tests (unit and integration);
/// not part of the API.
#[doc(hidden)]
pub mod test_images;

#[cfg(test)]
mod tests {
    use super::test_images::{gradient_jpeg, gradient_png, with_exif};
    use super::*;

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path().join("images")).unwrap();
        (dir, cache)
    }

    #[test]
    fn probe_reads_size_format_and_location() {
        let plain = gradient_jpeg(640, 400);
        let info = probe(&plain).unwrap();
        assert_eq!((info.width, info.height), (640, 400));
        assert_eq!(info.format, SourceFormat::Jpeg);
        assert!(!info.has_location && !info.has_alpha);

        let located = with_exif(&plain, 1, true);
        assert!(probe(&located).unwrap().has_location);
        let rotated = with_exif(&plain, 6, false);
        let info = probe(&rotated).unwrap();
        assert_eq!((info.width, info.height), (400, 640));
        assert!(!info.has_location);
    }

    #[test]
    fn only_widths_smaller_than_the_original() {
        let (_dir, cache) = cache();
        let settings = ImageSettings {
            widths: vec![1600, 480, 800, 800, 1000],
            ..Default::default()
        };
        let out = variants(&gradient_jpeg(1000, 500), "photo.jpg", &settings, &cache).unwrap();
        let sizes: Vec<_> = out.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(480, 240), (800, 400)]);
        assert_eq!(out[1].file_name, "photo-800w.jpg");
        for v in &out {
            let decoded = image::load_from_memory(&std::fs::read(&v.path).unwrap()).unwrap();
            assert_eq!((decoded.width(), decoded.height()), (v.width, v.height));
        }
        // An image no wider than the smallest width gets no copies.
        let small = variants(&gradient_jpeg(480, 300), "s.jpg", &settings, &cache).unwrap();
        assert!(small.is_empty());
    }

    #[test]
    fn orientation_is_applied() {
        let (_dir, cache) = cache();
        // Landscape pixels that a camera held upright tagged 6: shown portrait.
        let source = with_exif(&gradient_jpeg(1200, 800), 6, true);
        let settings = ImageSettings {
            widths: vec![400],
            ..Default::default()
        };
        let out = variants(&source, "upright.jpg", &settings, &cache).unwrap();
        assert_eq!((out[0].width, out[0].height), (400, 600));
        let img = image::load_from_memory(&std::fs::read(&out[0].path).unwrap()).unwrap();
        assert_eq!((img.width(), img.height()), (400, 600));
        // Turned 90° clockwise: the source's left column (no red) is the top
        // row, its right column (full red) the bottom row, its top row (no
        // green) the right column.
        let rgb = img.to_rgb8();
        let at = |x, y, c| rgb.get_pixel(x, y)[c];
        assert!(
            at(200, 2, 0) < 30 && at(200, 597, 0) > 225,
            "red runs top to bottom"
        );
        assert!(
            at(2, 300, 1) > 225 && at(397, 300, 1) < 30,
            "green runs right to left"
        );
    }

    #[test]
    fn copies_carry_no_metadata() {
        let (_dir, cache) = cache();
        let source = with_exif(&gradient_jpeg(1000, 600), 1, true);
        assert!(probe(&source).unwrap().has_location);
        let out = variants(&source, "p.jpg", &ImageSettings::default(), &cache).unwrap();
        assert!(!out.is_empty());
        for v in out {
            let bytes = std::fs::read(&v.path).unwrap();
            assert!(!test_images::has_gps_tags(&bytes), "{}", v.file_name);
            assert!(!probe(&bytes).unwrap().has_location);
        }
    }

    #[test]
    fn a_second_run_encodes_nothing() {
        let (_dir, cache) = cache();
        let a = gradient_jpeg(900, 600);
        let b = gradient_png(900, 300);
        let sources = [
            Source {
                bytes: &a,
                name: "a.jpg",
            },
            Source {
                bytes: &b,
                name: "chart.png",
            },
        ];
        let settings = ImageSettings::default();
        let first: Vec<_> = variants_many(&sources, &settings, &cache)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(cache.encoded(), 4);
        assert_eq!(first[1][0].file_name, "chart-480w.png");

        let again = Cache::open(cache.dir()).unwrap();
        let second: Vec<_> = variants_many(&sources, &settings, &again)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(again.encoded(), 0);
        assert_eq!(again.reused(), 4);
        assert_eq!(first, second);

        // Other settings are other entries.
        let sharper = ImageSettings {
            quality: 90,
            ..Default::default()
        };
        variants(&a, "a.jpg", &sharper, &again).unwrap();
        assert_eq!(again.encoded(), 2);
    }

    #[test]
    fn prune_removes_what_this_run_did_not_use() {
        let (_dir, cache) = cache();
        let a = gradient_jpeg(900, 600);
        let b = gradient_jpeg(700, 600);
        let settings = ImageSettings::default();
        let kept = variants(&a, "a.jpg", &settings, &cache).unwrap();
        let dropped = variants(&b, "b.jpg", &settings, &cache).unwrap();
        assert_eq!((kept.len(), dropped.len()), (2, 1));
        // A half-written file a killed build left behind.
        std::fs::write(cache.dir().join(".tmpXYZ"), b"half").unwrap();

        let next = Cache::open(cache.dir()).unwrap();
        variants(&a, "a.jpg", &settings, &next).unwrap();
        assert_eq!(next.prune_unused().unwrap(), 2);
        assert!(kept.iter().all(|v| v.path.is_file()));
        assert!(dropped.iter().all(|v| !v.path.exists()));
        assert!(!cache.dir().join(".tmpXYZ").exists());
    }

    #[test]
    fn corrupt_and_unknown_input_are_typed_errors() {
        let (_dir, cache) = cache();
        let settings = ImageSettings::default();
        // Cut inside its tables. (A JPEG cut inside its pixel data decodes,
        // as in browsers, with the rest grey.)
        let mut truncated = gradient_jpeg(900, 600);
        truncated.truncate(200);
        assert!(matches!(
            variants(&truncated, "t.jpg", &settings, &cache),
            Err(ImageError::Decode(_))
        ));
        assert!(matches!(
            probe(b"\xff\xd8\xff\xe0 not really"),
            Err(ImageError::Decode(_))
        ));
        assert!(matches!(
            probe(b"plain text, not an image"),
            Err(ImageError::Unsupported { detected: None })
        ));
        assert!(matches!(
            probe(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
            Err(ImageError::Unsupported { detected: Some(_) })
        ));
        assert_eq!(cache.encoded(), 0);
    }

    #[test]
    fn the_same_image_on_many_threads_at_once() {
        let (_dir, cache) = cache();
        let a = gradient_jpeg(700, 500);
        let sources = vec![
            Source {
                bytes: &a,
                name: "a.jpg",
            };
            8
        ];
        let settings = ImageSettings::default();
        let out = variants_many(&sources, &settings, &cache);
        let first = out[0].as_ref().unwrap();
        for r in &out {
            assert_eq!(r.as_ref().unwrap(), first);
        }
        // Whichever thread renamed last, the entry is whole and the folder
        // holds it alone (no temporary file is left).
        let img = image::load_from_memory(&std::fs::read(&first[0].path).unwrap()).unwrap();
        assert_eq!(img.width(), 480);
        assert_eq!(std::fs::read_dir(cache.dir()).unwrap().count(), 1);
        assert_eq!(cache.prune_unused().unwrap(), 0);
    }

    #[test]
    fn webp_gives_jpeg_copies_and_png_keeps_png() {
        let (_dir, cache) = cache();
        let rgb = image::load_from_memory(&gradient_jpeg(600, 400)).unwrap();
        let mut webp = std::io::Cursor::new(Vec::new());
        rgb.write_to(&mut webp, image::ImageFormat::WebP).unwrap();
        let webp = webp.into_inner();
        assert_eq!(probe(&webp).unwrap().format, SourceFormat::WebP);
        let settings = ImageSettings::default();
        let out = variants(&webp, "scan.webp", &settings, &cache).unwrap();
        assert_eq!(out[0].file_name, "scan-480w.jpg");
        let png = variants(&gradient_png(600, 400), "chart.png", &settings, &cache).unwrap();
        let copy = image::load_from_memory(&std::fs::read(&png[0].path).unwrap()).unwrap();
        assert!(copy.color().has_alpha());
        // Asked for JPEG, a transparent image still gets PNG copies.
        let jpeg = ImageSettings {
            format: OutputFormat::Jpeg,
            ..Default::default()
        };
        let png = variants(&gradient_png(600, 400), "chart.png", &jpeg, &cache).unwrap();
        assert_eq!(png[0].file_name, "chart-480w.png");
    }

    /// `identify` as if the file were read `later` than now.
    fn identify_later(path: &Path, cache: &Cache) -> (Known, bool) {
        let later = || SystemTime::now() + std::time::Duration::from_secs(5);
        let (known, bytes) = identify_at(path, cache, later).unwrap();
        (known, bytes.is_some())
    }

    #[test]
    fn an_unchanged_image_is_not_read_again() {
        let (dir, cache) = cache();
        let path = dir.path().join("photo.jpg");
        std::fs::write(&path, gradient_jpeg(900, 600)).unwrap();
        // Just written: read, and not remembered, since a second write in
        // the same tick of the file system's clock could keep its stamp.
        let (first, read) = identify(&path, &cache)
            .map(|(k, b)| (k, b.is_some()))
            .unwrap();
        assert!(read);
        cache.save_memo().unwrap();
        let next = Cache::open(cache.dir()).unwrap();
        assert!(identify_later(&path, &next).1, "read again");
        next.save_memo().unwrap();

        // Settled and remembered: the next run does not read it.
        let next = Cache::open(cache.dir()).unwrap();
        let (known, read) = identify_later(&path, &next);
        assert!(!read);
        assert_eq!(known, first);
        assert_eq!(next.read(), 0);
        assert_eq!((known.info.width, known.info.height), (900, 600));
    }

    #[test]
    fn an_edit_is_seen_even_with_the_same_size_and_time() {
        let (dir, cache) = cache();
        let path = dir.path().join("photo.jpg");
        let upright = with_exif(&gradient_jpeg(900, 600), 1, false);
        let turned = with_exif(&gradient_jpeg(900, 600), 6, false);
        assert_eq!(upright.len(), turned.len());
        std::fs::write(&path, &upright).unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        identify_later(&path, &cache);
        cache.save_memo().unwrap();

        // The same size, and the modification time put back as it was
        // (as `touch -r` or some copying tools do): the change time and
        // the inode still say it changed.
        std::fs::write(&path, &turned).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        drop(file);
        let next = Cache::open(cache.dir()).unwrap();
        let (known, read) = identify_later(&path, &next);
        assert!(read);
        assert_eq!((known.info.width, known.info.height), (600, 900));
    }

    #[test]
    fn a_broken_memo_means_reading_again() {
        let (dir, cache) = cache();
        let path = dir.path().join("photo.jpg");
        std::fs::write(&path, gradient_jpeg(900, 600)).unwrap();
        let (known, _) = identify_later(&path, &cache);
        cache.save_memo().unwrap();
        let memo = cache.dir().join(memo::FILE_NAME);
        let text = std::fs::read_to_string(&memo).unwrap();
        // The width changed by a stray edit: the checksum no longer fits.
        std::fs::write(&memo, text.replace(" 900 600 ", " 901 600 ")).unwrap();
        let next = Cache::open(cache.dir()).unwrap();
        let (again, read) = identify_later(&path, &next);
        assert!(read);
        assert_eq!(again, known);
        // Kept by the pruning, and written anew.
        assert_eq!(next.prune_unused().unwrap(), 0);
        next.save_memo().unwrap();
        let next = Cache::open(cache.dir()).unwrap();
        assert!(!identify_later(&path, &next).1);
    }

    #[test]
    fn deferred_work_is_planned_first_and_made_later() {
        let (dir, cache) = cache();
        let path = dir.path().join("photo.jpg");
        let located = with_exif(&gradient_jpeg(1000, 600), 1, true);
        std::fs::write(&path, &located).unwrap();
        cache.defer_work();
        let settings = ImageSettings::default();
        let (known, bytes) = identify(&path, &cache).unwrap();
        let planned = publish(
            &path,
            "photo.jpg",
            &known,
            bytes.as_deref(),
            true,
            &settings,
            &cache,
        )
        .unwrap();
        // Names and sizes are known; nothing is made yet.
        let sizes: Vec<_> = planned.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(480, 288), (800, 480)]);
        assert!(planned.iter().all(|v| !v.path.exists()));
        let original = cache.published_original(&path).unwrap();
        assert!(!original.exists());
        assert_eq!(cache.encoded(), 0);

        assert_eq!(make_pending(&cache), 0);
        assert_eq!(cache.encoded(), 2);
        for v in &planned {
            let copy = image::load_from_memory(&std::fs::read(&v.path).unwrap()).unwrap();
            assert_eq!((copy.width(), copy.height()), (v.width, v.height));
        }
        // The original as published: without its location.
        let published = std::fs::read(&original).unwrap();
        assert!(!test_images::has_gps_tags(&published));
        assert_eq!(probe(&published).unwrap().width, 1000);
        assert!(make_pending(&cache).eq(&0));
    }

    #[test]
    fn a_file_changed_before_its_deferred_work_fails_that_image() {
        let (dir, cache) = cache();
        let path = dir.path().join("photo.jpg");
        std::fs::write(&path, gradient_jpeg(1000, 600)).unwrap();
        cache.defer_work();
        let (known, _) = identify(&path, &cache).unwrap();
        publish(
            &path,
            "photo.jpg",
            &known,
            None,
            true,
            &ImageSettings::default(),
            &cache,
        )
        .unwrap();
        std::fs::write(&path, gradient_jpeg(1000, 700)).unwrap();
        assert_eq!(make_pending(&cache), 1);
        assert!(cache.any_failed());
        // Planned again, its work is done at once, with the new bytes.
        let (known, bytes) = identify(&path, &cache).unwrap();
        let out = publish(
            &path,
            "photo.jpg",
            &known,
            bytes.as_deref(),
            true,
            &ImageSettings::default(),
            &cache,
        )
        .unwrap();
        assert_eq!((out[0].width, out[0].height), (480, 336));
        assert!(out[0].path.is_file());
        assert_eq!(cache.published_original(&path), None);
    }

    #[test]
    fn heights_round_to_the_nearest_pixel() {
        assert_eq!(scaled_height(3000, 2000, 800), 533);
        assert_eq!(scaled_height(3000, 2000, 480), 320);
        assert_eq!(scaled_height(1000, 1, 10), 1);
    }
}
