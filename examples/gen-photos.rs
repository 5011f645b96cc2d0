//! Adds photos to a corpus written by `gen-corpus`, for the image budgets
//! of issue 14 (a 1,000-report site where 200 reports have two 3000×2000
//! photos each).
//!
//! ```text
//! cargo run --release --example gen-corpus -- 1000 DIR
//! cargo run --release --example gen-photos -- DIR [--reports 200] [--per-report 2] [--size 3000x2000] [--seed S]
//! ```
//!
//! The first `--reports` reports (in path order) become bundles:
//! `content/<year>/report-N.md` moves to `content/<year>/report-N/index.md`
//! (the same URL) and gets `photo-1.jpg`, `photo-2.jpg`… beside it, and
//! one figure per photo at the end of its body:
//! `![A generated photo, 1 of 2](photo-1.jpg "Caption [Photo: Name/Agency]")`.
//!
//! The photos are JPEG at quality 85, made to compress like photographs
//! (smooth light, edges, fine grain), not like flat test patterns, so their
//! size is that of a camera's file (about 1.5–2.5 MB at 3000×2000). Every
//! fourth photo is stored on its side with an EXIF orientation of 6, as a
//! phone held upright writes it. The output is a pure function of the
//! arguments. Only a directory written by `gen-corpus` (with its
//! `.gen-corpus` marker) is changed; reports already made bundles are left
//! as they are, so running it twice changes nothing.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};
use rayon::prelude::*;

struct Args {
    dir: PathBuf,
    reports: usize,
    per_report: usize,
    width: u32,
    height: u32,
    seed: u64,
}

fn main() -> ExitCode {
    match parse(std::env::args().skip(1).collect()).and_then(|a| run(&a)) {
        Ok(n) => {
            eprintln!("wrote {n} photos");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-photos: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut out = Args {
        dir: PathBuf::new(),
        reports: 200,
        per_report: 2,
        width: 3000,
        height: 2000,
        seed: 1,
    };
    let mut dir = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--reports" => out.reports = number(&value("--reports")?)?,
            "--per-report" => out.per_report = number(&value("--per-report")?)?,
            "--seed" => out.seed = number(&value("--seed")?)?,
            "--size" => {
                let v = value("--size")?;
                let (w, h) = v.split_once('x').ok_or("--size is WIDTHxHEIGHT")?;
                (out.width, out.height) = (number(w)?, number(h)?);
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => dir = Some(PathBuf::from(a)),
        }
    }
    out.dir =
        dir.ok_or("usage: gen-photos DIR [--reports N] [--per-report P] [--size WxH] [--seed S]")?;
    Ok(out)
}

fn number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("not a number: {s}"))
}

fn run(args: &Args) -> Result<usize, String> {
    if !args.dir.join(".gen-corpus").is_file() {
        return Err(format!(
            "{} was not written by gen-corpus (no .gen-corpus marker)",
            args.dir.display()
        ));
    }
    let mut reports = Vec::new();
    collect_reports(&args.dir.join("content"), &mut reports)?;
    // A bundle made by an earlier run sorts where its report did.
    reports.sort_by_key(|p| report_stem(p));
    let chosen: Vec<PathBuf> = reports.into_iter().take(args.reports).collect();
    let written: Vec<usize> = chosen
        .par_iter()
        .enumerate()
        .map(|(i, md)| bundle(md, i, args))
        .collect::<Result<_, _>>()?;
    Ok(written.iter().sum())
}

/// A report's file name without `.md`, or its bundle folder's name.
fn report_stem(md: &Path) -> PathBuf {
    if md.ends_with("index.md") {
        md.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        md.with_extension("")
    }
}

/// Every report under `content/<year>/`: `report-*.md`, and the
/// `index.md` of the bundles an earlier run made.
fn collect_reports(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() && name != "entities" && name != "sources" {
            collect_reports(&path, out)?;
        } else if (name.starts_with("report-") && name.ends_with(".md"))
            || (name == "index.md" && is_report_folder(path.parent()))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Whether a folder is a report's bundle (`report-…`).
fn is_report_folder(folder: Option<&Path>) -> bool {
    folder
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("report-"))
}

