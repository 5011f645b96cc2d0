//! `serve`'s search index: built on a thread of its own after the pages of
//! an edit are served, so that the page reloads first and the index
//! follows (SPEC §5.1). Records of edits made while an index is being
//! built wait; only the newest is indexed next. The new index files
//! replace the old ones at once, under the served pages' lock.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use super::Shared;
use crate::search::{FOLDER, Records};

/// Whether `path` (from the site root) is a file of a search index.
pub(super) fn is_index_file(path: &str) -> bool {
    path.starts_with(FOLDER) || path.contains(&format!("/{FOLDER}"))
}

/// The thread that builds the index: records go in, the served files are
/// swapped when it is done.
pub(super) struct Indexer {
    tx: mpsc::Sender<Vec<Records>>,
}

impl Indexer {
    pub(super) fn start(shared: Arc<Shared>) -> Indexer {
        let (tx, rx) = mpsc::channel::<Vec<Records>>();
        std::thread::spawn(move || {
            while let Ok(mut records) = rx.recv() {
                // Edits saved meanwhile: only the newest site counts.
                while let Ok(newer) = rx.try_recv() {
                    records = newer;
                }
                let start = Instant::now();
                let files = match crate::search::index_files(&records) {
                    Ok(files) => files,
                    Err(e) => {
                        eprintln!("warning: the search index was not rebuilt: {e}");
                        continue;
                    }
                };
                let count = files.len();
                {
                    let mut served = shared.served.write().unwrap_or_else(|e| e.into_inner());
                    served.pages.retain(|path, _| !is_index_file(path));
                    for file in files {
                        served.pages.insert(file.path, Arc::from(file.bytes));
                    }
                }
                crate::timings::note(
                    "search index",
                    &format!("{count} files in {} ms", start.elapsed().as_millis()),
                );
            }
        });
        Indexer { tx }
    }

    /// Queues the index of `records`; nothing for a site without search.
    pub(super) fn index(&self, records: Vec<Records>) {
        if !records.is_empty() {
            let _ = self.tx.send(records);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_files_are_known_in_every_language() {
        assert!(is_index_file("search/pagefind/pagefind.js"));
        assert!(is_index_file("es/search/pagefind/index/en_1.pf_index"));
        assert!(!is_index_file("search/index.html"));
        assert!(!is_index_file("2024/search/a.html"));
    }
}
