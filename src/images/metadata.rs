//! Location data: finding it in an image's metadata, and the published
//! original without it. A photo's EXIF GPS tags (or the same fields in
//! XMP) can tell who took it where, and a source's safety can depend on
//! that not being published. The resized copies never carry metadata
//! (their encoders write none); the original is copied as it is unless it
//! carries a location, in which case [`sanitized_original`] gives the
//! bytes to publish instead.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::metadata::Orientation;
use image::{ImageDecoder, ImageEncoder};

use super::{ImageError, SourceFormat, pixels, probe};

/// Whether a raw EXIF block (TIFF bytes) has any GPS field. A block that
/// cannot be read to its end counts as having one: the part that cannot be
/// read may be the GPS IFD, and when in doubt, strip.
pub(super) fn exif_has_gps(raw: Vec<u8>) -> bool {
    match exif::Reader::new().read_raw(raw) {
        Ok(exif) => exif.fields().any(|f| {
            f.tag == exif::Tag::GPSInfoIFDPointer || f.tag.context() == exif::Context::Gps
        }),
        Err(_) => true,
    }
}

/// Whether an XMP packet names a position (`exif:GPSLatitude`,
/// `exif:GPSLongitude` and the like, as Lightroom and phones write them).
pub(super) fn xmp_has_gps(xmp: &[u8]) -> bool {
    xmp.windows(6).any(|w| w == b"GPSLat" || w == b"GPSLon")
}

/// Whether a JPEG holds an EXIF block after the start of its pixel data:
/// the second image of a multi-picture file (phones and cameras put a
/// preview or a gain map after the first), which carries its own EXIF,
/// location included. Only the header segments are walked; the rest is
/// one SIMD substring search, since this runs on every photo of every
/// build. (The six bytes turning up by chance in compressed data, about
/// once in 10^14 bytes, would only mean the original's metadata is
/// stripped.)
pub(super) fn jpeg_has_embedded_exif(bytes: &[u8]) -> bool {
    first_scan(bytes).is_some_and(|at| memchr::memmem::find(&bytes[at..], b"Exif\0\0").is_some())
}

/// The offset of a JPEG's first SOS marker, by its header segments.
fn first_scan(bytes: &[u8]) -> Option<usize> {
    if bytes.get(..2)? != [0xFF, SOI] {
        return None;
    }
    let mut pos = 2;
    loop {
        while *bytes.get(pos)? == 0xFF && *bytes.get(pos + 1)? == 0xFF {
            pos += 1;
        }
        if *bytes.get(pos)? != 0xFF {
            return None;
        }
        match bytes[pos + 1] {
            SOS => return Some(pos),
            0x01 | 0xD0..=0xD7 => pos += 2,
            _ => {
                let len = u16::from_be_bytes([*bytes.get(pos + 2)?, *bytes.get(pos + 3)?]);
                pos += 2 + usize::from(len);
            }
        }
    }
}

/// The bytes to publish instead of an original that carries a location,
/// or `None` when the original is fine as it is.
///
/// A JPEG keeps its compressed pixels untouched: only its metadata
/// segments are dropped (EXIF, XMP, IPTC, comments, vendor segments and a
/// trailing second image), its colour profile is kept, and its orientation
/// is written back in a minimal EXIF block of that one tag, so it shows the
/// same way up. Should the file be too odd to take apart, or for PNG and
/// WebP, the pixels are decoded, turned upright and re-encoded without
/// metadata (losslessly for PNG and WebP, at JPEG quality 92 for a JPEG).
pub fn sanitized_original(bytes: &[u8]) -> Result<Option<Vec<u8>>, ImageError> {
    let info = probe(bytes)?;
    if !info.has_location {
        return Ok(None);
    }
    let (mut decoder, _) = super::decoder(bytes)?;
    let orientation = decoder.orientation().map_err(ImageError::Decode)?;
    if info.format == SourceFormat::Jpeg
        && let Some(out) = strip_jpeg(bytes, orientation)
    {
        return Ok(Some(out));
    }
    let image = pixels::decode_oriented(bytes)?;
    let color = image.color().into();
    let (w, h) = (image.width(), image.height());
    let mut out = Cursor::new(Vec::new());
    let written = match info.format {
        SourceFormat::Jpeg => {
            JpegEncoder::new_with_quality(&mut out, 92).write_image(image.as_bytes(), w, h, color)
        }
        SourceFormat::Png => PngEncoder::new(&mut out).write_image(image.as_bytes(), w, h, color),
        SourceFormat::WebP => {
            WebPEncoder::new_lossless(&mut out).write_image(image.as_bytes(), w, h, color)
        }
    };
    written.map_err(ImageError::Encode)?;
    Ok(Some(out.into_inner()))
}

/// A JPEG's parts up to the end of its (first) image.
struct JpegLayout {
    /// Marker segments and entropy-coded data, in order, after SOI and
    /// before EOI: (marker, byte range). Entropy-coded data has marker 0.
    parts: Vec<(u8, std::ops::Range<usize>)>,
}

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;

