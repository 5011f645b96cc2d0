//! End-to-end tests: the `dossier` binary run on fixture sites, its output
//! read back through an HTML parser.

mod annotations;
mod bibliography;
mod build;
mod bundles;
mod catalogue;
mod citations;
mod cite;
mod cite_styles;
mod claim_fields;
mod claim_pages;
mod cli;
mod contrast;
mod corrections;
mod dates;
mod details;
mod errors;
mod graph;
mod init_language;
mod languages;
mod links;
mod lists;
mod mentions;
mod multilingual;
mod output;
mod paths;
mod robust;
mod root;
mod search;
mod serve;
mod spans;
mod timeline;
mod translations;
mod urls;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// Runs the binary with a clean environment and no colour.
pub fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of `tests/sites/<name>` in a temporary folder.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/sites")
        .join(name);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(src: &Path, dest: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let target = dest.join(entry.path().strip_prefix(src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.path_is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub const CONFIG: &str = "title: Test site\nbase_url: https://example.com/sub/\n";

/// A site made of the given files (a `dossier.yaml` is added unless given).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if !files.iter().any(|(p, _)| *p == "dossier.yaml") {
        std::fs::write(dir.path().join("dossier.yaml"), CONFIG).unwrap();
    }
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Builds the site at `root` and panics with its messages if it fails.
pub fn build_ok(root: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = dossier(&args, root);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    root.join("public")
}

pub fn page(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}
