//! The cache of resized copies: a folder of files named by a hash of what
//! made them, shared by `build` and `serve` and kept outside the output so
//! that a rebuild finds them. Writes are atomic (a temporary file renamed
//! into place), so a killed build leaves no half file under a real name;
//! every entry a run reads or writes is remembered, so that the run can
//! delete the rest at its end ([`Cache::prune_unused`]) and the folder
//! holds no more than one build's copies.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use super::{ImageError, SourceFormat};

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
    fn file_name(&self) -> String {
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

/// The folder of resized copies, and what this run did with it. One value
/// per build, shared by reference between rayon's threads.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
    encoded: AtomicUsize,
    reused: AtomicUsize,
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
            dir,
            used: Mutex::new(HashSet::new()),
            encoded: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
        })
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

    /// The path of the entry for `key`, made with `make` when it is not
    /// there yet. Two threads asking for the same missing entry may both
    /// make it; each renames a whole file into place, so either wins.
    pub(super) fn get_or_make(
        &self,
        key: &Key,
        make: impl FnOnce() -> Result<Vec<u8>, ImageError>,
    ) -> Result<PathBuf, ImageError> {
        let name = key.file_name();
        let path = self.dir.join(&name);
        self.mark_used(name);
        if path.is_file() {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return Ok(path);
        }
        let bytes = make()?;
        self.write_atomic(&path, &bytes)?;
        self.encoded.fetch_add(1, Ordering::Relaxed);
        Ok(path)
    }

    fn mark_used(&self, name: String) {
        // A poisoned lock only means another thread panicked mid-insert;
        // the set is still a set.
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name);
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
    /// temporary files a killed build left. Returns how many were deleted.
    /// Call it only at the end of a build that asked for the copies of
    /// every image of the site (not after `check`, a failed build or a
    /// partial rebuild), or it deletes entries the next build needs.
    pub fn prune_unused(&self) -> Result<usize, ImageError> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
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
                .is_some_and(|name| used.contains(name));
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