/// Takes a JPEG apart into its segments, or `None` if it does not follow
/// the format closely enough to put back together safely.
fn jpeg_layout(bytes: &[u8]) -> Option<JpegLayout> {
    if bytes.get(..2)? != [0xFF, SOI] {
        return None;
    }
    let mut parts = Vec::new();
    let mut pos = 2;
    loop {
        if *bytes.get(pos)? != 0xFF {
            return None;
        }
        // Any number of 0xFF fill bytes may come before a marker.
        while *bytes.get(pos + 1)? == 0xFF {
            pos += 1;
        }
        let marker = bytes[pos + 1];
        if marker == EOI {
            return Some(JpegLayout { parts });
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            parts.push((marker, pos..pos + 2));
            pos += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(pos + 2)?,
            *bytes.get(pos + 3)?,
        ]));
        let end = pos + 2 + len;
        if len < 2 || end > bytes.len() {
            return None;
        }
        parts.push((marker, pos..end));
        pos = end;
        if marker == SOS {
            // Entropy-coded data runs to the next marker that is not a
            // stuffed 0xFF00 or a restart marker.
            let mut i = pos;
            loop {
                if *bytes.get(i)? == 0xFF {
                    let next = *bytes.get(i + 1)?;
                    if next != 0x00 && next != 0xFF && !(0xD0..=0xD7).contains(&next) {
                        break;
                    }
                    i += if next == 0xFF { 1 } else { 2 };
                } else {
                    i += 1;
                }
            }
            parts.push((0, pos..i));
            pos = i;
        }
    }
}

/// Whether a marker segment is kept in a published original: the JFIF
/// header, colour profiles, Adobe's colour transform and everything that
/// is not metadata (tables, frame and scan headers). Every other
/// application segment and comment is dropped: EXIF, XMP, IPTC, the
/// multi-picture index and vendors' own.
fn keep_segment(marker: u8, segment: &[u8]) -> bool {
    let payload = segment.get(4..).unwrap_or_default();
    match marker {
        0xE0 | 0xEE => true,
        0xE2 => payload.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

/// A JPEG with its metadata segments and trailing data dropped and, when
/// it was not upright, a minimal EXIF block of its orientation.
fn strip_jpeg(bytes: &[u8], orientation: Orientation) -> Option<Vec<u8>> {
    let layout = jpeg_layout(bytes)?;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, SOI]);
    let mut parts = layout.parts.iter().peekable();
    // JFIF wants its APP0 first; EXIF readers accept APP1 right after it.
    if let Some((0xE0, range)) = parts.peek() {
        out.extend_from_slice(&bytes[range.clone()]);
        parts.next();
    }
    if orientation != Orientation::NoTransforms {
        out.extend_from_slice(&orientation_app1(orientation.to_exif()));
    }
    for (marker, range) in parts {
        let part = &bytes[range.clone()];
        if *marker == 0 || keep_segment(*marker, part) {
            out.extend_from_slice(part);
        }
    }
    out.extend_from_slice(&[0xFF, EOI]);
    Some(out)
}

/// An APP1 segment with an EXIF block of one tag, Orientation (0x0112).
fn orientation_app1(value: u8) -> Vec<u8> {
    let mut seg = vec![0xFF, 0xE1, 0x00, 0x22];
    seg.extend_from_slice(b"Exif\0\0");
    // Big-endian TIFF header, IFD0 at offset 8.
    seg.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    // One entry: tag 0x0112, type SHORT, count 1, the value left-aligned.
    seg.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]);
    // No next IFD.
    seg.extend_from_slice(&[0, 0, 0, 0]);
    seg
}

#[cfg(test)]
mod tests {
    use super::super::test_images::{gradient_jpeg, gradient_png, has_gps_tags, with_exif};
    use super::*;

    #[test]
    fn an_original_without_location_is_published_as_it_is() {
        let plain = with_exif(&gradient_jpeg(300, 200), 6, false);
        assert_eq!(sanitized_original(&plain).unwrap(), None);
        assert_eq!(sanitized_original(&gradient_png(300, 200)).unwrap(), None);
    }

    #[test]
    fn a_located_jpeg_loses_its_location_and_nothing_else() {
        let source = with_exif(&gradient_jpeg(300, 200), 6, true);
        assert!(has_gps_tags(&source));
        let out = sanitized_original(&source).unwrap().unwrap();
        assert!(!has_gps_tags(&out));
        let info = probe(&out).unwrap();
        assert!(!info.has_location);
        // Still shown upright: the orientation is kept.
        assert_eq!((info.width, info.height), (200, 300));
        // The compressed pixels are the same bytes: the same image decodes.
        let before = image::load_from_memory(&source).unwrap();
        let after = image::load_from_memory(&out).unwrap();
        assert_eq!(before.as_bytes(), after.as_bytes());
        assert!(out.len() < source.len());
    }

    #[test]
    fn a_second_embedded_image_with_exif_is_dropped() {
        let mut source = gradient_jpeg(300, 200);
        source.extend(with_exif(&gradient_jpeg(60, 40), 1, true));
        assert!(probe(&source).unwrap().has_location);
        let out = sanitized_original(&source).unwrap().unwrap();
        assert!(!jpeg_has_embedded_exif(&out));
        assert!(!probe(&out).unwrap().has_location);
        assert_eq!(out.len(), gradient_jpeg(300, 200).len());
    }

    #[test]
    fn xmp_positions_count_as_location() {
        let xmp = br#"<rdf:Description exif:GPSLatitude="4,39.5N" exif:GPSLongitude="74,3.6W"/>"#;
        assert!(xmp_has_gps(xmp));
        assert!(!xmp_has_gps(b"<rdf:Description dc:creator=\"A. Name\"/>"));
    }

    #[test]
    fn unparseable_exif_counts_as_location() {
        assert!(exif_has_gps(b"II*\0\xff\xff\xff\xff".to_vec()));
        assert!(exif_has_gps(b"nonsense".to_vec()));
    }

    #[test]
    fn the_orientation_block_reads_back() {
        let seg = orientation_app1(6);
        assert_eq!(usize::from(seg[3]) + 2, seg.len());
        assert_eq!(
            Orientation::from_exif_chunk(&seg[10..]),
            Some(Orientation::Rotate90)
        );
    }
}
