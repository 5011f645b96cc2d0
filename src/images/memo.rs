//! The memo of source images: for each photo a build read, its content
//! hash and what [`super::probe`] found, filed under the file's path and
//! the stamp the system keeps for it (size, modification and change
//! times, inode). A later build that finds the same stamp trusts the memo
//! and does not read the file at all; any other stamp (an edit, even one
//! that keeps the size) means reading it again.
//!
//! The memo lives in the cache folder as one text file, written whole at
//! the end of a complete build with the entries that build used (so it is
//! pruned like the copies). It is only ever a shortcut: a memo that is
//! missing, cut short, of another version or unreadable in any way is
//! ignored as a whole, and the photos are read again.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::xxh3_64;

use super::{ImageInfo, SourceFormat};

/// The memo's file name in the cache folder (no entry's name: entries are
/// 32 hex digits and an extension).
pub(super) const FILE_NAME: &str = "sources.memo";

/// The memo's first line. Anything that changes what is stored, or what
/// `probe` reports for the same bytes (a better location check), must
/// change it, so that old memos are ignored.
const HEADER: &str = "dossier image memo 1 (xxh3-128, probe 1)";

/// How recent a file's last change may be for its reading to be kept. A
/// file changed twice within one tick of the file system's clock (1 or 2
/// seconds on some) can keep its stamp with other bytes; a file whose
/// change is older than this when it is read cannot change again under
/// the same stamp.
const SETTLED: Duration = Duration::from_secs(2);

/// What the system says of a file, to tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of `meta`.
    pub(super) fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
            Stamp {
                len: meta.len(),
                modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
                changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let modified_ns = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128);
            Stamp {
                len: meta.len(),
                modified_ns,
                changed_ns: modified_ns,
                inode: 0,
            }
        }
    }

    /// Whether the file was last changed long enough before `read_at`
    /// (when its bytes were read) that no later change can keep this
    /// stamp.
    pub(super) fn settled_at(&self, read_at: SystemTime) -> bool {
        let Ok(since_epoch) = read_at.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let read_ns = since_epoch.as_nanos() as i128;
        let latest = self.modified_ns.max(self.changed_ns);
        read_ns - latest > SETTLED.as_nanos() as i128
    }
}

/// What the memo keeps of one photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Record {
    pub stamp: Stamp,
    pub hash: u128,
    pub info: ImageInfo,
}

/// Path → record.
pub(super) type Memo = HashMap<PathBuf, Record>;

/// The memo in `dir`: empty when there is none or it cannot be read whole.
pub(super) fn load(dir: &Path) -> Memo {
    std::fs::read_to_string(dir.join(FILE_NAME))
        .ok()
        .and_then(|text| parse(&text))
        .unwrap_or_default()
}

/// The memo as text, in path order (the same memo, the same bytes). Paths
/// that are not UTF-8 or hold a line break are left out: they are read
/// on every build.
pub(super) fn to_text(memo: &Memo) -> String {
    let mut entries: Vec<(&str, &Record)> = memo
        .iter()
        .filter_map(|(path, r)| Some((path.to_str()?, r)))
        .filter(|(path, _)| !path.contains(['\n', '\r']))
        .collect();
    entries.sort_unstable_by_key(|(path, _)| *path);
    let mut text = format!("{HEADER}\n");
    for (path, r) in entries {
        let format = match r.info.format {
            SourceFormat::Jpeg => 'j',
            SourceFormat::Png => 'p',
            SourceFormat::WebP => 'w',
        };
        let _ = writeln!(
            text,
            "{:032x} {} {} {} {} {} {} {format} {} {} {path}",
            r.hash,
            r.stamp.len,
            r.stamp.modified_ns,
            r.stamp.changed_ns,
            r.stamp.inode,
            r.info.width,
            r.info.height,
            u8::from(r.info.has_alpha),
            u8::from(r.info.has_location),
        );
    }
    // A checksum of everything above closes the memo: a memo cut short
    // or changed in any byte is no memo.
    let sum = xxh3_64(text.as_bytes());
    let _ = writeln!(text, "end {sum:016x}");
    text
}

/// The memo written by [`to_text`]; `None` for anything else.
fn parse(text: &str) -> Option<Memo> {
    let body = text.strip_suffix('\n')?;
    let (body, sum) = body.rsplit_once('\n')?;
    let body = &text[..=body.len()];
    if sum != format!("end {:016x}", xxh3_64(body.as_bytes())) {
        return None;
    }
    let mut lines = body.split_terminator('\n');
    if lines.next()? != HEADER {
        return None;
    }
    let mut memo = Memo::new();
    for line in lines {
        let mut fields = line.splitn(11, ' ');
        let mut next = || fields.next();
        let hash = u128::from_str_radix(next()?, 16).ok()?;
        let stamp = Stamp {
            len: next()?.parse().ok()?,
            modified_ns: next()?.parse().ok()?,
            changed_ns: next()?.parse().ok()?,
            inode: next()?.parse().ok()?,
        };
        let width = next()?.parse().ok()?;
        let height = next()?.parse().ok()?;
        let format = match next()? {
            "j" => SourceFormat::Jpeg,
            "p" => SourceFormat::Png,
            "w" => SourceFormat::WebP,
            _ => return None,
        };
        let flag = |f: Option<&str>| match f? {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        };
        let has_alpha = flag(next())?;
        let has_location = flag(next())?;
        let path = next().filter(|p| !p.is_empty())?;
        let info = ImageInfo {
            width,
            height,
            format,
            has_alpha,
            has_location,
        };
        memo.insert(PathBuf::from(path), Record { stamp, hash, info });
    }
    Some(memo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(located: bool) -> Record {
        Record {
            stamp: Stamp {
                len: 2_000_000,
                modified_ns: 1_700_000_000_123_456_789,
                changed_ns: 1_700_000_001_000_000_000,
                inode: 42,
            },
            hash: 0x0123_4567_89ab_cdef_0011_2233_4455_6677,
            info: ImageInfo {
                width: 3000,
                height: 2000,
                format: SourceFormat::Jpeg,
                has_alpha: false,
                has_location: located,
            },
        }
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let mut memo = Memo::new();
        memo.insert("/site/content/a b/photo 1.jpg".into(), record(true));
        memo.insert("/site/content/c/chart.png".into(), record(false));
        memo.insert("/site/odd\nname.jpg".into(), record(false));
        let text = to_text(&memo);
        let back = parse(&text).unwrap();
        assert_eq!(back.len(), 2, "a path with a line break is left out");
        assert_eq!(
            back[Path::new("/site/content/a b/photo 1.jpg")],
            record(true)
        );
        assert_eq!(to_text(&back), text);
    }

    #[test]
    fn anything_else_is_no_memo() {
        let mut memo = Memo::new();
        memo.insert("/site/p.jpg".into(), record(false));
        let text = to_text(&memo);
        let cut = &text[..text.len() - 8];
        for bad in [
            "",
            "not a memo\n",
            cut,
            &text.replace(" j ", " x "),
            &text.replace("memo 1", "memo 0"),
            &text.replace(" 42 ", " -4 "),
            // Well formed, but not what was written.
            &text.replace(" 42 ", " 43 "),
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_a_file_changed_long_before_its_reading_is_settled() {
        let stamp = record(false).stamp;
        let at = |ns: i128| SystemTime::UNIX_EPOCH + Duration::from_nanos(ns as u64);
        assert!(!stamp.settled_at(at(stamp.changed_ns + 1_000_000)));
        assert!(stamp.settled_at(at(stamp.changed_ns + 3_000_000_000)));
    }
}
