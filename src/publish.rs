//! The files a build publishes from disk rather than renders: the files
//! of report bundles beside their pages, the smaller copies of their
//! images (from the image cache), and the documents of sources (`file:`)
//! on the sources' pages. `build` links or copies them into its staging
//! folder; `serve` reads them into memory.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::render::OutputFile;
use crate::resolve::Site;

/// Every file published from disk, with its output path: the files of
/// report bundles, beside their pages, with the smaller copies of their
/// images (from the image cache), and the documents of sources (`file:`),
/// on the sources' pages. An image that carries a location is published
/// without it ([`crate::bundle_images::sanitized`]).
/// Each language publishes its own: a translated bundle's files are beside
/// the translation's page too, under the language's folder.
pub fn published_files<'s>(site: &'s Site<'_>) -> impl Iterator<Item = (String, &'s Path)> {
    let prefix = site.config.prefix.as_str();
    let bundles = site.reports.iter().flat_map(move |r| {
        let url = format!("{prefix}{}", r.report.url);
        r.report
            .files
            .iter()
            .flat_map(|f| {
                std::iter::once((format!("{url}{}", f.name), f.path.as_path()))
                    .chain(crate::bundle_images::variant_paths(&url, f))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    });
    let documents = site.defs.sources.iter().filter_map(move |(id, d)| {
        let doc = d.def.document.as_ref()?;
        Some((
            format!(
                "{prefix}{}",
                crate::render::document_path(id.as_str(), &doc.name)
            ),
            doc.path.as_path(),
        ))
    });
    bundles.chain(documents)
}

/// Copies the files of every report's bundle beside its page, and the
/// documents of sources.
pub(crate) fn copy_published(
    site: &Site<'_>,
    staging: &crate::output::Staging,
    statics: &HashSet<&str>,
    images: Option<&crate::images::Cache>,
) -> Result<(), crate::output::OutputError> {
    // A static file of the same path wins, as over a page, and a page
    // wins over a bundle file (`Staging::copy` leaves it).
    let files: Vec<(String, &Path)> = published_files(site)
        .filter(|(path, _)| !statics.contains(path.as_str()))
        .collect();
    // The images that carry a location (found when their reports were
    // parsed) are read to drop it; every other file is copied or linked.
    let located: HashSet<&Path> = site
        .reports
        .iter()
        .flat_map(|r| &r.report.files)
        .filter(|f| f.located)
        .map(|f| f.path.as_path())
        .collect();
    files.into_par_iter().try_for_each(|(rel, path)| {
        // Smaller copies, and the originals of images as the cache keeps
        // them for publishing (without their location): linked, not read.
        if let Some(cache) = images {
            if cache.holds(path) {
                return staging.link(&rel, path);
            }
            if let Some(entry) = cache.published_original(path) {
                return staging.link(&rel, &entry);
            }
        }
        if located.contains(path) {
            let bytes = std::fs::read(path)
                .map_err(|e| crate::output::OutputError::Io(path.to_path_buf(), e))?;
            // A photo that carries a location is never published with it.
            return match crate::images::sanitized_original(&bytes) {
                Ok(Some(clean)) => staging.place(&rel, &clean),
                Ok(None) => staging.copy(&rel, path),
                Err(e) => Err(crate::output::OutputError::Refused(format!(
                    "{}: not published, since its location data cannot be removed: {e}",
                    path.display()
                ))),
            };
        }
        staging.copy(&rel, path)
    })
}

/// The published files that no rendered page (`rendered`, by output
/// path) takes the place of, read into memory, as `serve` holds its
/// output. A file that cannot be read now (deleted since the walk) is
/// left out; the next change to it loads the site again.
pub(crate) fn read_published(site: &Site<'_>, rendered: &HashSet<String>) -> Vec<OutputFile> {
    let published: Vec<(String, &Path)> = published_files(site)
        .filter(|(path, _)| !rendered.contains(path))
        .collect();
    published
        .into_par_iter()
        .filter_map(|(path, from)| {
            let bytes = std::fs::read(from).ok()?;
            let bytes = crate::bundle_images::sanitized(from, &bytes).unwrap_or(bytes);
            Some(OutputFile { path, bytes })
        })
        .collect()
}