/// Makes one report a bundle with its photos; returns how many it wrote
/// (none for a report that is a bundle already).
fn bundle(md: &Path, index: usize, args: &Args) -> Result<usize, String> {
    if md.ends_with("index.md") {
        return Ok(0);
    }
    let fail = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let folder = md.with_extension("");
    let mut text = fs::read_to_string(md).map_err(|e| fail(md, e))?;
    fs::create_dir_all(&folder).map_err(|e| fail(&folder, e))?;
    for k in 1..=args.per_report {
        let n = index * args.per_report + k;
        let seed = args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ n as u64;
        let name = format!("photo-{k}.jpg");
        let bytes = photo(args.width, args.height, seed, n.is_multiple_of(4));
        let path = folder.join(&name);
        fs::write(&path, bytes).map_err(|e| fail(&path, e))?;
        text.push_str(&format!(
            "\n![A generated photo, {k} of {}]({name} \"Scene {n} from the report [Photo: Generated/Corpus]\")\n",
            args.per_report
        ));
    }
    let index_md = folder.join("index.md");
    fs::write(&index_md, text).map_err(|e| fail(&index_md, e))?;
    fs::remove_file(md).map_err(|e| fail(md, e))?;
    Ok(args.per_report)
}

/// splitmix64: a small, well-mixed PRNG with no dependency.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A JPEG that compresses like a photograph: a sky-to-ground light
/// gradient, a few hard-edged shapes, and per-pixel grain. With `sideways`,
/// the pixels are stored turned a quarter (height × width) with an EXIF
/// orientation of 6, so that it shows `width` × `height`.
fn photo(width: u32, height: u32, seed: u64, sideways: bool) -> Vec<u8> {
    let shapes: Vec<(i64, i64, i64, [u8; 3])> = (0..12)
        .map(|i| {
            let r = mix(seed ^ (i << 32));
            (
                (r % u64::from(width)) as i64,
                ((r >> 16) % u64::from(height)) as i64,
                ((r >> 32) % u64::from(height / 3).max(1)) as i64 + 20,
                [(r >> 40) as u8, (r >> 48) as u8, (r >> 56) as u8],
            )
        })
        .collect();
    let lit = |x: u32, y: u32| -> [u8; 3] {
        let (xi, yi) = (i64::from(x), i64::from(y));
        let sky = (y * 160 / height) as i64;
        let mut px = [(60 + sky) as i32, (90 + sky / 2) as i32, (200 - sky) as i32];
        for &(cx, cy, r, c) in &shapes {
            if (xi - cx).abs() + (yi - cy).abs() < r {
                px = [i32::from(c[0]), i32::from(c[1]), i32::from(c[2])];
            }
        }
        let grain = mix(seed ^ (u64::from(y) << 32 | u64::from(x)));
        let g = |k: u32| ((grain >> (k * 8)) & 0x1F) as i32 - 16;
        [
            (px[0] + g(0)).clamp(0, 255) as u8,
            (px[1] + g(1)).clamp(0, 255) as u8,
            (px[2] + g(2)).clamp(0, 255) as u8,
        ]
    };
    let img = if sideways {
        // Stored height × width: turned 90° clockwise, stored (sx, sy) is
        // shown at (width - 1 - sy, sx).
        RgbImage::from_fn(height, width, |sx, sy| image::Rgb(lit(width - 1 - sy, sx)))
    } else {
        RgbImage::from_fn(width, height, |x, y| image::Rgb(lit(x, y)))
    };
    let mut out = Cursor::new(Vec::new());
    let encoded = JpegEncoder::new_with_quality(&mut out, 85).write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        ExtendedColorType::Rgb8,
    );
    if let Err(e) = encoded {
        panic!("encoding a generated photo: {e}");
    }
    let jpeg = out.into_inner();
    if sideways {
        with_orientation(&jpeg, 6)
    } else {
        jpeg
    }
}

/// `jpeg` with an EXIF APP1 segment of one tag, Orientation, after SOI.
fn with_orientation(jpeg: &[u8], value: u8) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1, 0x00, 0x22]);
    out.extend_from_slice(b"Exif\0\0MM\0\x2a\0\0\0\x08");
    out.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&jpeg[2..]);
    out
}
