//! The cache of resized copies: a folder of files named by a hash of what
//! made them, shared by `build` and `serve` and kept outside the output so
//! that a rebuild finds them. Writes are atomic (a temporary file renamed
//! into place), so a killed build leaves no half file under a real name;
//! every entry a run reads or writes is remembered, so that the run can
//! delete the rest at its end ([`Cache::prune_unused`]) and the folder
//! holds no more than one build's copies.
//!
//! Besides the smaller copies, a build keeps here the originals as it
//! publishes them (without their location, when they carry one), and the
//! memo of each photo's hash and size ([`super::memo`]), so that a
//! rebuild neither reads an unchanged photo nor copies it: the output
//! links to the entries. Entries are never changed in place (a new entry
//! is a new file renamed into place), so a link in an output never sees
//! a later build's work.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use super::memo::{self, Memo, Record, Stamp};
use super::{ImageError, SourceFormat};

/// How a published original is made from the photo's bytes: a change to
/// what [`super::sanitized_original`] removes must change this text.
const ORIGINALS: &str = "dossier originals 1: location removed (EXIF GPS, XMP GPS, embedded EXIF)";

/// What a copy is made with besides the settings: changing the resizing
/// filter, the decoder or encoder crates' major versions, or anything else
/// in how copies are made must change this text, so that old entries are
/// no longer found (and get pruned).
const PIPELINE: &str =
    "dossier images 2: image 0.25, fast_image_resize 6 lanczos3, jpeg/png, mode 644";

/// The hash of an image's bytes: XXH3-128, fast enough to run over every
/// photo of a site on every build (tens of GB/s), and with 128 bits, no
/// collision in any site's worth of images. Not for security: the cache
/// is the site owner's own folder.
pub(super) fn content_hash(bytes: &[u8]) -> u128 {
    xxh3_128(bytes)
}

/// Everything that decides a copy's bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Key {
    pub source: u128,
    pub width: u32,
    pub height: u32,
    pub quality: u8,
    pub format: SourceFormat,
}

impl Key {
    /// The entry's file name: 32 hex digits and the copy's extension.
    pub(super) fn file_name(&self) -> String {
        let mut h = Xxh3::new();
        h.update(PIPELINE.as_bytes());
        h.update(&self.source.to_le_bytes());
        h.update(&self.width.to_le_bytes());
        h.update(&self.height.to_le_bytes());
        // PNG copies are lossless: the quality does not change them.
        let quality = match self.format {
            SourceFormat::Jpeg => self.quality,
            _ => 0,
        };
        h.update(&[quality]);
        h.update(self.format.extension().as_bytes());
        format!("{:032x}.{}", h.digest128(), self.format.extension())
    }
}

/// The entry name of the published original of an image whose bytes hash
/// to `source`, with the extension `extension` (its own, lower case).
pub(super) fn original_name(source: u128, extension: &str) -> String {
    let mut h = Xxh3::new();
    h.update(ORIGINALS.as_bytes());
    h.update(&source.to_le_bytes());
    h.update(extension.as_bytes());
    format!("{:032x}.{extension}", h.digest128())
}

/// The folder of resized copies, and what this run did with it. One value
/// per build, shared by reference between rayon's threads.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    encoded: AtomicUsize,
    reused: AtomicUsize,
    /// How many source images this value read (memo misses, and photos
    /// read to make a missing entry).
    read: AtomicUsize,
    /// The memo as the last complete build left it.
    memo: Memo,
    /// The records this run used or made: the next memo.
    next_memo: Mutex<Memo>,
    /// Whether work is queued for [`Cache::take_pending`] rather than
    /// done at once, and originals are published from the cache.
    defer: AtomicBool,
    pending: Mutex<Vec<super::Job>>,
    /// Source image → its published original in the cache.
    originals: Mutex<HashMap<PathBuf, PathBuf>>,
    /// Source images whose deferred work failed: done at once from then
    /// on, so that the failure is reported where the image is shown.
    failed: Mutex<HashSet<PathBuf>>,
}

