//! The static search index (SPEC §5.1): the records of one language's site
//! (reports, claims, entities, sources, each with its facets) turned into
//! Pagefind's index files, in memory, by Pagefind's indexer used as a
//! library. The files go into the output beside the pages, under
//! [`FOLDER`] in the language's folder; `search/index.html` and the
//! theme's `search.js` read them with Pagefind's own search client
//! (`pagefind.js` and its WebAssembly, written with the index, so the two
//! always match).
//!
//! Nothing here knows the model: the render stage makes the records
//! (`render/search.rs`), and [`index_files`] owns everything it is given,
//! so that `serve` can build the index on a thread of its own after the
//! pages are served.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::diag::{Code, Diagnostic, FileId};
use crate::frontmatter::{Seg, Yaml};
use crate::render::OutputFile;

/// Where a language's index files are, from the language's folder.
pub const FOLDER: &str = "search/pagefind/";

/// One search result as it is indexed: a report, a claim, an entity or a
/// source.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The page, from the language's folder (`2024/a/`); the search page
    /// makes it relative to itself, so results work under any sub-path.
    pub url: String,
    /// The text searched (title, summary, body as plain text).
    pub content: String,
    /// What a result shows: `title`, `kind` (`report`, `claim`, `entity`,
    /// `source`), `type` (the kind in the site's language), `status` and
    /// `status_label` for claims, `date`, `excerpt` when the record has a
    /// summary of its own.
    pub meta: BTreeMap<String, String>,
    /// Facet → the values this record has (a claim's `status`, a report's
    /// `tag`s...). Values are what readers see, in the site's language.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// The records of one language's site.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// The language tag as the site writes it (`en`, `pt-BR`): Pagefind
    /// stems words by its first subtag.
    pub language: String,
    /// The language's folder from the site root (`""`, `es/`).
    pub prefix: String,
    pub records: Vec<Record>,
}

/// The facets, in the order the search page shows them: the keys of
/// [`Record::filters`], each labelled by `search.facet.<key>` in the
/// theme's strings. Language is not among them: each language's site has
/// an index of its own records, and its search page links to the others
/// (the language switcher), so a language facet would have one value.
/// Nor is the kind of result (its badge says it): every facet's values
/// are a file the reader's browser loads to count them.
pub const FACETS: &[&str] = &[
    "status",
    "entity",
    "entity_type",
    "source_type",
    "tag",
    "section",
    "year",
];

/// The languages Pagefind 1.6 stems (a `wasm.<tag>.pagefind` of its own):
/// its `vendor/wasm` folder. Words of any other language are indexed and
/// found as written only (`report` does not find `reports`), and a
/// language written without spaces (Chinese, Japanese, Thai) is not split
/// into words at all; see W016.
const STEMMED: &[&str] = &[
    "ar", "ca", "da", "de", "el", "en", "eo", "es", "et", "eu", "fi", "fr", "ga", "hi", "hu", "hy",
    "id", "it", "lt", "nb", "ne", "nl", "nn", "no", "pl", "pt", "ro", "ru", "sr", "sv", "ta", "tr",
    "yi",
];

/// Whether the search stems words of the language `tag` (`pt-BR`: by its
/// first subtag, case aside).
pub fn stems(tag: &str) -> bool {
    let base = tag.split(['-', '_']).next().unwrap_or(tag).to_lowercase();
    STEMMED.contains(&base.as_str())
}

/// W016: one warning for each of the site's languages whose words the
/// search does not stem (see [`stems`]), at the language's tag in
/// dossier.yaml (`file`: its id and text), with `search` on. The site is
/// built and searchable either way.
pub fn language_warnings(config: &Config, file: Option<(FileId, &str)>) -> Vec<Diagnostic> {
    if !config.search {
        return Vec::new();
    }
    let listed = file.is_some_and(|(_, text)| text.lines().any(|l| l.starts_with("languages:")));
    config
        .languages
        .iter()
        .enumerate()
        // A tag that is no language is W014's to say.
        .filter(|(_, tag)| !stems(tag) && crate::i18n::Locale::new(tag).is_ok())
        .map(|(i, tag)| {
            let at = file.map(|(id, text)| {
                let yaml = Yaml {
                    file: id,
                    start: 0,
                    end: text.len(),
                };
                let path: &[Seg<'_>] = if listed {
                    &[Seg::Key("languages"), Seg::Index(i)]
                } else {
                    &[Seg::Key("language")]
                };
                crate::frontmatter::locate(yaml, text, path, false)
            });
            Diagnostic::new(
                Code::W016,
                format!("the search cannot stem or split words of `{tag}`"),
            )
            .at_opt(at)
            .label("searched by words exactly as written")
            .help(
                "the search still works, but `report` does not find `reports`, and a language \
                 written without spaces (Chinese, Japanese, Thai) is found by whole runs of text \
                 only; `search: false` in dossier.yaml leaves the search out",
            )
        })
        .collect()
}

