//! Images made in code for the tests: gradients, and EXIF blocks with an
//! orientation and a GPS position written byte by byte, so that no binary
//! fixture is needed. Compiled into the library so that the integration
//! tests can make the same images; nothing else uses it, and its
//! `unwrap`s only meet in-memory encoders of valid pixels.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// A JPEG, `w`×`h`, red rising left to right and green top to bottom.
pub fn gradient_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
    });
    let mut out = Cursor::new(Vec::new());
    JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out.into_inner()
}

/// A PNG with transparency, `w`×`h`.
pub fn gradient_png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([(x * 255 / w) as u8, 40, 200, (y * 255 / h) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// `jpeg` with an EXIF APP1 segment right after SOI: an Orientation tag
/// and, with `gps`, a GPS IFD with a latitude and longitude (4°39'N,
/// 74°03'W).
pub fn with_exif(jpeg: &[u8], orientation: u16, gps: bool) -> Vec<u8> {
    let tiff = exif_block(orientation, gps);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((tiff.len() + 8) as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A little-endian TIFF block: IFD0 with Orientation (and the GPS IFD
/// pointer), then the GPS IFD, then its rationals.
fn exif_block(orientation: u16, gps: bool) -> Vec<u8> {
    fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]) {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&value);
    }
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const BYTE: u16 = 1;
    const ASCII: u16 = 2;
    const RATIONAL: u16 = 5;
    let mut out = b"II\x2a\0\x08\0\0\0".to_vec();
    let n0: u16 = if gps { 2 } else { 1 };
    let gps_at = 8 + 2 + 12 * u32::from(n0) + 4;
    out.extend_from_slice(&n0.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut out, 0x0112, SHORT, 1, [o[0], o[1], 0, 0]);
    if gps {
        entry(&mut out, 0x8825, LONG, 1, gps_at.to_le_bytes());
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    if gps {
        let n: u16 = 5;
        let data_at = gps_at + 2 + 12 * u32::from(n) + 4;
        out.extend_from_slice(&n.to_le_bytes());
        entry(&mut out, 0x0000, BYTE, 4, [2, 3, 0, 0]);
        entry(&mut out, 0x0001, ASCII, 2, [b'N', 0, 0, 0]);
        entry(&mut out, 0x0002, RATIONAL, 3, data_at.to_le_bytes());
        entry(&mut out, 0x0003, ASCII, 2, [b'W', 0, 0, 0]);
        entry(&mut out, 0x0004, RATIONAL, 3, (data_at + 24).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        for (num, den) in [(4u32, 1u32), (39, 1), (30, 1), (74, 1), (3, 1), (36, 1)] {
            out.extend_from_slice(&num.to_le_bytes());
            out.extend_from_slice(&den.to_le_bytes());
        }
    }
    out
}

/// Whether a file's EXIF (read by kamadak-exif from the container) has any
/// GPS field.
pub fn has_gps_tags(file: &[u8]) -> bool {
    match exif::Reader::new().read_from_container(&mut Cursor::new(file)) {
        Ok(exif) => exif.fields().any(|f| {
            f.tag.context() == exif::Context::Gps || f.tag == exif::Tag::GPSInfoIFDPointer
        }),
        Err(_) => false,
    }
}

#[cfg(test)]
#[test]
fn the_written_exif_reads_back() {
    let jpeg = with_exif(&gradient_jpeg(64, 32), 6, true);
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&jpeg))
        .unwrap();
    let lat = exif
        .get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(lat.display_value().to_string(), "4 deg 39 min 30 sec");
    assert!(has_gps_tags(&jpeg));
    assert!(!has_gps_tags(&gradient_jpeg(64, 32)));
}