/// A lock whose holder panicked is still usable: every value behind one
/// here is a set or a list that no insert leaves half-made.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cache {
    /// Where a site keeps its cache, relative to the site's folder:
    /// `.dossier-cache/images/`. A dot-folder, so the content walk, the
    /// theme walk and `serve`'s watcher skip it; a site's `.gitignore`
    /// should list `.dossier-cache/`.
    pub const SITE_DIR: &'static str = ".dossier-cache/images";

    /// The cache of the site at `root`, created if missing.
    pub fn for_site(root: &Path) -> Result<Cache, ImageError> {
        Cache::open(root.join(Cache::SITE_DIR))
    }

    /// The cache in `dir`, created if missing.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Cache, ImageError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| ImageError::Cache {
            path: dir.clone(),
            source,
        })?;
        Ok(Cache {
            memo: memo::load(&dir),
            dir,
            used: Mutex::new(HashSet::new()),
            encoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            read: AtomicUsize::new(0),
            next_memo: Mutex::new(Memo::new()),
            defer: AtomicBool::new(false),
            pending: Mutex::new(Vec::new()),
            originals: Mutex::new(HashMap::new()),
            failed: Mutex::new(HashSet::new()),
        })
    }

    /// From now on the copies an image lacks are queued, to be made by
    /// [`super::make_pending`] while the build renders pages, and the
    /// originals of images are published from the cache too (`build`;
    /// `serve` makes copies at once and publishes originals from memory).
    pub fn defer_work(&self) {
        self.defer.store(true, Ordering::Relaxed);
    }

    /// Whether the work for the image at `path` waits for
    /// [`super::make_pending`]: deferring, and no earlier attempt failed.
    pub(super) fn defers(&self, path: &Path) -> bool {
        self.defer.load(Ordering::Relaxed) && !lock(&self.failed).contains(path)
    }

    pub(super) fn queue(&self, job: super::Job) {
        lock(&self.pending).push(job);
    }

    /// The queued work, taken out of the cache.
    pub(super) fn take_pending(&self) -> Vec<super::Job> {
        std::mem::take(&mut *lock(&self.pending))
    }

    /// Notes that the deferred work for the image at `path` failed: the
    /// next attempt is made at once, where the error can be reported.
    pub(super) fn note_failed(&self, path: &Path) {
        lock(&self.failed).insert(path.to_path_buf());
        // Its original was not stored: published from the file instead.
        lock(&self.originals).remove(path);
    }

    /// The published original of the source image at `path` (an entry of
    /// this cache), when this run planned one: publish it instead of the
    /// file.
    pub fn published_original(&self, path: &Path) -> Option<PathBuf> {
        lock(&self.originals).get(path).cloned()
    }

    pub(super) fn set_original(&self, source: &Path, entry: PathBuf) {
        lock(&self.originals).insert(source.to_path_buf(), entry);
    }

    /// Whether `path` is an entry of this cache (a smaller copy or a
    /// published original): never changed in place, so it may be linked.
    pub fn holds(&self, path: &Path) -> bool {
        path.parent() == Some(self.dir.as_path())
    }

    /// How many source images this value read whole: the memo spares a
    /// rebuild from reading the unchanged ones.
    pub fn read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    pub(super) fn count_read(&self) {
        self.read.fetch_add(1, Ordering::Relaxed);
    }

    /// The memo's record of the file at `path`, when its stamp is still
    /// `stamp`; kept for the next memo.
    pub(super) fn recall(&self, path: &Path, stamp: Stamp) -> Option<Record> {
        let record = *self.memo.get(path).filter(|r| r.stamp == stamp)?;
        self.remember(path, record);
        Some(record)
    }

    /// Keeps `record` of the file at `path` for the next memo.
    pub(super) fn remember(&self, path: &Path, record: Record) {
        lock(&self.next_memo).insert(path.to_path_buf(), record);
    }

    /// Writes the memo of the images this value read or recalled, for the
    /// next build. Like [`Cache::prune_unused`], only at the end of a
    /// build that looked at every image of the site.
    pub fn save_memo(&self) -> Result<(), ImageError> {
        let text = memo::to_text(&lock(&self.next_memo));
        self.write_atomic(&self.dir.join(memo::FILE_NAME), text.as_bytes())
    }

    /// The path of the entry `name`, when it is there; marked used either
    /// way. `copy` says whether it is a smaller copy (counted as reused).
    pub(super) fn find(&self, name: &str, copy: bool) -> (PathBuf, bool) {
        let path = self.dir.join(name);
        self.mark_used(name.to_string());
        let there = path.is_file();
        if there && copy {
            self.reused.fetch_add(1, Ordering::Relaxed);
        }
        (path, there)
    }

    /// Stores `bytes` as the entry `name`; `copy` says whether it is a
    /// smaller copy (counted as encoded).
    pub(super) fn store(&self, name: &str, bytes: &[u8], copy: bool) -> Result<(), ImageError> {
        self.mark_used(name.to_string());
        self.write_atomic(&self.dir.join(name), bytes)?;
        if copy {
            self.encoded.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Whether the deferred work of some image failed this run: the build
    /// is not written, and is made again with that work done at once.
    pub fn any_failed(&self) -> bool {
        !lock(&self.failed).is_empty()
    }

    /// The cache's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many copies this value has encoded (cache misses).
    pub fn encoded(&self) -> usize {
        self.encoded.load(Ordering::Relaxed)
    }

    /// How many copies this value found in the folder (cache hits).
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    fn mark_used(&self, name: String) {
        lock(&self.used).insert(name);
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> Result<(), ImageError> {
        let fail = |source| ImageError::Cache {
            path: path.to_path_buf(),
            source,
        };
        // In the same folder, so the rename never crosses file systems.
        // tempfile names start with `.tmp`: never an entry's name.
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir).map_err(fail)?;
        tmp.write_all(bytes).map_err(fail)?;
        // Temporary files are private (0600); a copy is published by hard
        // link or a copy that keeps the mode, and a web server running as
        // another user must be able to read it: world-readable, like every
        // other file dossier writes.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(fail)?;
        }
        tmp.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }

    /// Deletes every file in the folder that this value neither read nor
    /// wrote: copies of images no longer in the site, of old settings, and
    /// temporary files a killed build left; the memo stays. Returns how
    /// many were deleted.
    /// Call it only at the end of a build that asked for the copies of
    /// every image of the site (not after `check`, a failed build or a
    /// partial rebuild), or it deletes entries the next build needs.
    pub fn prune_unused(&self) -> Result<usize, ImageError> {
        let used = lock(&self.used);
        let fail = |path: &Path, source| ImageError::Cache {
            path: path.to_path_buf(),
            source,
        };
        let entries = std::fs::read_dir(&self.dir).map_err(|e| fail(&self.dir, e))?;
        let mut removed = 0;
        for entry in entries {
            let entry = entry.map_err(|e| fail(&self.dir, e))?;
            let keep = entry
                .file_name()
                .to_str()
                .is_some_and(|name| used.contains(name) || name == memo::FILE_NAME);
            if keep || !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                // Another process pruning the same folder got there first.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(fail(&path, e)),
            }
        }
        Ok(removed)
    }
}
