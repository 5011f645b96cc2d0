//! Pixels: decoding with the EXIF orientation applied, resizing and
//! encoding one copy. The only place that touches pixel buffers.

use std::io::Cursor;

use fast_image_resize::images::Image;
use fast_image_resize::{FilterType, IntoImageView, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageEncoder};

use super::{ImageError, SourceFormat};

/// Whether `orientation` turns the image a quarter, so that width and
/// height trade places.
pub(super) fn swaps_sides(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The image's pixels as shown: orientation applied, 8 bits per channel,
/// RGB or (with transparency) RGBA, which is what both encoders take.
pub(super) fn decode_oriented(bytes: &[u8]) -> Result<DynamicImage, ImageError> {
    let (mut decoder, _) = super::decoder(bytes)?;
    let orientation = decoder.orientation().map_err(ImageError::Decode)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(ImageError::Decode)?;
    image.apply_orientation(orientation);
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    })
}

/// One copy of `image` at `width`×`height`, encoded as `format`. The
/// encoders write pixels only: no EXIF, XMP or text chunks.
pub(super) fn resize_encode(
    image: &DynamicImage,
    width: u32,
    height: u32,
    format: SourceFormat,
    quality: u8,
) -> Result<Vec<u8>, ImageError> {
    let pixel_type = image
        .pixel_type()
        .ok_or(ImageError::Unsupported { detected: None })?;
    let mut resized = Image::new(width, height, pixel_type);
    // Lanczos3 is the sharpest of the usual filters for downscaling
    // photos; the resizer premultiplies alpha itself, so transparent edges
    // do not darken.
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(image, &mut resized, &options)
        .map_err(ImageError::Resize)?;
    let color = if image.color().has_alpha() {
        ExtendedColorType::Rgba8
    } else {
        ExtendedColorType::Rgb8
    };
    let mut out = Cursor::new(Vec::new());
    let written = match format {
        // JPEG cannot keep transparency; `variant_format` never asks for it
        // with an alpha channel.
        SourceFormat::Jpeg => JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
            .write_image(resized.buffer(), width, height, color),
        SourceFormat::Png | SourceFormat::WebP => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
                .write_image(resized.buffer(), width, height, color)
        }
    };
    written.map_err(ImageError::Encode)?;
    Ok(out.into_inner())
}
