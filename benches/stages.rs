//! Criterion benches for each stage of a build, on a generated corpus:
//! load (walk and read), parse, annotate, resolve, render, write, plus a
//! whole build and the rebuild `serve` runs after a saved edit.
//!
//! The corpus is written by the `gen-corpus` example, once, under
//! `target/bench-corpus/<N>`; N is 1,000 unless `DOSSIER_BENCH_N` says
//! otherwise. Run with `cargo bench --bench stages`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

use dossier::build::{BodyOnly, Mode, Session};
use dossier::config::{self, Config};
use dossier::diag::{FileId, Files};
use dossier::highlight::Highlighter;
use dossier::model::{self, FileKind};
use dossier::output::Staging;
use dossier::render::{self, OutputFile, Selection};
use dossier::resolve::{self, Annotator, BodyCache, Documents};

/// The corpus folder, generated on first use.
fn corpus() -> PathBuf {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(n.to_string());
    if !dir.join("dossier.yaml").exists() {
        let status = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "gen-corpus",
                "--",
            ])
            .arg(n.to_string())
            .arg(&dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cannot run cargo");
        assert!(status.success(), "gen-corpus failed");
    }
    dir
}

/// Every content file of the site, read: (path under `content/`, text).
fn read_content(root: &Path) -> Vec<(String, String)> {
    let content = root.join("content");
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    paths.sort();
    paths
        .par_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(&content)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            (rel, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

/// The site as the pipeline holds it before resolving.
struct Parsed {
    config: Config,
    files: Files,
    ids: Vec<(String, FileId)>,
    docs: Documents,
}

fn parse_all(root: &Path) -> Parsed {
    let mut files = Files::default();
    let config_text = std::fs::read_to_string(root.join("dossier.yaml")).unwrap();
    let config_id = files.add(
        "dossier.yaml".into(),
        root.join("dossier.yaml"),
        config_text.clone(),
    );
    let config = config::parse(config_id, &config_text).expect("the corpus configuration is valid");
    let ids: Vec<(String, FileId)> = read_content(root)
        .into_iter()
        .map(|(rel, text)| {
            let path = root.join("content").join(&rel);
            let id = files.add(format!("content/{rel}"), path, text);
            (rel, id)
        })
        .collect();
    let docs = parse_docs(&files, &config, &ids);
    Parsed {
        config,
        files,
        ids,
        docs,
    }
}

fn parse_docs(files: &Files, config: &Config, ids: &[(String, FileId)]) -> Documents {
    let parsed: Vec<_> = ids
        .par_iter()
        .map(|(rel, id)| {
            model::parse_document(
                FileKind::of(rel),
                rel,
                *id,
                &files.get(*id).text,
                config,
                false,
            )
            .0
        })
        .collect();
    let mut docs = Documents::default();
    for doc in parsed.into_iter().flatten() {
        docs.push(doc);
    }
    docs
}

fn stages(c: &mut Criterion) {
    let root = corpus();
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);

    group.bench_function("load: walk and read", |b| {
        b.iter(|| black_box(read_content(&root)))
    });

    let parsed = parse_all(&root);
    let Parsed {
        config,
        files,
        ids,
        docs,
    } = &parsed;
    group.bench_function("parse", |b| {
        b.iter(|| black_box(parse_docs(files, config, ids)))
    });

    let highlighter = Highlighter::default();
    let (site, _) = resolve::resolve(files, config, docs, &highlighter, None);
    group.bench_function("annotate", |b| {
        let annotator = Annotator::new(files, config, &site.defs, &highlighter, None);
        b.iter(|| {
            let bodies: Vec<Arc<_>> = site
                .reports
                .par_iter()
                .map(|r| annotator.body(r.report))
                .collect();
            black_box(bodies)
        })
    });

    // With every body in the cache: the rest of resolving.
    let cache = BodyCache::default();
    let _ = resolve::resolve(files, config, docs, &highlighter, Some(&cache));
    group.bench_function("resolve (bodies annotated)", |b| {
        b.iter(|| {
            black_box(resolve::resolve(
                files,
                config,
                docs,
                &highlighter,
                Some(&cache),
            ))
        })
    });

    let mut theme_files = Files::default();
    let theme = dossier::theme::load(&root, &config.theme, &mut theme_files)
        .unwrap_or_else(|_| panic!("the default theme loads"));
    group.bench_function("render", |b| {
        b.iter(|| {
            let Ok(diags) = render::render_into(&site, files, &theme, &Selection::All, &|file| {
                black_box(file);
                Ok::<(), std::convert::Infallible>(())
            });
            assert!(diags.is_empty());
        })
    });

    let (pages, _) = render::render(&site, files, &theme, &Selection::All);
    let out = tempfile::tempdir().unwrap();
    group.bench_function("write", |b| {
        // A fresh output each time, removed outside the timing: every file
        // is written.
        let target = out.path().join("public");
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&target);
            },
            |()| write_all(&target, &pages),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("write, nothing changed", |b| {
        let target = out.path().join("again");
        write_all(&target, &pages);
        b.iter(|| write_all(&target, &pages))
    });
    group.finish();
}

fn write_all(target: &Path, pages: &[OutputFile]) {
    let staging = Staging::new(target).unwrap();
    pages
        .par_iter()
        .for_each(|p| staging.place(&p.path, &p.bytes).unwrap());
    staging.finish(&[]).unwrap();
}

fn whole(c: &mut Criterion) {
    let root = corpus();
    let mut group = c.benchmark_group("whole");
    group.sample_size(10);
    let out = tempfile::tempdir().unwrap();
    group.bench_function("build", |b| {
        // A fresh output each time, removed outside the timing.
        let target = out.path().join("public");
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&target);
            },
            |()| {
                let mut session = Session::new(&root, false, None);
                session.load().unwrap();
                let (diags, written) = session.build(Some(&target), false);
                assert!(written.unwrap().is_some(), "{} problems", diags.len());
            },
            BatchSize::PerIteration,
        )
    });

    // What `serve` does after a saved edit of one report's body.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&root, copy.path());
    let mut session = Session::new(copy.path(), false, None);
    session.load().unwrap();
    session.run(&Selection::All, Mode::Render);
    let rel = middle_report(copy.path());
    let path = copy.path().join("content").join(&rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut n = 0u64;
    group.bench_function("serve: edit one report's text", |b| {
        b.iter(|| {
            n += 1;
            let text = original.replacen("\n---\n", &format!("\n---\nedit{n} "), 1);
            std::fs::write(&path, text).unwrap();
            let ids = match session.update_content(std::slice::from_ref(&rel)).unwrap() {
                BodyOnly::Reports(ids) => ids,
                BodyOnly::No => panic!("the edit is below the front matter"),
            };
            let result = session.edit_bodies(&ids).expect("a kept site index");
            assert_eq!(result.pages.len(), 1);
            black_box(result)
        })
    });
    group.finish();
}

fn middle_report(root: &Path) -> String {
    let mut reports: Vec<String> = read_content(root)
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.contains("report-"))
        .collect();
    reports.sort();
    reports[reports.len() / 2].clone()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

criterion_group!(benches, stages, whole);
criterion_main!(benches);