/// The files Pagefind's search client needs, by their name in Pagefind's
/// bundle: its script, its entry file, the WebAssembly of the languages,
/// and the index, filter and fragment chunks. Its ready-made interfaces,
/// their styles, its web worker and its playground are left out (the
/// theme has its own page, and the script runs without the worker).
fn wanted(name: &str) -> bool {
    name == "pagefind.js"
        || name == "pagefind-entry.json"
        || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || name.ends_with(".pf_meta")
        || ["index/", "filter/", "fragment/"]
            .iter()
            .any(|d| name.starts_with(d))
}

/// Builds the index of each language's records: the files, at their
/// output paths (`es/search/pagefind/pagefind.js`). `Err` carries
/// Pagefind's message (an internal failure: the records are always
/// accepted). Runs Pagefind's async API on a current-thread runtime of its
/// own, on the calling thread.
pub fn index_files(sets: &[Records]) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for set in sets {
        let files = runtime.block_on(index_one(set))?;
        for file in files {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            if wanted(&name) {
                out.push(OutputFile {
                    path: format!("{}{FOLDER}{name}", set.prefix),
                    bytes: file.contents,
                });
            }
        }
    }
    Ok(out)
}

async fn index_one(set: &Records) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .keep_index_url(true)
        .force_language(language_key(&set.language))
        .build();
    let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(message)?;
    for record in &set.records {
        index
            .add_custom_record(
                record.url.clone(),
                record.content.clone(),
                set.language.clone(),
                Some(record.meta.clone()),
                Some(record.filters.clone()),
                None,
            )
            .await
            .map_err(message)?;
    }
    index.get_files().await.map_err(message)
}

/// Pagefind's error with its causes.
fn message(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

/// The language as Pagefind names its index: lower case, as the search
/// client reads `<html lang>`.
fn language_key(tag: &str) -> String {
    tag.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, text: &str, status: &str) -> Record {
        let mut r = Record {
            url: url.into(),
            content: text.into(),
            ..Record::default()
        };
        r.meta.insert("title".into(), text.into());
        r.filters.insert("status".into(), vec![status.into()]);
        r
    }

    #[test]
    fn each_language_gets_its_index_in_its_folder() {
        let sets = [
            Records {
                language: "en".into(),
                prefix: String::new(),
                records: vec![record("a/", "harbour dredging", "Verified")],
            },
            Records {
                language: "es".into(),
                prefix: "es/".into(),
                records: vec![record("a/", "dragado del puerto", "Verificada")],
            },
        ];
        let files = index_files(&sets).unwrap();
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for want in [
            "search/pagefind/pagefind.js",
            "search/pagefind/pagefind-entry.json",
            "search/pagefind/wasm.en.pagefind",
            "es/search/pagefind/pagefind.js",
            "es/search/pagefind/wasm.es.pagefind",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("es/search/pagefind/filter/"))
        );
        assert!(!names.iter().any(|n| n.contains("pagefind-ui")));
        assert!(
            !names
                .iter()
                .any(|n| n.contains("wasm.es") && !n.starts_with("es/"))
        );
    }

    #[test]
    fn stemmed_languages_are_pagefind_s() {
        assert!(stems("en") && stems("pt-BR") && stems("FR"));
        assert!(!stems("ja") && !stems("zh-Hant") && !stems("ko"));
        // Every language said to be stemmed has its own WebAssembly.
        for tag in STEMMED {
            let set = Records {
                language: (*tag).into(),
                prefix: String::new(),
                records: vec![record("a/", "word", "x")],
            };
            let files = index_files(&[set]).unwrap();
            let wasm = format!("search/pagefind/wasm.{tag}.pagefind");
            assert!(files.iter().any(|f| f.path == wasm), "{wasm}");
        }
    }
}
